/** The roll-ups' messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  noOffice: (p: { slug: string }) => `ไม่พบหน่วยงาน "${p.slug}" (--org / org): ใช้ชื่อย่อของสำนักงานที่กำกับดูแล เช่น thin-amphoe-mueang-khon-kaen (ดูได้จาก prongsai org list)`,
  badSort: (p: { given: string; keys: string }) => `เรียงตาม "${p.given}" ไม่ได้ (sort): ใช้ได้ ${p.keys}`,
  badDir: (p: { given: string }) => `ลำดับ "${p.given}" ไม่ถูกต้อง (dir): ใช้ asc (น้อยไปมาก) หรือ desc (มากไปน้อย)`,
  badPage: (p: { given: string }) => `หน้า "${p.given}" ไม่ถูกต้อง (page): ใช้เลขหน้าตั้งแต่ 1 ขึ้นไป`,
  badFlag: (p: { field: string; given: string }) => `ค่า "${p.given}" ของ ${p.field} ไม่ถูกต้อง: ใช้ 1 (เฉพาะที่ตรงเงื่อนไข) หรือเว้นว่าง`,
};

const en: typeof th = {
  noOffice: (p) => `no organisation "${p.slug}" (--org / org): give the slug of a supervising office, e.g. thin-amphoe-mueang-khon-kaen (see prongsai org list)`,
  badSort: (p) => `cannot sort by "${p.given}" (sort): use one of ${p.keys}`,
  badDir: (p) => `order "${p.given}" is not valid (dir): use asc or desc`,
  badPage: (p) => `page "${p.given}" is not valid (page): give a page number from 1`,
  badFlag: (p) => `"${p.given}" is not a value of ${p.field}: use 1 (only those) or leave it empty`,
};

export const supervisionMessages = catalogue('supervision', th, en);
