/**
 * Several processes on one PostgreSQL database (issue 18, point 6; docs/decisions/0011-several-processes.md).
 *
 * Two real `prongsai serve` processes on one scratch database: a criteria pack imported through the first is
 * announced on the channel prongsai_changes (src/db/notify.ts); the test LISTENs there itself, and once the
 * announcement reached it, the second process answers with the new pack. Before the import, the second
 * process did not know it: the pack list is held in memory and has no time-to-live, so only the announcement can
 * have told it. The announcement reaches the test's connection and the process's at the same commit, a hair
 * apart, so the second process is asked a few times at most (no wait between asks; no timing asserted).
 *
 * Without PRONGSAI_TEST_DATABASE_URL the two-process test is skipped (the embedded database is one process by
 * nature); `serve --workers 2` on the embedded database is refused with a Thai and English message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAdminSetup, createApiToken } from '../src/accounts/accounts.ts';
import { exportPack } from '../src/criteria/criteria.ts';
import { openDb, openReadDb, type Db } from '../src/db/index.ts';
import { CHANGES_CHANNEL, parseChange, type Change } from '../src/db/notify.ts';
import { InputError } from '../src/errors.ts';
import { EXIT_BAD_INPUT } from '../src/cli/main.ts';
import { MAX_WORKERS, parseWorkers, serve } from '../src/cli/serve.ts';
import { runCli } from './helpers/cli.ts';
import { scratchDatabase, type ScratchDatabase } from './helpers/pg-scratch.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'prongsai.js');
const PG_URL = process.env.PRONGSAI_TEST_DATABASE_URL;

describe('serve --workers', () => {
  it('takes 1 to MAX_WORKERS processes, more than one only on PostgreSQL', () => {
    expect(parseWorkers(undefined, {})).toBe(1);
    expect(parseWorkers('1', {})).toBe(1);
    expect(parseWorkers('4', { url: 'postgres://x@localhost/db' })).toBe(4);
    for (const wrong of ['0', 'two', '-1', String(MAX_WORKERS + 1)]) {
      expect(() => parseWorkers(wrong, { url: 'postgres://x@localhost/db' })).toThrow(InputError);
    }
    try {
      parseWorkers('2', {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const said = (error as InputError).message;
      expect(said).toContain('PGlite');
    }
  });

  it('takes DATABASE_READ_URL only beside DATABASE_URL (the embedded database has no replica)', async () => {
    expect(await openReadDb({ readUrl: 'postgres://x@localhost/replica' })).toBeNull();
    const io = { out: () => undefined, err: () => undefined };
    await expect(serve({ io, port: 0, env: { DATABASE_READ_URL: 'postgres://x@localhost/replica', PRONGSAI_DATA: '/nonexistent/prongsai' } })).rejects.toMatchObject({
      name: 'InputError',
      field: 'DATABASE_READ_URL',
      said: { th: expect.stringContaining('ไม่มีสำเนาอ่านอย่างเดียว'), en: expect.stringContaining('has no read replica') },
    });
  });

  it.skipIf(process.env.DATABASE_URL)('refuses --workers 2 on the embedded database, in Thai and English, starting nothing', async () => {
    const r = await runCli('serve', '--workers', '2', '--port', '0');
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.err).toContain('ฐานข้อมูลในตัว (PGlite) เปิดได้ทีละโปรเซสเท่านั้น');
    expect(r.err).toContain('the embedded database (PGlite) is opened by one process only');
  });
});

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** The address it printed on its line "Prongsai: http://… (PostgreSQL…". */
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
}

/** `prongsai serve --port 0 …args` on `databaseUrl`, as a real process. */
function start(databaseUrl: string, ...args: string[]): Running {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PRONGSAI_LOG: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Prongsai: (http:\/\/127\.0\.0\.1:\d+) \(PostgreSQL/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`serve exited early:\n${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, url, exited };
}

/** Start-up only (migrations, the demo): asks /healthz until it answers 200. Not part of what is tested. */
async function healthy(url: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('not healthy in time');
}

describe.skipIf(!PG_URL)('two server processes on one PostgreSQL (PRONGSAI_TEST_DATABASE_URL)', () => {
  let scratch: ScratchDatabase;
  let db: Db;
  let listener: pg.Client;
  const servers: Running[] = [];
  let one: string;
  let two: string;
  let token: string;
  /** Every change announced on the channel, as the test's own connection received it. */
  const heard: Change[] = [];
  const waiters: Array<() => void> = [];

  beforeAll(async () => {
    scratch = await scratchDatabase(PG_URL!, 'prongsai_workers');
    servers.push(start(scratch.url));
    one = await servers[0]!.url;
    await healthy(one);
    servers.push(start(scratch.url));
    two = await servers[1]!.url;
    await healthy(two);
    // A system administrator through the one-time set-up link the second process printed (it replaced the first's).
    const setup = /\/setup\/([A-Za-z0-9_-]{43})/.exec(servers[1]!.output())?.[1];
    expect(setup).toBeDefined();
    db = await openDb({ url: scratch.url });
    const admin = await completeAdminSetup(db, setup!, { nameTh: 'ผู้ดูแลระบบ', email: 'admin@workers.test', password: 'workers-test-password-2570' });
    token = (await createApiToken(db, admin.account.principal, 'workers test')).token;
    listener = new pg.Client({ connectionString: scratch.url });
    await listener.connect();
    listener.on('notification', (message) => {
      const change = parseChange(message.payload);
      if (message.channel === CHANGES_CHANNEL && change) heard.push(change);
      for (const wake of waiters.splice(0)) wake();
    });
    await listener.query(`LISTEN ${CHANGES_CHANNEL}`);
  }, 240_000);

  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    const codes = await Promise.all(servers.map((s) => s.exited));
    await listener?.end();
    await db?.close();
    await scratch?.drop();
    expect(codes).toEqual(servers.map(() => 0));
  }, 60_000);

  const call = async (base: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const revisionsOf = async (base: string, year: number): Promise<number[]> => {
    const { status, body } = await call(base, 'GET', '/api/v1/criteria-packs');
    expect(status).toBe(200);
    return (body as Array<{ year: number; revision: number }>).filter((p) => p.year === year).map((p) => p.revision);
  };
  /** Resolves once the test's own connection received a change that `wanted` accepts. */
  const announced = async (wanted: (c: Change) => boolean): Promise<Change> => {
    for (;;) {
      const found = heard.find(wanted);
      if (found) return found;
      await new Promise<void>((wake) => waiters.push(wake));
    }
  };

  it('a criteria pack imported through one process is known to the other once its announcement is delivered', async () => {
    const year = 2570;
    const before = await revisionsOf(two, year);
    const newest = Math.max(...before);
    const pack = { ...exportPack(year, newest), revision: newest + 1 };

    const imported = await call(one, 'POST', '/api/v1/criteria-packs', pack);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ year, revision: newest + 1, written: true });

    await announced((c) => c.kind === 'pack' && c.year === year && c.revision === newest + 1);
    // The same commit delivered it to the second process: its next answers know the pack (asked at most 20 times,
    // without waiting, to cover the two connections receiving it a hair apart).
    let asked = 0;
    let after: number[] = [];
    while (asked < 20 && !after.includes(newest + 1)) {
      after = await revisionsOf(two, year);
      asked++;
    }
    expect(after).toEqual([...before, newest + 1]);
  });

  it('serve --workers 2 runs two processes on one port and stops them all on SIGTERM', async () => {
    const cluster = start(scratch.url, '--workers', '2');
    try {
      const url = await cluster.url;
      expect(cluster.output()).toContain(`Prongsai: ${url} (PostgreSQL, 2 processes)`);
      await healthy(url);
      expect(await revisionsOf(url, 2570)).toContain(1);
    } finally {
      cluster.child.kill('SIGTERM');
    }
    expect(await cluster.exited).toBe(0);
    expect(cluster.output()).toContain('SIGTERM, stopped');
  }, 180_000);

  it('a refused change announces nothing; a rename through one process is announced and the other follows it', async () => {
    const refused = await call(one, 'PUT', '/api/v1/orgs/huai-thong/slug', { slug: 'Not A Slug' });
    expect(refused.status).toBe(400);
    const renamed = await call(one, 'PUT', '/api/v1/orgs/huai-thong/slug', { slug: 'huai-thong-workers' });
    expect(renamed.status).toBe(200);
    // Announced under the slug the change was made at: the other processes drop what they hold of it.
    await announced((c) => c.kind === 'org');
    expect(heard.filter((c) => c.kind === 'org')).toEqual([{ kind: 'org', slug: 'huai-thong' }]);
    const old = await fetch(`${two}/o/huai-thong/`, { redirect: 'manual' });
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/o/huai-thong-workers/');
    expect((await fetch(`${two}/o/huai-thong-workers/`)).status).toBe(200);
  });
});
