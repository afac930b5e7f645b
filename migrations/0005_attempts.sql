-- Quiz attempts, essay grades and who teaches a course.

CREATE TABLE attempts (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    enrolment_id   uuid NOT NULL REFERENCES enrolments (id),
    quiz_id        text NOT NULL,
    -- 1, 2, 3… per enrolment and quiz, in the order attempts start.
    number         integer NOT NULL CHECK (number >= 1),
    -- The release the questions come from, and the release whose answer keys grade them (differs
    -- after a regrade under a corrected key).
    version_id     uuid NOT NULL REFERENCES course_versions (id),
    key_version_id uuid NOT NULL REFERENCES course_versions (id),
    state          text NOT NULL DEFAULT 'in_progress'
                   CHECK (state IN ('in_progress', 'needs_grading', 'finished', 'abandoned')),
    seed           bigint NOT NULL,
    -- The drawn questions and the order of their options, fixed at start (see AttemptPaper).
    paper          jsonb NOT NULL,
    -- Saved answers by question id, in the shapes of the API.
    answers        jsonb NOT NULL DEFAULT '{}',
    started_at     timestamptz NOT NULL DEFAULT now(),
    deadline       timestamptz,
    -- When it was handed in (for an attempt closed at its deadline: the deadline); null if abandoned.
    submitted_at   timestamptz,
    closed_by      text CHECK (closed_by IN ('learner', 'deadline')),
    score          numeric,
    max_score      numeric,
    percent        numeric CHECK (percent BETWEEN 0 AND 100),
    passed         boolean,
    UNIQUE (enrolment_id, quiz_id, number),
    CHECK ((state = 'in_progress') = (closed_by IS NULL)),
    CHECK ((state = 'finished') = (percent IS NOT NULL))
);
-- At most one attempt in progress per enrolment and quiz.
CREATE UNIQUE INDEX attempts_one_open ON attempts (enrolment_id, quiz_id) WHERE state = 'in_progress';
-- The sweep's scan: open attempts by deadline.
CREATE INDEX attempts_open_deadline ON attempts (deadline) WHERE state = 'in_progress' AND deadline IS NOT NULL;
-- The grading queue and regrades.
CREATE INDEX attempts_needs_grading ON attempts (version_id) WHERE state = 'needs_grading';
CREATE INDEX attempts_version_quiz ON attempts (version_id, quiz_id);

-- Points a trainer gave an essay; every change is also in the audit log.
CREATE TABLE essay_grades (
    attempt_id  uuid NOT NULL REFERENCES attempts (id),
    question_id text NOT NULL,
    points      numeric NOT NULL CHECK (points >= 0),
    comment     text NOT NULL DEFAULT '',
    graded_by   uuid NOT NULL REFERENCES users (id),
    graded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (attempt_id, question_id)
);

-- The trainers of a course: whoever published one of its versions, plus any an admin adds.
CREATE TABLE course_trainers (
    slug    text NOT NULL REFERENCES courses (slug),
    user_id uuid NOT NULL REFERENCES users (id),
    PRIMARY KEY (slug, user_id)
);
INSERT INTO course_trainers (slug, user_id)
SELECT DISTINCT slug, published_by FROM course_versions WHERE published_by IS NOT NULL;
CREATE INDEX course_trainers_user ON course_trainers (user_id);
