/**
 * The official documents of an organisation's year (the plan of measures, the report on them, the analysis),
 * rendered through src/documents as PDF, DOCX, HTML or XLSX, with what the linter found in the data they show.
 * Anyone who reads the year (year.read) may render them. The HTML is a standalone document to download or to
 * preview in a sandboxed frame; it is built by the documents module with every text escaped.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import {
  DOCUMENT_FORMATS,
  DOCUMENT_KINDS,
  lintYear,
  renderDocument,
  type DocumentBrowser,
  type DocumentKind,
  type DraftNote,
  type FontUrls,
  type LintContext,
  type LintProblem,
  type RenderedDocument,
} from '../documents/index.ts';
import { criteriaOf, provisionalFor } from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import type { YearInput } from '../model/year.ts';
import { staleSections } from './analysis.ts';
import { approvalStates } from './approval-state.ts';
import type { Principal } from './authz.ts';
import { resolveYear, type YearRef } from './context.ts';
import { parseInput } from './input.ts';
import { loadYear } from './years.ts';

export const documentRequestSchema = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    format: z.enum(DOCUMENT_FORMATS),
    /** Thai digits (default) or Arabic. */
    digits: z.enum(['thai', 'arabic']).optional(),
  })
  .strict();
export type DocumentRequest = z.input<typeof documentRequestSchema>;

/** What the server (not the request) decides: the browser that prints PDFs, the font URLs of an HTML preview. */
export interface RenderSettings {
  readonly browser?: DocumentBrowser;
  readonly fonts?: FontUrls;
}

/**
 * The "ร่าง" note of a document as it is rendered from the year's data now: the year's provisional mark
 * (provisionalFor) while the executive has not approved the document as its data stands; null for a year with its
 * NACC criteria, and for an approved document (it holds only the agency's content).
 */
export async function draftNoteOf(q: Queryable, fiscalYearId: string, year: YearInput, kind: DocumentKind): Promise<DraftNote | null> {
  const mark = provisionalFor(year.year, criteriaOf(year));
  if (!mark) return null;
  const state = (await approvalStates(q, fiscalYearId, year)).find((s) => s.subject === kind);
  return state?.upToDate ? null : { th: mark.th, en: mark.en };
}

/** What the linter needs beyond the year's data: the analysis sections marked stale. */
export async function lintContextOf(q: Queryable, fiscalYearId: string): Promise<LintContext> {
  return { staleAnalysis: await staleSections(q, fiscalYearId) };
}

/** The lint context of an organisation's year by its slug (the CLI); an unknown year has nothing stale. */
export async function yearLintContext(q: Queryable, slug: string, year: number): Promise<LintContext> {
  const [fy] = await q.query<{ id: string }>('SELECT f.id FROM fiscal_years f JOIN organisations o ON o.id = f.org_id WHERE o.slug = $1 AND f.year = $2', [slug, year]);
  return fy ? lintContextOf(q, fy.id) : {};
}

/**
 * One document of the year, with the linter's problems of the data it shows (stale analysis texts included). A
 * document not yet approved of a year with provisional criteria carries the "ร่าง" banner (draftNoteOf).
 */
export async function renderYearDocument(
  db: Queryable,
  principal: Principal,
  ref: YearRef,
  request: DocumentRequest,
  settings: RenderSettings = {},
): Promise<RenderedDocument> {
  const ctx = await resolveYear(db, principal, ref);
  const r = parseInput(documentRequestSchema, request, 'document');
  const year = await loadYear(db, ctx.slug, ctx.year);
  const draft = await draftNoteOf(db, ctx.fiscalYearId, year, r.kind);
  const lint = await lintContextOf(db, ctx.fiscalYearId);
  return renderDocument(year, { kind: r.kind, format: r.format, ...(r.digits ? { digits: r.digits } : {}), ...(draft ? { draft } : {}), lint, ...settings });
}

/** Every problem the linter finds in the year's data, for every document, before anything is rendered. */
export async function lintYearDocuments(db: Queryable, principal: Principal, ref: YearRef): Promise<LintProblem[]> {
  const ctx = await resolveYear(db, principal, ref);
  return lintYear(deriveYear(await loadYear(db, ctx.slug, ctx.year)), await lintContextOf(db, ctx.fiscalYearId));
}
