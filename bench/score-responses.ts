/**
 * Benchmark: score 1.35 million survey responses (the national ITA's yearly volume) from a CSV file, streamed
 * through the survey tally as `prongsai score --responses FILE` does. Prints time and peak memory; asserts
 * nothing. Targets on the project's 2-core machines: under 5 s and under 500 MB.
 *
 *   node --import tsx bench/score-responses.ts [responses=1350000] [agencies=8300]
 *
 * The file is written first (not timed), then scored in a fresh child process so that the memory figure is
 * the scoring's own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { tallyResponsesFile } from '../src/years/scoring.ts';
import { getCriteria } from '../src/ita/index.ts';
import { writeSyntheticResponses } from './synthetic.ts';

const YEAR = 2566;

if (process.argv[2] === '--child') {
  const path = process.argv[3] as string;
  const start = performance.now();
  const results = await tallyResponsesFile(getCriteria(YEAR), path);
  const ms = performance.now() - start;
  const respondents = results.reduce((n, r) => n + r.respondents.IIT + r.respondents.EIT, 0);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, agencies: results.length, respondents, maxRssMb }));
} else {
  const responses = Number(process.argv[2] ?? 1_350_000);
  const agencies = Number(process.argv[3] ?? 8300);
  const dir = mkdtempSync(join(tmpdir(), 'prongsai-bench-'));
  const file = join(dir, 'responses.csv');
  try {
    const t0 = performance.now();
    const answers = writeSyntheticResponses(file, getCriteria(YEAR), { responses, agencies });
    const size = statSync(file).size;
    console.log(`score-responses: ${responses.toLocaleString('en')} responses, ${agencies} agencies, criteria ${YEAR}`);
    console.log(
      `  file: ${(size / 1048576).toFixed(0)} MB, ${answers.toLocaleString('en')} answers (${(answers / responses).toFixed(1)} per response), written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const runs = [1, 2, 3].map(() => {
      const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', file], {
        encoding: 'utf8',
      });
      return JSON.parse(out) as { ms: number; agencies: number; respondents: number; maxRssMb: number };
    });
    const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
    console.log(`  scored: ${best.agencies} agencies, ${best.respondents.toLocaleString('en')} respondents`);
    console.log(`  time: ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(' s, ')} s (best ${(best.ms / 1000).toFixed(2)} s)`);
    console.log(`  peak memory (max RSS of the scoring process): ${Math.max(...runs.map((r) => r.maxRssMb)).toFixed(0)} MB`);
    console.log(`  targets: < 5 s -> ${best.ms < 5000 ? 'met' : 'NOT met'}; < 500 MB -> ${Math.max(...runs.map((r) => r.maxRssMb)) < 500 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
