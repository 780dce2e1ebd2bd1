/**
 * The pre-audit verdict's reasons (src/preaudit/verdict.ts), in Thai and English, each with what to do. Thai texts
 * write numbers in Thai digits and months as ม.ค.–ธ.ค. (the callers pass them formatted).
 */
import { catalogue } from '../messages.ts';

const th = {
  noUrl: 'ยังไม่ได้ระบุ URL',
  noUrlTodo: 'ระบุ URL ของหน้าที่เผยแพร่ข้อมูลข้อนี้ หรือใช้หน้าเว็บไซต์ของเรา',
  notFetched: (p: { url: string; why: string }) => `เปิดลิงก์ ${p.url} ไม่ได้: ${p.why}`,
  notFetchedTodo: 'แก้ลิงก์ให้เปิดได้จากภายนอกโดยไม่ต้องเข้าสู่ระบบ แล้วตรวจอีกครั้ง',
  unnamed: (p: { url: string; year: string }) => `เอกสาร ${p.url} ไม่ระบุชื่อหน่วยงานและ${p.year}`,
  unnamedTodo: 'ระบุชื่อหน่วยงานและปีงบประมาณที่เอกสารครอบคลุมไว้ในเอกสาร',
  yearText: (p: { year: string }) => `ปีงบประมาณ พ.ศ. ${p.year}`,
  yearNone: 'ปีงบประมาณ',
  missing: (p: { what: string }) => `ไม่พบ${p.what}`,
  missingTodo: (p: { what: string }) => `เผยแพร่${p.what}ในหน้าหรือเอกสารของข้อนี้`,
  monthWhat: (p: { month: string }) => `ข้อมูลเดือน ${p.month}`,
  yearWhat: (p: { year: string }) => `การระบุปีงบประมาณ พ.ศ. ${p.year}`,
  orgWhat: (p: { name: string }) => `ชื่อหน่วยงาน (${p.name})`,
  signatureWhat: 'บรรทัดลงชื่อหรือวันที่ประกาศ',
  fileTypeWhat: (p: { types: string }) => `เอกสารประเภท ${p.types}`,
  uncertain: (p: { what: string }) => `ไม่พบ${p.what} (องค์ประกอบนี้ยังไม่ยืนยันจากคู่มือ ป.ป.ช.)`,
  uncertainTodo: 'ตรวจกับคู่มือการประเมิน ITA ของปีนี้ว่าต้องมีองค์ประกอบนี้หรือไม่',
  scanned: 'เอกสารเป็นภาพสแกน ตรวจข้อความไม่ได้',
  scannedTodo: 'ให้ผู้ตรวจเปิดดูเอง หรือเผยแพร่ไฟล์ที่มีข้อความ (PDF ที่สร้างจากโปรแกรม ไม่ใช่ภาพสแกน)',
  unreadable: (p: { url: string; why: string }) => `อ่านเอกสาร ${p.url} ไม่ได้: ${p.why}`,
  unreadableTodo: 'เปิดไฟล์ดูว่าเสียหรือไม่ แล้วอัปโหลดใหม่',
  person: (p: { what: string }) => `ต้องให้คนตรวจ: ${p.what}`,
  personTodo: (p: { what: string }) => p.what,
  estimateNote: 'เป็นการประมาณจากการตรวจล่วงหน้าเท่านั้น ไม่ใช่คะแนนของ ป.ป.ช. ข้อที่ต้องให้คนตรวจนับทั้งแบบไม่ผ่าน (ค่าต่ำ) และผ่าน (ค่าสูง)',
};

const en: typeof th = {
  noUrl: 'No URL given yet',
  noUrlTodo: 'Give the URL of the page that publishes this item, or use our portal',
  notFetched: (p) => `The link ${p.url} does not open: ${p.why}`,
  notFetchedTodo: 'Make the link open from outside without a login, then check again',
  unnamed: (p) => `The document ${p.url} names neither the organisation nor ${p.year}`,
  unnamedTodo: 'Name the organisation and the fiscal year the document covers in the document',
  yearText: (p) => `the fiscal year ${p.year}`,
  yearNone: 'the fiscal year',
  missing: (p) => `Not found: ${p.what}`,
  missingTodo: (p) => `Publish ${p.what} on this item's page or documents`,
  monthWhat: (p) => `the entry for ${p.month}`,
  yearWhat: (p) => `the fiscal year ${p.year} named`,
  orgWhat: (p) => `the organisation's name (${p.name})`,
  signatureWhat: 'a signature or date line',
  fileTypeWhat: (p) => `a document of type ${p.types}`,
  uncertain: (p) => `Not found: ${p.what} (a component not confirmed by the NACC manual)`,
  uncertainTodo: "Check this year's ITA manual for whether this component is required",
  scanned: 'The document is a scanned image: its text cannot be checked',
  scannedTodo: 'Have a person open it, or publish a file with text (a PDF made by a program, not a scan)',
  unreadable: (p) => `The document ${p.url} cannot be read: ${p.why}`,
  unreadableTodo: 'Open the file to see whether it is broken, and upload it again',
  person: (p) => `A person must check: ${p.what}`,
  personTodo: (p) => p.what,
  estimateNote: "An estimate from the pre-audit only, not the NACC's score. Items a person must check count as failed (low) and as passed (high)",
};

export const verdictMessages = catalogue('preaudit.verdict', th, en);
