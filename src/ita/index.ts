import { InputError } from '../errors.ts';
import { toArabicDigits } from '../thai/index.ts';
import { criteria2564 } from './y2564.ts';
import { criteria2565 } from './y2565.ts';
import { criteria2566 } from './y2566.ts';
import { criteria2567 } from './y2567.ts';
import { criteria2568 } from './y2568.ts';
import type {
  CriteriaNote,
  CriteriaYear,
  IndicatorDefinition,
  IndicatorNumber,
  NoteTopic,
  ToolCode,
  ToolDefinition,
} from './types.ts';

export type * from './types.ts';
export { TOOL_CODES } from './types.ts';

const CATALOGUE: ReadonlyMap<number, CriteriaYear> = new Map(
  [criteria2564, criteria2565, criteria2566, criteria2567, criteria2568].map((c) => [c.year, c]),
);

/** Fiscal years (Buddhist era) that have criteria, oldest first. */
export function criteriaYears(): number[] {
  return [...CATALOGUE.keys()].sort((a, b) => a - b);
}

/** The criteria of a fiscal year, or a clear error naming the years we have. */
export function getCriteria(year: number): CriteriaYear {
  const criteria = Number.isInteger(year) ? CATALOGUE.get(year) : undefined;
  if (criteria) return criteria;
  const known = criteriaYears().join(', ');
  throw new InputError(
    'year',
    `ไม่มีเกณฑ์การประเมิน ITA ของปีงบประมาณ ${year}: ปีที่มีคือ ${known}`,
    `no ITA criteria for fiscal year ${year}: known years are ${known}`,
  );
}

/** A fiscal year given as text: a 4-digit Buddhist-era year, in Arabic or Thai digits. */
export function parseFiscalYear(text: string): number {
  const normal = toArabicDigits(text.trim());
  if (!/^\d{4}$/.test(normal)) {
    throw new InputError(
      'year',
      `ปีงบประมาณต้องเป็นปี พ.ศ. ๔ หลัก เช่น 2566 (ได้รับ "${text}")`,
      `the fiscal year must be a 4-digit Buddhist-era year such as 2566 (got "${text}")`,
    );
  }
  return Number(normal);
}

/** Parses a year given as text (Arabic or Thai digits) and returns its criteria. */
export function getCriteriaFromText(text: string): CriteriaYear {
  return getCriteria(parseFiscalYear(text));
}

export function indicatorOf(criteria: CriteriaYear, n: IndicatorNumber): IndicatorDefinition {
  const found = criteria.indicators.find((i) => i.number === n);
  if (!found) throw new Error(`catalogue ${criteria.year} has no indicator ${n}`);
  return found;
}

export function toolOf(criteria: CriteriaYear, code: ToolCode): ToolDefinition {
  const found = criteria.tools.find((t) => t.code === code);
  if (!found) throw new Error(`catalogue ${criteria.year} has no tool ${code}`);
  return found;
}

/** The year's notes on any of the given topics, in catalogue order. */
export function notesOn(criteria: CriteriaYear, topics: readonly NoteTopic[]): CriteriaNote[] {
  return criteria.notes.filter((note) => note.topics.some((t) => topics.includes(t)));
}
