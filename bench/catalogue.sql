-- The catalogue as GET /api/v1/courses reads it (no sign-in needed): one statement.
SELECT * FROM (
    SELECT DISTINCT ON (slug) slug, title, summary, language, audience, hours::float8 AS hours,
           credits::float8 AS credits, version
    FROM course_versions ORDER BY slug, prerelease IS NOT NULL, major DESC, minor DESC, patch DESC, prerelease DESC
) newest WHERE true ORDER BY slug LIMIT 51;
