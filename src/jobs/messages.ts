/** The job queue's messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  noFailedJob: (p: { id: string }) => `ไม่พบงานที่ล้มเหลวหมายเลข "${p.id}" (อาจถูกสั่งทำใหม่แล้ว หรือยังไม่ล้มเหลว)`,
  badKind: (p: { kind: string }) => `ชนิดงาน "${p.kind}" ไม่ถูกต้อง: ใช้ตัวอักษรภาษาอังกฤษตัวเล็ก ตัวเลข จุด และขีด ขึ้นต้นด้วยตัวอักษร ไม่เกิน 100 ตัว`,
  badAttempts: (p: { given: number }) => `จำนวนครั้งที่ลองได้ ${p.given} ไม่ถูกต้อง: ต้องเป็นจำนวนเต็ม 1 ถึง 100`,
  noHandler: (p: { kind: string }) => `ไม่มีตัวจัดการงานชนิด "${p.kind}"`,
  leaseOver: (p: { attempts: number }) => `โปรเซสที่ทำงานนี้หยุดไประหว่างทำ ครบ ${p.attempts} ครั้งแล้ว`,
  badNow: (p: { given: string }) => `เวลา "${p.given}" ไม่ถูกต้อง: ใช้รูปแบบ ISO 8601 พร้อมเขตเวลา เช่น 2027-01-10T09:00:00+07:00`,
};

const en: typeof th = {
  noFailedJob: (p) => `no failed job "${p.id}" (it may have been retried already, or not have failed)`,
  badKind: (p) => `job kind "${p.kind}" is not valid: lower-case letters, digits, dots and dashes, starting with a letter, at most 100`,
  badAttempts: (p) => `${p.given} attempts is not valid: a whole number from 1 to 100`,
  noHandler: (p) => `no handler for jobs of kind "${p.kind}"`,
  leaseOver: (p) => `the process running this job stopped during it, ${p.attempts} attempts made`,
  badNow: (p) => `time "${p.given}" is not valid: use ISO 8601 with a time zone, e.g. 2027-01-10T09:00:00+07:00`,
};

export const jobsMessages = catalogue('jobs', th, en);
