-- Seminars, workshops, study visits, internships, conferences and webinars run by the regional centres
-- (spec/events.md): the events and their sessions, registrations with a waiting list, attendance, the
-- throttle of wrong check-in codes, the private calendar feeds, and the CPD ledger and certificates
-- opened to events.

CREATE TABLE events (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    centre                 text NOT NULL REFERENCES centres (code),
    kind                   text NOT NULL CHECK (kind IN ('seminar', 'workshop', 'webinar', 'study_visit', 'internship', 'conference')),
    title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    description            text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    language               text NOT NULL CHECK (language IN ('uk', 'en')),
    audience               text[] NOT NULL CHECK (cardinality(audience) > 0 AND audience <@ ARRAY['official', 'deputy']),
    programme              text CHECK (programme IN ('short-term', 'professional')),
    hours                  numeric NOT NULL CHECK (hours > 0),
    credits                numeric NOT NULL CHECK (credits >= 0),
    venue_address          text CHECK (length(venue_address) BETWEEN 1 AND 500),
    -- The venue's hromada by its КАТОТТГ code; a foreign key to the hromadas of 0016 comes at merge.
    venue_hromada          text CHECK (venue_hromada ~ '^UA[0-9]{17}$'),
    online_url             text CHECK (online_url ~ '^https://' AND length(online_url) <= 2000),
    capacity               integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
    registration_opens_at  timestamptz NOT NULL,
    registration_closes_at timestamptz NOT NULL,
    min_attendance_percent integer NOT NULL DEFAULT 100 CHECK (min_attendance_percent BETWEEN 1 AND 100),
    certificate            boolean NOT NULL DEFAULT false,
    status                 text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled', 'closed')),
    created_by             uuid REFERENCES users (id),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    published_at           timestamptz,
    cancelled_at           timestamptz,
    closed_at              timestamptz,
    -- Bumped by every change a calendar shows (publish, cancel, edits): the SEQUENCE of its VEVENTs.
    revision               integer NOT NULL DEFAULT 0,
    CHECK ((venue_address IS NULL) = (venue_hromada IS NULL)),
    CHECK (venue_address IS NOT NULL OR online_url IS NOT NULL),
    CHECK (registration_opens_at < registration_closes_at)
);
CREATE INDEX events_listing ON events (status, centre);

-- Sessions numbered from 1. `secret` derives the session's rotating check-in codes (as TOTP does);
-- it never leaves the database but as a code.
CREATE TABLE event_sessions (
    event_id  uuid NOT NULL REFERENCES events (id),
    n         integer NOT NULL CHECK (n BETWEEN 1 AND 100),
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL,
    secret    bytea NOT NULL CHECK (length(secret) = 32),
    PRIMARY KEY (event_id, n),
    CHECK (ends_at > starts_at)
);

-- One row per person and event. Seats are handed out with the event's row locked (SELECT … FOR
-- UPDATE), so `registered` never exceeds the capacity and `waitlist_seq` is the order of the waiting
-- list (a position is the rank among the waitlisted). A cancelled row is kept, and reused when the
-- person registers again.
-- The order people join waiting lists in (any event's): a position is the rank among the waitlisted.
CREATE SEQUENCE event_waitlist_seq;

CREATE TABLE event_registrations (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id      uuid NOT NULL REFERENCES events (id),
    user_id       uuid NOT NULL REFERENCES users (id),
    status        text NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
    waitlist_seq  bigint,
    registered_by uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    promoted_at   timestamptz,
    cancelled_at  timestamptz,
    UNIQUE (event_id, user_id),
    CHECK ((status = 'waitlisted') = (waitlist_seq IS NOT NULL))
);
CREATE INDEX event_registrations_waiting ON event_registrations (event_id, waitlist_seq) WHERE status = 'waitlisted';
CREATE INDEX event_registrations_user ON event_registrations (user_id);

CREATE TABLE event_attendance (
    event_id  uuid NOT NULL,
    n         integer NOT NULL,
    user_id   uuid NOT NULL REFERENCES users (id),
    method    text NOT NULL CHECK (method IN ('code', 'list')),
    marked_by uuid REFERENCES users (id),
    at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, n, user_id),
    FOREIGN KEY (event_id, n) REFERENCES event_sessions (event_id, n)
);

-- Wrong check-in codes per person in the last minute, shared by every server instance (the servers
-- keep no state). Short-lived counters: unlogged, as the login counters.
CREATE UNLOGGED TABLE check_in_failures (
    user_id uuid NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX check_in_failures_user ON check_in_failures (user_id, at);

-- A person's private calendar feed: only the SHA-256 of the token is kept; a new one replaces the old.
CREATE TABLE calendar_feeds (
    user_id    uuid PRIMARY KEY REFERENCES users (id),
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The CPD ledger takes events too: a row is a completed enrolment (source `course`) or an attended,
-- closed event (source `event`), never both, each credited once.
ALTER TABLE cpd_credits DROP CONSTRAINT cpd_credits_pkey;
ALTER TABLE cpd_credits ALTER COLUMN enrolment_id DROP NOT NULL;
ALTER TABLE cpd_credits
    ADD COLUMN source text NOT NULL DEFAULT 'course' CHECK (source IN ('course', 'event')),
    ADD COLUMN event_registration_id uuid REFERENCES event_registrations (id);
ALTER TABLE cpd_credits ADD CONSTRAINT cpd_credits_enrolment_key UNIQUE (enrolment_id);
ALTER TABLE cpd_credits ADD CONSTRAINT cpd_credits_event_registration_key UNIQUE (event_registration_id);
ALTER TABLE cpd_credits ADD CONSTRAINT cpd_credits_one_source CHECK (
    (source = 'course' AND enrolment_id IS NOT NULL AND event_registration_id IS NULL)
    OR (source = 'event' AND event_registration_id IS NOT NULL AND enrolment_id IS NULL));

-- Participation certificates go through the same table, serials and signing as course certificates.
ALTER TABLE certificates ALTER COLUMN enrolment_id DROP NOT NULL;
ALTER TABLE certificates ADD COLUMN event_registration_id uuid REFERENCES event_registrations (id);
ALTER TABLE certificates ADD CONSTRAINT certificates_one_subject CHECK (num_nonnulls(enrolment_id, event_registration_id) = 1);
CREATE UNIQUE INDEX certificates_one_live_per_registration ON certificates (event_registration_id)
    WHERE status <> 'revoked' AND event_registration_id IS NOT NULL;
