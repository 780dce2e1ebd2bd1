-- The notifications' delivery channels (issue 20, points 2 and 6; src/notifications/, docs/notifications.md).
--
-- deliveries: the idempotency record around each send. A delivery job records its key (the notification, the
-- channel and the recipient) as 'sending' before it calls the SMTP server or LINE, and 'sent' after: a retry that
-- finds 'sent' does not send again. Not audited (a log of its own, like jobs).
CREATE TABLE deliveries (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 500),
  status text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent')),
  attempts int NOT NULL DEFAULT 1 CHECK (attempts >= 1),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  sent_at timestamptz(3),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

-- An organisation's LINE Official Account (Messaging API channel): its channel secret (checks the webhook's
-- X-Line-Signature) and channel access token (pushes), each sealed with AES-256-GCM (src/notifications/secret-box.ts),
-- never stored or shown in the clear.
CREATE TABLE line_channels (
  org_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  secret_sealed text CHECK (secret_sealed ~ '^v1:[A-Za-z0-9+/=]+$'),
  token_sealed text CHECK (token_sealed ~ '^v1:[A-Za-z0-9+/=]+$'),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- A person's LINE account, per organisation (a LINE user id is given per provider: each organisation's Official
-- Account sees its own id for the same person).
CREATE TABLE line_links (
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  line_user_id text NOT NULL CHECK (line_user_id ~ '^U[0-9a-f]{32}$'),
  linked_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, person_id),
  UNIQUE (org_id, line_user_id)
);

-- The LINE groups the organisation's bot is in (a join event), linked by a coordinator's code sent in the group;
-- a leave event removes the row.
CREATE TABLE line_groups (
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  group_id text NOT NULL CHECK (group_id ~ '^C[0-9a-f]{32}$'),
  joined_at timestamptz(3) NOT NULL DEFAULT now(),
  linked_at timestamptz(3),
  linked_by uuid REFERENCES people (id) ON DELETE SET NULL,
  PRIMARY KEY (org_id, group_id)
);

-- One-time link codes (15 minutes): only the SHA-256 of the code is kept. 'person' links whoever sends it from a
-- one-to-one chat to `person_id`; 'group' links the group it is sent in (made by a coordinator, `person_id`).
CREATE TABLE line_link_codes (
  code_hash text PRIMARY KEY CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('person', 'group')),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL
);
CREATE INDEX line_link_codes_person ON line_link_codes (org_id, person_id, purpose);

SELECT prongsai_audit_table(t.tbl::regclass, t.keys) FROM (VALUES
  ('line_channels', ARRAY['org_id']),
  ('line_links', ARRAY['org_id', 'person_id']),
  ('line_groups', ARRAY['org_id', 'group_id'])
) AS t (tbl, keys);
