/**
 * The sentence an analysis may cite from the agency's own survey (issue 19, point 3), exactly in this form:
 *
 *     แบบสำรวจของหน่วยงานเดือน ม.ค. ๒๕๗๐ ตัวชี้วัดที่ ๖ ได้ ๘๒.๔ (±๓.๑) จาก ๔๒ คน
 *
 * Thai digits, the abbreviated Thai month and Buddhist year of the month, the score and the half-width of its 95 %
 * confidence interval to 1 decimal (rounded half-up), the respondents. Pure: the caller picks the month (the latest
 * with at least 5 respondents) and its figures.
 */
import type { Exact } from '../scoring/exact.ts';
import { thaiMonthName } from '../thai/dates.ts';
import { toThaiDigits } from '../thai/digits.ts';

export interface SurveyMonthFigure {
  /** "YYYY-MM" (Gregorian, as the survey results keep it). */
  readonly month: string;
  readonly indicator: number;
  readonly exact: Exact;
  /** Half-width of the 95 % CI, 2 decimals (null: not computable). */
  readonly ci95: number | null;
  readonly respondents: number;
}

/** A 2-decimal number rounded half-up to 1 decimal, exactly (on whole hundredths). */
function oneDecimal(value: number): string {
  const hundredths = Math.round(value * 100);
  const tenths = Math.floor((hundredths + 5) / 10);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

export function surveySentence(f: SurveyMonthFigure): string {
  const [year, month] = f.month.split('-').map(Number) as [number, number];
  const ci = f.ci95 === null ? '' : ` (±${oneDecimal(f.ci95)})`;
  return toThaiDigits(`แบบสำรวจของหน่วยงานเดือน ${thaiMonthName(month, 'short')} ${year + 543} ตัวชี้วัดที่ ${f.indicator} ได้ ${f.exact.toFixed(1)}${ci} จาก ${f.respondents} คน`);
}
