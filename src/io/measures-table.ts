/**
 * A year's measures and their progress as two spreadsheet tables (sheets มาตรการ and ความก้าวหน้า of one XLSX,
 * or two CSV files), and back. One measure per row; lists inside a cell one item per line; one progress entry
 * per row. Export then import gives the same measures back.
 *
 * Import converts and validates, and writes nothing: every problem of the file is listed, by sheet, row and
 * column, in Thai and English, and when there is any error no measure is returned at all (all-or-nothing; the
 * caller writes the measures in one transaction).
 *
 * What a spreadsheet cannot say is said here:
 * - ผู้รับผิดชอบ holds the labels as the documents print them ("ผอ.กองคลัง"); the unit (and person) each label
 *   stands for is in the columns หน่วยงานผู้รับผิดชอบ and บุคคลผู้รับผิดชอบ, one line per label, "-" for none.
 *   When those cells are blank, a label that is exactly a unit's name or short name is linked to that unit.
 * - Evidence files are listed in the cell หลักฐาน one per line as "filename | sha256 | period start | period end";
 *   their bytes are not in the file, so each must be one the caller already holds (`knownEvidence`), whose
 *   other details (size, type, revision, upload) are kept; the file name and the period come from the sheet.
 * - A list item or a label is one line (the model refuses a line break in one, src/model/year.ts), and an empty text
 *   comes back as null.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { criteriaOf } from '../ita/index.ts';
import {
  MEASURE_STATUS_TH,
  MEASURE_STATUSES,
  measureSchema,
  PROGRESS_STATUS_TH,
  PROGRESS_STATUSES,
  progressSchema,
  type Evidence,
  type Measure,
  type Person,
  type Unit,
  type YearInput,
} from '../model/year.ts';
import { parseThaiNumber, toArabicDigits } from '../thai/index.ts';
import { cellLines, fiscalYearOfIso, linesCell, parseDateCell } from './cells.ts';
import type { Message } from '../messages.ts';
import { ioMessages, type Counted, type Named as NamedKind } from './messages.ts';
import { hasErrors, issueText, problemsOf, type Problem } from './problems.ts';
import { loadWorkbook, requireRows, sheetTable, tableFromCsv, type Table, type TableRow } from './tables.ts';
import { unguardCsvCell, writeCsv, writeXlsx, type ColumnSpec, type TextTable } from './workbook.ts';

export const MEASURES_SHEET = 'มาตรการ';
export const PROGRESS_SHEET = 'ความก้าวหน้า';

export const MEASURE_COLUMNS = [
  { key: 'id', th: 'รหัสมาตรการ', width: 12 },
  { key: 'seq', th: 'ลำดับ', width: 7, kind: 'number' },
  { key: 'titleTh', th: 'มาตรการ', aliases: ['ชื่อมาตรการ'], width: 28 },
  { key: 'indicators', th: 'ตัวชี้วัด', aliases: ['ตัวชี้วัดที่'], width: 10, kind: 'number' },
  { key: 'methods', th: 'วิธีดำเนินการ', aliases: ['วิธีการดำเนินการ'], width: 50 },
  { key: 'actions', th: 'ผลการดำเนินการ', aliases: ['การดำเนินการ', 'การดำเนินการ/ผลการดำเนินการ'], width: 50 },
  { key: 'responsible', th: 'ผู้รับผิดชอบ', width: 22 },
  { key: 'responsibleUnits', th: 'หน่วยงานผู้รับผิดชอบ', width: 24 },
  { key: 'responsiblePeople', th: 'บุคคลผู้รับผิดชอบ', width: 20 },
  { key: 'periodStart', th: 'ระยะเวลา เริ่ม', aliases: ['วันเริ่ม', 'เริ่ม'], width: 13, kind: 'date' },
  { key: 'periodEnd', th: 'ระยะเวลา สิ้นสุด', aliases: ['วันสิ้นสุด', 'สิ้นสุด'], width: 13, kind: 'date' },
  { key: 'periodText', th: 'ระยะเวลา (ข้อความ)', aliases: ['ระยะเวลา'], width: 16 },
  { key: 'followUp', th: 'การกำกับติดตาม', width: 35 },
  { key: 'expectedOutcome', th: 'ผลที่คาดว่าจะได้รับ', width: 35 },
  { key: 'status', th: 'สถานะ', width: 16 },
  { key: 'result', th: 'ผลลัพธ์/ความสำเร็จ', aliases: ['ผลลัพธ์', 'ความสำเร็จ'], width: 40 },
  { key: 'carriedFromId', th: 'ยกมาจาก', width: 12 },
] as const satisfies readonly ColumnSpec[];

export const PROGRESS_COLUMNS = [
  { key: 'measureId', th: 'รหัสมาตรการ', width: 12 },
  { key: 'measureSeq', th: 'ลำดับมาตรการ', width: 8, kind: 'number' },
  { key: 'id', th: 'รหัสรายการ', width: 12 },
  { key: 'date', th: 'วันที่', aliases: ['วันที่รายงาน'], width: 13, kind: 'date' },
  { key: 'periodStart', th: 'ช่วงที่รายงาน เริ่ม', aliases: ['ระยะเวลา เริ่ม', 'เริ่ม'], width: 13, kind: 'date' },
  { key: 'periodEnd', th: 'ช่วงที่รายงาน สิ้นสุด', aliases: ['ระยะเวลา สิ้นสุด', 'สิ้นสุด'], width: 13, kind: 'date' },
  { key: 'done', th: 'สิ่งที่ดำเนินการ', width: 50 },
  { key: 'status', th: 'สถานะ', width: 14 },
  { key: 'outcome', th: 'ผลที่ได้', width: 40 },
  { key: 'evidence', th: 'หลักฐาน', width: 60 },
  { key: 'createdBy', th: 'ผู้บันทึก', width: 16 },
] as const satisfies readonly ColumnSpec[];

type MeasureKey = (typeof MEASURE_COLUMNS)[number]['key'];
type ProgressKey = (typeof PROGRESS_COLUMNS)[number]['key'];

/** Written in the unit and person columns for a label that stands for no unit (person). */
const NONE = '-';

// ---------------------------------------------------------------------------------------------------------
// Export

export interface MeasureTextTables {
  readonly measures: TextTable;
  readonly progress: TextTable;
}

export function measuresToTables(year: YearInput): MeasureTextTables {
  const unitRef = refWriter(year.units);
  const personRef = refWriter(year.people);
  const measures = year.measures.map((m): Record<MeasureKey, string> => ({
    id: m.id,
    seq: String(m.seq),
    titleTh: m.titleTh,
    indicators: m.indicators.join(', '),
    methods: linesCell(m.methods),
    actions: linesCell(m.actions),
    responsible: linesCell(m.responsible.map((r) => r.labelTh)),
    responsibleUnits: linesCell(m.responsible.map((r) => unitRef(r.unitId))),
    responsiblePeople: m.responsible.some((r) => r.personId !== null) ? linesCell(m.responsible.map((r) => personRef(r.personId))) : '',
    periodStart: m.period.start ?? '',
    periodEnd: m.period.end ?? '',
    periodText: m.period.textTh ?? '',
    followUp: m.followUp ?? '',
    expectedOutcome: m.expectedOutcome ?? '',
    status: MEASURE_STATUS_TH[m.status],
    result: m.result ?? '',
    carriedFromId: m.carriedFromId ?? '',
  }));
  const progress = year.measures.flatMap((m) =>
    m.progress.map((p): Record<ProgressKey, string> => ({
      measureId: m.id,
      measureSeq: String(m.seq),
      id: p.id,
      date: p.date,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      done: p.done,
      status: PROGRESS_STATUS_TH[p.status],
      outcome: p.outcome ?? '',
      evidence: linesCell(p.evidence.map(evidenceLine)),
      createdBy: p.createdBy ?? '',
    })),
  );
  return { measures: textTable(MEASURE_COLUMNS, measures), progress: textTable(PROGRESS_COLUMNS, progress) };
}

function textTable<K extends string>(columns: readonly ColumnSpec<K>[], records: readonly Record<K, string>[]): TextTable {
  return { header: columns.map((c) => c.th), rows: records.map((r) => columns.map((c) => r[c.key])) };
}

function evidenceLine(e: Evidence): string {
  const period = e.periodStart !== null || e.periodEnd !== null ? ` | ${e.periodStart ?? ''} | ${e.periodEnd ?? ''}` : '';
  return `${e.filename} | ${e.sha256}${period}`;
}

interface Named {
  readonly id: string;
  readonly nameTh: string;
  readonly shortTh?: string | null;
}

/** How a unit (person) is written: its name, or its id where the name would not find it again (two alike). */
function refWriter(items: readonly Named[]): (id: string | null) => string {
  return (id) => {
    if (id === null) return NONE;
    const item = items.find((i) => i.id === id);
    const found = item ? findRef(items, item.nameTh) : [];
    return item && found.length === 1 && found[0] === id ? item.nameTh : id;
  };
}

/** The ids a reference could mean: by id, else by name, else by short name (white space does not count). */
function findRef(items: readonly Named[], ref: string): string[] {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '');
  const wanted = norm(ref);
  for (const same of [(i: Named) => i.id === ref, (i: Named) => norm(i.nameTh) === wanted, (i: Named) => norm(i.shortTh) === wanted]) {
    const ids = items.filter(same).map((i) => i.id);
    if (ids.length > 0) return ids;
  }
  return [];
}

export async function writeMeasuresWorkbook(year: YearInput): Promise<Buffer> {
  const tables = measuresToTables(year);
  return writeXlsx([
    { name: MEASURES_SHEET, columns: MEASURE_COLUMNS, table: tables.measures },
    { name: PROGRESS_SHEET, columns: PROGRESS_COLUMNS, table: tables.progress },
  ]);
}

/** The two CSV files (UTF-8 with a byte-order mark). */
export function writeMeasuresCsv(year: YearInput): { measures: Buffer; progress: Buffer } {
  const tables = measuresToTables(year);
  return { measures: writeCsv(tables.measures), progress: writeCsv(tables.progress) };
}

// ---------------------------------------------------------------------------------------------------------
// Reading files

/** The tables read from a file, before validation. No progress table = no progress entries given. */
export interface MeasureTables {
  readonly measures: Table;
  readonly progress: Table | null;
}

/**
 * Reads the sheets มาตรการ and ความก้าวหน้า (or "measures" and "progress"; else the first and second sheet).
 * @throws InputError when the file is not an XLSX or the measures sheet is missing or empty.
 */
export async function readMeasuresWorkbook(bytes: Uint8Array): Promise<MeasureTables> {
  const workbook = await loadWorkbook(bytes);
  const sheets = workbook.worksheets;
  const named = (names: readonly string[]) => sheets.find((s) => names.includes(s.name.trim().toLowerCase()));
  const byName = named([MEASURES_SHEET, 'measures', PROGRESS_SHEET, 'progress']) !== undefined;
  const find = (names: readonly string[], position: number) => (byName ? named(names) : sheets[position]);
  const measures = find([MEASURES_SHEET, 'measures'], 0);
  if (!measures) {
    throw new InputError('file', ioMessages.noSheet({ sheet: MEASURES_SHEET }));
  }
  const progress = find([PROGRESS_SHEET, 'progress'], 1);
  return { measures: sheetTable(measures, MEASURES_SHEET), progress: progress ? sheetTable(progress, PROGRESS_SHEET) : null };
}

/** Reads the measures CSV and, when given, the progress CSV. @throws InputError for a broken CSV. */
export function readMeasuresCsv(measures: Uint8Array, progress: Uint8Array | null = null): MeasureTables {
  const read = (bytes: Uint8Array, name: string): Table => {
    const table = tableFromCsv(bytes, name);
    const unguard = (cells: readonly string[]) => cells.map(unguardCsvCell);
    return { ...table, header: unguard(table.header), rows: table.rows.map((r) => ({ row: r.row, cells: unguard(r.cells) })) };
  };
  return { measures: read(measures, MEASURES_SHEET), progress: progress ? read(progress, PROGRESS_SHEET) : null };
}

/** Reads and validates a workbook; a damaged file is a problem like any other (nothing is thrown for it). */
export async function importMeasuresWorkbook(bytes: Uint8Array, context: MeasuresContext): Promise<MeasuresImport> {
  try {
    return tablesToMeasures(await readMeasuresWorkbook(bytes), context);
  } catch (error) {
    return { measures: [], problems: problemsOf(error) };
  }
}

/** Reads and validates the two CSV files; a broken CSV is a problem like any other. */
export function importMeasuresCsv(measures: Uint8Array, progress: Uint8Array | null, context: MeasuresContext): MeasuresImport {
  try {
    return tablesToMeasures(readMeasuresCsv(measures, progress), context);
  } catch (error) {
    return { measures: [], problems: problemsOf(error) };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Import: tables → measures

/** What the import needs to know of the year (a YearInput fits). */
export interface MeasuresContext {
  /** Fiscal year (Buddhist era): the periods must fall inside it. */
  readonly year: number;
  /** The criteria year: the indicators must be among its own. */
  readonly criteriaYear: number;
  readonly units?: readonly Unit[];
  readonly people?: readonly Person[];
  /** The evidence files the caller holds; a listed file that is not among them is an error. */
  readonly knownEvidence?: readonly Evidence[];
  /** The id of a measure or progress entry whose id cell is blank (new). Default: a random UUID. */
  readonly newId?: () => string;
}

export interface MeasuresImport {
  /** Empty whenever `problems` holds an error. */
  readonly measures: Measure[];
  readonly problems: Problem[];
}

/** Finds each column of a sheet by its Thai header, its key or an alias; reports unknown, repeated and missing ones. */
class Sheet<K extends string> {
  private readonly index = new Map<K, number>();
  readonly rows: readonly TableRow[];

  constructor(
    readonly name: string,
    private readonly table: Table,
    private readonly columns: readonly ColumnSpec<K>[],
    private readonly problems: Problem[],
  ) {
    this.rows = table.rows;
    const headerRow = table.headerRow ?? 1;
    const norm = (s: string) => toArabicDigits(s).replace(/\s+/g, '').toLowerCase();
    table.header.forEach((raw, i) => {
      if (raw.trim() === '') return;
      const column = columns.find((c) => [c.th, c.key, ...(c.aliases ?? [])].some((n) => norm(n) === norm(raw)));
      if (!column) {
        this.report(headerRow, raw, ioMessages.unknownColumn({ column: raw }), 'warning');
      } else if (this.index.has(column.key)) {
        this.report(headerRow, raw, ioMessages.columnTwice({ column: column.th }));
      } else {
        this.index.set(column.key, i);
      }
    });
  }

  /** No error in this sheet so far: asked before its rows are read, whether its header is usable. */
  get headerOk(): boolean {
    return !this.problems.some((p) => p.sheet === this.name && p.severity === 'error');
  }

  has(key: K): boolean {
    return this.index.has(key);
  }

  cell(row: TableRow, key: K): string {
    const i = this.index.get(key);
    return i === undefined ? '' : (row.cells[i] ?? '');
  }

  /** The column's header as written in the file (the Thai header when the column is missing). */
  header(key: K): string {
    const i = this.index.get(key);
    return i === undefined ? (this.columns.find((c) => c.key === key)?.th ?? key) : (this.table.header[i] as string);
  }

  require(keys: readonly K[]): void {
    for (const key of keys.filter((k) => !this.has(k))) {
      const th = this.header(key);
      this.report(this.table.headerRow ?? 1, th, ioMessages.columnMissing({ column: th, key }));
    }
  }

  report(row: number | null, column: string | null, said: Message, severity: Problem['severity'] = 'error'): void {
    this.problems.push({ sheet: this.name, row, column, th: said.th, en: said.en, severity });
  }
}

/** One row being read: problems are reported at its cells, and a cell that already has one is not reported again. */
class RowReader<K extends string> {
  private readonly reported = new Set<K>();

  constructor(
    private readonly sheet: Sheet<K>,
    readonly row: TableRow,
  ) {}

  cell(key: K): string {
    return this.sheet.cell(this.row, key);
  }

  orNull(key: K): string | null {
    const text = this.cell(key);
    return text === '' ? null : text;
  }

  problem(key: K, said: Message, severity: Problem['severity'] = 'error'): void {
    if (severity === 'error') this.reported.add(key);
    this.sheet.report(this.row.row, this.sheet.header(key), said, severity);
  }

  /** Reports a value already seen in an earlier row (an id, a number); remembers the first row of each. */
  once<V>(key: K, value: V | null | undefined, seen: Map<V, number>): void {
    if (value === null || value === undefined) return;
    const before = seen.get(value);
    if (before !== undefined) this.problem(key, ioMessages.sameAsRow({ value: String(value), row: before }));
    else seen.set(value, this.row.row);
  }

  /** The schema's complaints, at the cells they are about (`keyOf` maps a path to a column). */
  issues(error: { issues: readonly z.core.$ZodIssue[] } | undefined, keyOf: (path: readonly PropertyKey[]) => K): void {
    for (const issue of error?.issues ?? []) {
      const key = keyOf(issue.path);
      if (this.reported.has(key)) continue;
      this.sheet.report(this.row.row, this.sheet.header(key), issueText(issue));
    }
  }

  date(key: K): string | null {
    const text = this.cell(key);
    if (text === '') return null;
    const iso = parseDateCell(text);
    if (iso === undefined) {
      this.problem(key, ioMessages.unreadableDate({ text }));
    }
    return iso ?? null;
  }

  /** A period: both dates read, the end not before the start, both inside the fiscal year. */
  period(startKey: K, endKey: K, fiscalYear: number): { start: string | null; end: string | null } {
    const start = this.date(startKey);
    const end = this.date(endKey);
    if (start !== null && end !== null && end < start) {
      this.problem(endKey, ioMessages.endBeforeStart({ start, end }));
    }
    this.inYear(startKey, start, fiscalYear, 'error');
    this.inYear(endKey, end, fiscalYear, 'error');
    return { start, end };
  }

  inYear(key: K, date: string | null, fiscalYear: number, severity: Problem['severity']): void {
    if (date !== null && fiscalYearOfIso(date) !== fiscalYear) {
      this.problem(key, ioMessages.outsideYear({ date, fiscalYear }), severity);
    }
  }

  /** A status written in Thai (as the documents do) or as its English key. */
  choice<S extends string>(key: K, values: readonly S[], thai: Readonly<Record<S, string>>): S | undefined {
    const text = this.cell(key);
    const norm = (s: string) => s.replace(/[\s_-]+/g, '').toLowerCase();
    const found = values.find((v) => norm(v) === norm(text) || norm(thai[v]) === norm(text));
    if (found === undefined && text !== '') {
      const allowed = values.map((v) => thai[v]).join(', ');
      this.problem(key, ioMessages.unknownStatus({ text, allowed, values: values.join(', ') }));
    }
    return found;
  }

  /** A whole number ≥ 1 in Thai or Arabic digits. */
  count(key: K, what: Counted): number | undefined {
    const text = this.cell(key);
    const n = parseThaiNumber(text);
    if (n !== null && Number.isInteger(n) && n >= 1) return n;
    if (text === '') this.problem(key, ioMessages.countMissing({ what }));
    else this.problem(key, ioMessages.countWhole({ what, text }));
    return undefined;
  }
}

/** A measure row as read: its id and number (for the progress rows that point to it) and the measure when valid. */
interface MeasureRow {
  readonly id: string | null;
  readonly seq: number | undefined;
  readonly measure: Measure | null;
}

/**
 * Converts the tables of a file into measures with their progress, validating everything against the year.
 * Every problem is listed; when any is an error, no measure is returned.
 */
export function tablesToMeasures(tables: MeasureTables, context: MeasuresContext): MeasuresImport {
  const problems: Problem[] = [];
  const newId = context.newId ?? randomUUID;
  const sheet = new Sheet(MEASURES_SHEET, tables.measures, MEASURE_COLUMNS, problems);
  sheet.require(['titleTh', 'seq']);
  problems.push(...(tables.measures.warnings ?? []), ...(tables.progress?.warnings ?? []));
  try {
    requireRows(tables.measures, MEASURES_SHEET);
  } catch (error) {
    problems.push(...problemsOf(error, MEASURES_SHEET));
  }
  const headerOk = sheet.headerOk;
  const rows = headerOk ? readMeasures(sheet, context, newId) : [];
  if (tables.progress && headerOk) {
    readProgress(new Sheet(PROGRESS_SHEET, tables.progress, PROGRESS_COLUMNS, problems), rows, context, newId);
  } else if (rows.length > 0) {
    const said = ioMessages.noProgressSheet({ sheet: PROGRESS_SHEET });
    problems.push({ sheet: PROGRESS_SHEET, row: null, column: null, th: said.th, en: said.en, severity: 'warning' });
  }
  const sheets = [null, MEASURES_SHEET, PROGRESS_SHEET];
  const column = (p: Problem) => (p.sheet === PROGRESS_SHEET ? tables.progress : tables.measures)?.header.indexOf(p.column ?? '') ?? -1;
  problems.sort((a, b) => sheets.indexOf(a.sheet) - sheets.indexOf(b.sheet) || (a.row ?? 0) - (b.row ?? 0) || column(a) - column(b));
  return { measures: hasErrors(problems) ? [] : rows.map((r) => r.measure as Measure), problems };
}

function readMeasures(sheet: Sheet<MeasureKey>, context: MeasuresContext, newId: () => string): MeasureRow[] {
  const firstRow = { id: new Map<string, number>(), seq: new Map<number, number>() };
  const indicators = new Set<number>(criteriaOf(context).indicators.map((i) => i.number));
  return sheet.rows.map((row): MeasureRow => {
    const r = new RowReader(sheet, row);
    const id = r.orNull('id');
    const seq = r.count('seq', 'seq');
    r.once('id', id, firstRow.id);
    r.once('seq', seq, firstRow.seq);
    const draft = {
      id: id ?? newId(),
      seq,
      titleTh: r.cell('titleTh'),
      indicators: readIndicators(r, indicators, context.criteriaYear),
      methods: cellLines(r.cell('methods')),
      actions: cellLines(r.cell('actions')),
      responsible: readResponsible(r, context),
      period: { ...r.period('periodStart', 'periodEnd', context.year), textTh: r.orNull('periodText') },
      followUp: r.orNull('followUp'),
      expectedOutcome: r.orNull('expectedOutcome'),
      status: r.choice('status', MEASURE_STATUSES, MEASURE_STATUS_TH),
      result: r.orNull('result'),
      carriedFromId: r.orNull('carriedFromId'),
      progress: [],
    };
    const parsed = measureSchema.safeParse(draft);
    r.issues(parsed.error, measureKeyOf);
    return { id, seq, measure: parsed.success ? parsed.data : null };
  });
}

/** The column a schema path of a measure is about. */
function measureKeyOf(path: readonly PropertyKey[]): MeasureKey {
  const [field, second, third] = path;
  if (field === 'period') return second === 'start' ? 'periodStart' : second === 'end' ? 'periodEnd' : 'periodText';
  if (field === 'responsible') return third === 'unitId' ? 'responsibleUnits' : third === 'personId' ? 'responsiblePeople' : 'responsible';
  return MEASURE_COLUMNS.find((c) => c.key === field)?.key ?? 'titleTh';
}

/** "2" or "2, 6" or "ตัวชี้วัดที่ ๒ และ ๖": each must be an indicator of the criteria year. */
function readIndicators(r: RowReader<MeasureKey>, known: ReadonlySet<number>, criteriaYear: number): number[] {
  const text = toArabicDigits(r.cell('indicators')).replace(/ตัวชี้วัด(?:ที่)?/g, ' ');
  const tokens = text.split(/\s*(?:[,;/\s]|และ)\s*/).filter((t) => t !== '');
  const numbers = tokens.map((t) => (/^\d{1,2}$/.test(t) ? Number(t) : NaN));
  const wrong = tokens.filter((_, i) => !known.has(numbers[i] as number));
  if (wrong.length > 0) {
    const list = [...known].join(', ');
    r.problem('indicators', ioMessages.unknownIndicators({ wrong: wrong.join(', '), year: criteriaYear, known: list }));
    return [];
  }
  return numbers;
}

/** The labels, each with the unit (person) it stands for: from the parallel columns, else by the label's name. */
function readResponsible(r: RowReader<MeasureKey>, context: MeasuresContext): { labelTh: string; unitId: string | null; personId: string | null }[] {
  const labels = cellLines(r.cell('responsible'));
  const refs = (key: 'responsibleUnits' | 'responsiblePeople', items: readonly Named[], what: NamedKind) => {
    const lines = cellLines(r.cell(key));
    if (lines.length === 0) {
      return labels.map((label) => {
        const ids = key === 'responsibleUnits' ? findRef(items, label) : [];
        return ids.length === 1 ? (ids[0] as string) : null;
      });
    }
    if (lines.length !== labels.length) {
      r.problem(key, ioMessages.refLines({ lines: lines.length, labels: labels.length, what, none: NONE }));
      return labels.map(() => null);
    }
    return lines.map((line, i) => {
      if (line === NONE) return null;
      const ids = findRef(items, line);
      if (ids.length !== 1) {
        r.problem(key, ioMessages.refNotOne({ line: i + 1, found: ids.length, what, text: line }));
      }
      return ids.length === 1 ? (ids[0] as string) : null;
    });
  };
  const units = refs('responsibleUnits', context.units ?? [], 'unit');
  const people = refs('responsiblePeople', context.people ?? [], 'person');
  return labels.map((labelTh, i) => ({ labelTh, unitId: units[i] ?? null, personId: people[i] ?? null }));
}

function readProgress(sheet: Sheet<ProgressKey>, measures: readonly MeasureRow[], context: MeasuresContext, newId: () => string): void {
  sheet.require(['date', 'periodStart', 'periodEnd', 'done', 'status']);
  if (!sheet.has('measureId') && !sheet.has('measureSeq')) sheet.require(['measureSeq']);
  if (!sheet.headerOk) return;
  const ids = new Map<string, number>();
  const evidence = new EvidenceFinder(context.knownEvidence ?? []);
  for (const row of sheet.rows) {
    const r = new RowReader(sheet, row);
    const measure = progressMeasure(r, measures);
    const id = r.orNull('id');
    r.once('id', id, ids);
    const date = r.date('date');
    r.inYear('date', date, context.year, 'warning');
    const period = r.period('periodStart', 'periodEnd', context.year);
    const draft = {
      id: id ?? newId(),
      date,
      periodStart: period.start,
      periodEnd: period.end,
      done: r.cell('done'),
      status: r.choice('status', PROGRESS_STATUSES, PROGRESS_STATUS_TH),
      outcome: r.orNull('outcome'),
      evidence: cellLines(r.cell('evidence')).flatMap((line, i) => evidence.read(r, line, i + 1)),
      createdBy: r.orNull('createdBy'),
    };
    const parsed = progressSchema.safeParse(draft);
    r.issues(parsed.error, (path) => PROGRESS_COLUMNS.find((c) => c.key === path[0])?.key ?? 'done');
    if (parsed.success) measure?.progress.push(parsed.data);
  }
}

/** The measure a progress row belongs to: by its id, else by its sequence number. */
function progressMeasure(r: RowReader<ProgressKey>, measures: readonly MeasureRow[]): Measure | null | undefined {
  const id = r.orNull('measureId');
  const seqText = r.cell('measureSeq');
  const seq = seqText === '' ? undefined : r.count('measureSeq', 'measureSeq');
  const byId = id === null ? undefined : measures.find((m) => m.id === id);
  const bySeq = seq === undefined ? undefined : measures.find((m) => m.seq === seq);
  if (id !== null && !byId) {
    r.problem('measureId', ioMessages.noMeasureId({ id }));
  } else if (id === null && seq !== undefined && !bySeq) {
    r.problem('measureSeq', ioMessages.noMeasureSeq({ seq }));
  } else if (byId && seq !== undefined && bySeq !== byId) {
    r.problem('measureSeq', ioMessages.seqMismatch({ seq, id: id ?? '', actual: byId.seq }));
  } else if (id === null && seqText === '') {
    r.problem('measureSeq', ioMessages.whichMeasure());
  }
  return (byId ?? bySeq)?.measure;
}

/** Finds the listed evidence among the known files; each known file is taken once while others with the same bytes remain. */
class EvidenceFinder {
  private readonly taken = new Set<Evidence>();

  constructor(private readonly known: readonly Evidence[]) {}

  read(r: RowReader<ProgressKey>, line: string, n: number): Evidence[] {
    const m = /^(.*?)\s*\|\s*([0-9a-fA-F]{64})\s*(?:\|\s*(.*?)\s*(?:\|\s*(.*?))?)?$/.exec(line);
    if (!m) {
      r.problem('evidence', ioMessages.onLine({ line: n, said: ioMessages.evidenceForm({ text: line }) }));
      return [];
    }
    const [, filename = '', hash = '', startText = '', endText = ''] = m;
    const sha256 = hash.toLowerCase();
    const candidates = this.known.filter((e) => e.sha256 === sha256);
    const found = candidates.find((e) => !this.taken.has(e)) ?? candidates[0];
    if (!found) {
      r.problem('evidence', ioMessages.onLine({ line: n, said: ioMessages.evidenceMissing({ filename, sha256 }) }));
      return [];
    }
    this.taken.add(found);
    const [periodStart, periodEnd] = [startText, endText].map((text) => {
      const iso = text === '' ? null : parseDateCell(text);
      if (iso === undefined) r.problem('evidence', ioMessages.onLine({ line: n, said: ioMessages.notADate({ text }) }));
      return iso ?? null;
    });
    if (periodStart && periodEnd && periodEnd < periodStart) {
      r.problem('evidence', ioMessages.onLine({ line: n, said: ioMessages.endBeforeStart({ start: periodStart, end: periodEnd }) }));
    }
    return [{ ...found, filename, periodStart: periodStart ?? null, periodEnd: periodEnd ?? null }];
  }
}
