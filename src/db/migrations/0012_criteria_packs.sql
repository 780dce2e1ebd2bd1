-- Criteria packs imported at run time (issue 13, point 2; src/app/criteria.ts, src/ita/pack.ts). The criteria this
-- release knows are files (src/ita/packs/<year>.json), never rows: no migration seeds this table, so a freshly
-- migrated database is still empty for `restore`. A row is a pack a system administrator imported (`prongsai
-- criteria import`, or the system page): a newer revision of a year's criteria, or a year the release does not know.
-- The server registers every row at start and after an import. A pack is never changed or removed once imported:
-- years assessed under it (fiscal_years.criteria_year, criteria_revision) must be recomputable the same way.
CREATE TABLE criteria_packs (
  year integer NOT NULL CHECK (year BETWEEN 2500 AND 2700),
  revision integer NOT NULL CHECK (revision >= 1),
  pack jsonb NOT NULL,
  imported_at timestamptz(3) NOT NULL DEFAULT now(),
  imported_by text NOT NULL,
  PRIMARY KEY (year, revision),
  CHECK ((pack ->> 'year')::integer = year AND (pack ->> 'revision')::integer = revision)
);

CREATE FUNCTION prongsai_criteria_packs_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an imported criteria pack is never changed (%, revision %)', OLD.year, OLD.revision;
END $$;
CREATE TRIGGER frozen BEFORE UPDATE ON criteria_packs FOR EACH ROW EXECUTE FUNCTION prongsai_criteria_packs_frozen();

SELECT prongsai_audit_table('criteria_packs'::regclass, ARRAY['year', 'revision']);
