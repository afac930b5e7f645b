-- A lesson's texts also as JSON string literals ("…" with escapes), written once when the version is
-- published: reading a lesson is the most frequent request, and its answer carries both texts
-- whole, which the server then copies instead of escaping them every time. The CHECKs hold each
-- literal to its text. Versions published before this migration get theirs here.
ALTER TABLE course_lessons ADD COLUMN markdown_json text, ADD COLUMN html_json text;

ALTER TABLE course_lessons DISABLE TRIGGER course_lessons_immutable;
UPDATE course_lessons SET markdown_json = to_json(markdown)::text, html_json = to_json(html)::text;
ALTER TABLE course_lessons ENABLE TRIGGER course_lessons_immutable;

ALTER TABLE course_lessons
    ALTER COLUMN markdown_json SET NOT NULL,
    ALTER COLUMN html_json SET NOT NULL,
    ADD CONSTRAINT course_lessons_markdown_json CHECK ((markdown_json::json #>> '{}') = markdown),
    ADD CONSTRAINT course_lessons_html_json CHECK ((html_json::json #>> '{}') = html);
