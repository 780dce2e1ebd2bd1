/**
 * Each document kind in each format for the demo year, checked in the output itself: the DOCX's
 * word/document.xml, the XLSX's cells, the PDF through poppler (pdftotext, pdfinfo, pdffonts, pdftoppm). The PDF
 * tests need Chromium and poppler-utils; they are skipped, with the reason in their name, only when those are
 * missing (CI installs them: .ci/run).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDocumentCommands } from '../src/cli/report.ts';
import { ChromiumNotFoundError, DocumentBrowser, findChromium } from '../src/documents/core/browser.ts';
import { DOCX_FONT } from '../src/documents/core/docx.ts';
import { sarabunPt } from '../src/documents/core/layout.ts';
import { DOCUMENT_KINDS, type DocumentKind } from '../src/documents/core/model.ts';
import { renderDocument, type DocumentFormat } from '../src/documents/core/render.ts';
import { InputError } from '../src/errors.ts';
import { deriveYear } from '../src/model/derive.ts';
import type { Measure, YearInput } from '../src/model/year.ts';
import { toThaiDigits } from '../src/thai/index.ts';
import {
  demoYear,
  differingShare,
  docxPart,
  fixturePath,
  missingSeedPieces,
  missingTools,
  readGreyPng,
  run,
  seedPiecesMissingAcrossPages,
  withoutPageNumbers,
  wordText,
} from './fixtures/documents/helpers.ts';

let dir = '';
const chromium = findChromium();
/** The headless Chromium of the npm package (src/documents/core/browser.ts unpacks it into prongsai-chromium-<version>). */
const npmChromium = chromium?.includes('prongsai-chromium-') ?? false;
const browser = new DocumentBrowser();
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prongsai-documents-'));
});
afterAll(async () => {
  await browser.close();
});

const render = (kind: DocumentKind, format: DocumentFormat, input: YearInput = demoYear()) => renderDocument(input, { kind, format, browser });

describe('HTML for each kind', () => {
  it.each(DOCUMENT_KINDS)('%s', async (kind) => {
    const out = await render(kind, 'html');
    expect(out.mediaType).toBe('text/html; charset=utf-8');
    expect(out.fileName).toBe(`huai-thong-2566-${kind}.html`);
    const html = out.bytes.toString('utf8');
    expect(html).toContain('<html lang="th">');
    // The fonts travel inside the file.
    expect(html.match(/src:url\("data:font\/ttf;base64,/g)).toHaveLength(2);
    expect(html).toContain('<meta name="author" content="องค์การบริหารส่วนตำบลห้วยทอง"/>');
    expect(out.problems.length).toBeGreaterThan(0);
    expect(out.problems.every((p) => p.documents.includes(kind))).toBe(true);
  });
});

/** Every run (w:r) of the document that holds Thai text, with its run properties. */
function thaiRuns(xml: string): string[] {
  return [...xml.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*<\/w:r>/g)].map((m) => m[0]).filter((r) => /<w:t[^>]*>[^<]*[ก-๙]/.test(r));
}

describe('DOCX for each kind', () => {
  it.each(DOCUMENT_KINDS)('%s: TH SarabunPSK 16 pt in every slot and for complex script, A4, margins, page numbers', async (kind) => {
    const out = await render(kind, 'docx');
    expect(out.bytes.subarray(0, 2).toString()).toBe('PK');
    const xml = await docxPart(out.bytes, 'word/document.xml');
    const runs = thaiRuns(xml);
    expect(runs.length).toBeGreaterThan(20);
    for (const r of runs) {
      expect(r).toContain(`<w:rFonts w:ascii="${DOCX_FONT}" w:cs="${DOCX_FONT}" w:eastAsia="${DOCX_FONT}" w:hAnsi="${DOCX_FONT}"/>`);
      expect(r).toMatch(/<w:sz w:val="(32|28)"\/><w:szCs w:val="\1"\/>/);
    }
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/<w:pgMar w:top="1417" w:right="1134" w:bottom="1134" w:left="1701"/);
    expect(xml).toContain('<w:titlePg/>');
    expect(xml).toContain('<w:pgNumType w:start="1" w:fmt="thaiNumbers"/>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('<w:cantSplit/>');
    const headers = await Promise.all(
      [...xml.matchAll(/<w:headerReference w:type="(default|first)" r:id="(rId\d+)"\/>/g)].map(async (m) => m[1]),
    );
    expect(headers.sort()).toEqual(['default', 'first']);
    const zipHeaders = await Promise.all([1, 2].map((i) => docxPart(out.bytes, `word/header${i}.xml`)));
    expect(zipHeaders.some((h) => h.includes('PAGE') && wordText(h).includes('- '))).toBe(true);
    const styles = await docxPart(out.bytes, 'word/styles.xml');
    expect(styles).toContain('<w:lang w:val="th-TH" w:eastAsia="th-TH" w:bidi="th-TH"/>');
  });

  it('the measures report holds every piece of the seed, in order', async () => {
    const out = await render('measures-report', 'docx');
    expect(missingSeedPieces(wordText(await docxPart(out.bytes, 'word/document.xml')))).toEqual([]);
  });

  it('the report table: two header rows repeated on each page, กำกับติดตาม spanning two columns over merged cells', async () => {
    const xml = await docxPart((await render('measures-report', 'docx')).bytes, 'word/document.xml');
    const firstTable = xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>'));
    const rows = firstTable.split('<w:tr>').slice(1);
    expect(rows.slice(0, 2).every((r) => r.includes('<w:tblHeader/>'))).toBe(true);
    expect(rows[2]).not.toContain('<w:tblHeader/>');
    expect(rows[0]).toContain('<w:gridSpan w:val="2"/>');
    expect(rows[0]!.match(/<w:vMerge w:val="restart"\/>/g)).toHaveLength(5);
    expect(rows[1]!.match(/<w:vMerge w:val="continue"\/>/g)).toHaveLength(5);
  });

  it.skipIf(!chromium)(`the analysis embeds the chart as a PNG drawn by Chromium${chromium ? '' : ' (skipped: no Chromium)'}`, async () => {
    const out = await render('analysis', 'docx');
    const xml = await docxPart(out.bytes, 'word/document.xml');
    expect(xml).toContain('<a:blip r:embed=');
    const png = await (await import('jszip')).default.loadAsync(out.bytes).then((z) => Object.keys(z.files).filter((f) => f.startsWith('word/media/')));
    expect(png).toHaveLength(1);
    expect(out.problems.some((p) => p.code === 'chart-left-out')).toBe(false);
  });

  it('without a browser, the DOCX leaves the chart out and says so; PDF fails with a clear message; HTML still works', async () => {
    const none = new DocumentBrowser({ executablePath: null });
    const docx = await renderDocument(demoYear(), { kind: 'analysis', format: 'docx', browser: none });
    expect(docx.problems.find((p) => p.code === 'chart-left-out')?.th).toContain('ไม่พบเบราว์เซอร์');
    expect(wordText(await docxPart(docx.bytes, 'word/document.xml'))).toContain('แผนภูมิไม่ได้แสดงในแฟ้มนี้');
    const pdf = renderDocument(demoYear(), { kind: 'analysis', format: 'pdf', browser: none });
    await expect(pdf).rejects.toBeInstanceOf(ChromiumNotFoundError);
    await expect(pdf).rejects.toMatchObject({ th: expect.stringContaining('ไม่พบเบราว์เซอร์ Chromium'), en: expect.stringContaining('no Chromium browser found') });
    expect((await renderDocument(demoYear(), { kind: 'analysis', format: 'html', browser: none })).bytes.length).toBeGreaterThan(1000);
    expect(findChromium({ PRONGSAI_CHROMIUM: '/nonexistent/chromium', PATH: '' })).toBeNull();
  });
});

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

describe('XLSX', () => {
  it('the plan: the measures and progress table format (src/io/measures-table.ts; the report: test/documents-progress.test.ts)', async () => {
    const out = await render('measures-plan', 'xlsx');
    const wb = await workbook(out.bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['มาตรการ', 'ความก้าวหน้า']);
    const values = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values.some((v) => v.includes('จัดทำมาตรการตรวจสอบการทำงานของหน่วยงาน\nจัดทำคู่มือการใช้งบประมาณ'))).toBe(true);
  });

  it('analysis: the scores as number cells, a missing score as ไม่มีข้อมูล, the tools and the measures', async () => {
    const wb = await workbook((await render('analysis', 'xlsx')).bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['คะแนนรายตัวชี้วัด', 'คะแนนรายเครื่องมือ', 'มาตรการ']);
    const scores = wb.worksheets[0]!;
    expect(scores.getRow(1).values).toEqual([undefined, 'ตัวชี้วัด', 'เครื่องมือ', 'คะแนน', 'ผลเทียบกับเกณฑ์ (๘๕ คะแนน)']);
    expect(scores.getCell('A2').value).toBe('๑. การปฏิบัติหน้าที่');
    expect(scores.getCell('C2').value).toBe('ไม่มีข้อมูล');
    expect(scores.getCell('C10').value).toBe(100);
    expect(scores.getCell('C11').value).toBe(100);
    expect(wb.worksheets[2]!.getCell('A2').value).toBe('การใช้งบประมาณ');
  });
});

// ---------------------------------------------------------------------------------------------------------
// PDF

const PDF_TOOLS = ['pdftotext', 'pdfinfo', 'pdffonts', 'pdftoppm'];
const missing = [...(chromium ? [] : ['chromium']), ...missingTools(PDF_TOOLS)];
const pdfTitle = missing.length === 0 ? 'PDF' : `PDF (skipped: ${missing.join(', ')} not installed)`;

const CM = 72 / 2.54;
const A4_PT = { width: 21 * CM, height: 29.7 * CM };

interface Word {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly text: string;
}

/** The words of each page with their boxes in points (pdftotext -bbox). */
function pageWords(file: string): Word[][] {
  const xml = run('pdftotext', ['-bbox', file, '-']);
  return xml.split('<page ').slice(1).map((page) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: m[5] as string,
    })),
  );
}

/** Text of one page, white space removed. */
function pageText(file: string, page: number): string {
  return run('pdftotext', ['-f', String(page), '-l', String(page), '-raw', file, '-']).replace(/\s+/g, '');
}

/** A year with many measures linked to one indicator: its table runs over several pages. */
function manyMeasures(): YearInput {
  const input = demoYear();
  const base = input.measures[0]!;
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const measures: Measure[] = Array.from({ length: 36 }, (_, i) => {
    const code = `Q${letters[Math.floor(i / 26)]}${letters[i % 26]}`;
    return {
      ...base,
      id: `t${i}`,
      seq: i + 1,
      titleTh: `มาตรการทดสอบ ${code}`,
      methods: [...base.methods.slice(0, 2), `ขั้นสุดท้าย ${code}`],
      result: `ผลลัพธ์ ${code}`,
    };
  });
  return { ...input, measures };
}

describe.skipIf(missing.length > 0)(pdfTitle, () => {
  const files: Partial<Record<DocumentKind, string>> = {};
  beforeAll(async () => {
    for (const kind of DOCUMENT_KINDS) {
      const out = await render(kind, 'pdf');
      expect(out.mediaType).toBe('application/pdf');
      files[kind] = join(dir, out.fileName);
      await writeFile(files[kind], out.bytes);
    }
  });

  it.each(DOCUMENT_KINDS)('%s: A4, Title, Author = the organisation, Lang th, tagged, readable without errors', (kind) => {
    const file = files[kind]!;
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(/Page size:\s+594\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/Author:\s+องค์การบริหารส่วนตำบลห้วยทอง/);
    // "พ.ศ.๒๕๖๖" without the space for the seed, whose own texts write it so (src/documents/core/parts.ts eraSpacing).
    expect(info).toMatch(/Title:\s+.*องค์การบริหารส่วนตำบลห้วยทอง ปีงบประมาณ พ.ศ.๒๕๖๖/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(readFileSync(file).toString('latin1')).toContain('/Lang (th)');
  });

  it.each(DOCUMENT_KINDS)('%s: only the Sarabun TTF faces, embedded as CID TrueType with Unicode maps (no Type 3)', (kind) => {
    const rows = run('pdffonts', [files[kind]!]).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+Sarabun-(Light|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('the measures report: every piece of the seed in order, Thai extracted exactly (SARA AM intact)', () => {
    const text = run('pdftotext', ['-raw', files['measures-report']!, '-']);
    const sentences = [demoYear().analysis.intro!, ...demoYear().measures.map((m) => m.result!)];
    if (npmChromium) {
      // The npm package's Chromium 147 lays the tall OIT row out taller than a page, so it goes on over the next
      // page; Debian's keeps every row whole, and there the strict order below holds.
      expect(seedPiecesMissingAcrossPages(text)).toEqual([]);
      expect(seedPiecesMissingAcrossPages(text, sentences)).toEqual([]);
    } else {
      expect(missingSeedPieces(withoutPageNumbers(text))).toEqual([]);
      // Lines wrap between words only, so the sentences come back whole once line ends are ignored.
      const flat = text.replace(/\s+/g, '');
      for (const sentence of sentences) expect(flat).toContain(sentence.replace(/\s+/g, ''));
    }
    expect(text).toContain('ประจำปีงบประมาณ ๒๕๖๖');
    expect(text).not.toContain('\u0e4d\u0e32'); // NIKHAHIT + SARA AA: a broken SARA AM
    expect(text.match(/\u0e33/g)!.length).toBeGreaterThan(50);
  });

  it.each(DOCUMENT_KINDS)('%s: text inside the margins; no number on page 1, "- ๒ -" centred in the top margin from page 2', (kind) => {
    const pages = pageWords(files[kind]!);
    expect(pages.length).toBeGreaterThan(1);
    const left = 3 * CM;
    const right = A4_PT.width - 2 * CM;
    const top = 2.5 * CM;
    const bottom = A4_PT.height - 2 * CM;
    pages.forEach((words, i) => {
      const numbers = words.filter((w) => w.y1 < top);
      const body = words.filter((w) => !numbers.includes(w));
      for (const w of body) {
        expect(w.x0).toBeGreaterThanOrEqual(left - 1);
        expect(w.x1).toBeLessThanOrEqual(right + 1);
        expect(w.y0).toBeGreaterThanOrEqual(top - 1);
        expect(w.y1).toBeLessThanOrEqual(bottom + 1);
        // A word of no width is a stray mark painted outside its line (see LINE_HEIGHT).
        expect(w.x1 - w.x0).toBeGreaterThan(0);
      }
      const numberText = numbers.map((w) => w.text).join('');
      if (i === 0) expect(numberText).toBe('');
      else {
        expect(numberText).toBe(`-${toThaiDigits(i + 1)}-`);
        const centre = (Math.min(...numbers.map((w) => w.x0)) + Math.max(...numbers.map((w) => w.x1))) / 2;
        expect(Math.abs(centre - (left + right) / 2)).toBeLessThan(6);
        expect(Math.max(...numbers.map((w) => w.y1))).toBeLessThan(top);
      }
    });
  });

  it('body text is Sarabun at the calibrated size', () => {
    const words = pageWords(files['measures-report']!)[0]!;
    // Height of a line of body text, from the word boxes (pdftotext's box is the font's ascent + descent).
    const intro = words.find((w) => w.text.startsWith('ตามที่'))!;
    const size = (intro.y1 - intro.y0) / (1068 + 232) * 1000;
    expect(size).toBeCloseTo(sarabunPt(16), 0);
  });

  it('page 1 of the measures report looks like the reference picture', () => {
    const png = join(dir, 'page');
    run('pdftoppm', ['-f', '1', '-l', '1', '-r', '40', '-gray', '-png', '-singlefile', files['measures-report']!, png]);
    const actual = readFileSync(`${png}.png`);
    const reference = fixturePath('measures-report-page1.png');
    if (process.env['PRONGSAI_UPDATE_REFERENCE'] === '1') writeFileSync(reference, actual);
    expect(existsSync(reference), `${reference} is missing: run the test with PRONGSAI_UPDATE_REFERENCE=1 once and look at the picture`).toBe(true);
    const expected = readGreyPng(readFileSync(reference));
    const got = readGreyPng(actual);
    expect(got.width).toBe(expected.width);
    expect(differingShare(got, expected)).toBeLessThan(0.03);
    // The check can fail: page 2 is a different picture.
    run('pdftoppm', ['-f', '2', '-l', '2', '-r', '40', '-gray', '-png', '-singlefile', files['measures-report']!, `${png}2`]);
    expect(differingShare(readGreyPng(readFileSync(`${png}2.png`)), expected)).toBeGreaterThan(0.03);
  });

  it('a table over several pages: its header repeated on each page, no row split', async () => {
    const input = manyMeasures();
    const out = await renderDocument(input, { kind: 'measures-report', format: 'pdf', browser });
    const file = join(dir, 'many.pdf');
    await writeFile(file, out.bytes);
    const pages = Number(run('pdfinfo', [file]).match(/Pages:\s+(\d+)/)![1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    const texts = Array.from({ length: pages }, (_, i) => pageText(file, i + 1));
    const pageOf = (token: string) => texts.flatMap((t, i) => (t.includes(token) ? [i] : []));
    for (const m of input.measures) {
      const code = m.titleTh.split(' ')[1]!;
      const where = pageOf(`มาตรการทดสอบ${code}`);
      expect(where, code).toHaveLength(1);
      expect(pageOf(`ขั้นสุดท้าย${code}`), code).toEqual(where);
      expect(pageOf(`ผลลัพธ์${code}`), code).toEqual(where);
    }
    const tablePages = [...new Set(input.measures.flatMap((m) => pageOf(`มาตรการทดสอบ${m.titleTh.split(' ')[1]}`)))];
    expect(tablePages.length).toBeGreaterThanOrEqual(3);
    for (const p of tablePages) {
      expect(texts[p]).toContain('วิธีดำเนินการผลการดำเนินการผู้รับผิดชอบ');
      expect(texts[p]).toContain('กำกับติดตาม');
    }
  });

  it('Arabic digits on request, page numbers included', async () => {
    const out = await renderDocument(demoYear(), { kind: 'measures-report', format: 'pdf', digits: 'arabic', browser });
    const file = join(dir, 'arabic.pdf');
    await writeFile(file, out.bytes);
    const text = run('pdftotext', ['-raw', file, '-']);
    expect(text).toContain('ประจำปีงบประมาณ 2566');
    expect(text).not.toMatch(/[๐-๙]/);
    expect(pageText(file, 2)).toContain('-2-');
  });
});

/** A promise, and the function that resolves it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.skipIf(!chromium)(`the warm browser${chromium ? '' : ' (skipped: no Chromium)'}`, () => {
  it('runs at most `concurrency` pages at once, lets the waiting jobs in first come, first served, and replaces worn pages', async () => {
    const pool = new DocumentBrowser({ concurrency: 2, jobsPerPage: 2 });
    try {
      // Each job runs until the test lets it end, so what runs at once does not depend on how fast pages open.
      const log: string[] = [];
      const started = Array.from({ length: 6 }, signal);
      const finish = Array.from({ length: 6 }, signal);
      const results = Array.from({ length: 6 }, (_, i) =>
        pool.withPage(async (page) => {
          log.push(`start ${i}`);
          started[i]!.resolve();
          await finish[i]!.promise;
          log.push(`end ${i}`);
          return page;
        }),
      );
      await Promise.all([started[0]!.promise, started[1]!.promise]);
      for (let i = 0; i < 4; i++) {
        finish[i]!.resolve();
        await started[i + 2]!.promise;
      }
      finish[4]!.resolve();
      finish[5]!.resolve();
      const pages = await Promise.all(results);
      // The first two open their pages side by side (either may be first); every other job waits for one to end.
      expect(log.slice(0, 2).sort()).toEqual(['start 0', 'start 1']);
      expect(log.slice(2)).toEqual(['end 0', 'start 2', 'end 1', 'start 3', 'end 2', 'start 4', 'end 3', 'start 5', 'end 4', 'end 5']);
      // A page that did its 2 jobs was closed and a new one opened; a page with 1 job waits, open, for the next.
      expect(pages[2]).toBe(pages[0]);
      expect(pages[3]).toBe(pages[1]);
      expect(new Set(pages).size).toBe(4);
      expect(pages.map((page) => page.isClosed())).toEqual([true, true, true, true, false, false]);
    } finally {
      await pool.close();
    }
  });

  it('shows a job the media it asks for (print for PDFs), and screen again to the next job on the same page', async () => {
    const pool = new DocumentBrowser({ concurrency: 1 });
    try {
      const seen = (page: Page) => page.evaluate(() => (matchMedia('print').matches ? 'print' : 'screen'));
      const first = await pool.withPage(async (page) => ({ page, media: await seen(page) }), { media: 'print' });
      expect(first.media).toBe('print');
      const again = await pool.withPage(async (page) => ({ page, media: await seen(page) }), { media: 'print' });
      const next = await pool.withPage(async (page) => ({ page, media: await seen(page) }));
      expect([again.page, next.page]).toEqual([first.page, first.page]);
      expect([again.media, next.media]).toEqual(['print', 'screen']);
    } finally {
      await pool.close();
    }
  });

  it('times out a stuck job and closes its page; the time limit is the job’s, not starting the browser’s or opening a page’s', async () => {
    // 50 ms: less than starting Chromium or opening a page takes, even on an idle machine.
    const pool = new DocumentBrowser({ concurrency: 1, timeoutMs: 50 });
    try {
      // A job that ends at once is in time, however long the browser took to start and the page to open.
      expect(await pool.withPage(async (page) => page.isClosed())).toBe(false);
      let stuck: Page | undefined;
      const never = (page: Page) => {
        stuck = page;
        return new Promise<never>(() => undefined);
      };
      await expect(pool.withPage(never)).rejects.toThrow('document rendering took longer than 50 ms');
      expect(stuck?.isClosed()).toBe(true);
      // The pool still works after a timeout: the next job gets a new page, and that page works.
      const next = await pool.withPage(async (page) => page);
      expect(next).not.toBe(stuck);
      expect(await next.evaluate(() => 1 + 1)).toBe(2);
    } finally {
      await pool.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
// CLI

interface Result {
  code: number;
  out: string;
  err: string;
}

const DEMO_ORG = 'huai-thong';

/** Runs `prongsai <args>` with the document commands and a fake database that holds the demo year. */
async function cli(...args: string[]): Promise<Result> {
  const result: Result = { code: 0, out: '', err: '' };
  const io = { out: (t: string) => (result.out += `${t}\n`), err: (t: string) => (result.err += `${t}\n`) };
  const program = new Command('prongsai').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  addDocumentCommands(program, io, {
    loadYear: async (org, year) => {
      if (org !== DEMO_ORG || year !== 2566) throw new InputError('org', { code: 'test.noYear', params: { org, year }, th: `ไม่พบ ${org} ปี ${year}`, en: `no ${org} ${year}` });
      return demoYear();
    },
  });
  try {
    await program.parseAsync(['node', 'prongsai', ...args]);
  } catch (error) {
    if (error instanceof InputError) {
      io.err(`ข้อผิดพลาด: ${error.th}\nError: ${error.en}`);
      result.code = 1;
    } else if (error instanceof CommanderError) result.code = 2;
    else throw error;
  }
  return result;
}

describe('prongsai report and lint', () => {
  it('renders a report from the database, printing the linter’s problems on stderr', async () => {
    const out = join(dir, 'report.html');
    const r = await cli('report', '--org', DEMO_ORG, '--year', '2566', '--kind', 'measures-report', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(out);
    expect(r.err).toContain('ข้อผิดพลาด: ผลการวิเคราะห์ IIT: ข้อความระบุคะแนนของตัวชี้วัดที่ ๒ ว่า "คือ คะแนน"');
    expect(r.err).toContain('error (analysis.intro): the text names the year 2565');
    expect(await readFile(out, 'utf8')).toContain('<html lang="th">');
  });

  it('renders from --input (the JSON of prongsai export, its computed key ignored), with Arabic digits', async () => {
    const input = join(dir, 'year.json');
    await writeFile(input, JSON.stringify({ ...demoYear(), computed: deriveYear(demoYear()).computed }));
    const out = join(dir, 'plan.docx');
    const r = await cli('report', '--input', input, '--kind', 'measures-plan', '--format', 'docx', '--out', out, '--digits', 'arabic');
    expect(r.code).toBe(0);
    const text = wordText(await docxPart(await readFile(out), 'word/document.xml'));
    expect(text).toContain('ประจำปีงบประมาณ 2566');
    expect(r.err).toContain('measures.m1.expectedOutcome');
  });

  it('--docx-font sarabun embeds Sarabun in the DOCX; the default names TH SarabunPSK and embeds nothing', async () => {
    const input = join(dir, 'year-fonts.json');
    await writeFile(input, JSON.stringify(demoYear()));
    const national = join(dir, 'national.docx');
    const embedded = join(dir, 'embedded.docx');
    expect((await cli('report', '--input', input, '--kind', 'measures-plan', '--out', national)).code).toBe(0);
    expect((await cli('report', '--input', input, '--kind', 'measures-plan', '--docx-font', 'sarabun', '--out', embedded)).code).toBe(0);
    expect(await docxPart(await readFile(national), 'word/fontTable.xml')).not.toContain('w:embedRegular');
    const table = await docxPart(await readFile(embedded), 'word/fontTable.xml');
    expect(table).toContain('w:name="Sarabun"');
    expect(table).toContain('w:embedRegular');
    expect((await cli('report', '--input', input, '--kind', 'measures-plan', '--docx-font', 'comic', '--out', embedded)).code).toBe(2);
  });

  it('bad input: exit 1 with Thai and English; wrong usage: exit 2', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"organisation": {}}');
    const r = await cli('report', '--input', bad, '--kind', 'analysis', '--out', join(dir, 'x.pdf'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('ไม่ใช่ข้อมูลปีที่ส่งออกจาก prongsai export');
    expect(r.err).toContain('Error: ');
    expect((await cli('report', '--org', DEMO_ORG, '--year', '2566', '--kind', 'analysis', '--out', join(dir, 'x.txt'))).code).toBe(1);
    expect((await cli('report', '--org', 'nowhere', '--year', '2566', '--kind', 'analysis', '--out', join(dir, 'x.pdf'))).code).toBe(1);
    expect((await cli('report', '--org', DEMO_ORG, '--year', '2566', '--kind', 'letter', '--out', join(dir, 'x.pdf'))).code).toBe(2);
    expect((await cli('report', '--org', DEMO_ORG, '--year', '2566', '--kind', 'analysis')).code).toBe(2);
  });

  it('lint prints the problems (Thai digits by default) and exits 1 when there are errors', async () => {
    const r = await cli('lint', '--org', DEMO_ORG, '--year', '๒๕๖๖');
    expect(r.code).toBe(1);
    expect(r.out).toContain('คำเตือน: คะแนนตัวชี้วัดที่ ๑: ไม่มีคะแนนตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่');
    expect(r.err).toContain('พบข้อผิดพลาด ๓ รายการ');
    const json = await cli('lint', '--org', DEMO_ORG, '--year', '2566', '--json', '--kind', 'measures-plan');
    const parsed = JSON.parse(json.out) as { org: string; year: number; problems: { code: string; documents: string[] }[] };
    expect(parsed).toMatchObject({ org: DEMO_ORG, year: 2566 });
    expect(parsed.problems.every((p) => p.documents.includes('measures-plan'))).toBe(true);
    expect(parsed.problems.filter((p) => p.code === 'empty-cell')).toHaveLength(4);
  });

  it.skipIf(missing.length > 0)(`report --format pdf writes a PDF${missing.length ? ' (skipped: tools missing)' : ''}`, async () => {
    const out = join(dir, 'cli.pdf');
    const r = await cli('report', '--org', DEMO_ORG, '--year', '2566', '--kind', 'analysis', '--out', out);
    expect(r.code).toBe(0);
    expect((await readFile(out)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
