/**
 * XLSX of a document, with the project's spreadsheet writer (src/io/workbook.ts), headers in Thai:
 * - the plan: the measures as planned, in the project's import/export table format (src/io/measures-table.ts: what
 *   `prongsai import` reads back);
 * - the report: the measures with their status and result, the monthly progress (one row per measure and month)
 *   and the evidence files (one row each);
 * - the six-month report: the same as at 31 March (the progress reported by then, the status then);
 * - the analysis: its tables (indicator scores, tool scores, measures), one sheet each. Scores are number cells; a
 *   missing score is the text ไม่มีข้อมูล, never 0.
 */
import { writeMeasuresWorkbook } from '../../io/measures-table.ts';
import { writeXlsx, type ColumnSpec, type SheetOut } from '../../io/workbook.ts';
import { MEASURE_STATUS_TH, PROGRESS_STATUS_TH, type Measure, type YearInput } from '../../model/year.ts';
import { formatThaiDate, type DigitStyle } from '../../thai/index.ts';
import { digitsIn } from './digits.ts';
import type { Cell, DocumentModel, Table } from './model.ts';
import { periodText, sortedMeasures } from './parts.ts';
import { halfYearEnd, monthlyProgress, NO_PROGRESS_TH, progressUpTo, statusAsOf } from './progress.ts';

function cellText(cell: Cell, digits: DigitStyle): string {
  if (cell.value !== undefined) return String(cell.value);
  return cell.lines.map((l) => digitsIn(l.marker ? `${l.marker} ${l.text}` : l.text, digits)).join('\n');
}

/** The name of each column: its header cells from top to bottom ("กำกับติดตาม: รายงานความก้าวหน้า…"). */
export function columnNames(table: Table): string[] {
  const names: string[][] = table.columns.map(() => []);
  const taken: number[] = table.columns.map(() => 0); // header rows each column is filled down to
  table.header.forEach((row, r) => {
    let col = 0;
    for (const h of row) {
      while ((taken[col] ?? 0) > r) col++;
      for (let c = col; c < col + (h.colSpan ?? 1); c++) {
        names[c]?.push(h.text);
        taken[c] = r + (h.rowSpan ?? 1);
      }
      col += h.colSpan ?? 1;
    }
  });
  return names.map((parts) => parts.join(': '));
}

function sheetOf(table: Table, digits: DigitStyle): SheetOut {
  const header = columnNames(table).map((name) => digitsIn(name, digits));
  return {
    name: table.name.slice(0, 31),
    columns: table.columns.map((c, i) => ({
      key: `c${i + 1}`,
      th: header[i] ?? '',
      width: Math.max(10, Math.round(c.width * 0.9)),
      kind: table.rows.some((row) => row[i]?.value !== undefined) ? ('number' as const) : ('text' as const),
    })),
    table: { header, rows: table.rows.map((row) => row.map((cell) => cellText(cell, digits))) },
  };
}

/** A sheet of text columns (digits in the document's style), and number columns written as they are. */
function textSheet(name: string, columns: readonly ColumnSpec[], rows: readonly (readonly string[])[], digits: DigitStyle, raw: ReadonlySet<string> = new Set()): SheetOut {
  const keep = columns.map((c) => c.kind === 'number' || raw.has(c.key));
  return {
    name,
    columns,
    table: { header: columns.map((c) => digitsIn(c.th, digits)), rows: rows.map((row) => row.map((text, i) => (keep[i] ? text : digitsIn(text, digits)))) },
  };
}

const joined = (items: readonly (string | null)[]) => items.filter((t): t is string => Boolean(t)).join('\n');
const numbered = (items: readonly string[]) => (items.length > 1 ? items.map((t, i) => `${i + 1}. ${t}`) : items).join('\n');

/**
 * The report's workbook (`asOf` null) or the six-month report's (`asOf` 31 March): the measures with their
 * status (at `asOf`: that of the latest progress entry by then) and result, their monthly progress, and the evidence.
 */
async function progressWorkbook(input: YearInput, asOf: string | null, digits: DigitStyle): Promise<Buffer> {
  const measures = sortedMeasures(input.measures);
  const at = asOf === null ? '' : ` ณ วันที่ ${formatThaiDate(asOf, { digits: 'arabic' })}`;
  const statusOf = (m: Measure): string => {
    if (asOf === null) return MEASURE_STATUS_TH[m.status];
    const status = statusAsOf(m, asOf);
    return status === null ? NO_PROGRESS_TH : PROGRESS_STATUS_TH[status];
  };
  const measureColumns: ColumnSpec[] = [
    { key: 'seq', th: 'ลำดับ', width: 7, kind: 'number' },
    { key: 'title', th: 'มาตรการ', width: 30 },
    { key: 'indicators', th: 'ตัวชี้วัด', width: 10 },
    { key: 'methods', th: 'วิธีดำเนินการ', width: 45 },
    { key: 'actions', th: 'การดำเนินการ', width: 45 },
    { key: 'responsible', th: 'ผู้รับผิดชอบ', width: 22 },
    { key: 'period', th: 'ระยะเวลาดำเนินการ', width: 18 },
    { key: 'followUp', th: 'การกำกับติดตาม', width: 30 },
    { key: 'status', th: `สถานะ${at}`, width: 16 },
    asOf === null ? { key: 'result', th: 'ผลลัพธ์/ความสำเร็จ', width: 40 } : { key: 'result', th: `ผลที่ได้ล่าสุด${at}`, width: 40 },
  ];
  const measureRows = measures.map((m) => [
    String(m.seq),
    m.titleTh,
    m.indicators.join(', '),
    numbered(m.methods),
    numbered(m.actions),
    joined(m.responsible.map((r) => r.labelTh)),
    periodText(m),
    m.followUp ?? '',
    statusOf(m),
    (asOf === null ? m.result : (progressUpTo(m, asOf).at(-1)?.outcome ?? null)) ?? '',
  ]);
  const monthColumns: ColumnSpec[] = [
    { key: 'seq', th: 'ลำดับมาตรการ', width: 8, kind: 'number' },
    { key: 'title', th: 'มาตรการ', width: 30 },
    { key: 'month', th: 'เดือน', width: 16 },
    { key: 'status', th: 'สถานะ', width: 14 },
    { key: 'done', th: 'ผลการดำเนินงาน', width: 50 },
    { key: 'outcome', th: 'ผลที่ได้', width: 40 },
    { key: 'evidence', th: 'หลักฐาน', width: 40 },
  ];
  const months = measures.flatMap((m) => monthlyProgress(m, asOf).map((mp) => ({ m, mp })));
  const monthRows = months.map(({ m, mp }) => [
    String(m.seq),
    m.titleTh,
    mp.label,
    PROGRESS_STATUS_TH[mp.status],
    joined(mp.entries.map((p) => p.done)),
    joined(mp.entries.map((p) => p.outcome)),
    joined(mp.evidence.map((e) => e.filename)),
  ]);
  const evidenceColumns: ColumnSpec[] = [
    { key: 'seq', th: 'ลำดับมาตรการ', width: 8, kind: 'number' },
    { key: 'title', th: 'มาตรการ', width: 30 },
    { key: 'month', th: 'เดือน', width: 16 },
    { key: 'filename', th: 'ชื่อแฟ้ม', width: 40 },
    { key: 'mediaType', th: 'ชนิดแฟ้ม', width: 24 },
    { key: 'size', th: 'ขนาด (ไบต์)', width: 12, kind: 'number' },
    { key: 'revision', th: 'ฉบับที่', width: 8, kind: 'number' },
    { key: 'sha256', th: 'SHA-256', width: 66 },
  ];
  const evidenceRows = months.flatMap(({ m, mp }) =>
    mp.evidence.map((e) => [String(m.seq), m.titleTh, mp.label, e.filename, e.mediaType, String(e.size), String(e.revision), e.sha256]),
  );
  const raw = new Set(['filename', 'mediaType', 'sha256', 'evidence']); // file names and hashes stay as they are
  return writeXlsx([
    textSheet('มาตรการ', measureColumns, measureRows, digits),
    textSheet('ผลการดำเนินงานรายเดือน', monthColumns, monthRows, digits, raw),
    textSheet('หลักฐาน', evidenceColumns, evidenceRows, digits, raw),
  ]);
}

export async function renderXlsx(doc: DocumentModel, input: YearInput, digits: DigitStyle = 'thai'): Promise<Buffer> {
  switch (doc.kind) {
    case 'measures-plan':
      return writeMeasuresWorkbook(input);
    case 'measures-report':
      return progressWorkbook(input, null, digits);
    case 'measures-progress':
      return progressWorkbook(input, halfYearEnd(input.year), digits);
    default: {
      const tables = doc.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));
      return writeXlsx(tables.map((t) => sheetOf(t, digits)));
    }
  }
}
