-- Cohorts: a centre's group of people taking one course between two dates.

CREATE TABLE cohorts (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    centre     text NOT NULL REFERENCES centres (code),
    slug       text NOT NULL REFERENCES courses (slug),
    title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    starts_on  date NOT NULL,
    ends_on    date NOT NULL,
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);
CREATE INDEX cohorts_centre ON cohorts (centre);

ALTER TABLE enrolments ADD COLUMN cohort_id uuid REFERENCES cohorts (id);
CREATE INDEX enrolments_cohort ON enrolments (cohort_id);

-- The enrolment's grade: the mean of its graded quiz results, kept with the enrolment so reports
-- read one row per enrolment.
ALTER TABLE enrolments ADD COLUMN grade numeric CHECK (grade BETWEEN 0 AND 100);

-- For reports by centre, hromada and period.
CREATE INDEX enrolments_slug_enrolled ON enrolments (slug, enrolled_at);
CREATE INDEX users_hromada ON users (hromada_id);
