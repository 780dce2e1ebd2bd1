-- The ITA cycle of an organisation: organisations, units, people and roles, fiscal years pinned to a criteria
-- year, scores and their sources, analysis, measures with methods, responsibles and progress, evidence files,
-- approvals, publications, and the audit log that records every change (who, when, before, after).
-- Written for PostgreSQL 15 (Debian) and PGlite (PostgreSQL 18) alike.

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 64),
  name_th text NOT NULL CHECK (length(name_th) BETWEEN 1 AND 200),
  name_en text,
  kind text NOT NULL CHECK (kind IN ('sao', 'municipality', 'pao', 'other')),
  subdistrict text,
  district text,
  province text,
  website text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE units (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  name_th text NOT NULL CHECK (length(name_th) BETWEEN 1 AND 200),
  short_th text,
  seq integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  UNIQUE (org_id, name_th)
);

CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL for accounts above any organisation (system administrators, supervisors).
  org_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
  name_th text NOT NULL CHECK (length(name_th) BETWEEN 1 AND 200),
  position_th text,
  unit_id uuid REFERENCES units (id) ON DELETE SET NULL,
  email text,
  password_hash text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX people_email ON people (lower(email)) WHERE email IS NOT NULL;

CREATE TABLE roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  org_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('system_admin', 'org_admin', 'coordinator', 'unit_head', 'executive', 'auditor')),
  unit_id uuid REFERENCES units (id) ON DELETE CASCADE,
  CHECK ((role = 'system_admin') = (org_id IS NULL)),
  CHECK ((role = 'unit_head') = (unit_id IS NOT NULL))
);
CREATE UNIQUE INDEX roles_unique ON roles (person_id, coalesce(org_id, '00000000-0000-0000-0000-000000000000'), role, coalesce(unit_id, '00000000-0000-0000-0000-000000000000'));

CREATE TABLE fiscal_years (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2500 AND 2700),
  criteria_year integer NOT NULL CHECK (criteria_year BETWEEN 2500 AND 2700),
  criteria_revision integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  score_source text CHECK (score_source IN ('itas', 'survey', 'manual')),
  eit_part1 numeric CHECK (eit_part1 BETWEEN 0 AND 100),
  eit_part2 numeric CHECK (eit_part2 BETWEEN 0 AND 100),
  official_overall numeric CHECK (official_overall BETWEEN 0 AND 100),
  official_grade text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (org_id, year),
  CHECK ((eit_part1 IS NULL) = (eit_part2 IS NULL))
);

CREATE TABLE indicator_scores (
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  indicator smallint NOT NULL CHECK (indicator BETWEEN 1 AND 10),
  score numeric NOT NULL CHECK (score BETWEEN 0 AND 100),
  PRIMARY KEY (fiscal_year_id, indicator)
);

CREATE TABLE question_results (
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  code text NOT NULL,
  score numeric NOT NULL CHECK (score BETWEEN 0 AND 100),
  respondents integer NOT NULL CHECK (respondents >= 0),
  PRIMARY KEY (fiscal_year_id, code)
);

CREATE TABLE oit_item_results (
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^O[0-9]{1,2}$'),
  met boolean,
  urls text[] NOT NULL DEFAULT '{}',
  note text,
  PRIMARY KEY (fiscal_year_id, code)
);

-- The analysis as the agency writes it; a section without a row is generated from the scores.
CREATE TABLE analysis_texts (
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  section text NOT NULL CHECK (section IN ('intro', 'IIT', 'EIT', 'OIT', 'summary')),
  text_th text NOT NULL,
  PRIMARY KEY (fiscal_year_id, section)
);

CREATE TABLE measures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 1),
  title_th text NOT NULL CHECK (length(title_th) BETWEEN 1 AND 1000),
  methods text[] NOT NULL DEFAULT '{}',
  actions text[] NOT NULL DEFAULT '{}',
  period_start date,
  period_end date,
  period_text text,
  follow_up text,
  expected_outcome text,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  result text,
  carried_from_id uuid REFERENCES measures (id) ON DELETE SET NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (fiscal_year_id, seq) DEFERRABLE INITIALLY DEFERRED,
  CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start)
);

CREATE TABLE measure_indicators (
  measure_id uuid NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
  indicator smallint NOT NULL CHECK (indicator BETWEEN 1 AND 10),
  PRIMARY KEY (measure_id, indicator)
);

CREATE TABLE measure_responsibles (
  measure_id uuid NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 1),
  unit_id uuid REFERENCES units (id) ON DELETE SET NULL,
  person_id uuid REFERENCES people (id) ON DELETE SET NULL,
  label_th text NOT NULL CHECK (length(label_th) BETWEEN 1 AND 200),
  PRIMARY KEY (measure_id, seq)
);

CREATE TABLE progress_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  measure_id uuid NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
  entry_date date NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  done_th text NOT NULL CHECK (length(done_th) >= 1),
  status text NOT NULL CHECK (status IN ('on_track', 'delayed', 'done', 'blocked')),
  outcome_th text,
  created_by text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start)
);
CREATE INDEX progress_entries_measure ON progress_entries (measure_id, period_start);

-- File contents, addressed by their SHA-256, stored once however many records point to them. In the database so
-- that several app processes share them and one backup holds everything.
CREATE TABLE files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL CHECK (size >= 0),
  bytes bytea NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  progress_id uuid NOT NULL REFERENCES progress_entries (id) ON DELETE CASCADE,
  sha256 text NOT NULL REFERENCES files (sha256),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  media_type text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  period_start date,
  period_end date,
  revision integer NOT NULL DEFAULT 1 CHECK (revision >= 1),
  replaces_id uuid REFERENCES evidence (id) ON DELETE SET NULL,
  uploaded_by text,
  uploaded_at timestamptz(3) NOT NULL DEFAULT now(),
  review_status text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'accepted', 'rejected')),
  reviewed_by text,
  reviewed_at timestamptz(3),
  review_note text
);
CREATE INDEX evidence_progress ON evidence (progress_id);

CREATE TABLE approvals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  subject text NOT NULL CHECK (subject IN ('measures-plan', 'measures-report', 'analysis')),
  status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
  requested_by text,
  requested_at timestamptz(3),
  decided_by text,
  decided_at timestamptz(3),
  comment text,
  -- The document as approved: a later change to the data shows that the approval is out of date.
  document_sha256 text
);
CREATE INDEX approvals_year ON approvals (fiscal_year_id, subject);

CREATE TABLE publications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  fiscal_year_id uuid REFERENCES fiscal_years (id) ON DELETE CASCADE,
  kind text NOT NULL,
  title_th text NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'published', 'withdrawn')),
  publish_at timestamptz(3),
  published_at timestamptz(3),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  supersedes_id uuid REFERENCES publications (id) ON DELETE SET NULL,
  content jsonb,
  created_by text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Raw survey answers, kept for audit and recomputation: one row per respondent, one byte per answerable item
-- in the criteria year's item order (0 = not answered, k = the k-th option of the item's scale).
CREATE TABLE survey_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  filename text,
  sha256 text,
  items text[] NOT NULL,
  respondents integer NOT NULL DEFAULT 0,
  imported_by text,
  imported_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE survey_responses (
  batch_id uuid NOT NULL REFERENCES survey_batches (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  answers bytea NOT NULL,
  PRIMARY KEY (batch_id, seq)
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz(3) NOT NULL DEFAULT now(),
  actor_id text,
  actor_label text NOT NULL,
  org_id uuid,
  entity text NOT NULL,
  entity_id text,
  action text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_org ON audit_log (org_id, at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- Who is acting is set per transaction by the app: SELECT set_config('prongsai.actor', '{"id":…,"label":…,"org":…}', true).
-- Secrets (password hashes) never enter the log. A restore sets prongsai.audit = 'off' for its own transaction.
CREATE FUNCTION prongsai_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor jsonb := coalesce(nullif(current_setting('prongsai.actor', true), '')::jsonb, '{}'::jsonb);
  old_row jsonb;
  new_row jsonb;
  row_data jsonb;
  key_text text := '';
  i integer;
BEGIN
  IF current_setting('prongsai.audit', true) = 'off' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - 'password_hash' - 'bytes'; END IF;
  IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - 'password_hash' - 'bytes'; END IF;
  IF TG_OP = 'UPDATE' AND (old_row - 'updated_at') = (new_row - 'updated_at') THEN
    RETURN NULL;
  END IF;
  row_data := coalesce(new_row, old_row);
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    key_text := key_text || CASE WHEN i > 0 THEN ':' ELSE '' END || coalesce(row_data ->> TG_ARGV[i], '');
  END LOOP;
  INSERT INTO audit_log (actor_id, actor_label, org_id, entity, entity_id, action, before, after)
  VALUES (
    actor ->> 'id',
    coalesce(actor ->> 'label', 'system'),
    coalesce((row_data ->> 'org_id')::uuid, (actor ->> 'org')::uuid),
    TG_TABLE_NAME,
    key_text,
    lower(TG_OP),
    old_row,
    new_row
  );
  RETURN NULL;
END
$$;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON organisations FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON units FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON roles FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON fiscal_years FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON indicator_scores FOR EACH ROW EXECUTE FUNCTION prongsai_audit('fiscal_year_id', 'indicator');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON question_results FOR EACH ROW EXECUTE FUNCTION prongsai_audit('fiscal_year_id', 'code');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON oit_item_results FOR EACH ROW EXECUTE FUNCTION prongsai_audit('fiscal_year_id', 'code');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON analysis_texts FOR EACH ROW EXECUTE FUNCTION prongsai_audit('fiscal_year_id', 'section');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON measures FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON measure_indicators FOR EACH ROW EXECUTE FUNCTION prongsai_audit('measure_id', 'indicator');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON measure_responsibles FOR EACH ROW EXECUTE FUNCTION prongsai_audit('measure_id', 'seq');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON progress_entries FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON evidence FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON approvals FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON publications FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON survey_batches FOR EACH ROW EXECUTE FUNCTION prongsai_audit('id');
