/** The command line's messages (src/messages.ts): options missing or wrong, and files it cannot use. */
import { catalogue, type Message } from '../messages.ts';
import { applyDigits, type DigitStyle } from '../thai/index.ts';

/** Texts said by another part (a missing PDF browser): passed on as they are. */
interface Said {
  readonly th: string;
  readonly en: string;
}

const th = {
  revisionWhole: (p: { given: string }) => `ฉบับปรับปรุงต้องเป็นจำนวนเต็มบวก (ได้รับ "${p.given}")`,
  workersWhole: (p: { given: string; max: number }) => `--workers ต้องเป็นจำนวนเต็ม 1 ถึง ${p.max} (ได้รับ "${p.given}")`,
  workersNeedPostgres:
    'หลายโปรเซส (--workers มากกว่า 1) ต้องใช้เซิร์ฟเวอร์ PostgreSQL (DATABASE_URL): ฐานข้อมูลในตัว (PGlite) เปิดได้ทีละโปรเซสเท่านั้น',
  readNeedsPostgres: 'DATABASE_READ_URL ใช้ได้เฉพาะเมื่อตั้ง DATABASE_URL: ฐานข้อมูลในตัว (PGlite) ไม่มีสำเนาอ่านอย่างเดียว',
  logFile: (p: { file: string; why: string }) => `ตัวแปรสภาพแวดล้อม PRONGSAI_LOG_FILE=${JSON.stringify(p.file)} เปิดเขียนไม่ได้ (${p.why}): ต้องเป็นแฟ้มในโฟลเดอร์ที่มีอยู่และเขียนได้`,
  notJson: (p: { file: string; why: string }) => `อ่านแฟ้ม ${p.file} เป็น JSON ไม่ได้: ${p.why}`,
  notAYear: (p: { file: string; issues: string }) => `แฟ้ม ${p.file} ไม่ใช่ข้อมูลปีที่ส่งออกจาก prongsai export: ${p.issues}`,
  otherOrg: (p: { inFile: string; given: string }) => `แฟ้มเป็นของ ${p.inFile} ไม่ใช่ ${p.given}`,
  otherYear: (p: { inFile: number; given: number }) => `แฟ้มเป็นของปีงบประมาณ ${p.inFile} ไม่ใช่ ${p.given}`,
  orgAndYear: 'ต้องระบุ --org และ --year (หรือ --input แฟ้มจาก prongsai export)',
  format: (p: { formats: string }) => `ต้องระบุ --format (${p.formats}) หรือใช้นามสกุลแฟ้มเหล่านี้กับ --out`,
  /** What another part said (`said`), as it said it. */
  passedOn: (p: { said: Said }) => p.said.th,
  lintErrors: (p: { errors: number; digits: DigitStyle }) => `พบข้อผิดพลาด ${applyDigits(String(p.errors), p.digits)} รายการ ควรแก้ก่อนเผยแพร่เอกสาร`,
  yearRequired: 'ต้องระบุ --year (ปีงบประมาณ พ.ศ. เช่น 2566)',
  noScores: 'ต้องระบุ --indicators, --responses หรือ --oit อย่างน้อยหนึ่งอย่าง',
  tableAlone: 'ใช้แฟ้มตาราง --indicators ร่วมกับ --responses, --oit หรือ --eit-parts ไม่ได้ (ใส่คอลัมน์ eit1, eit2 ในตารางแทน)',
  /** A problem (`said`) of one agency's row. */
  ofAgency: (p: { agency: string; said: Message }) => `${p.agency}: ${p.said.th}`,
  orgRequired: 'ต้องระบุ --org (ชื่อย่อของหน่วยงาน เช่น huai-thong)',
  notImported: 'ไม่ได้นำเข้า: แก้ข้อผิดพลาดข้างต้นก่อน ไม่มีข้อมูลใดถูกเปลี่ยน',
  outRequired: (p: { format: string }) => `ต้องระบุ --out สำหรับ ${p.format}`,
  noFile: (p: { file: string }) => `ไม่พบแฟ้ม ${p.file}`,
};

const en: typeof th = {
  revisionWhole: (p) => `the revision must be a positive whole number (got "${p.given}")`,
  workersWhole: (p) => `--workers must be a whole number from 1 to ${p.max} (got "${p.given}")`,
  workersNeedPostgres: 'several processes (--workers above 1) need a PostgreSQL server (DATABASE_URL): the embedded database (PGlite) is opened by one process only',
  readNeedsPostgres: 'DATABASE_READ_URL needs DATABASE_URL: the embedded database (PGlite) has no read replica',
  logFile: (p) => `environment variable PRONGSAI_LOG_FILE=${JSON.stringify(p.file)} cannot be opened for writing (${p.why}): expected a file in a folder that exists and can be written`,
  notJson: (p) => `cannot read ${p.file} as JSON: ${p.why}`,
  notAYear: (p) => `${p.file} is not a year exported by prongsai export: ${p.issues}`,
  otherOrg: (p) => `the file is for ${p.inFile}, not ${p.given}`,
  otherYear: (p) => `the file is for fiscal year ${p.inFile}, not ${p.given}`,
  orgAndYear: 'give --org and --year (or --input with a file from prongsai export)',
  format: (p) => `give --format (${p.formats}) or an --out file with one of these extensions`,
  passedOn: (p) => p.said.en,
  lintErrors: (p) => `${p.errors} error(s) found: fix them before publishing the documents`,
  yearRequired: '--year is required (Buddhist-era fiscal year, e.g. 2566)',
  noScores: 'give at least one of --indicators, --responses or --oit',
  tableAlone: 'an --indicators table cannot be combined with --responses, --oit or --eit-parts (put eit1, eit2 columns in the table)',
  ofAgency: (p) => `${p.agency}: ${p.said.en}`,
  orgRequired: '--org is required (the organisation slug, e.g. huai-thong)',
  notImported: 'not imported: fix the errors above; nothing was changed',
  outRequired: (p) => `--out is required for ${p.format}`,
  noFile: (p) => `file not found: ${p.file}`,
};

export const cliMessages = catalogue('cli', th, en);
