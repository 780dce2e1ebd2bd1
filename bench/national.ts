/**
 * Benchmark: a synthetic country on PostgreSQL (issue 18, point 7) — 8,300 organisations in the real 77 provinces
 * and their districts, in the tree of offices (bench/national-data.ts), five fiscal years of indicator scores
 * (2565–2569), about 10 measures each in FY 2569 with 12 months of progress, 40,000 staff accounts sharing one
 * argon2id hash — loaded with INSERT … SELECT over unnest arrays in batches, one transaction per table, the audit
 * trigger firing. Then the roll-up API (GET /api/v1/rollup, a system administrator's API token) under 50
 * connections (autocannon), national and one province, and the peers of an อบต. (GET /api/v1/orgs/{slug}/years/
 * {year}/peers: every อบต. of the country); one server process against two; and EXPLAIN (ANALYZE,
 * BUFFERS) of the heaviest roll-up query, the statement src/supervision/repo.ts sends. Prints figures; asserts
 * nothing. Targets on the project's 2-core machines: load ≤ 5 min; national roll-up p99 ≤ 300 ms, a province's
 * ≤ 100 ms; an อบต.'s peers ≤ 100 ms.
 *
 *   node --import tsx bench/national.ts [--scale 1] [--seconds 10] [--keep]
 *
 * PostgreSQL: PRONGSAI_BENCH_DATABASE_URL or DATABASE_URL names a server where the benchmark may create a scratch
 * database (default postgres://prongsai:prongsai@127.0.0.1:5432/postgres), dropped at the end unless --keep. The
 * servers run in child processes of this script (`--serve URL`), so that one and two processes compare alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createApiToken, hashPassword, signIn } from '../src/accounts/accounts.ts';
import { migrate, openDb, type Db, type Queryable } from '../src/db/index.ts';
import { selectYearTable } from '../src/supervision/repo.ts';
import { lastMonthStart } from '../src/supervision/rollup.ts';
import { todayInBangkok } from '../src/measures/reporting.ts';
import { SESSION_COOKIE } from '../src/web/cookies.ts';
import { buildServer } from '../src/web/server.ts';
import { scratchDatabase } from '../test/helpers/pg-scratch.ts';
import { generateCountry, SCORE_YEARS, type Country } from './national-data.ts';

/** What autocannon answers, as far as it is read here (it has no types of its own). */
type Stats = Readonly<Record<'average' | 'p50' | 'p99' | 'max', number>>;
type Result = Readonly<{ requests: Stats & { total: number }; latency: Stats } & Record<'non2xx' | 'errors' | 'timeouts', number>>;
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => Promise<Result>;

const YEAR = 2569;
/** A month of progress for every measure of the fiscal years $1, the 12 months of FY 2569. */
const PROGRESS_SQL = `INSERT INTO progress_entries (measure_id, entry_date, period_start, period_end, done_th, status, outcome_th, created_by)
           SELECT m.id, (p.s + interval '1 month' + interval '4 days')::date, p.s, (p.s + interval '1 month' - interval '1 day')::date,
                  'ดำเนินการตามแผนประจำเดือน', (ARRAY['on_track', 'on_track', 'on_track', 'done', 'delayed', 'blocked'])[1 + abs(hashtext(m.id::text || p.g)) % 6],
                  'เป็นไปตามเป้าหมาย', 'bench'
             FROM measures m CROSS JOIN LATERAL (SELECT g, (DATE '2025-10-01' + g * interval '1 month')::date AS s FROM generate_series(0, 11) AS g) AS p
            WHERE m.fiscal_year_id = ANY($1::uuid[])`;
const BATCH = 20_000;
const PASSWORD = 'bench-national-2570';
const ADMIN_EMAIL = 'admin@national.bench';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, seconds: { type: 'string', default: '10' }, keep: { type: 'boolean', default: false } } });
  const scale = Number(values.scale);
  const seconds = Number(values.seconds);
  if (!(scale > 0) || !(seconds > 0)) throw new Error('--scale and --seconds take positive numbers');
  const adminUrl = process.env.PRONGSAI_BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://prongsai:prongsai@127.0.0.1:5432/postgres';
  const scratch = await scratchDatabase(adminUrl, 'prongsai_bench_national');
  const db = await openDb({ url: scratch.url });
  const servers: ChildProcess[] = [];
  try {
    await migrate(db);
    const country = generateCountry(scale);
    console.log(
      `national: PostgreSQL ${await serverVersion(db)}, ${cpus().length} cores, scale ${scale}: ${country.organisations.length.toLocaleString('en')} organisations, ` +
        `${country.years.length.toLocaleString('en')} fiscal years with scores, ${country.people.length.toLocaleString('en')} accounts`,
    );
    await load(db, country);
    const signedIn = await signIn(db, ADMIN_EMAIL, PASSWORD);
    const { token } = await createApiToken(db, signedIn.account.principal, 'bench national');
    const api = { authorization: `Bearer ${token}` };
    const page = { cookie: `${SESSION_COOKIE}=${signedIn.sessionId}` };

    // An อบต.: its peers are every อบต. of the country, the largest group (src/supervision/peers.ts).
    const peerSlug = country.organisations.find((o) => o.assessed && o.type.code === 'sao')?.slug ?? '';
    const targets = [
      ['national page (/staff/rollup)', `/staff/rollup/${YEAR}`, page, 300],
      [`province page (?org=${country.provinceSlug})`, `/staff/rollup/${YEAR}?org=${country.provinceSlug}`, page, 100],
      ['national API (every organisation)', `/api/v1/rollup?year=${YEAR}`, api, 300],
      [`province API (?org=${country.provinceSlug})`, `/api/v1/rollup?year=${YEAR}&org=${country.provinceSlug}`, api, 100],
      // The issue names no target for the peers: printed for the record.
      [`peers API (${peerSlug}, the largest group)`, `/api/v1/orgs/${peerSlug}/years/${YEAR}/peers`, api, null],
    ] as const;
    console.log(`roll-ups, one process: 6 requests one after another, then 50 connections for ${seconds} s (a fresh server each):`);
    for (const [name, path, headers, target] of targets) {
      const [base] = await restart(servers, db, scratch.url, 1);
      const alone = await oneByOne(`${base}${path}`, headers);
      const [r] = await measure([`${base}${path}`], headers, seconds);
      const met = r !== undefined && r.requests.total > 0 && r.errors === 0 && r.non2xx === 0 && target !== null && r.latency.p99 <= target;
      const verdict = target === null ? 'no target' : `target p99 ≤ ${target} ms: ${met ? 'met' : 'NOT met'}`;
      console.log(`  ${name.padEnd(40)} alone ${alone}`);
      console.log(`  ${''.padEnd(40)} 50 connections ${line(r as Result)}  (${verdict}; load ${loadNow()})`);
    }

    const [pairName, path, headers] = targets[1];
    console.log(`one process against two, ${pairName}, 50 connections in all (${cpus().length} cores shared with PostgreSQL and autocannon):`);
    const single = await restart(servers, db, scratch.url, 1);
    await oneByOne(`${single[0]}${path}`, headers);
    const one = await measure(single.map((base) => `${base}${path}`), headers, seconds);
    console.log(`  1 process   ${line(one[0] as Result)}   load ${loadNow()}`);
    const pair = await restart(servers, db, scratch.url, 2);
    for (const base of pair) await oneByOne(`${base}${path}`, headers);
    const two = await measure(pair.map((base) => `${base}${path}`), headers, seconds);
    const rps = two.reduce((sum, r) => sum + r.requests.average, 0);
    console.log(`  2 processes ${rps.toFixed(0).padStart(6)} req/s in all (${two.map((r) => line(r)).join(' | ')})   load ${loadNow()}`);
    if ((one[0] as Result).requests.average > 0) console.log(`  ratio 2/1: ${(rps / (one[0] as Result).requests.average).toFixed(2)}`);

    await explainHeaviest(db);
  } finally {
    await stopAll(servers);
    await db.close();
    if (values.keep) console.log(`kept: ${scratch.url.replace(/:[^:@/]*@/, ':***@')}`);
    else await scratch.drop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Loading

async function serverVersion(db: Db): Promise<string> {
  const [row] = await db.query('SHOW server_version');
  return String((row as { server_version: unknown }).server_version);
}

/** Runs `fn` in one transaction in the bench's name (the audit trigger records it), timed, and prints the rows. */
async function timed(db: Db, table: string, fn: (tx: Queryable) => Promise<number>): Promise<number> {
  const start = performance.now();
  const count = await db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('prongsai.actor', $1, true)`, [JSON.stringify({ id: null, label: 'bench national', org: null })]);
    return fn(tx);
  });
  const ms = performance.now() - start;
  console.log(`  ${table.padEnd(22)} ${count.toLocaleString('en').padStart(9)} rows  ${(ms / 1000).toFixed(2).padStart(7)} s`);
  return ms;
}

/** Calls `fn` with each slice of `items` of at most `size`; sums what it returns. */
async function inBatches<T>(items: readonly T[], size: number, fn: (slice: readonly T[]) => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < items.length; i += size) total += await fn(items.slice(i, i + size));
  return total;
}

async function inserted(tx: Queryable, text: string, params: readonly unknown[]): Promise<number> {
  const [row] = await tx.query(`WITH ins AS (${text} RETURNING 1) SELECT count(*)::int AS n FROM ins`, params);
  return Number((row as { n: unknown }).n);
}

async function load(db: Db, country: Country): Promise<void> {
  const start = performance.now();
  console.log('load (one transaction per table, audit trigger on):');
  const ms: number[] = [];
  const hashStart = performance.now();
  // One argon2id hash, made as the application makes it, shared by every synthetic account.
  const passwordHash = await hashPassword(PASSWORD);
  console.log(`  argon2id hash (once)   ${((performance.now() - hashStart) / 1000).toFixed(2).padStart(17)} s`);

  ms.push(
    await timed(db, 'organisations', (tx) =>
      inBatches([0, 1, 2, 3], 1, async ([level]) => {
        const orgs = country.organisations.filter((o) => o.level === level);
        return inBatches(orgs, BATCH, (slice) =>
          inserted(
            tx,
            `INSERT INTO organisations (id, slug, name_th, kind, org_type, province, province_code, district, district_code, parent_id)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[])`,
            [
              slice.map((o) => o.id), slice.map((o) => o.slug), slice.map((o) => o.nameTh), slice.map((o) => o.type.kind), slice.map((o) => o.type.code),
              slice.map((o) => o.province), slice.map((o) => o.provinceCode), slice.map((o) => o.district), slice.map((o) => o.districtCode), slice.map((o) => o.parentId),
            ],
          ),
        );
      }),
    ),
  );
  ms.push(
    await timed(db, 'people', async (tx) =>
      (await inserted(tx, `INSERT INTO people (name_th, email, password_hash) VALUES ('ผู้ดูแลระบบ (ทดสอบ)', $1, $2)`, [ADMIN_EMAIL, passwordHash])) +
      (await inBatches(country.people, BATCH, (slice) =>
        inserted(
          tx,
          `INSERT INTO people (id, org_id, name_th, email, password_hash) SELECT i, o, n, e, $5 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS t (i, o, n, e)`,
          [slice.map((p) => p.id), slice.map((p) => p.orgId), slice.map((p) => p.nameTh), slice.map((p) => p.email), passwordHash],
        ),
      )),
    ),
  );
  ms.push(
    await timed(db, 'roles', async (tx) =>
      (await inserted(tx, `INSERT INTO roles (person_id, org_id, role) SELECT id, NULL, 'system_admin' FROM people WHERE email = $1`, [ADMIN_EMAIL])) +
      (await inBatches(country.people, BATCH, (slice) =>
        inserted(tx, `INSERT INTO roles (person_id, org_id, role) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`, [
          slice.map((p) => p.id), slice.map((p) => p.orgId), slice.map((p) => p.role),
        ]),
      )),
    ),
  );
  ms.push(
    await timed(db, 'fiscal_years', (tx) =>
      inBatches(country.years, BATCH, (slice) =>
        inserted(
          tx,
          `INSERT INTO fiscal_years (id, org_id, year, criteria_year, status, score_source)
           SELECT i, o, y, y, CASE WHEN y < $4 THEN 'closed' ELSE 'open' END, 'itas' FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS t (i, o, y)`,
          [slice.map((y) => y.fiscalYearId), slice.map((y) => y.orgId), slice.map((y) => y.year), YEAR],
        ),
      ),
    ),
  );
  ms.push(
    await timed(db, 'indicator_scores', (tx) =>
      inBatches(country.years, BATCH / 10, (slice) =>
        inserted(
          tx,
          `INSERT INTO indicator_scores (fiscal_year_id, indicator, score) SELECT f, i, s FROM unnest($1::uuid[], $2::smallint[], $3::numeric[]) AS t (f, i, s)`,
          [slice.flatMap((y) => y.indicators.map(() => y.fiscalYearId)), slice.flatMap((y) => y.indicators.map((_, k) => k + 1)), slice.flatMap((y) => y.indicators)],
        ),
      ),
    ),
  );
  // Measures, their indicators and their monthly progress are made by the database from FY 2569's fiscal years,
  // 1,000 fiscal years a statement: 8 to 12 measures each (about 10), each with 12 months of progress.
  const current = country.years.filter((y) => y.year === YEAR).map((y) => y.fiscalYearId);
  ms.push(
    await timed(db, 'measures', (tx) =>
      inBatches(current, 1000, (slice) =>
        inserted(
          tx,
          `INSERT INTO measures (fiscal_year_id, seq, title_th, methods, actions, period_start, period_end, follow_up, expected_outcome, status)
           SELECT fy, g, 'มาตรการส่งเสริมคุณธรรมและความโปร่งใส ข้อ ' || g,
                  ARRAY['ประชุมชี้แจงบุคลากร', 'เผยแพร่ข้อมูลบนเว็บไซต์หน่วยงาน'], ARRAY['จัดทำแผน', 'ดำเนินการตามแผน', 'ติดตามและรายงานผล'],
                  DATE '2025-10-01', DATE '2026-09-30', 'รายงานผลทุกเดือน', 'คะแนนตัวชี้วัดที่เกี่ยวข้องไม่ต่ำกว่า 85',
                  (ARRAY['done', 'done', 'in_progress', 'planned'])[1 + abs(hashtext(fy::text || g)) % 4]
             FROM unnest($1::uuid[]) AS fy CROSS JOIN LATERAL generate_series(1, 8 + abs(hashtext(fy::text)) % 5) AS g`,
          [slice],
        ),
      ),
    ),
  );
  ms.push(
    await timed(db, 'measure_indicators', (tx) =>
      inBatches(current, 1000, (slice) =>
        inserted(tx, `INSERT INTO measure_indicators (measure_id, indicator) SELECT id, 1 + (seq - 1) % 10 FROM measures WHERE fiscal_year_id = ANY($1::uuid[])`, [slice]),
      ),
    ),
  );
  ms.push(
    await timed(db, 'progress_entries', (tx) =>
      inBatches(current, 1000, (slice) =>
        inserted(
          tx,
          PROGRESS_SQL,
          [slice],
        ),
      ),
    ),
  );
  const loadMs = ms.reduce((a, b) => a + b, 0);
  await auditShare(db, current.slice(0, 500));
  const [audit] = await db.query(`SELECT count(*)::int AS n, pg_size_pretty(pg_total_relation_size('audit_log')) AS size FROM audit_log`);
  const a = audit as { n: unknown; size: unknown };
  console.log(`  audit_log written by the trigger: ${Number(a.n).toLocaleString('en')} rows, ${String(a.size)}`);
  const analyseStart = performance.now();
  await db.exec('ANALYZE');
  console.log(`  ANALYZE                ${((performance.now() - analyseStart) / 1000).toFixed(2).padStart(17)} s`);
  const total = (performance.now() - start) / 1000;
  console.log(`  total ${total.toFixed(1)} s (tables ${(loadMs / 1000).toFixed(1)} s; target ≤ 300 s: ${total <= 300 ? 'met' : 'NOT met'})`);
  const [size] = await db.query('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');
  console.log(`  database size ${String((size as { size: unknown }).size)}; score years ${SCORE_YEARS.join(', ')}`);
}

/**
 * What the audit trigger costs: the progress of 500 fiscal years' measures inserted once more with the trigger
 * and once with it switched off (the setting prongsai.audit), each in a transaction rolled back.
 */
async function auditShare(db: Db, slice: readonly string[]): Promise<void> {
  const rolledBack = new Error('rolled back');
  const run = async (audit: boolean): Promise<[number, number]> => {
    const start = performance.now();
    let count = 0;
    await db
      .transaction(async (tx) => {
        await tx.query(`SELECT set_config('prongsai.actor', $1, true)`, [JSON.stringify({ id: null, label: 'bench national', org: null })]);
        if (!audit) await tx.query(`SELECT set_config('prongsai.audit', 'off', true)`);
        count = await inserted(tx, PROGRESS_SQL, [slice]);
        throw rolledBack;
      })
      .catch((error: unknown) => {
        if (error !== rolledBack) throw error;
      });
    return [count, performance.now() - start];
  };
  const [count, withAudit] = await run(true);
  const [, without] = await run(false);
  console.log(
    `  audit trigger: ${count.toLocaleString('en')} progress rows in ${(withAudit / 1000).toFixed(2)} s with it, ${(without / 1000).toFixed(2)} s without ` +
      `(rolled back): ${((1 - without / withAudit) * 100).toFixed(0)}% of the time is the trigger's`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Serving and measuring

async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--serve', url], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const text of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const port = /^port (\d+)$/.exec(text)?.[1];
    if (port) return { child, base: `http://127.0.0.1:${port}` };
  }
  throw new Error('the server process ended before it listened');
}

async function stopAll(servers: ChildProcess[]): Promise<void> {
  for (const child of servers.splice(0)) {
    child.kill('SIGTERM');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
}

/**
 * Stops the running servers, waits until PostgreSQL has finished what they left running (a request abandoned by
 * a timed-out client still runs its query), and starts `n` fresh ones: one measurement's backlog never slows
 * the next.
 */
async function restart(servers: ChildProcess[], db: Db, url: string, n: number): Promise<string[]> {
  await stopAll(servers);
  for (;;) {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`);
    if (Number((row as { n: unknown }).n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const started = await Promise.all(Array.from({ length: n }, () => startServer(url)));
  servers.push(...started.map((s) => s.child));
  return started.map((s) => s.base);
}

/**
 * Six requests one after another on a fresh server: the first reads and scores every organisation's year (nothing
 * held yet: src/supervision/cache.ts), the others find it held; the first's time, the others' median and slowest.
 */
async function oneByOne(url: string, headers: Record<string, string>): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status} ${body.slice(0, 300)}`);
    times.push(performance.now() - start);
  }
  const [first, ...rest] = times as [number, ...number[]];
  rest.sort((x, y) => x - y);
  return `first ${first.toFixed(0)} ms (computes), then median ${(rest[2] as number).toFixed(0)} ms, slowest ${(rest[4] as number).toFixed(0)} ms`;
}

const loadNow = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/** 50 connections split over `urls` (one autocannon per url, at once); a request may take up to 60 s. */
async function measure(urls: readonly string[], headers: Record<string, string>, seconds: number): Promise<Result[]> {
  const connections = Math.floor(50 / urls.length);
  return Promise.all(urls.map((url) => autocannon({ url, connections, duration: seconds, headers, workers: 1, timeout: 60 })));
}

const line = (r: Result): string =>
  `${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms (${r.requests.total} requests, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`;

// ---------------------------------------------------------------------------------------------------------
// EXPLAIN of the roll-ups' one statement (every organisation's year: src/supervision/repo.ts selectYearTable), caught
// on its way to the database; every sequential scan is named with the rows it read and the rows its filter threw
// away (a scan that reads more than it needs).

async function explainRollup(db: Db): Promise<string[]> {
  const sent: { text: string; params: readonly unknown[] }[] = [];
  const catching: Queryable = {
    query: (text, params = []) => (sent.push({ text, params }), db.query(text, params)),
    exec: (text) => db.exec(text),
    copyIn: (table, columns, lines) => db.copyIn(table, columns, lines),
  };
  await selectYearTable(catching, YEAR, lastMonthStart(todayInBangkok()), new Date());
  const statement = sent.at(-1);
  if (!statement) throw new Error('selectYearTable sent nothing');
  const plan = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.params);
  return plan.map((row) => String(Object.values(row)[0]));
}

function seqScans(plan: readonly string[]): string[] {
  const found: string[] = [];
  plan.forEach((text, i) => {
    const scan = /Seq Scan on (\w+).*actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)/.exec(text);
    if (!scan) return;
    const removed = plan.slice(i + 1, i + 4).map((l) => /Rows Removed by Filter: (\d+)/.exec(l)?.[1]).find((n) => n !== undefined) ?? '0';
    found.push(`${scan[1]}: ${scan[2]} rows kept, ${removed} removed by the filter, ${scan[3]} loop(s)`);
  });
  return found;
}

async function explainHeaviest(db: Db): Promise<void> {
  const plan = await explainRollup(db);
  console.log(`EXPLAIN (ANALYZE, BUFFERS) of selectYearTable (src/supervision/repo.ts), year ${YEAR}, every organisation (jit off, as the app's connections):`);
  for (const text of plan) console.log(`  ${text}`);
  console.log(`sequential scans: ${seqScans(plan).join('; ') || 'none'}`);
}

// ---------------------------------------------------------------------------------------------------------
// The entry: a server process on the scratch database (the child side, `--serve URL`), or the benchmark.

if (process.argv[2] === '--serve') {
  const db = await openDb({ url: process.argv[3] as string });
  const app = await buildServer({ db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  console.log(`port ${typeof address === 'object' && address ? address.port : 0}`);
  process.once('SIGTERM', () => void app.close().then(() => db.close()).then(() => process.exit(0)));
} else {
  await main();
}
