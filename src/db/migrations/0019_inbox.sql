-- One inbox per person (issue 16, point 7): what waits for them, read or not, later also the notifications of
-- other issues. For now the executive's "รออนุมัติ": a document waiting for approval (approvals) and a portal
-- item waiting (publications), written when the request is made, done when it is decided. `subject` names what
-- the item is about ('approval:<id>', 'publication:<id>'): one item per person and subject, so that asking again
-- after a rejection brings the same item back unread.
CREATE TABLE inbox_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('approval', 'publication')),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  title_th text NOT NULL CHECK (length(title_th) BETWEEN 1 AND 500),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 500),
  -- A staff page (relative path) where the item is dealt with.
  link text NOT NULL CHECK (link ~ '^/staff/' AND length(link) <= 500),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  read_at timestamptz(3),
  done_at timestamptz(3),
  UNIQUE (person_id, subject)
);
CREATE INDEX inbox_items_person ON inbox_items (person_id, created_at DESC);
CREATE INDEX inbox_items_subject ON inbox_items (org_id, subject) WHERE done_at IS NULL;
