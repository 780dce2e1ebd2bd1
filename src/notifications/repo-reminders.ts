/**
 * What the reminders read (src/notifications/reminders.ts) and the NACC calendar (migration 0029): light counts
 * over the measures, complaints and surveys of a fiscal year, never a complaint's content. Rows checked as read.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

export const MILESTONES = ['oit_open', 'oit_close', 'survey_open', 'survey_close', 'results'] as const;
export type Milestone = (typeof MILESTONES)[number];

const OrgRow = z.strictObject({ id: col.uuid, slug: col.text, progress_due_day: col.int, has_year: col.bool });
export type ReminderOrgRow = z.output<typeof OrgRow>;

/** Every organisation, with its progress due day and whether it has the fiscal year `year`. */
export function selectReminderOrgs(db: Queryable, year: number): Promise<ReminderOrgRow[]> {
  return rows(
    db,
    OrgRow,
    `SELECT o.id, o.slug, o.progress_due_day, EXISTS (SELECT 1 FROM fiscal_years f WHERE f.org_id = o.id AND f.year = $1) AS has_year
       FROM organisations o ORDER BY o.slug`,
    [year],
  );
}

const MeasureMonthRow = z.strictObject({
  org_id: col.uuid,
  id: col.uuid,
  seq: col.int,
  title_th: col.text,
  has_progress: col.bool,
  has_evidence: col.bool,
  unit_ids: col.textArray,
});
export type MeasureMonthRow = z.output<typeof MeasureMonthRow>;

/**
 * The measures in progress of the organisations' fiscal year `year` whose period reaches into the month [first,
 * last], in one statement: whether progress covers the month, whether evidence that counts (not replaced, not
 * rejected) does, and the units responsible.
 */
export function selectMeasureMonth(db: Queryable, orgIds: readonly string[], year: number, first: string, last: string): Promise<MeasureMonthRow[]> {
  return rows(
    db,
    MeasureMonthRow,
    `SELECT f.org_id, m.id, m.seq, m.title_th,
            EXISTS (SELECT 1 FROM progress_entries p WHERE p.measure_id = m.id AND p.period_start <= $4::date AND p.period_end >= $3::date) AS has_progress,
            EXISTS (SELECT 1 FROM progress_entries p JOIN evidence e ON e.progress_id = p.id
                     WHERE p.measure_id = m.id AND e.review_status <> 'rejected'
                       AND coalesce(e.period_start, p.period_start) <= $4::date AND coalesce(e.period_end, p.period_end) >= $3::date
                       AND NOT EXISTS (SELECT 1 FROM evidence r WHERE r.replaces_id = e.id)) AS has_evidence,
            coalesce((SELECT array_agg(DISTINCT r.unit_id::text) FROM measure_responsibles r WHERE r.measure_id = m.id AND r.unit_id IS NOT NULL), '{}') AS unit_ids
       FROM measures m JOIN fiscal_years f ON f.id = m.fiscal_year_id
      WHERE f.org_id = ANY($1::uuid[]) AND f.year = $2 AND m.status = 'in_progress'
        AND (m.period_start IS NULL OR m.period_start <= $4::date) AND (m.period_end IS NULL OR m.period_end >= $3::date)
      ORDER BY f.org_id, m.seq`,
    [orgIds, year, first, last],
  );
}

/** Which of `subjects` the organisations' inboxes hold already (a reminder notified before): 'orgId subject'. */
export async function selectNotifiedSubjects(db: Queryable, orgIds: readonly string[], subjects: readonly string[]): Promise<Set<string>> {
  const found = await rows(
    db,
    z.strictObject({ org_id: col.uuid, subject: col.text }),
    'SELECT DISTINCT org_id, subject FROM inbox_items WHERE org_id = ANY($1::uuid[]) AND subject = ANY($2::text[])',
    [orgIds, subjects],
  );
  return new Set(found.map((r) => `${r.org_id} ${r.subject}`));
}

const DeadlineRow = z.strictObject({ org_id: col.uuid, id: col.uuid, which: z.enum(['ack', 'close']), due: col.date });

/** The open complaints' deadlines (acknowledgement, closing) that fall in [from, to]: ids and dates only. */
export function selectComplaintDeadlines(db: Queryable, orgIds: readonly string[], from: string, to: string): Promise<z.output<typeof DeadlineRow>[]> {
  return rows(
    db,
    DeadlineRow,
    `SELECT org_id, id, 'ack' AS which, ack_due AS due FROM complaints
      WHERE org_id = ANY($1::uuid[]) AND status <> 'closed' AND acknowledged_on IS NULL AND ack_due BETWEEN $2::date AND $3::date
     UNION ALL
     SELECT org_id, id, 'close' AS which, close_due AS due FROM complaints
      WHERE org_id = ANY($1::uuid[]) AND status <> 'closed' AND close_due BETWEEN $2::date AND $3::date
     ORDER BY org_id, due, id`,
    [orgIds, from, to],
  );
}

const ClosingSurveyRow = z.strictObject({ org_id: col.uuid, id: col.uuid, year: col.int, title: col.text, closes_on: col.date });

/** The organisations' published EIT surveys that close in [from, to] (the ones with a minimum sample). */
export function selectClosingSurveys(db: Queryable, orgIds: readonly string[], from: string, to: string): Promise<z.output<typeof ClosingSurveyRow>[]> {
  return rows(
    db,
    ClosingSurveyRow,
    `SELECT org_id, id, year, title, closes_on FROM surveys
      WHERE org_id = ANY($1::uuid[]) AND status = 'published' AND kind = 'EIT' AND closes_on BETWEEN $2::date AND $3::date
      ORDER BY org_id, closes_on, id`,
    [orgIds, from, to],
  );
}

const CalendarRow = z.strictObject({ year: col.int, milestone: z.enum(MILESTONES), on_date: col.date });
export type CalendarRow = z.output<typeof CalendarRow>;

const OrgCalendarRow = CalendarRow.extend({ org_id: col.uuid });

/** The organisations' milestones dated in [from, to], of any year. */
export function selectMilestonesBetween(db: Queryable, orgIds: readonly string[], from: string, to: string): Promise<z.output<typeof OrgCalendarRow>[]> {
  return rows(
    db,
    OrgCalendarRow,
    `SELECT org_id, year, milestone, on_date FROM nacc_calendar
      WHERE org_id = ANY($1::uuid[]) AND on_date BETWEEN $2::date AND $3::date ORDER BY org_id, on_date, milestone`,
    [orgIds, from, to],
  );
}

const OitWindowRow = z.strictObject({ org_id: col.uuid, slug: col.text, year: col.int, oit_open: col.date, oit_close: col.date });
export type OitWindowRow = z.output<typeof OitWindowRow>;

/** The organisations' fiscal years whose OIT window (oit_open .. oit_close, both entered) holds on `day`. */
export function selectOitWindowsOn(db: Queryable, day: string): Promise<OitWindowRow[]> {
  return rows(
    db,
    OitWindowRow,
    `SELECT o.id AS org_id, o.slug, a.year, a.on_date AS oit_open, b.on_date AS oit_close
       FROM nacc_calendar a
       JOIN nacc_calendar b ON b.org_id = a.org_id AND b.year = a.year AND b.milestone = 'oit_close'
       JOIN organisations o ON o.id = a.org_id
      WHERE a.milestone = 'oit_open' AND a.on_date <= $1::date AND b.on_date >= $1::date
      ORDER BY o.slug, a.year`,
    [day],
  );
}

/** The milestones of one fiscal year. */
export function selectCalendar(db: Queryable, orgId: string, year: number): Promise<CalendarRow[]> {
  return rows(db, CalendarRow, 'SELECT year, milestone, on_date FROM nacc_calendar WHERE org_id = $1 AND year = $2 ORDER BY on_date, milestone', [orgId, year]);
}

/** Sets (a date) or removes (null) one milestone. */
export async function putMilestone(db: Queryable, orgId: string, year: number, milestone: Milestone, onDate: string | null): Promise<void> {
  if (onDate === null) {
    await db.query('DELETE FROM nacc_calendar WHERE org_id = $1 AND year = $2 AND milestone = $3', [orgId, year, milestone]);
    return;
  }
  await db.query(
    `INSERT INTO nacc_calendar (org_id, year, milestone, on_date) VALUES ($1, $2, $3, $4::date)
     ON CONFLICT (org_id, year, milestone) DO UPDATE SET on_date = EXCLUDED.on_date WHERE nacc_calendar.on_date IS DISTINCT FROM EXCLUDED.on_date`,
    [orgId, year, milestone, onDate],
  );
}

export async function selectDueDay(db: Queryable, orgId: string): Promise<number> {
  const row = await oneRow(db, z.strictObject({ progress_due_day: col.int }), 'SELECT progress_due_day FROM organisations WHERE id = $1', [orgId]);
  return row?.progress_due_day ?? 5;
}

export async function updateDueDay(db: Queryable, orgId: string, day: number): Promise<void> {
  await db.query('UPDATE organisations SET progress_due_day = $2 WHERE id = $1 AND progress_due_day <> $2', [orgId, day]);
}

const OutdatedCandidateRow = z.strictObject({
  org_id: col.uuid,
  fiscal_year_id: col.uuid,
  year: col.int,
  id: col.uuid,
  subject: col.text,
  requested_by_person: col.uuid.nullable(),
  decided_by_person: col.uuid.nullable(),
});
export type OutdatedCandidateRow = z.output<typeof OutdatedCandidateRow>;

/** The tables whose changes can change what an approval approved (src/approvals/state.ts approvalPayload). */
const YEAR_DATA = ['organisations', 'fiscal_years', 'units', 'indicator_scores', 'question_results', 'oit_item_results', 'analysis_texts', 'measures', 'measure_indicators', 'measure_responsibles', 'progress_entries', 'evidence'];

/**
 * The cheap filter before an approval's hash is computed again, in one statement: each subject's latest approval
 * (it stands until a later one), when its organisation's year data changed after its decision (the audit log) and nobody was told
 * yet that it is out of date.
 */
export function selectOutdatedCandidates(db: Queryable, orgIds: readonly string[]): Promise<OutdatedCandidateRow[]> {
  return rows(
    db,
    OutdatedCandidateRow,
    `SELECT l.org_id, l.fiscal_year_id, l.year, l.id, l.subject, l.requested_by_person, l.decided_by_person
       FROM (SELECT DISTINCT ON (a.fiscal_year_id, a.subject) f.org_id, a.fiscal_year_id, f.year, a.id, a.subject, a.decided_at,
                    a.requested_by_person, a.decided_by_person
               FROM approvals a JOIN fiscal_years f ON f.id = a.fiscal_year_id
              WHERE f.org_id = ANY($1::uuid[]) AND a.status = 'approved'
              ORDER BY a.fiscal_year_id, a.subject, a.decided_at DESC NULLS LAST) l
      WHERE EXISTS (SELECT 1 FROM audit_log g WHERE g.org_id = l.org_id AND g.at > l.decided_at AND g.entity = ANY($2::text[]))
        AND NOT EXISTS (SELECT 1 FROM inbox_items i WHERE i.org_id = l.org_id AND i.subject = 'approval-outdated:' || l.id::text)
      ORDER BY l.org_id, l.year, l.subject`,
    [orgIds, YEAR_DATA],
  );
}
