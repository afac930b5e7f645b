-- Open Badges 3.0 (issue 24): every certificate is also an OpenBadgeCredential (a VC-JWT signed with
-- the centre's document-signing key), whose `credentialStatus` points at one bit of its centre's
-- W3C Bitstring Status List. The badge is rendered from the issued certificate on request; only
-- the bit's place and the signed list are stored.

-- The bit of the certificate in its centre's revocation list: allocated once, at issuance (or here,
-- for those issued before), never reused, never moved.
ALTER TABLE certificates ADD COLUMN status_index integer CHECK (status_index >= 0);
CREATE UNIQUE INDEX certificates_status_index ON certificates (centre, status_index) WHERE status_index IS NOT NULL;

-- Each centre's next free bit, and its signed BitstringStatusListCredential as served (a compact
-- JWS), re-signed in the transaction of every revocation.
CREATE TABLE badge_status_lists (
    centre      text PRIMARY KEY REFERENCES centres (code),
    next_index  integer NOT NULL DEFAULT 0 CHECK (next_index >= 0),
    jwt         text,
    signed_at   timestamptz,
    valid_until timestamptz
);

-- Certificates issued before badges existed get their bits now, in the order they were issued.
INSERT INTO badge_status_lists (centre, next_index)
SELECT centre, count(*) FROM certificates WHERE document IS NOT NULL GROUP BY centre;
UPDATE certificates c SET status_index = n.i
FROM (SELECT serial, row_number() OVER (PARTITION BY centre ORDER BY issued_at, serial) - 1 AS i
      FROM certificates WHERE document IS NOT NULL) n
WHERE c.serial = n.serial;
