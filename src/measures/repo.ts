/**
 * The data of measures, their progress entries and evidence that the year (src/years/years.ts) does not carry:
 * versions, evidence records and their reviews, the stored bytes of a file. Rows are checked as they are read
 * (src/db/rows.ts). The year itself is read and written through src/years/.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

const Version = z.strictObject({ id: col.uuid, updated_at: col.timestamp });

/** The version (updated_at) of every measure of a fiscal year, by id. */
export async function measureVersions(q: Queryable, fiscalYearId: string): Promise<Map<string, string>> {
  const found = await rows(q, Version, 'SELECT id, updated_at FROM measures WHERE fiscal_year_id = $1', [fiscalYearId]);
  return new Map(found.map((r) => [r.id, r.updated_at]));
}

/** Which of `ids` are measures of the organisation (any year): the table fiscal_years is read for the year's organisation. */
export async function measuresOfOrg(q: Queryable, orgId: string, ids: readonly string[]): Promise<Set<string>> {
  const found = await rows(
    q,
    z.strictObject({ id: col.uuid }),
    'SELECT m.id FROM measures m JOIN fiscal_years f ON f.id = m.fiscal_year_id WHERE f.org_id = $1 AND m.id::text = ANY($2::text[])',
    [orgId, ids],
  );
  return new Set(found.map((r) => r.id));
}

/** The version (updated_at) of every progress entry of a measure, by id. */
export async function progressVersions(q: Queryable, measureId: string): Promise<Map<string, string>> {
  const found = await rows(q, Version, 'SELECT id, updated_at FROM progress_entries WHERE measure_id = $1', [measureId]);
  return new Map(found.map((r) => [r.id, r.updated_at]));
}

export const REVIEW_STATUSES = ['pending', 'accepted', 'rejected'] as const;

const ReviewRow = z.strictObject({
  id: col.uuid,
  review_status: z.enum(REVIEW_STATUSES),
  reviewed_by: col.text.nullable(),
  reviewed_at: col.timestamp.nullable(),
  review_note: col.text.nullable(),
});
export type ReviewRow = z.output<typeof ReviewRow>;

/** The review columns of every evidence record of a fiscal year. */
export async function selectEvidenceReviews(q: Queryable, fiscalYearId: string): Promise<ReviewRow[]> {
  return rows(
    q,
    ReviewRow,
    `SELECT e.id, e.review_status, e.reviewed_by, e.reviewed_at, e.review_note FROM evidence e
       JOIN progress_entries p ON p.id = e.progress_id JOIN measures m ON m.id = p.measure_id
      WHERE m.fiscal_year_id = $1`,
    [fiscalYearId],
  );
}

export interface EvidenceInsert {
  readonly progressId: string;
  readonly sha256: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly revision: number;
  readonly replacesId: string | null;
  readonly uploadedBy: string;
}

/** Writes an evidence record (its file stored already); its id. */
export async function insertEvidence(tx: Queryable, e: EvidenceInsert): Promise<string> {
  const row = await oneRow(
    tx,
    z.strictObject({ id: col.uuid }),
    `INSERT INTO evidence (progress_id, sha256, filename, media_type, size, period_start, period_end, revision, replaces_id, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [e.progressId, e.sha256, e.filename, e.mediaType, e.size, e.periodStart, e.periodEnd, e.revision, e.replacesId, e.uploadedBy],
  );
  if (!row) throw new Error('INSERT INTO evidence … RETURNING id gave no row');
  return row.id;
}

/** Records a reviewer's decision on an evidence record. */
export async function updateEvidenceReview(tx: Queryable, id: string, decision: 'accepted' | 'rejected', by: string, note: string | null): Promise<void> {
  await tx.query(`UPDATE evidence SET review_status = $2, reviewed_by = $3, reviewed_at = now(), review_note = $4 WHERE id = $1`, [id, decision, by, note]);
}

/** The stored bytes of a file by its SHA-256 (the table files, shared with the portal's files); undefined when absent. */
export async function fileBytes(q: Queryable, sha256: string): Promise<Uint8Array | undefined> {
  return (await oneRow(q, z.strictObject({ bytes: col.bytes }), 'SELECT bytes FROM files WHERE sha256 = $1', [sha256]))?.bytes;
}
