-- The agency's own IIT/EIT surveys (issue 19): a survey asks a SNAPSHOT of its tool's questions of the year's
-- criteria (taken at creation, with the scales they use: a later pack revision never changes what its answers
-- mean) and the agency's own satisfaction questions (kept apart from the ITA score). `year` is the fiscal year it
-- estimates, one of the organisation's fiscal years. Its public link is /s/<link_token>; each service point has
-- its own link.
CREATE TABLE surveys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  year integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('IIT', 'EIT')),
  title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  questions jsonb NOT NULL,
  own_questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(own_questions) = 'array'),
  opens_on date NOT NULL,
  closes_on date NOT NULL,
  target_respondents integer CHECK (target_respondents > 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
  publish_results boolean NOT NULL DEFAULT false,
  link_token text NOT NULL UNIQUE CHECK (link_token ~ '^[A-Za-z0-9_-]{16,64}$'),
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (closes_on >= opens_on),
  FOREIGN KEY (org_id, year) REFERENCES fiscal_years (org_id, year) ON DELETE CASCADE
);
CREATE INDEX surveys_org_year ON surveys (org_id, year);

CREATE TABLE survey_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  link_token text NOT NULL UNIQUE CHECK (link_token ~ '^[A-Za-z0-9_-]{16,64}$')
);
CREATE INDEX survey_points_survey ON survey_points (survey_id);

SELECT prongsai_audit_table(t.tbl::regclass, t.keys) FROM (VALUES
  ('surveys', ARRAY['id']),
  ('survey_points', ARRAY['id'])
) AS t (tbl, keys);

-- IIT one-time codes: only the sha256 of the normalised code. No time, no audit. Answering with a code deletes its
-- row in the transaction that inserts the response: a used code and a code never issued answer the same.
CREATE TABLE survey_codes (
  survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
  PRIMARY KEY (survey_id, code_hash)
);

-- One respondent's answers: one byte per snapshot item (0 = not answered, k = k-th option), the same for the own
-- questions. `month` (first day of the Bangkok month of the answer) is the only time kept. NO other column and NO
-- audit trigger: nothing links a response to a code, a person, an address or a time of day. The id is random.
CREATE TABLE survey_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survey_id uuid NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
  point_id uuid REFERENCES survey_points (id) ON DELETE SET NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  answers bytea NOT NULL,
  own_answers bytea NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id, month);
