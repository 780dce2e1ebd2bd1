import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact } from '../src/scoring/exact.ts';

const x = (s: string) => Exact.parse(s);

describe('Exact', () => {
  it('parses decimals, fractions and exponents without floats', () => {
    expect(x('93.55').eq(Exact.of(9355n, 100n))).toBe(true);
    expect(x('100/3').eq(Exact.of(100n, 3n))).toBe(true);
    expect(x('1e2').eq(Exact.int(100))).toBe(true);
    expect(x('-0.5').eq(Exact.of(-1n, 2n))).toBe(true);
    expect(x('.5').eq(Exact.of(1n, 2n))).toBe(true);
    expect(Exact.fromNumber(0.1).add(Exact.fromNumber(0.2)).eq(x('0.3'))).toBe(true);
  });

  it('rejects what is not a finite decimal', () => {
    for (const bad of ['', ' ', 'abc', '1.2.3', '12abc', 'NaN', 'Infinity', '1/0', '.', '1e', '--1']) {
      expect(Exact.tryParse(bad), bad).toBeNull();
    }
    expect(() => Exact.fromNumber(Number.NaN)).toThrow(RangeError);
  });

  it('rounds half away from zero at the exact midpoint, where floats fail', () => {
    // 1.005 is 1.00499999999999989... as a double: Number.toFixed gives 1.00.
    expect((1.005).toFixed(2)).toBe('1.00');
    expect(x('1.005').toFixed(2)).toBe('1.01');
    expect(x('81.4548').toFixed(2)).toBe('81.45');
    expect(x('84.995').toFixed(2)).toBe('85.00');
    expect(x('84.9949999').toFixed(2)).toBe('84.99');
    expect(x('-1.005').toFixed(2)).toBe('-1.01');
    expect(x('-0.001').toFixed(2)).toBe('0.00');
    expect(x('100/3').toFixed(2)).toBe('33.33');
    expect(x('200/3').toFixed(2)).toBe('66.67');
    expect(x('7').toFixed(0)).toBe('7');
  });

  it('prints exact decimals and fractions', () => {
    expect(x('0.125').toString()).toBe('0.125');
    expect(x('30').toString()).toBe('30');
    expect(x('0.3').mul(Exact.int(100)).toString()).toBe('30');
    expect(x('100/3').toString()).toBe('100/3');
  });

  it('keeps arithmetic exact (property)', () => {
    const dec = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => Exact.of(BigInt(n), 100n));
    fc.assert(
      fc.property(dec, dec, dec, (a, b, c) => {
        expect(a.add(b).sub(b).eq(a)).toBe(true);
        expect(a.mul(b.add(c)).eq(a.mul(b).add(a.mul(c)))).toBe(true);
        if (b.n !== 0n) expect(a.mul(b).div(b).eq(a)).toBe(true);
      }),
    );
  });

  it('rounding agrees with the textbook rule on 3-decimal values (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (thousandths) => {
        const value = Exact.of(BigInt(thousandths), 1000n);
        const expected = Math.floor(thousandths / 10) + (thousandths % 10 >= 5 ? 1 : 0);
        expect(value.round(2).eq(Exact.of(BigInt(expected), 100n))).toBe(true);
      }),
    );
  });
});
