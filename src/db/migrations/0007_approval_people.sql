-- Who asked for an approval and who decided it, as person ids (the names stay as they were written then), so that
-- whoever asked cannot also decide (src/app/approvals.ts), as with publications' preparer_ids (0004_portal.sql).
-- Like those, a record of who acted, not a link that must follow the person.
ALTER TABLE approvals
  ADD COLUMN requested_by_person uuid,
  ADD COLUMN decided_by_person uuid;
