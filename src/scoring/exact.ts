/**
 * Exact rational arithmetic for scores.
 *
 * ITA scores are means of means weighted by 0.3/0.3/0.4 and then rounded half-up to 2 decimals. Doing that in
 * binary floating point gets x.xx5 wrong (0.3 * 89.946 is not what it looks like), and officials compare our
 * figures with the NACC's to the last digit. So every score is kept as an exact fraction of two bigints and
 * rounded once, at the end.
 */
export class Exact {
  /** Numerator; the sign lives here. */
  readonly n: bigint;
  /** Denominator, always > 0 and coprime with the numerator. */
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    this.n = n;
    this.d = d;
  }

  static readonly ZERO = new Exact(0n, 1n);
  static readonly ONE = new Exact(1n, 1n);

  static of(n: bigint, d = 1n): Exact {
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    return g > 1n ? new Exact(n / g, d / g) : new Exact(n, d);
  }

  static int(n: number): Exact {
    if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
    return new Exact(BigInt(n), 1n);
  }

  /**
   * Parses a decimal string ("93.55", "-0.5", "1e2"), or a fraction "100/3". Returns null when the text is not
   * a finite number. Never goes through a float.
   */
  static tryParse(text: string): Exact | null {
    const s = text.trim();
    const frac = /^([+-]?\d+)\/(\d+)$/.exec(s);
    if (frac) {
      const den = BigInt(frac[2] as string);
      return den === 0n ? null : Exact.of(BigInt(frac[1] as string), den);
    }
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (!m) return null;
    const [, sign, whole = '', fraction = '', expText] = m;
    if (whole === '' && fraction === '') return null;
    let n = BigInt(whole + fraction || '0');
    let d = 10n ** BigInt(fraction.length);
    const exp = expText === undefined ? 0 : Number(expText);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return null;
    if (exp > 0) n *= 10n ** BigInt(exp);
    else if (exp < 0) d *= 10n ** BigInt(-exp);
    return Exact.of(sign === '-' ? -n : n, d);
  }

  /**
   * Parses a decimal constant (catalogue weights, thresholds, answer scores) and throws when it is not one.
   * Constants recur on every score, so parsed values are kept (Exact is immutable, sharing is safe).
   */
  static parse(text: string): Exact {
    const cached = PARSED.get(text);
    if (cached) return cached;
    const value = Exact.tryParse(text);
    if (value === null) throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
    if (PARSED.size < 4096) PARSED.set(text, value);
    return value;
  }

  /**
   * The exact value a JavaScript number was written as: 93.55 is taken as 9355/100 (its shortest decimal
   * form), not as the binary fraction nearest to it.
   */
  static fromNumber(value: number): Exact {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    if (Number.isSafeInteger(value)) return new Exact(BigInt(value), 1n);
    // Fast path for the usual score (a few decimals, |value| small): the fewest decimals k whose k-place
    // decimal converts back to exactly this number is the decimal it was written as.
    if (Math.abs(value) < 1e6) {
      for (let k = 1, scale = 10; k <= 6; k++, scale *= 10) {
        const units = Math.round(value * scale);
        if (units / scale === value) return Exact.of(BigInt(units), BigInt(scale));
      }
    }
    const value2 = Exact.tryParse(String(value));
    if (value2 === null) throw new RangeError(`not a finite number: ${value}`);
    return value2;
  }

  add(other: Exact): Exact {
    return Exact.of(this.n * other.d + other.n * this.d, this.d * other.d);
  }

  sub(other: Exact): Exact {
    return Exact.of(this.n * other.d - other.n * this.d, this.d * other.d);
  }

  mul(other: Exact): Exact {
    return Exact.of(this.n * other.n, this.d * other.d);
  }

  div(other: Exact): Exact {
    if (other.n === 0n) throw new RangeError('division by zero');
    return Exact.of(this.n * other.d, this.d * other.n);
  }

  cmp(other: Exact): -1 | 0 | 1 {
    const left = this.n * other.d;
    const right = other.n * this.d;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  eq(other: Exact): boolean {
    return this.cmp(other) === 0;
  }

  lt(other: Exact): boolean {
    return this.cmp(other) < 0;
  }

  gte(other: Exact): boolean {
    return this.cmp(other) >= 0;
  }

  /** Rounds half away from zero ("half-up" as officials mean it) to `decimals` places. */
  round(decimals: number): Exact {
    const scale = pow10(decimals);
    if (scale % this.d === 0n) return this; // already has at most `decimals` places
    const scaled = this.n * scale;
    const negative = scaled < 0n;
    const abs = negative ? -scaled : scaled;
    let q = abs / this.d;
    if ((abs % this.d) * 2n >= this.d) q += 1n;
    return Exact.of(negative ? -q : q, scale);
  }

  /** Fixed-point text with exactly `decimals` places, after rounding half-up. */
  toFixed(decimals: number): string {
    const r = this.round(decimals);
    const scale = 10n ** BigInt(decimals);
    const negative = r.n < 0n;
    const units = ((negative ? -r.n : r.n) * scale) / r.d;
    const whole = units / scale;
    const fraction = (units % scale).toString().padStart(decimals, '0');
    return `${negative && units !== 0n ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
  }

  /**
   * The value rounded half-up to `decimals` places, as a JavaScript number: the double nearest to that decimal,
   * the same as parsing its text (integer ÷ power of ten is correctly rounded).
   */
  toNumber(decimals: number): number {
    const r = this.round(decimals);
    const units = (r.n * pow10(decimals)) / r.d;
    return Number(units) / 10 ** decimals;
  }

  /** Exact decimal text where the value has one (0.125 → "0.125"), otherwise the fraction ("100/3"). */
  toString(): string {
    let d = this.d;
    let places = 0;
    while (d % 10n === 0n) {
      d /= 10n;
      places++;
    }
    while (d % 2n === 0n || d % 5n === 0n) {
      d /= d % 2n === 0n ? 2n : 5n;
      places++;
    }
    if (d !== 1n) return `${this.n}/${this.d}`;
    const text = this.toFixed(places);
    return places > 0 ? text.replace(/\.?0+$/, '') : text;
  }

  /** Mean of a non-empty list. */
  static mean(values: readonly Exact[]): Exact {
    if (values.length === 0) throw new RangeError('mean of an empty list');
    return Exact.sum(values).div(Exact.int(values.length));
  }

  static sum(values: readonly Exact[]): Exact {
    return values.reduce((acc, v) => acc.add(v), Exact.ZERO);
  }

  static min(values: readonly Exact[]): Exact {
    if (values.length === 0) throw new RangeError('min of an empty list');
    return values.reduce((acc, v) => (v.lt(acc) ? v : acc));
  }
}

const PARSED = new Map<string, Exact>();

const POW10: bigint[] = Array.from({ length: 19 }, (_, i) => 10n ** BigInt(i));

function pow10(decimals: number): bigint {
  return POW10[decimals] ?? 10n ** BigInt(decimals);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
