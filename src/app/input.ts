/**
 * Input of the use cases, as it comes from a form, the API or a script: parsed with zod (the shapes of
 * src/model/year.ts), every complaint turned into an InputError that names the field and says, in Thai and in
 * English, what is wrong. One complaint gives an InputError, several an InputErrors listing them all.
 */
import type { z } from 'zod';
import { InputError, InputErrors } from '../errors.ts';
import type { Message } from '../messages.ts';
import { fiscalYearOfIso } from '../io/cells.ts';
import { issueText } from '../io/problems.ts';
import { messageOfIssue } from '../model/messages.ts';
import { fiscalYearRange } from '../thai/index.ts';
import { NotFound } from './errors.ts';
import { appMessages } from './messages.ts';

/** How the fields of the use cases' input are called in Thai, for the messages. */
const FIELD_TH: Readonly<Record<string, string>> = {
  titleTh: 'ชื่อมาตรการ',
  seq: 'ลำดับ',
  indicators: 'ตัวชี้วัด',
  methods: 'วิธีดำเนินการ',
  actions: 'ผลการดำเนินการ',
  responsible: 'ผู้รับผิดชอบ',
  unitId: 'หน่วยงานผู้รับผิดชอบ',
  personId: 'บุคคลผู้รับผิดชอบ',
  labelTh: 'ชื่อผู้รับผิดชอบ',
  period: 'ระยะเวลา',
  start: 'วันเริ่ม',
  end: 'วันสิ้นสุด',
  textTh: 'ระยะเวลา (ข้อความ)',
  followUp: 'การกำกับติดตาม',
  expectedOutcome: 'ผลที่คาดว่าจะได้รับ',
  status: 'สถานะ',
  result: 'ผลลัพธ์/ความสำเร็จ',
  date: 'วันที่',
  periodStart: 'ช่วงที่รายงาน เริ่ม',
  periodEnd: 'ช่วงที่รายงาน สิ้นสุด',
  done: 'สิ่งที่ดำเนินการ',
  outcome: 'ผลที่ได้',
  eitParts: 'คะแนน EIT แยกส่วน',
  official: 'ผลทางการ',
  overall: 'คะแนนรวม',
  grade: 'ระดับผล',
  source: 'ที่มาของคะแนน',
  intro: 'บทนำ',
  tools: 'ผลการวิเคราะห์รายเครื่องมือ',
  summary: 'สรุป',
  decision: 'ผลการพิจารณา',
  comment: 'ความเห็น',
  note: 'หมายเหตุ',
  filename: 'ชื่อแฟ้ม',
  declaredType: 'ชนิดแฟ้ม',
  replacesId: 'หลักฐานที่แทนที่',
  subject: 'เรื่องที่ขออนุมัติ',
  criteriaYear: 'ปีของเกณฑ์',
  measureIds: 'มาตรการที่ยกไป',
  entity: 'ประเภทข้อมูล',
  actorId: 'ผู้ทำรายการ',
  from: 'ตั้งแต่วันที่',
  to: 'ถึงวันที่',
  page: 'หน้า',
  pageSize: 'จำนวนต่อหน้า',
  kind: 'ชนิดเอกสาร',
  format: 'รูปแบบแฟ้ม',
  digits: 'ตัวเลข',
};

/** "ผู้รับผิดชอบ ลำดับที่ 2 หน่วยงานผู้รับผิดชอบ" for the path responsible.1.unitId. */
function placeTh(path: readonly PropertyKey[], names: Readonly<Record<string, string>> = {}): string {
  return path.map((p) => (typeof p === 'number' ? `ลำดับที่ ${p + 1}` : (FIELD_TH[String(p)] ?? names[String(p)] ?? String(p)))).join(' ');
}

const TYPE_TH: Readonly<Record<string, string>> = {
  string: 'ข้อความ',
  number: 'ตัวเลข',
  int: 'จำนวนเต็ม',
  boolean: 'ใช่/ไม่ใช่',
  array: 'รายการ',
  object: 'ชุดข้อมูล',
  tuple: 'รายการ',
  record: 'ชุดข้อมูล',
};

function said(issue: z.core.$ZodIssue): Message {
  switch (issue.code) {
    case 'invalid_type':
      return 'input' in issue && issue.input !== undefined
        ? appMessages.mustBe({ expected: issue.expected, expectedTh: TYPE_TH[issue.expected] ?? issue.expected })
        : appMessages.required();
    case 'unrecognized_keys':
      return appMessages.unknownKeys({ keys: issue.keys.join(', ') });
    case 'invalid_value':
      return appMessages.oneOf({ values: issue.values.map(String).join(', ') });
    case 'invalid_format':
    case 'custom':
      return messageOfIssue(issue) ?? appMessages.invalid({ message: issue.message });
    case 'too_big':
    case 'too_small':
      if (issue.origin === 'array') {
        return issue.code === 'too_big' ? appMessages.atMostItems({ n: issue.maximum }) : appMessages.atLeastItems({ n: issue.minimum });
      }
      return issueText({ ...issue, path: [] });
    default:
      return issueText({ ...issue, path: [] });
  }
}

/**
 * The InputError of one schema complaint: field "measure.responsible.1.unitId", Thai with the field's Thai name (or,
 * with `jsonPaths`, the path itself: a file's own field names, such as a criteria pack's).
 */
function issueError(issue: z.core.$ZodIssue, prefix = '', jsonPaths = false, names?: Readonly<Record<string, string>>): InputError {
  const field = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.') || 'input';
  const where = jsonPaths ? field : placeTh(issue.path, names);
  return new InputError(field, appMessages.atField({ where, field, said: said(issue) }));
}

/** Parses input with a schema; throws InputError (one complaint) or InputErrors (several), nothing else. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  prefix = '',
  options: { jsonPaths?: boolean; /** Thai names of a capability's own fields, for the messages. */ names?: Readonly<Record<string, string>> } = {},
): z.output<S> {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => issueError(issue, prefix, options.jsonPaths, options.names));
  throw errors.length === 1 ? (errors[0] as InputError) : new InputErrors(errors);
}

/** The fields the raw input really holds. */
export function givenKeys(raw: unknown): Set<string> {
  return new Set(raw !== null && typeof raw === 'object' ? Object.keys(raw) : []);
}

/**
 * Parses a change of some fields: only the fields present in the raw input come back (a schema fills in the
 * defaults of absent fields, which must not overwrite anything).
 */
export function parsePatch<S extends z.ZodType>(schema: S, raw: unknown, prefix = ''): Partial<z.output<S>> {
  const parsed = parseInput(schema, raw, prefix) as Record<string, unknown>;
  const given = givenKeys(raw);
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => given.has(k))) as Partial<z.output<S>>;
}

/** Throws the errors collected by a check that looks at everything before complaining. */
export function throwAll(errors: readonly InputError[]): void {
  if (errors.length === 1) throw errors[0] as InputError;
  if (errors.length > 1) throw new InputErrors(errors);
}

/** The InputErrors of a thrown error (one or several); anything else is thrown on. */
export function inputErrorsOf(error: unknown): readonly InputError[] {
  if (error instanceof InputErrors) return error.errors;
  if (error instanceof InputError) return [error];
  throw error;
}

/** True for a real calendar date YYYY-MM-DD (not 2023-02-30). */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && fiscalYearOfIso(value) !== undefined;
}

/**
 * Checks a period against a fiscal year: real dates, the end not before the start, both inside the year. Returns
 * the problems (empty when fine).
 */
export function periodProblems(field: string, start: string | null, end: string | null, fiscalYear: number): InputError[] {
  const errors: InputError[] = [];
  const range = fiscalYearRange(fiscalYear);
  for (const [part, value] of [['start', start], ['end', end]] as const) {
    if (value === null) continue;
    if (!isCalendarDate(value)) {
      errors.push(new InputError(`${field}.${part}`, appMessages.notCalendarDate({ field, part, value })));
    } else if (value < range.start || value > range.end) {
      errors.push(new InputError(`${field}.${part}`, appMessages.outsideYear({ field, part, value, fiscalYear, first: range.start, last: range.end })));
    }
  }
  if (errors.length === 0 && start !== null && end !== null && end < start) {
    errors.push(new InputError(`${field}.end`, appMessages.endBeforeStart({ field, start, end })));
  }
  return errors;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID as the database writes them (any case). */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * An id from a URL or a form: a UUID, else nothing by that id exists (and the database is not asked): NotFound
 * with the capability's message for it (`notFound`, given the id as written).
 */
export function requireUuid(id: string, field: string, notFound: (params: { id: string }) => Message): string {
  if (typeof id !== 'string' || !isUuid(id)) throw new NotFound(field, notFound({ id: String(id) }));
  return id.toLowerCase();
}
