-- The national data set of `make bench` (scripts/bench.sh, the development phase; issue 22): 150,000
-- officials and 40,000 deputies over every hromada of the codifier, five years of CPD ledger (about
-- 2.7 million course completions) and recognised external records (300,000), an approved individual
-- programme this year for three officials in five. Run by psql with `-v year=YYYY` (this year in Kyiv)
-- on a database migrated, with the codifier imported. Written in SQL (generate_series) because a
-- client inserting three million rows one by one would measure the client, not the record.
\set ON_ERROR_STOP on
\timing off
SET synchronous_commit = off;

-- Forty short courses to complete: a person completes a course once (enrolments are unique per
-- person and course), and sixteen completions over five years need that many courses.
INSERT INTO courses (slug) SELECT 'bench-course-' || lpad(n::text, 2, '0') FROM generate_series(1, 40) n;
INSERT INTO course_versions (slug, version, major, minor, patch, content_hash, title, summary, language, audience, hours, credits,
                             programme, certificate, course)
SELECT 'bench-course-' || lpad(n::text, 2, '0'), '1.0.0', 1, 0, 0, encode(sha256(convert_to('bench' || n, 'UTF8')), 'hex'),
       'Курс для вимірювань ' || n, 'Короткий курс', 'uk', ARRAY['official', 'deputy'], 6 + n % 5 * 3, round((6 + n % 5 * 3) / 30.0, 1),
       'short-term', true, '{}'::jsonb
FROM generate_series(1, 40) n;

-- Every hromada of the codifier, in the centre of its oblast (the hromadas table is the people's
-- hromada by centre and name; territories hold the codes). No centre serves the Autonomous Republic
-- of Crimea (303 hromadas of the codifier): its hromadas go to the Kyiv city centre here.
CREATE TEMP TABLE bench_h AS
SELECT row_number() OVER (ORDER BY t.code) AS i, t.code, t.name, coalesce(c.code, 'KYV') AS centre, NULL::uuid AS hid
FROM territories t LEFT JOIN centres c ON c.territory = t.oblast WHERE t.category = 'H';
INSERT INTO hromadas (centre, name) SELECT centre, name FROM bench_h ON CONFLICT (centre, name) DO NOTHING;
UPDATE bench_h b SET hid = h.id FROM hromadas h WHERE h.centre = b.centre AND h.name = b.name;
SELECT count(*) AS hromadas FROM bench_h \gset

-- 190,000 people spread evenly over the hromadas; one in twenty officials appointed this year.
INSERT INTO users (email, full_name, category, position, hromada_id, centre, roles, hromada_code, appointed_on, status)
SELECT 'person' || n || '@bench.example', 'Особа Номер ' || n, CASE WHEN n <= 150000 THEN 'official' ELSE 'deputy' END,
       CASE WHEN n <= 150000 THEN 'спеціаліст' ELSE 'депутат ради' END, h.hid, h.centre, ARRAY['learner'], h.code,
       CASE WHEN n <= 150000 AND n % 20 = 0 THEN make_date(:year, 1 + n % 11, 1) END, 'active'
FROM generate_series(1, 190000) n JOIN bench_h h ON h.i = 1 + n % :hromadas;
CREATE TEMP TABLE bench_people AS
SELECT id, row_number() OVER (ORDER BY id) AS n, category FROM users WHERE email LIKE '%@bench.example';

-- Five years of completions: sixteen per official, eight per deputy, the course, year and day
-- varying with the person.
CREATE TEMP TABLE bench_items AS
SELECT gen_random_uuid() AS eid, p.id AS uid, v.id AS vid, v.slug, v.version, v.title, v.hours, v.credits,
       :year - k % 5 AS year, make_timestamptz(:year - k % 5, (1 + (p.n + k) % 11)::int, (1 + (p.n * k) % 28)::int, 10, 0, 0, 'Europe/Kyiv') AS at
FROM bench_people p CROSS JOIN generate_series(1, 16) k
JOIN course_versions v ON v.slug = 'bench-course-' || lpad((1 + (p.n + k * 7) % 40)::text, 2, '0')
WHERE k <= CASE WHEN p.category = 'official' THEN 16 ELSE 8 END;
INSERT INTO enrolments (id, user_id, slug, version_id, status, enrolled_at, completed_at)
SELECT eid, uid, slug, vid, 'completed', at - interval '10 days', at FROM bench_items;
INSERT INTO cpd_credits (enrolment_id, user_id, slug, version, title, year, hours, credits, earned_at, source)
SELECT eid, uid, slug, version, title, year, hours, credits, at, 'course' FROM bench_items;

-- Two recognised records per official over the five years, one of them self-education.
INSERT INTO external_records (user_id, provider, title, kind, started_on, finished_on, year, hours, status, credits, decided_at)
SELECT p.id, 'Prometheus', 'Вебінар ' || k, CASE WHEN k = 1 THEN 'self_education' ELSE 'training' END, d, d,
       extract(year FROM d)::int, 3, 'recognised', 0.1, now()
FROM bench_people p CROSS JOIN generate_series(1, 2) k
CROSS JOIN LATERAL (SELECT make_date((:year - (p.n + k) % 5)::int, (1 + p.n % 11)::int, 1 + k) AS d) x
WHERE p.category = 'official';

-- This year's individual programme, approved, for three officials in five.
INSERT INTO plans (user_id, year) SELECT id, :year FROM bench_people WHERE category = 'official' AND n % 5 < 3;
INSERT INTO plan_revisions (plan_id, revision, status, items, submitted_at, decided_at)
SELECT id, 1, 'approved', '[{"kind": "course", "title": "Курс", "planned_credits": 1.0}]'::jsonb, now(), now() FROM plans WHERE year = :year;

-- Sessions: the association's admin (n = 0), who reads the reports, and one official in fifteen
-- (10,000), whose own year is read at 256 connections. `bench_tokens` is read back by scripts/bench.sh.
INSERT INTO users (email, full_name, category, position, hromada_id, centre, roles, status)
SELECT 'admin@association.bench', 'Адміністратор Асоціації', 'official', 'адміністратор', hid, 'KYV', ARRAY['admin'], 'active'
FROM bench_h WHERE i = 1;
CREATE TABLE bench_tokens AS
SELECT 0::bigint AS n, 'bench-admin-' || md5(random()::text) AS token, id AS user_id FROM users WHERE email = 'admin@association.bench'
UNION ALL
SELECT n, 'bench-year-' || n || '-' || md5(random()::text), id FROM bench_people WHERE category = 'official' AND n % 15 = 0;
INSERT INTO sessions (token_hash, user_id, expires_at)
SELECT sha256(convert_to(token, 'UTF8')), user_id, now() + interval '1 day' FROM bench_tokens;

ANALYZE;
SELECT (SELECT count(*) FROM bench_people) AS people, (SELECT count(*) FROM bench_people WHERE category = 'official') AS officials,
       :hromadas AS hromadas, (SELECT count(*) FROM cpd_credits) AS ledger, (SELECT count(*) FROM external_records) AS records,
       (SELECT count(*) FROM plans) AS plans;
