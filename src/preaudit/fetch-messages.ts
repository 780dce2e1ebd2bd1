/** The safe fetcher's messages (src/messages.ts): why an address typed into an OIT answer was not read. */
import { catalogue } from '../messages.ts';

const th = {
  badUrl: (p: { url: string }) => `ที่อยู่ "${p.url}" ไม่ใช่ลิงก์ที่ใช้ได้ (ต้องเป็น http:// หรือ https:// และไม่มีชื่อผู้ใช้หรือรหัสผ่านในลิงก์)`,
  badScheme: (p: { scheme: string }) => `ลิงก์แบบ "${p.scheme}" ตรวจไม่ได้ ใช้ได้เฉพาะ http:// และ https://`,
  refusedAddress: (p: { host: string }) => `ไม่ตรวจ "${p.host}" เพราะเป็นที่อยู่ภายในเครือข่าย ไม่ใช่เว็บไซต์สาธารณะ`,
  tooManyRedirects: (p: { max: number }) => `ลิงก์ส่งต่อ (redirect) เกิน ${p.max} ครั้ง`,
  redirectLoop: 'ลิงก์ส่งต่อ (redirect) วนกลับมาที่เดิม',
  dns: (p: { host: string }) => `ไม่พบชื่อโดเมน "${p.host}"`,
  connect: (p: { host: string }) => `เชื่อมต่อ "${p.host}" ไม่ได้`,
  tls: (p: { host: string }) => `ใบรับรองความปลอดภัย (HTTPS) ของ "${p.host}" ไม่ถูกต้อง`,
  timeout: (p: { seconds: number }) => `เว็บไซต์ไม่ตอบภายใน ${p.seconds} วินาที`,
  tooLarge: (p: { mib: number }) => `ไฟล์ใหญ่เกิน ${p.mib} MiB`,
  httpStatus: (p: { status: number }) => `ลิงก์ตอบกลับ ${p.status}`,
  badResponse: 'เว็บไซต์ตอบกลับในรูปแบบที่อ่านไม่ได้',
};

const en: typeof th = {
  badUrl: (p) => `"${p.url}" is not a usable link (it must be http:// or https://, with no user name or password in it)`,
  badScheme: (p) => `a "${p.scheme}" link cannot be checked: only http:// and https://`,
  refusedAddress: (p) => `"${p.host}" is not checked: it is an internal network address, not a public web site`,
  tooManyRedirects: (p) => `the link redirects more than ${p.max} times`,
  redirectLoop: 'the link redirects in a loop',
  dns: (p) => `the domain name "${p.host}" was not found`,
  connect: (p) => `could not connect to "${p.host}"`,
  tls: (p) => `the HTTPS certificate of "${p.host}" is not valid`,
  timeout: (p) => `the web site did not answer within ${p.seconds} seconds`,
  tooLarge: (p) => `the file is larger than ${p.mib} MiB`,
  httpStatus: (p) => `the link answered ${p.status}`,
  badResponse: 'the web site answered in a form that cannot be read',
};

export const fetchMessages = catalogue('preaudit.fetch', th, en);
