-- Certificates: the signing chain (public parts only; private keys live in files), issued
-- documents with their exact signed bytes, revocations and each centre's signed revocation list.

-- Who signs for a centre, as printed on its certificates.
ALTER TABLE centres ADD COLUMN signatory_name text NOT NULL DEFAULT 'Директор центру';
ALTER TABLE centres ADD COLUMN signatory_position text NOT NULL DEFAULT 'Директор';

-- The root (centre IS NULL) and the centres' signing certificates. `key_file` names the encrypted
-- PKCS#8 file under HROMADA_KEYS_DIR; the key itself is never stored here.
CREATE TABLE signing_keys (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    centre            text REFERENCES centres (code),
    serial_hex        text NOT NULL UNIQUE,
    certificate_pem   text NOT NULL,
    key_file          text NOT NULL,
    not_after         timestamptz NOT NULL,
    active            boolean NOT NULL DEFAULT true,
    revoked_at        timestamptz,
    revocation_reason text,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX signing_keys_one_root ON signing_keys ((centre IS NULL)) WHERE centre IS NULL AND active;
CREATE UNIQUE INDEX signing_keys_one_per_centre ON signing_keys (centre) WHERE centre IS NOT NULL AND active;

-- The root's CRLs, newest last.
CREATE TABLE root_crls (
    number      integer PRIMARY KEY,
    crl_pem     text NOT NULL,
    this_update timestamptz NOT NULL,
    next_update timestamptz NOT NULL
);

-- Per-centre, per-year serial sequences: serials are never reused.
CREATE TABLE certificate_sequences (
    centre text NOT NULL REFERENCES centres (code),
    year   integer NOT NULL,
    last   integer NOT NULL,
    PRIMARY KEY (centre, year)
);

-- One certificate per completed enrolment. Reserved (pending) in the transaction that completes the
-- enrolment; signed right after. `document` and `signature` are the exact bytes served.
CREATE TABLE certificates (
    serial            text PRIMARY KEY,
    enrolment_id      uuid NOT NULL UNIQUE REFERENCES enrolments (id),
    user_id           uuid NOT NULL REFERENCES users (id),
    centre            text NOT NULL REFERENCES centres (code),
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'issued', 'revoked')),
    document          bytea,
    signature         bytea,
    digest            text CHECK (digest ~ '^[0-9a-f]{64}$'),
    signing_key_id    uuid REFERENCES signing_keys (id),
    reserved_at       timestamptz NOT NULL DEFAULT now(),
    issued_at         timestamptz,
    revoked_at        timestamptz,
    revocation_reason text,
    revoked_by        uuid REFERENCES users (id),
    CHECK ((status = 'pending') = (document IS NULL)),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
CREATE INDEX certificates_pending ON certificates (reserved_at) WHERE status = 'pending';
CREATE INDEX certificates_user ON certificates (user_id);
CREATE INDEX certificates_centre_revoked ON certificates (centre) WHERE status = 'revoked';

-- Each centre's signed revocation list, as served.
CREATE TABLE revocation_lists (
    centre      text PRIMARY KEY REFERENCES centres (code),
    document    bytea NOT NULL,
    signature   bytea NOT NULL,
    this_update timestamptz NOT NULL,
    next_update timestamptz NOT NULL
);
