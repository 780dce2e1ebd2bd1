/**
 * Evidence of progress: files attached to a progress entry, with the period they cover.
 *
 * - Upload: the size is limited (20 MB by default; PRONGSAI_EVIDENCE_MAX_MB or the `maxBytes` option) and the
 *   type is decided by the content (src/measures/file-types.ts): PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX only; the name
 *   and the declared type must agree with it. The bytes are stored once, addressed by their SHA-256, in the files
 *   table, however many records point to them.
 * - Revisions: a replacement keeps the file it replaces (revision + 1, replaces_id); only the latest revision of
 *   a file counts for the monthly reporting, and only it can be replaced or reviewed.
 * - Review: someone with evidence.review accepts or rejects a revision (a rejection says why); rejected evidence
 *   does not count for its months.
 * - Download: the bytes with a media type checked again by content (anything else goes out as
 *   application/octet-stream) and a Content-Disposition that is always an attachment, never inline.
 *
 * Who: progress.write on any measure, or a unit head on the measures of their unit, uploads; evidence.review
 * reviews; year.read lists and downloads.
 */
import { z } from 'zod';
import { configValue } from '../config.ts';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import type { Evidence, YearInput } from '../model/year.ts';
import type { Principal } from '../app/authz.ts';
import { resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import { writeYear } from '../years/edit.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { attachmentDisposition, checkFile, safeMediaType } from './file-types.ts';
import { parseInput, periodProblems, requireUuid, throwAll } from '../app/input.ts';
import { authorizeReporting } from './measures.ts';
import { findEntry } from './progress.ts';
import { sha256Hex, storeFile } from '../portal/publication-files.ts';
import { evidenceReviews, type ReviewStatus } from './reporting.ts';
import { loadYear } from '../years/years.ts';
import { measuresMessages } from './messages.ts';
import { fileBytes, insertEvidence, updateEvidenceReview } from './repo.ts';

/** The largest evidence file taken: PRONGSAI_EVIDENCE_MAX_MB (src/config.ts), default 20 MB. */
export function maxEvidenceBytes(env: NodeJS.ProcessEnv = process.env): number {
  return Math.floor(configValue('PRONGSAI_EVIDENCE_MAX_MB', env) * 1024 * 1024);
}

export interface EvidenceView extends Evidence {
  readonly progressId: string;
  readonly measureId: string;
  /** The period counted for the monthly reporting: the evidence's own, else its progress entry's. */
  readonly covers: { readonly start: string; readonly end: string };
  readonly reviewStatus: ReviewStatus;
  readonly reviewedBy: string | null;
  readonly reviewedAt: string | null;
  readonly reviewNote: string | null;
  /** The later revision that replaced this one, if any. */
  readonly replacedById: string | null;
}

/** Every evidence record of the year as views, oldest upload first, read inside `q` (with the year when read). */
async function evidenceViews(q: Queryable, ctx: YearContext, read?: YearInput): Promise<EvidenceView[]> {
  // One after the other: `q` may be a transaction, whose one connection runs one query at a time.
  const year = read ?? (await loadYear(q, ctx.slug, ctx.year));
  const reviews = await evidenceReviews(q, ctx.fiscalYearId);
  const all = year.measures.flatMap((m) => m.progress.flatMap((p) => p.evidence.map((e) => ({ m, p, e }))));
  const replacedBy = new Map<string, Evidence>();
  for (const { e } of all) {
    const before = e.replacesId === null ? undefined : replacedBy.get(e.replacesId);
    if (e.replacesId !== null && (!before || before.revision < e.revision)) replacedBy.set(e.replacesId, e);
  }
  return all
    .map(({ m, p, e }): EvidenceView => {
      const review = reviews.get(e.id);
      return {
        ...e,
        progressId: p.id,
        measureId: m.id,
        covers: { start: e.periodStart ?? p.periodStart, end: e.periodEnd ?? p.periodEnd },
        reviewStatus: review?.status ?? 'pending',
        reviewedBy: review?.by ?? null,
        reviewedAt: review?.at ?? null,
        reviewNote: review?.note ?? null,
        replacedById: replacedBy.get(e.id)?.id ?? null,
      };
    })
    .sort((a, b) => (a.uploadedAt ?? '').localeCompare(b.uploadedAt ?? '') || a.revision - b.revision || a.id.localeCompare(b.id));
}

const evidenceNotFound = (id: string) => new NotFound('evidenceId', measuresMessages.noEvidence({ id }));

async function evidenceIn(q: Queryable, ctx: YearContext, id: string): Promise<EvidenceView> {
  const found = (await evidenceViews(q, ctx)).find((e) => e.id === id);
  if (!found) throw evidenceNotFound(id);
  return found;
}

/** The evidence of a year, of one measure or of one progress entry, oldest first. */
export async function listEvidence(
  db: Queryable,
  principal: Principal,
  ref: YearRef,
  filter: { readonly measureId?: string; readonly progressId?: string } = {},
): Promise<EvidenceView[]> {
  const ctx = await resolveYear(db, principal, ref);
  const measureId = filter.measureId === undefined ? null : requireUuid(filter.measureId, 'measureId', measuresMessages.noMeasureId);
  const progressId = filter.progressId === undefined ? null : requireUuid(filter.progressId, 'progressId', measuresMessages.noEntryId);
  return (await evidenceViews(db, ctx)).filter((e) => (measureId === null || e.measureId === measureId) && (progressId === null || e.progressId === progressId));
}

const uploadSchema = z
  .object({
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { error: measuresMessages.code('fileBytes') }),
    filename: z.string().max(1000),
    declaredType: z.string().max(200).nullable().optional(),
    periodStart: z.string().nullable().optional(),
    periodEnd: z.string().nullable().optional(),
    /** The evidence this upload replaces (a new revision of it). */
    replacesId: z.string().nullable().optional(),
  })
  .strict();
export type EvidenceUpload = z.input<typeof uploadSchema>;

/**
 * Attaches a file to a progress entry (or replaces an earlier revision of one). Checked in this order: who may,
 * the entry exists in this year, the size, the content's type, the period. Nothing is stored when any check fails.
 */
export async function uploadEvidence(
  db: Db,
  principal: Principal,
  ref: YearRef,
  progressId: string,
  upload: EvidenceUpload,
  options: { readonly maxBytes?: number } = {},
): Promise<EvidenceView> {
  const ctx = await resolveYear(db, principal, ref, ['progress.write', 'measure.unit.write']);
  const pid = requireUuid(progressId, 'progressId', measuresMessages.noEntryId);
  authorizeReporting(principal, ctx, findEntry(await loadYear(db, ctx.slug, ctx.year), pid).measure);
  const input = parseInput(uploadSchema, upload, 'evidence');
  const file = checkFile(input.bytes, input.filename, input.declaredType ?? null, options.maxBytes ?? maxEvidenceBytes());
  const replacesId = input.replacesId ? requireUuid(input.replacesId, 'replacesId', measuresMessages.noEvidenceId) : null;
  const sha256 = sha256Hex(input.bytes);
  return writeYear(db, principal, ctx, async (tx) => {
    const year = await loadYear(tx, ctx.slug, ctx.year);
    const { entry } = findEntry(year, pid);
    const views = await evidenceViews(tx, ctx, year);
    let revision = 1;
    let period = { start: input.periodStart ?? null, end: input.periodEnd ?? null };
    if (replacesId !== null) {
      const old = views.find((e) => e.id === replacesId);
      if (!old) throw evidenceNotFound(replacesId);
      if (old.progressId !== entry.id) {
        throw new InputError('replacesId', measuresMessages.replaceOtherEntry());
      }
      if (old.replacedById !== null) {
        throw new Conflict('replacesId', measuresMessages.alreadyReplaced(), old.replacedById);
      }
      revision = old.revision + 1;
      if (input.periodStart === undefined && input.periodEnd === undefined) period = { start: old.periodStart, end: old.periodEnd };
    } else {
      const same = views.find((e) => e.progressId === entry.id && e.sha256 === sha256 && e.replacedById === null);
      if (same) throw new InputError('file', measuresMessages.alreadyAttached({ filename: same.filename }));
    }
    throwAll(periodProblems('evidence.period', period.start, period.end, ctx.year));
    await storeFile(tx, input.bytes);
    const id = await insertEvidence(tx, {
      progressId: entry.id,
      sha256,
      filename: file.filename,
      mediaType: file.mediaType,
      size: input.bytes.length,
      periodStart: period.start,
      periodEnd: period.end,
      revision,
      replacesId,
      uploadedBy: principal.nameTh,
    });
    return evidenceIn(tx, ctx, id);
  });
}

export const reviewSchema = z
  .object({
    decision: z.enum(['accepted', 'rejected']),
    note: z.string().trim().max(4000).nullable().optional(),
  })
  .strict();
export type EvidenceReview = z.input<typeof reviewSchema>;

/** Accepts or rejects the latest revision of a file; a rejection must say why. */
export async function reviewEvidence(db: Db, principal: Principal, ref: YearRef, evidenceId: string, review: EvidenceReview): Promise<EvidenceView> {
  const ctx = await resolveYear(db, principal, ref, 'evidence.review');
  const id = requireUuid(evidenceId, 'evidenceId', measuresMessages.noEvidenceId);
  const { decision, note } = parseInput(reviewSchema, review, 'review');
  if (decision === 'rejected' && !note) {
    throw new InputError('review.note', measuresMessages.rejectNeedsNote());
  }
  return writeYear(db, principal, ctx, async (tx) => {
    const current = await evidenceIn(tx, ctx, id);
    if (current.replacedById !== null) {
      throw new Conflict('evidenceId', measuresMessages.reviewReplaced(), current.replacedById);
    }
    await updateEvidenceReview(tx, id, decision, principal.nameTh, note || null);
    return evidenceIn(tx, ctx, id);
  });
}

export interface EvidenceDownload {
  readonly bytes: Buffer;
  /** Checked by content: one of the accepted types, else application/octet-stream. */
  readonly mediaType: string;
  readonly filename: string;
  /** Always `attachment`: the file is never shown inline. */
  readonly contentDisposition: string;
  readonly size: number;
  readonly sha256: string;
}

export async function downloadEvidence(db: Queryable, principal: Principal, ref: YearRef, evidenceId: string): Promise<EvidenceDownload> {
  const ctx = await resolveYear(db, principal, ref);
  const id = requireUuid(evidenceId, 'evidenceId', measuresMessages.noEvidenceId);
  const e = await evidenceIn(db, ctx, id);
  const stored = await fileBytes(db, e.sha256);
  if (!stored) throw evidenceNotFound(id);
  const bytes = Buffer.from(stored);
  return { bytes, mediaType: safeMediaType(bytes), filename: e.filename, contentDisposition: attachmentDisposition(e.filename), size: bytes.length, sha256: e.sha256 };
}
