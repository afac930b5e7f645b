-- Accounts from the first invitation to a forgotten password (spec/accounts.md): where each account
-- stands, one-time tokens for activation and password resets, and the outbox of mail.

-- `invited` until the person chooses a password; `deactivated` when their centre or the admin closes
-- the account (the record stays). People created before this migration without a password are invited.
ALTER TABLE users
    ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'deactivated')),
    ADD COLUMN language text NOT NULL DEFAULT 'uk' CHECK (language IN ('uk', 'en')),
    ADD COLUMN deactivated_at timestamptz;
UPDATE users SET status = 'invited' WHERE password_hash IS NULL;

-- One-time links. Only the SHA-256 of a token is kept; a token is good once, until `expires_at`, and
-- not after a newer one of the same purpose replaced it (`revoked_at`).
CREATE TABLE account_tokens (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    uuid NOT NULL REFERENCES users (id),
    purpose    text NOT NULL CHECK (purpose IN ('activation', 'password_reset')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz
);
CREATE INDEX account_tokens_live ON account_tokens (user_id, purpose) WHERE used_at IS NULL AND revoked_at IS NULL;

-- Mail to send, written in the transaction of the change that causes it and sent by a worker in every
-- server instance (spec/accounts.md, "Mail"). A row is claimed by moving it from `pending` to `sending`
-- (FOR UPDATE SKIP LOCKED), so one sender has it; `sent`, `failed` (given up, with the reason) and
-- `cancelled` (its link replaced before it went) are final. The bodies hold one-time links: they are
-- erased when the row reaches a final state, and never listed.
CREATE TABLE outbox (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         uuid REFERENCES users (id),
    -- The recipient's centre when the message was queued: whose centre admins see it.
    centre          text REFERENCES centres (code),
    recipient       text NOT NULL CHECK (length(recipient) <= 254),
    recipient_name  text,
    kind            text NOT NULL CHECK (kind IN ('invitation', 'password_reset')),
    language        text NOT NULL CHECK (language IN ('uk', 'en')),
    subject         text NOT NULL,
    body_text       text,
    body_html       text,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- Who holds a `sending` row and since when: a lease that another instance takes over when it
    -- runs out (the holder died before it could say how the attempt went). `claimed_by` stays on a
    -- sent row: the instance that sent it.
    claimed_by      text,
    claimed_at      timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    finished_at     timestamptz,
    CHECK ((status IN ('sent', 'failed', 'cancelled')) = (finished_at IS NOT NULL)),
    CHECK ((status = 'sending') = (claimed_at IS NOT NULL))
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_claimed ON outbox (claimed_at) WHERE status = 'sending';
CREATE INDEX outbox_listing ON outbox (created_at, id);
CREATE INDEX outbox_centre_listing ON outbox (centre, created_at, id);
CREATE INDEX outbox_user ON outbox (user_id) WHERE status IN ('pending', 'sending');

-- Password-reset requests are counted per address asked for and per client, in the login counters.
ALTER TABLE login_counters DROP CONSTRAINT login_counters_scope_check;
ALTER TABLE login_counters ADD CONSTRAINT login_counters_scope_check
    CHECK (scope IN ('account', 'address', 'reset_account', 'reset_address'));

-- Drafts before release (POST /api/v1/course-packs?draft=true): a version stored but not in the
-- catalogue. Only the course's trainers and the admin see it, and may enrol in it to try it. A stored
-- version never changes (course_versions_immutable), so a draft is a row here and releasing it
-- deletes the row.
CREATE TABLE course_drafts (
    version_id uuid PRIMARY KEY REFERENCES course_versions (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
