-- Reminders (issue 20, point 1; src/notifications/reminders.ts). `progress_due_day`: the day of the month by which
-- each measure's progress for the month before is due (1–28, so that every month has it); after it the progress
-- is overdue. `nacc_calendar`: the NACC's milestones of a fiscal year as the organisation's coordinator enters
-- them (the NACC announces its dates each year; nothing here guesses them): the OIT window, the IIT/EIT window and
-- the results. A reminder goes 7 days and 1 day before each.
ALTER TABLE organisations ADD COLUMN progress_due_day smallint NOT NULL DEFAULT 5 CHECK (progress_due_day BETWEEN 1 AND 28);

CREATE TABLE nacc_calendar (
  org_id uuid NOT NULL,
  year integer NOT NULL,
  milestone text NOT NULL CHECK (milestone IN ('oit_open', 'oit_close', 'survey_open', 'survey_close', 'results')),
  on_date date NOT NULL,
  PRIMARY KEY (org_id, year, milestone),
  FOREIGN KEY (org_id, year) REFERENCES fiscal_years (org_id, year) ON DELETE CASCADE
);

SELECT prongsai_audit_table('nacc_calendar'::regclass, ARRAY['org_id', 'year', 'milestone']);
