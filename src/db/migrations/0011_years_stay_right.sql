-- Years that stay right (issue 13, point 3).
--
-- Analysis texts (src/app/analysis.ts). A section without a row is generated from the scores whenever it is read,
-- so it always follows them. A row is a text a person wrote (or imported); it remembers the text generated from
-- the scores when it was written or last confirmed (based_on_th). When the scores change so that the generated
-- text is no longer that one, the row is marked stale and keeps the newly generated text beside it (new_th)
-- until someone takes the new text (the row goes) or confirms their own (based_on_th becomes the new text).
ALTER TABLE analysis_texts
  ADD COLUMN based_on_th text,
  ADD COLUMN stale boolean NOT NULL DEFAULT false,
  ADD COLUMN new_th text,
  ADD CONSTRAINT analysis_texts_stale_check CHECK (stale = (new_th IS NOT NULL));

-- An approval given while the linter reported errors in its document carries the executive's reason
-- (src/app/approvals.ts); the audit log records it with the decision.
ALTER TABLE approvals ADD COLUMN override_reason text CHECK (override_reason IS NULL OR length(override_reason) BETWEEN 1 AND 4000);

-- Closing and reopening a year (src/app/years.ts): who did it, when, and why (the audit log keeps each change).
ALTER TABLE fiscal_years
  ADD COLUMN status_changed_by text,
  ADD COLUMN status_changed_at timestamptz(3),
  ADD COLUMN status_reason text CHECK (status_reason IS NULL OR length(status_reason) BETWEEN 1 AND 4000);
