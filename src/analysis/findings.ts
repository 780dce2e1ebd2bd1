/**
 * Findings of one year's ITA result: per tool the lowest indicator and whether it passes, every indicator below
 * the pass mark, indicators at full marks, and the change since the previous year. Pure; scores may be partial
 * (a year still being filled in), and what is missing is itself a finding.
 */
import type { CriteriaYear, IndicatorNumber, ToolCode } from '../ita/index.ts';
import { Exact } from '../scoring/exact.ts';
import { combine } from '../scoring/score.ts';

export interface IndicatorScore {
  readonly indicator: IndicatorNumber;
  readonly nameTh: string;
  readonly nameEn: string;
  readonly score: number;
}

export interface ToolFindings {
  readonly tool: ToolCode;
  readonly nameTh: string;
  readonly nameEn: string;
  /** Mean of the tool's indicators; null while any is missing. */
  readonly score: number | null;
  /** The lowest indicator(s): more than one when tied. Null when the tool has no score yet. */
  readonly lowest: { readonly indicators: readonly IndicatorScore[]; readonly score: number; readonly passes: boolean } | null;
  readonly belowPass: readonly IndicatorScore[];
  readonly fullMarks: readonly IndicatorScore[];
  readonly missing: readonly { readonly indicator: IndicatorNumber; readonly nameTh: string; readonly nameEn: string }[];
}

export interface IndicatorChange {
  readonly indicator: IndicatorNumber;
  readonly nameTh: string;
  readonly nameEn: string;
  readonly previous: number;
  readonly current: number;
  readonly delta: number;
  readonly direction: 'up' | 'down' | 'same';
}

export interface Findings {
  readonly year: number;
  readonly previousYear: number | null;
  readonly passMark: number;
  readonly tools: readonly ToolFindings[];
  readonly belowPass: readonly IndicatorScore[];
  readonly fullMarks: readonly IndicatorScore[];
  readonly missing: readonly IndicatorNumber[];
  readonly changes: readonly IndicatorChange[];
  /** Overall score now and before, where every indicator is known. */
  readonly overall: { readonly current: number | null; readonly previous: number | null; readonly delta: number | null };
}

export type PartialScores = ReadonlyMap<IndicatorNumber, Exact>;

export interface FindingsInput {
  readonly criteria: CriteriaYear;
  readonly scores: PartialScores;
  readonly previous?: { readonly criteria: CriteriaYear; readonly scores: PartialScores };
}

const FULL = Exact.int(100);

export function findings({ criteria, scores, previous }: FindingsInput): Findings {
  const decimals = criteria.decimals;
  const passMark = Exact.parse(criteria.passMark);
  // Compare what officials see: the scores as published, to 2 decimals.
  const shown = (v: Exact) => v.round(decimals);
  const entry = (n: IndicatorNumber): IndicatorScore | null => {
    const v = scores.get(n);
    const def = criteria.indicators.find((i) => i.number === n);
    if (!v || !def) return null;
    return { indicator: n, nameTh: def.nameTh, nameEn: def.nameEn, score: v.toNumber(decimals) };
  };

  const tools: ToolFindings[] = criteria.tools.map((tool) => {
    const present = tool.indicators.map(entry).filter((e): e is IndicatorScore => e !== null);
    const missing = tool.indicators
      .filter((n) => !scores.has(n))
      .map((n) => {
        const def = criteria.indicators.find((i) => i.number === n);
        return { indicator: n, nameTh: def?.nameTh ?? '', nameEn: def?.nameEn ?? '' };
      });
    let lowest: ToolFindings['lowest'] = null;
    if (present.length > 0) {
      const min = Exact.min(tool.indicators.flatMap((n) => (scores.has(n) ? [shown(scores.get(n) as Exact)] : [])));
      const lowestEntries = present.filter((e) => shown(scores.get(e.indicator) as Exact).eq(min));
      lowest = { indicators: lowestEntries, score: min.toNumber(decimals), passes: min.gte(passMark) };
    }
    const score =
      missing.length === 0 ? Exact.mean(tool.indicators.map((n) => scores.get(n) as Exact)).toNumber(decimals) : null;
    return {
      tool: tool.code,
      nameTh: tool.nameTh,
      nameEn: tool.nameEn,
      score,
      lowest,
      belowPass: present.filter((e) => shown(scores.get(e.indicator) as Exact).lt(passMark)),
      fullMarks: present.filter((e) => shown(scores.get(e.indicator) as Exact).eq(FULL)),
      missing,
    };
  });

  const changes: IndicatorChange[] = [];
  if (previous) {
    for (const def of criteria.indicators) {
      const now = scores.get(def.number);
      const before = previous.scores.get(def.number);
      if (!now || !before) continue;
      const delta = shown(now).sub(shown(before));
      changes.push({
        indicator: def.number,
        nameTh: def.nameTh,
        nameEn: def.nameEn,
        previous: before.toNumber(decimals),
        current: now.toNumber(decimals),
        delta: delta.toNumber(decimals),
        direction: delta.n > 0n ? 'up' : delta.n < 0n ? 'down' : 'same',
      });
    }
  }

  const overallOf = (c: CriteriaYear, s: PartialScores): Exact | null =>
    c.indicators.every((i) => s.has(i.number)) ? combine(c, s).overall.round(c.decimals) : null;
  const current = overallOf(criteria, scores);
  const before = previous ? overallOf(previous.criteria, previous.scores) : null;

  return {
    year: criteria.year,
    previousYear: previous?.criteria.year ?? null,
    passMark: passMark.toNumber(decimals),
    tools,
    belowPass: tools.flatMap((t) => t.belowPass),
    fullMarks: tools.flatMap((t) => t.fullMarks),
    missing: tools.flatMap((t) => t.missing.map((m) => m.indicator)),
    changes,
    overall: {
      current: current?.toNumber(decimals) ?? null,
      previous: before?.toNumber(decimals) ?? null,
      delta: current && before ? current.sub(before).toNumber(decimals) : null,
    },
  };
}
