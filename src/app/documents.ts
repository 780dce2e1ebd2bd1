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
  type FontUrls,
  type LintProblem,
  type RenderedDocument,
} from '../documents/index.ts';
import { deriveYear } from '../model/derive.ts';
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

/** One document of the year, with the linter's problems of the data it shows. */
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
  return renderDocument(year, { kind: r.kind, format: r.format, ...(r.digits ? { digits: r.digits } : {}), ...settings });
}

/** Every problem the linter finds in the year's data, for every document, before anything is rendered. */
export async function lintYearDocuments(db: Queryable, principal: Principal, ref: YearRef): Promise<LintProblem[]> {
  const ctx = await resolveYear(db, principal, ref);
  return lintYear(deriveYear(await loadYear(db, ctx.slug, ctx.year)));
}
