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

const MeasureMonthRow = z.strictObject({ id: col.uuid, seq: col.int, title_th: col.text, has_progress: col.bool, has_evidence: col.bool, unit_ids: col.textArray });
export type MeasureMonthRow = z.output<typeof MeasureMonthRow>;

/**
 * The measures in progress of an organisation's fiscal year whose period reaches into the month [first, last]:
 * whether progress covers the month, whether evidence that counts (not replaced, not rejected) does, and the
 * units responsible.
 */
export function selectMeasureMonth(db: Queryable, orgId: string, year: number, first: string, last: string): Promise<MeasureMonthRow[]> {
  return rows(
    db,
    MeasureMonthRow,
    `SELECT m.id, m.seq, m.title_th,
            EXISTS (SELECT 1 FROM progress_entries p WHERE p.measure_id = m.id AND p.period_start <= $4::date AND p.period_end >= $3::date) AS has_progress,
            EXISTS (SELECT 1 FROM progress_entries p JOIN evidence e ON e.progress_id = p.id
                     WHERE p.measure_id = m.id AND e.review_status <> 'rejected'
                       AND coalesce(e.period_start, p.period_start) <= $4::date AND coalesce(e.period_end, p.period_end) >= $3::date
                       AND NOT EXISTS (SELECT 1 FROM evidence r WHERE r.replaces_id = e.id)) AS has_evidence,
            coalesce((SELECT array_agg(DISTINCT r.unit_id::text) FROM measure_responsibles r WHERE r.measure_id = m.id AND r.unit_id IS NOT NULL), '{}') AS unit_ids
       FROM measures m JOIN fiscal_years f ON f.id = m.fiscal_year_id
      WHERE f.org_id = $1 AND f.year = $2 AND m.status = 'in_progress'
        AND (m.period_start IS NULL OR m.period_start <= $4::date) AND (m.period_end IS NULL OR m.period_end >= $3::date)
      ORDER BY m.seq`,
    [orgId, year, first, last],
  );
}

/** Which of `subjects` the organisation's inbox holds already (a reminder notified before). */
export async function selectNotifiedSubjects(db: Queryable, orgId: string, subjects: readonly string[]): Promise<Set<string>> {
  const found = await rows(db, z.strictObject({ subject: col.text }), 'SELECT DISTINCT subject FROM inbox_items WHERE org_id = $1 AND subject = ANY($2::text[])', [orgId, subjects]);
  return new Set(found.map((r) => r.subject));
}

const DeadlineRow = z.strictObject({ id: col.uuid, which: z.enum(['ack', 'close']), due: col.date });

/** The open complaints' deadlines (acknowledgement, closing) that fall in [from, to]: ids and dates only. */
export function selectComplaintDeadlines(db: Queryable, orgId: string, from: string, to: string): Promise<z.output<typeof DeadlineRow>[]> {
  return rows(
    db,
    DeadlineRow,
    `SELECT id, 'ack' AS which, ack_due AS due FROM complaints
      WHERE org_id = $1 AND status <> 'closed' AND acknowledged_on IS NULL AND ack_due BETWEEN $2::date AND $3::date
     UNION ALL
     SELECT id, 'close' AS which, close_due AS due FROM complaints
      WHERE org_id = $1 AND status <> 'closed' AND close_due BETWEEN $2::date AND $3::date
     ORDER BY due, id`,
    [orgId, from, to],
  );
}

const ClosingSurveyRow = z.strictObject({ id: col.uuid, year: col.int, title: col.text, closes_on: col.date });

/** The organisation's published EIT surveys that close in [from, to] (the ones with a minimum sample). */
export function selectClosingSurveys(db: Queryable, orgId: string, from: string, to: string): Promise<z.output<typeof ClosingSurveyRow>[]> {
  return rows(
    db,
    ClosingSurveyRow,
    `SELECT id, year, title, closes_on FROM surveys
      WHERE org_id = $1 AND status = 'published' AND kind = 'EIT' AND closes_on BETWEEN $2::date AND $3::date ORDER BY closes_on, id`,
    [orgId, from, to],
  );
}

const CalendarRow = z.strictObject({ year: col.int, milestone: z.enum(MILESTONES), on_date: col.date });
export type CalendarRow = z.output<typeof CalendarRow>;

/** The organisation's milestones dated in [from, to], of any year. */
export function selectMilestonesBetween(db: Queryable, orgId: string, from: string, to: string): Promise<CalendarRow[]> {
  return rows(
    db,
    CalendarRow,
    'SELECT year, milestone, on_date FROM nacc_calendar WHERE org_id = $1 AND on_date BETWEEN $2::date AND $3::date ORDER BY on_date, milestone',
    [orgId, from, to],
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
