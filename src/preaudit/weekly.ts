/**
 * The weekly check (issue 21): during the OIT period of a year — the oit_open .. oit_close dates the coordinator
 * enters in the NACC calendar (src/notifications/calendar.ts) — every organisation's OIT items are checked once a
 * week. A daily planner job ({@link PLAN_KIND}: a chain like the reminders', each run queues the next Bangkok
 * day's first; `serve` starts it) queues one {@link CHECK_KIND} job per organisation whose window holds today and whose weekday it is (a
 * stable hash of its id, so the national load is spread over the week), deduplicated per organisation, year and ISO
 * week. The job checks as the system ('ตรวจ OIT รายสัปดาห์'), records the history and notifies a broken item
 * (./service.ts `checkOit`). Without both calendar dates, no weekly check.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import type { Actor } from '../app/actor.ts';
import { cliPrincipal } from '../app/authz.ts';
import { enqueue, type JobHandler, type JobHandlers } from '../jobs/queue.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { orgsInOitWindow } from '../notifications/calendar.ts';
import { publicOrigin } from '../notifications/events.ts';
import { injectOf, withOwnSite, type Injectable, type Reader } from './check.ts';
import { sharedFetcher } from './fetch.ts';
import { noticeMessages } from './notice-messages.ts';
import { checkOit } from './service.ts';

export const PLAN_KIND = 'preaudit.plan';
export const CHECK_KIND = 'preaudit.check';

/** Who the weekly check acts as (the audit log's actor; the history's trigger is 'weekly'). */
export const WEEKLY_ACTOR: Actor = { id: null, label: noticeMessages.weeklyActor().th };

/** The reader of a check: the portal's own pages in-process (`app`), every other address by the safe fetcher. */
export function ownSiteReader(app: Injectable, env: NodeJS.ProcessEnv = process.env): Reader {
  return withOwnSite(publicOrigin(env), injectOf(app), sharedFetcher(env));
}

/** A reader for a job, and what to release after it (the in-process server). */
export type ReaderOf = (db: Db) => Promise<{ readonly reader: Reader; close(): Promise<void> }>;

/** The organisation's day of the week for its check: 0 = Monday … 6 = Sunday, stable (a hash of its id). */
export function weekdayOf(orgId: string): number {
  return createHash('sha256').update(orgId).digest().readUInt32BE(0) % 7;
}

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** The Monday-based weekday (0 = Monday) of a day YYYY-MM-DD. */
export const weekdayOfDay = (day: string): number => (dayDate(day).getUTCDay() + 6) % 7;

/** The ISO week of a day YYYY-MM-DD, e.g. '2027-W03'. */
export function isoWeek(day: string): string {
  const d = dayDate(day);
  const thursday = new Date(d.getTime() + (3 - weekdayOfDay(day)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const CheckPayload = z.strictObject({ orgId: z.string(), slug: z.string(), year: z.number().int() });
type CheckPayload = z.output<typeof CheckPayload>;

/** Queues the checks due on `now`'s Bangkok day; returns how many were queued (not queued before this week). */
export async function planWeekly(db: Queryable, now: Date): Promise<number> {
  const day = todayInBangkok(now);
  const weekday = weekdayOfDay(day);
  let queued = 0;
  for (const w of await orgsInOitWindow(db, day)) {
    if (weekdayOf(w.org_id) !== weekday) continue;
    const payload: CheckPayload = { orgId: w.org_id, slug: w.slug, year: w.year };
    const id = await enqueue(db, { kind: CHECK_KIND, orgId: w.org_id, payload, runAt: now, maxAttempts: 3, dedupeKey: `${CHECK_KIND}:${w.org_id}:${w.year}:${isoWeek(day)}` });
    if (id !== null) queued++;
  }
  return queued;
}

const planKey = (day: string) => `${PLAN_KIND}:${day}`;

/** Queues today's planner (once a day whatever the number of processes: its dedupe key). */
export async function schedulePreaudit(db: Queryable, now: Date): Promise<void> {
  await enqueue(db, { kind: PLAN_KIND, runAt: now, dedupeKey: planKey(todayInBangkok(now)) });
}

/** The daily planner: queues the next Bangkok day's first (so that a failure never ends the chain), then plans. */
export const planJob: JobHandler = async (_job, { db, now }) => {
  const next = new Date(dayDate(todayInBangkok(now)).getTime() + 86_400_000 - 7 * 3_600_000);
  await enqueue(db, { kind: PLAN_KIND, runAt: next, dedupeKey: planKey(todayInBangkok(next)) });
  await planWeekly(db, now);
};

/** The check of one organisation's year, as the system. */
export function checkJob(readerOf: ReaderOf): JobHandler {
  return async (job, { db, now }) => {
    const p = CheckPayload.parse(job.payload);
    const { reader, close } = await readerOf(db);
    try {
      await checkOit(db, cliPrincipal(WEEKLY_ACTOR), { org: p.slug, year: p.year }, { trigger: 'weekly', now, origin: publicOrigin(), reader });
    } finally {
      await close();
    }
  };
}

/** Registers the planner and the check job. */
export function preauditHandlers(handlers: JobHandlers, readerOf: ReaderOf): JobHandlers {
  return handlers.on(PLAN_KIND, planJob).on(CHECK_KIND, checkJob(readerOf));
}
