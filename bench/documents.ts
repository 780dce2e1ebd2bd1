/**
 * Benchmark: the demo measures report (อบต.ห้วยทอง FY 2566) in each format, the PDF once from cold (the browser
 * started for it) and then N in a row with the warm browser, beside the status quo of converting our DOCX to PDF
 * with LibreOffice, in the same run. Prints one table (times per document, peak memory) and the targets; asserts
 * nothing. Targets: PDF ≤ 150 ms per report warm (median) and ≥ 5× faster than LibreOffice per document, DOCX
 * under 20 ms, 1,000 PDFs in under 3 minutes.
 *
 *   node --import tsx bench/documents.ts [count=1000] [libreoffice runs=5]
 *
 * Memory: the peak resident size of this process (max RSS) and, sampled every 200 ms, of its child processes
 * together as PSS (Chromium's processes; soffice), so that pages they share are counted once. Only this
 * process's descendants are read, and not too often: reading a process's memory map (smaps_rollup) holds its
 * memory lock, and sampling every process of a shared machine every 50 ms slowed the very PDFs it measured.
 * LibreOffice is installed with apt-get when it is missing (needs root). Other work on the machine slows every
 * figure: the load average is printed at the start and the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { huaiThong2566 } from '../src/demo/huai-thong.ts';
import { DocumentBrowser } from '../src/documents/core/browser.ts';
import { renderDocument, type DocumentFormat } from '../src/documents/core/render.ts';
import { yearInputSchema } from '../src/model/year.ts';

const count = Math.max(1, Number(process.argv[2] ?? 1000));
const officeRuns = Math.max(0, Number(process.argv[3] ?? 5));
const input = yearInputSchema.parse(huaiThong2566);
/** The PDF's browser, started by the first PDF; the DOCX has one of its own for its chart pictures, if any. */
const browser = new DocumentBrowser();
const docxBrowser = new DocumentBrowser();
const dir = mkdtempSync(join(tmpdir(), 'prongsai-bench-documents-'));

/** The process ids below `pid` (Linux: /proc/<pid>/task/<tid>/children, of every thread: soffice forks from one). */
function descendants(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      children.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
    }
  } catch {
    // Ended, or no such file on this kernel.
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** Memory of this process's descendants, in MB: PSS where readable, RSS otherwise. */
function childrenMb(): number {
  let kb = 0;
  for (const pid of descendants(process.pid)) {
    try {
      kb += Number(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      try {
        kb += Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      } catch {
        // The process ended while we looked.
      }
    }
  }
  return kb / 1024;
}

/** Runs `work` while sampling the children's memory; returns its result and the peak. */
async function sampled<T>(work: () => Promise<T>): Promise<{ result: T; childrenPeakMb: number }> {
  let peak = childrenMb();
  const timer = setInterval(() => {
    peak = Math.max(peak, childrenMb());
  }, 200);
  try {
    const result = await work();
    return { result, childrenPeakMb: Math.max(peak, childrenMb()) };
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

const percentile = (times: readonly number[], p: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
};
const mean = (times: readonly number[]) => times.reduce((a, b) => a + b, 0) / times.length;
const ms = (t: number) => (Number.isFinite(t) ? `${t.toFixed(1)} ms` : '-');
const selfPeakMb = () => process.resourceUsage().maxRSS / 1024;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

interface Row {
  readonly what: string;
  readonly runs: number;
  readonly median: number;
  readonly p95: number;
  readonly mean: number;
  readonly childrenPeakMb: number;
}
const rows: Row[] = [];
const row = (what: string, times: readonly number[], childrenPeakMb: number): Row => {
  const r = { what, runs: times.length, median: percentile(times, 0.5), p95: percentile(times, 0.95), mean: mean(times), childrenPeakMb };
  rows.push(r);
  return r;
};

async function one(format: DocumentFormat): Promise<number> {
  const t = performance.now();
  const out = await renderDocument(input, { kind: 'measures-report', format, browser: format === 'pdf' ? browser : docxBrowser });
  const elapsed = performance.now() - t;
  writeFileSync(join(dir, out.fileName), out.bytes);
  return elapsed;
}

console.log(`documents: demo measures report (${input.organisation.nameTh}, FY ${input.year}), ${count} in a row per format, LibreOffice ${officeRuns} times`);
console.log(`  machine: ${availableParallelism()} cores, load average at start ${load()}`);
let pdfWarm: Row | undefined;
let docxRow: Row | undefined;
let pdfBytes = 0;
try {
  // The first PDF also starts its browser: "cold" is what the first PDF of a process costs.
  for (const format of ['docx', 'html', 'xlsx', 'pdf'] as const) {
    if (format === 'pdf') await docxBrowser.close();
    const { result, childrenPeakMb } = await sampled(async () => {
      const first = await one(format);
      const times: number[] = [];
      for (let i = 0; i < count; i++) times.push(await one(format));
      return { first, times };
    });
    if (format === 'pdf') {
      row('PDF cold (browser start + 1st)', [result.first], childrenPeakMb);
      pdfWarm = row('PDF warm', result.times, childrenPeakMb);
      pdfBytes = statSync(join(dir, 'huai-thong-2566-measures-report.pdf')).size;
    } else {
      const r = row(format.toUpperCase(), result.times, childrenPeakMb);
      if (format === 'docx') docxRow = r;
    }
  }
} finally {
  await docxBrowser.close();
  await browser.close();
}

// The status quo: our DOCX converted to PDF by LibreOffice, a new soffice process per document, into a folder of
// its own (its PDF has the same name as ours).
function soffice(): string | null {
  for (const name of ['soffice', 'libreoffice']) {
    if (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0) return name;
  }
  return null;
}
let office = officeRuns > 0 ? soffice() : null;
if (officeRuns > 0 && !office) {
  console.log('  libreoffice: not installed, installing with apt-get (libreoffice-writer-nogui) ...');
  spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui'], { stdio: 'inherit' });
  office = soffice();
}
let officeRow: Row | undefined;
let officeNote = officeRuns > 0 ? 'could not be installed' : 'not run (0 runs asked)';
if (office && officeRuns > 0) {
  const docx = join(dir, 'huai-thong-2566-measures-report.docx');
  const outDir = join(dir, 'libreoffice');
  mkdirSync(outDir);
  const profile = join(dir, 'lo-profile');
  const convert = () => spawnAsync(office, ['--headless', `-env:UserInstallation=file://${profile}`, '--convert-to', 'pdf', '--outdir', outDir, docx]);
  // The first run also creates LibreOffice's profile: its cold start, not counted per document.
  const { result, childrenPeakMb } = await sampled(async () => {
    const times: number[] = [];
    for (let i = 0; i <= officeRuns; i++) {
      const t = performance.now();
      await convert();
      times.push(performance.now() - t);
    }
    return times;
  });
  row('LibreOffice cold (new profile)', result.slice(0, 1), childrenPeakMb);
  officeRow = row(`LibreOffice DOCX→PDF (${office}, new process each)`, result.slice(1), childrenPeakMb);
  officeNote = `its PDF ${(statSync(join(outDir, 'huai-thong-2566-measures-report.pdf')).size / 1024).toFixed(0)} KB, ours ${(pdfBytes / 1024).toFixed(0)} KB`;
}

const width = Math.max(...rows.map((r) => r.what.length));
console.log(`  ${'per document'.padEnd(width)}  ${'runs'.padStart(5)}  ${'median'.padStart(10)}  ${'p95'.padStart(10)}  ${'mean'.padStart(10)}  children peak`);
for (const r of rows) {
  console.log(`  ${r.what.padEnd(width)}  ${String(r.runs).padStart(5)}  ${ms(r.median).padStart(10)}  ${ms(r.p95).padStart(10)}  ${ms(r.mean).padStart(10)}  ${r.childrenPeakMb.toFixed(0).padStart(6)} MB`);
}
console.log(`  peak memory of this process (node, max RSS): ${selfPeakMb().toFixed(0)} MB; LibreOffice: ${officeNote}`);
const ratio = officeRow && pdfWarm ? officeRow.median / pdfWarm.median : NaN;
if (pdfWarm) {
  const perThousand = (pdfWarm.mean * 1000) / 60000;
  console.log(`  ratio LibreOffice / PDF warm (medians): ${Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : '-'}`);
  console.log(
    `  targets: PDF warm ≤ 150 ms (median) -> ${pdfWarm.median <= 150 ? 'met' : 'NOT met'}; ≥ 5× faster than LibreOffice -> ` +
      `${Number.isFinite(ratio) ? (ratio >= 5 ? 'met' : 'NOT met') : 'not measured'}; 1,000 PDFs < 3 min -> ${perThousand < 3 ? 'met' : 'NOT met'} (${perThousand.toFixed(2)} min)` +
      `${docxRow ? `; DOCX < 20 ms -> ${docxRow.median < 20 ? 'met' : 'NOT met'}` : ''}`,
  );
}
console.log(`  load average at the end ${load()}`);
rmSync(dir, { recursive: true, force: true });
