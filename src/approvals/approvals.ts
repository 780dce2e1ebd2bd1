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
import { closeSubject, notifyDeciders, rolesWith } from '../inbox/service.ts';
import { notify } from '../notifications/events.ts';
import { parseInput, requireUuid } from '../app/input.ts';
import { loadYear } from '../years/years.ts';
import { approvalsMessages } from './messages.ts';
import { insertRequest, requestedByPerson, updateDecision } from './repo.ts';

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
      throw new InputError('approval.subject', approvalsMessages.alreadyWaiting({ requestedAt: pending.requestedAt }));
    }
    const id = await insertRequest(tx, {
      fiscalYearId: ctx.fiscalYearId,
      subject,
      requestedBy: principal.nameTh,
      requestedByPerson: principal.personId,
      comment: comment || null,
      documentSha256: documentSha256(subject, year),
    });
    const name = DOCUMENT_KIND_NAMES[subject];
    const notice = {
      subject: `approval:${id}`,
      titleTh: `รออนุมัติ: ${name.th} ปี ${ctx.year} (ขอโดย ${principal.nameTh})`,
      titleEn: `Waiting for approval: ${name.en}, ${ctx.year} (asked by ${principal.nameTh})`,
      link: `/staff/o/${encodeURIComponent(ctx.slug)}/${ctx.year}/approvals`,
    };
    await notifyDeciders(tx, ctx.orgId, 'approval.decide', principal.personId, { kind: 'approval', ...notice });
    // The inbox items are the ones above (notify keeps an item of the same subject): notify adds the deliveries.
    await notify(tx, { kind: 'approval.requested', orgId: ctx.orgId, to: { roles: rolesWith('approval.decide', ctx.orgId) }, ...notice }, new Date());
    return stateOf(tx, ctx, subject);
  });
}

const decisionSchema = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    comment: z.string().trim().max(4000).nullable().optional(),
    /** The hash of the document the executive was shown (ApprovalState.currentSha256). */
    documentSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, { error: approvalsMessages.code('sha256Format') })
      .optional(),
    /** Why the document is approved although the linter reports errors in it (required then). */
    reason: z.string().trim().max(4000).nullable().optional(),
  })
  .strict();
export type ApprovalDecision = z.input<typeof decisionSchema>;

/** Approves or rejects a waiting request; a rejection says why. */
export async function decideApproval(db: Db, principal: Principal, ref: YearRef, approvalId: string, decision: ApprovalDecision): Promise<ApprovalState> {
  const ctx = await resolveYear(db, principal, ref, 'approval.decide');
  const id = requireUuid(approvalId, 'approvalId', approvalsMessages.noApprovalId);
  const d = parseInput(decisionSchema, decision, 'decision');
  if (d.decision === 'rejected' && !d.comment) {
    throw new InputError('decision.comment', approvalsMessages.rejectNeedsComment());
  }
  return writeYear(db, principal, ctx, async (tx) => {
    const year = await loadYear(tx, ctx.slug, ctx.year);
    const request = year.approvals.find((a) => a.id === id);
    if (!request) throw new NotFound('approvalId', approvalsMessages.noApproval({ id }));
    if (request.status !== 'requested') throw new InputError('approvalId', approvalsMessages.alreadyDecided({ status: request.status, decidedAt: request.decidedAt }));
    const asker = await requestedByPerson(tx, id);
    if (asker === principal.personId) {
      throw new OwnWork('approval.decide', approvalsMessages.ownRequest());
    }
    const now = documentSha256(request.subject, year);
    if (d.documentSha256 !== undefined && d.documentSha256 !== now) {
      throw new Conflict('decision.documentSha256', approvalsMessages.documentChanged(), now);
    }
    const errors = d.decision === 'approved' ? (await lintErrorsOf(tx, ctx.fiscalYearId, year))(request.subject) : [];
    if (errors.length && !d.reason) {
      throw new InputError('reason', approvalsMessages.lintNeedsReason({ errors }));
    }
    await updateDecision(tx, ctx.fiscalYearId, id, {
      decision: d.decision,
      decidedBy: principal.nameTh,
      decidedByPerson: principal.personId,
      comment: d.comment || null,
      documentSha256: now,
      overrideReason: errors.length ? (d.reason ?? null) : null,
    });
    await closeSubject(tx, ctx.orgId, `approval:${id}`);
    const name = DOCUMENT_KIND_NAMES[request.subject];
    const approved = d.decision === 'approved';
    await notify(
      tx,
      {
        kind: 'approval.decided',
        orgId: ctx.orgId,
        to: { people: asker ? [asker] : [] },
        subject: `approval-decided:${id}`,
        titleTh: `${approved ? 'อนุมัติแล้ว' : 'ไม่อนุมัติ'}: ${name.th} ปี ${ctx.year} (โดย ${principal.nameTh})`,
        titleEn: `${approved ? 'Approved' : 'Not approved'}: ${name.en}, ${ctx.year} (by ${principal.nameTh})`,
        link: `/staff/o/${encodeURIComponent(ctx.slug)}/${ctx.year}/approvals`,
      },
      new Date(),
    );
    return stateOf(tx, ctx, request.subject);
  });
}
