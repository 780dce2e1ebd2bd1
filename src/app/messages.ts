/**
 * The shared core's messages (src/messages.ts): what parseInput says of a schema's complaint, the checks of a
 * period against a fiscal year, and what resolving an organisation, a year or a permission refuses.
 */
import { catalogue, type Message } from '../messages.ts';
import { messageDate } from '../thai/index.ts';

/** "ชื่อมาตรการ: ต้องระบุ" / "measure.titleTh: is required": a complaint at its place (Thai: the field's Thai name, if any). */
const at = (where: string, text: string): string => (where ? `${where}: ${text}` : text);

const PART_TH = { start: 'วันเริ่ม', end: 'วันสิ้นสุด' } as const;

const th = {
  /** A schema's complaint (`said`) about a field: `where` in Thai (may be empty), `field` as the input names it. */
  atField: (p: { where: string; field: string; said: Message }) => at(p.where, p.said.th),
  required: 'ต้องระบุ',
  mustBe: (p: { expected: string; expectedTh: string }) => `ต้องเป็น${p.expectedTh}`,
  unknownKeys: (p: { keys: string }) => `ไม่รู้จัก ${p.keys}`,
  oneOf: (p: { values: string }) => `ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: ${p.values}`,
  invalid: (p: { message: string }) => `ค่าไม่ถูกต้อง (${p.message})`,
  atMostItems: (p: { n: number | bigint }) => `มีได้ไม่เกิน ${p.n} รายการ`,
  atLeastItems: (p: { n: number | bigint }) => `ต้องมีอย่างน้อย ${p.n} รายการ`,
  /** A date of a period that is no calendar date; `part` is the start or the end. */
  notCalendarDate: (p: { field: string; part: 'start' | 'end'; value: string }) => `${PART_TH[p.part]} "${p.value}" ไม่ใช่วันที่ในปฏิทิน (YYYY-MM-DD)`,
  outsideYear: (p: { field: string; part: 'start' | 'end'; value: string; fiscalYear: number; first: string; last: string }) =>
    `${PART_TH[p.part]} ${messageDate(p.value).th} อยู่นอกปีงบประมาณ พ.ศ. ${p.fiscalYear} (${messageDate(p.first).th} ถึง ${messageDate(p.last).th})`,
  endBeforeStart: (p: { field: string; start: string; end: string }) => `วันสิ้นสุด ${messageDate(p.end).th} อยู่ก่อนวันเริ่ม ${messageDate(p.start).th}`,
  /** An id that cannot be one (not a UUID), of a thing named in Thai and English. */
  noOrganisation: (p: { slug: string }) => `ไม่พบหน่วยงาน "${p.slug}"`,
  noYear: (p: { nameTh: string; slug: string; year: number }) => `${p.nameTh} ยังไม่มีข้อมูลปีงบประมาณ ${p.year}`,
  forbidden: 'คุณไม่มีสิทธิ์ทำรายการนี้',
};

const en: typeof th = {
  atField: (p) => `${p.field}: ${p.said.en}`,
  required: 'is required',
  mustBe: (p) => `must be a ${p.expected}`,
  unknownKeys: (p) => `unknown field(s) ${p.keys}`,
  oneOf: (p) => `must be one of ${p.values}`,
  invalid: (p) => `invalid value (${p.message})`,
  atMostItems: (p) => `at most ${p.n} item(s)`,
  atLeastItems: (p) => `at least ${p.n} item(s)`,
  notCalendarDate: (p) => `${p.field}.${p.part}: "${p.value}" is not a calendar date (YYYY-MM-DD)`,
  outsideYear: (p) =>
    `${p.field}.${p.part}: the ${p.part} date ${messageDate(p.value).en} is outside fiscal year ${p.fiscalYear} (${messageDate(p.first).en} to ${messageDate(p.last).en})`,
  endBeforeStart: (p) => `${p.field}.end: ${messageDate(p.end).en} is before the start ${messageDate(p.start).en}`,
  noOrganisation: (p) => `no organisation "${p.slug}"`,
  noYear: (p) => `${p.slug} has no fiscal year ${p.year}`,
  forbidden: 'you are not allowed to do this',
};

export const appMessages = catalogue('app', th, en);
