/**
 * The NACC calendar of a fiscal year and the organisation's progress due day (migration 0029): what the reminders
 * (./reminders.ts) remind of. The NACC announces its dates each year; the coordinator enters them here, nothing
 * guesses them. Who: those who plan the measures (measures.write) and the organisation's administrators.
 */
import type { Db, Queryable } from '../db/index.ts';
import { actorOf, type Action, type Principal } from '../app/authz.ts';
import { write } from '../app/actor.ts';
import { resolveYear, type YearRef } from '../app/context.ts';
import { InputError, InputErrors } from '../errors.ts';
import { fiscalYearRange } from '../thai/index.ts';
import { reminderMessages } from './reminder-messages.ts';
import { MILESTONES, putMilestone, selectCalendar, selectDueDay, selectOitWindowsOn, updateDueDay, type Milestone, type OitWindowRow } from './repo-reminders.ts';
import { addDays } from './reminders.ts';

export { MILESTONES, type Milestone, type OitWindowRow } from './repo-reminders.ts';

export const CALENDAR_ACTIONS: readonly Action[] = ['measures.write', 'org.admin'];

export interface NaccCalendar {
  readonly year: number;
  /** The day of the month by which last month's progress is due. */
  readonly dueDay: number;
  /** YYYY-MM-DD, or null when not entered. */
  readonly dates: Readonly<Record<Milestone, string | null>>;
}

export async function naccCalendar(db: Queryable, principal: Principal, ref: YearRef): Promise<NaccCalendar> {
  const ctx = await resolveYear(db, principal, ref, CALENDAR_ACTIONS);
  const found = new Map((await selectCalendar(db, ctx.orgId, ctx.year)).map((r) => [r.milestone, r.on_date]));
  const dates = Object.fromEntries(MILESTONES.map((m) => [m, found.get(m) ?? null])) as Record<Milestone, string | null>;
  return { year: ctx.year, dueDay: await selectDueDay(db, ctx.orgId), dates };
}

export interface CalendarInput {
  readonly dueDay: string;
  /** Per milestone: YYYY-MM-DD, or '' to remove it. */
  readonly dates: Readonly<Partial<Record<Milestone, string>>>;
}

const validDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Sets the due day and the milestones (all checked first; a refused form changes nothing). */
export async function setNaccCalendar(db: Db, principal: Principal, ref: YearRef, input: CalendarInput): Promise<void> {
  const ctx = await resolveYear(db, principal, ref, CALENDAR_ACTIONS);
  const errors: InputError[] = [];
  const dueText = input.dueDay.trim();
  const dueDay = /^\d{1,2}$/.test(dueText) ? Number(dueText) : NaN;
  if (!(dueDay >= 1 && dueDay <= 28)) errors.push(new InputError('dueDay', reminderMessages.badDueDay({ given: dueText.slice(0, 20) })));
  const range = fiscalYearRange(ctx.year);
  const [from, to] = [addDays(range.start, -366), addDays(range.end, 366)];
  const dates = MILESTONES.map((m) => {
    const given = (input.dates[m] ?? '').trim();
    if (given !== '' && !validDate(given)) errors.push(new InputError(m, reminderMessages.badDate({ given: given.slice(0, 20) })));
    else if (given !== '' && (given < from || given > to)) errors.push(new InputError(m, reminderMessages.outsideYear({ given, year: ctx.year })));
    return [m, given === '' ? null : given] as const;
  });
  if (errors.length > 0) throw new InputErrors(errors);
  await write(db, actorOf(principal), ctx.orgId, async (tx) => {
    await updateDueDay(tx, ctx.orgId, dueDay);
    for (const [m, on] of dates) await putMilestone(tx, ctx.orgId, ctx.year, m, on);
  });
}

/**
 * The organisations whose OIT window (the oit_open .. oit_close dates entered) holds on `day` (YYYY-MM-DD, Bangkok),
 * with the fiscal year: the weekly pre-audit (src/preaudit/weekly.ts). The system's own read: no principal.
 */
export function orgsInOitWindow(db: Queryable, day: string): Promise<OitWindowRow[]> {
  return selectOitWindowsOn(db, day);
}

/** The day the OIT of the organisation's fiscal year closes (YYYY-MM-DD), or null when not entered. */
export async function oitCloseOf(db: Queryable, orgId: string, year: number): Promise<string | null> {
  return (await selectCalendar(db, orgId, year)).find((r) => r.milestone === 'oit_close')?.on_date ?? null;
}
