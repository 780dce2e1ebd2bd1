/** The roll-ups' messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  noOffice: (p: { slug: string }) => `ไม่พบหน่วยงาน "${p.slug}" (--org / org): ใช้ชื่อย่อของสำนักงานที่กำกับดูแล เช่น thin-amphoe-mueang-khon-kaen (ดูได้จาก prongsai org list)`,
};

const en: typeof th = {
  noOffice: (p) => `no organisation "${p.slug}" (--org / org): give the slug of a supervising office, e.g. thin-amphoe-mueang-khon-kaen (see prongsai org list)`,
};

export const supervisionMessages = catalogue('supervision', th, en);
