/**
 * The analysis texts of a year: the introduction, one finding per tool (IIT, EIT, OIT) and the summary. A text
 * left empty is generated from the scores when the documents are made (src/documents/core/parts.ts), so the view
 * gives both what the agency wrote and what the documents will print. Only analysis.write may change them.
 *
 * A text a person wrote remembers the generated text it was written against (saveYearIn, src/years/years.ts).
 * When the scores change so that the generated text changes too (setScores, the score imports, a year imported as
 * JSON: every path writes through saveYearIn, in its transaction), the person's text is kept but marked stale,
 * with the new generated text beside it, until someone takes the new text or confirms theirs (resolveStale). The
 * linter reports a stale text as an error, so an executive approves it only with a reason (src/approvals/approvals.ts).
 */
import { diffArrays } from 'diff';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { findingText, introText } from '../documents/core/parts.ts';
import { criteriaOf, type ToolCode } from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import { analysisSchema, type Analysis, type YearInput } from '../model/year.ts';
import type { Principal } from '../app/authz.ts';
import { resolveYear, type YearRef } from '../app/context.ts';
import { editYear, writeYear } from './edit.ts';
import { parseInput } from '../app/input.ts';
import { yearsMessages } from './messages.ts';
import { confirmAnalysisText, deleteAnalysisText, selectStaleRow, selectStaleRows, selectStaleSections, type StaleRow } from './repo.ts';
import { ANALYSIS_SECTIONS, loadYear, type AnalysisSection } from './years.ts';

const section = analysisSchema.shape.intro.unwrap();

/** A change: only the sections given change; an empty text (or null) goes back to the generated one. */
export const analysisPatchSchema = z
  .object({
    intro: section.optional(),
    tools: z.object({ IIT: section.optional(), EIT: section.optional(), OIT: section.optional() }).strict().optional(),
    summary: section.optional(),
  })
  .strict();
export type AnalysisPatch = z.input<typeof analysisPatchSchema>;

/** A piece of a word-level difference: kept, inserted or deleted. */
export interface DiffPart {
  readonly op: 'same' | 'ins' | 'del';
  readonly text: string;
}

/** A text a person wrote whose scores changed after it was written or confirmed. */
export interface StaleText {
  /** What the person wrote (still what the documents print). */
  readonly text: string;
  /** The generated text it was written against, and the one generated from the scores now. */
  readonly basedOn: string | null;
  readonly generatedNow: string;
  /** Old generated → new generated (null when the old one is unknown), and the person's text → new generated. */
  readonly generatedDiff: readonly DiffPart[] | null;
  readonly textDiff: readonly DiffPart[];
}

export interface AnalysisView {
  /** What the agency wrote; null where the text is generated. */
  readonly written: Analysis;
  /** What the documents print: the written text, else the generated one (the summary is never generated). */
  readonly printed: { readonly intro: string; readonly tools: Readonly<Record<ToolCode, string>>; readonly summary: string | null };
  /** The sentences generated from the scores for each tool, Thai and English. */
  readonly generated: readonly { readonly tool: string; readonly th: string; readonly en: string }[];
  /** The sections whose written text the scores changed under. */
  readonly stale: Partial<Readonly<Record<AnalysisSection, StaleText>>>;
}

/** Words of a Thai (or any) text: Thai has no spaces between words, so the runtime's word segmenter splits it. */
function words(text: string): string[] {
  return [...new Intl.Segmenter('th', { granularity: 'word' }).segment(text)].map((s) => s.segment);
}

/** The word-level difference between two texts. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffArrays(words(before), words(after))) {
    const op = change.added ? 'ins' : change.removed ? 'del' : 'same';
    const text = change.value.join('');
    const last = parts.at(-1);
    if (last && last.op === op) parts[parts.length - 1] = { op, text: last.text + text };
    else parts.push({ op, text });
  }
  return parts;
}

/** The sections of a year marked stale (for the linter and the approvals). */
export async function staleSections(q: Queryable, fiscalYearId: string): Promise<AnalysisSection[]> {
  const stale = await selectStaleSections(q, fiscalYearId);
  return ANALYSIS_SECTIONS.filter((s) => stale.includes(s));
}

function view(year: YearInput, staleRows: readonly StaleRow[] = []): AnalysisView {
  const data = deriveYear(year);
  const tools = Object.fromEntries(criteriaOf(year).tools.map((t) => [t.code, findingText(data, t)])) as Record<ToolCode, string>;
  const stale = Object.fromEntries(
    staleRows.map((r) => [
      r.section,
      {
        text: r.text_th,
        basedOn: r.based_on_th,
        generatedNow: r.new_th,
        generatedDiff: r.based_on_th === null ? null : wordDiff(r.based_on_th, r.new_th),
        textDiff: wordDiff(r.text_th, r.new_th),
      } satisfies StaleText,
    ]),
  );
  return { written: year.analysis, printed: { intro: introText(data), tools, summary: year.analysis.summary }, generated: data.computed.sentences.tools, stale };
}

async function staleRows(q: Queryable, fiscalYearId: string): Promise<StaleRow[]> {
  return selectStaleRows(q, fiscalYearId);
}

export async function getAnalysis(db: Queryable, principal: Principal, ref: YearRef): Promise<AnalysisView> {
  const ctx = await resolveYear(db, principal, ref);
  return view(await loadYear(db, ctx.slug, ctx.year), await staleRows(db, ctx.fiscalYearId));
}

const orNull = (text: string | null | undefined, before: string | null): string | null => (text === undefined ? before : text === null || text === '' ? null : text);

export async function updateAnalysis(db: Db, principal: Principal, ref: YearRef, patch: AnalysisPatch | unknown): Promise<AnalysisView> {
  const ctx = await resolveYear(db, principal, ref, 'analysis.write');
  const p = parseInput(analysisPatchSchema, patch, 'analysis');
  return editYear(db, principal, ctx, async ({ tx, year, save }) => {
    const a = year.analysis;
    const analysis: Analysis = {
      intro: orNull(p.intro, a.intro),
      tools: { IIT: orNull(p.tools?.IIT, a.tools.IIT), EIT: orNull(p.tools?.EIT, a.tools.EIT), OIT: orNull(p.tools?.OIT, a.tools.OIT) },
      summary: orNull(p.summary, a.summary),
    };
    const next = { ...year, analysis };
    await save(next);
    return view(next, await staleRows(tx, ctx.fiscalYearId));
  });
}

export const STALE_CHOICES = ['take-new', 'confirm'] as const;
export type StaleChoice = (typeof STALE_CHOICES)[number];

/**
 * Settles a stale text: `take-new` drops the person's text, so the section prints the text generated from the
 * scores (and follows them from now on); `confirm` keeps it, now based on the text generated today.
 */
export async function resolveStale(db: Db, principal: Principal, ref: YearRef, section: unknown, choice: unknown): Promise<AnalysisView> {
  const ctx = await resolveYear(db, principal, ref, 'analysis.write');
  if (!ANALYSIS_SECTIONS.includes(section as AnalysisSection)) {
    throw new InputError('section', yearsMessages.noSection({ section: String(section), sections: ANALYSIS_SECTIONS }));
  }
  if (!STALE_CHOICES.includes(choice as StaleChoice)) {
    throw new InputError('choice', yearsMessages.badChoice({ choices: STALE_CHOICES }));
  }
  return writeYear(db, principal, ctx, async (tx) => {
    const row = await selectStaleRow(tx, ctx.fiscalYearId, String(section));
    if (!row) throw new InputError('section', yearsMessages.notStale());
    if (choice === 'take-new') await deleteAnalysisText(tx, ctx.fiscalYearId, String(section));
    else await confirmAnalysisText(tx, ctx.fiscalYearId, String(section));
    const year = await loadYear(tx, ctx.slug, ctx.year);
    return view(year, await staleRows(tx, ctx.fiscalYearId));
  });
}
