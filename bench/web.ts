/**
 * Benchmark: the staff web application under 50 signed-in users at once (autocannon, 50 connections), on the
 * dashboard of a year and on the preview of the yearly report (the document's HTML). Prints requests per second
 * and latencies; asserts nothing. Target on the project's 2-core machines: dashboard p99 under 100 ms.
 *
 *   node --import tsx bench/web.ts [seconds=10]                       embedded PGlite in a temporary folder
 *   DATABASE_URL=postgres://… node --import tsx bench/web.ts          a PostgreSQL server (a fresh database on it)
 *
 * The server runs in this process; autocannon runs in a worker thread of its own. The 50 connections share one
 * signed-in session: on PGlite a session check is read once and kept until the next write (docs/decisions/0006-session-checks-in-process-on-pglite.md),
 * so 50 people's sessions cost 50 reads after each write, a small part of a second's requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, ensureDemoAccounts, signIn } from '../src/accounts/accounts.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { setScores } from '../src/years/scores.ts';
import { migrate, openDb, type Db } from '../src/db/index.ts';
import { SESSION_COOKIE } from '../src/web/cookies.ts';
import { buildServer } from '../src/web/server.ts';
import { scratchDatabase } from '../test/helpers/pg-scratch.ts';

interface Histogram {
  readonly average: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}
interface Result {
  readonly requests: Histogram & { readonly total: number };
  readonly latency: Histogram;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;
const seconds = Number(process.argv[2] ?? 10);

async function database(): Promise<{ db: Db; dispose(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'prongsai-bench-web-'));
    const db = await openDb({ dataDir: dir });
    return { db, dispose: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const scratch = await scratchDatabase(url, 'prongsai_bench_web');
  const db = await openDb({ url: scratch.url });
  return { db, dispose: async () => (await db.close(), await scratch.drop()) };
}

const { db, dispose } = await database();
await migrate(db);
await ensureDemo(db);
await ensureDemoAccounts(db);
const session = await signIn(db, 'coordinator@huai-thong.demo', DEMO_PASSWORD);
// A year with every score, so the dashboard computes everything it can.
await setScores(db, session.account.principal, { org: 'huai-thong', year: 2566 }, {
  indicators: { 1: 93.55, 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 72.89, 10: 65.56 },
});
const app = await buildServer({ db, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const headers = { cookie: `${SESSION_COOKIE}=${session.sessionId}` };

console.log(`web: ${db.kind}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; 50 connections, ${seconds} s each`);
for (const [name, path] of [
  ['dashboard', '/staff/o/huai-thong/2566'],
  ['report preview', '/staff/o/huai-thong/2566/documents/measures-report/preview'],
] as const) {
  // Warm up (first renders, caches, and the JIT under the same concurrency), then measure.
  for (let i = 0; i < 20; i++) await fetch(`${base}${path}`, { headers }).then((r) => r.arrayBuffer());
  await autocannon({ url: `${base}${path}`, connections: 50, duration: 3, headers, workers: 1 });
  const r = await autocannon({ url: `${base}${path}`, connections: 50, duration: seconds, headers, workers: 1 });
  console.log(`  ${name.padEnd(15)} ${r.requests.average.toFixed(0).padStart(6)} req/s   latency p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms` +
    `   (${r.requests.total} requests, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
  if (name === 'dashboard') console.log(`  target: dashboard p99 < 100 ms -> ${r.latency.p99 < 100 ? 'met' : 'NOT met'}`);
}
await app.close();
await dispose();
