/**
 * What the portal's publications give staff and the public besides pages: the OIT answer sheet (every item of
 * the year, the address of the version answered, XLSX and CSV that read back), the freshness checks (months
 * missing, due and overdue; the fiscal year covered), and the open-data datasets with the Thai GDC fields.
 */
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerSheet, answerSheetCsv, answerSheetXlsx } from '../src/portal/answer-sheet.ts';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { itemFreshness, requiredSpans, yearFreshness } from '../src/portal/freshness.ts';
import { datasets } from '../src/portal/open-data.ts';
import { approveVersion, attachFile, saveDraft, submitVersion, yearPublications, type SlotRef } from '../src/portal/publications.ts';
import { loadPortal, portalOrg } from '../src/portal/publications-public.ts';
import { DocumentBrowser } from '../src/documents/core/index.ts';
import { getCriteria } from '../src/ita/index.ts';
import { DEMO, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

const browser = new DocumentBrowser();
afterAll(async () => {
  await browser.close();
});

/** 15 March 2023, 10:00 in Bangkok: FY 2566, five months over. */
const T0 = new Date('2023-03-15T03:00:00.000Z');
const ORIGIN = 'https://portal.example.go.th';
const item = (code: string): SlotRef => ({ org: DEMO.org, slot: { kind: 'oit', year: DEMO.year, code } });
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n`);

describe('freshness periods', () => {
  it('asks for every month of the fiscal year, October first, and the first half-year, each due a month after it ends', () => {
    const months = requiredSpans('monthly', 2566);
    expect(months.map((m) => [m.start, m.end, m.due])).toEqual([
      ['2022-10-01', '2022-10-31', '2022-11-30'],
      ['2022-11-01', '2022-11-30', '2022-12-31'],
      ['2022-12-01', '2022-12-31', '2023-01-31'],
      ['2023-01-01', '2023-01-31', '2023-02-28'],
      ['2023-02-01', '2023-02-28', '2023-03-31'],
      ['2023-03-01', '2023-03-31', '2023-04-30'],
      ['2023-04-01', '2023-04-30', '2023-05-31'],
      ['2023-05-01', '2023-05-31', '2023-06-30'],
      ['2023-06-01', '2023-06-30', '2023-07-31'],
      ['2023-07-01', '2023-07-31', '2023-08-31'],
      ['2023-08-01', '2023-08-31', '2023-09-30'],
      ['2023-09-01', '2023-09-30', '2023-10-31'],
    ]);
    expect(months[0]?.th).toBe('ตุลาคม 2565');
    expect(requiredSpans('six-monthly', 2568).map((s) => [s.start, s.end, s.due, s.th])).toEqual([
      ['2024-10-01', '2025-03-31', '2025-04-30', 'รอบ 6 เดือน (ตุลาคม 2567 – มีนาคม 2568)'],
    ]);
  });

  it('says an item that must cover the previous year covers the wrong one', () => {
    const o28 = getCriteria(2568).oitItems.find((i) => i.code === 'O28')!;
    const version = { state: 'public', status: 'approved', content: { coversYear: 2568, links: [] }, files: [], publishAt: T0.toISOString() };
    const f = itemFreshness(o28, 2568, { slot: { kind: 'oit', year: 2568, code: 'O28' }, titleTh: '', open: null, current: version as never, scheduled: [], versions: [] }, '2025-01-10');
    expect(f.coverage).toEqual({ expected: 2567, given: 2568 });
    expect(f.problems.map((p) => [p.code, p.severity, p.th])).toEqual([['wrong-coverage-year', 'bad', 'ข้อมูลที่เผยแพร่เป็นของปี 2568 แต่ข้อนี้ต้องเป็นข้อมูลปี 2567']]);
    expect(f.severity).toBe('bad');
  });
});

describe.each(backends())('answer sheet, freshness and open data (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let executive: Principal;

  async function publish(ref: SlotRef, content: Record<string, unknown>, now: Date = T0, publishAt: string | null = null): Promise<void> {
    await saveDraft(w.t.db, coordinator, ref, content, now);
    const v = await submitVersion(w.t.db, coordinator, ref, { now, browser });
    await approveVersion(w.t.db, executive, ref, v.version, publishAt, now);
  }

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'ผู้ประสานงาน');
    executive = principal('executive', w.demo.orgId, null, 'นายก');
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  it('lists every OIT item of the year with the address of the version answered, and reads back as XLSX and CSV', async () => {
    await publish(item('O1'), { text: 'แผนผังโครงสร้าง', explanation: 'แผนผังโครงสร้างฝ่ายการเมืองและฝ่ายประจำ' });
    await publish(item('O42'), { text: 'มาตรการ', documents: [{ kind: 'measures-plan', year: 2566 }] });
    await publish(item('O2'), { text: 'ผู้บริหาร' }, T0, new Date(T0.getTime() + 86_400_000).toISOString());
    await saveDraft(w.t.db, coordinator, item('O3'), { text: 'อำนาจหน้าที่ (ร่าง)' }, T0);

    const sheet = await answerSheet(w.t.db, coordinator, DEMO, ORIGIN, T0);
    const codes = getCriteria(2566).oitItems.map((i) => i.code);
    expect(sheet.rows.map((r) => r.code)).toEqual(codes);
    expect(sheet.rows).toHaveLength(43);
    const row = (code: string) => sheet.rows.find((r) => r.code === code)!;
    expect(row('O1')).toMatchObject({ state: 'public', version: 1, url: `${ORIGIN}/o/huai-thong/ita/2566/O1/v1`, explanation: 'แผนผังโครงสร้างฝ่ายการเมืองและฝ่ายประจำ', indicator: 9, subIndicator: '9.1' });
    expect(row('O42').extraUrls).toEqual([`${ORIGIN}/o/huai-thong/ita/2566/O42/v1/documents/measures-plan.pdf`]);
    expect(row('O42').explanation).toContain('ฉบับที่ 1');
    expect(row('O2')).toMatchObject({ state: 'scheduled', version: 1, url: `${ORIGIN}/o/huai-thong/ita/2566/O2/v1` });
    expect(row('O3')).toMatchObject({ state: 'draft', version: null, url: `${ORIGIN}/o/huai-thong/ita/2566/O3`, explanation: '' });
    expect(row('O43')).toMatchObject({ state: 'none', version: null });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await answerSheetXlsx(sheet)) as unknown as ArrayBuffer);
    const ws = workbook.worksheets[0]!;
    expect(ws.rowCount).toBe(44);
    expect(ws.getRow(1).getCell(4).value).toBe('ข้อ');
    expect(ws.getRow(2).getCell(4).value).toBe('O1');
    expect(ws.getRow(2).getCell(6).value).toBe(`${ORIGIN}/o/huai-thong/ita/2566/O1/v1`);
    const csv = answerSheetCsv(sheet).toString('utf8');
    expect(csv.startsWith('\uFEFFตัวชี้วัด,ตัวชี้วัดย่อย,หัวข้อ,ข้อ,รายการข้อมูล,URL,')).toBe(true);
    expect(csv.trim().split('\r\n').filter((l) => /^\d+,/.test(l))).toHaveLength(43);

    // Only the organisation's own people see its answer sheet.
    await expect(answerSheet(w.t.db, principal('coordinator', w.other.orgId), DEMO, ORIGIN, T0)).rejects.toBeInstanceOf(Forbidden);
  });

  it('shows which months of the monthly summary are overdue, due, pending or done', async () => {
    const o21 = item('O21');
    await attachFile(w.t.db, coordinator, o21, { filename: 'oct.pdf', bytes: pdf('ต.ค.') }, { period: { start: '2022-10-01', end: '2022-10-31' } }, T0);
    const v = await submitVersion(w.t.db, coordinator, o21, { now: T0, browser });
    await approveVersion(w.t.db, executive, o21, v.version, null, T0);
    // November and December in a draft; January nowhere; February not due before 31 March.
    await attachFile(w.t.db, coordinator, o21, { filename: 'nov-dec.pdf', bytes: pdf('พ.ย.-ธ.ค.') }, { period: { start: '2022-11-01', end: '2022-12-31' } }, T0);
    const f = (await yearFreshness(w.t.db, coordinator, DEMO, T0)).find((x) => x.code === 'O21')!;
    expect(f.recurring).toBe('monthly');
    expect(f.periods.map((p) => [p.start.slice(0, 7), p.state])).toEqual([
      ['2022-10', 'ok'],
      ['2022-11', 'pending'],
      ['2022-12', 'pending'],
      ['2023-01', 'overdue'],
      ['2023-02', 'due'],
      ['2023-03', 'upcoming'],
      ['2023-04', 'upcoming'],
      ['2023-05', 'upcoming'],
      ['2023-06', 'upcoming'],
      ['2023-07', 'upcoming'],
      ['2023-08', 'upcoming'],
      ['2023-09', 'upcoming'],
    ]);
    expect(f.problems.map((p) => [p.code, p.severity])).toEqual([
      ['period-overdue', 'bad'],
      ['period-due', 'warn'],
    ]);
    expect(f.problems[0]?.th).toBe('เลยกำหนดเผยแพร่: มกราคม 2566');
    expect(f.severity).toBe('bad');
    // The six-month report, not published: its half-year ends on 31 March, so nothing is late yet.
    const o12 = (await yearFreshness(w.t.db, coordinator, DEMO, T0)).find((x) => x.code === 'O12')!;
    expect(o12.periods.map((p) => p.state)).toEqual(['upcoming']);
    expect(o12.problems.map((p) => p.code)).toEqual(['not-published']);
    // After 30 April it is overdue.
    const may = (await yearFreshness(w.t.db, coordinator, DEMO, new Date('2023-05-01T00:00:00+07:00'))).find((x) => x.code === 'O12')!;
    expect(may.periods.map((p) => p.state)).toEqual(['overdue']);
  });

  it('describes every public table as a dataset with the Thai GDC fields', async () => {
    await publish(item('O1'), { text: 'โครงสร้าง' });
    await publish(item('O42'), { text: 'มาตรการ', documents: [{ kind: 'analysis', year: 2566 }] });
    const { org } = await portalOrg(w.t.db, DEMO.org, T0);
    const data = await loadPortal(w.t.db, org, T0);
    const sets = datasets(data, ORIGIN);
    expect(sets.map((d) => d.id)).toEqual(['publications', 'oit-2566', 'documents']);
    const oit = sets.find((d) => d.id === 'oit-2566')!;
    expect(oit.rows).toHaveLength(43);
    expect(oit.rows.filter((r) => r.published).map((r) => [r.code, r.url])).toEqual([
      ['O1', `${ORIGIN}/o/huai-thong/ita/2566/O1/v1`],
      ['O42', `${ORIGIN}/o/huai-thong/ita/2566/O42/v1`],
    ]);
    expect(oit.gdc).toMatchObject({ data_type: 'ข้อมูลระเบียน', geo_coverage: 'เทศบาล/อบต.', data_category: 'ข้อมูลสาธารณะ', data_format: ['CSV', 'JSON'], allow_harvest: 'True' });
    expect(oit.modified).toBe(T0.toISOString());
    const docs = sets.find((d) => d.id === 'documents')!;
    expect(docs.rows).toEqual([
      {
        fiscal_year: 2566,
        document: 'การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. 2566',
        published_at: T0.toISOString(),
        html: `${ORIGIN}/o/huai-thong/ita/2566/O42/v1/documents/analysis.html`,
        pdf: `${ORIGIN}/o/huai-thong/ita/2566/O42/v1/documents/analysis.pdf`,
        docx: `${ORIGIN}/o/huai-thong/ita/2566/O42/v1/documents/analysis.docx`,
      },
    ]);
    // A draft adds nothing to the datasets.
    await saveDraft(w.t.db, coordinator, item('O2'), { text: 'ร่าง' }, T0);
    const again = datasets(await loadPortal(w.t.db, org, T0), ORIGIN);
    expect(again.find((d) => d.id === 'publications')!.rows).toHaveLength(2);
    expect((await yearPublications(w.t.db, coordinator, DEMO, T0)).items.find((i) => i.item.code === 'O2')!.open?.status).toBe('draft');
  });
});
