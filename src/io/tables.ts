/**
 * Reading a table (CSV or XLSX) into rows of text, with the row numbers a person sees in Excel, so that every
 * problem can be reported as "แถวที่ 4". Cells come back as trimmed strings; numbers are written in their
 * shortest decimal form, so 93.55 stays "93.55".
 */
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { CsvParseError, parseCsv } from '../csv/parser.ts';
import { controlCharIn, InputError, InputErrors } from '../errors.ts';
import { modelMessages } from '../model/messages.ts';
import { ioMessages } from './messages.ts';
import { CellError, type Problem } from './problems.ts';
import { checkZip, ZipLimitError } from './zip-guard.ts';

export interface TableRow {
  /**
   * Row number as Excel shows it (1 = the first row). In a CSV it is the record's number, which is also its line
   * number unless an earlier cell spans several lines.
   */
  readonly row: number;
  readonly cells: readonly string[];
}

export interface Table {
  readonly header: readonly string[];
  /** The header's row number (1 unless rows above it are empty). */
  readonly headerRow?: number;
  readonly rows: readonly TableRow[];
  /** What was read but is not used (cells beyond the header's columns), for the importer to show. */
  readonly warnings?: readonly Problem[];
}

/** Tables of scores are small; anything larger is a mistake (or an attack) and is refused before reading. */
export const MAX_TABLE_BYTES = 20 * 1024 * 1024;

export async function readTable(path: string): Promise<Table> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new InputError('file', ioMessages.noFile({ path }));
  }
  if (size > MAX_TABLE_BYTES) {
    throw new InputError('file', ioMessages.tooLarge({ path, size, max: MAX_TABLE_BYTES }));
  }
  const bytes = await readFile(path);
  const kind = extname(path).toLowerCase();
  if (kind === '.xlsx') return readXlsx(bytes, path);
  if (kind === '.csv' || kind === '.txt') return tableFromCsv(bytes, path);
  throw new InputError('file', ioMessages.unknownType({ kind: kind || path }));
}

export function tableFromCsv(bytes: Uint8Array, name = 'CSV'): Table {
  let parsed: { line: number; cells: string[] }[];
  try {
    parsed = parseCsv(bytes);
  } catch (error) {
    if (error instanceof CsvParseError) {
      throw new InputError(`row ${error.line}`, ioMessages.malformedCsv({ name, line: error.line, problem: error.said }));
    }
    throw error;
  }
  return toTable(parsed.map((r, i) => ({ row: i + 1, cells: r.cells.map((c) => c.trim()) })), name);
}

async function readXlsx(bytes: Uint8Array, name: string): Promise<Table> {
  const sheet = (await loadWorkbook(bytes, name)).worksheets[0];
  if (!sheet) throw new InputError('file', ioMessages.noWorksheet({ name }));
  return sheetTable(sheet, name);
}

/**
 * Checks an XLSX for a zip bomb ({@link checkZip}: entries, unpacked bytes, rows and cells under their caps)
 * without parsing it. A damaged file or another format is an InputError.
 */
export async function checkWorkbook(bytes: Uint8Array, name = 'XLSX'): Promise<void> {
  try {
    await checkZip(bytes, name);
  } catch (error) {
    if (error instanceof ZipLimitError) throw error;
    throw notAWorkbook(name);
  }
}

const notAWorkbook = (name: string) =>
  new InputError('file', ioMessages.notAWorkbook({ name }));

/** Opens an XLSX from its bytes, once {@link checkWorkbook} has passed it; a damaged file or another format is an InputError. */
export async function loadWorkbook(bytes: Uint8Array, name = 'XLSX'): Promise<ExcelJS.Workbook> {
  await checkWorkbook(bytes, name);
  // Loaded here, not at start: `prongsai score` with scores on the command line never opens a workbook.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw notAWorkbook(name);
  }
  return workbook;
}

/** One worksheet as a table (its first non-empty row is the header). */
export function sheetTable(sheet: ExcelJS.Worksheet, name: string): Table {
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    rows.push({ row: rowNumber, cells });
  });
  return toTable(rows, name);
}

/** A cell as text; a date cell as its calendar date YYYY-MM-DD (Excel dates carry no time zone). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return '';
}

function toTable(rows: TableRow[], name: string): Table {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c !== ''));
  const [header, ...body] = nonEmpty;
  if (!header) throw new InputError('file', ioMessages.noHeader({ name }));
  refuseControlChars(nonEmpty, header.cells, name);
  return { header: header.cells, headerRow: header.row, rows: body, warnings: extraCells(body, header.cells, name) };
}

/** The column's header, or its letter as Excel shows it (A, B, … AA) where the header has none. */
function columnName(header: readonly string[], i: number): string {
  const letter = (n: number): string => (n >= 26 ? letter(Math.floor(n / 26) - 1) : '') + String.fromCharCode(65 + (n % 26));
  return header[i] || letter(i);
}

/** A cell holding a control character (NUL …) is refused with its row and column: it is no text anyone wrote. */
function refuseControlChars(rows: readonly TableRow[], header: readonly string[], name: string): void {
  const errors: InputError[] = [];
  for (const r of rows) {
    r.cells.forEach((cell, i) => {
      const code = controlCharIn(cell);
      if (code !== null && errors.length < 100) errors.push(new CellError(name, r.row, columnName(header, i), modelMessages.controlChar({ char: code })));
    });
  }
  if (errors.length > 0) throw new InputErrors(errors);
}

/** A row with more cells than the header has columns: a warning (the extra cells are not read). */
function extraCells(rows: readonly TableRow[], header: readonly string[], name: string): Problem[] {
  return rows.flatMap((r) => {
    const extra = r.cells.slice(header.length).filter((c) => c !== '');
    if (extra.length === 0) return [];
    const said = ioMessages.extraCells({ count: extra.length, first: extra[0] as string });
    const first = r.cells.findIndex((c, i) => i >= header.length && c !== '');
    return [{ sheet: name, row: r.row, column: columnName(header, first), th: said.th, en: said.en, severity: 'warning' as const }];
  });
}

/** A table must hold a row below its header: a file with nothing to import is an error, not "0 rows imported". */
export function requireRows(table: Table, name: string): void {
  if (table.rows.length === 0) {
    throw new InputError('file', ioMessages.noRows({ name }));
  }
}

/** Finds a column by any of its accepted names (case-insensitive; Thai aliases welcome). -1 when absent. */
export function columnIndex(table: Table, names: readonly string[]): number {
  const wanted = names.map((n) => n.toLowerCase());
  return table.header.findIndex((h) => wanted.includes(h.trim().toLowerCase()));
}
