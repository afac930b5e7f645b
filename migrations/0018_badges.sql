-- Open Badges 3.0 (issue 24): every certificate is also an OpenBadgeCredential (a VC-JWT signed with
-- the centre's document-signing key), whose `credentialStatus` points at one bit of its centre's
-- W3C Bitstring Status List. The badge is rendered from the issued certificate on request; only
-- the bit's place and the signed list are stored.

-- The bit of the certificate in its centre's revocation list: allocated once, at issuance (or here,
-- for those issued before), never reused, never moved. From one sequence for all centres: a
-- sequence takes no lock, so servers signing certificates of one centre side by side never wait
-- on each other for it (a counter row per centre would be held until each signing batch commits).
-- A centre's list is as long as its highest bit needs (in blocks of 131,072); the others' bits in it stay 0.
CREATE SEQUENCE badge_status_index AS integer MINVALUE 0 START 0;
ALTER TABLE certificates ADD COLUMN status_index integer CHECK (status_index >= 0);
CREATE UNIQUE INDEX certificates_status_index ON certificates (centre, status_index) WHERE status_index IS NOT NULL;

-- Each centre's signed BitstringStatusListCredential as served (a compact JWS), re-signed in the
-- transaction of every revocation.
CREATE TABLE badge_status_lists (
    centre      text PRIMARY KEY REFERENCES centres (code),
    jwt         text,
    signed_at   timestamptz,
    valid_until timestamptz
);

-- Certificates issued before badges existed get their bits now.
UPDATE certificates SET status_index = nextval('badge_status_index') WHERE document IS NOT NULL;
