-- Above the agencies (issue 18, point 1): an organisation may have a parent, the office that supervises it
-- (ท้องถิ่นอำเภอ, สถจ., a department, a ministry, the NACC: organisations too). An organisation without one is not yet
-- placed. Moving an organisation changes only this column: its history stays its own, and the audit log (the
-- trigger on organisations) records the move. A parent cannot be removed while it has children, and no
-- organisation may be its own ancestor.
ALTER TABLE organisations ADD COLUMN parent_id uuid REFERENCES organisations (id) ON DELETE RESTRICT;
ALTER TABLE organisations ADD CONSTRAINT organisations_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id);
CREATE INDEX organisations_parent ON organisations (parent_id);

CREATE FUNCTION organisations_no_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.parent_id IS NOT NULL AND EXISTS (
    WITH RECURSIVE up (id, parent_id) AS (
      SELECT id, parent_id FROM organisations WHERE id = NEW.parent_id
      UNION
      SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id
    )
    SELECT 1 FROM up WHERE up.id = NEW.id
  ) THEN
    RAISE EXCEPTION 'organisation % cannot be placed under its own descendant', NEW.slug USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER organisations_no_cycle BEFORE INSERT OR UPDATE OF parent_id ON organisations
  FOR EACH ROW EXECUTE FUNCTION organisations_no_cycle();
