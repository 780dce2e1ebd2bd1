-- Supervisors (issue 18, point 2): a role held on a supervising office that reads, and never changes, every
-- organisation below that office. Each of their reads is recorded in the organisation's audit log, as an entry
-- of action 'read' (the trigger records changes; the app records these reads).
ALTER TABLE roles DROP CONSTRAINT roles_role_check;
ALTER TABLE roles ADD CONSTRAINT roles_role_check
  CHECK (role IN ('system_admin', 'org_admin', 'coordinator', 'unit_head', 'executive', 'auditor', 'supervisor'));

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('insert', 'update', 'delete', 'read'));
