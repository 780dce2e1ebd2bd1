/** The scoring's messages (src/messages.ts): scores, survey answers and OIT checklists it cannot score. */
import { quoted } from '../errors.ts';
import { catalogue } from '../messages.ts';

const th = {
  /** `labelTh`: the score's name in Thai; `field`: its field, for the English text. */
  missingScore: (p: { field: string; labelTh: string }) => `${p.labelTh}: ไม่มีคะแนน (ต้องเป็นตัวเลข 0–100)`,
  notANumber: (p: { field: string; labelTh: string; value: string }) => `${p.labelTh}: ${quoted(p.value)} ไม่ใช่ตัวเลข (ต้องเป็นตัวเลข 0–100)`,
  outOfRange: (p: { field: string; labelTh: string; value: string }) => `${p.labelTh}: ${p.value} อยู่นอกช่วงที่รับได้ (0–100)`,
  unknownIndicator: (p: { key: string; year: number; count: number }) => `ไม่มีตัวชี้วัดที่ ${p.key} ในเกณฑ์ปี ${p.year} (มีตัวชี้วัดที่ 1–${p.count})`,
  missingIndicator: (p: { number: number; nameTh: string; nameEn: string }) => `ขาดคะแนนตัวชี้วัดที่ ${p.number} ${p.nameTh}`,
  noEitParts: (p: { year: number }) => `ปี ${p.year} ไม่ได้แบ่ง EIT เป็นส่วนที่ 1 และ 2`,
  eitPartsCount: (p: { expected: number; got: number }) => `คะแนน EIT แยกส่วนต้องมี ${p.expected} ค่า (ได้รับ ${p.got} ค่า)`,
  noQuestionnaire: (p: { year: number }) => `ยังไม่มีแบบสอบถามของปี ${p.year} ในระบบ จึงคำนวณจากคำตอบไม่ได้`,
  duplicateColumn: (p: { column: string }) => `หัวคอลัมน์ ${quoted(p.column)} ซ้ำ`,
  unknownColumns: (p: { columns: readonly string[]; year: number; sample: string }) =>
    `ไม่รู้จักคอลัมน์ ${p.columns.map((u) => quoted(u)).join(', ')} ในแบบสอบถามปี ${p.year} (รหัสข้อ เช่น ${p.sample})`,
  noAnswerColumns: 'ไม่มีคอลัมน์คำตอบในแฟ้ม',
  tooManyCells: (p: { line: number; cells: number; header: number }) => `แถวที่ ${p.line} มี ${p.cells} ช่อง มากกว่าหัวตาราง (${p.header} ช่อง)`,
  badAnswer: (p: { line: number; item: string; answer: string; allowed: string }) =>
    `แถวที่ ${p.line} ข้อ ${p.item}: คำตอบ ${quoted(p.answer)} ไม่อยู่ในตัวเลือก (${p.allowed})`,
  emptyFile: 'แฟ้มว่าง ไม่มีหัวตาราง',
  noResponses: 'แฟ้มไม่มีคำตอบ',
  moreProblems: (p: { more: number }) => `และปัญหาอื่นอีก ${p.more} รายการ`,
  noOitList: (p: { year: number }) => `ยังไม่มีรายการข้อ OIT ของปี ${p.year} ในระบบ จึงคำนวณจากรายการตรวจไม่ได้`,
  unknownOitItems: (p: { items: string; year: number; count: number }) => `ไม่มีข้อ ${p.items} ในรายการ OIT ปี ${p.year} (มี O1–O${p.count})`,
  missingOitItems: (p: { items: string; year: number }) => `รายการตรวจ OIT ปี ${p.year} ยังขาดข้อ ${p.items}: ทุกข้อต้องระบุว่าผ่านหรือไม่ผ่าน`,
  noSubIndicators: (p: { year: number }) => `เกณฑ์ปี ${p.year} ไม่มีตัวชี้วัดย่อยครบทุกข้อ จึงใช้วิธีเฉลี่ยตามตัวชี้วัดย่อยไม่ได้`,
};

const en: typeof th = {
  missingScore: (p) => `${p.field}: missing score (must be a number from 0 to 100)`,
  notANumber: (p) => `${p.field}: ${quoted(p.value)} is not a number (must be from 0 to 100)`,
  outOfRange: (p) => `${p.field}: ${p.value} is out of range (allowed 0 to 100)`,
  unknownIndicator: (p) => `indicator ${p.key} does not exist in the ${p.year} criteria (indicators are 1 to ${p.count})`,
  missingIndicator: (p) => `missing the score of indicator ${p.number} (${p.nameEn})`,
  noEitParts: (p) => `the ${p.year} criteria do not split EIT into parts`,
  eitPartsCount: (p) => `EIT parts must have ${p.expected} values (got ${p.got})`,
  noQuestionnaire: (p) => `the ${p.year} questionnaire is not in the catalogue: answers cannot be scored`,
  duplicateColumn: (p) => `duplicate column ${quoted(p.column)}`,
  unknownColumns: (p) => `unknown column(s) ${p.columns.map((u) => quoted(u)).join(', ')} for the ${p.year} questionnaire (item codes look like ${p.sample})`,
  noAnswerColumns: 'the file has no answer columns',
  tooManyCells: (p) => `row ${p.line} has ${p.cells} cells, more than the header (${p.header})`,
  badAnswer: (p) => `row ${p.line}, item ${p.item}: answer ${quoted(p.answer)} is not one of the options (${p.allowed})`,
  emptyFile: 'the file is empty: no header row',
  noResponses: 'the file has no responses',
  moreProblems: (p) => `and ${p.more} more problems`,
  noOitList: (p) => `the ${p.year} OIT item list is not in the catalogue: a checklist cannot be scored`,
  unknownOitItems: (p) => `item(s) ${p.items} are not in the ${p.year} OIT list (O1 to O${p.count})`,
  missingOitItems: (p) => `the ${p.year} OIT checklist lacks item(s) ${p.items}: every item must be marked met or not`,
  noSubIndicators: (p) => `the ${p.year} criteria do not give every item a sub-indicator: sub-indicator averaging is not possible`,
};

export const scoringMessages = catalogue('scoring', th, en);
