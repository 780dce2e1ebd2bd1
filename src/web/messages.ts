/**
 * The web kit's own messages (src/messages.ts): what a route's path parameters are refused with before any
 * capability sees them, and what the kit itself answers (a control character, an upload it does not take, the
 * errors of src/web/errors.tsx).
 */
import { controlCharText } from '../errors.ts';
import { catalogue } from '../messages.ts';

/** Texts said by another part (a date the Thai reader cannot read): passed on as they are. */
interface Said {
  readonly th: string;
  readonly en: string;
}

const th = {
  yearDigits: 'ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก เช่น 2567',
  controlChar: (p: { field: string; char: string }) => `ช่อง ${p.field}: ${controlCharText(p.char).th}`,
  /** A date typed in a form that src/thai cannot read (`said`: what it says of it). */
  badDate: (p: { said: Said }) => p.said.th,
  uploadNotTaken: 'แบบฟอร์มนี้ไม่รับแฟ้มแนบ',
  uploadLengthRequired: 'ไม่ทราบขนาดของข้อมูลที่ส่งมา โปรดส่งจากแบบฟอร์มในหน้าเว็บ',
  uploadTooLarge: (p: { mb: number }) => `ข้อมูลและแฟ้มแนบรวมกันใหญ่เกินไป (รวมกันไม่เกิน ${p.mb} MB)`,
  uploadBusy: 'มีผู้ส่งแฟ้มแนบพร้อมกันจำนวนมาก โปรดลองใหม่ในอีกสักครู่',
  unauthenticated: 'โปรดลงชื่อเข้าใช้ก่อน (หรือส่งโทเค็น API ที่ยังใช้ได้)',
  badRequest: (_p: { detail: string }) => 'คำขอไม่ถูกต้อง: รูปแบบข้อมูลที่ส่งมาอ่านไม่ได้',
  fileTooLarge: (p: { mb: number }) => `แฟ้มใหญ่เกินไป (ไม่เกิน ${p.mb} MB)`,
  bodyTooLarge: (p: { mb: number }) => `ข้อมูลที่ส่งมาใหญ่เกินไป (ไม่เกิน ${p.mb} MB)`,
  /** The answers of src/web/errors.tsx to what fastify refuses (and to a server still starting). */
  notFound: 'ไม่พบหน้าหรือข้อมูลที่ขอ หรือคุณไม่มีสิทธิ์เห็นข้อมูลนี้',
  csrf: 'แบบฟอร์มหมดอายุหรือไม่ได้ส่งมาจากหน้านี้ โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง',
  rateLimited: 'มีการส่งคำขอถี่เกินไป โปรดรอสักครู่แล้วลองใหม่',
  serverError: 'ระบบขัดข้อง โปรดลองใหม่อีกครั้ง หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ',
  starting: 'ระบบกำลังเริ่มทำงาน โปรดลองใหม่ในอีกสักครู่',
};

const en: typeof th = {
  yearDigits: 'the fiscal year must be 4 digits (Buddhist era), such as 2567',
  controlChar: (p) => `${p.field}: ${controlCharText(p.char).en}`,
  badDate: (p) => p.said.en,
  uploadNotTaken: 'This form takes no files.',
  uploadLengthRequired: 'The size of the request is not stated: send it from the form on the web page.',
  uploadTooLarge: (p) => `The form and its files are too large together (at most ${p.mb} MB).`,
  uploadBusy: 'Many people are sending files right now: try again in a moment.',
  unauthenticated: 'sign in first (or send an API token that is still valid)',
  badRequest: (p) => `bad request: ${p.detail}`,
  fileTooLarge: (p) => `The file is too large (at most ${p.mb} MB).`,
  bodyTooLarge: (p) => `The data sent is too large (at most ${p.mb} MB).`,
  notFound: 'The page or record does not exist, or you are not allowed to see it.',
  csrf: 'The form expired or did not come from this page. Reload the page and try again.',
  rateLimited: 'Too many requests: wait a moment and try again.',
  serverError: 'Something went wrong. Please try again; if it persists, tell your system administrator.',
  starting: 'The system is starting: try again in a moment.',
};

export const webMessages = catalogue('web', th, en);
