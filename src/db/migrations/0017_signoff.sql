-- The sign-off of the official documents (issue 15, point 2): who prepares them (name and position) and the
-- executive's position (e.g. นายกองค์การบริหารส่วนตำบลห้วยทอง), printed under the signature lines; the executive's
-- name comes from the approval record. Kept beside the year's data, never in the data an approval's hash covers.
ALTER TABLE organisations
  ADD COLUMN preparer_name text CHECK (length(preparer_name) BETWEEN 1 AND 200),
  ADD COLUMN preparer_position text CHECK (length(preparer_position) BETWEEN 1 AND 200),
  ADD COLUMN executive_position text CHECK (length(executive_position) BETWEEN 1 AND 200);

-- The organisation's emblem (ตรา), printed centred at the top of the first page: PNG or JPEG, at most 1 MB, its
-- type checked by content. A table of its own so that the audit log records the change (type, size, hash) without
-- the picture: a column named bytes never enters the log.
CREATE TABLE organisation_emblems (
  org_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
  media_type text NOT NULL CHECK (media_type IN ('image/png', 'image/jpeg')),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  size integer NOT NULL CHECK (size BETWEEN 1 AND 1048576),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL CHECK (length(bytes) BETWEEN 1 AND 1048576),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
SELECT prongsai_audit_table('organisation_emblems', ARRAY['org_id']);
