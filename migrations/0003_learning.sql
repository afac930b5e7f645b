-- Enrolments, lesson progress, quiz results (filled by the assessment engine) and the CPD ledger.

CREATE TABLE enrolments (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id),
    slug         text NOT NULL REFERENCES courses (slug),
    version_id   uuid NOT NULL REFERENCES course_versions (id),
    status       text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'in_progress', 'completed')),
    enrolled_at  timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    withdrawn_at timestamptz,
    UNIQUE (user_id, slug),
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX enrolments_version ON enrolments (version_id);

CREATE TABLE lesson_progress (
    enrolment_id uuid NOT NULL REFERENCES enrolments (id),
    lesson_id    text NOT NULL,
    completed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enrolment_id, lesson_id)
);

-- One row per enrolment and quiz: the quiz grade over attempts and whether it is passed.
CREATE TABLE quiz_results (
    enrolment_id  uuid NOT NULL REFERENCES enrolments (id),
    quiz_id       text NOT NULL,
    grade         numeric CHECK (grade BETWEEN 0 AND 100),
    passed        boolean NOT NULL DEFAULT false,
    attempts_used integer NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (enrolment_id, quiz_id)
);

-- Hours and ECTS credits earned, one row per completed enrolment, in the year of completion.
CREATE TABLE cpd_credits (
    enrolment_id uuid PRIMARY KEY REFERENCES enrolments (id),
    user_id      uuid NOT NULL REFERENCES users (id),
    slug         text NOT NULL,
    version      text NOT NULL,
    title        text NOT NULL,
    year         integer NOT NULL,
    hours        numeric NOT NULL,
    credits      numeric NOT NULL,
    earned_at    timestamptz NOT NULL
);
CREATE INDEX cpd_credits_user_year ON cpd_credits (user_id, year);
