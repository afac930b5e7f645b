-- Programmes of several courses and events ending in one certificate (issue 24, spec/credentials.md
-- "Programmes"). A programme is published like a course: its own slug namespace owned by its first
-- publisher (and the trainers the admin names), immutable versioned releases, and enrolments of
-- learners whose course parts are ordinary course enrolments.

CREATE TABLE programmes (
    slug       text PRIMARY KEY CHECK (slug ~ '^[a-z0-9][a-z0-9-]{2,63}$'),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Who may publish new versions of a programme: its first publisher, as course_trainers for courses.
CREATE TABLE programme_trainers (
    slug    text NOT NULL REFERENCES programmes (slug),
    user_id uuid NOT NULL REFERENCES users (id),
    PRIMARY KEY (slug, user_id)
);

-- A published release. `parts` is the validated list of parts (course slug and min_version, or event
-- kind and hours) in the manifest's order; `completion_at_least` NULL means every part. `hours` and
-- `credits` are the sums over the parts as published when this version was (the courses' newest
-- releases; an event part's hours at 30 hours a credit), which `programme` was checked against.
CREATE TABLE programme_versions (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug                text NOT NULL REFERENCES programmes (slug),
    version             text NOT NULL,
    major               integer NOT NULL,
    minor               integer NOT NULL,
    patch               integer NOT NULL,
    prerelease          text,
    prerelease_order    text[] COLLATE "C" GENERATED ALWAYS AS (semver_prerelease_order(prerelease)) STORED,
    content_hash        text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    title               text NOT NULL,
    summary             text NOT NULL,
    language            text NOT NULL CHECK (language IN ('uk', 'en')),
    audience            text[] NOT NULL CHECK (cardinality(audience) > 0 AND audience <@ ARRAY['official', 'deputy']),
    programme           text NOT NULL CHECK (programme IN ('short-term', 'professional')),
    hours               numeric NOT NULL CHECK (hours > 0),
    credits             numeric NOT NULL CHECK (credits >= 0),
    certificate         boolean NOT NULL,
    completion_at_least integer CHECK (completion_at_least >= 1),
    parts               jsonb NOT NULL CHECK (jsonb_typeof(parts) = 'array' AND jsonb_array_length(parts) > 0),
    manifest            bytea NOT NULL,
    published_by        uuid REFERENCES users (id),
    published_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (slug, version),
    CHECK (completion_at_least IS NULL OR completion_at_least <= jsonb_array_length(parts))
);
CREATE TRIGGER programme_versions_immutable BEFORE UPDATE OR DELETE ON programme_versions
    FOR EACH ROW EXECUTE FUNCTION published_content_is_immutable();

-- One per person and programme, on the version they enrolled in. `completed_at` is set once, in the
-- transaction that finds the completion rule met, under this row's lock (SELECT … FOR UPDATE): two
-- course completions racing wait for each other here, and the second sees the first's commit.
-- `outcome` keeps the parts that made the rule hold (their titles, hours, credits and certificates'
-- serials) as the programme certificate states them, written in that same transaction.
CREATE TABLE programme_enrolments (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id),
    slug         text NOT NULL REFERENCES programmes (slug),
    version_id   uuid NOT NULL REFERENCES programme_versions (id),
    enrolled_at  timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    outcome      jsonb,
    UNIQUE (user_id, slug),
    CHECK ((completed_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX programme_enrolments_open ON programme_enrolments (user_id) WHERE completed_at IS NULL;

-- Programme certificates go through the same table, serials, signing, badges and revocation as the
-- course and event ones; the unique index keeps one live certificate per programme enrolment even if
-- the row lock above were ever bypassed. No cpd_credits source is added: a programme's hours are
-- its parts' hours, each already in the ledger once.
ALTER TABLE certificates ADD COLUMN programme_enrolment_id uuid REFERENCES programme_enrolments (id);
ALTER TABLE certificates DROP CONSTRAINT certificates_one_subject;
ALTER TABLE certificates ADD CONSTRAINT certificates_one_subject
    CHECK (num_nonnulls(enrolment_id, event_registration_id, programme_enrolment_id) = 1);
CREATE UNIQUE INDEX certificates_one_live_per_programme_enrolment ON certificates (programme_enrolment_id)
    WHERE status <> 'revoked' AND programme_enrolment_id IS NOT NULL;
