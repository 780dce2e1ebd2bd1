/**
 * The roll-up's table of organisations (issue 18, point 3): filtered by district, label, "below 85" and "late",
 * sorted, paged, in memory over the one query of the scope (src/supervision/repo.ts). Pure.
 */
import { compareThai } from '../thai/index.ts';
import type { OrgLine } from './rollup.ts';

export const SORT_KEYS = ['name', 'district', 'overall', 'label', 'weak', 'late', 'oit', 'documents'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZE = 50;

export interface TableFilters {
  /** The district's Thai name (as recorded). */
  readonly district: string | null;
  /** A label (grade) the year's rule gives; '-' for scored organisations without one. */
  readonly label: string | null;
  /** Only the scored organisations whose overall is under 85. */
  readonly below85: boolean;
  /** Only those with a late measure. */
  readonly late: boolean;
  readonly sort: SortKey;
  readonly dir: 'asc' | 'desc';
}

export const DEFAULT_FILTERS: TableFilters = { district: null, label: null, below85: false, late: false, sort: 'name', dir: 'asc' };

const byKey: Readonly<Record<SortKey, (a: OrgLine, b: OrgLine) => number>> = {
  name: (a, b) => compareThai(a.nameTh, b.nameTh),
  district: (a, b) => compareThai(a.district ?? '', b.district ?? ''),
  // Not scored sorts below every score, whatever the direction.
  overall: (a, b) => (a.overall ?? -1) - (b.overall ?? -1),
  label: (a, b) => compareThai(a.label ?? '', b.label ?? ''),
  weak: (a, b) => a.weakUnmeasured - b.weakUnmeasured,
  late: (a, b) => a.lateMeasures - b.lateMeasures,
  oit: (a, b) => a.oitOpen - b.oitOpen || a.oitStale - b.oitStale,
  documents: (a, b) => a.notApproved - b.notApproved,
};

/**
 * What filterLines answered, per array of lines (the roll-ups' arrays are held while nothing changes:
 * src/supervision/cache.ts) and filters: sorting a country's lines in Thai order costs more than the rest of a page.
 */
const answered = new WeakMap<readonly OrgLine[], Map<string, readonly OrgLine[]>>();
const ANSWERS_MAX = 100;

/** The lines the filters keep, sorted (ties by name, then slug). Not to be changed: it may be shared. */
export function filterLines(lines: readonly OrgLine[], f: TableFilters): readonly OrgLine[] {
  const key = JSON.stringify([f.district, f.label, f.below85, f.late, f.sort, f.dir]);
  let known = answered.get(lines);
  const hit = known?.get(key);
  if (hit) return hit;
  if (!known || known.size >= ANSWERS_MAX) answered.set(lines, (known = new Map()));
  const kept = sortedLines(lines, f);
  known.set(key, kept);
  return kept;
}

function sortedLines(lines: readonly OrgLine[], f: TableFilters): OrgLine[] {
  const kept = lines.filter(
    (l) =>
      (f.district === null || l.district === f.district) &&
      (f.label === null || (f.label === '-' ? l.overall !== null && l.label === null : l.label === f.label)) &&
      (!f.below85 || (l.overall !== null && l.passed === false)) &&
      (!f.late || l.lateMeasures > 0),
  );
  const sign = f.dir === 'desc' ? -1 : 1;
  return kept.sort((a, b) => sign * byKey[f.sort](a, b) || byKey.name(a, b) || a.slug.localeCompare(b.slug));
}

export interface TablePage {
  readonly rows: readonly OrgLine[];
  /** Rows the filters keep, on every page. */
  readonly total: number;
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
}

export function pageOf(lines: readonly OrgLine[], page: number): TablePage {
  const pages = Math.max(1, Math.ceil(lines.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  return { rows: lines.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE), total: lines.length, page: current, pages };
}
