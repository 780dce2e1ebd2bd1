/**
 * The durable job queue (issue 20, point 4; docs/jobs.md). A capability queues work with {@link enqueue} inside its
 * own transaction, so that the work is queued if and only if its change commits. Runners take due jobs in one short
 * statement (FOR UPDATE SKIP LOCKED: on PostgreSQL several processes share the work, each job taken by one runner at
 * a time; on PGlite the same code, one in-process runner), under a lease: a process killed mid-job leaves the job
 * 'running' until the lease ends, and then any runner takes it again. The handler runs outside that statement's
 * transaction; then the job is done, or queued again with backoff, or failed once its attempts are used up.
 *
 * Handlers are a registry given to the runner ({@link JobHandlers}), built at composition (src/web/server.ts
 * `jobHandlers`), never a global. The clock is injected everywhere (`now`): the CLI's --now and the tests move it.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { Forbidden, type Principal } from '../app/authz.ts';
import { NotFound } from '../app/errors.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { jobsMessages } from './messages.ts';
import {
  countDoneByKind,
  deleteDoneBefore,
  failAbandoned,
  insertJob,
  markAttemptFailed,
  markDone,
  requeueFailed,
  selectJob,
  selectJobs,
  takeJobs,
  type JobRow,
  type JobStatus,
  type TakenRow,
} from './repo.ts';

export { JOB_STATUSES, type JobStatus } from './repo.ts';

const KIND = /^[a-z][a-z0-9.-]*$/;

/** What a capability queues. */
export interface JobInput {
  /** Which handler runs it: lower-case letters, digits, dots and dashes ('notify.email'). */
  readonly kind: string;
  /** What the handler needs (JSON); never a secret. */
  readonly payload?: unknown;
  /** The organisation the job concerns (the administrators' view); its jobs are deleted with it. */
  readonly orgId?: string | null;
  /** When it may run (default: the database's now()). */
  readonly runAt?: Date;
  /** Attempts before it fails (default 8). */
  readonly maxAttempts?: number;
  /** Work computed twice is queued once: a second job of the same key is not queued. */
  readonly dedupeKey?: string;
  /** What the job records as its creation (default: the database's now()): a day's start where the time of day must not be written (a complaint's filing). */
  readonly createdAt?: Date;
}

/** A callback to wake the runners of this process (a job was queued here). */
const wakers = new Set<() => void>();

/**
 * Queues a job inside the caller's transaction (queued iff it commits). Returns its id, or null when a job of the
 * same dedupe key exists already (nothing queued). Wakes this process's runner.
 */
export async function enqueue(q: Queryable, job: JobInput): Promise<number | null> {
  if (!KIND.test(job.kind) || job.kind.length > 100) throw new InputError('kind', jobsMessages.badKind({ kind: job.kind }));
  const maxAttempts = job.maxAttempts ?? 8;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) throw new InputError('maxAttempts', jobsMessages.badAttempts({ given: maxAttempts }));
  const id = await insertJob(q, {
    kind: job.kind,
    payload: job.payload ?? {},
    orgId: job.orgId ?? null,
    runAt: job.runAt ? job.runAt.toISOString() : null,
    maxAttempts,
    dedupeKey: job.dedupeKey ?? null,
    createdAt: job.createdAt ? job.createdAt.toISOString() : null,
  });
  if (id !== null) for (const wake of wakers) wake();
  return id;
}

/** A job as its handler gets it. */
export interface Job {
  readonly id: number;
  readonly kind: string;
  readonly payload: unknown;
  readonly orgId: string | null;
  /** This attempt's number, from 1. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

export interface JobContext {
  readonly db: Db;
  /** The runner's clock at this attempt. */
  readonly now: Date;
}

export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

/** The handlers a runner knows, by kind: it takes only jobs of these kinds. */
export class JobHandlers {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly everyDay = new Set<string>();
  private readonly closers: (() => void | Promise<void>)[] = [];

  on(kind: string, handler: JobHandler): this {
    if (!KIND.test(kind)) throw new InputError('kind', jobsMessages.badKind({ kind }));
    this.handlers.set(kind, handler);
    return this;
  }

  /** A handler run once a Bangkok day: every runner (and `drain`) queues it with the dedupe key `<kind>:YYYY-MM-DD`. */
  daily(kind: string, handler: JobHandler): this {
    this.on(kind, handler);
    this.everyDay.add(kind);
    return this;
  }

  /** The kinds run once a day (the clean-ups). */
  dailyKinds(): string[] {
    return [...this.everyDay];
  }

  /** Something the handlers hold open (a pooled SMTP connection) that {@link close} releases. */
  onClose(closer: () => void | Promise<void>): this {
    this.closers.push(closer);
    return this;
  }

  /** Releases what the handlers hold open, so that the process may exit (the CLI after `drain`; `serve` on shutdown). */
  async close(): Promise<void> {
    for (const closer of this.closers.splice(0)) await closer();
  }

  get(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}

/** The daily clean-up: deletes the done jobs finished more than {@link KEEP_DONE_DAYS} days ago. */
export const CLEANUP_KIND = 'jobs.cleanup';
export const KEEP_DONE_DAYS = 30;
const DAY_MS = 86_400_000;

export const cleanUpDone: JobHandler = async (_job, { db, now }) => {
  await deleteDoneBefore(db, new Date(now.getTime() - KEEP_DONE_DAYS * DAY_MS).toISOString());
};

/** Queues the daily jobs of `now`'s Bangkok day that `handlers` run (once a day each: their dedupe keys). */
async function queueCleanup(db: Db, handlers: JobHandlers, now: Date): Promise<void> {
  const day = todayInBangkok(now);
  for (const kind of handlers.dailyKinds()) await enqueue(db, { kind, runAt: now, dedupeKey: `${kind}:${day}` });
}

/** The handlers the queue itself needs (the daily clean-up); capabilities add theirs with `.on` (or `.daily`). */
export function queueHandlers(): JobHandlers {
  return new JobHandlers().daily(CLEANUP_KIND, cleanUpDone);
}

/** How many jobs finished (done) at or after `since`, by kind: what a drain did, said exactly (bench/reminders.ts). */
export async function doneByKind(db: Queryable, since: Date): Promise<Record<string, number>> {
  return Object.fromEntries((await countDoneByKind(db, since.toISOString())).map((r) => [r.kind, r.n]));
}

export interface RunOptions {
  readonly now: Date;
  /** Who takes the jobs (default: host, process and a random part). */
  readonly worker?: string;
  /** How long a taken job stays this runner's before another may take it again (default 5 min). */
  readonly leaseMs?: number;
  /** How many jobs one statement takes (default 10). */
  readonly batch?: number;
  /** Told of an error the runner survived (a handler's is recorded on the job instead). */
  readonly onError?: (error: unknown) => void;
}

export interface RunResult {
  readonly done: number;
  /** Queued again after a failed attempt. */
  readonly retried: number;
  readonly failed: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;
const NONE: RunResult = { done: 0, retried: 0, failed: 0 };
const add = (a: RunResult, b: RunResult): RunResult => ({ done: a.done + b.done, retried: a.retried + b.retried, failed: a.failed + b.failed });

export const workerId = (): string => `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** The error as recorded on the job: its message only (never a stack or a value), at most 2,000 characters. */
function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

/** Runs one taken job to its end and records the outcome. */
async function runJob(db: Db, handlers: JobHandlers, row: TakenRow, worker: string, now: Date): Promise<RunResult> {
  const handler = handlers.get(row.kind);
  const job: Job = { id: row.id, kind: row.kind, payload: row.payload, orgId: row.org_id, attempt: row.attempts, maxAttempts: row.max_attempts };
  try {
    if (!handler) throw new Error(jobsMessages.noHandler({ kind: row.kind }).en);
    await handler(job, { db, now });
  } catch (error) {
    const status = await markAttemptFailed(db, row.id, worker, now.toISOString(), errorText(error));
    return status === 'failed' ? { ...NONE, failed: 1 } : status === 'queued' ? { ...NONE, retried: 1 } : NONE;
  }
  return (await markDone(db, row.id, worker, now.toISOString())) ? { ...NONE, done: 1 } : NONE;
}

/** Takes one batch of due jobs at `now` and runs them, one after another. Returns how many it took, and how they ended. */
export async function runOnce(db: Db, handlers: JobHandlers, options: RunOptions): Promise<RunResult & { readonly taken: number }> {
  const worker = options.worker ?? workerId();
  const now = options.now.toISOString();
  await failAbandoned(db, now, (attempts) => jobsMessages.leaseOver({ attempts }).en);
  const taken = await takeJobs(db, worker, now, options.leaseMs ?? DEFAULT_LEASE_MS, options.batch ?? 10, handlers.kinds());
  let result = NONE;
  for (const row of taken) result = add(result, await runJob(db, handlers, row, worker, options.now));
  return { ...result, taken: taken.length };
}

/** The instant of an ISO 8601 time with its zone (the CLI's --now); InputError otherwise. */
export function parseNow(given: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(given.trim()) ? new Date(given.trim()) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new InputError('now', jobsMessages.badNow({ given }));
  return date;
}

/**
 * Runs batches until nothing is due at `now` (the CLI: everything due, then exit), after queueing the day's clean-up
 * when `handlers` run it.
 */
export async function drain(db: Db, handlers: JobHandlers, options: RunOptions): Promise<RunResult> {
  const worker = options.worker ?? workerId();
  await queueCleanup(db, handlers, options.now);
  let total = NONE;
  for (;;) {
    const { taken, ...result } = await runOnce(db, handlers, { ...options, worker });
    total = add(total, result);
    if (taken === 0) return total;
  }
}

export interface RunnerOptions {
  /** The clock (default: the real one). */
  readonly now?: () => Date;
  /** How often it looks for due jobs (default 5 s). */
  readonly pollMs?: number;
  readonly leaseMs?: number;
  readonly batch?: number;
  readonly worker?: string;
  /** Told of an error the runner survived (the database gone for a moment…). */
  readonly onError?: (error: unknown) => void;
}

export interface Runner {
  /** Looks for due jobs soon (a job was queued). */
  wake(): void;
  /** Stops taking jobs and resolves once the job under way, if any, has ended. */
  stop(): Promise<void>;
}

/** How soon after being woken the runner looks: time for the enqueuing transaction to commit. */
const WAKE_MS = 100;

/**
 * A runner in this process (`prongsai serve`): polls every few seconds, is woken by an enqueue in this process,
 * runs batches until nothing is due, and queues the daily clean-up (one per Bangkok day, by its dedupe key) when its
 * handlers have it. An error of a handler is recorded on its job; any other error is told to `onError`, and the
 * runner goes on at the next poll.
 */
export function startRunner(db: Db, handlers: JobHandlers, options: RunnerOptions = {}): Runner {
  const clock = options.now ?? (() => new Date());
  const pollMs = options.pollMs ?? 5_000;
  const worker = options.worker ?? workerId();
  const run: RunOptions = { now: new Date(0), worker, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}), ...(options.batch ? { batch: options.batch } : {}) };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let due = Infinity;
  let current: Promise<void> = Promise.resolve();
  let busy = false;
  let again = false;
  let cleanupDay: string | null = null;

  const pass = async () => {
    const now = clock();
    const today = todayInBangkok(now);
    if (cleanupDay !== today) {
      await queueCleanup(db, handlers, now);
      cleanupDay = today;
    }
    while (!stopped && (await runOnce(db, handlers, { ...run, now: clock() })).taken > 0);
  };

  const schedule = (ms: number) => {
    if (stopped) return;
    const at = Date.now() + ms;
    if (timer && at >= due) return;
    if (timer) clearTimeout(timer);
    due = at;
    timer = setTimeout(tick, ms);
    timer.unref();
  };

  function tick() {
    timer = null;
    due = Infinity;
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    current = pass()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          schedule(0);
        } else schedule(pollMs);
      });
  }

  const wake = () => schedule(WAKE_MS);
  wakers.add(wake);
  schedule(0);
  return {
    wake,
    async stop() {
      stopped = true;
      wakers.delete(wake);
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

// The administrators' view: queued, running and failed jobs with their error; retrying a failed one.

/** A job as the administrators see it (never its payload). */
export interface JobView {
  readonly id: number;
  readonly kind: string;
  readonly orgSlug: string | null;
  readonly status: JobStatus;
  /** ISO instants. */
  readonly runAt: string;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lockedBy: string | null;
  readonly lockedUntil: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

const viewOf = (r: JobRow): JobView => ({
  id: r.id,
  kind: r.kind,
  orgSlug: r.org_slug,
  status: r.status,
  runAt: r.run_at,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  lockedBy: r.locked_by,
  lockedUntil: r.locked_until,
  lastError: r.last_error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

function requireSystemAdmin(principal: Principal): void {
  if (!principal.roles.some((g) => g.role === 'system_admin')) throw new Forbidden('org.admin');
}

/** The most jobs the administrators' list shows. */
export const JOBS_LIST_MAX = 500;

/** Queued, running and failed jobs (only failed ones with `failed`), the oldest due first; system administrators only. */
export async function listJobs(db: Queryable, principal: Principal, options: { readonly failed?: boolean } = {}): Promise<JobView[]> {
  requireSystemAdmin(principal);
  const statuses: JobStatus[] = options.failed ? ['failed'] : ['queued', 'running', 'failed'];
  return (await selectJobs(db, statuses, JOBS_LIST_MAX)).map(viewOf);
}

/** Queues a failed job again, due at `now`, with all its attempts; system administrators only. NotFound otherwise. */
export async function retryJob(db: Queryable, principal: Principal, jobId: string, now: Date): Promise<JobView> {
  requireSystemAdmin(principal);
  const id = /^\d{1,15}$/.test(jobId.trim()) ? Number(jobId.trim()) : NaN;
  if (!Number.isSafeInteger(id) || !(await requeueFailed(db, id, now.toISOString()))) throw new NotFound('jobId', jobsMessages.noFailedJob({ id: jobId }));
  const row = await selectJob(db, id);
  if (!row) throw new NotFound('jobId', jobsMessages.noFailedJob({ id: jobId }));
  return viewOf(row);
}
