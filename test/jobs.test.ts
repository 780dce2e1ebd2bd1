/**
 * The durable job queue (issue 20, point 4; src/jobs/queue.ts): a job queued inside a transaction that rolls back
 * is not queued; a job is taken when due at the injected now, not before; a failing attempt is queued again with
 * backoff (30 s · 2^(n−1), at most 1 h) and done once it succeeds; after max_attempts it fails, its error visible to
 * the administrators, and a retry queues it again; a dedupe key queues work once; a handler that throws never stops
 * the runner; the daily clean-up deletes done jobs older than 30 days.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal, Forbidden, type Principal } from '../src/app/authz.ts';
import { NotFound } from '../src/app/errors.ts';
import { InputError } from '../src/errors.ts';
import { CLEANUP_KIND, drain, enqueue, JobHandlers, listJobs, queueHandlers, retryJob, runOnce, startRunner, type Job } from '../src/jobs/queue.ts';
import { adminSetupLink, completeAdminSetup, createApiToken } from '../src/accounts/accounts.ts';
import { runCli } from './helpers/cli.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { signedInClient, startServer } from './web-support.ts';

const admin = cliPrincipal(cliActor('jobs test'));
const coordinator: Principal = { personId: '00000000-0000-4000-8000-000000000001', nameTh: 'ผู้ประสานงาน', roles: [{ role: 'coordinator', orgId: '00000000-0000-4000-8000-000000000002', unitId: null }] };
const T0 = new Date('2026-12-05T02:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe.each(backends())('the job queue on %s', (backend) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDb(backend);
  });
  afterEach(async () => {
    await t.dispose();
  });

  const row = async (id: number) =>
    (await t.db.query<{ status: string; attempts: number; run_at: string; last_error: string | null; finished_at: string | null }>(
      'SELECT status, attempts, run_at, last_error, finished_at FROM jobs WHERE id = $1',
      [id],
    ))[0]!;
  const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs'))[0]!.n;
  const recorder = () => {
    const seen: number[] = [];
    return { seen, handlers: new JobHandlers().on('test.record', async (job: Job) => void seen.push(job.id)) };
  };

  it('queues a job only when the transaction commits', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await enqueue(tx, { kind: 'test.record', runAt: T0 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await count()).toBe(0);
    const id = await t.db.transaction((tx) => enqueue(tx, { kind: 'test.record', runAt: T0 }));
    expect(id).toBeTypeOf('number');
    expect(await count()).toBe(1);
  });

  it('takes a job when it is due at the injected now, not before', async () => {
    const { seen, handlers } = recorder();
    const id = (await enqueue(t.db, { kind: 'test.record', runAt: at(60) }))!;
    expect(await drain(t.db, handlers, { now: at(59) })).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(seen).toEqual([]);
    expect((await row(id)).status).toBe('queued');
    expect(await drain(t.db, handlers, { now: at(60) })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'done', attempts: 1, finished_at: at(60).toISOString() });
    // Done is done: not taken again.
    expect((await drain(t.db, handlers, { now: at(3600) })).done).toBe(0);
  });

  it('takes only the kinds its handlers know', async () => {
    const { seen, handlers } = recorder();
    const other = (await enqueue(t.db, { kind: 'test.other', runAt: T0 }))!;
    await drain(t.db, handlers, { now: T0 });
    expect(seen).toEqual([]);
    expect((await row(other)).status).toBe('queued');
  });

  it('retries a failing job with backoff, then marks it done', async () => {
    let calls = 0;
    const handlers = new JobHandlers().on('test.flaky', async () => {
      if (++calls <= 3) throw new Error(`attempt ${calls} failed`);
    });
    const id = (await enqueue(t.db, { kind: 'test.flaky', runAt: T0 }))!;
    expect(await drain(t.db, handlers, { now: T0 })).toEqual({ done: 0, retried: 1, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1, run_at: at(30).toISOString(), last_error: 'Error: attempt 1 failed' });
    // Not due before the backoff ends.
    expect((await drain(t.db, handlers, { now: at(29) })).retried).toBe(0);
    await drain(t.db, handlers, { now: at(30) });
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 2, run_at: at(30 + 60).toISOString() });
    await drain(t.db, handlers, { now: at(90) });
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 3, run_at: at(90 + 120).toISOString() });
    expect(await drain(t.db, handlers, { now: at(210) })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await row(id)).toMatchObject({ status: 'done', attempts: 4 });
  });

  it('waits 30 s · 2^(attempts−1) between attempts, at most one hour', async () => {
    const handlers = new JobHandlers().on('test.fail', async () => {
      throw new Error('no');
    });
    const id = (await enqueue(t.db, { kind: 'test.fail', runAt: T0, maxAttempts: 10 }))!;
    const waits: number[] = [];
    let now = T0;
    for (let attempt = 1; attempt <= 8; attempt++) {
      await drain(t.db, handlers, { now });
      const next = new Date((await row(id)).run_at);
      waits.push((next.getTime() - now.getTime()) / 1000);
      now = next;
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600]);
  });

  it('fails a job after max_attempts, shows its error to administrators only, and a retry queues it again', async () => {
    let fail = true;
    const handlers = new JobHandlers().on('test.fail', async () => {
      if (fail) throw new Error('SMTP 550 mailbox unavailable');
    });
    const id = (await enqueue(t.db, { kind: 'test.fail', runAt: T0, maxAttempts: 2 }))!;
    expect(await drain(t.db, handlers, { now: T0 })).toEqual({ done: 0, retried: 1, failed: 0 });
    expect(await drain(t.db, handlers, { now: at(30) })).toEqual({ done: 0, retried: 0, failed: 1 });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 2, finished_at: at(30).toISOString() });
    // Failed is not taken again.
    expect(await drain(t.db, handlers, { now: at(86_400) })).toEqual({ done: 0, retried: 0, failed: 0 });

    const failed = await listJobs(t.db, admin, { failed: true });
    expect(failed).toEqual([expect.objectContaining({ id, kind: 'test.fail', status: 'failed', attempts: 2, maxAttempts: 2, lastError: 'Error: SMTP 550 mailbox unavailable' })]);
    await expect(listJobs(t.db, coordinator)).rejects.toBeInstanceOf(Forbidden);
    await expect(retryJob(t.db, coordinator, String(id), at(100))).rejects.toBeInstanceOf(Forbidden);

    const retried = await retryJob(t.db, admin, String(id), at(100));
    expect(retried).toMatchObject({ id, status: 'queued', attempts: 0, runAt: at(100).toISOString() });
    // Only a failed job is retried; a bad or unknown id is NotFound, in Thai and English.
    const refused = await retryJob(t.db, admin, String(id), at(100)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotFound);
    expect(refused).toMatchObject({ field: 'jobId' });
    expect((refused as NotFound).th).toContain('ไม่พบงานที่ล้มเหลว');
    await expect(retryJob(t.db, admin, 'x', at(100))).rejects.toBeInstanceOf(NotFound);
    await expect(retryJob(t.db, admin, '999999', at(100))).rejects.toBeInstanceOf(NotFound);

    fail = false;
    expect(await drain(t.db, handlers, { now: at(100) })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await listJobs(t.db, admin)).toEqual([]);
  });

  it('queues work of one dedupe key once', async () => {
    const first = await enqueue(t.db, { kind: 'test.record', runAt: T0, dedupeKey: 'reminder:unit:2026-12' });
    const second = await enqueue(t.db, { kind: 'test.record', runAt: at(5), dedupeKey: 'reminder:unit:2026-12' });
    expect(first).toBeTypeOf('number');
    expect(second).toBeNull();
    expect(await count()).toBe(1);
  });

  it('refuses a bad kind or number of attempts, in Thai and English, and queues nothing', async () => {
    for (const job of [{ kind: 'Bad Kind' }, { kind: 'test.record', maxAttempts: 0 }]) {
      const error = await enqueue(t.db, job).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).th).toMatch(/[ก-๙]/);
      expect((error as InputError).en).toMatch(/not valid/);
    }
    expect(await count()).toBe(0);
  });

  it('takes a running job again once its lease has ended', async () => {
    const { seen, handlers } = recorder();
    const id = (await enqueue(t.db, { kind: 'test.record', runAt: T0 }))!;
    // A runner that takes the job and "dies": no handler runs, the job stays running under its lease.
    const dead = new JobHandlers().on('test.record', () => new Promise<void>(() => undefined));
    void runOnce(t.db, dead, { now: T0, leaseMs: 60_000, worker: 'dead' });
    await vi.waitFor(async () => expect((await row(id)).status).toBe('running'));
    expect((await drain(t.db, handlers, { now: at(59) })).done).toBe(0);
    expect(await drain(t.db, handlers, { now: at(61) })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(seen).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('fails a job whose process died on its last attempt, rather than taking it forever', async () => {
    const id = (await enqueue(t.db, { kind: 'test.record', runAt: T0, maxAttempts: 1 }))!;
    const dead = new JobHandlers().on('test.record', () => new Promise<void>(() => undefined));
    void runOnce(t.db, dead, { now: T0, leaseMs: 1000, worker: 'dead' });
    await vi.waitFor(async () => expect((await row(id)).status).toBe('running'));
    const { seen, handlers } = recorder();
    await drain(t.db, handlers, { now: at(2) });
    expect(seen).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await row(id)).last_error).toContain('stopped');
  });

  it('keeps running when a handler throws, and is woken by an enqueue in its process', async () => {
    const seen: number[] = [];
    const errors: unknown[] = [];
    const handlers = new JobHandlers()
      .on('test.boom', async () => {
        throw new Error('boom');
      })
      .on('test.record', async (job) => void seen.push(job.id));
    // It would look again only in a minute: what runs below runs because the enqueues woke it.
    const runner = startRunner(t.db, handlers, { now: () => T0, pollMs: 60_000, onError: (e) => errors.push(e) });
    try {
      const boom = (await enqueue(t.db, { kind: 'test.boom', runAt: T0, maxAttempts: 1 }))!;
      const ok = (await enqueue(t.db, { kind: 'test.record', runAt: T0 }))!;
      await vi.waitFor(async () => expect(seen).toEqual([ok]), { timeout: 10_000 });
      expect(await row(boom)).toMatchObject({ status: 'failed', last_error: 'Error: boom' });
      // Later work still runs.
      const later = (await enqueue(t.db, { kind: 'test.record', runAt: T0 }))!;
      await vi.waitFor(async () => expect(seen).toEqual([ok, later]), { timeout: 10_000 });
      expect(errors).toEqual([]);
    } finally {
      await runner.stop();
    }
  });

  it('cleans up done jobs older than 30 days, once a day', async () => {
    const { handlers } = recorder();
    const old = (await enqueue(t.db, { kind: 'test.record', runAt: T0 }))!;
    const recent = (await enqueue(t.db, { kind: 'test.record', runAt: T0 }))!;
    const failed = (await enqueue(t.db, { kind: 'test.record', runAt: T0 }))!;
    await drain(t.db, handlers, { now: T0 });
    await t.db.query(`UPDATE jobs SET finished_at = $2 WHERE id = $1`, [old, at(-31 * 86_400).toISOString()]);
    await t.db.query(`UPDATE jobs SET status = 'failed', finished_at = $2 WHERE id = $1`, [failed, at(-60 * 86_400).toISOString()]);
    const runner = startRunner(t.db, queueHandlers(), { now: () => T0, pollMs: 20 });
    try {
      await vi.waitFor(async () => expect((await t.db.query<{ status: string }>(`SELECT status FROM jobs WHERE kind = $1`, [CLEANUP_KIND]))[0]?.status).toBe('done'), { timeout: 10_000 });
    } finally {
      await runner.stop();
    }
    const left = await t.db.query<{ id: number; kind: string; dedupe_key: string | null }>('SELECT id, kind, dedupe_key FROM jobs ORDER BY id');
    expect(left.map((j) => j.id)).toEqual([recent, failed, expect.any(Number)]);
    expect(left[2]).toMatchObject({ kind: CLEANUP_KIND, dedupe_key: `${CLEANUP_KIND}:2026-12-05` });
    // The same day again: queued once (its dedupe key).
    expect(await enqueue(t.db, { kind: CLEANUP_KIND, runAt: T0, dedupeKey: `${CLEANUP_KIND}:2026-12-05` })).toBeNull();
  });

  it('lists failed jobs and retries one at the command line', async () => {
    const handlers = new JobHandlers().on('test.fail', async () => {
      throw new Error('LINE 401 invalid token');
    });
    const id = (await enqueue(t.db, { kind: 'test.fail', runAt: T0, maxAttempts: 1 }))!;
    await drain(t.db, handlers, { now: T0 });
    // The command opens the database itself: the embedded one is released first (one process per folder).
    if (backend === 'pglite') await t.db.close();
    vi.stubEnv('DATABASE_URL', t.options.url ?? '');
    vi.stubEnv('PRONGSAI_DATA', t.options.dataDir ?? '');
    try {
      const listed = await runCli('jobs', '--failed', '--json');
      expect(listed.code, listed.err).toBe(0);
      expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ id, kind: 'test.fail', status: 'failed', lastError: 'Error: LINE 401 invalid token' })]);
      const text = await runCli('jobs');
      expect(text.out).toContain(`#${id} test.fail ล้มเหลว / failed`);
      expect(text.out).toContain('LINE 401 invalid token');
      const retried = await runCli('jobs', 'retry', String(id));
      expect(retried.code, retried.err).toBe(0);
      expect(retried.out).toContain(`#${id} test.fail รอทำ / queued`);
      expect(JSON.parse((await runCli('jobs', '--failed', '--json')).out)).toEqual([]);
      const again = await runCli('jobs', 'retry', String(id));
      expect(again.code).toBe(1);
      expect(again.err).toContain('ไม่พบงานที่ล้มเหลว');
      // `jobs run --now`: the day's clean-ups (jobs.cleanup, notify.cleanup) with the handlers serve runs (the test
      // kind has none: it stays queued).
      const ran = await runCli('jobs', 'run', '--now', '2026-12-05T09:00:00+07:00');
      expect(ran.code, ran.err).toBe(0);
      expect(ran.out).toContain('done 2, to retry 0, failed 0');
      const bad = await runCli('jobs', 'run', '--now', 'tomorrow');
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('ISO 8601');
      expect(JSON.parse((await runCli('jobs', '--json')).out)).toEqual([expect.objectContaining({ id, status: 'queued' })]);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe.each(backends())('the administrators\' view of the jobs on %s', (backend) => {
  it('shows a failed job with its error on the page and the API, and a retry queues it again', async () => {
    const s = await startServer(backend, { demo: false });
    try {
      const password = 'jobs-test-password-1';
      const root = await completeAdminSetup(s.t.db, (await adminSetupLink(s.t.db))!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password });
      const token = (await createApiToken(s.t.db, root.account.principal, 'jobs')).token;
      const api = (method: 'GET' | 'POST', url: string) => s.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });
      const handlers = new JobHandlers().on('test.fail', async () => {
        throw new Error('SMTP 421 <try again> later');
      });
      const id = (await enqueue(s.t.db, { kind: 'test.fail', runAt: T0, maxAttempts: 1 }))!;
      await drain(s.t.db, handlers, { now: T0 });

      const listed = await api('GET', '/api/v1/admin/jobs?failed=true');
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toEqual([expect.objectContaining({ id, kind: 'test.fail', status: 'failed', attempts: 1, lastError: 'Error: SMTP 421 <try again> later' })]);

      const browser = await signedInClient(s.app, 'root@example.org', password);
      const page = await browser.get('/staff/admin/jobs?failed=1');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Error: SMTP 421 &lt;try again> later');
      expect(page.body).toContain(`/staff/admin/jobs/${id}/retry`);
      expect((await browser.get('/staff')).body).toContain('href="/staff/admin/jobs"');

      const retried = await browser.post(`/staff/admin/jobs/${id}/retry`);
      expect(retried.statusCode).toBe(303);
      expect((await api('GET', '/api/v1/admin/jobs')).json()).toEqual([expect.objectContaining({ id, status: 'queued', attempts: 0 })]);
      expect((await api('GET', '/api/v1/admin/jobs?failed=true')).json()).toEqual([]);
      const again = await api('POST', `/api/v1/admin/jobs/${id}/retry`);
      expect(again.statusCode).toBe(404);
      expect(again.json().error).toMatchObject({ field: 'jobId', th: expect.stringContaining('ไม่พบงานที่ล้มเหลว'), en: expect.stringContaining('no failed job') });
      // Through the API too, once it has failed again (the retry made it due at the server's clock).
      await drain(s.t.db, handlers, { now: s.clock.now });
      expect((await api('POST', `/api/v1/admin/jobs/${id}/retry`)).json()).toMatchObject({ id, status: 'queued' });
    } finally {
      await s.close();
    }
  });
});
