-- Pre-releases of one MAJOR.MINOR.PATCH in SemVer 2.0 precedence (found in review: ordered by the
-- text of `prerelease`, 1.0.0-rc.9 was offered over 1.0.0-rc.10). Each dot-separated identifier
-- becomes one element of an array compared byte by byte: a numeric one as '0', its digit count in
-- ten digits and its digits (compared as numbers, and below every other kind), any other as '1' and
-- the identifier (ASCII order). Arrays compare element by element and the longer wins when all
-- before are equal, as SemVer asks: alpha < alpha.1 < alpha.beta < beta < beta.2 < beta.11 < rc.1.
-- A release has none (NULL); it is ordered before its pre-releases by `prerelease IS NOT NULL`.
CREATE FUNCTION semver_prerelease_order(prerelease text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_agg(CASE WHEN part ~ '^[0-9]+$'
                          THEN '0' || lpad(length(ltrim(part, '0'))::text, 10, '0') || ltrim(part, '0')
                          ELSE '1' || part END ORDER BY n)
    FROM unnest(string_to_array(prerelease, '.')) WITH ORDINALITY AS p(part, n)
$$;

-- Generated, so versions published before this migration get theirs here and every new one its own.
ALTER TABLE course_versions
    ADD COLUMN prerelease_order text[] COLLATE "C" GENERATED ALWAYS AS (semver_prerelease_order(prerelease)) STORED;
