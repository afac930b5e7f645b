-- Login throttling (issue 21): one counter per account and one per client address, updated by a single
-- INSERT … ON CONFLICT before the password is hashed, so a burst of parallel guesses is cut at the limit
-- (the list of failures it replaces was read before hashing and written after).
--
-- UNLOGGED: these are short-lived counters on the login path; writing them to the WAL would slow every
-- login, and after a crash starting them afresh is fine (the window is 15 minutes).
CREATE UNLOGGED TABLE login_counters (
    scope       text NOT NULL CHECK (scope IN ('account', 'address')),
    key         text NOT NULL,
    -- Failures and tries in progress in the current window.
    tries       integer NOT NULL CHECK (tries >= 0),
    window_ends timestamptz NOT NULL,
    -- Whether the last try was refused because this counter was at its limit (read by RETURNING).
    refused     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scope, key)
);

DROP TABLE login_failures;
