import { describe, expect, it } from 'vitest';
import { buildDocument } from '../src/documents/core/build.ts';
import { chartSvg } from '../src/documents/core/chart.ts';
import { digitsIn } from '../src/documents/core/digits.ts';
import { renderHtml } from '../src/documents/core/html.tsx';
import { sarabunPt } from '../src/documents/core/layout.ts';
import { lintDocument, lintYear, type LintProblem } from '../src/documents/core/lint.ts';
import type { BarChart, DocumentModel, Table } from '../src/documents/core/model.ts';
import { withPdfInfo } from '../src/documents/core/pdf-info.ts';
import { columnNames } from '../src/documents/core/xlsx.ts';
import { deriveYear } from '../src/model/derive.ts';
import type { Measure, YearInput } from '../src/model/year.ts';
import { demoYear, htmlText, missingSeedPieces, normalise, seedPieces } from './fixtures/documents/helpers.ts';

const FONTS = { regular: 'data:font/ttf;base64,AAAA', bold: 'data:font/ttf;base64,BBBB' };
const html = (doc: DocumentModel, digits: 'thai' | 'arabic' = 'thai') => renderHtml(doc, { fonts: FONTS, digits });
const build = (input: YearInput, kind: DocumentModel['kind']) => buildDocument(kind, deriveYear(input));
const tablesOf = (doc: DocumentModel): Table[] => doc.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));

/** The seed's slips that the proof-reading warnings find, each with its correction. */
const SEED_SLIPS: readonly (readonly [string, string])[] = [
  ['ผู้ได้บังคับบัญชา', 'ผู้ใต้บังคับบัญชา'],
  ['การการ', 'การ'],
  [', Line ๑๒๓.๑', ', Line'],
];
const withoutSlips = (text: string) => SEED_SLIPS.reduce((t, [slip, fix]) => t.replaceAll(slip, fix), text);

/** A year with every score, every field filled and consistent: the linter has nothing to say about it. */
function cleanYear(): YearInput {
  const demo = demoYear();
  const scores = { 1: 93.55, 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 100, 10: 100 };
  return {
    ...demo,
    scores: { ...demo.scores, indicators: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v])) },
    analysis: { intro: null, tools: { IIT: null, EIT: null, OIT: null }, summary: null },
    measures: demo.measures.map((m) => ({
      ...m,
      methods: m.methods.map(withoutSlips),
      actions: m.actions.map(withoutSlips),
      followUp: m.followUp === null ? null : withoutSlips(m.followUp),
      expectedOutcome: 'บุคลากรและประชาชนรับรู้และมีส่วนร่วม',
    })),
  };
}

describe('the measures report beside the seed report', () => {
  const doc = build(demoYear(), 'measures-report');

  it('contains every piece of the seed, in the seed’s order (HTML text)', () => {
    const pieces = seedPieces();
    expect(pieces.length).toBeGreaterThan(50);
    expect(missingSeedPieces(htmlText(html(doc)), pieces)).toEqual([]);
  });

  it('the comparison fails when a piece is missing or out of order', () => {
    const text = htmlText(html(doc));
    const result = 'บุคลากรในหน่วยงานใช้จ่ายงบประมาณได้อย่างถูกต้อง';
    expect(text).toContain(result);
    expect(missingSeedPieces(text.replace(result, ''))).toHaveLength(1);
    // The EIT section moved before the IIT section: the IIT pieces are then out of order.
    const eitAt = text.indexOf('๒. แบบวัดการรับรู้');
    const oitAt = text.indexOf('๓. แบบตรวจ');
    const swapped = text.slice(0, text.indexOf('๑. วัดการรับรู้')) + text.slice(eitAt, oitAt) + text.slice(text.indexOf('๑. วัดการรับรู้'), eitAt) + text.slice(oitAt);
    expect(missingSeedPieces(swapped).length).toBeGreaterThan(0);
  });

  it('has the seed’s structure: title block, introduction, heading, one numbered section per tool, caption, table', () => {
    const types = doc.blocks.map((b) => b.type);
    expect(types).toEqual(['title', 'paragraph', 'heading', 'numbered', 'caption', 'table', 'numbered', 'caption', 'table', 'numbered', 'caption', 'table', 'signoff']);
    const title = doc.blocks[0];
    expect(title?.type === 'title' && title.lines).toEqual([
      'รายงานผลการดำเนินการมาตรการส่งเสริมคุณธรรมและความโปร่งใส',
      'ขององค์การบริหารส่วนตำบลห้วยทอง อำเภอกู่เวียง จังหวัดขอนแก่น',
      'ประจำปีงบประมาณ 2566',
    ]);
    const captions = doc.blocks.flatMap((b) => (b.type === 'caption' ? [b.text] : []));
    // "พ.ศ.2566" without the space, as the seed's own texts (and its captions) write it.
    expect(captions[0]).toBe('ตารางผลการประเมินแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ประจำปีงบประมาณ พ.ศ.2566 เพื่อปรับปรุงและพัฒนาในปีงบประมาณ พ.ศ.2566');
  });

  it('has the seed’s columns, กำกับติดตาม over two sub-columns, and maps the measure fields to them', () => {
    const [iit, , oit] = tablesOf(doc);
    expect(iit!.header[0]!.map((h) => h.text)).toEqual(['มาตรการ', 'วิธีดำเนินการ', 'ผลการดำเนินการ', 'ผู้รับผิดชอบ', 'ระยะเวลาดำเนินการ', 'กำกับติดตาม']);
    expect(iit!.header[0]![5]).toMatchObject({ colSpan: 2 });
    expect(iit!.header[1]!.map((h) => h.text)).toEqual(['รายงานความก้าวหน้าและสรุปผล ใน ณ สิ้นปีงบประมาณ', 'ดำเนินการแล้ว ผลลัพธ์/ความสำเร็จ']);
    expect(columnNames(iit!).at(-1)).toBe('กำกับติดตาม: ดำเนินการแล้ว ผลลัพธ์/ความสำเร็จ');
    const row = iit!.rows[0]!;
    expect(row[0]!.lines).toEqual([{ text: 'การใช้งบประมาณ' }]);
    expect(row[1]!.lines.map((l) => l.marker)).toEqual(['1.', '2.', '3.']);
    expect(row[3]!.lines).toEqual([{ text: 'กองคลัง' }]);
    expect(row[4]!.lines).toEqual([{ text: 'ตลอดปี ๒๕๖๖' }]);
    // The OIT table holds the measures of indicators 9 and 10; a one-item list has no number.
    expect(oit!.rows.map((r) => r[0]!.lines[0]!.text)).toEqual(['การเปิดเผยข้อมูล', 'การป้องกันการทุจริต']);
    expect(oit!.rows[1]![1]!.lines[0]!.marker).toBeUndefined();
  });

  it('uses the stored finding text, else the sentence computed from the scores', () => {
    const input = { ...demoYear(), analysis: { intro: null, tools: { IIT: null, EIT: null, OIT: null }, summary: null } };
    const generated = build(input, 'measures-report');
    const numbered = generated.blocks.flatMap((b) => (b.type === 'numbered' ? [b.text] : []));
    expect(numbered[2]).toContain('ได้คะแนนเต็ม ๑๐๐ คะแนนทั้ง ๒ ตัวชี้วัด');
    expect(numbered[0]).toContain('ยังไม่มีผลคะแนนของตัวชี้วัดที่ ๑');
    const intro = generated.blocks[1];
    expect(intro?.type === 'paragraph' && intro.text).toContain('ประจำปีงบประมาณ พ.ศ. 2566');
  });

  it('periods without text are written as Thai dates; measures linked to no indicator are not lost', () => {
    const input = demoYear();
    const loose: Measure = { ...input.measures[0]!, id: 'x', seq: 9, titleTh: 'มาตรการที่ไม่มีตัวชี้วัด', indicators: [], period: { start: '2022-10-01', end: '2023-09-30', textTh: null } };
    const doc2 = build({ ...input, measures: [...input.measures, loose] }, 'measures-report');
    const last = tablesOf(doc2).at(-1)!;
    expect(last.rows[0]![0]!.lines[0]!.text).toBe('มาตรการที่ไม่มีตัวชี้วัด');
    expect(last.rows[0]![4]!.lines[0]!.text).toBe('1 ตุลาคม 2565 – 30 กันยายน 2566');
    expect(htmlText(html(doc2))).toContain('๑ ตุลาคม ๒๕๖๕ – ๓๐ กันยายน ๒๕๖๖');
  });
});

describe('the plan and the analysis', () => {
  it('the plan has the follow-up and the expected outcome, and no results', () => {
    const input = demoYear();
    input.measures[0] = { ...input.measures[0]!, expectedOutcome: 'ใช้งบประมาณอย่างโปร่งใส' };
    const doc = build(input, 'measures-plan');
    const title = doc.blocks[0];
    expect(title?.type === 'title' && title.lines[0]).toBe('มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน');
    const table = tablesOf(doc)[0]!;
    expect(table.header[0]!.map((h) => h.text)).toEqual(['มาตรการ', 'วิธีดำเนินการ', 'การดำเนินการ', 'ผู้รับผิดชอบ', 'ระยะเวลาดำเนินการ', 'การกำกับติดตาม', 'ผลที่คาดว่าจะได้รับ']);
    const text = htmlText(html(doc));
    expect(text).toContain('ใช้งบประมาณอย่างโปร่งใส');
    expect(text).toContain(input.measures[0]!.followUp!);
    for (const m of input.measures) expect(text).not.toContain(m.result!);
  });

  it('the analysis shows missing scores as ไม่มีข้อมูล, never as 0, in the table and the chart', () => {
    const doc = build(demoYear(), 'analysis');
    const [indicators, tools] = tablesOf(doc);
    expect(indicators!.rows).toHaveLength(10);
    for (const row of indicators!.rows.slice(0, 8)) {
      expect(row[2]).toMatchObject({ missing: true, lines: [{ text: 'ไม่มีข้อมูล' }] });
      expect(row[2]!.value).toBeUndefined();
    }
    expect(indicators!.rows[8]![2]).toMatchObject({ value: 100, lines: [{ text: '100' }] });
    expect(indicators!.rows[8]![3]!.lines[0]!.text).toBe('ผ่านเกณฑ์');
    expect(tools!.rows.at(-1)![2]).toMatchObject({ missing: true });
    const chart = doc.blocks.find((b) => b.type === 'chart');
    expect(chart?.type === 'chart' && chart.chart.bars.map((b) => b.value)).toEqual([null, null, null, null, null, null, null, null, 100, 100]);
    const text = htmlText(html(doc));
    expect(text).toContain('ยังไม่มีผลคะแนนรวมและระดับผลการประเมิน');
    expect(text).not.toMatch(/(^|\s)[0๐](\s|$)/);
  });

  it('the analysis of a complete year has the overall score, the label, findings and measures, and none of the criteria notes', () => {
    const data = deriveYear(cleanYear());
    const doc = buildDocument('analysis', data);
    const text = htmlText(html(doc, 'arabic'));
    expect(data.computed.score).not.toBeNull();
    expect(text).toContain(`คะแนนรวม ${data.computed.score!.overall.toFixed(2)} คะแนน`);
    expect(data.computed.score!.notes.length).toBeGreaterThan(0);
    for (const note of data.computed.score!.notes) expect(text).not.toContain(note.th.slice(0, 30));
    expect(text).not.toContain('หมายเหตุ');
    expect(text).toContain('ตัวชี้วัดที่ 2 การใช้งบประมาณ คือ 87.72 คะแนน มีค่าต่ำสุดของ IIT');
    expect(text).toContain('4. มาตรการที่กำหนดจากผลการวิเคราะห์');
    expect(text).toContain('2. การใช้งบประมาณ (87.72 คะแนน)');
  });

  it('the chart draws a bar per score, a line at the pass mark, and a labelled gap for a missing score', () => {
    const chart: BarChart = {
      title: 'คะแนน',
      bars: [
        { label: '1', name: 'หนึ่ง', value: 90 },
        { label: '2', name: 'สอง', value: null },
        { label: '3', name: 'สาม', value: 70 },
      ],
      target: 85,
      targetLabel: 'เกณฑ์ 85 คะแนน',
      max: 100,
      missingLabel: 'ไม่มีข้อมูล',
    };
    const svg = chartSvg(chart, 'thai');
    expect(svg.match(/fill="#1f4e79"/g)).toHaveLength(1);
    expect(svg.match(/fill="#b03a2e"/g)).toHaveLength(1);
    expect(svg.match(/stroke-dasharray="4 3"/g)).toHaveLength(1);
    expect(svg).toContain('>ไม่มีข้อมูล<');
    expect(svg).toContain('>เกณฑ์ ๘๕ คะแนน<');
    expect(svg).toContain('>๙๐<');
    expect(chartSvg(chart, 'arabic')).toContain('>90<');
  });
});

describe('HTML', () => {
  const doc = build(demoYear(), 'measures-report');

  it('is Thai, A4 with the official margins and page numbers from page 2, headers repeated, rows kept whole', () => {
    const out = html(doc);
    expect(out).toMatch(/^<!doctype html>\n<html lang="th">/);
    expect(out).toContain('@page{size:A4;margin:2.5cm 2cm 2cm 3cm;@top-center{content:"- " counter(page, thai) " -"');
    expect(out).toContain('@page:first{@top-center{content:none}}');
    expect(out).toContain('thead{display:table-header-group}');
    expect(out).toContain('tr{break-inside:avoid');
    expect(out).toContain(`font-size:${sarabunPt(16)}pt;line-height:1.75`);
    expect(out).not.toMatch(/word-break:\s*break-all/);
    expect(out).toContain('src:url("data:font/ttf;base64,AAAA")');
    expect(html(doc, 'arabic')).toContain('counter(page, decimal)');
    const margins = renderHtml(doc, { fonts: FONTS, layout: { margins: { top: 2, right: 1.5, bottom: 2, left: 2.5 } } });
    expect(margins).toContain('margin:2cm 1.5cm 2cm 2.5cm');
  });

  it('escapes all text', () => {
    const input = demoYear();
    input.measures[0] = { ...input.measures[0]!, titleTh: '<script>alert("x")</script> & ก' };
    const out = html(build(input, 'measures-report'));
    expect(out).not.toContain('<script>alert');
    // A long Latin token is printed in a span that may wrap anywhere (phrase runs, html.tsx): the text is escaped within.
    expect(out).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script></span> &amp; ก');
  });

  it('writes digits in the chosen style, except in URLs and e-mail addresses', () => {
    expect(digitsIn('ปี 2566 ดู https://www.example.go.th/ita/2566?a=1 หรือ ita2566@example.go.th', 'thai')).toBe(
      'ปี ๒๕๖๖ ดู https://www.example.go.th/ita/2566?a=1 หรือ ita2566@example.go.th',
    );
    expect(digitsIn('ปี ๒๕๖๖ www.abc123.go.th', 'arabic')).toBe('ปี 2566 www.abc123.go.th');
    const out = htmlText(html(doc, 'arabic'));
    expect(out).toContain('ประจำปีงบประมาณ 2566');
    expect(out).not.toMatch(/[๐-๙]/);
    expect(htmlText(html(doc))).not.toMatch(/[0-9]/);
  });
});

const codes = (problems: readonly LintProblem[]) => problems.map((p) => `${p.code} ${p.where}`);

describe('the linter', () => {
  it('finds the seed’s real problems', () => {
    const data = deriveYear(demoYear());
    const problems = lintYear(data);
    const found = codes(problems);
    expect(found).toContain('finding-without-score analysis.tools.IIT');
    expect(found).toContain('finding-without-score analysis.tools.EIT');
    expect(problems.find((p) => p.where === 'analysis.tools.IIT')!.th).toContain('ตัวชี้วัดที่ 2');
    expect(problems.find((p) => p.where === 'analysis.tools.EIT')!.en).toContain('indicator 6');
    const year = problems.find((p) => p.code === 'year-mismatch')!;
    expect(year).toMatchObject({ where: 'analysis.intro', severity: 'error' });
    expect(year.th).toContain('2565');
    expect(found.filter((c) => c.startsWith('missing-score'))).toHaveLength(8);
    const plan = lintDocument(data, 'measures-plan');
    expect(codes(plan).filter((c) => c.endsWith('.expectedOutcome'))).toEqual(['m1', 'm2', 'm3', 'm4'].map((id) => `empty-cell measures.${id}.expectedOutcome`));
    // Expected outcomes do not show in the report, so they are not the report's problems.
    expect(codes(lintDocument(data, 'measures-report')).some((c) => c.endsWith('.expectedOutcome'))).toBe(false);
    expect(problems.slice(0, 3).every((p) => p.severity === 'error')).toBe(true);
  });

  it('has nothing to say about a complete, consistent year', () => {
    expect(lintYear(deriveYear(cleanYear()))).toEqual([]);
  });

  it('finds written findings that the scores contradict', () => {
    const input = cleanYear();
    input.analysis.tools = {
      // Indicator 2 is the lowest of IIT (87.72) but the text names indicator 1, and a wrong score.
      IIT: 'IIT พบว่า ผลคะแนนของตัวชี้วัดที่ 1 การปฏิบัติหน้าที่ คือ 90.00 คะแนน มีค่าต่ำสุดของ IIT',
      // Indicator 7 passes (88.68) but the text says it does not; indicator 6 has no full marks.
      EIT: 'EIT พบว่า ตัวชี้วัดที่ ๗ ไม่ผ่านเกณฑ์ และตัวชี้วัดที่ ๖ ได้คะแนนเต็ม',
      OIT: null,
    };
    input.scores.indicators['9'] = 80;
    input.analysis.tools.OIT = 'OIT พบว่า ตัวชี้วัดที่ 9 คือ 80 คะแนน แต่ผ่านเกณฑ์เป้าหมาย';
    const problems = lintYear(deriveYear(input)).filter((p) => p.code === 'finding-contradicts-scores');
    const texts = problems.map((p) => p.en);
    expect(texts).toEqual([
      'the text says indicator 1 scored 90 but the recorded score is 93.55',
      'the text says indicator 1 is the lowest of IIT but by the scores the lowest is 2',
      'the text says indicator 7 is below the target but its score 88.68 meets 85',
      'the text says indicator 6 has full marks but its score is 90.55',
      'the text says indicator 9 meets the target but its score 80 is below 85',
    ]);
  });

  it('finds empty cells, measures without responsible, period or indicator, periods outside the year, years in measures', () => {
    const input = cleanYear();
    input.measures[0] = { ...input.measures[0]!, methods: [], result: null, followUp: null, responsible: [], period: { start: null, end: null, textTh: null } };
    input.measures[1] = { ...input.measures[1]!, indicators: [], period: { start: '2023-10-01', end: '2024-09-30', textTh: 'ปีงบประมาณ พ.ศ. ๒๕๖๗' } };
    const problems = lintYear(deriveYear(input));
    expect(codes(problems)).toEqual([
      'year-mismatch measures.m2.period',
      'empty-cell measures.m1.methods',
      'empty-cell measures.m1.followUp',
      'empty-cell measures.m1.result',
      'no-responsible measures.m1',
      'no-period measures.m1',
      'period-outside-year measures.m2',
      'unlinked-measure measures.m2',
    ]);
    expect(problems.find((p) => p.where === 'measures.m1.result')!.documents).toEqual(['measures-report']);
    expect(problems.find((p) => p.where === 'measures.m1.methods')!.documents).toEqual(['measures-report', 'measures-plan', 'analysis', 'measures-progress']);
    for (const p of problems) {
      expect(p.th).toMatch(/[ก-๙]/);
      expect(p.en).toMatch(/[a-z]/);
      expect(p.whereTh.length).toBeGreaterThan(0);
    }
  });
});

describe('PDF document information', () => {
  /** A minimal PDF as Skia writes them: a classic cross-reference table and an Info dictionary. */
  function tinyPdf(): Buffer {
    const objects = [
      '1 0 obj\n<</Title (old)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261125000000+00\'00\')>>\nendobj\n',
      '2 0 obj\n<</Type /Catalog\n/Pages 3 0 R>>\nendobj\n',
      '3 0 obj\n<</Type /Pages\n/Kids []\n/Count 0>>\nendobj\n',
    ];
    let body = '%PDF-1.4\n';
    const offsets: number[] = [];
    for (const o of objects) {
      offsets.push(body.length);
      body += o;
    }
    const xref = body.length;
    body += `xref\n0 4\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    body += `trailer\n<</Size 4\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
    return Buffer.from(body, 'latin1');
  }

  it('appends an incremental update with the new Info and keeps the original bytes and dates', () => {
    const original = tinyPdf();
    const out = withPdfInfo(original, { title: 'ชื่อ', author: 'อบต.ห้วยทอง', subject: 'รายงาน' });
    expect(out.subarray(0, original.length).equals(original)).toBe(true);
    const text = out.toString('latin1');
    const startxref = Number(text.match(/startxref\n(\d+)\n%%EOF\n$/)![1]);
    expect(text.startsWith('xref\n1 1\n', startxref)).toBe(true);
    const objectAt = Number(text.slice(startxref).match(/xref\n1 1\n(\d{10}) 00000 n /)![1]);
    expect(text.startsWith('1 0 obj\n<</Title <FEFF0E0A0E370E480E2D>', objectAt)).toBe(true);
    expect(text).toContain('/Author <FEFF0E2D0E1A0E15002E0E2B0E490E270E220E170E2D0E07>');
    expect(text).toContain("/CreationDate (D:20261125000000+00'00')");
    expect(text).toContain('/Prev ' + text.match(/startxref\n(\d+)\n%%EOF/)![1]);
    expect(text.slice(original.length)).toMatch(/trailer\n<<\/Size 4\n\/Root 2 0 R\n\/Info 1 0 R\n\/Prev \d+>>/);
  });

  it('leaves a file it does not understand as it is', () => {
    const notPdf = Buffer.from('%PDF-1.7\n% an xref stream file\nstartxref\n9\n%%EOF\n', 'latin1');
    expect(withPdfInfo(notPdf, { title: 'x', author: 'y' }).equals(notPdf)).toBe(true);
  });
});

it('normalise ignores numbering and white space only', () => {
  expect(normalise('(๑) ก ข\n๒.ค 3) ง 2566')).toBe('กขคง2566');
  expect(normalise('พ.ศ.๒๕๖๖ ๑. ต่อ')).toBe('พ.ศ.๒๕๖๖ต่อ');
});
