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

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['organisations', 'fiscal_years', 'indicator_scores', 'measures', 'measure_indicators',
                           'progress_entries', 'oit_item_results', 'approvals', 'complaint_orgs'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data()', t || '_rollup', t);
  END LOOP;
END
$$;

-- The roll-ups read one year of every organisation (src/supervision/repo.ts selectYearTable): by year, not by
-- organisation, so one year's rows are found without reading the other years' (bench/national.ts shows the plan).
CREATE INDEX fiscal_years_year ON fiscal_years (year);
