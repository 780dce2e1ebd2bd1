/**
 * The analysis texts of a year: the introduction, one finding per tool (IIT, EIT, OIT) and the summary. A text
 * left empty is generated from the scores when the documents are made (src/documents/parts.ts), so the view
 * gives both what the agency wrote and what the documents will print. Only analysis.write may change them.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { findingText, introText } from '../documents/parts.ts';
import { getCriteria, type ToolCode } from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import { analysisSchema, type Analysis, type YearInput } from '../model/year.ts';
import type { Principal } from './authz.ts';
import { resolveYear, type YearRef } from './context.ts';
import { editYear } from './edit.ts';
import { parseInput } from './input.ts';
import { loadYear } from './years.ts';

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

export interface AnalysisView {
  /** What the agency wrote; null where the text is generated. */
  readonly written: Analysis;
  /** What the documents print: the written text, else the generated one (the summary is never generated). */
  readonly printed: { readonly intro: string; readonly tools: Readonly<Record<ToolCode, string>>; readonly summary: string | null };
  /** The sentences generated from the scores for each tool, Thai and English. */
  readonly generated: readonly { readonly tool: string; readonly th: string; readonly en: string }[];
}

function view(year: YearInput): AnalysisView {
  const data = deriveYear(year);
  const tools = Object.fromEntries(getCriteria(year.criteriaYear).tools.map((t) => [t.code, findingText(data, t)])) as Record<ToolCode, string>;
  return { written: year.analysis, printed: { intro: introText(data), tools, summary: year.analysis.summary }, generated: data.computed.sentences.tools };
}

export async function getAnalysis(db: Queryable, principal: Principal, ref: YearRef): Promise<AnalysisView> {
  const ctx = await resolveYear(db, principal, ref);
  return view(await loadYear(db, ctx.slug, ctx.year));
}

const orNull = (text: string | null | undefined, before: string | null): string | null => (text === undefined ? before : text === null || text === '' ? null : text);

export async function updateAnalysis(db: Db, principal: Principal, ref: YearRef, patch: AnalysisPatch | unknown): Promise<AnalysisView> {
  const ctx = await resolveYear(db, principal, ref, 'analysis.write');
  const p = parseInput(analysisPatchSchema, patch, 'analysis');
  return editYear(db, principal, ctx, async ({ year, save }) => {
    const a = year.analysis;
    const analysis: Analysis = {
      intro: orNull(p.intro, a.intro),
      tools: { IIT: orNull(p.tools?.IIT, a.tools.IIT), EIT: orNull(p.tools?.EIT, a.tools.EIT), OIT: orNull(p.tools?.OIT, a.tools.OIT) },
      summary: orNull(p.summary, a.summary),
    };
    const next = { ...year, analysis };
    await save(next);
    return view(next);
  });
}
