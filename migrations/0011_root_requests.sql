-- Requests to the offline association root (`hromada-server ca request …`): the exact file handed to
-- the machine that holds the root key, kept so that `ca import` installs only an answer to a request
-- this server made (matched by the file's SHA-256), and each at most once.
CREATE TABLE root_requests (
    id           uuid PRIMARY KEY,
    action       text NOT NULL CHECK (action IN ('add-centre', 'rotate', 'crl')),
    centre       text REFERENCES centres (code),
    document     text NOT NULL,
    sha256       text NOT NULL UNIQUE,
    -- The centre's new key (a file in the key folder) for add-centre and rotate.
    key_file     text,
    crl_number   integer NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    imported_at  timestamptz,
    CHECK ((action = 'crl') = (key_file IS NULL)),
    CHECK ((action = 'crl') = (centre IS NULL))
);
