/**
 * Buddhist-era dates and the Thai fiscal year, always on the Bangkok calendar.
 *
 * Time-zone trap (conventions 1.5): the instant 2026-09-30T18:30Z is 1 Oct 2026 in Bangkok
 * (fiscal year 2570) but still 30 Sep (FY 2569) in UTC. Every function here turns an instant into
 * a calendar date in Asia/Bangkok first, whatever the time zone of the process. A plain
 * `YYYY-MM-DD` string is already a calendar date and is never shifted.
 */
import { applyDigits, type DigitStyle } from './digits.ts';

/** A Gregorian calendar date; `month` is 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Buddhist era = Gregorian + 543 (the modern rule, with the year starting on 1 January). */
const BE_OFFSET = 543;
/** The first month of a fiscal year: October. */
const FISCAL_START_MONTH = 10;

const bangkokFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Bangkok',
  calendar: 'gregory',
  numberingSystem: 'latn',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/**
 * Full and abbreviated month names, as the Royal Institute writes them and as ICU 78 (`th-TH`)
 * produces them. Kept as constants so official documents do not change with the ICU version;
 * the tests compare them with Intl on the machine.
 */
const MONTHS_LONG = [
  'มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน',
  'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม',
] as const;
const MONTHS_SHORT = [
  'ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.',
  'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.',
] as const;
/** Weekday names without the prefix วัน, Sunday first (as `Date#getUTCDay`). */
const WEEKDAYS = ['อาทิตย์', 'จันทร์', 'อังคาร', 'พุธ', 'พฤหัสบดี', 'ศุกร์', 'เสาร์'] as const;

/**
 * The calendar date in Bangkok (UTC+7) of an instant, whatever the process time zone.
 *
 * @throws RangeError for an invalid Date.
 * @example bangkokParts(new Date('2026-09-30T18:30:00Z')) // { year: 2026, month: 10, day: 1 }
 */
export function bangkokParts(d: Date): CalendarDate {
  if (Number.isNaN(d.getTime())) throw new RangeError('bangkokParts: invalid Date');
  const parts = new Map(bangkokFormat.formatToParts(d).map((p) => [p.type, p.value]));
  return { year: Number(parts.get('year')), month: Number(parts.get('month')), day: Number(parts.get('day')) };
}

/** Gregorian year → Buddhist-era year (+543): 2026 → 2569. */
export function toBuddhistYear(gregorianYear: number): number {
  return gregorianYear + BE_OFFSET;
}

/** Buddhist-era year → Gregorian year (−543): 2569 → 2026. */
export function toGregorianYear(be: number): number {
  return be - BE_OFFSET;
}

function assertInteger(value: number, what: string): void {
  if (!Number.isInteger(value)) throw new RangeError(`${what} must be a whole number, got ${value}`);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date-time with an explicit offset; one without (local time of the process) is refused. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Read a `YYYY-MM-DD` calendar date, or throw a RangeError (also for 2023-02-29 and the like). */
function parseIsoDate(iso: string): CalendarDate {
  const match = ISO_DATE.exec(iso);
  const [year, month, day] = (match ?? []).slice(1).map(Number);
  if (year === undefined || month === undefined || day === undefined
    || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(iso)}`);
  }
  return { year, month, day };
}

/** A `YYYY-MM-DD` string as it stands; an ISO date-time with `Z` or an offset, in Bangkok. */
function calendarDateOf(d: Date | string): CalendarDate {
  if (typeof d !== 'string') return bangkokParts(d);
  if (ISO_INSTANT.test(d)) return bangkokParts(new Date(d));
  return parseIsoDate(d);
}

function isoDate({ year, month, day }: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function fiscalYearOfCalendarDate({ year, month }: CalendarDate): number {
  return toBuddhistYear(month >= FISCAL_START_MONTH ? year + 1 : year);
}

/**
 * The Buddhist-era fiscal year of an instant, on the Bangkok calendar. A fiscal year runs
 * 1 October – 30 September and is named by the B.E. year in which it ends.
 *
 * @example fiscalYearOf(new Date('2026-09-30T16:59:59Z')) // 2569 (23:59:59 on 30 Sep in Bangkok)
 * @example fiscalYearOf(new Date('2026-09-30T17:00:00Z')) // 2570 (00:00 on 1 Oct in Bangkok)
 */
export function fiscalYearOf(d: Date): number {
  return fiscalYearOfCalendarDate(bangkokParts(d));
}

/**
 * The Buddhist-era fiscal year of a calendar date `YYYY-MM-DD` (no time zone involved).
 *
 * @throws RangeError when `isoDate` is not a valid `YYYY-MM-DD` date.
 * @example fiscalYearOfDate('2025-10-01') // 2569
 */
export function fiscalYearOfDate(isoDate: string): number {
  return fiscalYearOfCalendarDate(parseIsoDate(isoDate));
}

/**
 * First and last day (Bangkok calendar, `YYYY-MM-DD`) of a Buddhist-era fiscal year.
 *
 * @throws RangeError when `fyBE` is not a whole number.
 * @example fiscalYearRange(2566) // { start: '2022-10-01', end: '2023-09-30' }
 */
export function fiscalYearRange(fyBE: number): { start: string; end: string } {
  assertInteger(fyBE, 'fiscal year');
  const endYear = toGregorianYear(fyBE);
  return {
    start: isoDate({ year: endYear - 1, month: FISCAL_START_MONTH, day: 1 }),
    end: isoDate({ year: endYear, month: FISCAL_START_MONTH - 1, day: 30 }),
  };
}

/**
 * Thai name of a month (1 = มกราคม): `'long'` (default) → พฤศจิกายน, `'short'` → พ.ย.
 *
 * @throws RangeError when `month` is not a whole number 1–12.
 */
export function thaiMonthName(month: number, style: 'long' | 'short' = 'long'): string {
  const name = Number.isInteger(month) ? (style === 'short' ? MONTHS_SHORT : MONTHS_LONG)[month - 1] : undefined;
  if (name === undefined) throw new RangeError(`month must be 1–12, got ${month}`);
  return name;
}

/** 0 = Sunday … 6 = Saturday, of a Gregorian calendar date. */
function weekdayOf({ year, month, day }: CalendarDate): number {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as they are
  return utc.getUTCDay();
}

/** Options of {@link formatThaiDate}. */
export interface ThaiDateOptions {
  /** `'long'` (default) ๒๔ พฤศจิกายน ๒๕๖๙; `'short'` ๒๔ พ.ย. ๖๙; `'full'` วันอังคารที่ ๒๔ พฤศจิกายน พ.ศ. ๒๕๖๙. */
  style?: 'long' | 'short' | 'full';
  /** Digits of the result. Default `'thai'`. */
  digits?: DigitStyle;
}

/**
 * Format a date in Thai with the Buddhist-era year.
 *
 * - `'long'` (default): the date line of an official letter, without "พ.ศ.": `๒๔ พฤศจิกายน ๒๕๖๙`.
 * - `'short'`: abbreviated month and two-digit B.E. year: `๒๔ พ.ย. ๖๙`.
 * - `'full'`: weekday and "พ.ศ.": `วันอังคารที่ ๒๔ พฤศจิกายน พ.ศ. ๒๕๖๙` (as Intl's `dateStyle: 'full'`).
 *
 * `d` may be a Date (an instant, shown on the Bangkok calendar), a `YYYY-MM-DD` string (a calendar
 * date, shown as it is), or an ISO date-time string with `Z` or an offset (an instant). A
 * date-time without an offset is refused, because JavaScript would read it in the process zone.
 *
 * @throws RangeError for an invalid Date or string.
 */
export function formatThaiDate(d: Date | string, opts: ThaiDateOptions = {}): string {
  const { style = 'long', digits = 'thai' } = opts;
  const date = calendarDateOf(d);
  const be = toBuddhistYear(date.year);
  const month = thaiMonthName(date.month);
  let text: string;
  switch (style) {
    case 'short':
      text = `${date.day} ${thaiMonthName(date.month, 'short')} ${String(be % 100).padStart(2, '0')}`;
      break;
    case 'full':
      text = `วัน${WEEKDAYS[weekdayOf(date)]}ที่ ${date.day} ${month} พ.ศ. ${be}`;
      break;
    default:
      text = `${date.day} ${month} ${be}`;
  }
  return applyDigits(text, digits);
}

/**
 * `ปีงบประมาณ พ.ศ. ๒๕๖๖` for fiscal year 2566 (Thai digits unless `digits` is `'arabic'`).
 *
 * @throws RangeError when `fy` is not a whole number.
 */
export function formatFiscalYear(fy: number, digits: DigitStyle = 'thai'): string {
  assertInteger(fy, 'fiscal year');
  return applyDigits(`ปีงบประมาณ พ.ศ. ${fy}`, digits);
}
