/**
 * Benchmark: importing into the database, on PGlite and on PostgreSQL — the indicator scores of 8,300 agencies
 * (one table, one agency per row) and 1.35 million survey responses (the national yearly volume). Prints the time
 * and the peak memory (max RSS of a fresh process per step); asserts nothing. Target: the 1.35 million responses
 * in under 30 s on PGlite.
 *
 *   node --import tsx bench/db-import.ts [responses=1350000] [agencies=8300]
 *
 * PostgreSQL: PRONGSAI_BENCH_DATABASE_URL names a server where the benchmark may create and drop a database
 * (default postgres://prongsai:prongsai@127.0.0.1:5432/postgres, as .ci/run sets up); skipped when unreachable.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { importScores, scoresTableFrom } from '../src/years/transfer.ts';
import { importSurveyResponses } from '../src/years/surveys.ts';
import { migrate, openDb, type Db } from '../src/db/index.ts';
import { getCriteria } from '../src/ita/index.ts';
import { scratchDatabase } from '../test/helpers/pg-scratch.ts';
import { writeSyntheticResponses } from './synthetic.ts';

const YEAR = 2566;
const actor = { id: null, label: 'bench' };

async function setup(db: Db, agencies: number): Promise<void> {
  await migrate(db);
  const slugs = Array.from({ length: agencies }, (_, i) => `agency-${String(i).padStart(4, '0')}`);
  await db.query(`INSERT INTO organisations (slug, name_th, kind) SELECT s, 'หน่วยงาน ' || s, 'sao' FROM unnest($1::text[]) AS s`, [slugs]);
}

if (process.argv[2] === '--child') {
  const [, , , step, target, file, agencies] = process.argv as string[];
  const db = await openDb(target?.startsWith('postgres') ? { url: target } : { dataDir: target });
  try {
    await setup(db, Number(agencies));
    const start = performance.now();
    let detail: unknown;
    if (step === 'scores') {
      const bytes = (await import('node:fs')).readFileSync(file as string);
      detail = await importScores(db, actor, await scoresTableFrom(bytes, 'scores.csv'));
    } else {
      detail = await importSurveyResponses(db, actor, file as string, YEAR);
    }
    const ms = performance.now() - start;
    const outcome = detail as { written: boolean; problems: unknown[] };
    console.log(JSON.stringify({ ms, written: outcome.written, problems: outcome.problems.length, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    await db.close();
  }
} else {
  const responses = Number(process.argv[2] ?? 1_350_000);
  const agencies = Number(process.argv[3] ?? 8300);
  const dir = mkdtempSync(join(tmpdir(), 'prongsai-bench-db-'));
  try {
    const answersFile = join(dir, 'responses.csv');
    writeSyntheticResponses(answersFile, getCriteria(YEAR), { responses, agencies });
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const scoresFile = join(dir, 'scores.csv');
    const lines = ['agency,year,1,2,3,4,5,6,7,8,9,10'];
    for (let i = 0; i < agencies; i++) {
      lines.push([`agency-${String(i).padStart(4, '0')}`, YEAR, ...Array.from({ length: 10 }, () => (6000 + Math.floor(random() * 4001)) / 100)].join(','));
    }
    writeFileSync(scoresFile, `${lines.join('\n')}\n`);

    const url = process.env.PRONGSAI_BENCH_DATABASE_URL ?? 'postgres://prongsai:prongsai@127.0.0.1:5432/postgres';
    const targets: { name: string; make: () => Promise<{ target: string; drop: () => Promise<void> }> }[] = [
      {
        name: 'PGlite',
        make: async () => {
          const d = mkdtempSync(join(dir, 'pglite-'));
          return { target: d, drop: async () => rmSync(d, { recursive: true, force: true }) };
        },
      },
    ];
    try {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.end();
      targets.push({
        name: 'PostgreSQL',
        make: async () => {
          const scratch = await scratchDatabase(url, 'prongsai_bench');
          return { target: scratch.url, drop: scratch.drop };
        },
      });
    } catch {
      console.log(`(PostgreSQL skipped: no server at ${url.replace(/:[^:@/]*@/, ':***@')}; set PRONGSAI_BENCH_DATABASE_URL)`);
    }

    console.log(`db-import: ${agencies.toLocaleString('en')} agencies' scores; ${responses.toLocaleString('en')} survey responses (criteria ${YEAR})`);
    for (const t of targets) {
      for (const [step, file] of [
        ['scores', scoresFile],
        ['responses', answersFile],
      ] as const) {
        const { target, drop } = await t.make();
        try {
          const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', step, target, file, String(agencies)], {
            encoding: 'utf8',
            maxBuffer: 1 << 24,
          });
          const r = JSON.parse(out.trim().split('\n').at(-1) as string) as { ms: number; written: boolean; problems: number; maxRssMb: number };
          const label = step === 'scores' ? `${agencies.toLocaleString('en')} agencies' indicator scores` : `${responses.toLocaleString('en')} survey responses`;
          const target30 = step === 'responses' && t.name === 'PGlite' ? ` (target < 30 s: ${r.ms < 30_000 ? 'met' : 'NOT met'})` : '';
          console.log(`  ${t.name.padEnd(10)} ${label}: ${(r.ms / 1000).toFixed(2)} s, peak ${r.maxRssMb.toFixed(0)} MB, written ${r.written}${target30}`);
        } finally {
          await drop();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
