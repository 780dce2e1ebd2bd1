/**
 * Thai line breaking in the documents (issue 15, point 3): no line ends inside a word of ICU's dictionary
 * (Intl.Segmenter('th')) or inside a protected phrase (src/thai/phrases.ts), and the text a reader copies is
 * exactly the agency's text. Every document kind of the demo years (FY 2566, FY 2569) and of a synthetic year full
 * of long Thai phrases in narrow columns is printed to PDF by Chromium and read back with pdftotext; plus unit tests
 * of the phrase runs and the column widths (pure). The PDF part needs Chromium and poppler-utils and is skipped,
 * with the reason in its name, only when those are missing.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { huaiThong2569 } from '../src/demo/huai-thong.ts';
import { DocumentBrowser, findChromium } from '../src/documents/core/browser.ts';
import { buildDocument } from '../src/documents/core/build.ts';
import { columnWidths, fitWidths, tableWidthPt, textWidthPt } from '../src/documents/core/columns.ts';
import { digitsIn } from '../src/documents/core/digits.ts';
import { renderHtml } from '../src/documents/core/html.tsx';
import { BODY_PT, sarabunPt, TABLE_PT } from '../src/documents/core/layout.ts';
import { DOCUMENT_KINDS, type DocumentModel, type Table } from '../src/documents/core/model.ts';
import { renderPdf } from '../src/documents/core/pdf.ts';
import { PRINT_FONT_URLS } from '../src/documents/core/fonts.ts';
import { deriveYear } from '../src/model/derive.ts';
import { yearInputSchema, type Measure, type YearInput } from '../src/model/year.ts';
import { organisationPhrases, phraseRuns, phraseSplitter, segmentWords, type PhraseSplitter } from '../src/thai/index.ts';
import { demoYear, missingTools, run, withoutPageNumbers } from './fixtures/documents/helpers.ts';

const joined = (runs: readonly { text: string }[]) => runs.map((r) => r.text).join('');
const kept = (text: string, extras: readonly string[] = []) => phraseRuns(text, extras).flatMap((r) => (r.kind === 'keep' ? [r.text] : []));

describe('phrase runs', () => {
  it('keep the common compounds whole, and join back to the text exactly', () => {
    const text = 'การใช้งบประมาณตามหลักธรรมาภิบาล เผยแพร่และประชาสัมพันธ์ ตรวจสอบได้';
    const runs = phraseRuns(text);
    expect(joined(runs)).toBe(text);
    expect(kept(text)).toEqual(['งบประมาณ', 'ธรรมาภิบาล', 'เผยแพร่', 'ประชาสัมพันธ์', 'ตรวจสอบ']);
  });

  it.each([
    ['ปีงบประมาณ พ.ศ. ๒๕๖๖ และ พ.ศ.2566', ['ปีงบประมาณ', 'พ.ศ. ๒๕๖๖', 'พ.ศ.2566']],
    ['ผลของตัวชี้วัดที่ ๒ และตัวชี้วัดที่ 10', ['ตัวชี้วัดที่ ๒', 'ตัวชี้วัดที่ 10']],
    ['ระดับผ่าน (๘๕ คะแนนขึ้นไป) จาก ๑๐๐ คะแนน', ['(๘๕ คะแนนขึ้นไป)', '๑๐๐ คะแนน']],
    ['ณ วันที่ ๓๐ กันยายน ๒๕๖๖ ถึง 1 ต.ค. 2566', ['๓๐ กันยายน ๒๕๖๖', '1 ต.ค. 2566']],
    ['ร้อยละ ๘๐ ของ สำนักงาน ป.ป.ช.', ['ร้อยละ ๘๐', 'สำนักงาน ป.ป.ช.']],
  ])('number phrases in %s', (text, expected) => {
    expect(joined(phraseRuns(text))).toBe(text);
    expect(kept(text)).toEqual(expected);
  });

  it("keep the document's own names (organisation, place, short name, units) and let URLs wrap", () => {
    const extras = organisationPhrases({
      nameTh: 'องค์การบริหารส่วนตำบลห้วยทอง',
      kindTh: { long: 'องค์การบริหารส่วนตำบล', short: 'อบต.' },
      district: 'กู่เวียง',
      units: [{ nameTh: 'กองการศึกษา ศาสนาและวัฒนธรรม', shortTh: 'กองการศึกษาฯ' }],
      responsibles: ['หัวหน้าสำนักปลัด ผอ.กองคลัง'],
    });
    expect(extras).toEqual(
      expect.arrayContaining(['องค์การบริหารส่วนตำบลห้วยทอง', 'ห้วยทอง', 'อบต.ห้วยทอง', 'กู่เวียง', 'กองการศึกษา', 'กองการศึกษาฯ', 'หัวหน้าสำนักปลัด', 'ผอ.กองคลัง']),
    );
    // A space stays a place to break: no extra phrase has one.
    expect(extras.every((e) => !/\s/.test(e))).toBe(true);
    const text = 'ประชาชนของ อบต.ห้วยทอง ดูได้ที่ https://www.huaithong.go.th/ita/2566/oit-report';
    const runs = phraseRuns(text, extras);
    expect(joined(runs)).toBe(text);
    expect(runs.filter((r) => r.kind === 'keep').map((r) => r.text)).toContain('อบต.ห้วยทอง');
    expect(runs.filter((r) => r.kind === 'wrap').map((r) => r.text)).toEqual(['https://www.huaithong.go.th/ita/2566/oit-report']);
  });

  it('inserts nothing: no word joiner, no no-break space, for any text', () => {
    const text = 'ตลอดปีงบประมาณ ๒๕๖๖\nพ.ศ. ๒๕๖๖ (๘๕ คะแนนขึ้นไป)';
    expect(joined(phraseRuns(text))).toBe(text);
    expect(joined(phraseRuns(''))).toBe('');
    const html = renderHtml(syntheticDoc('measures-report'), { fonts: PRINT_FONT_URLS });
    expect(html).not.toMatch(/\u2060|\u00a0|&nbsp;|\u200b|overflow-wrap:break-word|overflow-wrap:anywhere}th|word-break/);
    expect(html).toContain('<span class="nb">ปีงบประมาณ</span>');
  });
});

/** A table of the measures kind: seven columns, the period column 10 %. */
function table(rows: string[][], header: string[]): Table {
  return {
    name: 't',
    columns: [{ width: 11 }, { width: 20 }, { width: 20 }, { width: 12 }, { width: 10 }, { width: 13.5 }, { width: 13.5 }],
    header: [header.map((text) => ({ text }))],
    rows: rows.map((r) => r.map((text) => ({ lines: [{ text }] }))),
    compact: true,
  };
}

describe('column widths (pure)', () => {
  const HEADER = ['มาตรการ', 'วิธีดำเนินการ', 'การดำเนินการ', 'ผู้รับผิดชอบ', 'ระยะเวลาดำเนินการ', 'การกำกับติดตาม', 'ผลที่คาดว่าจะได้รับ'];
  const size = sarabunPt(TABLE_PT);
  const total = tableWidthPt();

  it("fitWidths keeps the preferred shares when the minimums fit, and raises a column to its minimum from the others' shares", () => {
    expect(fitWidths([50, 30, 20], [10, 10, 10], 100)).toEqual([50, 30, 20]);
    const widths = fitWidths([50, 30, 20], [10, 10, 30], 100)!;
    expect(widths[2]).toBe(30);
    expect(widths[0]! / widths[1]!).toBeCloseTo(50 / 30, 6);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 6);
    expect(fitWidths([50, 50], [60, 60], 100)).toBeNull();
  });

  it("the period column is widened so that 'ตลอดปีงบประมาณ ๒๕๖๖' fits without breaking ปีงบประมาณ; the rest keep their proportions", () => {
    const t = table([['ก', 'ข', 'ค', 'ง', 'ตลอดปีงบประมาณ ๒๕๖๖', 'จ', 'ฉ']], HEADER);
    const widths = columnWidths(t);
    expect(widths.percents.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    const period = widths.textPt[4]!;
    expect(period).toBeGreaterThanOrEqual(textWidthPt('ปีงบประมาณ', size));
    // The header keeps to two lines: ระยะเวลา / ดำเนินการ.
    expect(period).toBeGreaterThanOrEqual(Math.max(textWidthPt('ระยะเวลา', size, true), textWidthPt('ดำเนินการ', size, true)));
    expect(period).toBeLessThan(textWidthPt('ระยะเวลาดำเนินการ', size, true));
    expect(widths.percents[1]! / widths.percents[5]!).toBeCloseTo(20 / 13.5, 1);
  });

  it('model widths are kept as they are when every word fits', () => {
    const t = table([['ก', 'ข', 'ค', 'ง', 'จ', 'ฉ', 'ช']], ['ก', 'ข', 'ค', 'ง', 'จ', 'ฉ', 'ช']);
    expect(columnWidths(t).percents).toEqual([11, 20, 20, 12, 10, 13.5, 13.5]);
  });

  it('a phrase too long for any share is left to break between words in its column; the words still fit', () => {
    const long = 'องค์การบริหารส่วนตำบลห้วยทองกู่เวียงขอนแก่น';
    const split = phraseSplitter([long, 'ห้วยทอง']);
    const t = table([[long, long, long, long, long, long, long]], HEADER);
    const widths = columnWidths(t, { split });
    expect(widths.textPt.reduce((a, w) => a + w, 0)).toBeLessThanOrEqual(total);
    expect(widths.textPt.some((w) => w < textWidthPt(long, size))).toBe(true);
    const longestWord = Math.max(...segmentWords(long).map((w) => textWidthPt(w, size)));
    expect(Math.min(...widths.textPt)).toBeGreaterThanOrEqual(longestWord);
    // Where the whole name does not fit, the phrases inside it still do: ห้วยทอง is kept.
    const narrow = widths.textPt.indexOf(Math.min(...widths.textPt));
    const runs = split(long, (p) => textWidthPt(p, size) <= widths.textPt[narrow]!);
    expect(runs.filter((r) => r.kind === 'keep').map((r) => r.text)).toContain('ห้วยทอง');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// PDF

const chromium = findChromium();
const missing = [...(chromium ? [] : ['chromium']), ...missingTools(['pdftotext'])];
const pdfTitle = missing.length === 0 ? 'PDF line ends' : `PDF line ends (skipped: ${missing.join(', ')} not installed)`;

/** A year full of long Thai phrases in narrow columns (periods, unit names, number phrases). */
function syntheticYear(): YearInput {
  const input = demoYear();
  const units = [
    ...input.units,
    { id: 'strategy', nameTh: 'กองยุทธศาสตร์และงบประมาณ', shortTh: null },
    { id: 'welfare', nameTh: 'กองสวัสดิการสังคม', shortTh: null },
  ];
  const periods = ['ตลอดปีงบประมาณ ๒๕๖๖', 'ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖', 'ภายในปีงบประมาณ พ.ศ. ๒๕๖๖', 'ไตรมาสที่ ๑–๔ ปีงบประมาณ พ.ศ.๒๕๖๖'];
  const measures: Measure[] = input.measures.map((m, i) => ({
    ...m,
    titleTh: `${m.titleTh} ตามหลักธรรมาภิบาลและการใช้งบประมาณ`,
    methods: [...m.methods, 'เผยแพร่และประชาสัมพันธ์ผลการตรวจสอบการใช้งบประมาณ ตามตัวชี้วัดที่ ๒ (๘๕ คะแนนขึ้นไป)'],
    period: { ...m.period, textTh: periods[i % periods.length]! },
    responsible: [
      ...m.responsible,
      { unitId: 'strategy', personId: null, labelTh: 'กองยุทธศาสตร์และงบประมาณ' },
      { unitId: 'welfare', personId: null, labelTh: 'ผู้อำนวยการกองสวัสดิการสังคม' },
    ],
    followUp: `รายงานความก้าวหน้าต่อผู้บริหารองค์การบริหารส่วนตำบลห้วยทองทุกไตรมาส ปีงบประมาณ พ.ศ. ๒๕๖๖ ${m.followUp ?? ''}`,
    result: `${m.result ?? ''} ได้ ๑๐๐ คะแนน ตามหลักธรรมาภิบาล`,
    expectedOutcome: 'ประชาชนได้รับการประชาสัมพันธ์และเผยแพร่ข้อมูลการใช้งบประมาณอย่างโปร่งใส ตรวจสอบได้',
  }));
  return { ...input, units, measures };
}

function syntheticDoc(kind: (typeof DOCUMENT_KINDS)[number]): DocumentModel {
  return buildDocument(kind, deriveYear(syntheticYear()));
}

/** Every string of the document's model, with the document's digits: the texts a line may be cut from. */
function modelTexts(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(digitsIn(value, 'thai'));
  else if (Array.isArray(value)) for (const v of value) modelTexts(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) modelTexts(v, out);
  return out;
}

const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

type Fits = (phrase: string) => boolean;

/**
 * The places in `text` where a line may end: word boundaries of Intl.Segmenter, outside the protected phrases that
 * `fits` (a phrase wider than its column cannot be kept whole, but the phrases inside it can: phrases.ts).
 */
function allowedBreaks(text: string, split: PhraseSplitter, fits: Fits): Set<number> {
  const allowed = new Set<number>();
  for (const { index } of segmenter.segment(text)) allowed.add(index);
  allowed.add(text.length);
  let at = 0;
  for (const r of split(text, fits)) {
    if (r.kind !== 'plain') for (let i = at + 1; i < at + r.text.length; i += 1) allowed.delete(i);
    at += r.text.length;
  }
  return allowed;
}

/** Every place (all occurrences) in the model's texts where `before` + `after` is found with a space or nothing between. */
function placesOf(texts: readonly string[], before: string, after: string): { text: string; at: number }[] {
  const places: { text: string; at: number }[] = [];
  for (const text of texts) {
    for (const gap of ['', ' ']) {
      const key = before + gap + after;
      for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + 1)) places.push({ text, at: i + before.length + gap.length });
    }
  }
  return places;
}

/**
 * The line ends of a PDF (pdftotext -raw: the text in drawing order, a line per printed line) that fall inside a
 * word or a protected phrase of the texts they were cut from. Where two consecutive lines come from two different
 * texts (one cell, then the next), their join is found in no text and is not a line end to check.
 */
function badLineEnds(pdfText: string, texts: readonly string[], split: PhraseSplitter, fits: Fits): string[] {
  const lines = withoutPageNumbers(pdfText)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const bad: string[] = [];
  for (let i = 0; i + 1 < lines.length; i += 1) {
    const a = lines[i]!;
    const b = lines[i + 1]!;
    for (const n of [12, 6]) {
      const places = placesOf(texts, a.slice(-n), b.slice(0, n));
      if (places.length === 0) continue;
      if (places.every((p) => !allowedBreaks(p.text, split, fits).has(p.at))) bad.push(`${a.slice(-n)}|${b.slice(0, n)}`);
      break;
    }
  }
  return bad;
}

/**
 * Whether `text` is in `flat` whole, or in up to three parts in order: a table row split across two pages is drawn
 * page by page, so the end of a cell comes after the other cells of the first page.
 */
function inParts(flat: string, text: string, parts = 3, from = 0): boolean {
  if (text === '') return true;
  if (parts === 0) return false;
  for (let n = text.length; n > 0; n -= 1) {
    const at = flat.indexOf(text.slice(0, n), from);
    if (at >= 0) return inParts(flat, text.slice(n), parts - 1, at + n);
  }
  return false;
}

describe.skipIf(missing.length > 0)(pdfTitle, () => {
  const browser = new DocumentBrowser();
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prongsai-line-breaks-'));
  });
  afterAll(async () => {
    await browser.close();
  });

  const years: [string, () => YearInput][] = [
    ['FY 2566 demo', demoYear],
    ['FY 2569 demo', () => yearInputSchema.parse(huaiThong2569)],
    ['synthetic year of long phrases', syntheticYear],
  ];
  const cases = years.flatMap(([name, year]) => DOCUMENT_KINDS.map((kind) => [name, kind, year] as const));

  it.each(cases)('%s, %s: no line ends inside a word or a protected phrase; the text copies exactly', async (name, kind, year) => {
    const doc = buildDocument(kind, deriveYear(year()));
    const file = join(dir, `${name.replace(/\W+/g, '-')}-${kind}.pdf`);
    await writeFile(file, await renderPdf(doc, { browser }));
    const text = run('pdftotext', ['-raw', file, '-']);
    const texts = modelTexts(doc.blocks);
    const split = phraseSplitter(doc.phrases ?? []);
    // The phrases that fit the narrowest column of the document's tables are kept whole wherever they are printed.
    const tables = doc.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));
    const narrowest = Math.min(tableWidthPt(), ...tables.flatMap((t) => columnWidths(t, { split }).textPt));
    const fits = (phrase: string) => textWidthPt(phrase, sarabunPt(BODY_PT), true) <= narrowest;
    expect(badLineEnds(text, texts, split, fits)).toEqual([]);
    // Nothing inserted: the extracted text is the agency's, and every text of the model is there once line ends go.
    expect(text).not.toMatch(/[\u2060\u00a0\u200b\ufeff]/);
    const flat = withoutPageNumbers(text).replace(/\s+/g, '');
    const tableTexts = doc.blocks.flatMap((b) => (b.type === 'table' ? b.table.rows.flatMap((r) => r.flatMap((c) => c.lines.map((l) => l.text))) : []));
    const paragraphs = doc.blocks.flatMap((b) => (b.type === 'paragraph' || b.type === 'caption' || b.type === 'heading' ? [b.text] : []));
    for (const t of [...tableTexts, ...paragraphs]) expect(inParts(flat, digitsIn(t, 'thai').replace(/\s+/g, ''))).toBe(true);
  }, 120_000);
});
