/**
 * Benchmark: zip bombs (issue 12, point 1). A 1 MB XLSX whose sheet unpacks to 1 GiB of spaces
 * (test/helpers/zip-bomb.ts) is refused by src/io/zip-guard.ts before ExcelJS sees it. This prints:
 * - the CLI (`prongsai import bomb.xlsx`, scores and measures): wall time and peak memory (/usr/bin/time);
 *   target on the project's 2-core machines: under 10 s and under 400 MB;
 * - the server (`prongsai serve` in a process of its own, on a fresh embedded database with the demo): its memory
 *   growth (VmHWM, the peak, over VmRSS before) and whether /healthz kept answering (polled every 100 ms) while
 *   1 bomb, then 3 at once, are sent to the measures import API; target: at most ~100 MB, every /healthz 200, the
 *   server still up;
 * - for comparison, one legitimate workbook just under the cell cap (50,000 rows of 10 cells) sent the same way:
 *   what the caps still let ExcelJS spend.
 * It asserts nothing (exit code 0) and takes about a minute:
 *
 *   node --import tsx bench/zip-bomb.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken, DEMO_PASSWORD, ensureDemoAccounts, signIn } from '../src/accounts/accounts.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { migrate, openDb } from '../src/db/index.ts';
import { MAX_SHEET_CELLS, MAX_SHEET_ROWS, MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES } from '../src/io/zip-guard.ts';
import { xlsxBomb, xlsxOfGrid } from '../test/helpers/zip-bomb.ts';

const SLUG = 'huai-thong';
const YEAR = 2566;
const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'bin/prongsai.js');
const dir = mkdtempSync(join(tmpdir(), 'prongsai-bench-zip-bomb-'));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

console.log(`zip-bomb: ${cpus().length} cores, load ${(loadavg()[0] ?? 0).toFixed(2)}`);
console.log(`  caps: ${MAX_ZIP_ENTRIES.toLocaleString('en')} entries, ${mb(MAX_ZIP_ENTRY_BYTES)} per part, ${mb(MAX_ZIP_TOTAL_BYTES)} in all, ${MAX_SHEET_ROWS.toLocaleString('en')} rows, ${MAX_SHEET_CELLS.toLocaleString('en')} cells`);
const bomb = xlsxBomb(1024 ** 3);
const bombFile = join(dir, 'bomb.xlsx');
writeFileSync(bombFile, bomb);
console.log(`  the bomb: ${(bomb.length / 1024).toFixed(0)} KB, its sheet unpacks to 1 GiB of spaces`);

// 1. The CLI, a process per run: wall time and peak RSS from /usr/bin/time.
for (const [what, args] of [
  ['scores', ['import', bombFile]],
  ['measures', ['import', bombFile, '--org', SLUG, '--year', String(YEAR), '--dry-run']],
] as const) {
  let report = '';
  try {
    execFileSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, ...args], {
      env: { ...process.env, DATABASE_URL: '', PRONGSAI_DATA: join(dir, 'cli-data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    report = String((error as { stderr?: Buffer }).stderr ?? '');
  }
  const [seconds, kb] = (report.trim().split('\n').at(-1) ?? '').split(' ');
  const said = /unpacks too large[^\n]*/.exec(report)?.[0] ?? report.trim().split('\n')[0];
  console.log(`  CLI import (${what}): ${seconds} s, peak RSS ${(Number(kb) / 1024).toFixed(0)} MB: "${said}"`);
}

// 2. The server, as users start it, in its own process, with the coordinator's API token.
let token = '';
const dataDir = join(dir, 'server-data');
{
  const db = await openDb({ dataDir });
  await migrate(db);
  await ensureDemo(db);
  await ensureDemoAccounts(db);
  const s = await signIn(db, 'coordinator@huai-thong.demo', DEMO_PASSWORD);
  token = (await createApiToken(db, s.account.principal, 'bench')).token;
  await db.close();
}
const port = 20_000 + ((process.pid + 7) % 20_000);
const server = spawn(process.execPath, [cli, 'serve'], {
  env: { ...process.env, DATABASE_URL: '', PORT: String(port), PRONGSAI_DATA: dataDir, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let exited: string | null = null;
server.on('exit', (code, signal) => (exited = `exit ${code ?? ''} ${signal ?? ''}`.trim()));
const base = `http://127.0.0.1:${port}`;
const memory = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { now: kb('VmRSS'), peak: kb('VmHWM') };
};
for (let i = 0; ; i++) {
  if (await fetch(`${base}/healthz`).then((r) => r.status === 200, () => false)) break;
  if (exited || i > 600) throw new Error(`the server did not start (${exited ?? 'no answer'})`);
  await new Promise((r) => setTimeout(r, 100));
}

function upload(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), name);
  form.append('dryRun', 'true');
  return fetch(`${base}/api/v1/orgs/${SLUG}/years/${YEAR}/measures/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
    signal: AbortSignal.timeout(120_000),
  }).then(
    async (r) => {
      const body = (await r.json()) as { problems?: { en: string }[]; error?: { en: string } };
      return `${r.status} ${body.problems?.[0]?.en ?? body.error?.en ?? `${body.problems?.length ?? 0} problems`}`;
    },
    (e: Error) => `failed: ${e.name} ${e.message}`,
  );
}

/** Sends `count` copies at once while /healthz is polled; prints the figures. */
async function round(label: string, bytes: Uint8Array<ArrayBuffer>, count: number): Promise<void> {
  const before = memory();
  const health = { ok: 0, failed: 0, slowest: 0 };
  let done = false;
  const poll = (async () => {
    while (!done) {
      const start = performance.now();
      const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status === 200, () => false);
      health.slowest = Math.max(health.slowest, performance.now() - start);
      if (ok) health.ok++;
      else health.failed++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const start = performance.now();
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => upload(bytes, `upload-${i}.xlsx`)));
  const ms = performance.now() - start;
  done = true;
  await poll;
  const after = exited ? { now: 0, peak: before.peak } : memory();
  console.log(`  server, ${label} × ${count} at once: answered in ${(ms / 1000).toFixed(1)} s: ${[...new Set(answers)].join(' | ')}`);
  console.log(
    `    RSS ${mb(before.now)} before, peak ${mb(after.peak)} (growth ${mb(Math.max(0, after.peak - before.now))}); /healthz ${health.ok} × 200, ${health.failed} failed, slowest ${health.slowest.toFixed(0)} ms; server ${exited ?? 'up'}`,
  );
}

try {
  // Warm up the route once with a small valid workbook, so that the first bomb does not pay for loading code.
  await upload(xlsxOfGrid(3, 3), 'warm-up.xlsx');
  await round('1 GiB bomb', bomb, 1);
  await round('1 GiB bomb', bomb, 3);
  await round('legitimate workbook at the cell cap (50,000 rows × 10 cells)', xlsxOfGrid(50_000, 10), 1);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
