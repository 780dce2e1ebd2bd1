/**
 * What one OIT item needs, as the pre-audit checks it: the generic requirements every item has by its fields (the
 * organisation named; the fiscal year its `period` says; one entry per month for a monthly item; the first half for
 * a six-monthly one) and the components the criteria pack lists for it (src/ita/packs/<year>.json).
 */
import type { CriteriaYear, OitComponent, OitComponentCheck, OitItem } from '../ita/index.ts';
import { bangkokParts, thaiMonthName, toThaiDigits } from '../thai/index.ts';
import { monthKey } from './match.ts';

export type RequirementCheck =
  | { readonly kind: 'organisation'; readonly nameTh: string }
  | { readonly kind: 'fiscal-year'; readonly year: number }
  /** `month`: Gregorian 'YYYY-MM'; `be`/`monthNumber` for the texts. */
  | { readonly kind: 'month'; readonly month: string; readonly be: number; readonly monthNumber: number }
  | OitComponentCheck;

export interface Requirement {
  readonly code: string;
  readonly titleTh: string;
  readonly titleEn: string;
  readonly certainty: OitComponent['certainty'];
  readonly check: RequirementCheck;
  readonly sources?: readonly string[];
}

/** Where the generic rules come from (the NACC's 100/0 rule and the item titles naming the year; issue 21). */
const GENERIC_SOURCE = 'item fields of the criteria pack (period, recurring); issue 21';

/** The BE year and month (1–12) of the month that contains `d` in Bangkok. */
function monthOfDate(d: Date): { be: number; month: number } {
  const p = bangkokParts(d);
  return { be: p.year + 543, month: p.month };
}

/**
 * The months of fiscal year `fy` (ต.ค. of fy − 1 to ก.ย. of fy) that ended before `until`, oldest first.
 */
export function monthsEnded(fy: number, until: Date): { be: number; month: number }[] {
  const now = monthOfDate(until);
  const nowIndex = now.be * 12 + now.month;
  const out: { be: number; month: number }[] = [];
  for (let i = 0; i < 12; i++) {
    const month = ((9 + i) % 12) + 1;
    const be = month >= 10 ? fy - 1 : fy;
    if (be * 12 + month < nowIndex) out.push({ be, month });
  }
  return out;
}

/**
 * The requirements of `item` of the year's criteria for an organisation, as of `asOf`. `options.oitClose`: the day
 * the OIT closes, after which no later month is asked for.
 */
export function requirementsOf(
  pack: CriteriaYear,
  item: OitItem,
  org: { readonly nameTh: string; readonly kind?: string },
  asOf: Date,
  options: { readonly oitClose?: Date } = {},
): Requirement[] {
  const out: Requirement[] = [
    {
      code: 'organisation',
      titleTh: `ระบุชื่อหน่วยงาน (${org.nameTh})`,
      titleEn: `Names the organisation (${org.nameTh})`,
      certainty: 'inferred',
      check: { kind: 'organisation', nameTh: org.nameTh },
      sources: [GENERIC_SOURCE],
    },
  ];
  const period = item.recurring && !item.period ? 'current' : item.period;
  const year = period === 'previous' ? pack.year - 1 : period === 'current' ? pack.year : null;
  if (year !== null) {
    out.push({
      code: 'fiscal-year',
      titleTh: `ระบุปีงบประมาณ พ.ศ. ${toThaiDigits(year)}`,
      titleEn: `Names the fiscal year ${year}`,
      certainty: 'confirmed',
      check: { kind: 'fiscal-year', year },
      sources: [GENERIC_SOURCE],
    });
  }
  const until = options.oitClose && options.oitClose < asOf ? options.oitClose : asOf;
  if (item.recurring === 'monthly' && year !== null) {
    for (const { be, month } of monthsEnded(year, until)) {
      out.push({
        code: `month-${monthKey(be, month)}`,
        titleTh: `ข้อมูลเดือน ${thaiMonthName(month, 'short')} ${toThaiDigits(be)}`,
        titleEn: `The entry for ${monthKey(be, month)}`,
        certainty: 'confirmed',
        check: { kind: 'month', month: monthKey(be, month), be, monthNumber: month },
        sources: [GENERIC_SOURCE],
      });
    }
  }
  if (item.recurring === 'six-monthly' && year !== null && monthsEnded(year, until).length >= 6) {
    out.push({
      code: 'first-half',
      titleTh: 'รายงานรอบ ๖ เดือนแรก (ต.ค.–มี.ค.)',
      titleEn: 'The report on the first six months (Oct–Mar)',
      certainty: 'inferred',
      check: { kind: 'phrases', anyOf: [['6 เดือน', 'หกเดือน', 'ครึ่งปี']] },
      sources: [GENERIC_SOURCE],
    });
  }
  for (const c of item.components ?? []) {
    out.push({ code: c.code, titleTh: c.titleTh, titleEn: c.titleEn, certainty: c.certainty, check: c.check, ...(c.sources ? { sources: c.sources } : {}) });
  }
  return out;
}
