/**
 * The readers' messages (src/messages.ts): what reading a table, a workbook or a cell refuses, and what a schema's
 * complaint about a cell's value says.
 */
import { quoted } from '../errors.ts';
import { catalogue, type Message } from '../messages.ts';
import { messageDate, THAI_DATE_HINT } from '../thai/index.ts';

/** What a cell of numbers counts, and what a cell of references names, in Thai and English. */
const COUNTED = { seq: ['ลำดับ', 'sequence number'], measureSeq: ['ลำดับมาตรการ', 'measure number'] } as const;
const NAMED = { unit: ['หน่วยงาน', 'unit'], person: ['บุคคล', 'person'] } as const;
export type Counted = keyof typeof COUNTED;
export type Named = keyof typeof NAMED;

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
const count = (n: number): string => n.toLocaleString('en-US');
const zipMb = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;

const th = {
  /** A problem at a line of a list (a cell with several lines): `said` is the problem. */
  onLine: (p: { line: number; said: Message }) => `บรรทัดที่ ${p.line}: ${p.said.th}`,
  tooLong: (p: { max: number | bigint }) => `ยาวเกิน ${p.max} ตัวอักษร`,
  notEmpty: 'ต้องไม่ว่าง',
  tooShort: (p: { min: number | bigint }) => `ต้องยาวอย่างน้อย ${p.min} ตัวอักษร`,
  atMost: (p: { max: number | bigint }) => `ต้องไม่เกิน ${p.max}`,
  atLeast: (p: { min: number | bigint }) => `ต้องไม่น้อยกว่า ${p.min}`,
  invalid: (p: { message: string }) => `ค่าไม่ถูกต้อง (${p.message})`,
  /** A problem of a cell (`said`), at its table, row and column. */
  atCell: (p: { table: string; row: number; column: string; said: Message }) => `${p.table} แถวที่ ${p.row} คอลัมน์ ${quoted(p.column)}: ${p.said.th}`,
  noFile: (p: { path: string }) => `ไม่พบแฟ้ม "${p.path}"`,
  tooLarge: (p: { path: string; size: number; max: number }) => `แฟ้ม "${p.path}" ใหญ่เกินไป (${mb(p.size)} MB; รับได้ไม่เกิน ${p.max / 1048576} MB)`,
  unknownType: (p: { kind: string }) => `ไม่รู้จักชนิดแฟ้ม "${p.kind}": ใช้ได้เฉพาะ .csv หรือ .xlsx`,
  /** A CSV the parser refused (`problem`: the parser's message, src/csv/messages.ts). */
  malformedCsv: (p: { name: string; line: number; problem: Message }) => `แฟ้ม ${p.name} แถวที่ ${p.line}: รูปแบบ CSV ผิด (line ${p.line}: ${p.problem.en} / ${p.problem.th})`,
  noWorksheet: (p: { name: string }) => `แฟ้ม "${p.name}" ไม่มีแผ่นงาน`,
  notAWorkbook: (p: { name: string }) => `เปิดแฟ้ม Excel "${p.name}" ไม่ได้: แฟ้มเสียหรือไม่ใช่ .xlsx`,
  noHeader: (p: { name: string }) => `แฟ้ม "${p.name}" ว่าง ไม่มีหัวตาราง`,
  noRows: (p: { name: string }) => `${p.name}: มีแต่หัวตาราง ไม่มีแถวข้อมูลให้นำเข้า`,
  noIndicator: (p: { agency: string; year: number; indicator: string }) => `${p.agency} ${p.year}: ไม่มีตัวชี้วัดที่ ${p.indicator}`,
  noSheet: (p: { sheet: string }) => `ไม่พบแผ่นงาน "${p.sheet}" ในแฟ้ม`,
  zipEntries: (p: { name: string; entries: number; max: number }) => `แฟ้ม "${p.name}" มีส่วนย่อยมากเกินไป (${count(p.entries)} ส่วน; รับได้ไม่เกิน ${count(p.max)} ส่วน)`,
  zipEntryBytes: (p: { name: string; part: string; max: number }) =>
    `แฟ้ม "${p.name}" คลายออกมาใหญ่เกินไป: ส่วน ${p.part} ใหญ่กว่า ${zipMb(p.max)} (รับได้ไม่เกิน ${zipMb(p.max)} ต่อส่วน)`,
  zipTotalBytes: (p: { name: string; max: number }) => `แฟ้ม "${p.name}" คลายออกมาใหญ่เกินไป: รวมกันเกิน ${zipMb(p.max)} (รับได้ไม่เกิน ${zipMb(p.max)})`,
  zipDeclared: (p: { name: string; part: string; declared: number }) =>
    `แฟ้ม "${p.name}" เสียหรือถูกดัดแปลง: ส่วน ${p.part} คลายออกมาใหญ่กว่าที่แฟ้มระบุไว้ (${count(p.declared)} ไบต์)`,
  zipRows: (p: { name: string; max: number }) => `แฟ้ม "${p.name}" มีแถวมากเกินไป (เกิน ${count(p.max)} แถว): แบ่งเป็นหลายแฟ้ม`,
  zipCells: (p: { name: string; max: number }) => `แฟ้ม "${p.name}" มีเซลล์มากเกินไป (เกิน ${count(p.max)} เซลล์): แบ่งเป็นหลายแฟ้ม`,
  extraCells: (p: { count: number; first: string }) => `มีข้อมูล ${p.count} ช่องเกินคอลัมน์ของหัวตาราง (${quoted(p.first)}): ไม่ได้อ่าน`,
  unknownColumn: (p: { column: string }) => `ไม่รู้จักคอลัมน์ ${quoted(p.column)}: ข้ามไป`,
  columnTwice: (p: { column: string }) => `คอลัมน์ "${p.column}" ซ้ำ`,
  columnMissing: (p: { column: string; key: string }) => `ไม่มีคอลัมน์ "${p.column}" (หรือ "${p.key}")`,
  sameAsRow: (p: { value: string; row: number }) => `${quoted(p.value)} ซ้ำกับแถวที่ ${p.row}`,
  unreadableDate: (p: { text: string }) => `${quoted(p.text)} ไม่ใช่วันที่ที่อ่านได้: เขียน${THAI_DATE_HINT.th}`,
  endBeforeStart: (p: { start: string; end: string }) => `วันสิ้นสุด ${messageDate(p.end).th} อยู่ก่อนวันเริ่ม ${messageDate(p.start).th}`,
  outsideYear: (p: { date: string; fiscalYear: number }) => `วันที่ ${messageDate(p.date).th} อยู่นอกปีงบประมาณ พ.ศ. ${p.fiscalYear}`,
  unknownStatus: (p: { text: string; allowed: string; values: string }) => `ไม่รู้จักสถานะ ${quoted(p.text)}: ใช้ได้ ${p.allowed}`,
  countMissing: (p: { what: Counted }) => `ไม่ได้ระบุ${COUNTED[p.what][0]}`,
  countWhole: (p: { what: Counted; text: string }) => `${COUNTED[p.what][0]}ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป (ได้รับ ${quoted(p.text)})`,
  noProgressSheet: (p: { sheet: string }) => `ไม่มีตาราง "${p.sheet}": นำเข้าเฉพาะมาตรการ ไม่มีรายการความก้าวหน้า`,
  unknownIndicators: (p: { wrong: string; year: number; known: string }) => `ไม่มีตัวชี้วัด ${p.wrong} ในเกณฑ์ปี ${p.year}: ใช้เลขตัวชี้วัด ${p.known}`,
  refLines: (p: { lines: number; labels: number; what: Named; none: string }) =>
    `มี ${p.lines} บรรทัด แต่ผู้รับผิดชอบมี ${p.labels} บรรทัด: เขียน${NAMED[p.what][0]}ของผู้รับผิดชอบทีละบรรทัด (ใส่ ${p.none} ถ้าไม่มี) หรือเว้นว่างทั้งช่อง`,
  /** A reference that names no one (`found` 0) or several. */
  refNotOne: (p: { line: number; found: number; what: Named; text: string }) =>
    `บรรทัดที่ ${p.line}: ${p.found === 0 ? 'ไม่พบ' : 'มีมากกว่าหนึ่ง'}${NAMED[p.what][0]} ${quoted(p.text)} ในปีนี้ (ใช้ชื่อหรือรหัส)`,
  noMeasureId: (p: { id: string }) => `ไม่มีมาตรการรหัส ${quoted(p.id)} ในตารางมาตรการ`,
  noMeasureSeq: (p: { seq: number }) => `ไม่มีมาตรการลำดับที่ ${p.seq} ในตารางมาตรการ`,
  seqMismatch: (p: { seq: number; id: string; actual: number | undefined }) => `ลำดับ ${p.seq} ไม่ตรงกับมาตรการรหัส ${quoted(p.id)} (ลำดับ ${p.actual})`,
  whichMeasure: 'ไม่ได้ระบุว่าเป็นความก้าวหน้าของมาตรการใด (รหัสมาตรการหรือลำดับมาตรการ)',
  evidenceForm: (p: { text: string }) => `${quoted(p.text)} ไม่อยู่ในรูป ชื่อแฟ้ม | sha256 | วันเริ่ม | วันสิ้นสุด`,
  evidenceMissing: (p: { filename: string; sha256: string }) => `ไม่พบแฟ้มหลักฐาน ${quoted(p.filename)} (sha256 ${p.sha256.slice(0, 12)}…) ในระบบ: อัปโหลดแฟ้มก่อน`,
  notADate: (p: { text: string }) => `${quoted(p.text)} ไม่ใช่วันที่`,
};

const en: typeof th = {
  onLine: (p) => `line ${p.line}: ${p.said.en}`,
  tooLong: (p) => `longer than ${p.max} characters`,
  notEmpty: 'must not be empty',
  tooShort: (p) => `shorter than ${p.min} characters`,
  atMost: (p) => `must be at most ${p.max}`,
  atLeast: (p) => `must be at least ${p.min}`,
  invalid: (p) => `invalid value (${p.message})`,
  atCell: (p) => `${p.table} row ${p.row}, column ${quoted(p.column)}: ${p.said.en}`,
  noFile: (p) => `file not found: "${p.path}"`,
  tooLarge: (p) => `file "${p.path}" is too large (${mb(p.size)} MB; at most ${p.max / 1048576} MB)`,
  unknownType: (p) => `unsupported file type "${p.kind}": use .csv or .xlsx`,
  malformedCsv: (p) => `${p.name} row ${p.line}: malformed CSV (line ${p.line}: ${p.problem.en} / ${p.problem.th})`,
  noWorksheet: (p) => `"${p.name}" has no worksheet`,
  notAWorkbook: (p) => `cannot open the Excel file "${p.name}": it is damaged or not an .xlsx file`,
  noHeader: (p) => `"${p.name}" is empty: no header row`,
  noRows: (p) => `${p.name}: only a header, no rows to import`,
  noIndicator: (p) => `${p.agency} ${p.year}: there is no indicator ${p.indicator}`,
  noSheet: (p) => `the workbook has no sheet "${p.sheet}"`,
  zipEntries: (p) => `"${p.name}" has too many parts (${count(p.entries)}; at most ${count(p.max)})`,
  zipEntryBytes: (p) => `"${p.name}" unpacks too large: its part ${p.part} is over ${zipMb(p.max)} (at most ${zipMb(p.max)} per part)`,
  zipTotalBytes: (p) => `"${p.name}" unpacks too large: over ${zipMb(p.max)} in all (at most ${zipMb(p.max)})`,
  zipDeclared: (p) => `"${p.name}" is damaged or forged: its part ${p.part} unpacks to more than the ${count(p.declared)} bytes it declares`,
  zipRows: (p) => `"${p.name}" has too many rows (over ${count(p.max)}): split it into several files`,
  zipCells: (p) => `"${p.name}" has too many cells (over ${count(p.max)}): split it into several files`,
  extraCells: (p) => `${p.count} cell(s) beyond the header's columns (${quoted(p.first)}): not read`,
  unknownColumn: (p) => `unknown column ${quoted(p.column)}: ignored`,
  columnTwice: (p) => `the column "${p.column}" appears twice`,
  columnMissing: (p) => `the column "${p.column}" (or "${p.key}") is missing`,
  sameAsRow: (p) => `${quoted(p.value)} is the same as in row ${p.row}`,
  unreadableDate: (p) => `${quoted(p.text)} is not a date we can read: write the ${THAI_DATE_HINT.en}`,
  endBeforeStart: (p) => `the end ${messageDate(p.end).en} is before the start ${messageDate(p.start).en}`,
  outsideYear: (p) => `the date ${messageDate(p.date).en} is outside fiscal year ${p.fiscalYear}`,
  unknownStatus: (p) => `unknown status ${quoted(p.text)}: use one of ${p.allowed} (or ${p.values})`,
  countMissing: (p) => `no ${COUNTED[p.what][1]} given`,
  countWhole: (p) => `the ${COUNTED[p.what][1]} must be a whole number from 1 (got ${quoted(p.text)})`,
  noProgressSheet: (p) => `no "${p.sheet}" table: the measures are imported without progress entries`,
  unknownIndicators: (p) => `no indicator ${p.wrong} in the ${p.year} criteria: use the indicator numbers ${p.known}`,
  refLines: (p) => `${p.lines} lines but ${p.labels} responsible labels: give one ${NAMED[p.what][1]} per label (${p.none} for none) or leave the cell blank`,
  refNotOne: (p) => `line ${p.line}: ${p.found === 0 ? 'no' : 'more than one'} ${NAMED[p.what][1]} ${quoted(p.text)} in this year (use its name or id)`,
  noMeasureId: (p) => `no measure with id ${quoted(p.id)} in the measures table`,
  noMeasureSeq: (p) => `no measure number ${p.seq} in the measures table`,
  seqMismatch: (p) => `number ${p.seq} does not match measure ${quoted(p.id)} (number ${p.actual})`,
  whichMeasure: 'which measure is this for? give its id or number',
  evidenceForm: (p) => `${quoted(p.text)} is not "filename | sha256 | period start | period end"`,
  evidenceMissing: (p) => `the evidence file ${quoted(p.filename)} (sha256 ${p.sha256.slice(0, 12)}...) is not in the system: upload it first`,
  notADate: (p) => `${quoted(p.text)} is not a date`,
};

export const ioMessages = catalogue('io', th, en);
