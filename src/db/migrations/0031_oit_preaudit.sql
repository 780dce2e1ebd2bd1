-- The OIT pre-audit (issue 21; src/preaudit/, docs/preaudit.md).
--
-- oit_answers: where the agency answers an OIT item in ITAS when it is not the portal's own page — its own
-- website's address(es) and an explanation. No row: the answer sheet's portal address is the answer. Audited.
-- src/preaudit/answers.ts checks the same with its messages; the database keeps it true for any writer.
CREATE FUNCTION oit_answer_urls_ok(urls text[]) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(bool_and(u ~* '^https?://[^/?#@[:space:]]' AND length(u) <= 2000), false) FROM unnest(urls) AS u
$$;

CREATE TABLE oit_answers (
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  year integer NOT NULL,
  item_code text NOT NULL CHECK (length(item_code) BETWEEN 1 AND 20),
  urls text[] NOT NULL CHECK (cardinality(urls) BETWEEN 1 AND 5 AND oit_answer_urls_ok(urls)),
  explanation text NOT NULL DEFAULT '' CHECK (length(explanation) <= 4000),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, year, item_code),
  FOREIGN KEY (org_id, year) REFERENCES fiscal_years (org_id, year) ON DELETE CASCADE
);

SELECT prongsai_audit_table('oit_answers'::regclass, ARRAY['org_id', 'year', 'item_code']);

-- oit_checks: the history of the checks as stretches of the same outcome. Recording a check whose fingerprint
-- (status, reason codes, URL statuses) is that of the item's latest row only moves last_checked_at (and the
-- detail); another outcome starts a new row. So the history reads "passed from … to …, broke on …". Not audited:
-- it is its own log.
CREATE TABLE oit_checks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  year integer NOT NULL,
  item_code text NOT NULL,
  status text NOT NULL CHECK (status IN ('pass', 'manual', 'fail')),
  reasons jsonb NOT NULL DEFAULT '[]',
  urls jsonb NOT NULL DEFAULT '[]',
  requirements jsonb NOT NULL DEFAULT '[]',
  fingerprint text NOT NULL,
  first_checked_at timestamptz(3) NOT NULL,
  last_checked_at timestamptz(3) NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('now', 'weekly', 'cli')),
  CHECK (last_checked_at >= first_checked_at)
);

CREATE INDEX oit_checks_latest ON oit_checks (org_id, year, item_code, last_checked_at DESC);
