/**
 * The portal's data: publications, their files (publication_files, the bytes in `files` by SHA-256) and the
 * portal settings, every row checked as it is read (src/db/rows.ts). Also read here, as no capability offers them
 * yet: the fiscal years of an organisation (fiscal_years) and whether its complaint channel is open
 * (complaint_orgs), and the organisation's record for the public portal (organisations).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { DOCUMENT_FORMATS, DOCUMENT_KINDS } from '../documents/core/index.ts';
import { ORG_KINDS } from '../model/year.ts';
import type { PublicationKind } from './paths.ts';

export const PUBLICATION_KINDS = ['oit', 'declaration', 'results', 'page'] as const satisfies readonly PublicationKind[];
export const PUBLICATION_STATUSES = ['draft', 'submitted', 'approved', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

const PUBLICATION_FIELDS = {
  id: col.uuid,
  org_id: col.uuid,
  fiscal_year_id: col.uuid.nullable(),
  kind: z.enum(PUBLICATION_KINDS),
  item_code: col.text.nullable(),
  title_th: col.text,
  status: z.enum(PUBLICATION_STATUSES),
  publish_at: col.timestamp.nullable(),
  version: col.int,
  supersedes_id: col.uuid.nullable(),
  content: col.json,
  created_by: col.text.nullable(),
  created_at: col.timestamp,
  updated_at: col.timestamp,
  preparer_ids: col.textArray,
  submitted_by: col.text.nullable(),
  submitted_at: col.timestamp.nullable(),
  decided_by_id: col.uuid.nullable(),
  decided_by: col.text.nullable(),
  decided_at: col.timestamp.nullable(),
  review_comment: col.text.nullable(),
  withdrawn_by: col.text.nullable(),
  withdrawn_at: col.timestamp.nullable(),
  withdrawn_reason: col.text.nullable(),
};
const PublicationRow = z.strictObject(PUBLICATION_FIELDS);
export type PublicationRow = z.output<typeof PublicationRow>;
const PUBLICATION_COLUMNS = Object.keys(PUBLICATION_FIELDS).join(', ');
const publicationColumns = (alias: string) => Object.keys(PUBLICATION_FIELDS).map((c) => `${alias}.${c}`).join(', ');

const Problem = z.object({ severity: z.string(), th: z.string(), en: z.string() });
const FILE_FIELDS = {
  publication_id: col.uuid,
  seq: col.int,
  role: z.enum(['attachment', 'document']),
  sha256: col.text,
  filename: col.text,
  media_type: col.text,
  size: col.int,
  label_th: col.text.nullable(),
  period_start: col.date.nullable(),
  period_end: col.date.nullable(),
  doc_kind: z.enum(DOCUMENT_KINDS).nullable(),
  doc_year: col.int.nullable(),
  doc_format: z.enum(DOCUMENT_FORMATS).nullable(),
  data_sha256: col.text.nullable(),
  problems: z.array(Problem).nullable(),
};
const FileRow = z.strictObject(FILE_FIELDS);
export type FileRow = z.output<typeof FileRow>;
const FILE_COLUMNS = Object.keys(FILE_FIELDS).join(', ');

// ---------------------------------------------------------------------------------------------------------
// Publications

/** Which versions a slot holds: its organisation, kind, fiscal year (null for pages) and item code. */
export interface SlotKey {
  readonly orgId: string;
  readonly kind: PublicationKind;
  readonly fiscalYearId: string | null;
  readonly itemCode: string | null;
}

/** The versions of a slot, newest first; `lock`: FOR UPDATE. */
export async function selectSlot(q: Queryable, slot: SlotKey, lock = false): Promise<PublicationRow[]> {
  return rows(
    q,
    PublicationRow,
    `SELECT ${PUBLICATION_COLUMNS} FROM publications
      WHERE org_id = $1 AND kind = $2 AND fiscal_year_id IS NOT DISTINCT FROM $3::uuid AND item_code IS NOT DISTINCT FROM $4::text
      ORDER BY version DESC${lock ? ' FOR UPDATE' : ''}`,
    [slot.orgId, slot.kind, slot.fiscalYearId, slot.itemCode],
  );
}

/** The title of the newest version of a free page, if it has one. */
export async function selectPageTitle(q: Queryable, orgId: string, page: string): Promise<string | undefined> {
  const row = await oneRow(
    q,
    z.strictObject({ title_th: col.text }),
    "SELECT title_th FROM publications WHERE org_id = $1 AND kind = 'page' AND item_code = $2 ORDER BY version DESC LIMIT 1",
    [orgId, page],
  );
  return row?.title_th;
}

/** Every version of a fiscal year's publications, newest first. */
export async function selectYearPublications(q: Queryable, orgId: string, fiscalYearId: string): Promise<PublicationRow[]> {
  return rows(q, PublicationRow, `SELECT ${PUBLICATION_COLUMNS} FROM publications WHERE org_id = $1 AND fiscal_year_id = $2 ORDER BY version DESC`, [orgId, fiscalYearId]);
}

/** Every version of the organisation's free pages, by page and newest first. */
export async function selectPages(q: Queryable, orgId: string): Promise<PublicationRow[]> {
  return rows(q, PublicationRow, `SELECT ${PUBLICATION_COLUMNS} FROM publications WHERE org_id = $1 AND kind = 'page' ORDER BY item_code, version DESC`, [orgId]);
}

export interface DraftInsert extends SlotKey {
  readonly titleTh: string;
  readonly version: number;
  readonly supersedesId: string | null;
  readonly content: unknown;
  readonly createdBy: string;
  readonly preparerIds: readonly string[];
}

/** A new draft (a unique violation, 23505, when another version took its number meanwhile). */
export async function insertDraft(tx: Queryable, d: DraftInsert): Promise<PublicationRow | undefined> {
  return oneRow(
    tx,
    PublicationRow,
    `INSERT INTO publications (org_id, fiscal_year_id, kind, item_code, title_th, status, version, supersedes_id, content, created_by, preparer_ids)
     VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10) RETURNING ${PUBLICATION_COLUMNS}`,
    [d.orgId, d.fiscalYearId, d.kind, d.itemCode, d.titleTh, d.version, d.supersedesId, JSON.stringify(d.content), d.createdBy, d.preparerIds],
  );
}

/** Copies the attachments of a version (`from`) to a new draft, numbered from 1. */
export async function copyAttachments(tx: Queryable, to: string, from: string): Promise<void> {
  await tx.query(
    `INSERT INTO publication_files (publication_id, seq, role, sha256, filename, media_type, size, label_th, period_start, period_end)
     SELECT $1, row_number() OVER (ORDER BY seq), role, sha256, filename, media_type, size, label_th, period_start, period_end
       FROM publication_files WHERE publication_id = $2 AND role = 'attachment'`,
    [to, from],
  );
}

/** A draft's content, title (kept when null) and preparers. */
export async function updateDraft(tx: Queryable, id: string, content: unknown, titleTh: string | null, preparerIds: readonly string[]): Promise<void> {
  await tx.query(`UPDATE publications SET content = $2, title_th = coalesce($3, title_th), preparer_ids = $4, updated_at = now() WHERE id = $1`, [
    id,
    JSON.stringify(content),
    titleTh,
    preparerIds,
  ]);
}

/** A draft's preparers, and its version (updated_at) moved on. */
export async function touchDraft(tx: Queryable, id: string, preparerIds: readonly string[]): Promise<void> {
  await tx.query('UPDATE publications SET preparer_ids = $2, updated_at = now() WHERE id = $1', [id, preparerIds]);
}

export async function deleteDraft(tx: Queryable, id: string): Promise<void> {
  await tx.query("DELETE FROM publications WHERE id = $1 AND status = 'draft'", [id]);
}

export interface Submission {
  readonly content: unknown;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly preparerIds: readonly string[];
}

export async function markSubmitted(tx: Queryable, id: string, s: Submission): Promise<void> {
  await tx.query(
    `UPDATE publications SET status = 'submitted', content = $2, submitted_by = $3, submitted_at = $4, preparer_ids = $5, review_comment = NULL, updated_at = now()
      WHERE id = $1`,
    [id, JSON.stringify(s.content), s.submittedBy, s.submittedAt, s.preparerIds],
  );
}

/** A submitted version back to draft: its rendered documents dropped, its results snapshot emptied. */
export async function markDraftAgain(tx: Queryable, id: string, comment: string | null): Promise<void> {
  await tx.query("UPDATE publications SET status = 'draft', review_comment = $2, submitted_by = NULL, submitted_at = NULL, updated_at = now() WHERE id = $1", [id, comment]);
  await tx.query("DELETE FROM publication_files WHERE publication_id = $1 AND role = 'document'", [id]);
  await tx.query("UPDATE publications SET content = content || '{\"snapshot\": null}'::jsonb WHERE id = $1", [id]);
}

export interface Decision {
  readonly publishAt: string;
  readonly deciderId: string;
  readonly deciderName: string;
  readonly decidedAt: string;
}

export async function markApproved(tx: Queryable, id: string, d: Decision): Promise<void> {
  await tx.query("UPDATE publications SET status = 'approved', publish_at = $2, decided_by_id = $3, decided_by = $4, decided_at = $5, updated_at = now() WHERE id = $1", [
    id,
    d.publishAt,
    d.deciderId,
    d.deciderName,
    d.decidedAt,
  ]);
}

export async function markWithdrawn(tx: Queryable, id: string, by: string, at: string, reason: string): Promise<void> {
  await tx.query("UPDATE publications SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = $3, withdrawn_reason = $4, updated_at = now() WHERE id = $1", [id, by, at, reason]);
}

// ---------------------------------------------------------------------------------------------------------
// Files

/** The files of some publications, in order. */
export async function selectFiles(q: Queryable, ids: readonly string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return rows(q, FileRow, `SELECT ${FILE_COLUMNS} FROM publication_files WHERE publication_id = ANY($1::uuid[]) ORDER BY publication_id, seq`, [ids]);
}

/** How many attachments a draft has, and the number of its next file. */
export async function countFiles(tx: Queryable, publicationId: string): Promise<{ attachments: number; next: number }> {
  const row = await oneRow(
    tx,
    z.strictObject({ n: col.int, next: col.int }),
    "SELECT count(*) FILTER (WHERE role = 'attachment')::int AS n, coalesce(max(seq), 0)::int + 1 AS next FROM publication_files WHERE publication_id = $1",
    [publicationId],
  );
  return { attachments: row?.n ?? 0, next: row?.next ?? 1 };
}

export interface AttachmentInsert {
  readonly seq: number;
  readonly sha256: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
  readonly labelTh: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
}

export async function insertAttachment(tx: Queryable, publicationId: string, a: AttachmentInsert): Promise<void> {
  await tx.query(
    `INSERT INTO publication_files (publication_id, seq, role, sha256, filename, media_type, size, label_th, period_start, period_end)
     VALUES ($1, $2, 'attachment', $3, $4, $5, $6, $7, $8, $9)`,
    [publicationId, a.seq, a.sha256, a.filename, a.mediaType, a.size, a.labelTh, a.periodStart, a.periodEnd],
  );
}

export interface DocumentInsert {
  readonly seq: number;
  readonly sha256: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
  readonly labelTh: string;
  readonly docKind: string;
  readonly docYear: number;
  readonly docFormat: string;
  readonly dataSha256: string;
  readonly problems: unknown;
}

export async function insertDocument(tx: Queryable, publicationId: string, d: DocumentInsert): Promise<void> {
  await tx.query(
    `INSERT INTO publication_files (publication_id, seq, role, sha256, filename, media_type, size, label_th, doc_kind, doc_year, doc_format, data_sha256, problems)
     VALUES ($1, $2, 'document', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [publicationId, d.seq, d.sha256, d.filename, d.mediaType, d.size, d.labelTh, d.docKind, d.docYear, d.docFormat, d.dataSha256, JSON.stringify(d.problems)],
  );
}

/** Removes an attachment of a draft; false when it has none numbered `seq`. */
export async function deleteAttachment(tx: Queryable, publicationId: string, seq: number): Promise<boolean> {
  const removed = await rows(tx, z.strictObject({ seq: col.int }), "DELETE FROM publication_files WHERE publication_id = $1 AND seq = $2 AND role = 'attachment' RETURNING seq", [
    publicationId,
    seq,
  ]);
  return removed.length > 0;
}

/** Stores bytes once by their SHA-256 (`files`). */
export async function insertBytes(q: Queryable, sha256: string, bytes: Uint8Array): Promise<void> {
  await q.query('INSERT INTO files (sha256, size, bytes) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [sha256, bytes.length, bytes]);
}

/** The bytes stored under a SHA-256. */
export async function selectBytes(q: Queryable, sha256: string): Promise<Uint8Array | undefined> {
  return (await oneRow(q, z.strictObject({ bytes: col.bytes }), 'SELECT bytes FROM files WHERE sha256 = $1', [sha256]))?.bytes;
}

const StagedRow = z.strictObject({ bytes: col.bytes, filename: col.text, media_type: col.text, sha256: col.text });

/** A file of one of the organisation's versions, with its bytes. */
export async function selectStagedFile(q: Queryable, orgId: string, publicationId: string, seq: number): Promise<z.output<typeof StagedRow> | undefined> {
  return oneRow(
    q,
    StagedRow,
    `SELECT f.bytes, pf.filename, pf.media_type, pf.sha256 FROM publication_files pf
       JOIN publications p ON p.id = pf.publication_id JOIN files f ON f.sha256 = pf.sha256
      WHERE p.org_id = $1 AND pf.publication_id = $2 AND pf.seq = $3`,
    [orgId, publicationId, seq],
  );
}

// ---------------------------------------------------------------------------------------------------------
// The public side

const StateRow = z.strictObject({
  id: col.uuid,
  slug: col.text,
  name_th: col.text,
  name_en: col.text.nullable(),
  kind: z.enum(ORG_KINDS),
  subdistrict: col.text.nullable(),
  district: col.text.nullable(),
  province: col.text.nullable(),
  website: col.text.nullable(),
  org_updated: col.timestamp,
  description_th: col.text.nullable(),
  maintainer_th: col.text.nullable(),
  contact_email: col.text.nullable(),
  contact_phone: col.text.nullable(),
  license_id: col.text.nullable(),
  settings_updated: col.timestamp.nullable(),
  visible: col.text,
  changed: col.timestamp.nullable(),
  next_due: col.timestamp.nullable(),
  last_public: col.timestamp.nullable(),
});
export type StateRow = z.output<typeof StateRow>;

/** The organisation of a slug, its portal settings, and what of its publications is visible at `now`. */
export async function selectPortalState(q: Queryable, slug: string, now: string): Promise<StateRow | undefined> {
  return oneRow(
    q,
    StateRow,
    `SELECT o.id, o.slug, o.name_th, o.name_en, o.kind, o.subdistrict, o.district, o.province, o.website, o.updated_at AS org_updated,
            s.description_th, s.maintainer_th, s.contact_email, s.contact_phone, s.license_id, s.updated_at AS settings_updated,
            e.visible, e.changed, e.next_due, e.last_public
       FROM organisations o
       LEFT JOIN portal_settings s ON s.org_id = o.id
       CROSS JOIN LATERAL (
         SELECT md5(coalesce(string_agg(p.id::text, ',' ORDER BY p.id) FILTER (WHERE p.status = 'approved' AND p.publish_at <= $2), '')) AS visible,
                max(p.updated_at) FILTER (WHERE p.status IN ('approved', 'withdrawn')) AS changed,
                min(p.publish_at) FILTER (WHERE p.status = 'approved' AND p.publish_at > $2) AS next_due,
                greatest(max(p.publish_at) FILTER (WHERE p.status = 'approved' AND p.publish_at <= $2),
                         max(p.withdrawn_at) FILTER (WHERE p.status = 'withdrawn' AND p.withdrawn_at <= $2)) AS last_public
           FROM publications p WHERE p.org_id = o.id
       ) e
      WHERE o.slug = $1`,
    [slug, now],
  );
}

const PublicRow = z.strictObject({ ...PUBLICATION_FIELDS, fy_year: col.int.nullable(), fy_criteria_year: col.int.nullable() });
export type PublicRow = z.output<typeof PublicRow>;

/** The versions public at `now` and those withdrawn after being public, with their fiscal years. */
export async function selectPublic(q: Queryable, orgId: string, now: string): Promise<PublicRow[]> {
  return rows(
    q,
    PublicRow,
    `SELECT ${publicationColumns('p')}, f.year AS fy_year, f.criteria_year AS fy_criteria_year
       FROM publications p LEFT JOIN fiscal_years f ON f.id = p.fiscal_year_id AND f.org_id = p.org_id
      WHERE p.org_id = $1
        AND ((p.status = 'approved' AND p.publish_at <= $2) OR (p.status = 'withdrawn' AND p.publish_at <= p.withdrawn_at AND p.withdrawn_at <= $2))
      ORDER BY p.publish_at DESC, p.version DESC`,
    [orgId, now],
  );
}

/** Whether the organisation opened its complaint channel (complaint_orgs, owned by src/complaints). */
export async function selectChannelOpened(q: Queryable, orgId: string): Promise<boolean> {
  const row = await oneRow(q, z.strictObject({ open: col.bool }), 'SELECT EXISTS (SELECT 1 FROM complaint_orgs WHERE org_id = $1) AS open', [orgId]);
  return row?.open === true;
}

// ---------------------------------------------------------------------------------------------------------
// Fiscal years (fiscal_years, owned by src/years)

/** The organisation's fiscal years, newest first; only those among `among` when given. */
export async function selectYears(q: Queryable, orgId: string, among?: readonly number[]): Promise<number[]> {
  const Year = z.strictObject({ year: col.int });
  const found = among
    ? await rows(q, Year, 'SELECT year FROM fiscal_years WHERE org_id = $1 AND year = ANY($2::int[])', [orgId, among])
    : await rows(q, Year, 'SELECT year FROM fiscal_years WHERE org_id = $1 ORDER BY year DESC', [orgId]);
  return found.map((y) => y.year);
}

// ---------------------------------------------------------------------------------------------------------
// Settings

const SettingsRow = z.strictObject({
  description_th: col.text.nullable(),
  maintainer_th: col.text.nullable(),
  contact_email: col.text.nullable(),
  contact_phone: col.text.nullable(),
  license_id: col.text,
});
export type SettingsRow = z.output<typeof SettingsRow>;

export async function selectSettings(q: Queryable, orgId: string): Promise<SettingsRow | undefined> {
  return oneRow(q, SettingsRow, 'SELECT description_th, maintainer_th, contact_email, contact_phone, license_id FROM portal_settings WHERE org_id = $1', [orgId]);
}

export interface SettingsUpsert {
  readonly descriptionTh: string | null;
  readonly maintainerTh: string | null;
  readonly contactEmail: string | null;
  readonly contactPhone: string | null;
  readonly licenseId: string;
}

/** Writes the settings (nothing, not even updated_at, when they are the same). */
export async function upsertSettings(tx: Queryable, orgId: string, s: SettingsUpsert): Promise<void> {
  await tx.query(
    `INSERT INTO portal_settings (org_id, description_th, maintainer_th, contact_email, contact_phone, license_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (org_id) DO UPDATE SET description_th = EXCLUDED.description_th, maintainer_th = EXCLUDED.maintainer_th, contact_email = EXCLUDED.contact_email,
       contact_phone = EXCLUDED.contact_phone, license_id = EXCLUDED.license_id, updated_at = now()
     WHERE (portal_settings.description_th, portal_settings.maintainer_th, portal_settings.contact_email, portal_settings.contact_phone, portal_settings.license_id)
       IS DISTINCT FROM (EXCLUDED.description_th, EXCLUDED.maintainer_th, EXCLUDED.contact_email, EXCLUDED.contact_phone, EXCLUDED.license_id)`,
    [orgId, s.descriptionTh, s.maintainerTh, s.contactEmail, s.contactPhone, s.licenseId],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Approved documents published at once (publications-approved.ts)

/** A draft made of approved documents: submitted by those who asked for the approvals, at `at`. */
export async function markSubmittedBy(tx: Queryable, id: string, content: unknown, preparedBy: string, preparerIds: readonly string[], at: string): Promise<void> {
  await tx.query(
    `UPDATE publications SET content = $2, created_by = $3, preparer_ids = $4, status = 'submitted', submitted_by = $3, submitted_at = $5, updated_at = now() WHERE id = $1`,
    [id, JSON.stringify(content), preparedBy, preparerIds, at],
  );
}

