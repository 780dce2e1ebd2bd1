/** The audit log's messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  dateFormat: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD',
};

const en: typeof th = {
  dateFormat: 'a date must be YYYY-MM-DD',
};

export const auditMessages = catalogue('audit', th, en);
