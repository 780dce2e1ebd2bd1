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

-- Per-question scores of a year (from the agency's own survey or the NACC's report), one row per year: the
-- list [{code, score, respondents}] in catalogue order. A national survey import writes 8,300 rows, not 250,000.
CREATE TABLE question_results (
  fiscal_year_id uuid PRIMARY KEY REFERENCES fiscal_years (id) ON DELETE CASCADE,
  results jsonb NOT NULL CHECK (jsonb_typeof(results) = 'array')
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

-- Raw survey answers, kept for audit and recomputation: one batch per import and fiscal year. The batch (who,
-- when, which file) is audited; its answers, like file contents, are bulk bytes kept beside it: one record per
-- respondent in file order, one byte per answerable item in the order of `items` (0 = not answered, k = the k-th
-- option of the item's scale). 1.35 million responses are 8,300 rows, not 1.35 million.
CREATE TABLE survey_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  filename text,
  sha256 text,
  items text[] NOT NULL,
  respondents integer NOT NULL CHECK (respondents >= 0),
  imported_by text,
  imported_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX survey_batches_year ON survey_batches (fiscal_year_id);

CREATE TABLE survey_answers (
  batch_id uuid PRIMARY KEY REFERENCES survey_batches (id) ON DELETE CASCADE,
  -- The records, compressed with raw DEFLATE (RFC 1951): answers are small numbers, mostly repeated.
  answers_deflated bytea NOT NULL
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
-- Secrets (hashes of passwords and tokens) and bulk bytes (file contents, raw survey answers) never enter the log.
-- A restore sets prongsai.audit = 'off' for its own transaction.
--
-- The triggers are per statement, over the statement's transition tables: one INSERT … SELECT into the log for
-- a whole statement, so that a national import of 8,300 agencies is logged row by row without a function call
-- per row. Keys (the trigger's arguments) are never updated by the application, so an update's old and new rows
-- are matched on them. An update that changes nothing but updated_at is not logged. A row's organisation is its
-- org_id, else that of its fiscal year, else the organisation the application named for the transaction.
CREATE FUNCTION prongsai_audit_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor jsonb := coalesce(nullif(current_setting('prongsai.actor', true), '')::jsonb, '{}'::jsonb);
  hidden text[] := ARRAY['password_hash', 'token_hash', 'bytes', 'answers'];
  key_new text := '';
  key_old text := '';
  joined text := '';
  i integer;
BEGIN
  IF current_setting('prongsai.audit', true) = 'off' THEN
    RETURN NULL;
  END IF;
  FOR i IN 0 .. TG_NARGS - 1 LOOP
    key_new := key_new || CASE WHEN i > 0 THEN ' || '':'' || ' ELSE '' END || format('coalesce(n.%I::text, '''')', TG_ARGV[i]);
    key_old := key_old || CASE WHEN i > 0 THEN ' || '':'' || ' ELSE '' END || format('coalesce(o.%I::text, '''')', TG_ARGV[i]);
    joined := joined || CASE WHEN i > 0 THEN ' AND ' ELSE '' END || format('o.%1$I = n.%1$I', TG_ARGV[i]);
  END LOOP;
  IF TG_OP = 'INSERT' THEN
    EXECUTE format(
      'INSERT INTO audit_log (actor_id, actor_label, org_id, entity, entity_id, action, before, after)
       SELECT $1, $2, coalesce((to_jsonb(n) ->> ''org_id'')::uuid, (SELECT f.org_id FROM fiscal_years f WHERE f.id = (to_jsonb(n) ->> ''fiscal_year_id'')::uuid), $3), %L, %s, ''insert'', NULL, to_jsonb(n) - $4 FROM new_rows n',
      TG_TABLE_NAME, key_new)
    USING actor ->> 'id', coalesce(actor ->> 'label', 'system'), (actor ->> 'org')::uuid, hidden;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format(
      'INSERT INTO audit_log (actor_id, actor_label, org_id, entity, entity_id, action, before, after)
       SELECT $1, $2, coalesce((to_jsonb(o) ->> ''org_id'')::uuid, (SELECT f.org_id FROM fiscal_years f WHERE f.id = (to_jsonb(o) ->> ''fiscal_year_id'')::uuid), $3), %L, %s, ''delete'', to_jsonb(o) - $4, NULL FROM old_rows o',
      TG_TABLE_NAME, key_old)
    USING actor ->> 'id', coalesce(actor ->> 'label', 'system'), (actor ->> 'org')::uuid, hidden;
  ELSE
    EXECUTE format(
      'INSERT INTO audit_log (actor_id, actor_label, org_id, entity, entity_id, action, before, after)
       SELECT $1, $2, coalesce((to_jsonb(n) ->> ''org_id'')::uuid, (SELECT f.org_id FROM fiscal_years f WHERE f.id = (to_jsonb(n) ->> ''fiscal_year_id'')::uuid), $3), %L, %s, ''update'', to_jsonb(o) - $4, to_jsonb(n) - $4
         FROM new_rows n JOIN old_rows o ON %s
        WHERE (to_jsonb(o) - $4 - ''updated_at'') IS DISTINCT FROM (to_jsonb(n) - $4 - ''updated_at'')',
      TG_TABLE_NAME, key_new, joined)
    USING actor ->> 'id', coalesce(actor ->> 'label', 'system'), (actor ->> 'org')::uuid, hidden;
  END IF;
  RETURN NULL;
END
$$;

-- Audits a table: three statement triggers (a trigger with transition tables has one event). `keys` name the
-- columns that identify a row.
CREATE FUNCTION prongsai_audit_table(tbl regclass, keys text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  args text := (SELECT string_agg(quote_literal(k), ', ') FROM unnest(keys) AS k);
BEGIN
  EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prongsai_audit_rows(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION prongsai_audit_rows(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION prongsai_audit_rows(%s)', tbl, args);
END
$$;

SELECT prongsai_audit_table(t.tbl::regclass, t.keys) FROM (VALUES
  ('organisations', ARRAY['id']),
  ('units', ARRAY['id']),
  ('people', ARRAY['id']),
  ('roles', ARRAY['id']),
  ('fiscal_years', ARRAY['id']),
  ('indicator_scores', ARRAY['fiscal_year_id', 'indicator']),
  ('question_results', ARRAY['fiscal_year_id']),
  ('oit_item_results', ARRAY['fiscal_year_id', 'code']),
  ('analysis_texts', ARRAY['fiscal_year_id', 'section']),
  ('measures', ARRAY['id']),
  ('measure_indicators', ARRAY['measure_id', 'indicator']),
  ('measure_responsibles', ARRAY['measure_id', 'seq']),
  ('progress_entries', ARRAY['id']),
  ('evidence', ARRAY['id']),
  ('approvals', ARRAY['id']),
  ('publications', ARRAY['id']),
  ('survey_batches', ARRAY['id'])
) AS t (tbl, keys);
