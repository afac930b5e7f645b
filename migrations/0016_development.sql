-- The professional-development record (spec/development.md): hromadas by their КАТОТТГ codes, the `hr`
-- role, the association's policy settings, yearly individual programmes in revisions, external learning
-- with its evidence, trusted roots of other deployments, and accommodations.

-- The codifier, as `hromada-server hromadas import FILE` loads it: oblasts (O), cities with special
-- status (K), raions (P) and territorial hromadas (H). A later edition renames and adds; nothing is
-- deleted (people and HR units keep pointing at their codes). `search_key` is the name lower-cased with
-- every apostrophe (ʼ ' ’ `) as one letter, for prefix search and exact-name matching.
CREATE TABLE territories (
    code       text PRIMARY KEY CHECK (code ~ '^UA[0-9]{17}$'),
    category   text NOT NULL CHECK (category IN ('O', 'K', 'P', 'H')),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent     text REFERENCES territories (code),
    search_key text NOT NULL,
    -- The oblast (or special-status city) and raion each unit lies in, kept by the import so that
    -- reports group without walking the tree.
    oblast     text REFERENCES territories (code),
    raion      text REFERENCES territories (code),
    edition    text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((category IN ('O', 'K')) = (parent IS NULL))
);
CREATE INDEX territories_search ON territories (search_key text_pattern_ops) WHERE category IN ('H', 'K');
CREATE INDEX territories_oblast ON territories (oblast);

-- The region each centre serves: an oblast's code, or the special-status city's. Codes are stable
-- across editions; no foreign key, since the codifier is loaded after migrating.
ALTER TABLE centres ADD COLUMN territory text;
UPDATE centres SET territory = v.code FROM (VALUES
    ('KYV', 'UA80000000000093317'), ('VIN', 'UA05000000000010236'), ('VOL', 'UA07000000000024379'),
    ('DNP', 'UA12000000000090473'), ('DON', 'UA14000000000091971'), ('ZHY', 'UA18000000000041385'),
    ('ZAK', 'UA21000000000011690'), ('ZAP', 'UA23000000000064947'), ('IVF', 'UA26000000000069363'),
    ('KYO', 'UA32000000000030281'), ('KIR', 'UA35000000000016081'), ('LUH', 'UA44000000000018893'),
    ('LVV', 'UA46000000000026241'), ('MYK', 'UA48000000000039575'), ('ODS', 'UA51000000000030770'),
    ('POL', 'UA53000000000028050'), ('RIV', 'UA56000000000066151'), ('SUM', 'UA59000000000057109'),
    ('TER', 'UA61000000000060328'), ('KHA', 'UA63000000000041885'), ('KHE', 'UA65000000000030969'),
    ('KHM', 'UA68000000000099709'), ('CHK', 'UA71000000000010357'), ('CHV', 'UA73000000000044923'),
    ('CHN', 'UA74000000000025378')
) AS v (centre, code) WHERE centres.code = v.centre;

-- A person's hromada by code (a hromada, H, or a special-status city, K). People created before the
-- codifier keep their text (hromada_id) with no code until `hromadas import` matches them where the name
-- is unique; `hromadas unmatched` lists the rest. An HR unit is scoped to its own hromada's code.
-- `appointed_on` starts the first-year window; `extra_time_percent` lengthens timed attempts.
ALTER TABLE users
    ADD COLUMN hromada_code text REFERENCES territories (code),
    ADD COLUMN appointed_on date,
    ADD COLUMN extra_time_percent integer NOT NULL DEFAULT 0 CHECK (extra_time_percent BETWEEN 0 AND 200);
ALTER TABLE users DROP CONSTRAINT users_roles_check;
ALTER TABLE users ADD CONSTRAINT users_roles_check CHECK (
    cardinality(roles) > 0 AND roles <@ ARRAY['learner', 'trainer', 'centre_admin', 'admin', 'hr']
);
ALTER TABLE users ADD CONSTRAINT users_hr_has_hromada CHECK (NOT ('hr' = ANY (roles)) OR hromada_code IS NOT NULL);
CREATE INDEX users_hromada_code ON users (hromada_code, id);
CREATE INDEX users_unmatched ON users (centre) WHERE hromada_code IS NULL;

-- The association's rules (spec/development.md, "The rules it follows"): one row, every figure a
-- setting changed with `hromada-server policy set` (audited), the defaults below.
CREATE TABLE development_policy (
    id                     boolean PRIMARY KEY DEFAULT true CHECK (id),
    target_credits         numeric NOT NULL DEFAULT 1.0 CHECK (target_credits >= 0 AND target_credits <= 100),
    self_education_percent numeric NOT NULL DEFAULT 10 CHECK (self_education_percent BETWEEN 0 AND 100),
    first_year_months      integer NOT NULL DEFAULT 12 CHECK (first_year_months BETWEEN 1 AND 120),
    hours_per_credit       numeric NOT NULL DEFAULT 30 CHECK (hours_per_credit > 0 AND hours_per_credit <= 1000),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
INSERT INTO development_policy DEFAULT VALUES;

-- The individual programme: one per person and calendar year, in revisions. A revision is a draft
-- until submitted; HR approves it or returns it with a comment (a returned one is edited as a draft
-- again). An approved revision is never changed: changing the plan starts the next revision.
CREATE TABLE plans (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id),
    year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, year)
);
CREATE INDEX plans_year ON plans (year, user_id);

CREATE TABLE plan_revisions (
    plan_id      uuid NOT NULL REFERENCES plans (id),
    revision     integer NOT NULL CHECK (revision >= 1),
    status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    items        jsonb NOT NULL DEFAULT '[]'::jsonb,
    note         text NOT NULL DEFAULT '',
    comment      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    submitted_at timestamptz,
    decided_at   timestamptz,
    decided_by   uuid REFERENCES users (id),
    PRIMARY KEY (plan_id, revision),
    CHECK ((status IN ('approved', 'returned')) = (decided_at IS NOT NULL))
);

CREATE FUNCTION plan_revision_approved_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'an approved plan revision is never changed' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER plan_revisions_approved_final BEFORE UPDATE OR DELETE ON plan_revisions
    FOR EACH ROW WHEN (OLD.status = 'approved') EXECUTE FUNCTION plan_revision_approved_is_final();

-- Learning done elsewhere, recognised by the person's HR unit (or their centre, or the admin). Only
-- `recognised` records count, with `credits` as recognised. `verdict` is what the automatic check of
-- a certificate given as evidence found (null for other evidence).
CREATE TABLE external_records (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id            uuid NOT NULL REFERENCES users (id),
    provider           text NOT NULL CHECK (length(provider) BETWEEN 1 AND 200),
    title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    kind               text NOT NULL CHECK (kind IN ('self_education', 'training', 'internship', 'experience_exchange')),
    started_on         date NOT NULL,
    finished_on        date NOT NULL CHECK (finished_on >= started_on),
    year               integer NOT NULL,
    hours              numeric NOT NULL CHECK (hours > 0 AND hours <= 10000),
    claimed_credits    numeric CHECK (claimed_credits >= 0 AND claimed_credits <= 1000),
    certificate_number text CHECK (length(certificate_number) <= 200),
    status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'recognised', 'rejected', 'withdrawn')),
    credits            numeric CHECK (credits >= 0 AND credits <= 1000),
    verdict            text,
    comment            text,
    reason             text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    decided_at         timestamptz,
    -- Null for a record recognised automatically by a valid certificate.
    decided_by         uuid REFERENCES users (id),
    CHECK ((status = 'recognised') = (credits IS NOT NULL)),
    CHECK ((status = 'rejected') = (reason IS NOT NULL))
);
CREATE INDEX external_records_user_year ON external_records (user_id, year);
CREATE INDEX external_records_pending ON external_records (created_at) WHERE status = 'pending';

-- The evidence of a record, in the database (not a folder): one pg_dump backs up the record and its
-- evidence together, and every stateless server instance reads the same bytes. At most 10 MiB each.
CREATE TABLE external_evidence (
    record_id    uuid PRIMARY KEY REFERENCES external_records (id),
    file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    content_type text NOT NULL,
    bytes        bytea NOT NULL CHECK (length(bytes) <= 10485760),
    signature    bytea CHECK (length(signature) <= 1048576),
    sha256       text NOT NULL
);

-- Roots of other Hromada deployments whose certificates count as evidence (`hromada-server trust add`).
CREATE TABLE trusted_roots (
    fingerprint     text PRIMARY KEY CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    subject         text NOT NULL,
    certificate_pem text NOT NULL,
    added_at        timestamptz NOT NULL DEFAULT now()
);
