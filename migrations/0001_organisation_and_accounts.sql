-- Regional centres, hromadas, people, sessions, the audit log, login throttling and idempotency keys.

CREATE TABLE centres (
    code       text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
    name       text NOT NULL,
    region     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO centres (code, name, region) VALUES
    ('KYV', 'Київський міський регіональний центр підвищення кваліфікації', 'м. Київ'),
    ('VIN', 'Вінницький регіональний центр підвищення кваліфікації', 'Вінницька область'),
    ('VOL', 'Волинський регіональний центр підвищення кваліфікації', 'Волинська область'),
    ('DNP', 'Дніпропетровський регіональний центр підвищення кваліфікації', 'Дніпропетровська область'),
    ('DON', 'Донецький регіональний центр підвищення кваліфікації', 'Донецька область'),
    ('ZHY', 'Житомирський регіональний центр підвищення кваліфікації', 'Житомирська область'),
    ('ZAK', 'Закарпатський регіональний центр підвищення кваліфікації', 'Закарпатська область'),
    ('ZAP', 'Запорізький регіональний центр підвищення кваліфікації', 'Запорізька область'),
    ('IVF', 'Івано-Франківський регіональний центр підвищення кваліфікації', 'Івано-Франківська область'),
    ('KYO', 'Київський обласний регіональний центр підвищення кваліфікації', 'Київська область'),
    ('KIR', 'Кіровоградський регіональний центр підвищення кваліфікації', 'Кіровоградська область'),
    ('LUH', 'Луганський регіональний центр підвищення кваліфікації', 'Луганська область'),
    ('LVV', 'Львівський регіональний центр підвищення кваліфікації', 'Львівська область'),
    ('MYK', 'Миколаївський регіональний центр підвищення кваліфікації', 'Миколаївська область'),
    ('ODS', 'Одеський регіональний центр підвищення кваліфікації', 'Одеська область'),
    ('POL', 'Полтавський регіональний центр підвищення кваліфікації', 'Полтавська область'),
    ('RIV', 'Рівненський регіональний центр підвищення кваліфікації', 'Рівненська область'),
    ('SUM', 'Сумський регіональний центр підвищення кваліфікації', 'Сумська область'),
    ('TER', 'Тернопільський регіональний центр підвищення кваліфікації', 'Тернопільська область'),
    ('KHA', 'Харківський регіональний центр підвищення кваліфікації', 'Харківська область'),
    ('KHE', 'Херсонський регіональний центр підвищення кваліфікації', 'Херсонська область'),
    ('KHM', 'Хмельницький регіональний центр підвищення кваліфікації', 'Хмельницька область'),
    ('CHK', 'Черкаський регіональний центр підвищення кваліфікації', 'Черкаська область'),
    ('CHV', 'Чернівецький регіональний центр підвищення кваліфікації', 'Чернівецька область'),
    ('CHN', 'Чернігівський регіональний центр підвищення кваліфікації', 'Чернігівська область');

CREATE TABLE hromadas (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    centre     text NOT NULL REFERENCES centres (code),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (centre, name)
);

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    full_name     text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    category      text NOT NULL CHECK (category IN ('official', 'deputy')),
    position      text NOT NULL CHECK (length(position) BETWEEN 1 AND 200),
    hromada_id    uuid NOT NULL REFERENCES hromadas (id),
    centre        text NOT NULL REFERENCES centres (code),
    roles         text[] NOT NULL CHECK (
                      cardinality(roles) > 0
                      AND roles <@ ARRAY['learner', 'trainer', 'centre_admin', 'admin']
                  ),
    password_hash text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
-- Email is unique regardless of case; the application also stores it lower-cased.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_centre_listing ON users (centre, created_at, id);

CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id    uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    address    text,
    user_agent text
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Append-only: rows are inserted, never changed or removed.
CREATE TABLE audit_log (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    actor_id     uuid REFERENCES users (id),
    action       text NOT NULL,
    subject_type text,
    subject_id   text,
    centre       text,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb,
    request_id   text
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- Failed logins, counted per email and per client address to slow down guessing.
CREATE TABLE login_failures (
    id      bigserial PRIMARY KEY,
    email   text NOT NULL,
    address text NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, at);
CREATE INDEX login_failures_address ON login_failures (address, at);

-- First results of retried writes, by the caller's Idempotency-Key.
CREATE TABLE idempotency_keys (
    user_id      uuid NOT NULL REFERENCES users (id),
    key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    method       text NOT NULL,
    path         text NOT NULL,
    request_hash text NOT NULL,
    status       integer NOT NULL,
    content_type text NOT NULL,
    body         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key)
);
