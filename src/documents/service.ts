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
} from './core/index.ts';
import { criteriaOf, provisionalFor } from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import { APPROVAL_SUBJECTS, type YearInput } from '../model/year.ts';
import { staleSections } from '../years/analysis.ts';
import { documentDate, type SignOff } from './core/signoff.ts';
import { approvalStates, type ApprovalState } from '../approvals/state.ts';
import type { Principal } from '../app/authz.ts';
import { resolveYear, type YearRef } from '../app/context.ts';
import { parseInput } from '../app/input.ts';
import { documentSignOffSettings } from '../organisations/organisations.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { loadYear } from '../years/years.ts';
import { selectFiscalYearId, selectOrgAndYear } from './repo.ts';

export const documentRequestSchema = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    format: z.enum(DOCUMENT_FORMATS),
    /** Thai digits (default) or Arabic. */
    digits: z.enum(['thai', 'arabic']).optional(),
    /** The report: each measure's monthly progress and evidence (default: included); other kinds ignore it. */
    progress: z.boolean().optional(),
  })
  .strict();
export type DocumentRequest = z.input<typeof documentRequestSchema>;
/** A request as it came (a page's query string): its fields unchecked until renderYearDocument checks them. */
export type UncheckedDocumentRequest = { readonly [K in keyof DocumentRequest]?: unknown };

/** What the server (not the request) decides: the browser that prints PDFs, the font URLs of an HTML preview. */
export interface RenderSettings {
  readonly browser?: DocumentBrowser;
  readonly fonts?: FontUrls;
  /** The day the document is made, YYYY-MM-DD in Bangkok (its date when nothing else dates it); default: today. */
  readonly today?: string;
}

/**
 * The "ร่าง" note of a document as it is rendered from the year's data now: the year's provisional mark
 * (provisionalFor) while the executive has not approved the document as its data stands; null for a year with its
 * NACC criteria, and for an approved document (it holds only the agency's content).
 */
export async function draftNoteOf(q: Queryable, fiscalYearId: string, year: YearInput, kind: DocumentKind): Promise<DraftNote | null> {
  return draftNoteFrom(year, await approvalStateOf(q, fiscalYearId, year, kind));
}

/** The approval state of the document of `kind` (none for a kind nobody approves). */
async function approvalStateOf(q: Queryable, fiscalYearId: string, year: YearInput, kind: DocumentKind): Promise<ApprovalState | undefined> {
  const subject = APPROVAL_SUBJECTS.find((s) => s === kind);
  return subject ? (await approvalStates(q, fiscalYearId, year, [subject]))[0] : undefined;
}

function draftNoteFrom(year: YearInput, state: ApprovalState | undefined): DraftNote | null {
  const mark = provisionalFor(year.year, criteriaOf(year));
  return mark && !state?.upToDate ? { th: mark.th, en: mark.en } : null;
}

/**
 * Who signs the document and when (src/documents/core/signoff.ts), the same decision as draftNoteOf: the version the
 * executive approved, its data still what was approved, prints the approver's name (the approval's decidedBy)
 * and is dated by the approval (the yearly report by its data's as-of date); any other is a draft, with an empty
 * line for the executive's name. The preparer, the executive's position and the emblem come from the
 * organisation's settings (organisations.ts), never from the year's data that approvals hash.
 */
async function signOffFrom(q: Queryable, orgId: string, year: YearInput, kind: DocumentKind, state: ApprovalState | undefined, today: string): Promise<SignOff> {
  const { settings, emblem } = await documentSignOffSettings(q, orgId);
  const approved = state?.upToDate ? state.approved : null;
  const approvedOn = approved?.decidedAt ? todayInBangkok(new Date(approved.decidedAt)) : null;
  return {
    date: documentDate(kind, year.year, today, approvedOn),
    preparer: { name: settings.preparerName, position: settings.preparerPosition },
    approver: { name: approved?.decidedBy ?? null, position: settings.executivePosition },
    emblem,
  };
}

/**
 * The sign-off of a document of an organisation's year by its slug, for the CLI and the published versions;
 * `today` is a YYYY-MM-DD date on the Bangkok calendar.
 */
export async function yearSignOff(q: Queryable, slug: string, year: YearInput, kind: DocumentKind, today: string): Promise<SignOff> {
  const row = await selectOrgAndYear(q, slug, year.year);
  if (!row) return { date: documentDate(kind, year.year, today, null), preparer: { name: null, position: null }, approver: { name: null, position: null } };
  const state = row.fyId ? await approvalStateOf(q, row.fyId, year, kind) : undefined;
  return signOffFrom(q, row.orgId, year, kind, state, today);
}

/** What the linter needs beyond the year's data: the analysis sections marked stale. */
export async function lintContextOf(q: Queryable, fiscalYearId: string): Promise<LintContext> {
  return { staleAnalysis: await staleSections(q, fiscalYearId) };
}

/** The lint context of an organisation's year by its slug (the CLI); an unknown year has nothing stale. */
export async function yearLintContext(q: Queryable, slug: string, year: number): Promise<LintContext> {
  const fyId = await selectFiscalYearId(q, slug, year);
  return fyId ? lintContextOf(q, fyId) : {};
}

/**
 * One document of the year, with the linter's problems of the data it shows (stale analysis texts included). A
 * document not yet approved of a year with provisional criteria carries the "ร่าง" banner (draftNoteOf).
 */
export async function renderYearDocument(
  db: Queryable,
  principal: Principal,
  ref: YearRef,
  request: DocumentRequest | UncheckedDocumentRequest,
  settings: RenderSettings = {},
): Promise<RenderedDocument> {
  const ctx = await resolveYear(db, principal, ref);
  const r = parseInput(documentRequestSchema, request, 'document');
  const year = await loadYear(db, ctx.slug, ctx.year);
  const state = await approvalStateOf(db, ctx.fiscalYearId, year, r.kind);
  const draft = draftNoteFrom(year, state);
  const { today = todayInBangkok(), ...render } = settings;
  const signOff = await signOffFrom(db, ctx.orgId, year, r.kind, state, today);
  const lint = await lintContextOf(db, ctx.fiscalYearId);
  return renderDocument(year, {
    kind: r.kind,
    format: r.format,
    ...(r.digits ? { digits: r.digits } : {}),
    ...(r.progress === undefined ? {} : { progress: r.progress }),
    ...(draft ? { draft } : {}),
    lint,
    signOff,
    ...render,
  });
}

/** Every problem the linter finds in the year's data, for every document, before anything is rendered. */
export async function lintYearDocuments(db: Queryable, principal: Principal, ref: YearRef): Promise<LintProblem[]> {
  const ctx = await resolveYear(db, principal, ref);
  return lintYear(deriveYear(await loadYear(db, ctx.slug, ctx.year)), await lintContextOf(db, ctx.fiscalYearId));
}
