-- The roll-ups (issue 18, point 3) are computed from these tables and held in each app process's memory
-- (src/supervision/cache.ts). Any statement that changes them announces it on the change bus (src/db/notify.ts,
-- channel prongsai_changes): delivered at the commit, once per transaction however many statements made it, to
-- every process listening — whatever made the change (a page, the API, the CLI, another process, psql).
CREATE FUNCTION announce_rollup_data() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('prongsai_changes', '{"kind":"data"}');
  RETURN NULL;
END
$$;

CREATE TRIGGER organisations_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();
CREATE TRIGGER fiscal_years_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fiscal_years
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();
CREATE TRIGGER indicator_scores_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON indicator_scores
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();
CREATE TRIGGER measures_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measures
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();
CREATE TRIGGER measure_indicators_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON measure_indicators
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();
CREATE TRIGGER progress_entries_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON progress_entries
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();
CREATE TRIGGER oit_item_results_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON oit_item_results
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();
CREATE TRIGGER approvals_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON approvals
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();
CREATE TRIGGER complaint_orgs_rollup AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON complaint_orgs
  FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data();

-- The roll-ups read one year of every organisation (src/supervision/repo.ts selectYearTable): by year, not by
-- organisation, so the years of the other four-plus fiscal years are not read (bench/national.ts shows the plan).
CREATE INDEX fiscal_years_year ON fiscal_years (year);
