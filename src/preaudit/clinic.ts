/**
 * The ITA clinic's agenda (issue 21, point 6): over the organisations a supervisor oversees, the OIT items that fail
 * most in their latest pre-audit of the year — "7 of 40 checked fail O11" — so an office knows what to teach first.
 * Counts only: which organisation fails and why is on that organisation's own pre-audit page.
 *
 * Who: the roll-up (src/supervision/rollup.ts) asks for it after authorising the scope (src/supervision/access.ts);
 * this use case is given the organisations already picked and authorised, and reads nothing else.
 */
import type { Queryable } from '../db/index.ts';
import { criteriaYears, getCriteria, type OitItem } from '../ita/index.ts';
import { countChecked, countOrgsChecked } from './repo.ts';

export interface ClinicItem {
  readonly code: string;
  readonly titleTh: string;
  readonly indicator: 9 | 10 | null;
  /** Organisations whose latest check of the item fails. */
  readonly failing: number;
  /** Organisations that checked the item at all. */
  readonly checked: number;
  /** failing ÷ checked, in per cent (2 decimals). */
  readonly share: number;
}

export interface OitClinic {
  /** Organisations in the scope. */
  readonly organisations: number;
  /** Of them, those that checked any OIT item of the year. */
  readonly checked: number;
  /** The items failed by at least one, most failing first (then the criteria's order). */
  readonly items: readonly ClinicItem[];
}

/** The year's OIT items (the newest criteria of the year), or none when the year has no criteria. */
function itemsOf(year: number): readonly OitItem[] {
  return criteriaYears().includes(year) ? getCriteria(year).oitItems : [];
}

/** The clinic's agenda over `orgIds` (already authorised) for fiscal year `year`. */
export async function oitClinic(db: Queryable, orgIds: readonly string[], year: number): Promise<OitClinic> {
  if (orgIds.length === 0) return { organisations: 0, checked: 0, items: [] };
  const counts = await countChecked(db, orgIds, year);
  const checked = counts.length === 0 ? 0 : await countOrgsChecked(db, orgIds, year);
  const known = itemsOf(year);
  const order = (code: string) => {
    const at = known.findIndex((i) => i.code === code);
    return at === -1 ? known.length : at;
  };
  const items = counts
    .filter((c) => c.failing > 0)
    .map((c): ClinicItem => {
      const item = known.find((i) => i.code === c.item_code);
      return {
        code: c.item_code,
        titleTh: item?.titleTh ?? c.item_code,
        indicator: item?.indicator ?? null,
        failing: c.failing,
        checked: c.checked,
        share: Math.round((c.failing * 10_000) / c.checked) / 100,
      };
    })
    .sort((a, b) => b.failing - a.failing || order(a.code) - order(b.code) || a.code.localeCompare(b.code));
  return { organisations: orgIds.length, checked, items };
}
