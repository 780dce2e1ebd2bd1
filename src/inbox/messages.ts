/** The inbox's messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  noItem: (p: { id: string }) => `ไม่พบรายการ "${p.id}" ในกล่องข้อความของคุณ`,
};

const en: typeof th = {
  noItem: (p) => `no item "${p.id}" in your inbox`,
};

export const inboxMessages = catalogue('inbox', th, en);
