/** The reminders' titles and the NACC calendar's messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

interface MeasureP {
  seq: number;
  title: string;
  monthTh: string;
  monthEn: string;
}
interface DatedP {
  dateTh: string;
  dateEn: string;
}

const th = {
  progressDue: (p: MeasureP & DatedP) => `ถึงกำหนดรายงานความก้าวหน้า เดือน${p.monthTh} (ภายใน ${p.dateTh}): มาตรการที่ ${p.seq} ${p.title}`,
  progressOverdue: (p: MeasureP & DatedP) => `เลยกำหนดรายงานความก้าวหน้า เดือน${p.monthTh} (กำหนด ${p.dateTh}): มาตรการที่ ${p.seq} ${p.title}`,
  evidenceMissing: (p: MeasureP) => `ยังไม่มีหลักฐานของเดือน${p.monthTh}: มาตรการที่ ${p.seq} ${p.title}`,
  oitDue: (p: { code: string; title: string; periodTh: string; periodEn: string } & DatedP) => `ถึงเวลาเผยแพร่ข้อมูล ${p.code} ${p.title} ของ${p.periodTh} (ภายใน ${p.dateTh})`,
  oitStale: (p: { code: string; title: string; periodTh: string; periodEn: string }) => `ข้อมูล ${p.code} ${p.title} ยังไม่ได้เผยแพร่ของ${p.periodTh} (เลยกำหนดแล้ว)`,
  oitWrongYear: (p: { code: string; title: string; year: number }) => `ข้อมูล ${p.code} ${p.title} ที่เผยแพร่ไม่ใช่ของปี ${p.year} โปรดปรับปรุง`,
  complaintDeadline: (p: DatedP & { ack: boolean }) => `มีเรื่องร้องเรียนใกล้ครบกำหนด${p.ack ? 'ตอบรับ' : 'ดำเนินการให้แล้วเสร็จ'} (${p.dateTh})`,
  surveyMinimum: (p: { title: string; count: number | null; minimum: number } & DatedP) => `แบบสำรวจ "${p.title}" ยังได้ผู้ตอบ ${p.count ?? 'ไม่ถึง 5 คน'} จากขั้นต่ำ ${p.minimum} คน และจะปิดวันที่ ${p.dateTh}`,
  milestone: (p: { nameTh: string; nameEn: string; days: number; year: number } & DatedP) =>
    `${p.days <= 0 ? 'วันนี้' : p.days === 1 ? 'พรุ่งนี้' : `อีก ${p.days} วัน`}: ${p.nameTh} ปีงบประมาณ ${p.year} (${p.dateTh})`,
  approvalOutdated: (p: { nameTh: string; nameEn: string; year: number }) => `การอนุมัติ${p.nameTh} ปี ${p.year} ไม่ตรงกับข้อมูลปัจจุบันแล้ว (ข้อมูลเปลี่ยนหลังอนุมัติ) โปรดขออนุมัติใหม่`,
  oit_open: 'สำนักงาน ป.ป.ช. เปิดระบบ OIT',
  oit_close: 'ปิดการตอบ OIT',
  survey_open: 'เปิดการสำรวจ IIT/EIT',
  survey_close: 'ปิดการสำรวจ IIT/EIT',
  results: 'ประกาศผลการประเมิน ITA',
  badDueDay: (p: { given: string }) => `วันครบกำหนดรายงานต้องเป็นวันที่ 1 ถึง 28 ของเดือน (ได้รับ "${p.given}")`,
  badDate: (p: { given: string }) => `"${p.given}" ไม่ใช่วันที่ (ใช้ปี ค.ศ. แบบ 2027-03-31 หรือเลือกจากปฏิทิน)`,
  outsideYear: (p: { given: string; year: number }) => `วันที่ ${p.given} ห่างจากปีงบประมาณ ${p.year} เกินหนึ่งปี`,
};

const en: typeof th = {
  progressDue: (p) => `Progress due for ${p.monthEn} (by ${p.dateEn}): measure ${p.seq}`,
  progressOverdue: (p) => `Progress for ${p.monthEn} is overdue (due ${p.dateEn}): measure ${p.seq}`,
  evidenceMissing: (p) => `No evidence yet for ${p.monthEn}: measure ${p.seq}`,
  oitDue: (p) => `Time to publish ${p.code} for ${p.periodEn} (by ${p.dateEn})`,
  oitStale: (p) => `${p.code} is not published for ${p.periodEn} (overdue)`,
  oitWrongYear: (p) => `${p.code} as published does not cover ${p.year}: update it`,
  complaintDeadline: (p) => `A complaint's ${p.ack ? 'acknowledgement' : 'closing'} deadline is near (${p.dateEn})`,
  surveyMinimum: (p) => `Survey "${p.title}" has ${p.count ?? 'fewer than 5'} of its minimum ${p.minimum} respondents and closes on ${p.dateEn}`,
  milestone: (p) => `${p.days <= 0 ? 'Today' : p.days === 1 ? 'Tomorrow' : `In ${p.days} days`}: ${p.nameEn}, FY ${p.year} (${p.dateEn})`,
  approvalOutdated: (p) => `The approval of the ${p.nameEn}, ${p.year}, is out of date (the data changed after it): ask again`,
  oit_open: 'the NACC opens the OIT',
  oit_close: 'the OIT closes',
  survey_open: 'the IIT/EIT surveys open',
  survey_close: 'the IIT/EIT surveys close',
  results: 'the ITA results are announced',
  badDueDay: (p) => `the progress due day is a day of the month from 1 to 28 (got "${p.given}")`,
  badDate: (p) => `"${p.given}" is not a date (YYYY-MM-DD, Gregorian, or pick it in the calendar)`,
  outsideYear: (p) => `${p.given} is more than a year away from FY ${p.year}`,
};

export const reminderMessages = catalogue('reminders', th, en);
