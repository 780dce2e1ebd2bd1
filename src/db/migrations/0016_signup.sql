-- Self-service sign-up (issue 14): settings of the instance (signup_open: off unless the system administrator turns
-- it on) and the agencies' requests for an organisation, pending until the system administrator approves (the
-- organisation and its administrator are made then) or rejects them with a reason. Both are audited.
CREATE TABLE instance_settings (
  name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z_]{1,39}$'),
  value text NOT NULL
);

CREATE TABLE signup_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name_th text NOT NULL,
  org_type text NOT NULL,
  province text NOT NULL,
  district text,
  requester_name text NOT NULL,
  requester_position text NOT NULL,
  requester_email text NOT NULL,
  note text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  reason text,
  org_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  decided_at timestamptz(3)
);
CREATE INDEX signup_requests_status ON signup_requests (status, created_at);

SELECT prongsai_audit_table(t.tbl::regclass, t.keys) FROM (VALUES
  ('instance_settings', ARRAY['name']),
  ('signup_requests', ARRAY['id'])
) AS t(tbl, keys);
