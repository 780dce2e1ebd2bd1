/** What extraction says about a file it could not read (src/messages.ts). Part of the OIT pre-audit. */
import { catalogue } from '../messages.ts';

const th = {
  pdfBroken: 'ไฟล์ PDF เสียหายหรือไม่สมบูรณ์ อ่านข้อความไม่ได้',
  pdfTool: 'เครื่องแม่ข่ายไม่มีโปรแกรม pdftotext/pdfinfo (poppler-utils) จึงอ่านไฟล์ PDF ไม่ได้',
  tooSlow: (p: { kind: string }) => `อ่านไฟล์ ${p.kind} นานเกินกำหนด จึงหยุดอ่าน`,
  zipBroken: (p: { kind: string }) => `ไฟล์ ${p.kind} เสียหายหรือไม่ใช่ไฟล์ ${p.kind} อ่านข้อความไม่ได้`,
  zipTooLarge: (p: { kind: string }) => `ไฟล์ ${p.kind} ขยายออกแล้วใหญ่เกินขนาดที่ตรวจได้`,
  unreadable: 'อ่านข้อความในไฟล์ไม่ได้',
};

const en: typeof th = {
  pdfBroken: 'the PDF file is damaged or incomplete; its text cannot be read',
  pdfTool: 'the server lacks pdftotext/pdfinfo (poppler-utils), so PDF files cannot be read',
  tooSlow: (p) => `reading the ${p.kind} file took too long and was stopped`,
  zipBroken: (p) => `the ${p.kind} file is damaged or not a ${p.kind} file; its text cannot be read`,
  zipTooLarge: (p) => `the ${p.kind} file unpacks to more than can be checked`,
  unreadable: 'the text of the file cannot be read',
};

export const extractMessages = catalogue('preaudit.extract', th, en);
