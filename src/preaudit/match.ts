/**
 * Reading what an OIT page or document says (pure functions): the text normalised for comparison, the fiscal years
 * and the months it names, whether it names the organisation, a phrase, a signature or date line. Used by
 * src/preaudit/verdict.ts on the text that src/preaudit/extract.ts reads.
 *
 * Years are Buddhist era (BE). Two-digit years ("ปีงบประมาณ 70") are NOT read as fiscal years: they are ambiguous
 * next to ปี (a count of years: "ปี 5"); after an abbreviated month ("ต.ค. 69", common in tables) they are read as
 * 25xx.
 */
import { normalizeThai, toArabicDigits } from '../thai/index.ts';

/** Zero-width and invisible characters that PDF and CMS text carries inside Thai words. */
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;

/**
 * Text as compared: NFC, zero-width characters removed, ํา → ำ, Thai digits → Arabic, white space collapsed,
 * Latin letters lower-cased.
 */
export function normaliseThai(text: string): string {
  return toArabicDigits(normalizeThai(text.replace(INVISIBLE, ''))).toLowerCase();
}

/** The normalised text without any white space: Thai is written without spaces, and extraction adds some at random. */
export function compactThai(text: string): string {
  return normaliseThai(text).replace(/\s+/gu, '');
}

/** True when `phrase` is in `text` (both normalised, white space ignored). */
export function hasPhrase(text: string, phrase: string): boolean {
  const p = compactThai(phrase);
  return p.length > 0 && compactThai(text).includes(p);
}

const MIN_YEAR = 2500;
const MAX_YEAR = 2600;
const SPACE = '[\\s]*';
const BE_MARK = `(?:พ${SPACE}\\.?${SPACE}ศ${SPACE}\\.?)`;
/** ปีงบประมาณ, ประจำปี(งบประมาณ), พ.ศ., ปี — then an optional พ.ศ. — then a four-digit year. */
const YEAR_AFTER = new RegExp(`(?:ปีงบประมาณ|ประจำปี(?:งบประมาณ)?|${BE_MARK}|ปี)${SPACE}${BE_MARK}?${SPACE}(\\d{4})(?!\\d)`, 'gu');

const inRange = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;

/** The BE years (2500–2600) named next to ปีงบประมาณ / ประจำปี / พ.ศ. / ปี, in Thai or Arabic digits, sorted. */
export function fiscalYearsIn(text: string): number[] {
  const found = new Set<number>();
  for (const m of normaliseThai(text).matchAll(YEAR_AFTER)) {
    const year = Number(m[1]);
    if (inRange(year)) found.add(year);
  }
  return [...found].sort((a, b) => a - b);
}

const LONG = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
const SHORT = ['ม.ค', 'ก.พ', 'มี.ค', 'เม.ย', 'พ.ค', 'มิ.ย', 'ก.ค', 'ส.ค', 'ก.ย', 'ต.ค', 'พ.ย', 'ธ.ค'];
const escape = (s: string) => s.replace(/[.]/gu, `${SPACE}\\.${SPACE}`);
/** Every month name, longest first (so มีนาคม is not read as ม.ค.), as [pattern, month 1–12, abbreviated]. */
const MONTH_NAMES: readonly [string, number, boolean][] = [
  ...LONG.map((name, i): [string, number, boolean] => [name, i + 1, false]),
  ...SHORT.map((name, i): [string, number, boolean] => [`${escape(name)}\\.?`, i + 1, true]),
].sort((a, b) => b[0].length - a[0].length);
const MONTH_OR_YEAR = new RegExp(
  `(${MONTH_NAMES.map(([p]) => `(?:${p})`).join('|')})(?:${SPACE}${BE_MARK}?${SPACE}(\\d{4}|\\d{2})(?!\\d))?|${YEAR_AFTER.source}`,
  'gu',
);
/** A matched month name without spaces and dots → [month, abbreviated]. */
const MONTH_BY_NAME = new Map<string, [number, boolean]>([
  ...LONG.map((name, i): [string, [number, boolean]] => [name, [i + 1, false]]),
  ...SHORT.map((name, i): [string, [number, boolean]] => [name.replace(/\./gu, ''), [i + 1, true]]),
]);
const monthOf = (name: string): [number, boolean] => MONTH_BY_NAME.get(name.replace(/[\s.]/gu, '')) ?? [0, false];

/** 'YYYY-MM' (Gregorian) of a month of a BE calendar year. */
export function monthKey(beYear: number, month: number): string {
  return `${beYear - 543}-${String(month).padStart(2, '0')}`;
}

/**
 * The months a text names, as Gregorian 'YYYY-MM': a Thai month name (full or abbreviated) with a BE year after it
 * ("กุมภาพันธ์ 2570", "ก.พ. ๒๕๗๐", "ก.พ. 70" after an abbreviation), or without a year under a heading that names a
 * fiscal year ("ประจำปีงบประมาณ พ.ศ. 2570 … ตุลาคม …": ต.ค.–ธ.ค. are in 2569, ม.ค.–ก.ย. in 2570). A month with neither
 * is not counted.
 */
export function monthsIn(text: string): Set<string> {
  const found = new Set<string>();
  let heading: number | null = null;
  for (const m of normaliseThai(text).matchAll(MONTH_OR_YEAR)) {
    if (m[1] === undefined) {
      const year = Number(m[3]);
      if (inRange(year)) heading = year;
      continue;
    }
    const [month, abbreviated] = monthOf(m[1]);
    if (month === 0) continue;
    const digits = m[2];
    let year: number | null = null;
    if (digits?.length === 4) year = Number(digits);
    else if (digits?.length === 2 && abbreviated) year = 2500 + Number(digits);
    if (year !== null && inRange(year)) found.add(monthKey(year, month));
    else if (heading !== null) found.add(monthKey(month >= 10 ? heading - 1 : heading, month));
  }
  return found;
}

/** The long forms of local-government kinds and their abbreviations (dots removed). */
const KINDS: readonly [RegExp, string][] = [
  [/องค์การบริหารส่วนตำบล/gu, 'อบต'],
  [/องค์การบริหารส่วนจังหวัด/gu, 'อบจ'],
  [/เทศบาลตำบล/gu, 'ทต'],
  [/เทศบาลเมือง/gu, 'ทม'],
  [/เทศบาลนคร/gu, 'ทน'],
];

/** A name as compared: normalised, no white space, long kind names abbreviated, no dots (อ.บ.ต. = อบต. = อบต). */
function canonicalName(text: string): string {
  let s = compactThai(text);
  for (const [long, short] of KINDS) s = s.replace(long, short);
  return s.replace(/\./gu, '');
}

/**
 * True when the text names the organisation: องค์การบริหารส่วนตำบลX = อบต.X, เทศบาลตำบล = ทต., เทศบาลเมือง = ทม.,
 * เทศบาลนคร = ทน., องค์การบริหารส่วนจังหวัด = อบจ.; spaces and dots ignored.
 */
export function namesOrganisation(text: string, org: { readonly nameTh: string }): boolean {
  const name = canonicalName(org.nameTh);
  return name.length > 0 && canonicalName(text).includes(name);
}

/** The words of a signature or date line: ลงชื่อ, ลงนาม, ประกาศ ณ วันที่, สั่ง ณ วันที่. */
export const SIGNATURE_PHRASES: readonly string[] = ['ลงชื่อ', 'ลงนาม', 'ประกาศ ณ วันที่', 'สั่ง ณ วันที่'];

/** True when the text has a signature or date line. */
export function hasSignatureLine(text: string): boolean {
  const compact = compactThai(text);
  return SIGNATURE_PHRASES.some((p) => compact.includes(compactThai(p)));
}
