/** The CSV parser's messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  unclosedQuote: 'เครื่องหมายคำพูดของช่องข้อมูลไม่ได้ปิด',
  textAfterQuote: 'มีข้อความต่อท้ายเครื่องหมายคำพูดปิด',
};

const en: typeof th = {
  unclosedQuote: 'a quoted cell is not closed',
  textAfterQuote: 'unexpected text after a closing quote',
};

export const csvMessages = catalogue('csv', th, en);
