-- The complaint and whistleblowing channel (docs/complaints-security.md): public complaints and an internal
-- channel for staff, filed anonymously with a receipt code, contents encrypted at rest.
--
-- What the database holds, and what it does not:
-- - contents (text, attachments, file names, messages, notes, the voluntary identity, a reveal's reason) only as
--   AES-256-GCM ciphertext; the keys are sealed to the organisation's X25519 public key, whose private key is here
--   only wrapped (for each officer under a key from their passphrase, once under the recovery sheet's key, and for
--   an unlocked staff session under a key from the session id, which the database holds only hashed);
-- - the receipt code only as an HMAC (the lookup key);
-- - for what the complainant does (filing, replies), the date only: no time, no address, no browser. No column
--   here fills itself with now() when a complainant writes, and ids are random (uuid), not sequences;
-- - attachments are kept here, not in `files`: that table is addressed by the SHA-256 of the plain bytes (which
--   would let anyone holding a copy of a document confirm that it was filed) and stamps the exact time.
--
-- The audit log gets officers' actions with an allow-list of columns (never contents, identities, key material or
-- the receipt's HMAC) and nothing of what a complainant does: its row would carry the exact time. A complainant's
-- transaction says so in prongsai.actor ({"complainant": true}); the case's own events keep the date instead.
-- Written for PostgreSQL 15 and PGlite alike.

-- An organisation's channel: its public key (new complaints are sealed to it with no officer online), the
-- recovery copy of its private key, deadlines and which channels are open.
CREATE TABLE complaint_orgs (
  org_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  key_version integer NOT NULL DEFAULT 1 CHECK (key_version >= 1),
  public_key bytea NOT NULL CHECK (length(public_key) = 32),
  -- The private key under the recovery sheet's key; the sheet's number and date tell which sheet is current.
  recovery_box bytea NOT NULL,
  recovery_serial integer NOT NULL DEFAULT 1 CHECK (recovery_serial >= 1),
  recovery_made_on date NOT NULL,
  ack_days smallint NOT NULL DEFAULT 15 CHECK (ack_days BETWEEN 1 AND 365),
  close_days smallint NOT NULL DEFAULT 60 CHECK (close_days BETWEEN 1 AND 730),
  public_open boolean NOT NULL DEFAULT true,
  internal_open boolean NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (close_days >= ack_days)
);

-- An officer's keys for one organisation: a key pair of their own, the private half under a key derived from
-- their passphrase (argon2id, parameters in `kdf`), and the organisation's private key sealed to their public key
-- once another officer (or the recovery sheet) has granted it.
CREATE TABLE complaint_officer_keys (
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  public_key bytea NOT NULL CHECK (length(public_key) = 32),
  secret_box bytea NOT NULL,
  kdf jsonb NOT NULL,
  org_key_box bytea,
  key_version integer,
  granted_by uuid REFERENCES people (id) ON DELETE SET NULL,
  granted_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, person_id),
  CHECK ((org_key_box IS NULL) = (key_version IS NULL))
);

-- An unlocked staff session: the organisation's private key under a key derived from the session id (which only
-- the browser's cookie holds). Ends with the session (sign-out, expiry, password change) or earlier.
CREATE TABLE complaint_unlocks (
  session_hash text NOT NULL REFERENCES sessions (id_hash) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  key_version integer NOT NULL,
  box bytea NOT NULL,
  expires_at timestamptz(3) NOT NULL,
  PRIMARY KEY (session_hash, org_id)
);
CREATE INDEX complaint_unlocks_expires ON complaint_unlocks (expires_at);

CREATE TABLE complaints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('public', 'internal')),
  type text NOT NULL CHECK (type IN ('service', 'corruption', 'misconduct', 'harassment', 'other')),
  -- HMAC of the receipt code: how the complainant's code finds the case. The code itself is nowhere.
  receipt_lookup text NOT NULL UNIQUE CHECK (receipt_lookup ~ '^[0-9a-f]{64}$'),
  received_on date NOT NULL,
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'acknowledged', 'investigating', 'closed')),
  outcome text CHECK (outcome IN ('resolved', 'substantiated', 'unsubstantiated', 'referred', 'not_accepted')),
  ack_due date NOT NULL,
  close_due date NOT NULL,
  acknowledged_on date,
  closed_on date,
  assignee_id uuid REFERENCES people (id) ON DELETE SET NULL,
  key_version integer NOT NULL,
  -- The case's data key sealed to the organisation; the complaint under the data key; the message key (derived
  -- from the receipt code) under the data key, so that officers can write to the complainant.
  dek_box bytea NOT NULL,
  body_box bytea NOT NULL,
  message_key_box bytea NOT NULL,
  -- Something new from the complainant that no officer has opened yet.
  unread boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  -- Set by officers' changes only.
  updated_at timestamptz(3),
  CHECK ((status = 'closed') = (outcome IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_on IS NOT NULL)),
  CHECK (close_due >= ack_due)
);
CREATE INDEX complaints_org ON complaints (org_id, received_on);
CREATE INDEX complaints_org_status ON complaints (org_id, status);

-- The voluntary identity, apart from the case: its own key, sealed to the organisation under another label, read
-- only after a second officer's approval (complaint_reveals).
CREATE TABLE complaint_identities (
  case_id uuid PRIMARY KEY REFERENCES complaints (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  key_version integer NOT NULL,
  key_box bytea NOT NULL,
  identity_box bytea NOT NULL
);

-- Attachments, cleaned of metadata where possible (`metadata`: removed, none found, or partly left in a PDF).
CREATE TABLE complaint_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  seq smallint NOT NULL CHECK (seq >= 1),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  size integer NOT NULL CHECK (size >= 0),
  metadata text NOT NULL CHECK (metadata IN ('removed', 'none', 'partial')),
  name_box bytea NOT NULL,
  content_box bytea NOT NULL,
  UNIQUE (case_id, seq)
);

-- The conversation and the internal notes. A complainant's message is sealed to the organisation (the receipt
-- code does not read it back); an officer's message to the complainant is under the message key (the receipt
-- code reads it); a note is under the case's data key. `seq` orders the thread; a complainant's entry has a date,
-- never a time.
CREATE TABLE complaint_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 1),
  kind text NOT NULL CHECK (kind IN ('from_complainant', 'to_complainant', 'note')),
  person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  person_label text,
  on_date date NOT NULL,
  at timestamptz(3),
  key_version integer,
  box bytea NOT NULL,
  UNIQUE (case_id, seq),
  CHECK ((kind = 'from_complainant') = (at IS NULL)),
  CHECK ((kind = 'from_complainant') = (person_label IS NULL)),
  CHECK ((kind = 'from_complainant') = (key_version IS NOT NULL))
);

-- The case's own trail: every step, who (an officer) and when (an officer's exact time; the complainant's date
-- only). Details never hold contents or identities. Append-only.
CREATE TABLE complaint_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  on_date date NOT NULL,
  at timestamptz(3),
  person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  person_label text,
  kind text NOT NULL CHECK (kind ~ '^[a-z_]{1,40}$'),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  CHECK ((at IS NULL) = (person_label IS NULL))
);
CREATE INDEX complaint_events_case ON complaint_events (case_id, on_date);

-- Reading a voluntary identity: officer A asks (with a reason, encrypted), officer B — another person — decides;
-- an approval lets A read it until expires_at.
CREATE TABLE complaint_reveals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  requested_by uuid REFERENCES people (id) ON DELETE SET NULL,
  requested_label text NOT NULL,
  requested_at timestamptz(3) NOT NULL,
  reason_box bytea NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected', 'withdrawn')),
  decided_by uuid REFERENCES people (id) ON DELETE SET NULL,
  decided_label text,
  decided_at timestamptz(3),
  expires_at timestamptz(3),
  CHECK (decided_by IS NULL OR decided_by <> requested_by),
  CHECK ((status = 'approved') = (expires_at IS NOT NULL))
);
CREATE INDEX complaint_reveals_case ON complaint_reveals (case_id);

-- The audit of the complaint tables: the columns in `kept` only (the second argument), keyed by the columns of
-- the first; nothing when a complainant acts.
CREATE FUNCTION prongsai_complaints_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor jsonb := coalesce(nullif(current_setting('prongsai.actor', true), '')::jsonb, '{}'::jsonb);
  keys text[] := TG_ARGV[0]::text[];
  kept text[] := TG_ARGV[1]::text[];
  row_data jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  old_row jsonb;
  new_row jsonb;
BEGIN
  IF current_setting('prongsai.audit', true) = 'off' OR (actor ->> 'complainant') = 'true' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) INTO old_row FROM jsonb_each(to_jsonb(OLD)) AS e WHERE e.key = ANY (kept);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) INTO new_row FROM jsonb_each(to_jsonb(NEW)) AS e WHERE e.key = ANY (kept);
  END IF;
  IF TG_OP = 'UPDATE' AND old_row = new_row THEN
    RETURN NULL;
  END IF;
  INSERT INTO audit_log (actor_id, actor_label, org_id, entity, entity_id, action, before, after)
  VALUES (
    actor ->> 'id',
    coalesce(actor ->> 'label', 'system'),
    coalesce((row_data ->> 'org_id')::uuid, (actor ->> 'org')::uuid),
    TG_TABLE_NAME,
    (SELECT string_agg(coalesce(row_data ->> k.name, ''), ':' ORDER BY k.n) FROM unnest(keys) WITH ORDINALITY AS k (name, n)),
    lower(TG_OP),
    old_row,
    new_row
  );
  RETURN NULL;
END
$$;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaint_orgs FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{org_id}', '{org_id,key_version,recovery_serial,recovery_made_on,ack_days,close_days,public_open,internal_open}');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaint_officer_keys FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{org_id,person_id}', '{org_id,person_id,key_version,granted_by,granted_at}');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaints FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{id}', '{id,org_id,channel,type,status,outcome,ack_due,close_due,acknowledged_on,closed_on,assignee_id,key_version,version}');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaint_identities FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{case_id}', '{case_id,org_id,key_version}');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaint_attachments FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{id}', '{id,case_id,org_id,seq,media_type,metadata}');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaint_messages FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{id}', '{id,case_id,org_id,seq,kind,person_id}');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaint_events FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{id}', '{id,case_id,org_id,on_date,person_id,kind,detail}');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON complaint_reveals FOR EACH ROW EXECUTE FUNCTION prongsai_complaints_audit(
  '{id}', '{id,case_id,org_id,status,requested_by,decided_by,expires_at}');

-- The case's trail is never changed, and rows go only with their case (or organisation): a delete that is not
-- a cascade (trigger depth 1) is refused.
CREATE FUNCTION prongsai_complaint_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'complaint_events is append-only (% refused)', TG_OP;
  END IF;
  RETURN OLD;
END
$$;
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON complaint_events FOR EACH ROW EXECUTE FUNCTION prongsai_complaint_events_append_only();
