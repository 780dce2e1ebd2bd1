/**
 * The roll-up page as files (issue 18, point 3): the table of organisations (the filters applied, every page) and
 * the numbers, as XLSX (two sheets: ตัวเลขสรุป, หน่วยงาน) and CSV (UTF-8 with a byte-order mark, src/io/workbook.ts).
 * Column keys are English (also the JSON's field names), headers Thai. Pure.
 */
import { TOOL_CODES } from '../ita/index.ts';
import { writeCsv, writeXlsx, type ColumnSpec, type TextTable } from '../io/workbook.ts';
import { INDICATOR_NUMBERS } from '../scoring/rollup.ts';
import type { OrgLine, Rollup, Work } from './rollup.ts';
import type { RollupPageData } from './rollup-page.ts';

const num = (key: string, th: string): ColumnSpec => ({ key, th, width: 10, kind: 'number' });

export const ORG_COLUMNS: readonly ColumnSpec[] = [
  { key: 'slug', th: 'ชื่อย่อ (slug)', width: 24 },
  { key: 'nameTh', th: 'หน่วยงาน', width: 36 },
  { key: 'type', th: 'ประเภท', width: 10 },
  { key: 'province', th: 'จังหวัด', width: 14 },
  { key: 'district', th: 'อำเภอ', width: 14 },
  num('overall', 'คะแนนรวม'),
  ...TOOL_CODES.map((t) => num(t, t)),
  ...INDICATOR_NUMBERS.map((n) => num(`i${n}`, `ตัวชี้วัดที่ ${n}`)),
  { key: 'label', th: 'ระดับผล', width: 14 },
  { key: 'passed', th: 'ผ่าน 85', width: 8 },
  num('weakUnmeasured', 'ตัวชี้วัดต่ำกว่า 85 ที่ไม่มีมาตรการ'),
  num('lateMeasures', 'มาตรการที่รายงานความก้าวหน้าล่าช้า'),
  num('oitOpen', 'ข้อ OIT ที่ยังไม่ผ่าน'),
  num('oitStale', 'ข้อ OIT ที่เผยแพร่แต่ไม่เป็นปัจจุบัน'),
  num('notApproved', 'เอกสารที่ยังไม่อนุมัติ'),
  { key: 'channelOpen', th: 'ช่องทางร้องเรียนเปิด', width: 10 },
];

const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const yesNo = (v: boolean | null) => (v === null ? '' : v ? 'ใช่' : 'ไม่');

export function orgTable(lines: readonly OrgLine[]): TextTable {
  return {
    header: ORG_COLUMNS.map((c) => c.th),
    rows: lines.map((l) => [
      l.slug,
      l.nameTh,
      l.type ?? '',
      l.province ?? '',
      l.district ?? '',
      n(l.overall),
      ...TOOL_CODES.map((t) => n(l.tools[t])),
      ...INDICATOR_NUMBERS.map((i) => n(l.indicators[String(i)])),
      l.label ?? '',
      yesNo(l.passed),
      String(l.weakUnmeasured),
      String(l.lateMeasures),
      String(l.oitOpen),
      String(l.oitStale),
      String(l.notApproved),
      yesNo(l.channelOpen),
    ]),
  };
}

export const WORK_TH: Readonly<Record<keyof Work, string>> = {
  noMeasures: 'หน่วยงานที่มีตัวชี้วัดต่ำกว่า 85 แต่ไม่มีมาตรการ',
  lateProgress: 'หน่วยงานที่รายงานความก้าวหน้ารายเดือนล่าช้า',
  oitOpen: 'หน่วยงานที่มีข้อ OIT ยังไม่ผ่าน',
  oitStale: 'หน่วยงานที่มีข้อ OIT เผยแพร่แต่ไม่เป็นปัจจุบัน',
  notApproved: 'หน่วยงานที่เอกสาร (แผนหรือรายงานมาตรการ) ยังไม่ได้รับอนุมัติ',
  channelClosed: 'หน่วยงานที่ช่องทางร้องเรียนยังไม่เปิด',
};

const FIGURE_COLUMNS: readonly ColumnSpec[] = [
  { key: 'item', th: 'รายการ', width: 50 },
  num('value', 'ปีนี้'),
  num('previous', 'ปีก่อน'),
  num('change', 'เปลี่ยนแปลง'),
];

/** Value − previous, 2 decimals; empty when either is missing. */
export const change = (value: number | null, previous: number | null): number | null => (value === null || previous === null ? null : Math.round((value - previous) * 100) / 100);

/** The numbers of the year and of the year before, one per row (keys stay stable: the first cell's English key). */
export function figureRows(r: Rollup, p: Rollup): { key: string; th: string; value: number | null; previous: number | null }[] {
  const labels = [...new Set([...Object.keys(r.labels), ...Object.keys(p.labels)])];
  return [
    { key: 'organisations', th: 'หน่วยงาน', value: r.organisations, previous: p.organisations },
    { key: 'scored', th: 'มีคะแนนครบ', value: r.scored, previous: p.scored },
    { key: 'passed', th: 'ผ่านเกณฑ์ (85 คะแนนขึ้นไป)', value: r.passed, previous: p.passed },
    { key: 'meanOverall', th: 'คะแนนรวมเฉลี่ย', value: r.meanOverall, previous: p.meanOverall },
    ...TOOL_CODES.map((t) => ({ key: t, th: `${t} เฉลี่ย`, value: r.tools[t], previous: p.tools[t] })),
    ...INDICATOR_NUMBERS.map((i) => ({ key: `i${i}`, th: `ตัวชี้วัดที่ ${i} เฉลี่ย`, value: r.indicators[`${i}`], previous: p.indicators[`${i}`] })),
    ...labels.map((l) => ({ key: `label:${l}`, th: `ระดับ ${l}`, value: r.labels[l] ?? 0, previous: p.labels[l] ?? 0 })),
    ...(Object.keys(WORK_TH) as (keyof Work)[]).map((k) => ({ key: k, th: WORK_TH[k], value: r.work[k], previous: p.work[k] })),
  ];
}

export function figureTable(r: Rollup, p: Rollup): TextTable {
  return {
    header: FIGURE_COLUMNS.map((c) => c.th),
    rows: figureRows(r, p).map((f) => [`${f.th} (${f.key})`, n(f.value), n(f.previous), n(change(f.value, f.previous))]),
  };
}

export const rollupXlsx = (d: RollupPageData): Promise<Buffer> =>
  writeXlsx([
    { name: 'ตัวเลขสรุป', columns: FIGURE_COLUMNS, table: figureTable(d.rollup, d.previous) },
    { name: 'หน่วยงาน', columns: ORG_COLUMNS, table: orgTable(d.filtered) },
  ]);

export const organisationsCsv = (d: RollupPageData): Buffer => writeCsv(orgTable(d.filtered));
export const figuresCsv = (d: RollupPageData): Buffer => writeCsv(figureTable(d.rollup, d.previous));
