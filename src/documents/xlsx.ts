/**
 * XLSX of a document: the measures documents export the measures and their progress in the project's
 * import/export table format (src/io/measures-table.ts: what `prongsai import` reads back); the analysis exports
 * its tables (indicator scores, tool scores, measures), one sheet each, with the project's spreadsheet writer
 * (src/io/workbook.ts). Scores are number cells; a missing score is the text ไม่มีข้อมูล, never 0.
 */
import { writeMeasuresWorkbook } from '../io/measures-table.ts';
import { writeXlsx, type SheetOut } from '../io/workbook.ts';
import type { YearInput } from '../model/year.ts';
import type { DigitStyle } from '../thai/index.ts';
import { digitsIn } from './digits.ts';
import type { Cell, DocumentModel, Table } from './model.ts';

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

export async function renderXlsx(doc: DocumentModel, input: YearInput, digits: DigitStyle = 'thai'): Promise<Buffer> {
  if (doc.kind !== 'analysis') return writeMeasuresWorkbook(input);
  const tables = doc.blocks.flatMap((b) => (b.type === 'table' ? [b.table] : []));
  return writeXlsx(tables.map((t) => sheetOf(t, digits)));
}
