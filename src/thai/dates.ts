/**
 * Buddhist-era dates and the Thai fiscal year, always on the Bangkok calendar.
 *
 * Time-zone trap (conventions 1.5): the instant 2026-09-30T18:30Z is 1 Oct 2026 in Bangkok
 * (fiscal year 2570) but still 30 Sep (FY 2569) in UTC. Every function here turns an instant into
 * a calendar date in Asia/Bangkok first, whatever the time zone of the process. A plain
 * `YYYY-MM-DD` string is already a calendar date and is never shifted.
 */
import { applyDigits, toArabicDigits, type DigitStyle } from './digits.ts';

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

// Made on first use: building it loads ICU's time-zone data (~20 ms), which `prongsai score` never needs.
let bangkokFormat: Intl.DateTimeFormat | undefined;
const bangkokFormatter = () =>
  (bangkokFormat ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'Asia/Bangkok',
    calendar: 'gregory',
    numberingSystem: 'latn',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }));

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
  const parts = new Map(bangkokFormatter().formatToParts(d).map((p) => [p.type, p.value]));
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

/**
 * How a person may write a date in a form: day, month and Buddhist-era year, with Thai or Arabic digits. Shown
 * under every date field (Arabic digits: staff pages).
 */
export const THAI_DATE_HINT = { th: 'วัน เดือน ปี พ.ศ. เช่น 1 ต.ค. 2568 หรือ 1/10/2568', en: 'day, month, Buddhist-era year, e.g. 1 Oct 2568 or 1/10/2568' } as const;

const MONTHS_EN_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** Month names as said: ตุลา, กุมภา, เมษา. */
const MONTHS_SPOKEN = MONTHS_LONG.map((n) => n.replace(/(?:คม|ยน|พันธ์)$/, ''));

/** A month name as typed, without dots and spaces ("ต.ค." → "ตค", "ตุลาคม", "ตุลา", "Oct", "October") → 1–12. */
function monthOfName(name: string): number | undefined {
  const key = name.replace(/[.\s]/g, '').toLowerCase();
  if (key === '') return undefined;
  const thai = [MONTHS_LONG, MONTHS_SHORT, MONTHS_SPOKEN].map((names) => names.findIndex((n) => n.replace(/\./g, '') === key)).find((i) => i >= 0);
  if (thai !== undefined) return thai + 1;
  const en = key.length >= 3 ? MONTHS_EN_LONG.findIndex((n) => n.toLowerCase().startsWith(key)) : -1;
  return en >= 0 ? en + 1 : undefined;
}

/** The result of {@link parseThaiDate}: the calendar date (ISO `YYYY-MM-DD`, Gregorian), or why not, in Thai and English. */
export type ParsedThaiDate = { ok: true; iso: string } | { ok: false; th: string; en: string };

const NUMERIC_DMY = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/;
const NUMERIC_YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const NAMED = /^(\d{1,2})\s*([^\d\s/-][^\d/-]*?)\s*(\d{2}|\d{4})$/;

/**
 * Read a date a person typed, on the Buddhist era: `๑ ต.ค. ๖๘`, `1 ต.ค. 2568`, `1 ตุลาคม พ.ศ. 2568`,
 * `วันที่ 1 ตุลาคม 2568`, `1/10/2568`, `01/10/68`, `1-10-2568`, `1.10.2568`, `2568-10-01`, `1 Oct 2568`. Thai
 * or Arabic digits, short or full month names (dots optional), a two-digit year is 25xx B.E.
 *
 * A Gregorian year (`2025-10-01`, `1/10/2025`) is refused rather than guessed: the message names the year in
 * พ.ศ. So is a day that is not in the calendar (`29/2/2567` is fine, `29/2/2566` is not).
 *
 * @example parseThaiDate('๑ ต.ค. ๖๘') // { ok: true, iso: '2025-10-01' }
 */
export function parseThaiDate(text: string): ParsedThaiDate {
  const shown = text.trim().replace(/\s+/g, ' ');
  const t = toArabicDigits(shown)
    .replace(/^วัน(?:[ก-๙]*?ที่)?\s*/, '') // วันที่ 1 …, วันพุธที่ 1 …
    .replace(/พ\.?\s*ศ\.?/g, ' ')
    .replace(/\bB\.?E\.?$/i, '')
    .replace(/\s+/g, ' ')
    .trim();
  const unreadable: ParsedThaiDate = {
    ok: false,
    th: `อ่านวันที่ "${shown}" ไม่ได้: พิมพ์ ${THAI_DATE_HINT.th}`,
    en: `cannot read the date "${shown}": type the ${THAI_DATE_HINT.en}`,
  };
  let day: number;
  let month: number | undefined;
  let yearText: string;
  let match: RegExpExecArray | null;
  if ((match = NUMERIC_YMD.exec(t))) {
    [yearText, month, day] = [match[1] as string, Number(match[2]), Number(match[3])];
  } else if ((match = NUMERIC_DMY.exec(t))) {
    [day, month, yearText] = [Number(match[1]), Number(match[2]), match[3] as string];
  } else if ((match = NAMED.exec(t))) {
    [day, month, yearText] = [Number(match[1]), monthOfName(match[2] as string), match[3] as string];
  } else {
    return unreadable;
  }
  if (month === undefined || month < 1 || month > 12) return unreadable;
  let be = Number(yearText);
  if (yearText.length === 2) be += 2500;
  if (be < 2400) {
    const hint = be >= 1800 && be <= 2300 ? { th: ` (ปี ค.ศ. ${be} คือ พ.ศ. ${toBuddhistYear(be)})`, en: ` (${be} CE is ${toBuddhistYear(be)} BE)` } : { th: '', en: '' };
    return {
      ok: false,
      th: `ปีของวันที่ "${shown}" ต้องเป็นปี พ.ศ.${hint.th} เช่น 1 ต.ค. 2568`,
      en: `the year of the date "${shown}" must be a Buddhist-era year${hint.en}, e.g. 1 Oct 2568`,
    };
  }
  const year = toGregorianYear(be);
  if (day < 1 || day > daysInMonth(year, month)) {
    return {
      ok: false,
      th: `ไม่มีวันที่ ${day} ${MONTHS_LONG[month - 1]} ${be} ในปฏิทิน`,
      en: `there is no day ${day} in ${MONTHS_EN_LONG[month - 1]} ${be} BE`,
    };
  }
  return { ok: true, iso: isoDate({ year, month, day }) };
}

/**
 * A calendar date (`YYYY-MM-DD`) as the messages name it: `1 ต.ค. 2568` in Thai, `1 Oct 2568 BE` in English
 * (Arabic digits). Anything that is not a calendar date comes back quoted as it is.
 */
export function messageDate(iso: string): { th: string; en: string } {
  try {
    const d = parseIsoDate(iso);
    const be = toBuddhistYear(d.year);
    return { th: `${d.day} ${MONTHS_SHORT[d.month - 1]} ${be}`, en: `${d.day} ${MONTHS_EN_LONG[d.month - 1]?.slice(0, 3)} ${be} BE` };
  } catch {
    return { th: `"${iso}"`, en: `"${iso}"` };
  }
}

/** A period of calendar days (`YYYY-MM-DD`, both included). */
export interface DatePeriod {
  start: string;
  end: string;
}

/** How a person may write a period: a month, a day or a range, on the Buddhist era. */
export const THAI_PERIOD_HINT = { th: 'เดือน (ต.ค. 2565) วัน (31 ต.ค. 2565) หรือช่วง (1 ต.ค. 2565 ถึง 31 ธ.ค. 2565)', en: 'a month (Oct 2565), a day (31 Oct 2565) or a range (1 Oct 2565 to 31 Dec 2565)' } as const;

const PERIOD_SEPARATOR = /\s*(?:\.\.|–|—|ถึง|\bto\b)\s*|\s+-\s+/i;
const NAMED_MONTH = /^([^\d\s/-][^\d/-]*?)\s*(\d{2}|\d{4})$/;
const NUMERIC_MONTH = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/;

/**
 * Read a period a person typed, on the Buddhist era: a month (`ต.ค. 2565`, `ตุลาคม ๒๕๖๕`, `10/2565`), a day
 * (`31 ต.ค. 2565`, any form {@link parseThaiDate} reads) or a range of two days (`1 ต.ค. 2565 ถึง 31 ธ.ค. 2565`,
 * also with `..`, `–` or ` - `).
 */
export function parseThaiPeriod(text: string): { ok: true; period: DatePeriod } | { ok: false; th: string; en: string } {
  const shown = text.trim().replace(/\s+/g, ' ');
  const t = toArabicDigits(shown).replace(/พ\.?\s*ศ\.?/g, ' ').replace(/\s+/g, ' ').trim();
  const monthMatch = NAMED_MONTH.exec(t) ?? NUMERIC_MONTH.exec(t);
  if (monthMatch) {
    const month = /^\d+$/.test(monthMatch[1] as string) ? Number(monthMatch[1]) : monthOfName(monthMatch[1] as string);
    const first = month === undefined ? undefined : parseThaiDate(`1/${month}/${monthMatch[2]}`);
    if (first?.ok) {
      const { year, month: m } = parseIsoDate(first.iso);
      return { ok: true, period: { start: first.iso, end: isoDate({ year, month: m, day: daysInMonth(year, m) }) } };
    }
    if (first) return first;
  }
  const unreadable = { ok: false, th: `อ่านช่วงเวลา "${shown}" ไม่ได้: ใช้${THAI_PERIOD_HINT.th}`, en: `cannot read the period "${shown}": give ${THAI_PERIOD_HINT.en}` } as const;
  const parts = t.split(PERIOD_SEPARATOR);
  if (parts.length <= 2) {
    const [start, end = start] = parts.map(parseThaiDate) as [ParsedThaiDate, ParsedThaiDate?];
    // A date that is not in the calendar or not on the Buddhist era says so; text that is no date at all gets the period's hint.
    for (const date of [start, end]) if (!date.ok) return date.th.startsWith('อ่านวันที่') ? unreadable : date;
    if (!start.ok || !end.ok) return unreadable;
    if (end.iso < start.iso) {
      const [s, e] = [messageDate(start.iso), messageDate(end.iso)];
      return { ok: false, th: `ช่วงเวลา "${shown}": วันสิ้นสุด ${e.th} อยู่ก่อนวันเริ่ม ${s.th}`, en: `the period "${shown}": the end ${e.en} is before the start ${s.en}` };
    }
    return { ok: true, period: { start: start.iso, end: end.iso } };
  }
  return unreadable;
}

/** A period as a person reads and types it back: `ต.ค. 2565` (a whole month), `31 ต.ค. 2565`, `1 ต.ค. 2565 ถึง 31 ธ.ค. 2565`. */
export function formatThaiPeriod(p: DatePeriod): string {
  const [start, end] = [parseIsoDate(p.start), parseIsoDate(p.end)];
  const wholeMonth = start.day === 1 && end.year === start.year && end.month === start.month && end.day === daysInMonth(end.year, end.month);
  if (wholeMonth) return `${MONTHS_SHORT[start.month - 1]} ${toBuddhistYear(start.year)}`;
  const [s, e] = [messageDate(p.start).th, messageDate(p.end).th];
  return p.start === p.end ? s : `${s} ถึง ${e}`;
}
