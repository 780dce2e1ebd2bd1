/**
 * Writing tables of text as XLSX and CSV, for people who open them in Excel: Thai headers, wrapped text, column
 * widths, the header row frozen, "TH Sarabun New" 16; CSV in UTF-8 with a byte-order mark so that Excel shows Thai.
 * Reading them back is src/io/tables.ts.
 */
import ExcelJS from 'exceljs';

/** A table as exported: a header and rows of cells, all text. */
export interface TextTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One column of a sheet: its key (also accepted as a header on import), its Thai header, how it is stored. */
export interface ColumnSpec<K extends string = string> {
  readonly key: K;
  readonly th: string;
  /** Other headers accepted on import. */
  readonly aliases?: readonly string[];
  /** Width in characters in the XLSX. */
  readonly width: number;
  /** In the XLSX: a number cell when the text is a number, a date cell when it is a YYYY-MM-DD date; else text. */
  readonly kind?: 'text' | 'number' | 'date';
}

export interface SheetOut {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly table: TextTable;
}

const FONT = { name: 'TH Sarabun New', size: 16 };
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function cellValue(text: string, kind: ColumnSpec['kind']): ExcelJS.CellValue {
  if (text === '') return null;
  if (kind === 'number' && String(Number(text)) === text) return Number(text);
  if (kind === 'date' && ISO_DATE.test(text)) return new Date(`${text}T00:00:00Z`);
  return text;
}

export async function writeXlsx(sheets: readonly SheetOut[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Prongsai';
  for (const { name, columns, table } of sheets) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
    sheet.addRow([...table.header]).font = { ...FONT, bold: true };
    for (const cells of table.rows) {
      const row = sheet.addRow(cells.map((text, i) => cellValue(text, columns[i]?.kind)));
      row.font = FONT;
      columns.forEach((c, i) => {
        if (c.kind === 'date') row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
      });
    }
    sheet.eachRow((row) => {
      row.alignment = { wrapText: true, vertical: 'top' };
    });
    if (table.header.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.header.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Excel runs a CSV cell that starts with = + - @ as a formula (a list written "- item" shows #NAME?, and a
 * crafted cell can do worse), so such a cell, and one that starts with ' , is written behind a ' which
 * {@link unguardCsvCell} removes again on import.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

export function unguardCsvCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function csvCell(text: string): string {
  const guarded = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A table as CSV: UTF-8 with a byte-order mark, CRLF between rows, cells quoted when they must be. */
export function writeCsv(table: TextTable): Buffer {
  const lines = [table.header, ...table.rows].map((cells) => cells.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
