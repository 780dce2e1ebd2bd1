-- Advice from supervisors (issue 18, point 2): a supervisor of an office above an organisation leaves advice on
-- one of its fiscal years (an ITA clinic's note), optionally about some of the ten indicators; the
-- organisation's coordinators, administrators and executive reply. `office_id` is the office through which the
-- supervisor advises (their grant's office): the adviser's inbox item for a reply is filed under it. Advice on
-- a closed year is allowed (clinics review results after the year).
CREATE TABLE advice (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  fiscal_year_id uuid NOT NULL REFERENCES fiscal_years (id) ON DELETE CASCADE,
  office_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 4000),
  indicators integer[] NOT NULL DEFAULT '{}' CHECK (indicators <@ ARRAY[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX advice_year ON advice (fiscal_year_id, created_at DESC);

CREATE TABLE advice_replies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  advice_id uuid NOT NULL REFERENCES advice (id) ON DELETE CASCADE,
  author_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 4000),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX advice_replies_advice ON advice_replies (advice_id, created_at);

SELECT prongsai_audit_table(t.tbl::regclass, t.keys) FROM (VALUES
  ('advice', ARRAY['id']),
  ('advice_replies', ARRAY['id'])
) AS t (tbl, keys);

-- The inbox's items about advice: new advice for the organisation, a reply for the adviser.
ALTER TABLE inbox_items DROP CONSTRAINT inbox_items_kind_check;
ALTER TABLE inbox_items ADD CONSTRAINT inbox_items_kind_check CHECK (kind IN ('approval', 'publication', 'advice'));
