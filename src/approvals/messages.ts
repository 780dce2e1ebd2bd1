/** The messages of approvals (src/messages.ts). */
import { todayInBangkok } from '../measures/reporting.ts';
import { catalogue } from '../messages.ts';
import { messageDate } from '../thai/index.ts';

/** The Bangkok day of an instant as messages name it (1 ต.ค. 2568 / 1 Oct 2568 BE). */
const dayOf = (instant: string | null): { th: string; en: string } => (instant ? messageDate(todayInBangkok(new Date(instant))) : { th: '-', en: '-' });

/** A linter's error as the message that refuses an approval lists it. */
interface LintError {
  readonly where: string;
  readonly whereTh: string;
  readonly th: string;
  readonly en: string;
}

const th = {
  alreadyWaiting: (p: { requestedAt: string | null }) => `มีคำขออนุมัติเรื่องนี้รอการพิจารณาอยู่แล้ว (ขอเมื่อ ${dayOf(p.requestedAt).th})`,
  noApproval: (p: { id: string }) => `ไม่พบคำขออนุมัติ "${p.id}" ในปีนี้`,
  noApprovalId: (p: { id: string }) => `ไม่พบคำขออนุมัติ "${p.id}"`,
  sha256Format: 'ต้องเป็น SHA-256 (64 ตัวอักษรฐานสิบหก)',
  rejectNeedsComment: 'การไม่อนุมัติต้องระบุเหตุผลในความเห็น',
  alreadyDecided: (p: { status: 'approved' | 'rejected'; decidedAt: string | null }) =>
    `คำขอนี้พิจารณาไปแล้ว (${p.status === 'approved' ? 'อนุมัติ' : 'ไม่อนุมัติ'} เมื่อ ${dayOf(p.decidedAt).th})`,
  ownRequest: 'ผู้ขออนุมัติพิจารณาคำขอของตนเองไม่ได้ ต้องให้ผู้บริหารคนอื่นพิจารณา',
  documentChanged: 'ข้อมูลของเอกสารเปลี่ยนไปหลังจากที่คุณเปิดดู: โปรดเปิดเอกสารฉบับล่าสุดแล้วพิจารณาอีกครั้ง',
  lintNeedsReason: (p: { errors: readonly LintError[] }) =>
    `เอกสารนี้มีข้อผิดพลาด ${p.errors.length} รายการ (${p.errors.map((e) => `${e.whereTh}: ${e.th}`).join('; ')}): การอนุมัติต้องระบุเหตุผล`,
};

const en: typeof th = {
  alreadyWaiting: (p) => `a request for this approval is already waiting (made ${dayOf(p.requestedAt).en})`,
  noApproval: (p) => `no approval request "${p.id}" in this year`,
  noApprovalId: (p) => `no approval request "${p.id}"`,
  sha256Format: 'must be a SHA-256 (64 hex characters)',
  rejectNeedsComment: 'a rejection must give its reason in the comment',
  alreadyDecided: (p) => `this request was already decided (${p.status} on ${dayOf(p.decidedAt).en})`,
  ownRequest: 'whoever asked for this approval cannot decide it: another executive must',
  documentChanged: 'the document’s data changed after you opened it: open the latest version and decide again',
  lintNeedsReason: (p) => `the linter reports ${p.errors.length} error(s) in this document (${p.errors.map((e) => `${e.where}: ${e.en}`).join('; ')}): approving it needs a reason`,
};

export const approvalsMessages = catalogue('approvals', th, en);
