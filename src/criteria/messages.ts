/** The criteria's messages (src/messages.ts): importing a pack, moving a year to another revision. */
import { catalogue } from '../messages.ts';

const th = {
  badJson: (p: { why: string }) => `ชุดเกณฑ์ไม่ใช่ JSON ที่ถูกต้อง (${p.why})`,
  unreadableFile: (p: { path: string }) => `อ่านแฟ้มชุดเกณฑ์ ${p.path} ไม่ได้`,
  chooseFile: 'โปรดเลือกแฟ้มชุดเกณฑ์ (JSON)',
  notNewer: (p: { year: number; newest: number; revision: number }) =>
    `เกณฑ์ปี ${p.year} มีฉบับปรับปรุงที่ ${p.newest} อยู่แล้ว: ชุดเกณฑ์ที่นำเข้าต้องเป็นฉบับที่ใหม่กว่า (revision มากกว่า ${p.newest}) ได้รับฉบับที่ ${p.revision}`,
  noRevision: (p: { criteriaYear: number; revision: string; known: string }) => `ไม่มีเกณฑ์ปี ${p.criteriaYear} ฉบับปรับปรุงที่ ${p.revision} (ฉบับที่มี: ${p.known})`,
  moveNotNewer: (p: { year: number; current: number }) => `ปีงบประมาณ ${p.year} ใช้เกณฑ์ฉบับปรับปรุงที่ ${p.current} อยู่แล้ว: ย้ายได้เฉพาะไปฉบับที่ใหม่กว่า`,
};

const en: typeof th = {
  badJson: (p) => `the criteria pack is not valid JSON (${p.why})`,
  unreadableFile: (p) => `cannot read the criteria pack file ${p.path}`,
  chooseFile: 'Choose a criteria pack file (JSON)',
  notNewer: (p) => `the FY ${p.year} criteria already have revision ${p.newest}: an imported pack must be newer (revision above ${p.newest}), got ${p.revision}`,
  noRevision: (p) => `there is no revision ${p.revision} of the FY ${p.criteriaYear} criteria (known: ${p.known})`,
  moveNotNewer: (p) => `fiscal year ${p.year} is assessed under revision ${p.current}: it can move to a newer revision only`,
};

export const criteriaMessages = catalogue('criteria', th, en);
