/** The notification channels' messages (src/messages.ts). */
import { catalogue } from '../messages.ts';

const th = {
  noSecretKey: 'ต้องตั้ง PRONGSAI_SECRET_KEY (32 ไบต์แบบ base64) เมื่อใช้ PostgreSQL เพื่อให้ทุกโปรแกรมใช้กุญแจเดียวกัน',
  badKeyFile: (p: { path: string }) => `แฟ้มกุญแจ ${p.path} ไม่ใช่กุญแจ 32 ไบต์แบบ base64`,
  sealedUnreadable: 'ถอดรหัสความลับที่เก็บไว้ไม่ได้ (กุญแจเปลี่ยนไปหรือข้อมูลถูกแก้ไข) โปรดตั้งค่าใหม่',
  smtpNotSet: 'ยังไม่ได้ตั้งเซิร์ฟเวอร์อีเมล (PRONGSAI_SMTP_URL)',
  lineNotSet: 'หน่วยงานยังไม่ได้ตั้งค่า LINE Official Account (channel access token)',
  lineFailed: (p: { status: number }) => `LINE ตอบกลับด้วยรหัส ${p.status} ส่งข้อความไม่สำเร็จ`,
  secretForm: 'Channel secret ต้องเป็นตัวอักษรฐานสิบหก 32 ตัว (จากหน้า Basic settings ของ LINE Developers Console)',
  tokenForm: 'Channel access token ต้องเป็นข้อความยาว 20 ถึง 500 ตัวอักษร ไม่มีช่องว่าง (จากหน้า Messaging API ของ LINE Developers Console)',
  nothingEntered: 'กรอก channel secret หรือ channel access token อย่างน้อยหนึ่งช่อง',
  noGroup: (p: { id: string }) => `ไม่พบกลุ่ม LINE "${p.id}" ของหน่วยงานนี้`,
  noOrganisation: 'บัญชีนี้ไม่ได้สังกัดหน่วยงาน จึงเชื่อม LINE ไม่ได้',
  // The webhook's replies in LINE.
  replyPersonLinked: 'เชื่อมบัญชี LINE กับ Prongsai แล้ว การแจ้งเตือนของคุณจะส่งมาทางนี้ (เลิกเชื่อมได้ที่หน้า "เชื่อมบัญชี LINE" ในโปร่งใส)',
  replyGroupLinked: 'เชื่อมกลุ่ม LINE นี้กับ Prongsai แล้ว การแจ้งเตือนของหน่วยงานจะส่งมาในกลุ่มนี้',
  replyCodeWrong: 'รหัสเชื่อมไม่ถูกต้องหรือหมดอายุแล้ว (รหัสใช้ได้ครั้งเดียว ภายใน 15 นาที) โปรดสร้างรหัสใหม่ในโปร่งใสแล้วส่งอีกครั้ง',
  replyJoined: 'สวัสดีครับ เพื่อรับการแจ้งเตือนของหน่วยงานในกลุ่มนี้ ผู้ประสานงานสร้าง "รหัสเชื่อมกลุ่ม" ในหน้า LINE ของหน่วยงานในโปร่งใส แล้วส่งรหัสนั้นในกลุ่มนี้ภายใน 15 นาที',
};

const en: typeof th = {
  noSecretKey: 'set PRONGSAI_SECRET_KEY (32 bytes in base64) with PostgreSQL, so that every process uses the same key',
  badKeyFile: (p) => `the key file ${p.path} is not a 32-byte key in base64`,
  sealedUnreadable: 'a stored secret cannot be decrypted (the key changed or the data was altered): set it again',
  smtpNotSet: 'no e-mail server is set (PRONGSAI_SMTP_URL)',
  lineNotSet: 'the organisation has not set up its LINE Official Account (channel access token)',
  lineFailed: (p) => `LINE answered ${p.status}: the message was not sent`,
  secretForm: 'the channel secret is 32 hexadecimal characters (Basic settings in the LINE Developers Console)',
  tokenForm: 'the channel access token is 20 to 500 characters without spaces (Messaging API in the LINE Developers Console)',
  nothingEntered: 'enter the channel secret or the channel access token, or both',
  noGroup: (p) => `no LINE group "${p.id}" in this organisation`,
  noOrganisation: 'this account belongs to no organisation, so it cannot link LINE',
  replyPersonLinked: 'your LINE account is linked to Prongsai: your notifications will come here (unlink on the page "Link LINE" in Prongsai)',
  replyGroupLinked: 'this LINE group is linked to Prongsai: the organisation’s notifications will come here',
  replyCodeWrong: 'the link code is wrong or has expired (a code works once, within 15 minutes): make a new one in Prongsai and send it again',
  replyJoined: 'hello: to get the organisation’s notifications in this group, a coordinator makes a "group link code" on the organisation’s LINE page in Prongsai and sends it here within 15 minutes',
};

export const notificationMessages = catalogue('notifications', th, en);
