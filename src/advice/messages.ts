/** Advice's messages (src/messages.ts): a supervisor's advice on an organisation's year and its replies. */
import { catalogue } from '../messages.ts';

const th = {
  emptyText: 'โปรดเขียนข้อความ',
  tooLong: (p: { max: number; given: number }) => `ข้อความยาวได้ไม่เกิน ${p.max.toLocaleString('en-US')} ตัวอักษร (ที่ส่งมา ${p.given.toLocaleString('en-US')} ตัวอักษร)`,
  unknownIndicator: (p: { given: string }) => `ไม่มีตัวชี้วัดที่ "${p.given}" (ตัวชี้วัดมีที่ 1 ถึง 10)`,
  noAdvice: (p: { id: string }) => `ไม่พบคำแนะนำ "${p.id}" ในปีงบประมาณนี้`,
};

const en: typeof th = {
  emptyText: 'please write the text',
  tooLong: (p) => `the text may be at most ${p.max.toLocaleString('en-US')} characters long (${p.given.toLocaleString('en-US')} given)`,
  unknownIndicator: (p) => `there is no indicator "${p.given}" (the indicators are 1 to 10)`,
  noAdvice: (p) => `no advice "${p.id}" in this fiscal year`,
};

export const adviceMessages = catalogue('advice', th, en);
