-- Each person's credits per year, kept by the database itself as the CPD ledger and the external
-- records change, so that the development reports read one row per person instead of summing every
-- ledger item of the year on each request. At national scale (190,000 people, about 550,000 items a
-- year; `make bench`) the sum took most of a whole-year report's time.
--
-- The totals are written by statement-level triggers with transition tables, in the transaction that
-- changes the ledger or a record: a bulk insert (a cohort, an event closed) adds one upsert per person
-- and year, not one per row, and nothing else writes them. `credits` is what the year's standing sums
-- (ledger items and recognised records); `self_education` the recognised self-education records.
-- Upserts go in (user_id, year) order so that two transactions touching the same people lock their
-- rows in the same order.
CREATE TABLE development_year_totals (
    user_id        uuid NOT NULL REFERENCES users (id),
    year           integer NOT NULL,
    credits        numeric NOT NULL DEFAULT 0,
    self_education numeric NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, year)
);
CREATE INDEX development_year_totals_year ON development_year_totals (year, user_id);

-- The ledger: every row counts whole. The changes of a statement are summed per person and year
-- (an update as its old rows taken away and its new rows added) and added to the totals at once.
CREATE FUNCTION development_totals_from_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO development_year_totals AS t (user_id, year, credits)
        SELECT user_id, year, sum(credits) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (user_id, year) DO UPDATE SET credits = t.credits + excluded.credits;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO development_year_totals AS t (user_id, year, credits)
        SELECT user_id, year, -sum(credits) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (user_id, year) DO UPDATE SET credits = t.credits + excluded.credits;
    ELSE
        INSERT INTO development_year_totals AS t (user_id, year, credits)
        SELECT user_id, year, sum(credits) FROM (
            SELECT user_id, year, credits FROM new_rows UNION ALL SELECT user_id, year, -credits FROM old_rows
        ) c GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (user_id, year) DO UPDATE SET credits = t.credits + excluded.credits;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER cpd_credits_totals_insert AFTER INSERT ON cpd_credits
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION development_totals_from_ledger();
CREATE TRIGGER cpd_credits_totals_update AFTER UPDATE ON cpd_credits
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION development_totals_from_ledger();
CREATE TRIGGER cpd_credits_totals_delete AFTER DELETE ON cpd_credits
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION development_totals_from_ledger();

-- External records count once recognised (and stop counting if that ever changes), self-education
-- also in its own sum.
CREATE FUNCTION development_totals_from_records() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO development_year_totals AS t (user_id, year, credits, self_education)
        SELECT user_id, year, sum(credits), sum(CASE WHEN kind = 'self_education' THEN credits ELSE 0 END)
        FROM new_rows WHERE status = 'recognised' GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (user_id, year) DO UPDATE
            SET credits = t.credits + excluded.credits, self_education = t.self_education + excluded.self_education;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO development_year_totals AS t (user_id, year, credits, self_education)
        SELECT user_id, year, -sum(credits), -sum(CASE WHEN kind = 'self_education' THEN credits ELSE 0 END)
        FROM old_rows WHERE status = 'recognised' GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (user_id, year) DO UPDATE
            SET credits = t.credits + excluded.credits, self_education = t.self_education + excluded.self_education;
    ELSE
        INSERT INTO development_year_totals AS t (user_id, year, credits, self_education)
        SELECT user_id, year, sum(credits), sum(self) FROM (
            SELECT user_id, year, credits, CASE WHEN kind = 'self_education' THEN credits ELSE 0 END AS self
            FROM new_rows WHERE status = 'recognised'
            UNION ALL
            SELECT user_id, year, -credits, CASE WHEN kind = 'self_education' THEN -credits ELSE 0 END
            FROM old_rows WHERE status = 'recognised'
        ) c GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (user_id, year) DO UPDATE
            SET credits = t.credits + excluded.credits, self_education = t.self_education + excluded.self_education;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER external_records_totals_insert AFTER INSERT ON external_records
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION development_totals_from_records();
CREATE TRIGGER external_records_totals_update AFTER UPDATE ON external_records
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION development_totals_from_records();
CREATE TRIGGER external_records_totals_delete AFTER DELETE ON external_records
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION development_totals_from_records();

-- What is there already.
INSERT INTO development_year_totals (user_id, year, credits, self_education)
SELECT user_id, year, sum(credits), sum(self) FROM (
    SELECT user_id, year, credits, 0::numeric AS self FROM cpd_credits
    UNION ALL
    SELECT user_id, year, credits, CASE WHEN kind = 'self_education' THEN credits ELSE 0 END
    FROM external_records WHERE status = 'recognised'
) x GROUP BY user_id, year;
