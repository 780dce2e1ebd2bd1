/**
 * What a spreadsheet cell holds, read the way officials write it: lists one item per line, numbers and dates in
 * Thai or Arabic digits, dates as ISO (2022-10-01), Thai (1 ต.ค. 2565, ๑ ตุลาคม ๒๕๖๕, วันเสาร์ที่ 1 ตุลาคม พ.ศ. 2565)
 * or day/month/year with a Buddhist-era year (1/10/2565). Pure; a reader returns undefined for what it cannot read
 * and the caller says why, with the row and column.
 */
import { fiscalYearOfDate, parseThaiDate, toArabicDigits, toGregorianYear } from '../thai/index.ts';

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
  // Thai forms (1 ต.ค. 2565, ๑ ตุลาคม ๒๕๖๕, 01/10/65): the parser of what people type, on the Buddhist era.
  const typed = parseThaiDate(text);
  return typed.ok ? typed.iso : undefined;
}
