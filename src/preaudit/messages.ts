/** The pre-audit's messages (src/messages.ts): what is wrong with an answer. Screen texts stay in src/web/i18n.ts. */
import { catalogue } from '../messages.ts';

const th = {
  noItem: (p: { code: string; criteriaYear: number }) => `ไม่มีข้อ ${p.code} ในรายการ OIT ของเกณฑ์ปี ${p.criteriaYear}`,
  yearClosed: (p: { year: number }) => `ปีงบประมาณ ${p.year} ปิดแล้ว จึงแก้ไขคำตอบ OIT ไม่ได้`,
  tooManyUrls: (p: { max: number; count: number }) => `ระบุ URL ได้ไม่เกิน ${p.max} รายการต่อข้อ (ระบุมา ${p.count} รายการ)`,
  urlTooLong: (p: { line: number; max: number }) => `URL บรรทัดที่ ${p.line} ยาวเกิน ${p.max.toLocaleString('en-US')} ตัวอักษร`,
  badUrl: (p: { line: number; value: string }) => `URL บรรทัดที่ ${p.line} ${p.value} ไม่ใช่ที่อยู่เว็บที่ขึ้นต้นด้วย http:// หรือ https://`,
  urlCredentials: (p: { line: number }) => `URL บรรทัดที่ ${p.line} มีชื่อผู้ใช้หรือรหัสผ่านอยู่ในที่อยู่ ซึ่งไม่อนุญาต`,
  explanationTooLong: (p: { max: number }) => `คำอธิบายยาวเกิน ${p.max.toLocaleString('en-US')} ตัวอักษร`,
  explanationWithoutUrl: 'ระบุคำอธิบายแล้วแต่ไม่มี URL: ระบุ URL ของเว็บไซต์หน่วยงานอย่างน้อย 1 รายการ หรือเว้นว่างทั้งสองช่องเพื่อใช้หน้าในพอร์ทัล',
};

const en: typeof th = {
  noItem: (p) => `no OIT item ${p.code} in the ${p.criteriaYear} criteria`,
  yearClosed: (p) => `fiscal year ${p.year} is closed: its OIT answers cannot be changed`,
  tooManyUrls: (p) => `at most ${p.max} URLs per item (${p.count} given)`,
  urlTooLong: (p) => `the URL on line ${p.line} is longer than ${p.max} characters`,
  badUrl: (p) => `the URL on line ${p.line} ${p.value} is not a web address starting with http:// or https://`,
  urlCredentials: (p) => `the URL on line ${p.line} carries a user name or password, which is not allowed`,
  explanationTooLong: (p) => `the explanation is longer than ${p.max} characters`,
  explanationWithoutUrl: 'an explanation without a URL: give at least one URL of the agency’s website, or leave both empty to use the portal page',
};

export const preauditMessages = catalogue('preaudit', th, en);
