-- Lesson HTML is filtered by an allow-list (LessonSanitiser in the server's code). Each lesson
-- records the number of the filter's rules its `html` went through; 0 is "before the filter", so
-- every lesson published before this migration is 0. The server filters those again once, in
-- Swift, at `hromada-server migrate` and at start (CourseStore.refilterLessons, under an advisory
-- lock), and until then filters a 0 row whenever it reads it.
ALTER TABLE course_lessons ADD COLUMN sanitiser_version integer NOT NULL DEFAULT 0;

-- Published content stays immutable, with one exception: the HTML made from the same Markdown by
-- a newer filter. An UPDATE may change only `html`, `html_json` and `sanitiser_version`, and only
-- to a higher number; the Markdown, the source of truth, never changes.
CREATE FUNCTION course_lessons_only_refiltered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.sanitiser_version > OLD.sanitiser_version
       AND (NEW.version_id, NEW.id, NEW.module_id, NEW.position, NEW.title, NEW.minutes, NEW.path, NEW.markdown, NEW.markdown_json)
           IS NOT DISTINCT FROM
           (OLD.version_id, OLD.id, OLD.module_id, OLD.position, OLD.title, OLD.minutes, OLD.path, OLD.markdown, OLD.markdown_json)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is immutable once published', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER course_lessons_immutable ON course_lessons;
CREATE TRIGGER course_lessons_immutable BEFORE UPDATE OR DELETE ON course_lessons
    FOR EACH ROW EXECUTE FUNCTION course_lessons_only_refiltered();
