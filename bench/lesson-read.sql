-- A lesson as GET /api/v1/enrolments/{id}/lessons/{lesson_id} reads it: the session, the
-- enrolment's owner (to authorise), the cohort's dates, the lesson, sent together in one pipeline
-- as the server sends them. The learner's token, enrolment and lesson come from bench_reads
-- (written by `hromada-bench reads`); those lookups are extra work the server does not do, so this
-- ceiling is slightly low.
\set n random(1, :learners)
\startpipeline
SELECT u.id, u.email, u.full_name, u.category, u.position, h.name AS hromada, u.centre, u.roles, u.created_at
FROM users u JOIN hromadas h ON h.id = u.hromada_id JOIN sessions s ON s.user_id = u.id
WHERE s.token_hash = (SELECT sha256(convert_to(token, 'UTF8')) FROM bench_reads WHERE n = :n) AND s.revoked_at IS NULL AND s.expires_at > now();
SELECT e.user_id, u.centre FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.id = (SELECT enrolment FROM bench_reads WHERE n = :n);
SELECT c.starts_on::text AS starts_on FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id
WHERE e.id = (SELECT enrolment FROM bench_reads WHERE n = :n) AND c.starts_on > (now() AT TIME ZONE 'Europe/Kyiv')::date;
SELECT l.id, l.title, l.minutes, l.markdown_json, l.html_json, p.completed_at,
       CASE WHEN l.sanitiser_version < 1 THEN l.html END AS unfiltered_html
FROM enrolments e JOIN course_lessons l ON l.version_id = e.version_id AND l.id = (SELECT lesson FROM bench_reads WHERE n = :n)
LEFT JOIN lesson_progress p ON p.enrolment_id = e.id AND p.lesson_id = l.id
WHERE e.id = (SELECT enrolment FROM bench_reads WHERE n = :n);
\endpipeline
