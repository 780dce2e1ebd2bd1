/**
 * The job queue's data: the table jobs (migration 0026), its rows checked as they are read (src/db/rows.ts). Every
 * instant is given by the caller (`now`, an ISO string or a Date), never the database's clock, so that the CLI's
 * --now and the tests move time.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** A job as a runner takes it. */
const TakenRow = z.strictObject({
  id: col.int,
  kind: col.text,
  payload: col.json,
  org_id: col.uuid.nullable(),
  attempts: col.int,
  max_attempts: col.int,
});
export type TakenRow = z.output<typeof TakenRow>;

/** A job as the administrators see it (never its payload: it may name people). */
const JobRow = z.strictObject({
  id: col.int,
  kind: col.text,
  org_slug: col.text.nullable(),
  status: z.enum(JOB_STATUSES),
  run_at: col.timestamp,
  attempts: col.int,
  max_attempts: col.int,
  locked_by: col.text.nullable(),
  locked_until: col.timestamp.nullable(),
  last_error: col.text.nullable(),
  created_at: col.timestamp,
  finished_at: col.timestamp.nullable(),
});
export type JobRow = z.output<typeof JobRow>;
const JOB_COLUMNS = `j.id, j.kind, o.slug AS org_slug, j.status, j.run_at, j.attempts, j.max_attempts, j.locked_by, j.locked_until, j.last_error,
  j.created_at, j.finished_at`;

export interface JobInsert {
  readonly kind: string;
  readonly payload: unknown;
  readonly orgId: string | null;
  /** null: the database's now(). */
  readonly runAt: string | null;
  readonly maxAttempts: number;
  readonly dedupeKey: string | null;
  /** null: the database's now(). */
  readonly createdAt?: string | null;
}

const IdRow = z.strictObject({ id: col.int });

/** Inserts a job; null when a job of the same dedupe key exists already (nothing inserted). */
export async function insertJob(q: Queryable, job: JobInsert): Promise<number | null> {
  const row = await oneRow(
    q,
    IdRow,
    `INSERT INTO jobs (kind, payload, org_id, run_at, max_attempts, dedupe_key, created_at)
     VALUES ($1, $2::jsonb, $3::uuid, coalesce($4::timestamptz, now()), $5, $6, coalesce($7::timestamptz, now()))
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [job.kind, JSON.stringify(job.payload ?? {}), job.orgId, job.runAt, job.maxAttempts, job.dedupeKey, job.createdAt ?? null],
  );
  return row?.id ?? null;
}

/**
 * Marks failed the jobs whose lease ended while running on their last attempt (the process died each time): they
 * are not taken again. Returns how many.
 */
export async function failAbandoned(db: Queryable, now: string, error: (attempts: number) => string): Promise<number> {
  const found = await rows(
    db,
    z.strictObject({ id: col.int, attempts: col.int }),
    `UPDATE jobs SET status = 'failed', finished_at = $1::timestamptz, locked_by = NULL, locked_until = NULL
      WHERE status = 'running' AND locked_until < $1::timestamptz AND attempts >= max_attempts RETURNING id, attempts`,
    [now],
  );
  for (const r of found) await db.query('UPDATE jobs SET last_error = $2 WHERE id = $1', [r.id, error(r.attempts).slice(0, 2000)]);
  return found.length;
}

/**
 * Takes up to `limit` due jobs of the given kinds for `worker`, in one statement: queued ones whose time has come,
 * and running ones whose lease has ended (their process stopped); SKIP LOCKED lets other runners take others.
 */
export async function takeJobs(db: Queryable, worker: string, now: string, leaseMs: number, limit: number, kinds: readonly string[]): Promise<TakenRow[]> {
  return rows(
    db,
    TakenRow,
    `UPDATE jobs SET status = 'running', locked_by = $1, locked_until = $2::timestamptz + $3 * interval '1 millisecond', attempts = attempts + 1
      WHERE id IN (SELECT id FROM jobs
                    WHERE ((status = 'queued' AND run_at <= $2::timestamptz) OR (status = 'running' AND locked_until < $2::timestamptz))
                      AND kind = ANY($5::text[])
                    ORDER BY run_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, payload, org_id, attempts, max_attempts`,
    [worker, now, leaseMs, limit, kinds],
  );
}

/** The job ran to its end: done (only while `worker` still holds it). */
export async function markDone(db: Queryable, id: number, worker: string, now: string): Promise<boolean> {
  const found = await rows(
    db,
    IdRow,
    `UPDATE jobs SET status = 'done', finished_at = $3::timestamptz, locked_by = NULL, locked_until = NULL
      WHERE id = $1 AND status = 'running' AND locked_by = $2 RETURNING id`,
    [id, worker, now],
  );
  return found.length > 0;
}

/**
 * The job's attempt failed: queued again after the backoff (30 s · 2^(attempts−1), at most 1 h), or failed when
 * its attempts are used up; with the error. Only while `worker` still holds it. Returns the new status.
 */
export async function markAttemptFailed(db: Queryable, id: number, worker: string, now: string, error: string): Promise<JobStatus | null> {
  const row = await oneRow(
    db,
    z.strictObject({ status: z.enum(JOB_STATUSES) }),
    `UPDATE jobs SET
        status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
        run_at = CASE WHEN attempts >= max_attempts THEN run_at
                      ELSE $3::timestamptz + least(3600, 30 * power(2, attempts - 1)) * interval '1 second' END,
        finished_at = CASE WHEN attempts >= max_attempts THEN $3::timestamptz END,
        locked_by = NULL, locked_until = NULL, last_error = $4
      WHERE id = $1 AND status = 'running' AND locked_by = $2 RETURNING status`,
    [id, worker, now, error.slice(0, 2000)],
  );
  return row?.status ?? null;
}

/** The jobs of the given statuses, the oldest due first; at most `limit`. */
export async function selectJobs(db: Queryable, statuses: readonly JobStatus[], limit: number): Promise<JobRow[]> {
  return rows(
    db,
    JobRow,
    `SELECT ${JOB_COLUMNS} FROM jobs j LEFT JOIN organisations o ON o.id = j.org_id
      WHERE j.status = ANY($1::text[]) ORDER BY j.run_at, j.id LIMIT ${limit}`,
    [statuses],
  );
}

/** One job; undefined when there is none. */
export async function selectJob(db: Queryable, id: number): Promise<JobRow | undefined> {
  return oneRow(db, JobRow, `SELECT ${JOB_COLUMNS} FROM jobs j LEFT JOIN organisations o ON o.id = j.org_id WHERE j.id = $1`, [id]);
}

/** A failed job queued again, due at `now`, with all its attempts; false when no failed job has the id. */
export async function requeueFailed(db: Queryable, id: number, now: string): Promise<boolean> {
  const found = await rows(
    db,
    IdRow,
    `UPDATE jobs SET status = 'queued', run_at = $2::timestamptz, attempts = 0, finished_at = NULL, locked_by = NULL, locked_until = NULL
      WHERE id = $1 AND status = 'failed' RETURNING id`,
    [id, now],
  );
  return found.length > 0;
}

/** Deletes the done jobs finished before `before`; returns how many. */
export async function deleteDoneBefore(db: Queryable, before: string): Promise<number> {
  return (await rows(db, IdRow, `DELETE FROM jobs WHERE status = 'done' AND finished_at < $1::timestamptz RETURNING id`, [before])).length;
}

/** The done jobs finished at or after `since`, counted by kind. */
export async function countDoneByKind(db: Queryable, since: string): Promise<{ kind: string; n: number }[]> {
  return rows(
    db,
    z.strictObject({ kind: col.text, n: col.int }),
    `SELECT kind, count(*)::int AS n FROM jobs WHERE status = 'done' AND finished_at >= $1::timestamptz GROUP BY kind ORDER BY kind`,
    [since],
  );
}
