/**
 * Approvals of the year's documents: the plan of measures, the report on them, and the analysis. A coordinator
 * (approval.request) asks; the executive (approval.decide) approves or rejects with a comment. The approval
 * stores the SHA-256 of the data the document shows (src/approvals/state.ts), taken when it is decided, so
 * that any later change to that data shows the approval as out of date. One request per subject waits at a time.
 *
 * Whoever asked cannot decide (OwnWork), even when they hold the executive's role too: another executive must.
 *
 * The executive may pass the hash of the document they were shown (`documentSha256`, from listApprovals): when
 * the data changed in the meantime, the decision is refused with a Conflict instead of approving something
 * they did not see.
 *
 * While the linter reports errors in the document (a stale analysis text among them), it is approved only with the
 * executive's reason (`reason`), stored with the decision (approvals.override_reason) and so in the audit log.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { DOCUMENT_KIND_NAMES } from '../documents/core/model.ts';
import { InputError } from '../errors.ts';
import { APPROVAL_SUBJECTS, type ApprovalSubject } from '../model/year.ts';
import { approvalStates, documentSha256, lintErrorsOf, type ApprovalState } from './state.ts';
import { OwnWork, type Principal } from '../app/authz.ts';
import { resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import { writeYear } from '../years/edit.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { closeSubject, notifyDeciders } from '../inbox/service.ts';
import { parseInput, requireUuid } from '../app/input.ts';
import { loadYear } from '../years/years.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { messageDate } from '../thai/index.ts';

/** The Bangkok day of an instant as messages name it (1 ต.ค. 2568 / 1 Oct 2568 BE). */
const dayOf = (instant: string | null): { th: string; en: string } => (instant ? messageDate(todayInBangkok(new Date(instant))) : { th: '-', en: '-' });

/** Where each subject's approval stands, with its history. */
export async function listApprovals(db: Queryable, principal: Principal, ref: YearRef): Promise<ApprovalState[]> {
  const ctx = await resolveYear(db, principal, ref);
  return approvalStates(db, ctx.fiscalYearId, await loadYear(db, ctx.slug, ctx.year));
}

async function stateOf(q: Queryable, ctx: YearContext, subject: ApprovalSubject): Promise<ApprovalState> {
  const states = await approvalStates(q, ctx.fiscalYearId, await loadYear(q, ctx.slug, ctx.year));
  return states.find((s) => s.subject === subject) as ApprovalState;
}

const requestSchema = z
  .object({
    subject: z.enum(APPROVAL_SUBJECTS),
    comment: z.string().trim().max(4000).nullable().optional(),
  })
  .strict();
export type ApprovalRequest = z.input<typeof requestSchema>;

/** Asks for the approval of a subject as its data stands now. */
export async function requestApproval(db: Db, principal: Principal, ref: YearRef, request: ApprovalRequest): Promise<ApprovalState> {
  const ctx = await resolveYear(db, principal, ref, 'approval.request');
  const { subject, comment } = parseInput(requestSchema, request, 'approval');
  return writeYear(db, principal, ctx, async (tx) => {
    const year = await loadYear(tx, ctx.slug, ctx.year);
    const pending = year.approvals.find((a) => a.subject === subject && a.status === 'requested');
    if (pending) {
      throw new InputError('approval.subject', `มีคำขออนุมัติเรื่องนี้รอการพิจารณาอยู่แล้ว (ขอเมื่อ ${dayOf(pending.requestedAt).th})`, `a request for this approval is already waiting (made ${dayOf(pending.requestedAt).en})`);
    }
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO approvals (fiscal_year_id, subject, status, requested_by, requested_by_person, requested_at, comment, document_sha256)
       VALUES ($1, $2, 'requested', $3, $4, now(), $5, $6) RETURNING id`,
      [ctx.fiscalYearId, subject, principal.nameTh, principal.personId, comment || null, documentSha256(subject, year)],
    );
    const name = DOCUMENT_KIND_NAMES[subject];
    await notifyDeciders(tx, ctx.orgId, 'approval.decide', principal.personId, {
      kind: 'approval',
      subject: `approval:${(row as { id: string }).id}`,
      titleTh: `รออนุมัติ: ${name.th} ปี ${ctx.year} (ขอโดย ${principal.nameTh})`,
      titleEn: `Waiting for approval: ${name.en}, ${ctx.year} (asked by ${principal.nameTh})`,
      link: `/staff/o/${encodeURIComponent(ctx.slug)}/${ctx.year}/approvals`,
    });
    return stateOf(tx, ctx, subject);
  });
}

const decisionSchema = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    comment: z.string().trim().max(4000).nullable().optional(),
    /** The hash of the document the executive was shown (ApprovalState.currentSha256). */
    documentSha256: z.string().regex(/^[0-9a-f]{64}$/, 'ต้องเป็น SHA-256 (64 ตัวอักษรฐานสิบหก) / must be a SHA-256 (64 hex characters)').optional(),
    /** Why the document is approved although the linter reports errors in it (required then). */
    reason: z.string().trim().max(4000).nullable().optional(),
  })
  .strict();
export type ApprovalDecision = z.input<typeof decisionSchema>;

/** Approves or rejects a waiting request; a rejection says why. */
export async function decideApproval(db: Db, principal: Principal, ref: YearRef, approvalId: string, decision: ApprovalDecision): Promise<ApprovalState> {
  const ctx = await resolveYear(db, principal, ref, 'approval.decide');
  const id = requireUuid(approvalId, 'approvalId', { th: 'คำขออนุมัติ', en: 'approval request' });
  const d = parseInput(decisionSchema, decision, 'decision');
  if (d.decision === 'rejected' && !d.comment) {
    throw new InputError('decision.comment', 'การไม่อนุมัติต้องระบุเหตุผลในความเห็น', 'a rejection must give its reason in the comment');
  }
  return writeYear(db, principal, ctx, async (tx) => {
    const year = await loadYear(tx, ctx.slug, ctx.year);
    const request = year.approvals.find((a) => a.id === id);
    if (!request) throw new NotFound('approvalId', `ไม่พบคำขออนุมัติ "${id}" ในปีนี้`, `no approval request "${id}" in this year`);
    if (request.status !== 'requested') {
      throw new InputError('approvalId', `คำขอนี้พิจารณาไปแล้ว (${request.status === 'approved' ? 'อนุมัติ' : 'ไม่อนุมัติ'} เมื่อ ${dayOf(request.decidedAt).th})`, `this request was already decided (${request.status} on ${dayOf(request.decidedAt).en})`);
    }
    const [asked] = await tx.query<{ requested_by_person: string | null }>('SELECT requested_by_person FROM approvals WHERE id = $1', [id]);
    if (asked?.requested_by_person === principal.personId) {
      throw new OwnWork(
        'approval.decide',
        'ผู้ขออนุมัติพิจารณาคำขอของตนเองไม่ได้ ต้องให้ผู้บริหารคนอื่นพิจารณา',
        'whoever asked for this approval cannot decide it: another executive must',
      );
    }
    const now = documentSha256(request.subject, year);
    if (d.documentSha256 !== undefined && d.documentSha256 !== now) {
      throw new Conflict(
        'decision.documentSha256',
        'ข้อมูลของเอกสารเปลี่ยนไปหลังจากที่คุณเปิดดู: โปรดเปิดเอกสารฉบับล่าสุดแล้วพิจารณาอีกครั้ง',
        'the document’s data changed after you opened it: open the latest version and decide again',
        now,
      );
    }
    const errors = d.decision === 'approved' ? (await lintErrorsOf(tx, ctx.fiscalYearId, year))(request.subject) : [];
    if (errors.length && !d.reason) {
      throw new InputError(
        'reason',
        `เอกสารนี้มีข้อผิดพลาด ${errors.length} รายการ (${errors.map((e) => `${e.whereTh}: ${e.th}`).join('; ')}): การอนุมัติต้องระบุเหตุผล`,
        `the linter reports ${errors.length} error(s) in this document (${errors.map((e) => `${e.where}: ${e.en}`).join('; ')}): approving it needs a reason`,
      );
    }
    await tx.query(
      `UPDATE approvals SET status = $2, decided_by = $3, decided_by_person = $4, decided_at = now(), comment = coalesce($5, comment), document_sha256 = $6,
              override_reason = $8
        WHERE id = $1 AND fiscal_year_id = $7`,
      [id, d.decision, principal.nameTh, principal.personId, d.comment || null, now, ctx.fiscalYearId, errors.length ? d.reason : null],
    );
    await closeSubject(tx, ctx.orgId, `approval:${id}`);
    return stateOf(tx, ctx, request.subject);
  });
}
