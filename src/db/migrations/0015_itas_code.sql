-- ITAS links and renaming an organisation (issue 14, points 1 and 2).
-- itas_code: the organisation's short code in ITAS (itas.nacc.go.th), from which its survey links are made:
-- https://itas.nacc.go.th/go/iit/<code> (staff) and /go/eit/<code> (service users). The NACC publishes no format;
-- the codes seen on agencies' websites are 6 lowercase letters and digits (u4gpi2, 6bq910, 1e8vml), so letters
-- and digits, 4 to 16 of them, are accepted (../shared/ita/fy2569-research.md §3).
-- (The minimum EIT respondents come from the organisation's type and size group, migration 0014, src/app/vocab.ts.)
ALTER TABLE organisations ADD COLUMN itas_code text CHECK (itas_code ~ '^[A-Za-z0-9]{4,16}$');

-- The slugs an organisation had before a rename: its published URLs /o/<old>/… and /api/o/<old>/… answer 301 to
-- the same path under the new slug, and no other organisation may take an old slug.
CREATE TABLE organisation_old_slugs (
  slug text PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 64),
  org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  retired_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX organisation_old_slugs_org ON organisation_old_slugs (org_id);
SELECT prongsai_audit_table('organisation_old_slugs', ARRAY['slug']);

-- Whatever code creates or renames an organisation, a slug another organisation used before is refused.
CREATE FUNCTION prongsai_slug_not_retired() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM organisation_old_slugs h WHERE h.slug = NEW.slug AND h.org_id <> NEW.id) THEN
    RAISE EXCEPTION 'slug "%" was used by another organisation', NEW.slug USING ERRCODE = 'unique_violation', CONSTRAINT = 'organisation_old_slugs_pkey';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER organisations_slug_not_retired BEFORE INSERT OR UPDATE OF slug ON organisations
  FOR EACH ROW EXECUTE FUNCTION prongsai_slug_not_retired();
