-- A certificate can be re-issued (say, after correcting the learner's name): the old one is revoked
-- and the enrolment gets a new serial. One live (pending or issued) certificate per enrolment.
ALTER TABLE certificates DROP CONSTRAINT certificates_enrolment_id_key;
CREATE UNIQUE INDEX certificates_one_live ON certificates (enrolment_id) WHERE status <> 'revoked';
CREATE INDEX certificates_enrolment ON certificates (enrolment_id);
