/**
 * Benchmark: the agency's own surveys (issue 19, point 5), on PGlite and on PostgreSQL. Prints figures; asserts
 * nothing.
 *
 * (a) Results of an EIT survey with 100,000 respondents: the answer records are generated (deterministic: a seeded
 *     generator), loaded with INSERT … SELECT over unnest arrays in batches, then the service's results call
 *     (src/surveys/service.ts surveyResultsOf: read every record, score it, by month and by service point) is timed
 *     5 times: min, median, max. Target ≤ 1 s.
 * (b) Answers through HTTP at 50 concurrent respondents: the server (buildServer, in this process, over the same
 *     database) answers a load process of this script (`--load`), which first GETs a pool of forms (GET /s/:token,
 *     50 at once) and keeps their form tokens, waits the tokens' minimum age (3 s) once, then POSTs one answer per
 *     token, 50 in flight, for N seconds or until the pool is used up. Each respondent comes from an address of its
 *     own (X-Forwarded-For, the server trusting every hop as a test server does): the per-address rate limit is
 *     for one person, not for 50 people behind one address. Prints the POSTs per second, their p50/p99, and the
 *     responses the database holds afterwards (must equal the 2xx count). Targets: ≥ 300/s on PGlite, ≥ 1,000/s
 *     on PostgreSQL, p99 ≤ 100 ms.
 *
 *   node --import tsx bench/surveys.ts [--backend both|pglite|postgres] [--respondents 100000] [--seconds 10]
 *
 * PostgreSQL: PRONGSAI_BENCH_DATABASE_URL or DATABASE_URL names a server where the benchmark may create a scratch
 * database (default postgres://prongsai:prongsai@127.0.0.1:5432/postgres), dropped at the end.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { migrate, openDb, type Db } from '../src/db/index.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { DEMO_CURRENT_YEAR, DEMO_SLUG } from '../src/demo/huai-thong.ts';
import { countResponses } from '../src/surveys/repo.ts';
import { addPoint, createSurvey, publishSurvey, surveyResultsOf, type Survey } from '../src/surveys/service.ts';
import { buildServer } from '../src/web/server.ts';
import { scratchDatabase } from '../test/helpers/pg-scratch.ts';
import { random as seeded } from './national-data.ts';

const PRINCIPAL = cliPrincipal(cliActor('bench surveys'));
const REF = { org: DEMO_SLUG, year: DEMO_CURRENT_YEAR } as const;
/** The fiscal year's months, within which the generated answers fall (the period covers today: Oct 2026 – Sep 2027). */
const PERIOD = { opensOn: `${DEMO_CURRENT_YEAR - 544}-10-01`, closesOn: `${DEMO_CURRENT_YEAR - 543}-09-30` } as const;
const BATCH = 20_000;
const CONCURRENCY = 50;
const MIN_AGE_MS = 3_000;

/** What one answer needs: each item's code and its number of options (own questions included). */
type Item = readonly [code: string, options: number];

/** An option 1..k, leaning to the better answers as real respondents do; 0 (not answered) one time in 20. */
const option = (random: () => number, k: number): number => (random() < 0.05 ? 0 : Math.min(k, 1 + Math.floor(k * Math.sqrt(random()))));

function itemsOf(survey: Survey): { items: Item[]; own: Item[] } {
  const size = (scale: string): number => survey.snapshot.scales.find((s) => s.id === scale)?.options.length ?? 1;
  return {
    items: survey.snapshot.questions.flatMap((q) => q.items.map((i): Item => [i.code, size(i.scale)])),
    own: survey.snapshot.own.map((q): Item => [q.code, size(q.scale)]),
  };
}

async function newSurvey(db: Db, title: string, points: number): Promise<Survey> {
  const survey = await createSurvey(db, PRINCIPAL, REF, {
    kind: 'EIT',
    title,
    ...PERIOD,
    targetRespondents: 400,
    ownQuestions: [{ code: 's1', textTh: 'ความพึงพอใจต่อการให้บริการโดยรวม', scale: 'four-level' }],
  });
  for (let i = 1; i <= points; i++) await addPoint(db, PRINCIPAL, REF, survey.id, `จุดบริการที่ ${i}`);
  return publishSurvey(db, PRINCIPAL, REF, survey.id);
}

const ms = (n: number): string => `${n.toFixed(0)} ms`;
const loadNow = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

// ---------------------------------------------------------------------------------------------------------
// (a) results of 100,000 respondents

async function results(db: Db, respondents: number): Promise<void> {
  const survey = await newSurvey(db, 'แบบสำรวจ (benchmark) ผลของผู้ตอบจำนวนมาก', 3);
  const { items, own } = itemsOf(survey);
  const pointIds = [null, ...survey.points.map((p) => p.id)];
  const random = seeded(2570);
  const loadStart = performance.now();
  for (let start = 0; start < respondents; start += BATCH) {
    const n = Math.min(BATCH, respondents - start);
    const points: (string | null)[] = [];
    const months: string[] = [];
    const answers: string[] = [];
    const owns: string[] = [];
    for (let i = 0; i < n; i++) {
      points.push(pointIds[Math.floor(random() * pointIds.length)] ?? null);
      // Oct 2026 (0) … Sep 2027 (11).
      const m = Math.floor(random() * 12);
      months.push(`${2026 + Math.floor((9 + m) / 12)}-${String(((9 + m) % 12) + 1).padStart(2, '0')}-01`);
      answers.push(Buffer.from(items.map(([, k]) => option(random, k))).toString('hex'));
      owns.push(Buffer.from(own.map(([, k]) => option(random, k))).toString('hex'));
    }
    await db.query(
      `INSERT INTO survey_responses (survey_id, point_id, month, answers, own_answers)
       SELECT $1, p, m, decode(a, 'hex'), decode(o, 'hex') FROM unnest($2::uuid[], $3::date[], $4::text[], $5::text[]) AS t (p, m, a, o)`,
      [survey.id, points, months, answers, owns],
    );
  }
  await db.exec('ANALYZE survey_responses');
  console.log(`  loaded ${respondents.toLocaleString('en')} respondents (${items.length} items, ${own.length} own question, 3 service points, 12 months) in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
  const times: number[] = [];
  let scored = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const [one] = await surveyResultsOf(db, PRINCIPAL, REF, survey.id);
    times.push(performance.now() - start);
    scored = one?.results.respondents ?? 0;
  }
  times.sort((x, y) => x - y);
  const [min, , median, , max] = times as [number, number, number, number, number];
  console.log(
    `  results (surveyResultsOf, ${scored.toLocaleString('en')} respondents scored): min ${ms(min)}, median ${ms(median)}, max ${ms(max)}   ` +
      `(target ≤ 1 s: ${verdict(max <= 1000)}; load ${loadNow()})`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// (b) answers through HTTP

interface LoadReport {
  readonly forms: number;
  readonly formsMs: number;
  readonly posted: number;
  readonly ok: number;
  readonly refused: Record<string, number>;
  readonly errors: number;
  readonly postMs: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

async function answers(db: Db, seconds: number): Promise<void> {
  const survey = await newSurvey(db, 'แบบสำรวจ (benchmark) การตอบผ่านเว็บ', 0);
  const app = await buildServer({ db, logger: false, trustProxy: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    // A third above the target rate for N seconds: a faster server uses the pool up early (its rate is still posted ÷ time).
    const pool = Math.max(1000, Math.ceil(seconds * (db.kind === 'pglite' ? 400 : 1200)));
    const config = JSON.stringify({ url: `${base}/s/${survey.linkToken}`, seconds, pool, ...itemsOf(survey) });
    const report = await loadProcess(config);
    const [counted] = await countResponses(db, [survey.id]);
    const held = counted?.n ?? 0;
    const rps = report.posted / (report.postMs / 1000);
    const target = db.kind === 'pglite' ? 300 : 1000;
    console.log(`  forms: ${report.forms.toLocaleString('en')} GET /s/:token in ${(report.formsMs / 1000).toFixed(1)} s (${(report.forms / (report.formsMs / 1000)).toFixed(0)}/s), then ${MIN_AGE_MS / 1000} s for the tokens to age`);
    console.log(
      `  answers: ${rps.toFixed(0)} POST/s over ${(report.postMs / 1000).toFixed(1)} s, p50 ${ms(report.p50)}, p99 ${ms(report.p99)}, max ${ms(report.max)} ` +
        `(${report.posted.toLocaleString('en')} posted: ${report.ok.toLocaleString('en')} 2xx, refused ${JSON.stringify(report.refused)}, errors ${report.errors}; load ${loadNow()})`,
    );
    console.log(`  targets: ≥ ${target.toLocaleString('en')}/s: ${verdict(rps >= target)}; p99 ≤ 100 ms: ${verdict(report.p99 <= 100)}`);
    console.log(`  responses in the database afterwards: ${held.toLocaleString('en')} (2xx ${report.ok.toLocaleString('en')}: ${held === report.ok ? 'equal' : 'NOT equal'})`);
  } finally {
    await app.close();
  }
}

/** Runs the load process (this script, `--load CONFIG`) and reads its report (its last line, JSON). */
async function loadProcess(config: string): Promise<LoadReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--load', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load process ended with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) as string) as LoadReport;
}

/** Runs `work(i)` for i = 0, 1, … with `CONCURRENCY` in flight, while `more(i)`. */
async function inFlight(more: (i: number) => boolean, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (more(next)) await work(next++);
    }),
  );
}

/** The respondent's address: one of its own. */
const addressOf = (i: number): string => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** The load process: GETs the pool of forms, waits the tokens' minimum age, POSTs the answers. */
async function load(config: { url: string; seconds: number; pool: number; items: Item[]; own: Item[] }): Promise<LoadReport> {
  const tokens: string[] = [];
  const formsStart = performance.now();
  await inFlight(
    (i) => i < config.pool,
    async (i) => {
      const response = await fetch(config.url, { headers: { 'x-forwarded-for': addressOf(i) } });
      const html = await response.text();
      const input = /<input[^>]*name="formToken"[^>]*>/.exec(html)?.[0];
      const token = input && /value="([^"]+)"/.exec(input)?.[1];
      if (response.status !== 200 || !token) throw new Error(`GET ${config.url}: HTTP ${response.status}, no form token`);
      tokens[i] = token;
    },
  );
  const formsMs = performance.now() - formsStart;
  await new Promise((resolve) => setTimeout(resolve, MIN_AGE_MS + 1000));

  const random = seeded(19);
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  const start = performance.now();
  const deadline = start + config.seconds * 1000;
  await inFlight(
    (i) => i < tokens.length && performance.now() < deadline,
    async (i) => {
      const body = new URLSearchParams({ formToken: tokens[i] as string });
      for (const [code, k] of [...config.items, ...config.own]) {
        const value = option(random, k);
        if (value > 0) body.set(code, String(value));
      }
      const sent = performance.now();
      try {
        const response = await fetch(config.url, { method: 'POST', body, headers: { 'x-forwarded-for': addressOf(i) } });
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (response.status >= 200 && response.status < 300) ok++;
        else refused[response.status] = (refused[response.status] ?? 0) + 1;
      } catch {
        errors++;
      }
    },
  );
  const postMs = performance.now() - start;
  latencies.sort((x, y) => x - y);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { forms: tokens.length, formsMs, posted: latencies.length + errors, ok, refused, errors, postMs, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? 0 };
}

// ---------------------------------------------------------------------------------------------------------
// The entry

async function onBackend(kind: 'pglite' | 'postgres', respondents: number, seconds: number): Promise<void> {
  const adminUrl = process.env.PRONGSAI_BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://prongsai:prongsai@127.0.0.1:5432/postgres';
  const dir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'prongsai-bench-surveys-')) : null;
  const scratch = dir === null ? await scratchDatabase(adminUrl, 'prongsai_bench_surveys') : null;
  const db = await openDb(dir !== null ? { dataDir: dir } : { url: (scratch as { url: string }).url });
  try {
    await migrate(db);
    await ensureDemo(db);
    const version = db.kind === 'pglite' ? 'PGlite' : `PostgreSQL ${String(Object.values((await db.query('SHOW server_version'))[0] ?? {})[0])}`;
    console.log(`surveys on ${version}, ${cpus().length} cores, load ${loadNow()}:`);
    await results(db, respondents);
    await answers(db, seconds);
  } finally {
    await db.close();
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

if (process.argv[2] === '--load') {
  console.log(JSON.stringify(await load(JSON.parse(process.argv[3] as string) as Parameters<typeof load>[0])));
} else {
  const { values } = parseArgs({ options: { backend: { type: 'string', default: 'both' }, respondents: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '10' } } });
  const respondents = Number(values.respondents);
  const seconds = Number(values.seconds);
  if (!(respondents > 0) || !(seconds > 0)) throw new Error('--respondents and --seconds take positive numbers');
  if (!['both', 'pglite', 'postgres'].includes(values.backend)) throw new Error('--backend: both, pglite or postgres');
  if (values.backend !== 'postgres') await onBackend('pglite', respondents, seconds);
  if (values.backend !== 'pglite') await onBackend('postgres', respondents, seconds);
}
