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
 * - An approval made out of date by a later change of the year's data, to its requester and deciders, once.
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
import { approvalStates } from '../approvals/state.ts';
import { rolesWith } from '../inbox/service.ts';
import type { ApprovalSubject } from '../model/year.ts';
import { loadYear } from '../years/years.ts';
import { notify, type EventKind, type NotificationEvent } from './events.ts';
import { reminderMessages } from './reminder-messages.ts';
import {
  selectClosingSurveys,
  selectComplaintDeadlines,
  selectMeasureMonth,
  selectMilestonesBetween,
  selectNotifiedSubjects,
  selectOutdatedCandidates,
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

/** Rows of several organisations, by organisation (in their order). */
function byOrg<T extends { readonly org_id: string }>(list: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of list) {
    const group = out.get(row.org_id);
    if (group) group.push(row);
    else out.set(row.org_id, [row]);
  }
  return out;
}

type Reminders = Map<string, NotificationEvent[]>;
const add = (out: Reminders, orgId: string, e: NotificationEvent) => {
  const list = out.get(orgId);
  if (list) list.push(e);
  else out.set(orgId, [e]);
};

/** Progress due, overdue and evidence missing: one statement over the organisations whose due day has come. */
async function progressReminders(db: Queryable, orgs: readonly ReminderOrgRow[], today: string, out: Reminders): Promise<void> {
  const dueOf = (org: ReminderOrgRow) => progressMonth(today, org.progress_due_day).due;
  const ready = orgs.filter((o) => today >= dueOf(o));
  if (ready.length === 0) return;
  const { month } = progressMonth(today, 1);
  const { start, end } = monthRange(month);
  const year = fiscalYearOfDate(start);
  const gy = Number(month.slice(0, 4));
  const mm = Number(month.slice(5, 7));
  const label = { monthTh: `${thaiMonthName(mm)} ${toBuddhistYear(gy)}`, monthEn: `${EN_MONTHS[mm - 1] as string} ${gy}` };
  const measures = byOrg(await selectMeasureMonth(db, ready.map((o) => o.id), year, start, end));
  for (const org of ready) {
    const due = dueOf(org);
    const date = messageDate(due);
    for (const m of measures.get(org.id) ?? []) {
      const link = `/staff/o/${org.slug}/${year}/measures/${m.id}`;
      const p = { seq: m.seq, title: short(m.title_th), ...label, dateTh: date.th, dateEn: date.en };
      if (!m.has_progress) {
        const overdue = today > due;
        const kind = overdue ? 'progress.overdue' : 'progress.due';
        const subject = `${overdue ? 'progress-overdue' : 'progress'}:${m.id}:${month}`;
        const title = overdue ? reminderMessages.progressOverdue(p) : reminderMessages.progressDue(p);
        const to = overdue && m.unit_ids.length > 0 ? [...unitHeads(m.unit_ids), COORDINATOR] : unitHeads(m.unit_ids);
        for (const who of to) add(out, org.id, event(kind, org, who, subject, title, link));
      } else if (!m.has_evidence) {
        for (const who of unitHeads(m.unit_ids)) add(out, org.id, event('evidence.missing', org, who, `evidence:${m.id}:${month}`, reminderMessages.evidenceMissing(p), link));
      }
    }
  }
}

/** Organisations whose OIT freshness is read at the same time (PostgreSQL's pool shares them; PGlite takes turns). */
const OIT_WIDTH = 4;

/** `fn` over `list`, at most `width` at a time, the results in the list's order. */
async function inTurns<T, R>(list: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, list.length) }, worker));
  return out;
}

/** The OIT items' freshness: the portal's rules (src/portal/freshness.ts), read per organisation having the year. */
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

/** Complaints' deadlines within 3 days (one statement), to the handlers (read only where a deadline is near). */
async function complaintReminders(db: Queryable, orgs: readonly ReminderOrgRow[], today: string, out: Reminders): Promise<void> {
  const deadlines = byOrg(await selectComplaintDeadlines(db, orgs.map((o) => o.id), today, addDays(today, COMPLAINT_DAYS)));
  for (const org of orgs) {
    const list = deadlines.get(org.id);
    if (!list) continue;
    const people = (await complaintHandlers(db, org.id)).map((h) => h.personId);
    if (people.length === 0) continue;
    for (const d of list) {
      const date = messageDate(d.due);
      const title = reminderMessages.complaintDeadline({ ack: d.which === 'ack', dateTh: date.th, dateEn: date.en });
      add(out, org.id, event('complaint.deadline', org, { people }, `complaint-deadline:${d.id}:${d.which}:${d.due}`, title, `/staff/o/${org.slug}/complaints/${d.id}`));
    }
  }
}

/** EIT surveys closing within 7 days (one statement), below their minimum sample (counted only for those). */
async function surveyReminders(db: Queryable, orgs: readonly ReminderOrgRow[], today: string, out: Reminders): Promise<void> {
  const surveys = byOrg(await selectClosingSurveys(db, orgs.map((o) => o.id), today, addDays(today, SURVEY_DAYS)));
  for (const org of orgs) {
    for (const s of surveys.get(org.id) ?? []) {
      const [found] = await surveyResultsOf(db, PRINCIPAL, { org: org.slug, year: s.year }, s.id);
      const results = found?.results;
      if (!results || results.minimumReached !== false || results.minimum === null) continue;
      const date = messageDate(s.closes_on);
      const title = reminderMessages.surveyMinimum({ title: short(s.title), count: results.respondents, minimum: results.minimum, dateTh: date.th, dateEn: date.en });
      add(out, org.id, event('survey.minimum', org, COORDINATOR, `survey-minimum:${s.id}`, title, `/staff/o/${org.slug}/${s.year}/surveys/${s.id}`));
    }
  }
}

/** The NACC calendar's milestones 7 days and 1 day ahead (one statement). */
async function milestoneReminders(db: Queryable, orgs: readonly ReminderOrgRow[], today: string, out: Reminders): Promise<void> {
  const [far, near] = MILESTONE_DAYS;
  const milestones = byOrg(await selectMilestonesBetween(db, orgs.map((o) => o.id), today, addDays(today, far)));
  for (const org of orgs) {
    for (const m of milestones.get(org.id) ?? []) {
      const days = daysBetween(today, m.on_date);
      const date = messageDate(m.on_date);
      const name = reminderMessages[m.milestone]();
      const title = reminderMessages.milestone({ nameTh: name.th, nameEn: name.en, days, year: m.year, dateTh: date.th, dateEn: date.en });
      const stage = days <= near ? near : far;
      add(out, org.id, event('calendar.milestone', org, COORDINATOR, `calendar:${m.year}:${m.milestone}:${m.on_date}:${stage}`, title, `/staff/o/${org.slug}/${m.year}/calendar`));
    }
  }
}

/**
 * Approvals made out of date: each subject's standing approval whose organisation's year data changed after the
 * decision and that nobody was told about (one statement), its hash computed again (src/approvals/state.ts); to
 * the requester, the decider and those who may decide, once per approval.
 */
async function outdatedApprovals(db: Queryable, orgs: readonly ReminderOrgRow[], out: Reminders): Promise<void> {
  const slugs = new Map(orgs.map((o) => [o.id, o]));
  for (const c of await selectOutdatedCandidates(db, orgs.map((o) => o.id))) {
    const org = slugs.get(c.org_id) as ReminderOrgRow;
    const [state] = await approvalStates(db, c.fiscal_year_id, await loadYear(db, org.slug, c.year), [c.subject as ApprovalSubject]);
    if (!state || state.approved?.id !== c.id || state.upToDate) continue;
    const people = [c.requested_by_person, c.decided_by_person].filter((p) => p !== null);
    const title = reminderMessages.approvalOutdated({ nameTh: state.nameTh, nameEn: state.nameEn, year: c.year });
    const to = { people, roles: rolesWith('approval.decide', org.id) };
    add(out, org.id, event('approval.outdated', org, to, `approval-outdated:${c.id}`, title, `/staff/o/${org.slug}/${c.year}/approvals`));
  }
}

/**
 * Everything due at `now` for the organisations, by organisation id (in the order: progress, OIT, complaints,
 * surveys, milestones, approvals): each kind one statement over all of them, but the OIT freshness (the portal's
 * loader, per organisation, {@link OIT_WIDTH} at a time).
 */
export async function dueRemindersOf(db: Queryable, orgs: readonly ReminderOrgRow[], now: Date): Promise<Map<string, NotificationEvent[]>> {
  const today = todayInBangkok(now);
  const year = fiscalYearOfDate(today);
  const progress: Reminders = new Map();
  const others: Reminders = new Map();
  await progressReminders(db, orgs, today, progress);
  await complaintReminders(db, orgs, today, others);
  await surveyReminders(db, orgs, today, others);
  await milestoneReminders(db, orgs, today, others);
  await outdatedApprovals(db, orgs, others);
  const oit = await inTurns(orgs, OIT_WIDTH, (org) => (org.has_year ? oitReminders(org, db, year, now) : Promise.resolve([])));
  const out = new Map<string, NotificationEvent[]>();
  orgs.forEach((org, i) => {
    const all = [...(progress.get(org.id) ?? []), ...(oit[i] ?? []), ...(others.get(org.id) ?? [])];
    if (all.length > 0) out.set(org.id, all);
  });
  return out;
}

/** Everything due for one organisation at `now`. */
export async function dueReminders(db: Queryable, org: ReminderOrgRow, now: Date): Promise<NotificationEvent[]> {
  return (await dueRemindersOf(db, [org], now)).get(org.id) ?? [];
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
  let count = 0;
  const orgs = await selectReminderOrgs(db, fiscalYearOfDate(today));
  const due = await dueRemindersOf(db, orgs, now);
  const all = [...due.values()].flat();
  for (const e of all) events[e.kind] = (events[e.kind] ?? 0) + 1;
  // Notified before (an earlier hour, an earlier run): not again, not even counted against the person's sends.
  const known = all.length === 0 ? new Set<string>() : await selectNotifiedSubjects(db, [...due.keys()], [...new Set(all.map((e) => e.subject))]);
  for (const [orgId, list] of due) {
    const fresh = list.filter((e) => !known.has(`${orgId} ${e.subject}`));
    if (fresh.length === 0) continue;
    count += fresh.length;
    notified += await write(db, REMINDERS_ACTOR, orgId, async (tx) => {
      let n = 0;
      for (const e of fresh) n += await notify(tx, e, now);
      return n;
    });
  }
  return { organisations: orgs.length, events, new: count, notified };
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
