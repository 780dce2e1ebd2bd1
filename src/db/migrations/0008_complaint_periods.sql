-- Published complaint statistics, one row per organisation, fiscal year and closed period (src/app/complaints-stats.ts):
-- period 1–4 is a fiscal quarter (1 = October–December), 0 the whole fiscal year. A row is written once, when the
-- period is first published after it has closed, and holds the tables as shown (small counts already suppressed,
-- src/complaints/statistics.ts): later changes to cases (a new type, a deletion by retention) never change what
-- was published, and no two publications of one period can be subtracted. No raw count is stored.
CREATE TABLE complaint_statistics (
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  fiscal_year smallint NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
  period smallint NOT NULL CHECK (period BETWEEN 0 AND 4),
  threshold smallint NOT NULL CHECK (threshold >= 2),
  tables jsonb NOT NULL,
  published_at timestamptz(3) NOT NULL,
  PRIMARY KEY (org_id, fiscal_year, period)
);

-- Frozen: a published period is never changed (deleting the organisation still removes its rows).
CREATE FUNCTION prongsai_complaint_statistics_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'published complaint statistics are frozen (%, %, %)', OLD.org_id, OLD.fiscal_year, OLD.period;
END $$;
CREATE TRIGGER frozen BEFORE UPDATE ON complaint_statistics FOR EACH ROW EXECUTE FUNCTION prongsai_complaint_statistics_frozen();
