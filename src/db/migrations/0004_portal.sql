-- The public transparency portal (issue 6): what an organisation discloses, item by item, at stable URLs.
--
-- A publication is one version of one thing: an OIT item of a fiscal year (kind 'oit', item_code O1…), the
-- executive's integrity declaration of a year ('declaration'), the ITA results of a year ('results') or a free
-- page ('page', item_code = the page's slug, no year). Versions of the same thing share (org, kind, year, code)
-- and are numbered 1, 2, 3…; a later edit of an approved version is a new draft version, and the approved one
-- never changes again (a trigger below refuses it), so that the URL a checker was given keeps showing exactly
-- what was approved.
--
-- Life of a version: draft (being prepared) → submitted (frozen: its documents are rendered and stored, the
-- approver reads exactly those bytes; it can go back to draft) → approved (publish_at: the instant it becomes
-- public, now or later) → withdrawn (taken down, with a public reason). Whether a version is public is decided
-- at request time: status = 'approved' AND publish_at <= now, so a scheduled version is visible from that
-- instant and not a moment earlier, without any job running at that time.
-- Written for PostgreSQL 15 (Debian) and PGlite (PostgreSQL 18) alike.

ALTER TABLE publications DROP CONSTRAINT publications_status_check;
ALTER TABLE publications ADD CONSTRAINT publications_status_check CHECK (status IN ('draft', 'submitted', 'approved', 'withdrawn'));
-- Visibility is computed from publish_at at request time; a stored "published" instant would need a clock job.
ALTER TABLE publications DROP COLUMN published_at;
ALTER TABLE publications
  ADD COLUMN item_code text,
  -- Everyone who created or changed this version (the approver must not be one of them).
  ADD COLUMN preparer_ids uuid[] NOT NULL DEFAULT '{}',
  ADD COLUMN submitted_by text,
  ADD COLUMN submitted_at timestamptz(3),
  ADD COLUMN decided_by_id uuid,
  ADD COLUMN decided_by text,
  ADD COLUMN decided_at timestamptz(3),
  -- The approver's comment when sending a version back to draft.
  ADD COLUMN review_comment text,
  ADD COLUMN withdrawn_by text,
  ADD COLUMN withdrawn_at timestamptz(3),
  -- Shown on the public page of the withdrawn version.
  ADD COLUMN withdrawn_reason text;
ALTER TABLE publications ADD CONSTRAINT publications_kind_check CHECK (
  (kind = 'oit' AND fiscal_year_id IS NOT NULL AND item_code ~ '^O[0-9]{1,2}$')
  OR (kind IN ('declaration', 'results') AND fiscal_year_id IS NOT NULL AND item_code IS NULL)
  OR (kind = 'page' AND fiscal_year_id IS NULL AND item_code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(item_code) <= 64)
);
ALTER TABLE publications ADD CONSTRAINT publications_title_check CHECK (length(title_th) BETWEEN 1 AND 500);
ALTER TABLE publications ADD CONSTRAINT publications_approved_check CHECK (status NOT IN ('approved', 'withdrawn') OR (publish_at IS NOT NULL AND decided_at IS NOT NULL));
ALTER TABLE publications ADD CONSTRAINT publications_withdrawn_check CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL));

-- One number per version of a thing, and at most one version in preparation (draft or submitted) at a time.
CREATE UNIQUE INDEX publications_version ON publications (org_id, kind, coalesce(fiscal_year_id, '00000000-0000-0000-0000-000000000000'), coalesce(item_code, ''), version);
CREATE UNIQUE INDEX publications_open ON publications (org_id, kind, coalesce(fiscal_year_id, '00000000-0000-0000-0000-000000000000'), coalesce(item_code, ''))
  WHERE status IN ('draft', 'submitted');
CREATE INDEX publications_public ON publications (org_id, publish_at) WHERE status = 'approved';

-- The files of a version: attachments uploaded by staff, and the documents of the year (measures plan, measures
-- report, analysis) rendered once at submission as HTML, PDF and DOCX. The bytes are in `files`, by SHA-256.
CREATE TABLE publication_files (
  publication_id uuid NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 1),
  role text NOT NULL CHECK (role IN ('attachment', 'document')),
  sha256 text NOT NULL REFERENCES files (sha256),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  media_type text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  -- What the file is, as the public page names it.
  label_th text CHECK (length(label_th) <= 300),
  -- The period the file covers (a monthly procurement summary: that month), for the freshness checks.
  period_start date,
  period_end date,
  -- Documents: which document of which fiscal year, in which format, rendered from data with this hash
  -- (src/app/approval-state.ts), and what the document linter said about that data.
  doc_kind text CHECK (doc_kind IN ('measures-report', 'measures-plan', 'analysis')),
  doc_year integer,
  doc_format text CHECK (doc_format IN ('html', 'pdf', 'docx')),
  data_sha256 text,
  problems jsonb,
  PRIMARY KEY (publication_id, seq),
  CHECK ((role = 'document') = (doc_kind IS NOT NULL AND doc_year IS NOT NULL AND doc_format IS NOT NULL)),
  CHECK (period_start IS NULL OR period_end IS NULL OR period_end >= period_start)
);
CREATE INDEX publication_files_sha ON publication_files (sha256);

-- What the portal says about the organisation beyond its name: a description, and the contact that the open-data
-- catalogue (Thai GDC: maintainer, maintainer_email; license_id) requires.
CREATE TABLE portal_settings (
  org_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  description_th text CHECK (length(description_th) <= 2000),
  maintainer_th text CHECK (length(maintainer_th) <= 200),
  contact_email text CHECK (length(contact_email) <= 320),
  contact_phone text CHECK (length(contact_phone) <= 100),
  license_id text NOT NULL DEFAULT 'Open Data Common',
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- A version that left the draft state keeps its content; an approved or withdrawn one keeps its schedule and
-- approval too, and never goes back. Only the status moves: submitted → draft or approved, approved → withdrawn.
CREATE FUNCTION prongsai_publication_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'draft'
     AND (NEW.org_id, NEW.fiscal_year_id, NEW.kind, NEW.item_code, NEW.version, NEW.title_th, NEW.content, NEW.supersedes_id, NEW.preparer_ids)
         IS DISTINCT FROM (OLD.org_id, OLD.fiscal_year_id, OLD.kind, OLD.item_code, OLD.version, OLD.title_th, OLD.content, OLD.supersedes_id, OLD.preparer_ids) THEN
    RAISE EXCEPTION 'publication % (version %) is frozen: prepare a new version instead', OLD.id, OLD.version USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status IN ('approved', 'withdrawn')
     AND ((NEW.status NOT IN ('approved', 'withdrawn')) OR (OLD.status = 'withdrawn' AND NEW.status <> 'withdrawn')
          OR (NEW.publish_at, NEW.decided_at, NEW.decided_by_id) IS DISTINCT FROM (OLD.publish_at, OLD.decided_at, OLD.decided_by_id)) THEN
    RAISE EXCEPTION 'publication % (version %) was approved: it can only be withdrawn', OLD.id, OLD.version USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER publications_frozen BEFORE UPDATE ON publications FOR EACH ROW EXECUTE FUNCTION prongsai_publication_frozen();

-- The files of a version that left the draft state are frozen with it (a cascade from deleting the version or its
-- organisation finds the version gone and passes).
CREATE FUNCTION prongsai_publication_files_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  state text;
BEGIN
  SELECT status INTO state FROM publications WHERE id = OLD.publication_id;
  IF state IS NOT NULL AND state <> 'draft' THEN
    RAISE EXCEPTION 'the files of publication % are frozen', OLD.publication_id USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER publication_files_frozen BEFORE UPDATE OR DELETE ON publication_files FOR EACH ROW EXECUTE FUNCTION prongsai_publication_files_frozen();

SELECT prongsai_audit_table('publication_files', ARRAY['publication_id', 'seq']);
SELECT prongsai_audit_table('portal_settings', ARRAY['org_id']);
