/**
 * What an approval approved, and whether it still holds. An approval stores the SHA-256 of the canonical JSON of
 * the data its document shows; when the data changes later, the hash of the year no longer matches and the
 * approval shows as out of date. The data is the year's, not the rendered file's, so that a new version of the
 * document templates does not void every approval.
 *
 * - analysis: the organisation, the year and its criteria year, the scores (and last year's), the analysis texts;
 * - measures-plan: that, and each measure as planned (without status, result and progress);
 * - measures-report: that, and each measure whole, with its progress and the evidence files (name, hash, period);
 * - measures-progress (the six-month report): that, each measure as planned, and only the progress that reports on
 *   the half year up to 31 March with its evidence files: what happens after it does not void the approval.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { lintDocument, type LintProblem } from '../documents/core/lint.ts';
import { DOCUMENT_KIND_NAMES } from '../documents/core/model.ts';
import { halfYearEnd, progressUpTo } from '../documents/core/progress.ts';
import { deriveYear } from '../model/derive.ts';
import { APPROVAL_SUBJECTS, type Approval, type ApprovalSubject, type Progress, type YearInput } from '../model/year.ts';
import { staleSections } from '../years/analysis.ts';
import { selectApprovalHashes } from './repo.ts';

/** JSON with the keys of every object in code-point order: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The data the document of a subject shows. */
export function approvalPayload(subject: ApprovalSubject, year: YearInput): unknown {
  const base = {
    subject,
    organisation: year.organisation,
    year: year.year,
    criteriaYear: year.criteriaYear,
    scores: year.scores,
    previousScores: year.previousScores,
    analysis: year.analysis,
  };
  if (subject === 'analysis') return base;
  if (subject === 'measures-plan') {
    return { ...base, measures: year.measures.map(({ status: _s, result: _r, progress: _p, ...planned }) => planned) };
  }
  const progressOf = (progress: readonly Progress[]) =>
    progress.map((p) => ({
      ...p,
      evidence: p.evidence.map((e) => ({ filename: e.filename, sha256: e.sha256, periodStart: e.periodStart, periodEnd: e.periodEnd, revision: e.revision })),
    }));
  if (subject === 'measures-progress') {
    const asOf = halfYearEnd(year.year);
    return {
      ...base,
      asOf,
      measures: year.measures.map((m) => {
        const { status: _s, result: _r, progress: _p, ...planned } = m;
        return { ...planned, progress: progressOf(progressUpTo(m, asOf)) };
      }),
    };
  }
  return { ...base, measures: year.measures.map((m) => ({ ...m, progress: progressOf(m.progress) })) };
}

export function documentSha256(subject: ApprovalSubject, year: YearInput): string {
  return createHash('sha256').update(canonicalJson(approvalPayload(subject, year)), 'utf8').digest('hex');
}

export interface ApprovalView extends Approval {
  /** The hash of the data when it was requested (status requested) or decided. */
  readonly documentSha256: string | null;
  /** The person who asked (null for requests recorded before people were, or imported): they may not decide. */
  readonly requestedByPerson: string | null;
  /** The executive's reason for approving while the linter reported errors in the document (null: none needed). */
  readonly overrideReason: string | null;
}

export interface ApprovalState {
  readonly subject: ApprovalSubject;
  readonly nameTh: string;
  readonly nameEn: string;
  /** The hash of the subject's data now. */
  readonly currentSha256: string;
  /** The request waiting for a decision, if any. */
  readonly pending: ApprovalView | null;
  /** True when the data changed after the pending request was made. */
  readonly changedSinceRequest: boolean;
  /** The latest approval given (an approval stands until a later one replaces it). */
  readonly approved: ApprovalView | null;
  /** True when there is an approval and the data is still what it approved. */
  readonly upToDate: boolean;
  /** Every request and decision, oldest first. */
  readonly history: readonly ApprovalView[];
  /** The linter's errors in the subject's document now: approving it then needs a reason. */
  readonly lintErrors: readonly LintProblem[];
}

/**
 * The approvals of a year (as loadYear reads them, oldest request first) with the hash each one holds.
 * `year` must be the year of `fiscalYearId`, read in the same transaction.
 */
export async function approvalViews(q: Queryable, fiscalYearId: string, year: YearInput): Promise<ApprovalView[]> {
  const rows = await selectApprovalHashes(q, fiscalYearId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return year.approvals.map((a) => {
    const r = byId.get(a.id);
    return { ...a, documentSha256: r?.document_sha256 ?? null, requestedByPerson: r?.requested_by_person ?? null, overrideReason: r?.override_reason ?? null };
  });
}

/** The linter's errors in the document of a subject (stale analysis texts included). */
export async function lintErrorsOf(q: Queryable, fiscalYearId: string, year: YearInput): Promise<(subject: ApprovalSubject) => LintProblem[]> {
  const data = deriveYear(year);
  const context = { staleAnalysis: await staleSections(q, fiscalYearId) };
  return (subject) => lintDocument(data, subject, context).filter((p) => p.severity === 'error');
}

/**
 * Each subject's approval state (or only those of `subjects`: one document's rendering needs one, and each state
 * lints its document) against the year as it is (`year` must be the year of `fiscalYearId`).
 */
export async function approvalStates(
  q: Queryable,
  fiscalYearId: string,
  year: YearInput,
  subjects: readonly ApprovalSubject[] = APPROVAL_SUBJECTS,
): Promise<ApprovalState[]> {
  const all = await approvalViews(q, fiscalYearId, year);
  const errorsOf = await lintErrorsOf(q, fiscalYearId, year);
  return subjects.map((subject) => {
    const history = all.filter((a) => a.subject === subject);
    const currentSha256 = documentSha256(subject, year);
    const pending = history.findLast((a) => a.status === 'requested') ?? null;
    const approved = history.findLast((a) => a.status === 'approved') ?? null;
    return {
      subject,
      nameTh: DOCUMENT_KIND_NAMES[subject].th,
      nameEn: DOCUMENT_KIND_NAMES[subject].en,
      currentSha256,
      pending,
      changedSinceRequest: pending !== null && pending.documentSha256 !== currentSha256,
      approved,
      upToDate: approved !== null && approved.documentSha256 === currentSha256,
      history,
      lintErrors: errorsOf(subject),
    };
  });
}
