/** The messages of accounts and self-service sign-up (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  // signing in
  invalidCredentials: 'อีเมลหรือรหัสผ่านไม่ถูกต้อง',
  locked: (p: { failures: number; windowMinutes: number; minutes: number }) =>
    `ลงชื่อเข้าใช้บัญชีนี้ผิด ${p.failures} ครั้งจากที่อยู่ IP นี้ภายใน ${p.windowMinutes} นาที การลงชื่อเข้าใช้บัญชีนี้จากที่อยู่ IP นี้จึงถูกระงับชั่วคราว ` +
    `โปรดลองใหม่ในอีก ${p.minutes} นาที (จากที่อยู่ IP อื่นยังลงชื่อเข้าใช้ได้)`,
  slowed: (p: { every: number; seconds: number; days: number }) =>
    `บัญชีนี้ถูกลองลงชื่อเข้าใช้ผิดหลายครั้งจากหลายแห่ง ระบบจึงรับการลองได้ครั้งเดียวทุก ${p.every} วินาที โปรดลองใหม่ในอีก ${p.seconds} วินาที ` +
    `(ที่อยู่ IP ที่เคยลงชื่อเข้าใช้บัญชีนี้สำเร็จภายใน ${p.days} วันไม่ต้องรอ)`,
  // passwords and links
  passwordShort: (p: { min: number }) => `รหัสผ่านต้องยาวอย่างน้อย ${p.min} ตัวอักษร`,
  passwordLong: (p: { max: number }) => `รหัสผ่านต้องยาวไม่เกิน ${p.max} ตัวอักษร`,
  passwordMismatch: 'รหัสผ่านทั้งสองช่องไม่ตรงกัน',
  currentPasswordWrong: 'รหัสผ่านปัจจุบันไม่ถูกต้อง',
  passwordUnchanged: 'รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม',
  linkGone: 'ลิงก์นี้ใช้ไม่ได้แล้ว (หมดอายุ ถูกใช้ไปแล้ว หรือไม่ถูกต้อง) โปรดขอลิงก์ใหม่จากผู้ดูแล',
  linkUnknown: 'ลิงก์นี้หมดอายุ ถูกใช้ไปแล้ว หรือไม่ถูกต้อง โปรดขอลิงก์ใหม่จากผู้ดูแล',
  // forgotten passwords by e-mail (password-reset.ts)
  resetGone: 'ลิงก์ตั้งรหัสผ่านใหม่นี้ใช้ไม่ได้แล้ว (หมดอายุ ถูกใช้ไปแล้ว หรือไม่ถูกต้อง) โปรดขอลิงก์ใหม่ที่หน้า "ลืมรหัสผ่าน"',
  resetTooOften: (p: { times: number; minutes: number; wait: number }) =>
    `ขอลิงก์ตั้งรหัสผ่านใหม่สำหรับอีเมลนี้ครบ ${p.times} ครั้งภายใน ${p.minutes} นาทีแล้ว โปรดลองใหม่ในอีก ${p.wait} นาที`,
  resetMailSubject: 'ตั้งรหัสผ่านใหม่สำหรับบัญชีโปร่งใสของท่าน',
  resetMailGreeting: (p: { name: string }) => `เรียน ${p.name}`,
  resetMailAsked: (p: { email: string }) => `มีผู้ขอตั้งรหัสผ่านใหม่สำหรับบัญชีโปร่งใส (ระบบ ITA ของหน่วยงาน) ที่ใช้อีเมล ${p.email}`,
  resetMailLink: (p: { minutes: number }) => `เปิดลิงก์ด้านล่างเพื่อตั้งรหัสผ่านใหม่ ลิงก์ใช้ได้ครั้งเดียว ภายใน ${p.minutes} นาทีนับจากเวลาที่ส่งอีเมลนี้:`,
  resetMailNotYou:
    'ถ้าท่านไม่ได้ขอ ไม่ต้องทำอะไร รหัสผ่านเดิมของท่านยังใช้ได้ และไม่มีใครตั้งรหัสผ่านใหม่ได้โดยไม่มีลิงก์นี้ ' +
    'อย่าส่งต่อลิงก์นี้ให้ผู้อื่น หากได้รับอีเมลนี้บ่อยโดยไม่ได้ขอ โปรดแจ้งผู้ดูแลระบบของหน่วยงาน',
  // API tokens
  tokenNameMissing: 'ตั้งชื่อโทเค็นเพื่อให้จำได้ว่าใช้กับอะไร',
  tokenNameLong: 'ชื่อโทเค็นยาวไม่เกิน 100 ตัวอักษร',
  noToken: 'ไม่พบโทเค็นนี้ หรือถูกยกเลิกไปแล้ว',
  // people and roles
  emailInvalid: 'อีเมลไม่ถูกต้อง',
  nameInvalid: 'กรอกชื่อ-สกุล (ไม่เกิน 200 ตัวอักษร)',
  rolesMissing: 'เลือกบทบาทอย่างน้อยหนึ่งบทบาท',
  personInvalid: (_p: { detail: string }) => 'ข้อมูลไม่ถูกต้อง',
  emailTaken: 'อีเมลนี้มีผู้ใช้แล้ว',
  unitHeadNeedsUnit: 'หัวหน้าส่วนราชการต้องระบุกอง/สำนักของหน่วยงานนี้',
  unitOnlyForUnitHead: 'ระบุกอง/สำนักได้เฉพาะบทบาทหัวหน้าส่วนราชการ',
  noUnit: 'ไม่พบกอง/สำนักนี้ในหน่วยงาน',
  noPerson: 'ไม่พบบุคคลนี้ในหน่วยงาน',
  rolesInvalid: 'บทบาทไม่ถูกต้อง',
  ownAdminRole: 'ไม่สามารถถอดบทบาทผู้ดูแลหน่วยงานของตนเองได้',
  ownDeactivation: 'ไม่สามารถระงับบัญชีของตนเองได้',
  ownPasswordLink: 'เปลี่ยนรหัสผ่านของตนเองได้ที่หน้า "บัญชีของฉัน"',
  noEmail: 'บุคคลนี้ยังไม่มีอีเมลสำหรับลงชื่อเข้าใช้',
  activeNotBoolean: 'คำขอไม่ถูกต้อง: รูปแบบข้อมูลที่ส่งมาอ่านไม่ได้',
  // self-service sign-up
  signupInvalid: (p: { field: string; what: string; detail: string }) => `ข้อมูลไม่ถูกต้อง (${p.field})`,
  signupClosed: 'ไม่พบหน้านี้: ระบบนี้ไม่เปิดให้หน่วยงานขอเปิดใช้งานเอง',
  agencyNameMissing: 'กรอกชื่อหน่วยงาน (ไม่เกิน 200 ตัวอักษร)',
  requesterNameMissing: 'กรอกชื่อผู้ขอ',
  requesterPositionMissing: 'กรอกตำแหน่งของผู้ขอ',
  noSignup: 'ไม่พบคำขอนี้',
  signupDecided: 'คำขอนี้ได้รับการพิจารณาแล้ว',
  rejectReasonMissing: 'กรอกเหตุผลที่ไม่อนุมัติ',
};

const en: typeof th = {
  invalidCredentials: 'wrong e-mail address or password',
  locked: (p) =>
    `${p.failures} failed sign-ins to this account from this address within ${p.windowMinutes} minutes: ` +
    `it is locked here, try again in ${p.minutes} minutes (other addresses are not locked)`,
  slowed: (p) =>
    `many failed sign-ins to this account from several addresses: it takes one attempt every ${p.every} seconds, try again in ${p.seconds} seconds ` +
    `(an address this account signed in from within ${p.days} days does not wait)`,
  passwordShort: (p) => `the password must be at least ${p.min} characters long`,
  passwordLong: (p) => `the password must be at most ${p.max} characters long`,
  passwordMismatch: 'The two passwords differ',
  currentPasswordWrong: 'the current password is wrong',
  passwordUnchanged: 'the new password must differ from the current one',
  linkGone: 'this link no longer works (expired, already used or wrong): ask an administrator for a new one',
  linkUnknown: 'This link has expired, was already used, or is wrong. Ask an administrator for a new one.',
  resetGone: 'This password-reset link no longer works (expired, already used or wrong): ask for a new one on the “Forgot your password” page',
  resetTooOften: (p) => `${p.times} reset links were asked for this address within ${p.minutes} minutes: try again in ${p.wait} minutes`,
  resetMailSubject: 'Set a new password for your Prongsai account',
  resetMailGreeting: (p) => `Dear ${p.name},`,
  resetMailAsked: (p) => `Someone asked to set a new password for the Prongsai account (your organisation’s ITA system) of ${p.email}.`,
  resetMailLink: (p) => `Open the link below to set a new password. It works once, within ${p.minutes} minutes of this e-mail:`,
  resetMailNotYou:
    'If you did not ask, do nothing: your password still works, and nobody can set a new one without this link. ' +
    'Do not forward it. If such e-mails keep coming without your asking, tell your organisation’s administrator.',
  tokenNameMissing: 'give the token a name',
  tokenNameLong: 'at most 100 characters',
  noToken: 'no such token, or it is already revoked',
  emailInvalid: 'not a valid e-mail address',
  nameInvalid: 'give a name (at most 200 characters)',
  rolesMissing: 'choose at least one role',
  personInvalid: (p) => p.detail,
  emailTaken: 'this e-mail address is already in use',
  unitHeadNeedsUnit: 'a unit head needs one of this organisation’s units',
  unitOnlyForUnitHead: 'only a unit head role takes a unit',
  noUnit: 'no such unit in this organisation',
  noPerson: 'no such person in this organisation',
  rolesInvalid: 'invalid roles',
  ownAdminRole: 'you cannot remove your own organisation admin role',
  ownDeactivation: 'you cannot deactivate your own account',
  ownPasswordLink: 'change your own password in your account settings',
  noEmail: 'this person has no e-mail address to sign in with',
  activeNotBoolean: 'bad request: active must be true or false',
  signupInvalid: (p) => `invalid ${p.what} (${p.field}): ${p.detail}`,
  signupClosed: 'not found: this instance does not take sign-up requests',
  agencyNameMissing: 'give the agency’s name (at most 200 characters)',
  requesterNameMissing: 'give the requester’s name',
  requesterPositionMissing: 'give the requester’s position',
  noSignup: 'no such sign-up request',
  signupDecided: 'this request has already been decided',
  rejectReasonMissing: 'give the reason for rejecting',
};

export const accountMessages = catalogue('accounts', th, en);
