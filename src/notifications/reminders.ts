/**
 * Reminders (issue 20, point 1; docs/notifications.md): what is due at `now` for an organisation, each a
 * NotificationEvent whose subject carries its period ('progress-overdue:<measure>:2026-12'), so that computing
 * the same reminders twice notifies once (the inbox keeps one item per person and subject).
 *
 * - Monthly progress (the month before today's, the fiscal year it belongs to), for each measure in progress:
 *   due on the organisation's due day (`progress_due_day`, 1–28, default 5) of the month after, to the heads of
 *   the units responsible (the coordinator when no unit is named); overdue after that day, to them and the
 *   coordinator. Evidence missing for a month reported, from the due day, to the unit heads.
 * - OIT items with a monthly or six-monthly update (src/portal/freshness.ts): the newest period 'due' and the
 *   newest 'overdue' one, and an item whose published content covers another fiscal year, to the coordinator.
 * - A complaint's acknowledgement or closing deadline within 3 days, to its handlers: never its content, type or
 *   complainant — a link to the case only.
 * - An EIT survey closing within 7 days below its minimum sample (src/surveys/service.ts), to the coordinator.
 * - The NACC calendar (dates the coordinator enters): 7 days and 1 day before each milestone, to the coordinator.
 *
 * `runReminders` notifies each organisation's reminders in one transaction; the deliveries are jobs that the
 * caller drains (`prongsai reminders`) or the runners take (`serve`, which computes reminders every hour as the
 * job {@link REMINDERS_KIND}).
 */
import type { Db, Queryable } from '../db/index.ts';
import { write, type Actor } from '../app/actor.ts';
import { cliPrincipal, type Principal, type Role } from '../app/authz.ts';
import { enqueue, type JobHandler } from '../jobs/queue.ts';
import { monthRange, EN_MONTHS, todayInBangkok } from '../measures/reporting.ts';
import { yearFreshness } from '../portal/freshness.ts';
import { handlers as complaintHandlers } from '../complaints/keys.ts';
import { surveyResultsOf } from '../surveys/service.ts';
import { fiscalYearOfDate, messageDate, thaiMonthName, toBuddhistYear } from '../thai/index.ts';
import type { Message } from '../messages.ts';
import { notify, type EventKind, type NotificationEvent } from './events.ts';
import { reminderMessages } from './reminder-messages.ts';
import {
  selectClosingSurveys,
  selectComplaintDeadlines,
  selectMeasureMonth,
  selectMilestonesBetween,
  selectNotifiedSubjects,
  selectReminderOrgs,
  type ReminderOrgRow,
} from './repo-reminders.ts';

export const REMINDERS_ACTOR: Actor = { id: null, label: 'ระบบแจ้งเตือน (reminders)' };
const PRINCIPAL: Principal = cliPrincipal(REMINDERS_ACTOR);

/** Days before a complaint's deadline, a survey's end and a milestone that the reminders start. */
export const COMPLAINT_DAYS = 3;
export const SURVEY_DAYS = 7;
export const MILESTONE_DAYS = [7, 1] as const;

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** A calendar date plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The month before the one of `today` (YYYY-MM) and the due date of its progress (YYYY-MM-DD). */
export function progressMonth(today: string, dueDay: number): { month: string; due: string } {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const month = m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
  return { month, due: `${today.slice(0, 7)}-${pad(dueDay)}` };
}

const short = (text: string) => (text.length > 150 ? `${text.slice(0, 149)}…` : text);

const event = (kind: EventKind, org: ReminderOrgRow, to: NotificationEvent['to'], subject: string, title: Message, link: string): NotificationEvent => ({
  kind,
  orgId: org.id,
  to,
  subject,
  titleTh: title.th,
  titleEn: title.en,
  link,
});

const COORDINATOR: NotificationEvent['to'] = { roles: ['coordinator'] };
const unitHeads = (unitIds: readonly string[]): NotificationEvent['to'][] =>
  unitIds.length === 0 ? [COORDINATOR] : unitIds.map((unitId) => ({ roles: ['unit_head'] as Role[], unitId }));

async function progressReminders(db: Queryable, org: ReminderOrgRow, today: string): Promise<NotificationEvent[]> {
  const { month, due } = progressMonth(today, org.progress_due_day);
  if (today < due) return [];
  const { start, end } = monthRange(month);
  const year = fiscalYearOfDate(start);
  const gy = Number(month.slice(0, 4));
  const mm = Number(month.slice(5, 7));
  const label = { monthTh: `${thaiMonthName(mm)} ${toBuddhistYear(gy)}`, monthEn: `${EN_MONTHS[mm - 1] as string} ${gy}` };
  const date = messageDate(due);
  const out: NotificationEvent[] = [];
  for (const m of await selectMeasureMonth(db, org.id, year, start, end)) {
    const link = `/staff/o/${org.slug}/${year}/measures/${m.id}`;
    const p = { seq: m.seq, title: short(m.title_th), ...label, dateTh: date.th, dateEn: date.en };
    if (!m.has_progress) {
      const overdue = today > due;
      const kind = overdue ? 'progress.overdue' : 'progress.due';
      const subject = `${overdue ? 'progress-overdue' : 'progress'}:${m.id}:${month}`;
      const title = overdue ? reminderMessages.progressOverdue(p) : reminderMessages.progressDue(p);
      const to = overdue && m.unit_ids.length > 0 ? [...unitHeads(m.unit_ids), COORDINATOR] : unitHeads(m.unit_ids);
      for (const who of to) out.push(event(kind, org, who, subject, title, link));
    } else if (!m.has_evidence) {
      for (const who of unitHeads(m.unit_ids)) out.push(event('evidence.missing', org, who, `evidence:${m.id}:${month}`, reminderMessages.evidenceMissing(p), link));
    }
  }
  return out;
}

async function oitReminders(org: ReminderOrgRow, db: Queryable, year: number, now: Date): Promise<NotificationEvent[]> {
  const out: NotificationEvent[] = [];
  for (const item of await yearFreshness(db, PRINCIPAL, { org: org.slug, year }, now)) {
    const link = `/staff/o/${org.slug}/${year}/portal/oit/${item.code}`;
    const base = { code: item.code, title: short(item.titleTh) };
    if (item.recurring) {
      const due = item.periods.filter((p) => p.state === 'due').at(-1);
      if (due) {
        const date = messageDate(due.due);
        const title = reminderMessages.oitDue({ ...base, periodTh: due.th, periodEn: due.en, dateTh: date.th, dateEn: date.en });
        out.push(event('oit.due', org, COORDINATOR, `oit:${item.code}:${due.start.slice(0, 7)}`, title, link));
      }
      const stale = item.periods.filter((p) => p.state === 'overdue').at(-1);
      if (stale) {
        const title = reminderMessages.oitStale({ ...base, periodTh: stale.th, periodEn: stale.en });
        out.push(event('oit.stale', org, COORDINATOR, `oit-stale:${item.code}:${stale.start.slice(0, 7)}`, title, link));
      }
    }
    if (item.coverage && item.problems.some((p) => p.code === 'wrong-coverage-year')) {
      const title = reminderMessages.oitWrongYear({ ...base, year: item.coverage.expected });
      out.push(event('oit.stale', org, COORDINATOR, `oit-year:${item.code}:${item.coverage.expected}`, title, link));
    }
  }
  return out;
}

async function complaintReminders(db: Queryable, org: ReminderOrgRow, today: string): Promise<NotificationEvent[]> {
  const deadlines = await selectComplaintDeadlines(db, org.id, today, addDays(today, COMPLAINT_DAYS));
  if (deadlines.length === 0) return [];
  const people = (await complaintHandlers(db, org.id)).map((h) => h.personId);
  if (people.length === 0) return [];
  return deadlines.map((d) => {
    const date = messageDate(d.due);
    const title = reminderMessages.complaintDeadline({ ack: d.which === 'ack', dateTh: date.th, dateEn: date.en });
    return event('complaint.deadline', org, { people }, `complaint-deadline:${d.id}:${d.which}:${d.due}`, title, `/staff/o/${org.slug}/complaints/${d.id}`);
  });
}

async function surveyReminders(db: Queryable, org: ReminderOrgRow, today: string): Promise<NotificationEvent[]> {
  const out: NotificationEvent[] = [];
  for (const s of await selectClosingSurveys(db, org.id, today, addDays(today, SURVEY_DAYS))) {
    const [found] = await surveyResultsOf(db, PRINCIPAL, { org: org.slug, year: s.year }, s.id);
    const results = found?.results;
    if (!results || results.minimumReached !== false || results.minimum === null) continue;
    const date = messageDate(s.closes_on);
    const title = reminderMessages.surveyMinimum({ title: short(s.title), count: results.respondents, minimum: results.minimum, dateTh: date.th, dateEn: date.en });
    out.push(event('survey.minimum', org, COORDINATOR, `survey-minimum:${s.id}`, title, `/staff/o/${org.slug}/${s.year}/surveys/${s.id}`));
  }
  return out;
}

async function milestoneReminders(db: Queryable, org: ReminderOrgRow, today: string): Promise<NotificationEvent[]> {
  const [far, near] = MILESTONE_DAYS;
  return (await selectMilestonesBetween(db, org.id, today, addDays(today, far))).map((m) => {
    const days = daysBetween(today, m.on_date);
    const date = messageDate(m.on_date);
    const name = reminderMessages[m.milestone]();
    const title = reminderMessages.milestone({ nameTh: name.th, nameEn: name.en, days, year: m.year, dateTh: date.th, dateEn: date.en });
    const stage = days <= near ? near : far;
    return event('calendar.milestone', org, COORDINATOR, `calendar:${m.year}:${m.milestone}:${m.on_date}:${stage}`, title, `/staff/o/${org.slug}/${m.year}/calendar`);
  });
}

/** Everything due for one organisation at `now`. */
export async function dueReminders(db: Queryable, org: ReminderOrgRow, now: Date): Promise<NotificationEvent[]> {
  const today = todayInBangkok(now);
  const year = fiscalYearOfDate(today);
  return [
    ...(await progressReminders(db, org, today)),
    ...(org.has_year ? await oitReminders(org, db, year, now) : []),
    ...(await complaintReminders(db, org, today)),
    ...(await surveyReminders(db, org, today)),
    ...(await milestoneReminders(db, org, today)),
  ];
}

export interface ReminderSummary {
  readonly organisations: number;
  /** Reminders computed, by kind (each addressed group counts once). */
  readonly events: Readonly<Partial<Record<EventKind, number>>>;
  /** Reminders not notified before (a subject already in the organisation's inbox is not notified again). */
  readonly new: number;
  /** The people those reached. */
  readonly notified: number;
}

/** Computes and notifies the reminders due at `now` for every organisation, one transaction per organisation. */
export async function runReminders(db: Db, now: Date): Promise<ReminderSummary> {
  const today = todayInBangkok(now);
  const events: Partial<Record<EventKind, number>> = {};
  let notified = 0;
  let fresh = 0;
  const orgs = await selectReminderOrgs(db, fiscalYearOfDate(today));
  for (const org of orgs) {
    const all = await dueReminders(db, org, now);
    if (all.length === 0) continue;
    for (const e of all) events[e.kind] = (events[e.kind] ?? 0) + 1;
    // Notified before (an earlier hour, an earlier run): not again, not even counted against the person's sends.
    const known = await selectNotifiedSubjects(db, org.id, [...new Set(all.map((e) => e.subject))]);
    const due = all.filter((e) => !known.has(e.subject));
    if (due.length === 0) continue;
    fresh += due.length;
    notified += await write(db, REMINDERS_ACTOR, org.id, async (tx) => {
      let n = 0;
      for (const e of due) n += await notify(tx, e, now);
      return n;
    });
  }
  return { organisations: orgs.length, events, new: fresh, notified };
}

/** The job that computes the reminders in `serve`, once an hour. */
export const REMINDERS_KIND = 'reminders.compute';

const hourKey = (at: Date) => `${REMINDERS_KIND}:${at.toISOString().slice(0, 13)}`;
const nextHour = (at: Date) => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000 + 3_600_000);

/** Queues this hour's reminders job (once per hour whatever the number of processes: its dedupe key). */
export async function scheduleReminders(db: Queryable, now: Date): Promise<void> {
  await enqueue(db, { kind: REMINDERS_KIND, runAt: now, dedupeKey: hourKey(now) });
}

/** The hourly job: queues the next hour's first (so that a failure never ends the chain), then computes. */
export const remindersJob: JobHandler = async (_job, { db, now }) => {
  const next = nextHour(now);
  await enqueue(db, { kind: REMINDERS_KIND, runAt: next, dedupeKey: hourKey(next) });
  await runReminders(db, now);
};
