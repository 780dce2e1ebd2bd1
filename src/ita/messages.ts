/** The criteria's messages (src/messages.ts): an unknown year or revision, and what a criteria pack may not hold. */
import { catalogue } from '../messages.ts';

/** What a pack lists, in Thai and English, as its duplicates are named. */
const LISTED = {
  tool: ['เครื่องมือ', 'tool'],
  indicator: ['ตัวชี้วัด', 'indicator'],
  scale: ['มาตรวัดคำตอบ', 'answer scale'],
  question: ['ข้อคำถาม', 'question'],
  subIndicator: ['ตัวชี้วัดย่อย', 'sub-indicator'],
  oitItem: ['ข้อ OIT', 'OIT item code'],
  note: ['หมายเหตุ', 'note id'],
} as const;
export type Listed = keyof typeof LISTED;

const th = {
  noRevision: (p: { year: number; revision: number | undefined; known: string }) => `ไม่มีเกณฑ์ปีงบประมาณ ${p.year} ฉบับปรับปรุงที่ ${p.revision}: ฉบับที่มีคือ ${p.known}`,
  noCriteria: (p: { year: number; known: string }) => `ไม่มีเกณฑ์การประเมิน ITA ของปีงบประมาณ ${p.year}: ปีที่มีคือ ${p.known}`,
  yearDigits: (p: { given: string }) => `ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก เช่น 2566 (ได้รับ "${p.given}")`,
  notEmpty: 'ต้องไม่ว่าง',
  decimal: 'ต้องเป็นตัวเลขทศนิยมในรูปข้อความ เช่น "0.3"',
  duplicate: (p: { what: Listed; key: string }) => `${LISTED[p.what][0]} ${p.key} ซ้ำ`,
  oneRole: (p: { role: string }) => `บทบาท ${p.role} มีได้เพียงข้อเดียวต่อปี`,
  noSubIndicator: (p: { subIndicator: string; indicator: number }) => `ไม่มีตัวชี้วัดย่อย ${p.subIndicator} ของตัวชี้วัดที่ ${p.indicator}`,
  weightsSum: (p: { weights: string }) => `น้ำหนักของเครื่องมือทั้งสามต้องรวมกันได้ 1 (ร้อยละ 100) ได้ ${p.weights}`,
  noTool: (p: { tool: string }) => `ไม่มีเครื่องมือ ${p.tool}`,
  indicatorNotListed: (p: { indicator: number }) => `ไม่มีตัวชี้วัดที่ ${p.indicator} ในรายการตัวชี้วัด`,
  indicatorOfOtherTool: (p: { indicator: number; owner: string; tool: string }) => `ตัวชี้วัดที่ ${p.indicator} เป็นของ ${p.owner} ไม่ใช่ ${p.tool}`,
  indicatorNotInTool: (p: { indicator: number; tool: string }) => `ตัวชี้วัดที่ ${p.indicator} ไม่อยู่ในรายการตัวชี้วัดของ ${p.tool}`,
  questionTool: (p: { indicator: number; tool: string }) => `ตัวชี้วัดที่ ${p.indicator} ไม่ใช่ของ ${p.tool}`,
  noScale: (p: { scale: string }) => `ไม่มีมาตรวัดคำตอบ ${p.scale}`,
  noIndicator: (p: { indicator: number }) => `ไม่มีตัวชี้วัดที่ ${p.indicator}`,
};

const en: typeof th = {
  noRevision: (p) => `no revision ${p.revision} of the FY ${p.year} criteria: known revisions are ${p.known}`,
  noCriteria: (p) => `no ITA criteria for fiscal year ${p.year}: known years are ${p.known}`,
  yearDigits: (p) => `the fiscal year must be a 4-digit Buddhist-era year such as 2566 (got "${p.given}")`,
  notEmpty: 'must not be empty',
  decimal: 'must be a decimal number as text, e.g. "0.3"',
  duplicate: (p) => `duplicate ${LISTED[p.what][1]} ${p.key}`,
  oneRole: (p) => `role ${p.role} may be held by one item only`,
  noSubIndicator: (p) => `no sub-indicator ${p.subIndicator} of indicator ${p.indicator}`,
  weightsSum: (p) => `the three tool weights must sum to 1 (100%), got ${p.weights}`,
  noTool: (p) => `tool ${p.tool} is missing`,
  indicatorNotListed: (p) => `indicator ${p.indicator} is not in the indicators list`,
  indicatorOfOtherTool: (p) => `indicator ${p.indicator} belongs to ${p.owner}, not ${p.tool}`,
  indicatorNotInTool: (p) => `indicator ${p.indicator} is not listed by tool ${p.tool}`,
  questionTool: (p) => `indicator ${p.indicator} is not a ${p.tool} indicator`,
  noScale: (p) => `no answer scale ${p.scale}`,
  noIndicator: (p) => `no indicator ${p.indicator}`,
};

export const itaMessages = catalogue('ita', th, en);
