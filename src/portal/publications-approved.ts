/**
 * An approved document on the portal without preparing it a second time (issue 16): where an OIT item is the
 * document itself — the measures item (plan and analysis) and the report on the measures (src/app/
 * publication-content.ts, suggestedContent) — the executive's approval of those documents is what the item's
 * publication needs. `publishApproved` publishes, for one fiscal year, every such item whose documents are all
 * approved and still what was approved, and which the portal does not show with that data already: a new version
 * with the item's documents (and, when the item had a version before, its text, links and attachments), prepared by
 * whoever asked for the approvals and approved, now, by the executive who calls it. Items that staff are preparing
 * (a draft or a version waiting for approval) are left to them.
 *
 * Who: publication.approve (the executive), as for approving any version; never on documents whose approval they
 * asked for themselves (OwnWork, as approveVersion). The documents are rendered before the transaction, which then
 * checks that nobody started a version of the item meanwhile.
 */
import type { Db } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { criteriaOf } from '../ita/index.ts';
import { write } from '../app/actor.ts';
import { approvalStates, type ApprovalState } from '../approvals/state.ts';
import { decideApproval, type ApprovalDecision } from '../approvals/approvals.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { resolveYear, type YearRef } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { contentSchema, suggestedContent, type Content } from './publication-content.ts';
import { filesOf, isOpen, openDraft, resolveSlot, slotRows, type SlotRef, type SubmitOptions } from './publications.ts';
import { renderDocuments, saveRendered } from './publication-render.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { loadYear } from '../years/years.ts';
import { markApproved, markSubmittedBy } from './repo.ts';

export interface PublishedItem {
  readonly code: string;
  readonly version: number;
  readonly titleTh: string;
}

/** What the item's documents rest on: each one's data hash, and who asked for its approval. */
interface Approved {
  readonly hashes: ReadonlySet<string>;
  readonly requesters: readonly { personId: string; nameTh: string }[];
}

/** The approvals of the documents of `content`, when every one is approved and up to date; null otherwise. */
async function approvedDocuments(db: Db, principal: Principal, org: string, content: Content): Promise<Approved | null> {
  const hashes = new Set<string>();
  const requesters = new Map<string, string>();
  for (const ref of content.documents) {
    const ctx = await resolveYear(db, principal, { org, year: ref.year }).catch((error: unknown) => {
      if (error instanceof NotFound) return null; // a year the organisation does not have: nothing approved
      throw error;
    });
    if (!ctx) return null;
    const state = (await approvalStates(db, ctx.fiscalYearId, await loadYear(db, ctx.slug, ctx.year))).find((s) => s.subject === ref.kind);
    if (!state?.upToDate || !state.approved) return null;
    hashes.add(`${ref.kind}:${ref.year}:${state.currentSha256}`);
    if (state.approved.requestedByPerson) requesters.set(state.approved.requestedByPerson, state.approved.requestedBy ?? '');
  }
  return { hashes, requesters: [...requesters].map(([personId, nameTh]) => ({ personId, nameTh })) };
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/**
 * Publishes the OIT items of a fiscal year that are approved documents (see the top of this file). Returns what
 * it published; nothing when there is nothing new to publish.
 */
export async function publishApproved(db: Db, principal: Principal, ref: YearRef, options: SubmitOptions): Promise<PublishedItem[]> {
  const ctx = await resolveYear(db, principal, ref, 'publication.approve');
  const published: PublishedItem[] = [];
  for (const item of criteriaOf(ctx).oitItems) {
    const suggested = suggestedContent(item, ctx.year);
    if (suggested.documents.length === 0) continue;
    const slotRef: SlotRef = { org: ctx.slug, slot: { kind: 'oit', year: ctx.year, code: item.code } };
    const slot = await resolveSlot(db, principal, slotRef, 'publication.approve');
    const rows = await slotRows(db, slot);
    if (rows.some(isOpen)) continue;
    const base = rows.find((r) => r.status === 'approved') ?? null;
    const content: Content = base ? { ...contentSchema.parse(base.content ?? {}), documents: suggested.documents, snapshot: null } : suggested;
    const approved = await approvedDocuments(db, principal, ctx.slug, content);
    if (!approved || approved.requesters.some((r) => r.personId === principal.personId)) continue;
    if (base) {
      const shown = new Set((await filesOf(db, [base.id])).filter((f) => f.role === 'document').map((f) => `${f.doc_kind}:${f.doc_year}:${f.data_sha256}`));
      if (sameSet(shown, approved.hashes)) continue;
    }
    const rendered = await renderDocuments(db, slot, content, options.browser, todayInBangkok(options.now));
    const preparedBy = approved.requesters.map((r) => r.nameTh).join(', ') || principal.nameTh;
    const row = await write(db, actorOf(principal), slot.orgId, async (tx) => {
      const locked = await slotRows(tx, slot, true);
      if (locked.some(isOpen) || (locked.find((r) => r.status === 'approved')?.id ?? null) !== (base?.id ?? null)) return null;
      const draft = await openDraft(tx, principal, slot, locked, content, null);
      await saveRendered(tx, draft.id, rendered);
      const at = options.now.toISOString();
      await markSubmittedBy(tx, draft.id, content, preparedBy, approved.requesters.map((r) => r.personId), at);
      await markApproved(tx, draft.id, { publishAt: at, deciderId: principal.personId, deciderName: principal.nameTh, decidedAt: at });
      return draft;
    });
    if (row) published.push({ code: item.code, version: row.version, titleTh: row.title_th });
  }
  return published;
}

export interface DecidedAndPublished {
  readonly state: ApprovalState;
  /** The OIT items the approval made public now. */
  readonly published: readonly PublishedItem[];
  /** Why they could not be published (e.g. no Chromium for the PDFs): the approval stands all the same. */
  readonly publishProblem: InputError | null;
}

/**
 * The executive's decision on a document (decideApproval); an approval then publishes the year's OIT items that are
 * approved documents (publishApproved), so that the executive approves once and the item is on the portal.
 */
export async function decideAndPublish(db: Db, principal: Principal, ref: YearRef, approvalId: string, decision: ApprovalDecision, options: SubmitOptions): Promise<DecidedAndPublished> {
  const state = await decideApproval(db, principal, ref, approvalId, decision);
  if (decision.decision !== 'approved') return { state, published: [], publishProblem: null };
  try {
    return { state, published: await publishApproved(db, principal, ref, options), publishProblem: null };
  } catch (error) {
    if (error instanceof InputError) return { state, published: [], publishProblem: error };
    throw error;
  }
}
