/**
 * Roll-ups (issue 18, point 3): from the scores of the organisations below an office to the figures an office sees.
 * Pure: no database. Each organisation is scored by the same code as its own dashboard (src/model/derive.ts:
 * partialScores, then scoreIndicators once every indicator is there); the figures are then combined exactly
 * (src/scoring/exact.ts) and rounded half-up to 2 decimals once, at the end.
 *
 * - counted (`organisations`): every organisation with a fiscal year for the year, except a supervising office (or
 *   the office the roll-up is for) without any score: an office's own year is not an assessment until it has scores;
 * - `scored`: counted and every indicator of its year's criteria known; `passed`: scored and overall ≥ the pass mark;
 * - `meanOverall` and `tools`: means of the scored organisations' overall and tool scores, as each organisation's
 *   result publishes them (2 decimals); `indicators`: per indicator, the mean over the counted organisations that
 *   have that indicator's score; a mean of nothing is null;
 * - `labels`: scored organisations by the grade or label their year's rule gives; `ungraded`: scored ones whose
 *   rule decides none (a label year below the pass mark, or EIT parts missing where they decide).
 */
import { TOOL_CODES, type CriteriaYear, type IndicatorNumber, type ToolCode } from '../ita/index.ts';
import { Exact } from './exact.ts';
import { partialScores, scoreIndicators, type ScoreResult } from './score.ts';

export interface RollupMember {
  /** The criteria its fiscal year is assessed under. */
  readonly criteria: CriteriaYear;
  /** Indicator number → score as stored (exact decimal text); missing indicators are absent. */
  readonly indicators: Readonly<Partial<Record<number, string>>>;
  /** EIT part 1 and 2, where they are known. */
  readonly eitParts: readonly string[] | null;
  /** A supervising office (src/organisations/vocab.ts). */
  readonly supervising: boolean;
  /** The office the roll-up is for (`--org`): counted only with scores. */
  readonly office: boolean;
  /** What {@link scoredMember} derives from the above, when the caller holds it already. */
  readonly scored?: MemberScores;
}

/** A member's scores as its dashboard derives them: the indicators known, and the result once all are. */
export interface MemberScores {
  readonly present: ReadonlyMap<number, Exact>;
  /** Null until every indicator of its criteria is known. */
  readonly result: ScoreResult | null;
}

export function scoredMember(m: Pick<RollupMember, 'criteria' | 'indicators' | 'eitParts'>): MemberScores {
  const present = partialScores(m.criteria, m.indicators);
  const complete = m.criteria.indicators.every((i) => present.has(i.number));
  return { present, result: complete ? scoreIndicators(m.criteria, { indicators: m.indicators, ...(m.eitParts ? { eitParts: m.eitParts } : {}) }) : null };
}

export const INDICATOR_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const satisfies readonly IndicatorNumber[];
export type IndicatorKey = `${(typeof INDICATOR_NUMBERS)[number]}`;

export interface RollupFigures {
  readonly organisations: number;
  readonly scored: number;
  readonly passed: number;
  readonly ungraded: number;
  readonly meanOverall: number | null;
  readonly tools: Readonly<Record<ToolCode, number | null>>;
  readonly indicators: Readonly<Record<IndicatorKey, number | null>>;
  readonly labels: Readonly<Record<string, number>>;
}

/** Whether an organisation counts in the roll-up at all. */
export function counted(member: Pick<RollupMember, 'indicators' | 'supervising' | 'office'>): boolean {
  const hasScores = Object.values(member.indicators).some((v) => v !== undefined);
  return hasScores || !(member.supervising || member.office);
}

const DECIMALS = 2;
const meanOf = (values: readonly Exact[]): number | null => (values.length === 0 ? null : Exact.mean(values).toNumber(DECIMALS));

export function rollupFigures(members: readonly RollupMember[]): RollupFigures {
  const inScope = members.filter(counted);
  const results: ScoreResult[] = [];
  const byIndicator = new Map<number, Exact[]>(INDICATOR_NUMBERS.map((n) => [n, []]));
  for (const m of inScope) {
    const { present, result } = m.scored ?? scoredMember(m);
    for (const [n, v] of present) byIndicator.get(n)?.push(v);
    if (result) results.push(result);
  }
  const labels: Record<string, number> = {};
  for (const r of results) if (r.grade !== null) labels[r.grade] = (labels[r.grade] ?? 0) + 1;
  const exact = (n: number) => Exact.fromNumber(n);
  return {
    organisations: inScope.length,
    scored: results.length,
    passed: results.filter((r) => r.pass).length,
    ungraded: results.filter((r) => r.grade === null).length,
    meanOverall: meanOf(results.map((r) => exact(r.overall))),
    tools: Object.fromEntries(TOOL_CODES.map((t) => [t, meanOf(results.map((r) => exact(r.tools[t])))])) as Record<ToolCode, number | null>,
    indicators: Object.fromEntries(INDICATOR_NUMBERS.map((n) => [String(n), meanOf(byIndicator.get(n) ?? [])])) as Record<IndicatorKey, number | null>,
    labels,
  };
}
