/**
 * Issue 15, point 5: the monthly progress in the yearly report, the six-month progress report (to 31 March), and
 * a workbook of its own for the plan and for the reports.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { approvalPayload, documentSha256 } from '../src/approvals/state.ts';
import { decideApproval, listApprovals, requestApproval } from '../src/approvals/approvals.ts';
import type { Principal } from '../src/app/authz.ts';
import { renderYearDocument } from '../src/documents/service.ts';
import { listMeasures } from '../src/measures/measures.ts';
import { addProgress } from '../src/measures/progress.ts';
import { suggestedContent } from '../src/portal/publication-content.ts';
import { buildDocument } from '../src/documents/core/build.ts';
import { renderHtml } from '../src/documents/core/html.tsx';
import { lintDocument } from '../src/documents/core/lint.ts';
import type { DocumentModel, Table } from '../src/documents/core/model.ts';
import { halfYearEnd, monthlyProgress, progressUpTo } from '../src/documents/core/progress.ts';
import { renderDocument } from '../src/documents/core/render.ts';
import { importMeasuresWorkbook } from '../src/io/measures-table.ts';
import { criteriaOf, type OitItem } from '../src/ita/index.ts';
import { deriveYear } from '../src/model/derive.ts';
import type { Evidence, Progress, YearInput } from '../src/model/year.ts';
import { DEMO, principal, world, type World } from './app-fixtures.ts';
import { htmlText, demoYear } from './fixtures/documents/helpers.ts';
import { runCli } from './helpers/cli.ts';
import { backends } from './helpers/db.ts';
import { demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const FONTS = { regular: 'data:font/ttf;base64,AAAA', bold: 'data:font/ttf;base64,BBBB' };
/** Text without white space: the no-break markup of protected phrases (issue 15, point 3) adds spaces to the text of the HTML. */
const flat = (text: string) => text.replace(/\s+/g, '');
const textOf = (doc: DocumentModel) => flat(htmlText(renderHtml(doc, { fonts: FONTS, digits: 'arabic' })));
const tablesOf = (doc: DocumentModel): Table[] => doc.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function evidence(id: string, filename: string, extra: Partial<Evidence> = {}): Evidence {
  return { id, filename, mediaType: 'application/pdf', size: 2048, sha256: sha(id), periodStart: null, periodEnd: null, revision: 1, replacesId: null, uploadedAt: null, uploadedBy: null, ...extra };
}

function entry(id: string, periodStart: string, periodEnd: string, date: string, done: string, extra: Partial<Progress> = {}): Progress {
  return { id, date, periodStart, periodEnd, done, status: 'on_track', outcome: null, evidence: [], createdBy: null, ...extra };
}

/** FY 2566 (1 Oct 2022 – 30 Sep 2023): measure 1 reports February, March (after the month ends) and April. */
function yearWithProgress(): YearInput {
  const demo = demoYear();
  const [first, ...rest] = demo.measures;
  const progress: Progress[] = [
    entry('p-apr', '2023-04-01', '2023-04-30', '2023-05-03', 'งานเดือนเมษายนหลังครึ่งปี', { status: 'done', outcome: 'ผลหลังครึ่งปี', evidence: [evidence('e-apr', 'april-photos.pdf')] }),
    entry('p-feb', '2023-02-01', '2023-02-28', '2023-03-02', 'ประชุมชี้แจงเดือนกุมภาพันธ์', {
      evidence: [evidence('e-feb', 'feb-minutes.pdf'), evidence('e-feb2', 'feb-minutes-rev2.pdf', { revision: 2, replacesId: 'e-feb' })],
    }),
    entry('p-mar', '2023-03-01', '2023-03-31', '2023-04-05', 'เผยแพร่คู่มือเดือนมีนาคม', { status: 'delayed', outcome: 'บุคลากรร้อยละ 80 ได้รับคู่มือ', evidence: [evidence('e-mar', 'march-manual.pdf')] }),
  ];
  return { ...demo, measures: [{ ...first!, progress }, ...rest] };
}

describe('the six-month progress report', () => {
  const input = yearWithProgress();
  const doc = buildDocument('measures-progress', deriveYear(input));
  const text = textOf(doc);

  it('ends on 31 March of the fiscal year and shows only the progress reported on periods ending by then', () => {
    expect(halfYearEnd(2566)).toBe('2023-03-31');
    expect(progressUpTo(input.measures[0]!, '2023-03-31').map((p) => p.id)).toEqual(['p-feb', 'p-mar']);
    expect(text).toContain(flat('ประชุมชี้แจงเดือนกุมภาพันธ์'));
    expect(text).toContain(flat('เผยแพร่คู่มือเดือนมีนาคม')); // reported on 5 April, about March: it counts
    expect(text).not.toContain(flat('งานเดือนเมษายนหลังครึ่งปี'));
    expect(text).not.toContain(flat('april-photos.pdf'));
    expect(text).not.toContain(flat('ผลหลังครึ่งปี'));
  });

  it('has the report’s layout: title block with the half year, introduction, heading, a section and table per tool', () => {
    const title = doc.blocks[0];
    expect(title?.type === 'title' && title.lines).toEqual([
      'รายงานความก้าวหน้าการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ 6 เดือน',
      'ขององค์การบริหารส่วนตำบลห้วยทอง อำเภอกู่เวียง จังหวัดขอนแก่น',
      'ประจำปีงบประมาณ 2566',
      '(ตั้งแต่วันที่ 1 ตุลาคม 2565 ถึงวันที่ 31 มีนาคม 2566)',
    ]);
    const types = doc.blocks.map((b) => b.type);
    expect(types.slice(0, 4)).toEqual(['title', 'paragraph', 'paragraph', 'heading']);
    expect(types.filter((t) => t === 'numbered')).toHaveLength(criteriaOf(input).tools.length);
    const [table] = tablesOf(doc);
    expect(table!.columns.map((c) => c.width).reduce((a, b) => a + b)).toBe(100);
    expect(table!.header[0]!.at(-1)).toEqual({ text: 'กำกับติดตาม ณ วันที่ 31 มีนาคม 2566', colSpan: 2 });
    expect(table!.header[1]!.map((h) => h.text)).toEqual(['ความก้าวหน้ารายเดือน', 'สถานะ']);
  });

  it('gives each measure its progress by month and its status as at 31 March (not the status of later months)', () => {
    const table = tablesOf(doc).find((t) => t.rows.some((r) => r[0]!.lines[0]!.text === input.measures[0]!.titleTh))!;
    const row = table.rows.find((r) => r[0]!.lines[0]!.text === input.measures[0]!.titleTh)!;
    expect(row[5]!.lines.map((l) => l.text)).toEqual(['กุมภาพันธ์ 2566: ประชุมชี้แจงเดือนกุมภาพันธ์', 'มีนาคม 2566: เผยแพร่คู่มือเดือนมีนาคม']);
    expect(row[6]!.lines.map((l) => l.text)).toEqual(['ล่าช้า', 'บุคลากรร้อยละ 80 ได้รับคู่มือ']);
    const other = tablesOf(doc).flatMap((t) => t.rows).find((r) => r[0]!.lines[0]!.text === input.measures[1]!.titleTh)!;
    expect(other[6]!.lines.map((l) => l.text)).toEqual(['ยังไม่มีรายงานความก้าวหน้า']);
  });

  it('lists the monthly progress with the evidence files of the time, a replaced file only in its new revision', () => {
    const months = monthlyProgress(input.measures[0]!, '2023-03-31');
    expect(months.map((m) => [m.month, m.label, m.status, m.evidence.map((e) => e.filename)])).toEqual([
      ['2023-02', 'กุมภาพันธ์ 2566', 'on_track', ['feb-minutes-rev2.pdf']],
      ['2023-03', 'มีนาคม 2566', 'delayed', ['march-manual.pdf']],
    ]);
    expect(text).toContain(flat('ผลการดำเนินงานรายเดือน ถึงวันที่ 31 มีนาคม 2566'));
    const monthly = tablesOf(doc).find((t) => t.name === 'ผลการดำเนินงานรายเดือน 1')!;
    expect(monthly.header[0]!.map((h) => h.text)).toEqual(['เดือน', 'สถานะ', 'ผลการดำเนินงาน', 'หลักฐาน']);
    expect(monthly.rows.map((r) => r.map((c) => c.lines.map((l) => l.text).join('|')))).toEqual([
      ['กุมภาพันธ์ 2566', 'เป็นไปตามแผน', 'ประชุมชี้แจงเดือนกุมภาพันธ์', 'feb-minutes-rev2.pdf'],
      ['มีนาคม 2566', 'ล่าช้า', 'เผยแพร่คู่มือเดือนมีนาคม|ผลที่ได้: บุคลากรร้อยละ 80 ได้รับคู่มือ', 'march-manual.pdf'],
    ]);
    expect(text).not.toContain(flat('feb-minutes.pdf'));
    // A measure without any entry by then says so instead of showing an empty table.
    expect(text).toContain(flat('ยังไม่มีรายงานความก้าวหน้า'));
  });

  it('the linter knows the new kind: a measure without a responsible shows in it, the follow-up (not printed) does not', () => {
    const bare = { ...input, measures: input.measures.map((m, i) => (i === 0 ? { ...m, responsible: [], followUp: 'ติดตาม ปี 2599' } : m)) };
    const problems = lintDocument(deriveYear(bare), 'measures-progress');
    expect(problems.some((p) => p.code === 'no-responsible')).toBe(true);
    expect(problems.some((p) => p.where.endsWith('.followUp'))).toBe(false);
    expect(lintDocument(deriveYear(bare), 'measures-report').some((p) => p.where.endsWith('.followUp'))).toBe(true);
  });
});

describe('the monthly progress in the yearly report', () => {
  const input = yearWithProgress();

  it('is in by default: every month of the year, April too, with its evidence', () => {
    const text = textOf(buildDocument('measures-report', deriveYear(input)));
    expect(text).toContain(flat('ผลการดำเนินงานรายเดือน'));
    expect(text).toContain(flat('งานเดือนเมษายนหลังครึ่งปี'));
    expect(text).toContain(flat('april-photos.pdf'));
    expect(text).toContain(flat('มาตรการที่ 1 '));
  });

  it('is left out on request: the report is then the tools’ tables only', () => {
    const without = buildDocument('measures-report', deriveYear(input), { progress: false });
    const text = textOf(without);
    expect(text).not.toContain(flat('ผลการดำเนินงานรายเดือน'));
    expect(text).not.toContain(flat('april-photos.pdf'));
    expect(without.blocks.map((b) => b.type)).toEqual(buildDocument('measures-report', deriveYear(demoYear())).blocks.map((b) => b.type));
  });

  it('a year without any progress entry keeps the seed’s layout; the plan never has the section', () => {
    const types = buildDocument('measures-report', deriveYear(demoYear())).blocks.map((b) => b.type);
    expect(types.filter((t) => t === 'heading')).toHaveLength(1);
    expect(textOf(buildDocument('measures-plan', deriveYear(input)))).not.toContain(flat('ผลการดำเนินงานรายเดือน'));
  });
});

async function sheets(bytes: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out = new Map<string, string[][]>();
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).text)));
    out.set(ws.name, rows);
  }
  return out;
}

describe('a workbook of its own for the plan and for the reports', () => {
  const input = yearWithProgress();
  const xlsx = async (kind: 'measures-plan' | 'measures-report' | 'measures-progress') => (await renderDocument(input, { kind, format: 'xlsx', digits: 'arabic' })).bytes;

  it('the plan: the import format, which `prongsai import` reads back', async () => {
    // The demo year: its progress has no evidence files, which an import would need in the file store.
    const bytes = (await renderDocument(demoYear(), { kind: 'measures-plan', format: 'xlsx' })).bytes;
    expect([...(await sheets(bytes)).keys()]).toEqual(['มาตรการ', 'ความก้าวหน้า']);
    const back = await importMeasuresWorkbook(bytes, demoYear());
    expect(back.problems.map((p) => p.en)).toEqual([]);
    expect(back.measures).toEqual(demoYear().measures);
  });

  it('the report: measures with status and result, a row per measure and month, a row per evidence file', async () => {
    const report = await sheets(await xlsx('measures-report'));
    expect([...report.keys()]).toEqual(['มาตรการ', 'ผลการดำเนินงานรายเดือน', 'หลักฐาน']);
    expect(report.get('มาตรการ')![0]).toEqual(['ลำดับ', 'มาตรการ', 'ตัวชี้วัด', 'วิธีดำเนินการ', 'การดำเนินการ', 'ผู้รับผิดชอบ', 'ระยะเวลาดำเนินการ', 'การกำกับติดตาม', 'สถานะ', 'ผลลัพธ์/ความสำเร็จ']);
    expect(report.get('มาตรการ')!.slice(1)).toHaveLength(input.measures.length);
    expect(report.get('มาตรการ')![1]![8]).toBe('ดำเนินการแล้ว');
    const months = report.get('ผลการดำเนินงานรายเดือน')!;
    expect(months[0]).toEqual(['ลำดับมาตรการ', 'มาตรการ', 'เดือน', 'สถานะ', 'ผลการดำเนินงาน', 'ผลที่ได้', 'หลักฐาน']);
    expect(months.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['1', 'กุมภาพันธ์ 2566', 'เป็นไปตามแผน'],
      ['1', 'มีนาคม 2566', 'ล่าช้า'],
      ['1', 'เมษายน 2566', 'แล้วเสร็จ'],
    ]);
    const files = report.get('หลักฐาน')!;
    expect(files[0]).toEqual(['ลำดับมาตรการ', 'มาตรการ', 'เดือน', 'ชื่อแฟ้ม', 'ชนิดแฟ้ม', 'ขนาด (ไบต์)', 'ฉบับที่', 'SHA-256']);
    expect(files.slice(1).map((r) => [r[3], r[6], r[7]])).toEqual([
      ['feb-minutes-rev2.pdf', '2', sha('e-feb2')],
      ['march-manual.pdf', '1', sha('e-mar')],
      ['april-photos.pdf', '1', sha('e-apr')],
    ]);
  });

  it('the six-month report: the same as at 31 March', async () => {
    const half = await sheets(await xlsx('measures-progress'));
    expect([...half.keys()]).toEqual(['มาตรการ', 'ผลการดำเนินงานรายเดือน', 'หลักฐาน']);
    expect(half.get('มาตรการ')![0]!.slice(8)).toEqual(['สถานะ ณ วันที่ 31 มีนาคม 2566', 'ผลที่ได้ล่าสุด ณ วันที่ 31 มีนาคม 2566']);
    expect(half.get('มาตรการ')![1]!.slice(8)).toEqual(['ล่าช้า', 'บุคลากรร้อยละ 80 ได้รับคู่มือ']);
    expect(half.get('ผลการดำเนินงานรายเดือน')!.slice(1).map((r) => r[2])).toEqual(['กุมภาพันธ์ 2566', 'มีนาคม 2566']);
    expect(half.get('หลักฐาน')!.slice(1).map((r) => r[3])).toEqual(['feb-minutes-rev2.pdf', 'march-manual.pdf']);
  });

  it('Thai digits by default in the text, never in file names or hashes', async () => {
    const thai = await sheets((await renderDocument({ ...input, measures: [{ ...input.measures[0]!, progress: [entry('p1', '2023-01-01', '2023-01-31', '2023-02-01', 'งาน 2 ครั้ง', { evidence: [evidence('e1', 'scan-2566.pdf')] })] }] }, { kind: 'measures-report', format: 'xlsx' })).bytes);
    expect(thai.get('ผลการดำเนินงานรายเดือน')![1]!.slice(2, 7)).toEqual(['มกราคม ๒๕๖๖', 'เป็นไปตามแผน', 'งาน ๒ ครั้ง', '', 'scan-2566.pdf']);
    expect(thai.get('หลักฐาน')![1]![3]).toBe('scan-2566.pdf');
  });
});

describe('what the executive approves in the six-month report', () => {
  const input = yearWithProgress();
  const withEntry = (p: Progress): YearInput => ({ ...input, measures: input.measures.map((m, i) => (i === 1 ? { ...m, progress: [...m.progress, p] } : m)) });

  it('covers the measures as planned and the progress up to 31 March: a later entry does not void it, an earlier one does', () => {
    const before = documentSha256('measures-progress', input);
    const payload = approvalPayload('measures-progress', input) as { asOf: string; measures: { progress: { id: string }[]; status?: string }[] };
    expect(payload.asOf).toBe('2023-03-31');
    expect(payload.measures[0]!.progress.map((p) => p.id)).toEqual(['p-feb', 'p-mar']);
    expect(payload.measures[0]!.status).toBeUndefined();
    const may = withEntry(entry('p-may', '2023-05-01', '2023-05-31', '2023-06-01', 'งานเดือนพฤษภาคม'));
    expect(documentSha256('measures-progress', may)).toBe(before);
    expect(documentSha256('measures-report', may)).not.toBe(documentSha256('measures-report', input));
    expect(documentSha256('measures-progress', withEntry(entry('p-jan', '2023-01-01', '2023-01-31', '2023-02-01', 'งานเดือนมกราคม')))).not.toBe(before);
    // A status or result filled in at the end of the year is not in it either.
    expect(documentSha256('measures-progress', { ...input, measures: input.measures.map((m) => ({ ...m, status: 'cancelled' as const, result: 'x' })) })).toBe(before);
  });
});

describe('the OIT item about the measures’ progress during the year', () => {
  it('the report item of the year being assessed (O43 up to 2567) starts with the six-month report; of the previous year, with the yearly report', () => {
    const o43 = criteriaOf({ criteriaYear: 2566 }).oitItems.find((i) => i.code === 'O43') as OitItem;
    expect(suggestedContent(o43, 2566).documents).toEqual([{ kind: 'measures-progress', year: 2566 }]);
    const o26 = criteriaOf({ criteriaYear: 2569 }).oitItems.find((i) => i.code === 'O26') as OitItem;
    expect(suggestedContent(o26, 2569).documents).toEqual([{ kind: 'measures-report', year: 2568 }]);
  });
});

describe('prongsai report', () => {
  it('makes the six-month report and the report with or without the monthly progress', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prongsai-progress-'));
    const file = join(dir, 'year.json');
    await writeFile(file, JSON.stringify(yearWithProgress()));
    const half = join(dir, 'half.html');
    const made = await runCli('report', '--input', file, '--kind', 'measures-progress', '--out', half, '--digits', 'arabic');
    expect(made.code).toBe(0);
    expect(made.out).toContain('รอบ 6 เดือน');
    const halfText = flat(htmlText(await readFile(half, 'utf8')));
    expect(halfText).toContain(flat('เผยแพร่คู่มือเดือนมีนาคม'));
    expect(halfText).not.toContain(flat('งานเดือนเมษายนหลังครึ่งปี'));

    const full = join(dir, 'full.html');
    const bare = join(dir, 'bare.html');
    expect((await runCli('report', '--input', file, '--kind', 'measures-report', '--out', full)).code).toBe(0);
    expect((await runCli('report', '--input', file, '--kind', 'measures-report', '--no-progress', '--out', bare)).code).toBe(0);
    expect(flat(htmlText(await readFile(full, 'utf8')))).toContain(flat('งานเดือนเมษายนหลังครึ่งปี'));
    expect(flat(htmlText(await readFile(bare, 'utf8')))).not.toContain(flat('งานเดือนเมษายนหลังครึ่งปี'));
  }, 60_000);
});

describe.each(backends())('the six-month report in the staff flow (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let executive: Principal;
  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'นางสาวประสาน งานดี');
    executive = principal('executive', w.demo.orgId, null, 'นายกองค์การบริหารส่วนตำบล');
  });
  afterEach(async () => {
    await w.t.dispose();
  });
  const state = async () => (await listApprovals(w.t.db, coordinator, DEMO)).find((s) => s.subject === 'measures-progress')!;

  it('is asked for and approved like the others; progress after 31 March leaves the approval standing, before it voids it', async () => {
    const asked = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'measures-progress' });
    expect(asked.nameTh).toBe('รายงานความก้าวหน้าการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส รอบ 6 เดือน');
    const approved = await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved', documentSha256: asked.currentSha256, reason: 'ตรวจแล้ว' });
    expect(approved).toMatchObject({ upToDate: true, approved: { status: 'approved', subject: 'measures-progress' } });

    const [m1] = await listMeasures(w.t.db, coordinator, DEMO);
    await addProgress(w.t.db, coordinator, DEMO, m1!.id, { date: '2023-05-02', month: '2023-04', done: 'งานเดือนเมษายน', status: 'on_track' });
    expect((await state()).upToDate).toBe(true);
    const html = flat(htmlText((await renderYearDocument(w.t.db, coordinator, DEMO, { kind: 'measures-progress', format: 'html', digits: 'arabic' })).bytes.toString('utf8')));
    expect(html).not.toContain(flat('งานเดือนเมษายน'));
    const report = flat(htmlText((await renderYearDocument(w.t.db, coordinator, DEMO, { kind: 'measures-report', format: 'html' })).bytes.toString('utf8')));
    expect(report).toContain(flat('งานเดือนเมษายน'));
    const bare = flat(htmlText((await renderYearDocument(w.t.db, coordinator, DEMO, { kind: 'measures-report', format: 'html', progress: false })).bytes.toString('utf8')));
    expect(bare).not.toContain(flat('งานเดือนเมษายน'));

    await addProgress(w.t.db, coordinator, DEMO, m1!.id, { date: '2023-03-02', month: '2023-02', done: 'งานเดือนกุมภาพันธ์', status: 'delayed' });
    expect((await state()).upToDate).toBe(false);
  });

  it('the portal may publish it: the database takes the new kind for approvals and published files', async () => {
    const [row] = await w.t.db.query<{ def: string }>(
      "SELECT string_agg(pg_get_constraintdef(oid), ' ') AS def FROM pg_constraint WHERE conname IN ('approvals_subject_check', 'publication_files_doc_kind_check')",
    );
    expect(row!.def.match(/measures-progress/g)).toHaveLength(2);
  });
});

describe('the documents page and the API (demo FY 2570: progress for ต.ค. and พ.ย. 2569)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer('pglite');
  });
  afterAll(async () => {
    await s.close();
  });
  const PAGE = '/staff/o/huai-thong/2570/documents';
  const API = '/api/v1/orgs/huai-thong/years/2570/documents';
  const MONTHLY = flat('ผลการดำเนินงานรายเดือน');

  it('the staff page offers the report with a ticked box for the monthly progress; unticked leaves it out', async () => {
    const client = await signedInClient(s.app, demoEmail('auditor'));
    const page = await client.get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/staff/o/huai-thong/2570/documents/measures-report/file"');
    expect(page.body).toMatch(/<input type="hidden" name="progress" value="false"\/>\s*<div class="checks"><label><input type="checkbox" name="progress" value="true" checked\/>/);
    expect(page.body).toContain('รวมผลการดำเนินงานรายเดือนและรายชื่อหลักฐานของแต่ละมาตรการ');
    expect(page.body).toContain('/documents/measures-progress/file?format=pdf');
    const ticked = await client.get(`${PAGE}/measures-report/file?progress=false&progress=true&format=html`);
    expect(ticked.statusCode).toBe(200);
    expect(flat(htmlText(ticked.body))).toContain(MONTHLY);
    const unticked = await client.get(`${PAGE}/measures-report/file?progress=false&format=html`);
    expect(flat(htmlText(unticked.body))).not.toContain(MONTHLY);
  });

  it('the API takes progress=true|false and renders the six-month report', async () => {
    const client = await signedInClient(s.app, demoEmail('auditor'));
    const bare = await client.json('GET', `${API}/measures-report?format=html&progress=false`);
    expect(bare.statusCode).toBe(200);
    expect(flat(htmlText(bare.body))).not.toContain(MONTHLY);
    expect(flat(htmlText((await client.json('GET', `${API}/measures-report?format=html`)).body))).toContain(MONTHLY);
    const bad = await client.json('GET', `${API}/measures-report?format=html&progress=maybe`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { th: expect.any(String), en: expect.any(String) } });
    const half = await client.json('GET', `${API}/measures-progress?format=html`);
    expect(half.statusCode).toBe(200);
    expect(half.headers['content-disposition']).toContain('huai-thong-2570-measures-progress.html');
    expect(flat(htmlText(half.body))).toContain(flat('ตุลาคม ๒๕๖๙'));
  });
});
