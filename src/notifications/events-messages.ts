/** The notification events' messages (src/messages.ts): errors, and the words of the e-mails and LINE messages. */
import { catalogue } from '../messages.ts';

const th = {
  badKind: (p: { kind: string }) => `ไม่รู้จักประเภทการแจ้งเตือน "${p.kind}"`,
  badLink: 'ลิงก์ของการแจ้งเตือนต้องเป็นหน้าของเจ้าหน้าที่ (ขึ้นต้นด้วย /staff/) ยาวไม่เกิน 500 ตัวอักษร',
  badSubject: 'เรื่องของการแจ้งเตือนต้องยาว 1 ถึง 200 ตัวอักษร',
  badTitle: 'หัวข้อของการแจ้งเตือนต้องยาว 1 ถึง 500 ตัวอักษรทั้งภาษาไทยและภาษาอังกฤษ',
  badTime: 'เวลาต้องอยู่ในรูป ชช:นน เช่น 21:00',
  badLang: 'ภาษาต้องเป็น th หรือ en',
  badToken: 'ลิงก์เลิกรับการแจ้งเตือนนี้ไม่ถูกต้อง',
  tokenUsed: 'ลิงก์นี้ใช้ไปแล้ว: การแจ้งเตือนประเภทนี้ทางอีเมลปิดอยู่',
  openLink: 'เปิดในโปร่งใส',
  unsubscribe: 'เลิกรับการแจ้งเตือนประเภทนี้ทางอีเมล',
  unsubscribeAll: 'เลิกรับการแจ้งเตือนทางอีเมลทั้งหมด',
  digestSubject: (p: { day: string; n: number }) => `สรุปการแจ้งเตือนประจำวันที่ ${p.day} (${p.n} รายการ)`,
  digestIntro: 'การแจ้งเตือนของวันนี้',
};

const en: typeof th = {
  badKind: (p) => `unknown kind of notification "${p.kind}"`,
  badLink: 'a notification’s link is a staff page (starting with /staff/), at most 500 characters',
  badSubject: 'a notification’s subject is 1 to 200 characters',
  badTitle: 'a notification’s title is 1 to 500 characters, in Thai and in English',
  badTime: 'a time is HH:MM, e.g. 21:00',
  badLang: 'the language is th or en',
  badToken: 'this unsubscribe link is not valid',
  tokenUsed: 'this link was used already: this kind of notification is off for e-mail',
  openLink: 'Open in Prongsai',
  unsubscribe: 'Stop these notifications by e-mail',
  unsubscribeAll: 'Stop all notifications by e-mail',
  digestSubject: (p) => `Notifications of ${p.day} (${p.n})`,
  digestIntro: 'Today’s notifications',
};

export const eventMessages = catalogue('notification-events', th, en);
