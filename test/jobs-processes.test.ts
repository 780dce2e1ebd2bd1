/**
 * The job queue across processes, on PostgreSQL (issue 20, points 4 and 7): two runner processes share 300 jobs
 * and each job runs exactly once, both taking some (FOR UPDATE SKIP LOCKED); a process killed with SIGKILL while a
 * job runs leaves it 'running' under its lease, and once the lease has ended another runner takes it and completes
 * it: nothing is lost. Runs when PRONGSAI_TEST_DATABASE_URL names a PostgreSQL server.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from '../src/cli/serve.ts';
import { CLEANUP_KIND, drain, enqueue, JobHandlers } from '../src/jobs/queue.ts';
import { testDb, type TestDb } from './helpers/db.ts';

const RUNNER = new URL('./helpers/job-runner.ts', import.meta.url).pathname;
const POSTGRES = Boolean(process.env.PRONGSAI_TEST_DATABASE_URL);

/** Starts a runner process; `ready` resolves once it has the database open; `lines` collects what it prints after. */
function startRunner(url: string, mode: 'share' | 'hang', name: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER, url, mode, name], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => (line === 'ready' ? resolve() : lines.push(line)));
    void exited.then((code) => reject(new Error(`runner ${name} exited (${code}) before it was ready: ${stderr}`)));
  });
  return { child, lines, ready, exited, stderr: () => stderr };
}

describe('the job queue across processes on PostgreSQL', () => {
  let t: TestDb | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  it.runIf(POSTGRES)('runs each of 300 jobs exactly once under two processes, both taking some', async () => {
    t = await testDb('postgres');
    const db = t.db;
    await db.query('CREATE TABLE appended (job_id bigint NOT NULL, worker text NOT NULL)');
    await db.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) await enqueue(tx, { kind: 'test.append', payload: { i }, runAt: new Date(Date.now() - 1000) });
    });
    const url = t.options.url as string;
    const runners = [startRunner(url, 'share', 'a'), startRunner(url, 'share', 'b')];
    await Promise.all(runners.map((r) => r.ready));
    for (const r of runners) r.child.stdin.write('go\n');
    const codes = await Promise.all(runners.map((r) => r.exited));
    expect(codes, runners.map((r) => r.stderr()).join('\n')).toEqual([0, 0]);
    const done = runners.map((r) => (JSON.parse(r.lines.at(-1) ?? '{}') as { done: number }).done);
    expect(done[0]! + done[1]!).toBe(300);

    const ids = (await db.query<{ id: number }>('SELECT id FROM jobs ORDER BY id')).map((r) => r.id);
    const appended = await db.query<{ job_id: number; n: number }>('SELECT job_id, count(*)::int AS n FROM appended GROUP BY job_id ORDER BY job_id');
    expect(appended.map((r) => r.job_id)).toEqual(ids);
    expect(appended.every((r) => r.n === 1)).toBe(true);
    const byWorker = await db.query<{ worker: string; n: number }>('SELECT worker, count(*)::int AS n FROM appended GROUP BY worker ORDER BY worker');
    expect(byWorker.map((r) => r.worker)).toEqual(['a', 'b']);
    expect(byWorker.every((r) => r.n > 0)).toBe(true);
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE status = 'done' AND attempts = 1`))[0]!.n).toBe(300);
  }, 60_000);

  it.runIf(POSTGRES)('completes a job whose process was killed with SIGKILL mid-job, once its lease has ended', async () => {
    t = await testDb('postgres');
    const db = t.db;
    const id = (await enqueue(db, { kind: 'test.hang', runAt: new Date(Date.now() - 1000) }))!;
    const runner = startRunner(t.options.url as string, 'hang', 'doomed');
    const job = async () =>
      (await db.query<{ status: string; locked_by: string | null; locked_until: string | null; attempts: number }>(
        'SELECT status, locked_by, locked_until, attempts FROM jobs WHERE id = $1',
        [id],
      ))[0]!;
    await vi.waitFor(async () => expect((await job()).status).toBe('running'), { timeout: 20_000, interval: 50 });
    runner.child.kill('SIGKILL');
    await runner.exited;
    const held = await job();
    expect(held).toMatchObject({ status: 'running', locked_by: 'doomed', attempts: 1 });

    const ran: number[] = [];
    const handlers = new JobHandlers().on('test.hang', async (j) => void ran.push(j.id));
    // Under its lease, nobody takes it (the clock injected just before the lease ends).
    const leaseEnd = new Date(held.locked_until as string).getTime();
    expect(await drain(db, handlers, { now: new Date(leaseEnd - 1) })).toEqual({ done: 0, retried: 0, failed: 0 });
    // Once the lease (1 s) has ended by the database's clock, a runner on the real clock takes it and completes it.
    await vi.waitFor(async () => expect((await db.query<{ over: boolean }>('SELECT now() > $1::timestamptz AS over', [held.locked_until]))[0]!.over).toBe(true), {
      timeout: 5_000,
      interval: 50,
    });
    await vi.waitFor(async () => expect((await drain(db, handlers, { now: new Date() })).done).toBe(1), { timeout: 5_000, interval: 50 });
    expect(ran).toEqual([id]);
    expect(await job()).toMatchObject({ status: 'done', attempts: 2, locked_by: null });
  }, 60_000);

  it.runIf(POSTGRES)('`prongsai serve` runs the jobs: the daily clean-up of done jobs older than 30 days', async () => {
    t = await testDb('postgres');
    const db = t.db;
    // An organisation already there: serve loads no demo.
    await db.query(`INSERT INTO organisations (slug, name_th, kind) VALUES ('jobs-test', 'ทดสอบงาน', 'sao')`);
    const old = (await enqueue(db, { kind: 'test.old', runAt: new Date(Date.now() - 40 * 86_400_000) }))!;
    await db.query(`UPDATE jobs SET status = 'done', finished_at = now() - interval '31 days' WHERE id = $1`, [old]);
    const server = await serve({ io: { out: () => undefined, err: () => undefined }, port: 0, host: '127.0.0.1', db: { url: t.options.url }, logLevel: 'silent' });
    try {
      await server.ready;
      await vi.waitFor(async () => expect((await db.query<{ status: string }>('SELECT status FROM jobs WHERE kind = $1', [CLEANUP_KIND]))[0]?.status).toBe('done'), {
        timeout: 20_000,
        interval: 50,
      });
      expect(await db.query('SELECT id FROM jobs WHERE id = $1', [old])).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});
