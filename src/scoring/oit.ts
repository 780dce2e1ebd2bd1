/**
 * From an OIT checklist (each item of the year met or not) to the indicator 9 and 10 scores.
 *
 * An item scores 100 only when everything it requires is published, otherwise 0 (no partial credit). The year
 * says how items roll up: `sub-indicator-mean` (share met per sub-indicator, then the mean of the
 * sub-indicators; reproduces the published 2564 results) or `item-share` (share met per indicator).
 */
import { InputError } from '../errors.ts';
import type { CriteriaYear, OitAggregation } from '../ita/index.ts';
import { Exact } from './exact.ts';
import { scoringMessages } from './messages.ts';

export interface OitGroupResult {
  /** Sub-indicator code ("9.1") or the indicator number as text where the year has no sub-indicators. */
  readonly code: string;
  readonly met: number;
  readonly total: number;
  readonly score: Exact;
}

export interface OitResult {
  readonly indicators: ReadonlyMap<9 | 10, Exact>;
  readonly groups: readonly OitGroupResult[];
  /** Codes of the items not met, in catalogue order: what the agency must fix. */
  readonly notMet: readonly string[];
  readonly aggregation: OitAggregation;
}

const TRUE_WORDS = new Set(['1', 'y', 'yes', 'true', 'met', 'ผ่าน', 'มี', 'ใช่', '✓', '✔']);
const FALSE_WORDS = new Set(['0', 'n', 'no', 'false', 'not met', 'ไม่ผ่าน', 'ไม่มี', 'ไม่ใช่', '✗', '✘', '-']);

/** Reads "met or not" from what people type in a checklist cell; null when it is neither. */
export function parseMet(value: string | boolean): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return null;
}

/**
 * Scores a checklist. Every item of the year must be answered and no other code may appear; the error names the
 * missing or unknown codes.
 */
export function scoreOitChecklist(
  criteria: CriteriaYear,
  checklist: ReadonlyMap<string, boolean>,
  aggregation: OitAggregation = criteria.oitAggregation,
): OitResult {
  if (criteria.oitItems.length === 0) {
    throw new InputError('oit', scoringMessages.noOitList({ year: criteria.year }));
  }
  const codes = new Set(criteria.oitItems.map((i) => i.code));
  const normalised = new Map<string, boolean>();
  for (const [code, met] of checklist) normalised.set(code.trim().toUpperCase(), met);
  const unknown = [...normalised.keys()].filter((c) => !codes.has(c));
  if (unknown.length > 0) {
    throw new InputError('oit', scoringMessages.unknownOitItems({ items: unknown.join(', '), year: criteria.year, count: codes.size }));
  }
  const missing = criteria.oitItems.filter((i) => !normalised.has(i.code)).map((i) => i.code);
  if (missing.length > 0) {
    throw new InputError('oit', scoringMessages.missingOitItems({ items: missing.join(', '), year: criteria.year }));
  }

  const groupKey = (item: (typeof criteria.oitItems)[number]): string =>
    aggregation === 'sub-indicator-mean' && item.subIndicator ? item.subIndicator : String(item.indicator);
  if (aggregation === 'sub-indicator-mean' && criteria.oitItems.some((i) => !i.subIndicator)) {
    throw new InputError('oit', scoringMessages.noSubIndicators({ year: criteria.year }));
  }
  const groups = new Map<string, { indicator: 9 | 10; met: number; total: number }>();
  for (const item of criteria.oitItems) {
    const key = groupKey(item);
    const group = groups.get(key) ?? { indicator: item.indicator, met: 0, total: 0 };
    group.total++;
    if (normalised.get(item.code)) group.met++;
    groups.set(key, group);
  }
  const groupResults: OitGroupResult[] = [];
  const perIndicator = new Map<9 | 10, Exact[]>();
  for (const [code, g] of groups) {
    const score = Exact.int(g.met * 100).div(Exact.int(g.total));
    groupResults.push({ code, met: g.met, total: g.total, score });
    perIndicator.set(g.indicator, [...(perIndicator.get(g.indicator) ?? []), score]);
  }
  const indicators = new Map<9 | 10, Exact>();
  for (const [n, scores] of perIndicator) indicators.set(n, Exact.mean(scores));
  return {
    indicators,
    groups: groupResults,
    notMet: criteria.oitItems.filter((i) => !normalised.get(i.code)).map((i) => i.code),
    aggregation,
  };
}
