-- Revocation reasons become a public code and a private note (issue 21). Free text was published in
-- revoked.json and the verification view (one held an e-mail address); from now on only the code is.
--
-- Existing rows: the free text becomes the note; the code is `superseded` for re-issues (0007's
-- handler recorded them as 'Перевидано / re-issued: <reason>', kept here without that prefix),
-- `fraud` or `issued_in_error` when the text says so, otherwise `withdrawn`.
ALTER TABLE certificates RENAME COLUMN revocation_reason TO revocation_note;
ALTER TABLE certificates ADD COLUMN revocation_code text
    CHECK (revocation_code IN ('issued_in_error', 'superseded', 'withdrawn', 'fraud'));

UPDATE certificates SET
    revocation_code = CASE
        WHEN revocation_note LIKE 'Перевидано / re-issued:%' THEN 'superseded'
        WHEN revocation_note ~* '(fraud|forg|fake|шахрай|підроб|фальсиф)' THEN 'fraud'
        WHEN revocation_note ~* '(in error|by mistake|mistaken|erroneous|помилк)' THEN 'issued_in_error'
        ELSE 'withdrawn'
    END,
    revocation_note = nullif(btrim(regexp_replace(revocation_note, '^Перевидано / re-issued:', '')), '')
WHERE status = 'revoked';

ALTER TABLE certificates ADD CONSTRAINT certificates_revocation_code_when_revoked
    CHECK ((status = 'revoked') = (revocation_code IS NOT NULL));

-- The signed lists already stored carry the old free-text `reason`. A list with any entry is removed
-- (so no note is served again, not even until it is re-signed); the certificate issuer re-signs every
-- centre's missing or due list on its next pass (seconds after start), in the new form. Until then
-- that centre's revoked.json is 404 and offline checks say status_unknown; online checks are not
-- affected. Lists without entries hold no text: they are only made due.
DELETE FROM revocation_lists
WHERE jsonb_array_length(coalesce(convert_from(document, 'UTF8')::jsonb -> 'revoked', '[]'::jsonb)) > 0;
UPDATE revocation_lists SET next_update = least(next_update, now());

-- Requests to the public verification routes per client address in fixed windows, shared by every
-- server instance (HROMADA_VERIFY_RATE). Counters only: unlogged (no write-ahead log, emptied after
-- a crash), and rows are updated in place (HOT) thanks to the free space left in each page.
CREATE UNLOGGED TABLE verification_hits (
    address      text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL
) WITH (fillfactor = 50);
