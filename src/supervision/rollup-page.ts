/**
 * What the roll-up page shows (issue 18, point 3), from the scope's one query per year: the roll-up and the same
 * numbers a year earlier (the change), up to five years of mean overall and passed share, the distribution of the
 * overall scores in bins of 5 (85 is a bin edge), per score (overall, tools, indicators) its mean, lowest, median,
 * highest and how many are under 85, the weakest indicators, and the table's page. Authorisation: loadScope.
 */
import type { Principal } from '../app/authz.ts';
import type { Queryable } from '../db/index.ts';
import { TOOL_CODES } from '../ita/index.ts';
import { compareThai } from '../thai/index.ts';
import { INDICATOR_NUMBERS } from '../scoring/rollup.ts';
import { heldTree, loadScope, rollupOf, type OrgLine, type Rollup, type RollupRequest } from './rollup.ts';
import { filterLines, pageOf, type TableFilters, type TablePage } from './table.ts';
import { provinceFigures, type ProvinceFigure } from './map.tsx';
import { oitClinic, type OitClinic } from '../preaudit/clinic.ts';

export const PASS = 85;
export const HISTORY_YEARS = 5;

export interface Bin {
  /** From (inclusive) to (exclusive; 100 inclusive in the last bin). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

export interface ScoreStats {
  /** 'overall', a tool code or an indicator number. */
  readonly key: string;
  readonly n: number;
  readonly mean: number | null;
  readonly min: number | null;
  readonly median: number | null;
  readonly max: number | null;
  readonly below: number;
}

export interface YearPoint {
  readonly year: number;
  readonly scored: number;
  readonly meanOverall: number | null;
  /** Passed ÷ scored, in per cent (2 decimals); null when none is scored. */
  readonly passedShare: number | null;
}

export interface RollupPageData {
  /** The request as answered (with the supervisor's office when none was asked for). */
  readonly request: RollupRequest;
  readonly rollup: Rollup;
  readonly previous: Rollup;
  readonly history: readonly YearPoint[];
  readonly distribution: readonly Bin[];
  readonly stats: readonly ScoreStats[];
  /** Indicators by mean, lowest first (those with a mean). */
  readonly weakest: readonly ScoreStats[];
  /** Districts and labels present, for the filters. */
  readonly districts: readonly string[];
  readonly labels: readonly string[];
  /** Per province of the scope, for the map (src/supervision/map.tsx); empty when it spans fewer than two. */
  readonly provinces: readonly ProvinceFigure[];
  readonly table: TablePage;
  /** Every line the filters keep (for the downloads). */
  readonly filtered: readonly OrgLine[];
  /** The ITA clinic's agenda (src/preaudit/clinic.ts), read on every request (not part of the held body). */
  readonly clinic: OitClinic;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function distribution(values: readonly number[], width = 5): Bin[] {
  const bins: Bin[] = [];
  for (let from = 0; from < 100; from += width) {
    const to = from + width;
    bins.push({ from, to, count: values.filter((v) => v >= from && (v < to || (to === 100 && v === 100))).length });
  }
  return bins;
}

export function statsOf(key: string, values: readonly number[], mean: number | null): ScoreStats {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  const median = n === 0 ? null : n % 2 === 1 ? (sorted[mid] as number) : round2(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
  return { key, n, mean, min: sorted[0] ?? null, median, max: sorted[n - 1] ?? null, below: sorted.filter((v) => v < PASS).length };
}

const present = <T,>(values: readonly (T | null | undefined)[]): T[] => values.filter((v): v is T => v !== null && v !== undefined);

export function scoreStats(r: Rollup, lines: readonly OrgLine[]): ScoreStats[] {
  return [
    statsOf('overall', present(lines.map((l) => l.overall)), r.meanOverall),
    ...TOOL_CODES.map((t) => statsOf(t, present(lines.map((l) => l.tools[t])), r.tools[t])),
    ...INDICATOR_NUMBERS.map((n) => statsOf(String(n), present(lines.map((l) => l.indicators[String(n)])), r.indicators[`${n}`])),
  ];
}

const pointOf = (r: Rollup): YearPoint => ({ year: r.year, scored: r.scored, meanOverall: r.meanOverall, passedShare: r.scored === 0 ? null : round2((r.passed * 100) / r.scored) });

/**
 * The office a page is for: the one asked for; else, for a supervisor who is not a system administrator, the
 * office of their (first) grant, since the country is not theirs to see.
 */
export async function pageRequest(db: Queryable, principal: Principal, request: RollupRequest): Promise<RollupRequest> {
  if ((request.org ?? '').trim() !== '' || principal.roles.some((g) => g.role === 'system_admin')) return request;
  const office = principal.roles.find((g) => g.role === 'supervisor' && g.orgId !== null)?.orgId;
  const slug = office === undefined || office === null ? undefined : (await heldTree(db)).byId.get(office)?.slug;
  return slug === undefined ? request : { ...request, org: slug };
}

export async function rollupPage(db: Queryable, principal: Principal, asked: RollupRequest, filters: TableFilters, page: number, today: string): Promise<RollupPageData> {
  const request = await pageRequest(db, principal, asked);
  const data = await loadScope(db, principal, request, today);
  const current = rollupOf(data);
  const earlier: Rollup[] = [];
  for (let k = 1; k < HISTORY_YEARS; k++) earlier.push(rollupOf(await loadScope(db, principal, request, today, data.year - k)));
  const filtered = filterLines(data.lines, filters);
  return {
    request,
    rollup: current,
    previous: earlier[0] as Rollup,
    history: [...earlier.reverse(), current].filter((r) => r.organisations > 0 || r.year === current.year).map(pointOf),
    ...summaryOf(current, data.lines),
    table: pageOf(filtered, page),
    filtered,
    clinic: await oitClinic(db, data.ids, data.year),
  };
}

type Summary = Pick<RollupPageData, 'distribution' | 'stats' | 'weakest' | 'districts' | 'labels' | 'provinces'>;

/** What the page shows of the whole scope, computed once for the lines held (src/supervision/cache.ts). */
const summaries = new WeakMap<readonly OrgLine[], Summary>();

function summaryOf(current: Rollup, lines: readonly OrgLine[]): Summary {
  const known = summaries.get(lines);
  if (known) return known;
  const stats = scoreStats(current, lines);
  const provinces = provinceFigures(lines);
  const summary: Summary = {
    distribution: distribution(present(lines.map((l) => l.overall))),
    stats,
    weakest: stats.filter((s) => /^\d+$/.test(s.key) && s.mean !== null).sort((a, b) => (a.mean as number) - (b.mean as number)),
    districts: [...new Set(present(lines.map((l) => l.district)))].sort(compareThai),
    labels: [...new Set(present(lines.map((l) => l.label)))].sort(compareThai),
    provinces: current.scope.province === null && provinces.length >= 2 ? provinces : [],
  };
  summaries.set(lines, summary);
  return summary;
}
