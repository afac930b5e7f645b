-- An answer saved as PUT /api/v1/attempts/{id}/answers saves it: the session and the attempt read in
-- one pipeline (the paper is cached by the server, so not fetched), then the merge of the answer in
-- one UPDATE (autocommit), as the server sends them. The learner's token, attempt, question and
-- answer come from bench_reads (the first :savers rows hold an attempt in progress); those lookups
-- are extra work the server does not do, so this ceiling is slightly low.
\set n random(1, :savers)
\startpipeline
SELECT u.id, u.email, u.full_name, u.category, u.position, h.name AS hromada, u.centre, u.roles, u.created_at
FROM users u JOIN hromadas h ON h.id = u.hromada_id JOIN sessions s ON s.user_id = u.id
WHERE s.token_hash = (SELECT sha256(convert_to(token, 'UTF8')) FROM bench_reads WHERE n = :n) AND s.revoked_at IS NULL AND s.expires_at > now();
SELECT a.id, a.enrolment_id, e.user_id, u.centre, e.slug, a.quiz_id, a.number, a.version_id, a.key_version_id,
       a.state, CASE WHEN false THEN a.paper::text END AS paper,
       CASE WHEN false THEN a.answers::text END AS answers, a.started_at, a.deadline,
       extract(epoch FROM a.deadline - now())::float8 AS seconds_left, a.submitted_at, a.closed_by,
       a.score::float8 AS score, a.max_score::float8 AS max_score, a.percent::float8 AS percent, a.passed,
       (a.state = 'in_progress' AND a.deadline <= now()) AS overdue
FROM attempts a JOIN enrolments e ON e.id = a.enrolment_id JOIN users u ON u.id = e.user_id
WHERE a.id = (SELECT attempt FROM bench_reads WHERE n = :n);
\endpipeline
UPDATE attempts SET answers = (answers || (SELECT jsonb_build_object(question, answer::jsonb) FROM bench_reads WHERE n = :n)) - '{}'::text[]
WHERE id = (SELECT attempt FROM bench_reads WHERE n = :n) AND state = 'in_progress' AND (deadline IS NULL OR now() < deadline)
RETURNING answers::text AS answers, extract(epoch FROM deadline - now())::float8 AS seconds_left;
