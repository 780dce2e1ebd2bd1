/** The messages of measures, their progress and evidence (src/messages.ts). */
import { catalogue } from '../messages.ts';

/** What an uploaded file's content is when it is not a kind we take (src/measures/file-types.ts). */
export const UNACCEPTED = {
  zipUnreadable: { th: 'ZIP ที่อ่านไม่ได้', en: 'an unreadable ZIP' },
  zipNotOffice: { th: 'ZIP ที่ไม่ใช่เอกสาร Office', en: 'a ZIP archive that is not an Office document' },
  officeMacros: { th: 'เอกสาร Office ที่มีแมโคร', en: 'an Office document with macros' },
  zipOther: { th: 'ZIP ที่ไม่ใช่ DOCX หรือ XLSX', en: 'a ZIP archive that is neither DOCX nor XLSX' },
  exe: { th: 'โปรแกรม Windows (EXE/DLL)', en: 'a Windows program (EXE/DLL)' },
  elf: { th: 'โปรแกรม (ELF)', en: 'a program (ELF)' },
  machO: { th: 'โปรแกรม (Mach-O)', en: 'a program (Mach-O)' },
  oldOffice: { th: 'เอกสาร Office รุ่นเก่า (.doc/.xls)', en: 'an old Office document (.doc/.xls)' },
  script: { th: 'สคริปต์', en: 'a script' },
  svg: { th: 'ภาพ SVG (อาจมีสคริปต์)', en: 'an SVG image (it may hold scripts)' },
  html: { th: 'หน้าเว็บ HTML', en: 'an HTML page' },
  xml: { th: 'แฟ้ม XML', en: 'an XML file' },
  unknown: { th: 'ชนิดที่ไม่รู้จัก', en: 'an unknown type' },
} as const;
export type Unaccepted = keyof typeof UNACCEPTED;

const ALLOWED_TH = 'PDF, PNG, JPEG, GIF, WebP, Word (.docx) และ Excel (.xlsx)';
const ALLOWED_EN = 'PDF, PNG, JPEG, GIF, WebP, Word (.docx) and Excel (.xlsx)';
const mb = (n: number) => (n / 1048576).toFixed(1);

const th = {
  // measures
  noMeasure: (p: { id: string }) => `ไม่พบมาตรการ "${p.id}" ในปีนี้`,
  noMeasureId: (p: { id: string }) => `ไม่พบมาตรการ "${p.id}"`,
  noUnit: (p: { n: number; unitId: string }) => `ผู้รับผิดชอบลำดับที่ ${p.n}: ไม่พบหน่วยงาน "${p.unitId}" ในหน่วยงานนี้`,
  noPerson: (p: { n: number; personId: string }) => `ผู้รับผิดชอบลำดับที่ ${p.n}: ไม่พบบุคคล "${p.personId}" ในหน่วยงานนี้`,
  orderIncomplete: (p: { count: number }) => `ลำดับใหม่ต้องมีมาตรการทุกข้อของปีนี้ ข้อละครั้ง (${p.count} ข้อ)`,
  noCarriedFrom: (p: { seq: number; id: string }) => `มาตรการลำดับที่ ${p.seq}: ไม่พบมาตรการ "${p.id}" ที่ยกมาจาก ในหน่วยงานนี้`,
  exportFormat: 'รูปแบบแฟ้มต้องเป็น xlsx, measures-csv หรือ progress-csv',
  chooseMeasuresFile: 'เลือกแฟ้ม XLSX หรือ CSV ที่จะนำเข้า',
  direction: 'ทิศทางต้องเป็น up หรือ down',
  // progress
  monthFormat: 'เดือนต้องอยู่ในรูปแบบ YYYY-MM',
  givePeriod: 'ระบุช่วงที่รายงาน: เดือน (month) หรือวันเริ่มและวันสิ้นสุด',
  notCalendarDate: (p: { date: string }) => `วันที่ "${p.date}" ไม่ใช่วันที่ในปฏิทิน (YYYY-MM-DD)`,
  dateBeforePeriod: (p: { date: string; start: string }) => `วันที่รายงาน ${p.date} อยู่ก่อนช่วงที่รายงาน (เริ่ม ${p.start})`,
  noEntry: (p: { id: string }) => `ไม่พบรายการความก้าวหน้า "${p.id}" ในปีนี้`,
  noEntryId: (p: { id: string }) => `ไม่พบรายการความก้าวหน้า "${p.id}"`,
  // evidence
  noEvidence: (p: { id: string }) => `ไม่พบหลักฐาน "${p.id}" ในปีนี้`,
  noEvidenceId: (p: { id: string }) => `ไม่พบหลักฐาน "${p.id}"`,
  fileBytes: 'ต้องเป็นเนื้อแฟ้ม (bytes)',
  replaceOtherEntry: 'หลักฐานที่จะแทนที่ต้องเป็นของรายการความก้าวหน้าเดียวกัน',
  alreadyReplaced: 'หลักฐานนี้ถูกแทนที่ด้วยฉบับใหม่แล้ว: แทนที่ฉบับล่าสุดแทน',
  alreadyAttached: (p: { filename: string }) => `แฟ้มนี้แนบไว้กับรายการนี้แล้ว (${p.filename})`,
  rejectNeedsNote: 'การไม่รับหลักฐานต้องระบุเหตุผลในหมายเหตุ',
  reviewReplaced: 'หลักฐานฉบับนี้ถูกแทนที่ด้วยฉบับใหม่แล้ว: ตรวจฉบับล่าสุด',
  chooseEvidence: 'เลือกแฟ้มหลักฐานที่จะแนบ',
  attachEvidence: 'ต้องแนบแฟ้มหลักฐานในช่อง file',
  // file types
  fileEmpty: 'แฟ้มว่างเปล่า',
  fileTooLarge: (p: { size: number; max: number }) => `แฟ้มใหญ่เกินไป (${mb(p.size)} MB; รับได้ไม่เกิน ${mb(p.max)} MB)`,
  contentRefused: (p: { what: Unaccepted }) => `เนื้อแฟ้มเป็น${UNACCEPTED[p.what].th} จึงรับไม่ได้: รับเฉพาะ ${ALLOWED_TH}`,
  extensionDisagrees: (p: { ext: string; label: string; want: string }) => `ชื่อแฟ้มลงท้ายด้วย .${p.ext} แต่เนื้อแฟ้มเป็น ${p.label}: เปลี่ยนชื่อให้ลงท้ายด้วย .${p.want}`,
  declaredDisagrees: (p: { declared: string; label: string }) => `แฟ้มแจ้งชนิดเป็น ${p.declared} แต่เนื้อแฟ้มเป็น ${p.label}`,
};

const en: typeof th = {
  noMeasure: (p) => `no measure "${p.id}" in this year`,
  noMeasureId: (p) => `no measure "${p.id}"`,
  noUnit: (p) => `responsible ${p.n}: no unit "${p.unitId}" in this organisation`,
  noPerson: (p) => `responsible ${p.n}: no person "${p.personId}" in this organisation`,
  orderIncomplete: (p) => `the new order must list every measure of the year once (${p.count} measures)`,
  noCarriedFrom: (p) => `measure ${p.seq}: no measure "${p.id}" to carry from in this organisation`,
  exportFormat: 'format must be xlsx, measures-csv or progress-csv',
  chooseMeasuresFile: 'choose the XLSX or CSV file to import',
  direction: 'direction must be up or down',
  monthFormat: 'a month must be YYYY-MM',
  givePeriod: 'give the period reported on: a month, or a start and an end',
  notCalendarDate: (p) => `progress.date: "${p.date}" is not a calendar date (YYYY-MM-DD)`,
  dateBeforePeriod: (p) => `progress.date: ${p.date} is before the period reported on (from ${p.start})`,
  noEntry: (p) => `no progress entry "${p.id}" in this year`,
  noEntryId: (p) => `no progress entry "${p.id}"`,
  noEvidence: (p) => `no evidence "${p.id}" in this year`,
  noEvidenceId: (p) => `no evidence "${p.id}"`,
  fileBytes: "must be the file's bytes",
  replaceOtherEntry: 'the evidence replaced must belong to the same progress entry',
  alreadyReplaced: 'this evidence was already replaced by a newer revision: replace the latest one',
  alreadyAttached: (p) => `this file is already attached to this entry (${p.filename})`,
  rejectNeedsNote: 'a rejection must give its reason in the note',
  reviewReplaced: 'this revision was replaced by a newer one: review the latest',
  chooseEvidence: 'choose the evidence file to attach',
  attachEvidence: 'attach the evidence file as the "file" field',
  fileEmpty: 'the file is empty',
  fileTooLarge: (p) => `the file is too large (${mb(p.size)} MB; at most ${mb(p.max)} MB)`,
  contentRefused: (p) => `the file's content is ${UNACCEPTED[p.what].en}, which is not accepted: only ${ALLOWED_EN}`,
  extensionDisagrees: (p) => `the name ends in .${p.ext} but the content is ${p.label}: rename it to end in .${p.want}`,
  declaredDisagrees: (p) => `the file is declared as ${p.declared} but its content is ${p.label}`,
};

export const measuresMessages = catalogue('measures', th, en);
