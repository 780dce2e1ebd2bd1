/**
 * A year's input plus what is computed from it: the score (where every indicator is known), the findings and
 * their sentences, and the criteria notes that the figures depend on. Pure.
 */
import { findings, sentences, type Findings, type FindingSentences } from '../analysis/index.ts';
import { criteriaOf, getCriteria, type CriteriaYear } from '../ita/index.ts';
import { partialScores, scoreIndicators, type ScoreResult } from '../scoring/index.ts';
import type { DigitStyle } from '../thai/index.ts';
import type { YearInput } from './year.ts';

export interface YearComputed {
  /** Null while any indicator has no score: the gap is shown, not filled. */
  readonly score: ScoreResult | null;
  readonly findings: Findings;
  readonly sentences: FindingSentences;
}

export interface YearData extends YearInput {
  readonly computed: YearComputed;
}

/** The present indicator scores of a year's input, as the scoring code takes them. */
export function presentIndicators(indicators: Readonly<Record<string, number | null>>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const [key, value] of Object.entries(indicators)) if (value !== null) out[Number(key)] = value;
  return out;
}

export function deriveYear(input: YearInput, options: { digits?: DigitStyle } = {}): YearData {
  const criteria: CriteriaYear = criteriaOf(input);
  const present = presentIndicators(input.scores.indicators);
  const scores = partialScores(criteria, present);
  const complete = criteria.indicators.every((i) => scores.has(i.number));
  const score = complete
    ? scoreIndicators(criteria, { indicators: present, ...(input.scores.eitParts ? { eitParts: input.scores.eitParts } : {}) })
    : null;
  const previous = input.previousScores
    ? (() => {
        const c = getCriteria(input.previousScores.criteriaYear);
        return { criteria: c, scores: partialScores(c, presentIndicators(input.previousScores.indicators)) };
      })()
    : undefined;
  const f = findings({ criteria, scores, ...(previous ? { previous } : {}) });
  return { ...input, computed: { score, findings: f, sentences: sentences(f, options.digits ? { digits: options.digits } : {}) } };
}
