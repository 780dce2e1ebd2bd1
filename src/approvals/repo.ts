/**
 * The approvals' own columns that the year (src/years/years.ts) does not carry: the hash of what was approved,
 * who asked, the reason for approving despite the linter. Rows are checked as they are read (src/db/rows.ts).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

const HashRow = z.strictObject({
  id: col.uuid,
  document_sha256: col.text.nullable(),
  requested_by_person: col.uuid.nullable(),
  override_reason: col.text.nullable(),
});
export type HashRow = z.output<typeof HashRow>;

/** The hash, asker and override reason of every approval of a fiscal year. */
export async function selectApprovalHashes(q: Queryable, fiscalYearId: string): Promise<HashRow[]> {
  return rows(q, HashRow, 'SELECT id, document_sha256, requested_by_person, override_reason FROM approvals WHERE fiscal_year_id = $1', [fiscalYearId]);
}

export interface ApprovalInsert {
  readonly fiscalYearId: string;
  readonly subject: string;
  readonly requestedBy: string;
  readonly requestedByPerson: string;
  readonly comment: string | null;
  readonly documentSha256: string;
}

/** Writes a request waiting for a decision; its id. */
export async function insertRequest(tx: Queryable, a: ApprovalInsert): Promise<string> {
  const row = await oneRow(
    tx,
    z.strictObject({ id: col.uuid }),
    `INSERT INTO approvals (fiscal_year_id, subject, status, requested_by, requested_by_person, requested_at, comment, document_sha256)
     VALUES ($1, $2, 'requested', $3, $4, now(), $5, $6) RETURNING id`,
    [a.fiscalYearId, a.subject, a.requestedBy, a.requestedByPerson, a.comment, a.documentSha256],
  );
  if (!row) throw new Error('INSERT INTO approvals … RETURNING id gave no row');
  return row.id;
}

/** The person who asked for an approval (null when not recorded); undefined when there is no such approval. */
export async function requestedByPerson(q: Queryable, id: string): Promise<string | null | undefined> {
  return (await oneRow(q, z.strictObject({ requested_by_person: col.uuid.nullable() }), 'SELECT requested_by_person FROM approvals WHERE id = $1', [id]))?.requested_by_person;
}

export interface ApprovalDecisionUpdate {
  readonly decision: 'approved' | 'rejected';
  readonly decidedBy: string;
  readonly decidedByPerson: string;
  /** null keeps the request's comment. */
  readonly comment: string | null;
  readonly documentSha256: string;
  readonly overrideReason: string | null;
}

/** Records the decision on a request of the fiscal year. */
export async function updateDecision(tx: Queryable, fiscalYearId: string, id: string, d: ApprovalDecisionUpdate): Promise<void> {
  await tx.query(
    `UPDATE approvals SET status = $2, decided_by = $3, decided_by_person = $4, decided_at = now(), comment = coalesce($5, comment), document_sha256 = $6,
            override_reason = $8
      WHERE id = $1 AND fiscal_year_id = $7`,
    [id, d.decision, d.decidedBy, d.decidedByPerson, d.comment, d.documentSha256, fiscalYearId, d.overrideReason],
  );
}
