-- Published course versions: immutable once stored.

CREATE TABLE courses (
    slug       text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{2,63}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE course_versions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug         text NOT NULL REFERENCES courses (slug),
    version      text NOT NULL,
    -- Semantic version split for ordering; a pre-release sorts before its release.
    major        integer NOT NULL,
    minor        integer NOT NULL,
    patch        integer NOT NULL,
    prerelease   text,
    content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    title        text NOT NULL,
    summary      text NOT NULL,
    language     text NOT NULL CHECK (language IN ('uk', 'en')),
    audience     text[] NOT NULL,
    hours        numeric NOT NULL CHECK (hours > 0),
    credits      numeric NOT NULL CHECK (credits >= 0),
    programme    text NOT NULL,
    certificate  boolean NOT NULL,
    -- The validated course: modules, completion rules and every quiz with its answer keys.
    course       jsonb NOT NULL,
    published_by uuid REFERENCES users (id),
    published_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (slug, version)
);
CREATE INDEX course_versions_newest ON course_versions (slug, major DESC, minor DESC, patch DESC);

CREATE TABLE course_files (
    version_id   uuid NOT NULL REFERENCES course_versions (id),
    path         text NOT NULL,
    content_type text NOT NULL,
    content      bytea NOT NULL,
    PRIMARY KEY (version_id, path)
);

CREATE TABLE course_lessons (
    version_id uuid NOT NULL REFERENCES course_versions (id),
    id         text NOT NULL,
    module_id  text NOT NULL,
    position   integer NOT NULL,
    title      text NOT NULL,
    minutes    integer NOT NULL,
    path       text NOT NULL,
    markdown   text NOT NULL,
    html       text NOT NULL,
    PRIMARY KEY (version_id, id)
);

CREATE TABLE course_quizzes (
    version_id uuid NOT NULL REFERENCES course_versions (id),
    id         text NOT NULL,
    module_id  text NOT NULL,
    position   integer NOT NULL,
    title      text NOT NULL,
    definition jsonb NOT NULL,
    PRIMARY KEY (version_id, id)
);

CREATE FUNCTION published_content_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is immutable once published', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER course_versions_immutable BEFORE UPDATE OR DELETE ON course_versions
    FOR EACH ROW EXECUTE FUNCTION published_content_is_immutable();
CREATE TRIGGER course_files_immutable BEFORE UPDATE OR DELETE ON course_files
    FOR EACH ROW EXECUTE FUNCTION published_content_is_immutable();
CREATE TRIGGER course_lessons_immutable BEFORE UPDATE OR DELETE ON course_lessons
    FOR EACH ROW EXECUTE FUNCTION published_content_is_immutable();
CREATE TRIGGER course_quizzes_immutable BEFORE UPDATE OR DELETE ON course_quizzes
    FOR EACH ROW EXECUTE FUNCTION published_content_is_immutable();
