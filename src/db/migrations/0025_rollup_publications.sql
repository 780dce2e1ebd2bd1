-- The roll-ups (issue 18, point 3) now also count OIT items gone stale: published on the portal but no longer
-- covering what they must (src/portal/freshness.ts), from the approved versions of publications and the periods of
-- their files. Those two tables announce their changes on the change bus as the nine of migration 0023 do, so the
-- roll-ups held in memory (src/supervision/cache.ts) drop what they computed from them.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['publications', 'publication_files'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                    FOR EACH STATEMENT EXECUTE FUNCTION announce_rollup_data()', t || '_rollup', t);
  END LOOP;
END
$$;
