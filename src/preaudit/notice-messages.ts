/** The pre-audit's notice (kind 'oit.broken'): an item that passed at its previous check fails now. */
import { catalogue } from '../messages.ts';

const th = {
  broken: (p: { code: string; reason: string }) => `ข้อ ${p.code} ผ่านการตรวจครั้งก่อน แต่ตอนนี้ไม่ผ่าน: ${p.reason}`,
  weeklyActor: 'ตรวจ OIT รายสัปดาห์',
};

const en: typeof th = {
  broken: (p) => `item ${p.code} passed its previous check but fails now: ${p.reason}`,
  weeklyActor: 'weekly OIT check',
};

export const noticeMessages = catalogue('preaudit-notice', th, en);
