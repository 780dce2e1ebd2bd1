/**
 * Thai digits (๐–๙) and Thai number formatting.
 *
 * Numbers are stored as numbers and converted to Thai digits only when text is rendered
 * (conventions 1.4): Thai digits are encouraged in official documents but not mandatory.
 */

/** Which digits rendered text uses: Thai (๐–๙) or Arabic (0–9). */
export type DigitStyle = 'thai' | 'arabic';

/** U+0E50 THAI DIGIT ZERO; the ten Thai digits are contiguous, like 0–9. */
const THAI_ZERO = 0x0e50;
const ARABIC_ZERO = 0x30;

/** Replace each character matching `pattern` (one digit) by the digit of the same value at `toZero`. */
function mapDigits(s: string, pattern: RegExp, fromZero: number, toZero: number): string {
  return s.replace(pattern, (digit) => String.fromCharCode(digit.charCodeAt(0) - fromZero + toZero));
}

/**
 * Arabic digits 0–9 → Thai digits ๐–๙; every other character is unchanged.
 * A number is first written with `String(n)` (so `1e21` becomes `๑e+๒๑`).
 *
 * @example toThaiDigits('ปี 2569') // 'ปี ๒๕๖๙'
 */
export function toThaiDigits(s: string | number): string {
  return mapDigits(String(s), /[0-9]/g, ARABIC_ZERO, THAI_ZERO);
}

/**
 * Thai digits ๐–๙ → Arabic digits 0–9; every other character is unchanged.
 *
 * @example toArabicDigits('๑,๒๓๔') // '1,234'
 */
export function toArabicDigits(s: string): string {
  return mapDigits(s, /[๐-๙]/g, THAI_ZERO, ARABIC_ZERO);
}

/**
 * Write the digits of `s` in the given style: `'thai'` → {@link toThaiDigits},
 * `'arabic'` → {@link toArabicDigits}. Non-digit characters are unchanged.
 */
export function applyDigits(s: string, style: DigitStyle): string {
  return style === 'thai' ? toThaiDigits(s) : toArabicDigits(s);
}

/** Options of {@link formatNumber}. */
export interface FormatNumberOptions {
  /** Most fraction digits shown (rounded half away from zero). Default 3, as Intl. */
  decimals?: number;
  /** Fewest fraction digits shown (zero-padded). Default 0; must not exceed `decimals`. */
  minDecimals?: number;
  /** Digits of the result. Default `'thai'`. */
  style?: DigitStyle;
  /** Thousands separators. Default `true`. */
  grouping?: boolean;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * Format a number the Thai way with Intl (`th-TH`): `,` for thousands, `.` for decimals,
 * Thai digits unless `style: 'arabic'`.
 *
 * Negative zero (also a small negative number that rounds to zero) is written `0`, not `-0`.
 * Non-finite values come out as Intl writes them (`NaN`, `∞`, `-∞`).
 *
 * @throws RangeError when `decimals`/`minDecimals` are outside 0–100 or `minDecimals > decimals`.
 * @example formatNumber(1234567.5) // '๑,๒๓๔,๕๖๗.๕'
 * @example formatNumber(0.5, { minDecimals: 2, style: 'arabic' }) // '0.50'
 */
export function formatNumber(value: number, opts: FormatNumberOptions = {}): string {
  const { minDecimals = 0, style = 'thai', grouping = true } = opts;
  // Without an explicit maximum, widen Intl's default of 3 so a larger minimum stays valid.
  const decimals = opts.decimals ?? Math.max(3, minDecimals);
  const key = `${decimals}|${minDecimals}|${grouping}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('th-TH-u-nu-latn', {
      minimumFractionDigits: minDecimals,
      maximumFractionDigits: decimals,
      useGrouping: grouping,
      signDisplay: 'negative',
    });
    numberFormats.set(key, format);
  }
  return applyDigits(format.format(value), style);
}

/** Optional sign, integer part (plain or grouped by exact thousands), optional fraction. */
const NUMBER_PATTERN = /^([+\-\u2212])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;

/**
 * Read a number written with Thai or Arabic digits (mixed is fine), optional thousands separators
 * in the right places (`1,234,567`), optional fraction (`.5`, `12.50`), a leading `+`, `-` or `−`
 * (U+2212), and surrounding white space.
 *
 * Returns `null` for anything else: empty text, misplaced separators (`1,23`), several points
 * (`1.2.3`), trailing letters (`12abc`), exponents (`1e5`), `NaN`, `Infinity`, and numbers too
 * large to be finite.
 *
 * @example parseThaiNumber(' ๑,๒๓๔.๕ ') // 1234.5
 */
export function parseThaiNumber(s: string): number | null {
  const match = NUMBER_PATTERN.exec(toArabicDigits(s).trim());
  if (!match) return null;
  const [, sign, int, frac] = match;
  if (int === undefined && frac === undefined) return null;
  const magnitude = Number(`${(int ?? '0').replaceAll(',', '')}.${frac ?? '0'}`);
  if (!Number.isFinite(magnitude)) return null;
  const negative = (sign === '-' || sign === '\u2212') && magnitude !== 0; // never -0
  return negative ? -magnitude : magnitude;
}
