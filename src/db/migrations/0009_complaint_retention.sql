-- Retention of closed complaints (PDPA; docs/complaints-security.md §10): the organisation keeps a closed case
-- for `retention_years` (default 5) after its closing date; then the case is purged. A purged case keeps only
-- what the statistics count — organisation, channel, type, the month it was received, status (closed), outcome,
-- the month it was closed — and loses everything else: its contents, keys, receipt lookup, deadlines, assignee,
-- messages, attachments, identity, reveal requests and trail.

ALTER TABLE complaint_orgs ADD COLUMN retention_years smallint NOT NULL DEFAULT 5 CHECK (retention_years BETWEEN 1 AND 10);

ALTER TABLE complaints ADD COLUMN purged_on date;
ALTER TABLE complaints
  ALTER COLUMN receipt_lookup DROP NOT NULL,
  ALTER COLUMN dek_box DROP NOT NULL,
  ALTER COLUMN body_box DROP NOT NULL,
  ALTER COLUMN message_key_box DROP NOT NULL,
  ALTER COLUMN ack_due DROP NOT NULL,
  ALTER COLUMN close_due DROP NOT NULL;
ALTER TABLE complaints ADD CONSTRAINT complaints_kept_or_purged CHECK (
  CASE WHEN purged_on IS NULL
    THEN receipt_lookup IS NOT NULL AND dek_box IS NOT NULL AND body_box IS NOT NULL AND message_key_box IS NOT NULL AND ack_due IS NOT NULL AND close_due IS NOT NULL
    ELSE status = 'closed' AND receipt_lookup IS NULL AND dek_box IS NULL AND body_box IS NULL AND message_key_box IS NULL AND ack_due IS NULL
      AND close_due IS NULL AND acknowledged_on IS NULL AND assignee_id IS NULL AND extract(day FROM received_on) = 1 AND extract(day FROM closed_on) = 1
  END
);
CREATE INDEX complaints_closed ON complaints (org_id, closed_on) WHERE purged_on IS NULL AND status = 'closed';

-- Purging a case removes its rows in the other complaint tables here, in the database, as a cascade would: the
-- trail (complaint_events) refuses deletes that are not made by a trigger.
CREATE FUNCTION prongsai_complaint_purged() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM complaint_events WHERE case_id = NEW.id;
  DELETE FROM complaint_reveals WHERE case_id = NEW.id;
  DELETE FROM complaint_messages WHERE case_id = NEW.id;
  DELETE FROM complaint_attachments WHERE case_id = NEW.id;
  DELETE FROM complaint_identities WHERE case_id = NEW.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER purged AFTER UPDATE OF purged_on ON complaints FOR EACH ROW
  WHEN (OLD.purged_on IS NULL AND NEW.purged_on IS NOT NULL) EXECUTE FUNCTION prongsai_complaint_purged();

-- The audit of the channel's settings names the retention too.
DROP TRIGGER audit ON complaint_orgs;
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaint_orgs FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{org_id}', '{org_id,key_version,recovery_serial,recovery_made_on,ack_days,close_days,public_open,internal_open,retention_years}');
