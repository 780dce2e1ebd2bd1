/**
 * LibreOffice smoke test of the DOCX: the demo's measures report (FY 2566, อบต.ห้วยทอง) converted to PDF with
 * `soffice --headless`, read back with poppler. Prints LibreOffice's page count beside our Chromium PDF's (the
 * figures of docs/decisions/0007-docx-fonts.md). Each conversion has its own soffice process on a private profile
 * (parallel runs do not clash; fonts embedded in one document are not left registered for the next).
 * Page numbers: the DOCX asks for Thai digits (thaiNumbers), which Word honours; LibreOffice maps no DOCX page
 * format or field switch to Thai digits (7.4 here, and its writerfilter source today), so the test checks that
 * every page after the first is numbered in order and prints which digits LibreOffice used.
 * Skipped when soffice is missing: CI installs libreoffice-writer-nogui (.ci/run).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentBrowser, findChromium } from '../src/documents/core/browser.ts';
import type { DocxFontName } from '../src/documents/core/docx.ts';
import { renderDocument } from '../src/documents/core/render.ts';
import { demoYear, missingSeedPieces, missingTools, run, seedPieces, seedPiecesMissingAcrossPages, withoutPageNumbers } from './fixtures/documents/helpers.ts';

const execFileAsync = promisify(execFile);
/** The programs this test runs, each with the Debian package that has it. */
const TOOLS: Readonly<Record<string, string>> = {
  soffice: 'libreoffice-writer-nogui',
  pdftotext: 'poppler-utils',
  pdfinfo: 'poppler-utils',
  pdffonts: 'poppler-utils',
  'fc-match': 'fontconfig',
};
const missing = missingTools(Object.keys(TOOLS));
const packages = [...new Set(missing.map((tool) => TOOLS[tool]))];
const skipped = missing.length > 0 ? ` (skipped: no ${missing.join(', ')}; install with apt-get install ${packages.join(' ')})` : '';
const CONVERT_TIMEOUT_MS = 240_000;

let dir = '';
let chromiumPages: number | null = null;
const browser = new DocumentBrowser();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prongsai-libreoffice-'));
  if (!skipped && findChromium()) {
    const pdf = await renderDocument(demoYear(), { kind: 'measures-report', format: 'pdf', browser });
    await writeFile(join(dir, 'chromium.pdf'), pdf.bytes);
    chromiumPages = pageCount(join(dir, 'chromium.pdf'));
  }
}, 300_000);
afterAll(async () => {
  await browser.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function pageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))![1]);
}

/** The DOCX of the demo's measures report, converted by LibreOffice: the PDF's path. */
async function converted(font: DocxFontName): Promise<string> {
  const docx = await renderDocument(demoYear(), { kind: 'measures-report', format: 'docx', docxFont: font });
  const out = join(dir, font);
  const file = join(out, `report-${font}.docx`);
  await mkdir(out, { recursive: true });
  await writeFile(file, docx.bytes);
  const profile = pathToFileURL(join(dir, `profile-${font}`)).href;
  await execFileAsync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, file], {
    timeout: CONVERT_TIMEOUT_MS,
  });
  const pdf = (await readdir(out)).find((f) => f.endsWith('.pdf'));
  if (!pdf) throw new Error(`soffice wrote no PDF for ${basename(file)}`);
  return join(out, pdf);
}

/** The page-number lines ("- ๒ -", "-2-") of a PDF, as numbers, in page order. */
function pageNumbers(pdf: string): { numbers: number[]; thai: boolean } {
  const lines = run('pdftotext', ['-layout', pdf, '-']).split('\n');
  const found = lines.flatMap((l) => {
    const m = /^\s*-\s*([0-9๐-๙]+)\s*-\s*$/.exec(l);
    return m ? [m[1]!] : [];
  });
  const value = (digits: string) => Number(digits.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)));
  return { numbers: found.map(value), thai: found.length > 0 && found.every((d) => /^[๐-๙]+$/.test(d)) };
}

/** The font families a PDF uses, without the subset prefix. */
function fontFamilies(pdf: string): string[] {
  const rows = run('pdffonts', [pdf]).split('\n').slice(2).filter(Boolean);
  return [...new Set(rows.map((r) => r.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '').replace(/-(Regular|Light|Bold)$/, '')))];
}

function report(label: string, pages: number, extra = ''): void {
  console.log(`LibreOffice, measures report DOCX ${label}: ${pages} pages; Chromium PDF: ${chromiumPages ?? 'n/a (no Chromium)'} pages${extra}`);
}

/** Every page after the first numbered, in order: the page count and whether the numbers are in Thai digits. */
function expectPageNumbers(pdf: string): { pages: number; thai: boolean } {
  const pages = pageCount(pdf);
  const { numbers, thai } = pageNumbers(pdf);
  expect(numbers).toEqual(Array.from({ length: pages - 1 }, (_, i) => i + 2));
  return { pages, thai };
}

describe.skipIf(skipped !== '')(`the demo's measures report DOCX in LibreOffice${skipped}`, () => {
  it(
    'as downloaded (TH SarabunPSK): drawn in the font the system gives for TH SarabunPSK; pages numbered',
    async () => {
      const pdf = await converted('national');
      const standIn = execFileSync('fc-match', ['-f', '%{family[0]}', 'TH SarabunPSK'], { encoding: 'utf8' });
      expect(fontFamilies(pdf)).toEqual([standIn]);
      const { pages, thai } = expectPageNumbers(pdf);
      // Every piece of the seed only where LibreOffice has TH SarabunPSK itself. A stand-in drawn 1.5 times too
      // large (Laksaman) makes table rows run over two or three pages, and pieces come back broken (measured:
      // docs/decisions/0007-docx-fonts.md).
      const missing = seedPiecesMissingAcrossPages(run('pdftotext', ['-raw', pdf, '-']));
      if (standIn === 'TH SarabunPSK') expect(missing).toEqual([]);
      report(`naming TH SarabunPSK, drawn with ${standIn}`, pages, `; page numbers in ${thai ? 'Thai' : 'Arabic'} digits; ${seedPieces().length - missing.length} of ${seedPieces().length} seed pieces found`);
    },
    CONVERT_TIMEOUT_MS + 60_000,
  );

  it(
    'with Sarabun embedded: drawn in the embedded Sarabun; every piece of the seed; pages numbered',
    async () => {
      const pdf = await converted('sarabun');
      expect(fontFamilies(pdf)).toEqual(['Sarabun']);
      expect(seedPiecesMissingAcrossPages(run('pdftotext', ['-raw', pdf, '-']))).toEqual([]);
      const { pages, thai } = expectPageNumbers(pdf);
      const unsplit = seedPieces().length - missingSeedPieces(withoutPageNumbers(run('pdftotext', ['-raw', pdf, '-']))).length;
      report('with Sarabun embedded', pages, `; page numbers in ${thai ? 'Thai' : 'Arabic'} digits; ${unsplit} of ${seedPieces().length} seed pieces unsplit`);
    },
    CONVERT_TIMEOUT_MS + 60_000,
  );
});
