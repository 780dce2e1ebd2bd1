/**
 * Benchmark: the demo measures report (อบต.ห้วยทอง FY 2566) in each format, once from cold and then N in a row
 * with the warm browser, beside the status quo of converting our DOCX to PDF with LibreOffice. Prints times and
 * peak memory; asserts nothing. Targets: PDF under 150 ms per report warm, DOCX under 20 ms, 1,000 PDFs in
 * under 3 minutes.
 *
 *   node --import tsx bench/documents.ts [count=1000] [libreoffice runs=5]
 *
 * Memory: the peak resident size of this process (max RSS) and, sampled every 50 ms, of all its child processes
 * together as PSS (Chromium's browser, renderer and GPU processes; soffice; tsx's esbuild). LibreOffice is
 * installed with apt-get when it is missing (needs root).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { huaiThong2566 } from '../src/demo/huai-thong.ts';
import { DocumentBrowser } from '../src/documents/browser.ts';
import { renderDocument, type DocumentFormat } from '../src/documents/render.ts';
import { yearInputSchema } from '../src/model/year.ts';

const count = Number(process.argv[2] ?? 1000);
const officeRuns = Number(process.argv[3] ?? 5);
const input = yearInputSchema.parse(huaiThong2566);
const browser = new DocumentBrowser();
const dir = mkdtempSync(join(tmpdir(), 'prongsai-bench-documents-'));

/**
 * Memory of every descendant of this process, in MB (Linux /proc): the proportional set size (PSS), so that
 * pages Chromium's processes share are counted once, not once per process as RSS would; RSS where PSS is not
 * readable.
 */
function childrenRssMb(): number {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      parents.set(Number(entry), Number(status.match(/PPid:\s+(\d+)/)?.[1] ?? 0));
      let kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      try {
        kb = Number(readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m)?.[1] ?? kb);
      } catch {
        // No smaps_rollup (old kernel, other user): keep RSS.
      }
      rss.set(Number(entry), kb);
    } catch {
      // The process ended while we looked.
    }
  }
  let kb = 0;
  for (const pid of parents.keys()) {
    let p = parents.get(pid);
    while (p && p !== process.pid) p = parents.get(p);
    if (p === process.pid) kb += rss.get(pid) ?? 0;
  }
  return kb / 1024;
}

/** Runs `work` while sampling the children's memory; returns its result and the peak. */
async function sampled<T>(work: () => Promise<T>): Promise<{ result: T; childrenPeakMb: number }> {
  let peak = childrenRssMb();
  const timer = setInterval(() => {
    peak = Math.max(peak, childrenRssMb());
  }, 50);
  try {
    const result = await work();
    return { result, childrenPeakMb: Math.max(peak, childrenRssMb()) };
  } finally {
    clearInterval(timer);
  }
}

/** Runs a program to its end without blocking (so that the memory sampler keeps running). */
function spawnAsync(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
}

const ms = (t: number) => `${t.toFixed(1)} ms`;
const mb = (m: number) => `${m.toFixed(0)} MB`;
const selfPeakMb = () => process.resourceUsage().maxRSS / 1024;

async function one(format: DocumentFormat): Promise<number> {
  const t = performance.now();
  const out = await renderDocument(input, { kind: 'measures-report', format, browser });
  const elapsed = performance.now() - t;
  writeFileSync(join(dir, out.fileName), out.bytes);
  return elapsed;
}

// Other work on the machine slows every figure: say how busy it was.
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`documents: demo measures report (${input.organisation.nameTh}, FY ${input.year}), ${count} in a row per format`);
console.log(`  machine: ${availableParallelism()} cores, load average at start ${load()}`);
try {
  for (const format of ['html', 'docx', 'xlsx', 'pdf'] as const) {
    const { result, childrenPeakMb } = await sampled(async () => {
      const first = await one(format);
      const times: number[] = [];
      const t0 = performance.now();
      for (let i = 0; i < count; i++) times.push(await one(format));
      return { first, total: performance.now() - t0, times };
    });
    const sorted = [...result.times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    console.log(
      `  ${format.padEnd(4)} first ${ms(result.first)}; then ${count}: ${(result.total / 1000).toFixed(1)} s, ` +
        `mean ${ms(result.total / count)}, median ${ms(median)}, p95 ${ms(p95)}; ` +
        `peak memory: node ${mb(selfPeakMb())}, children ${mb(childrenPeakMb)}`,
    );
    if (format === 'pdf') {
      const perReport = result.total / count;
      console.log(`       targets: < 150 ms per PDF warm -> ${perReport < 150 ? 'met' : 'NOT met'}; 1,000 PDFs < 3 min -> ${(perReport * 1000) / 60000 < 3 ? 'met' : 'NOT met'} (${((perReport * 1000) / 60000).toFixed(2)} min per 1,000)`);
    }
    if (format === 'docx') console.log(`       target: < 20 ms per DOCX -> ${result.total / count < 20 ? 'met' : 'NOT met'}`);
  }
} finally {
  await browser.close();
}

// The status quo: our DOCX converted to PDF by LibreOffice, a new soffice process per document.
function soffice(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0) return name;
  }
  return null;
}
let office = soffice();
if (!office) {
  console.log('  libreoffice: not installed, installing with apt-get (libreoffice-writer-nogui) ...');
  spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui'], { stdio: 'inherit' });
  office = soffice();
}
if (!office) {
  console.log('  libreoffice: could not be installed; no comparison');
} else {
  const docx = join(dir, 'huai-thong-2566-measures-report.docx');
  const profile = join(dir, 'lo-profile');
  const times: number[] = [];
  const { childrenPeakMb } = await sampled(async () => {
    for (let i = 0; i < officeRuns; i++) {
      const t = performance.now();
      await spawnAsync(office as string, ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', dir, docx]);
      times.push(performance.now() - t);
    }
  });
  const pdf = join(dir, 'huai-thong-2566-measures-report.pdf');
  console.log(
    `  libreoffice DOCX -> PDF (${office} --headless --convert-to pdf, new process each): ${times.map((t) => (t / 1000).toFixed(2)).join(' s, ')} s ` +
      `(first includes creating its profile); ${(statSync(pdf).size / 1024).toFixed(0)} KB; peak memory ${mb(childrenPeakMb)}`,
  );
  const rest = times.slice(1);
  if (rest.length > 0) {
    const mean = rest.reduce((a, b) => a + b, 0) / rest.length;
    console.log(`       at ${ms(mean)} per document, 1,000 would take ${((mean * 1000) / 60000).toFixed(1)} min`);
  }
}
console.log(`  load average at the end ${load()}`);
rmSync(dir, { recursive: true, force: true });
