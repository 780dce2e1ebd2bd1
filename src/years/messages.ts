/** The years' messages (src/messages.ts): fiscal years, scores and their imports, analysis, carrying to the next year. */
import { quoted } from '../errors.ts';
import { criteriaYears } from '../ita/index.ts';
import type { Message } from '../messages.ts';
import { catalogue } from '../messages.ts';

type OrgYear = { nameTh: string; slug: string; year: number };
type Thing = { thingTh: string; thingEn: string };
type ProblemPlace = { row: number | null; column: string | null; said: Message };

const criteriaList = criteriaYears().join(', ');

const th = {
  // The organisation and its years.
  noOrg: (p: { slug: string }) => `ไม่พบหน่วยงาน "${p.slug}"`,
  noYearData: (p: OrgYear) => `${p.nameTh} ยังไม่มีข้อมูลปีงบประมาณ ${p.year}`,
  noYear: (p: { year: string }) => `ไม่พบปีงบประมาณ "${p.year}"`,
  yearGone: (p: { year: number }) => `ไม่มีปีงบประมาณ ${p.year} แล้ว`,
  yearNoLonger: (p: OrgYear) => `${p.nameTh} ไม่มีปีงบประมาณ ${p.year} แล้ว`,
  yearClosed: (p: OrgYear) => `ปีงบประมาณ ${p.year} ของ${p.nameTh} ปิดแล้ว จึงแก้ไขไม่ได้`,
  yearExists: (p: OrgYear) => `${p.nameTh} มีปีงบประมาณ ${p.year} อยู่แล้ว`,
  yearDigits: 'ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก เช่น 2567',
  alreadyClosed: (p: { year: number }) => `ปีงบประมาณ ${p.year} ปิดอยู่แล้ว`,
  alreadyOpen: (p: { year: number }) => `ปีงบประมาณ ${p.year} เปิดอยู่แล้ว`,
  closeReason: 'โปรดระบุเหตุผลที่ปิดปีงบประมาณ',
  reopenReason: 'โปรดระบุเหตุผลที่เปิดปีงบประมาณอีกครั้ง',
  reasonTooLong: 'เหตุผลยาวได้ไม่เกิน 4,000 ตัวอักษร',
  confirmFirst: 'โปรดทำเครื่องหมายยืนยันก่อน',
  // Saving a whole year.
  unknownIndicator: (p: { key: string; criteriaYear: number }) => `ไม่มีตัวชี้วัดที่ ${p.key} ในเกณฑ์ปี ${p.criteriaYear}`,
  measureUnknownIndicator: (p: { seq: number; n: number; criteriaYear: number }) => `มาตรการที่ ${p.seq}: ไม่มีตัวชี้วัดที่ ${p.n} ในเกณฑ์ปี ${p.criteriaYear}`,
  unitNotListed: (p: { id: string }) => `ไม่พบหน่วยงานย่อย "${p.id}" ในรายการหน่วยงานย่อยของปีนี้`,
  noPerson: (p: { id: string }) => `ไม่พบบุคคล "${p.id}" ในหน่วยงานนี้`,
  evidenceFileMissing: (p: { filename: string; sha256: string }) =>
    `ไม่มีแฟ้มหลักฐาน "${p.filename}" (sha256 ${p.sha256.slice(0, 12)}…) ในระบบ: อัปโหลดแฟ้มก่อน หรือนำเข้าจากแฟ้มสำรองข้อมูล`,
  foreignId: (p: { id: string }) => `รหัส ${p.id} เป็นของข้อมูลหน่วยงานหรือปีอื่น จึงนำเข้าไม่ได้`,
  foreignMeasure: (p: { seq: number; id: string }) => `มาตรการที่ ${p.seq}: รหัส ${p.id} เป็นของมาตรการในปีหรือหน่วยงานอื่น (ใช้การยกมาตรการไปปีถัดไปแทนการคัดลอกรหัส)`,
  // Versions of records (edit.ts).
  versionMissing: (p: Thing) => `ไม่ได้ระบุรุ่นของ${p.thingTh}ที่แก้ไข (updatedAt)`,
  changedMeanwhile: (p: Thing & { at: string }) => `${p.thingTh}นี้ถูกแก้ไขโดยผู้อื่นเมื่อ ${p.at} หลังจากที่คุณเปิดอ่าน: โปรดโหลดข้อมูลใหม่แล้วแก้ไขอีกครั้ง`,
  // Analysis.
  noSection: (p: { section: string; sections: readonly string[] }) => `ไม่มีส่วน "${p.section}" ในผลการวิเคราะห์ (${p.sections.join(', ')})`,
  badChoice: (p: { choices: readonly string[] }) => `ต้องเลือก ${p.choices.join(' หรือ ')}`,
  notStale: 'ข้อความส่วนนี้ไม่ได้ล้าสมัย: ไม่มีอะไรต้องยืนยัน',
  // Carrying to the next year, starting a year.
  criteriaYearUnknown: `ต้องเป็นปีที่มีเกณฑ์ในระบบ (${criteriaList})`,
  noMeasureInYear: (p: { id: string; year: number }) => `ไม่พบมาตรการ "${p.id}" ในปี ${p.year}`,
  targetCriteria: (p: { year: number; criteriaYear: number }) => `ปีงบประมาณ ${p.year} มีอยู่แล้วและใช้เกณฑ์ปี ${p.criteriaYear}`,
  alreadyCarried: (p: { titleTh: string; year: number }) => `มาตรการ "${p.titleTh}" ยกไปปี ${p.year} แล้ว`,
  scoresTypedAndFile: 'ให้คะแนนปีที่แล้วแบบพิมพ์หรือแบบแฟ้มอย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสองแบบ',
  fileNoRowForYear: (p: { filename: string; year: number }) => `แฟ้ม ${p.filename} ไม่มีแถวของปี ${p.year}`,
  noPreviousYear: (p: OrgYear) => `${p.nameTh} ไม่มีปีงบประมาณ ${p.year} จึงไม่มีมาตรการให้ยกไป`,
  // Scores.
  indicatorNumber: 'เลขตัวชี้วัดต้องเป็นตัวเลข',
  demoSourceRefused: 'ที่มา demo (ข้อมูลตัวอย่าง) ตั้งได้เฉพาะโดยการโหลดข้อมูลตัวอย่าง: เลือก itas, survey หรือ manual',
  scoreSource: (p: { list: string }) => `ที่มาของคะแนนต้องเป็น ${p.list}`,
  tooManyDecimals: (p: { labelTh: string; field: string; value: string; decimals: number }) => `${p.labelTh}: ${p.value} มีทศนิยมเกิน ${p.decimals} ตำแหน่ง`,
  noIndicatorOf: (p: { key: string; criteriaYear: number; count: number }) => `ไม่มีตัวชี้วัดที่ ${p.key} ในเกณฑ์ปี ${p.criteriaYear} (มีตัวชี้วัดที่ 1–${p.count})`,
  eitNotSplit: (p: { criteriaYear: number }) => `ปี ${p.criteriaYear} ไม่ได้แบ่ง EIT เป็นส่วนที่ 1 และ 2`,
  eitBothParts: 'ต้องให้คะแนน EIT ทั้งส่วนที่ 1 และส่วนที่ 2 หรือไม่ให้ทั้งสองส่วน',
  eitBothPartsForm: 'กรอกคะแนน EIT ทั้งส่วนที่ 1 และส่วนที่ 2 หรือเว้นว่างทั้งสองช่อง',
  chooseScoresFile: 'เลือกแฟ้มคะแนน (XLSX หรือ CSV)',
  attachScoresFile: 'ต้องแนบแฟ้มคะแนนในช่อง file',
  attachMeasuresFile: 'ต้องแนบแฟ้มมาตรการในช่อง file',
  templateFormat: 'คำขอไม่ถูกต้อง: รูปแบบข้อมูลที่ส่งมาอ่านไม่ได้',
  templateYear: 'คำขอไม่ถูกต้อง: รูปแบบข้อมูลที่ส่งมาอ่านไม่ได้',
  // A scores table, row by row.
  atRow: (p: { row: number; said: Message }) => `แถวที่ ${p.row}: ${p.said.th}`,
  // (said after "แถวที่ N: ", atRow)
  notThisOrg: (p: { agency: string; nameTh: string; slug: string }) => `${quoted(p.agency)} ไม่ใช่${p.nameTh} (${p.slug}): นำเข้าได้เฉพาะคะแนนของหน่วยงานนี้`,
  rowNoYear: (p: OrgYear) => `${p.nameTh} ยังไม่มีปีงบประมาณ ${p.year}`,
  rowYearTwice: (p: { year: number; before: number }) => `ปี ${p.year} ซ้ำกับแถวที่ ${p.before}`,
  rowYearClosed: (p: { year: number }) => `ปีงบประมาณ ${p.year} ปิดแล้ว`,
  /** An import's problem said with its place (row, column) first. */
  problemAt: (p: ProblemPlace) => {
    const place = [p.row !== null && `แถวที่ ${p.row}`, p.column !== null && `คอลัมน์ ${quoted(p.column)}`].filter(Boolean).join(' ');
    return place ? `${place}: ${p.said.th}` : p.said.th;
  },
  // Scoring tables and files (scoring.ts).
  noIndicatorScores: 'ไม่ได้ระบุคะแนนตัวชี้วัด (รูปแบบ 1=93.55,2=87.72,…)',
  notAPair: (p: { pair: string }) => `${quoted(p.pair)} ไม่อยู่ในรูปแบบ ตัวชี้วัด=คะแนน เช่น 1=93.55`,
  indicatorTwice: (p: { n: number }) => `ระบุตัวชี้วัดที่ ${p.n} ซ้ำ`,
  noIndicatorColumns: 'ไม่พบคอลัมน์คะแนนตัวชี้วัด: หัวตารางต้องมี agency, year และ 1 … 10',
  noYearColumn: 'ไม่พบคอลัมน์ year และไม่ได้ระบุ --year',
  responsesNotFound: (p: { path: string }) => `ไม่พบแฟ้มคำตอบ "${p.path}"`,
  responsesTooLarge: (p: { path: string }) => `แฟ้มคำตอบ "${p.path}" ใหญ่เกินไป`,
  responsesNotCsv: 'แฟ้มคำตอบต้องเป็น .csv',
  responsesCsv: (p: { line: number; detail: string }) => `แฟ้มคำตอบแถวที่ ${p.line}: รูปแบบ CSV ผิด`,
  oitColumns: 'รายการตรวจ OIT ต้องมีคอลัมน์ code และ met',
  oitNotMet: (p: { row: number; code: string; text: string }) => `แถวที่ ${p.row} ข้อ ${p.code}: ${quoted(p.text)} ไม่ใช่ผลที่รับได้ (ผ่าน/ไม่ผ่าน, 1/0, yes/no)`,
  oitTwice: (p: { row: number; code: string }) => `แถวที่ ${p.row}: ข้อ ${p.code} ซ้ำ`,
  ofAgency: (p: { agency: string; said: Message }) => `${p.agency}: ${p.said.th}`,
  twoSources: (p: { n: number; before: string; source: string }) => `ตัวชี้วัดที่ ${p.n} ได้คะแนนจากทั้ง${p.before}และ${p.source}: โปรดให้คะแนนจากแหล่งเดียว`,
  missingScores: (p: { missing: readonly number[] }) =>
    `ยังขาดคะแนนตัวชี้วัดที่ ${p.missing.join(', ')}: ระบุเพิ่มด้วย --indicators (เช่น ${p.missing[0]}=90) ` + `หรือให้คะแนน OIT จากรายการตรวจด้วย --oit`,
  // Year files (transfer.ts) and survey imports.
  brokenJson: (p: { detail: string }) => `แฟ้ม JSON เสียหาย: ${p.detail}`,
  jsonWrongType: (p: { place: string; expected: string }) => `${p.place || 'แฟ้ม JSON'}: ชนิดของค่าไม่ถูกต้อง (ต้องเป็น ${p.expected})`,
  jsonAt: (p: { place: string; said: { th: string; en: string } }) => `${p.place || 'แฟ้ม JSON'}: ${p.said.th}`,
  noCarriedFrom: (p: { seq: number }) => `มาตรการลำดับที่ ${p.seq}: ไม่พบมาตรการที่ยกมาจาก ในหน่วยงานนี้`,
  noOrgSlug: (p: { agency: string }) => `ไม่พบหน่วยงาน ${quoted(p.agency)} (ใช้ชื่อย่อในระบบ เช่น huai-thong)`,
  agencyYearTwice: (p: { agency: string; year: number }) => `${p.agency} ปี ${p.year} ซ้ำกับแถวก่อนหน้า`,
  agencyYearClosed: (p: { agency: string; year: number }) => `ปีงบประมาณ ${p.year} ของ ${p.agency} ปิดแล้ว`,
  scoreRange: (p: { value: string }) => `คะแนน ${quoted(p.value)} ต้องเป็นตัวเลข 0–100`,
  eitPartsRange: 'คะแนน EIT แยกส่วนต้องมีทั้งสองส่วน เป็นตัวเลข 0–100',
  noSheet: (p: { filename: string }) => `แฟ้ม ${p.filename} ไม่มีแผ่นงาน`,
  noAgencyColumn: 'แฟ้มไม่มีคอลัมน์ agency: ระบุหน่วยงานด้วย --org',
};

const en: typeof th = {
  noOrg: (p) => `no organisation "${p.slug}"`,
  noYearData: (p) => `${p.slug} has no fiscal year ${p.year}`,
  noYear: (p) => `no fiscal year "${p.year}"`,
  yearGone: (p) => `fiscal year ${p.year} no longer exists`,
  yearNoLonger: (p) => `${p.slug} no longer has fiscal year ${p.year}`,
  yearClosed: (p) => `fiscal year ${p.year} of ${p.slug} is closed: it cannot be changed`,
  yearExists: (p) => `${p.slug} already has fiscal year ${p.year}`,
  yearDigits: 'the fiscal year must be 4 digits (Buddhist era), such as 2567',
  alreadyClosed: (p) => `fiscal year ${p.year} is already closed`,
  alreadyOpen: (p) => `fiscal year ${p.year} is already open`,
  closeReason: 'give the reason to close the year',
  reopenReason: 'give the reason to reopen the year',
  reasonTooLong: 'the reason is at most 4,000 characters',
  confirmFirst: 'Tick the confirmation first',
  unknownIndicator: (p) => `indicator ${p.key} does not exist in the ${p.criteriaYear} criteria`,
  measureUnknownIndicator: (p) => `measure ${p.seq}: indicator ${p.n} does not exist in the ${p.criteriaYear} criteria`,
  unitNotListed: (p) => `unit "${p.id}" is not in the year's list of units`,
  noPerson: (p) => `no person "${p.id}" in this organisation`,
  evidenceFileMissing: (p) => `evidence file "${p.filename}" (sha256 ${p.sha256.slice(0, 12)}…) is not stored: upload it first or restore it from a backup`,
  foreignId: (p) => `id ${p.id} belongs to another organisation or year: it cannot be imported here`,
  foreignMeasure: (p) => `measure ${p.seq}: id ${p.id} belongs to a measure of another year or organisation (carry measures forward instead of copying ids)`,
  versionMissing: (p) => `the version of the ${p.thingEn} being changed (updatedAt) is missing or not a timestamp`,
  changedMeanwhile: (p) => `someone else changed this ${p.thingEn} at ${p.at}, after you read it: reload it and make your change again`,
  noSection: (p) => `no analysis section "${p.section}" (${p.sections.join(', ')})`,
  badChoice: (p) => `the choice must be ${p.choices.join(' or ')}`,
  notStale: 'this text is not out of date: there is nothing to settle',
  criteriaYearUnknown: `must be a year the catalogue has (${criteriaList})`,
  noMeasureInYear: (p) => `no measure "${p.id}" in ${p.year}`,
  targetCriteria: (p) => `fiscal year ${p.year} already exists under the ${p.criteriaYear} criteria`,
  alreadyCarried: (p) => `"${p.titleTh}" was already carried into ${p.year}`,
  scoresTypedAndFile: 'give last year’s scores typed or as a file, not both',
  fileNoRowForYear: (p) => `${p.filename} has no row for ${p.year}`,
  noPreviousYear: (p) => `${p.slug} has no fiscal year ${p.year}: no measures to carry`,
  indicatorNumber: 'an indicator is a number',
  demoSourceRefused: 'the source "demo" is set only by the demo loader: choose itas, survey or manual',
  scoreSource: (p) => `source must be one of ${p.list}`,
  tooManyDecimals: (p) => `${p.field}: ${p.value} has more than ${p.decimals} decimals`,
  noIndicatorOf: (p) => `indicator ${p.key} does not exist in the ${p.criteriaYear} criteria (indicators are 1 to ${p.count})`,
  eitNotSplit: (p) => `the ${p.criteriaYear} criteria do not split EIT into parts`,
  eitBothParts: 'give both EIT parts, part 1 and part 2, or neither',
  eitBothPartsForm: 'give both EIT part 1 and part 2, or neither',
  chooseScoresFile: 'choose the scores file (XLSX or CSV)',
  attachScoresFile: 'attach the scores file as the "file" field',
  attachMeasuresFile: 'attach the measures file as the "file" field',
  templateFormat: 'bad request: format must be xlsx or csv',
  templateYear: 'bad request: year must be a Buddhist-era year such as 2569',
  atRow: (p) => `row ${p.row}: ${p.said.en}`,
  notThisOrg: (p) => `${quoted(p.agency)} is not ${p.slug}: only this organisation's scores can be imported here`,
  rowNoYear: (p) => `${p.slug} has no fiscal year ${p.year}`,
  rowYearTwice: (p) => `year ${p.year} is the same as in row ${p.before}`,
  rowYearClosed: (p) => `fiscal year ${p.year} is closed`,
  problemAt: (p) => {
    const place = [p.row !== null && `row ${p.row}`, p.column !== null && `column ${quoted(p.column)}`].filter(Boolean).join(', ');
    return place ? `${place}: ${p.said.en}` : p.said.en;
  },
  noIndicatorScores: 'no indicator scores given (format 1=93.55,2=87.72,...)',
  notAPair: (p) => `${quoted(p.pair)} is not in the form indicator=score, e.g. 1=93.55`,
  indicatorTwice: (p) => `indicator ${p.n} is given twice`,
  noIndicatorColumns: 'no indicator columns found: the header must have agency, year and 1 ... 10',
  noYearColumn: 'the table has no "year" column and no --year was given',
  responsesNotFound: (p) => `responses file not found: "${p.path}"`,
  responsesTooLarge: (p) => `responses file "${p.path}" is too large`,
  responsesNotCsv: 'the responses file must be a .csv file',
  responsesCsv: (p) => `responses row ${p.line}: ${p.detail}`,
  oitColumns: 'the OIT checklist needs the columns "code" and "met"',
  oitNotMet: (p) => `row ${p.row}, item ${p.code}: ${quoted(p.text)} is not a result (met/not met, 1/0, yes/no)`,
  oitTwice: (p) => `row ${p.row}: item ${p.code} appears twice`,
  ofAgency: (p) => `${p.agency}: ${p.said.en}`,
  twoSources: (p) => `indicator ${p.n} is given by both ${p.before} and ${p.source}: give it from one source only`,
  missingScores: (p) => `indicators ${p.missing.join(', ')} have no score: add them with --indicators (e.g. ${p.missing[0]}=90) or score OIT from a checklist with --oit`,
  brokenJson: (p) => `broken JSON: ${p.detail}`,
  jsonWrongType: (p) => `${p.place || 'JSON file'}: wrong type of value (expected ${p.expected})`,
  jsonAt: (p) => `${p.place || 'JSON file'}: ${p.said.en}`,
  noCarriedFrom: (p) => `measure ${p.seq}: no measure to carry from in this organisation`,
  noOrgSlug: (p) => `no organisation ${quoted(p.agency)} (use its slug, e.g. huai-thong)`,
  agencyYearTwice: (p) => `${p.agency} ${p.year} appears twice`,
  agencyYearClosed: (p) => `fiscal year ${p.year} of ${p.agency} is closed`,
  scoreRange: (p) => `score ${quoted(p.value)} must be a number from 0 to 100`,
  eitPartsRange: 'the EIT parts must both be given, numbers from 0 to 100',
  noSheet: (p) => `${p.filename} has no sheet`,
  noAgencyColumn: 'the file has no agency column: name the organisation with --org',
};

export const yearsMessages = catalogue('years', th, en);
