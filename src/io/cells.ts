/**
 * What a spreadsheet cell holds, read the way officials write it: lists one item per line, numbers and dates in
 * Thai or Arabic digits, dates as ISO (2022-10-01), Thai (1 ต.ค. 2565, ๑ ตุลาคม ๒๕๖๕, วันเสาร์ที่ 1 ตุลาคม พ.ศ. 2565)
 * or day/month/year with a Buddhist-era year (1/10/2565). Pure; a reader returns undefined for what it cannot read
 * and the caller says why, with the row and column.
 */
import { fiscalYearOfDate, thaiMonthName, toArabicDigits, toGregorianYear } from '../thai/index.ts';

/** The items of a list cell: one per line, trimmed, blank lines skipped. */
export function cellLines(cell: string): string[] {
  return cell
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A list as one cell, one item per line. */
export function linesCell(items: readonly string[]): string {
  return items.join('\n');
}

/** Years from here on are Buddhist era (no one writes a Gregorian year 2400). */
const FIRST_BE_YEAR = 2400;

/** Month names as written (มกราคม, ม.ค., มกรา), with dots and spaces removed → month 1–12. */
const MONTHS = new Map<string, number>(
  Array.from({ length: 12 }, (_, i) => i + 1).flatMap((m) => {
    const long = thaiMonthName(m);
    return [long, thaiMonthName(m, 'short'), long.replace(/(?:คม|ยน|พันธ์)$/, '')].map((name) => [compact(name), m] as const);
  }),
);

function compact(s: string): string {
  return s.replace(/[.\s]/g, '');
}

function isoOf(year: number, month: number, day: number): string | undefined {
  const gregorian = year >= FIRST_BE_YEAR ? toGregorianYear(year) : year;
  const iso = `${String(gregorian).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return fiscalYearOfIso(iso) === undefined ? undefined : iso;
}

/** The Buddhist-era fiscal year of a YYYY-MM-DD date; undefined when it is not a calendar date (2023-02-29). */
export function fiscalYearOfIso(iso: string): number | undefined {
  try {
    return fiscalYearOfDate(iso);
  } catch {
    return undefined;
  }
}

/**
 * A date cell → YYYY-MM-DD; undefined when it is not a date, or when it is ambiguous: 1/10/2022 could be the first
 * of October (Thai order) or the tenth of January (an Excel set to US English), so day/month/year is read only with
 * a Buddhist-era year (what Excel writes on a Thai system) or when the day is above 12.
 */
export function parseDateCell(cell: string): string | undefined {
  const text = toArabicDigits(cell).trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (numeric) {
    const [day, month, year] = [Number(numeric[1]), Number(numeric[2]), Number(numeric[3])];
    if (year < FIRST_BE_YEAR && day <= 12 && day !== month) return undefined;
    return isoOf(year, month, day);
  }
  const thai = /^(?:วัน[\u0E01-\u0E4F]+ที่\s*)?(\d{1,2})\s*([\u0E01-\u0E4F.\s]+?)\s*(?:พ\.?\s*ศ\.?\s*)?(\d{4}|\d{2})$/.exec(text);
  const month = thai ? MONTHS.get(compact(thai[2] as string)) : undefined;
  if (!thai || month === undefined) return undefined;
  const year = Number(thai[3]);
  return isoOf(year < 100 ? 2500 + year : year, month, Number(thai[1]));
}
