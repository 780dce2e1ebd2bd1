/** The database's messages (src/messages.ts): its lock, its migrations, and backups it cannot restore. */
import { catalogue } from '../messages.ts';

const th = {
  /** `host`: the other machine's name, or null when it is this one. */
  locked: (p: { dir: string; pid: number; host: string | null; since: string }) =>
    `ฐานข้อมูลในโฟลเดอร์ ${p.dir} กำลังถูกใช้งานโดยโปรแกรม Prongsai อีกตัวหนึ่ง (pid ${p.pid}${p.host === null ? '' : ` บนเครื่อง ${p.host}`} ตั้งแต่ ${p.since}) ` +
    'โปรดปิดโปรแกรมนั้นก่อน หรือใช้โฟลเดอร์อื่นด้วย PRONGSAI_DATA หรือใช้ PostgreSQL ด้วย DATABASE_URL เมื่อต้องการหลายโปรแกรมพร้อมกัน',
  migrationDiffers: (p: { id: string }) =>
    `โครงสร้างฐานข้อมูลขั้นที่ ${p.id} ในโปรแกรมไม่ตรงกับที่ใช้สร้างฐานข้อมูลนี้: ฐานข้อมูลสร้างด้วยโปรแกรมรุ่นทดลองอื่น ให้สำรองข้อมูลด้วยโปรแกรมรุ่นนั้นแล้วกู้คืนลงฐานข้อมูลใหม่`,
  notABackup: 'แฟ้มนี้ไม่ใช่แฟ้มสำรองข้อมูลของ Prongsai',
  backupVersion: (p: { version: unknown }) => `แฟ้มสำรองข้อมูลรุ่น ${String(p.version)} ไม่รองรับ`,
  /** `reason` is said in English in both languages (it names what is wrong in the file). */
  badBackup: (p: { file: string; reason: string }) => `แฟ้มสำรองข้อมูล ${p.file} เสียหายหรือไม่ครบ (${p.reason})`,
  noBackupFile: (p: { file: string }) => `ไม่พบแฟ้ม ${p.file}`,
  notEmpty: (p: { table: string }) => `ฐานข้อมูลปลายทางมีข้อมูลอยู่แล้ว (ตาราง ${p.table}) การกู้คืนต้องทำลงฐานข้อมูลว่างเท่านั้น`,
  newerBackup: (p: { migrations: string }) => `แฟ้มสำรองข้อมูลมาจาก Prongsai รุ่นใหม่กว่า (${p.migrations}): ปรับรุ่นโปรแกรมก่อนกู้คืน`,
};

const en: typeof th = {
  locked: (p) =>
    `the database in ${p.dir} is in use by another Prongsai process (pid ${p.pid}${p.host === null ? '' : ` on ${p.host}`} since ${p.since}): ` +
    'stop it first, use another folder with PRONGSAI_DATA, or use PostgreSQL with DATABASE_URL for several processes',
  migrationDiffers: (p) =>
    `schema migration ${p.id} differs from the one this database was built with (a development build made it): back it up with that build and restore into a new database`,
  notABackup: 'this file is not a Prongsai backup',
  backupVersion: (p) => `backup format version ${String(p.version)} is not supported`,
  badBackup: (p) => `the backup ${p.file} is damaged or incomplete (${p.reason})`,
  noBackupFile: (p) => `file not found: ${p.file}`,
  notEmpty: (p) => `the target database already holds data (table ${p.table}): restore only into an empty database`,
  newerBackup: (p) => `the backup comes from a newer Prongsai (${p.migrations}): upgrade before restoring`,
};

export const dbMessages = catalogue('db', th, en);
