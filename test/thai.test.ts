import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyDigits,
  bangkokParts,
  compareThai,
  fiscalYearOf,
  fiscalYearOfDate,
  fiscalYearRange,
  formatFiscalYear,
  formatNumber,
  formatThaiDate,
  graphemes,
  normalizeThai,
  parseThaiNumber,
  segmentWords,
  sortThai,
  thaiMonthName,
  toArabicDigits,
  toBuddhistYear,
  toGregorianYear,
  toThaiDigits,
  truncateGraphemes,
} from '../src/thai/index.ts';

describe('Thai digits', () => {
  it('converts every digit both ways and leaves everything else alone', () => {
    expect(toThaiDigits('0123456789')).toBe('๐๑๒๓๔๕๖๗๘๙');
    expect(toArabicDigits('๐๑๒๓๔๕๖๗๘๙')).toBe('0123456789');
    expect(toThaiDigits('ข้อ 3.2 (ปี 2569), x-1')).toBe('ข้อ ๓.๒ (ปี ๒๕๖๙), x-๑');
    expect(toThaiDigits(-12.5)).toBe('-๑๒.๕');
    expect(toArabicDigits('หน้า ๒ จาก 10')).toBe('หน้า 2 จาก 10');
    expect(toThaiDigits('')).toBe('');
  });

  it('applies a digit style', () => {
    expect(applyDigits('1 ๒ 3', 'thai')).toBe('๑ ๒ ๓');
    expect(applyDigits('1 ๒ 3', 'arabic')).toBe('1 2 3');
  });

  it('round-trips any ASCII string through Thai digits', () => {
    fc.assert(fc.property(fc.string(), (s) => toArabicDigits(toThaiDigits(s)) === s));
  });
});

describe('formatNumber', () => {
  it('formats the Thai way, Thai digits by default', () => {
    expect(formatNumber(1234567.5)).toBe('๑,๒๓๔,๕๖๗.๕');
    expect(formatNumber(1234567.5, { style: 'arabic' })).toBe('1,234,567.5');
    expect(formatNumber(-1234.5, { style: 'arabic' })).toBe('-1,234.5');
    expect(formatNumber(1234567, { grouping: false, style: 'arabic' })).toBe('1234567');
    expect(formatNumber(0)).toBe('๐');
  });

  it('honours decimals (maximum, rounded half away from zero) and minDecimals (padding)', () => {
    expect(formatNumber(1.25, { decimals: 1, style: 'arabic' })).toBe('1.3');
    expect(formatNumber(2.5, { decimals: 0, style: 'arabic' })).toBe('3');
    expect(formatNumber(0.5, { minDecimals: 2, style: 'arabic' })).toBe('0.50');
    expect(formatNumber(85, { decimals: 2, minDecimals: 2 })).toBe('๘๕.๐๐');
    expect(formatNumber(1 / 3, { style: 'arabic' })).toBe('0.333');
    expect(formatNumber(1.5, { minDecimals: 4, style: 'arabic' })).toBe('1.5000');
    expect(() => formatNumber(1, { decimals: 1, minDecimals: 2 })).toThrow(RangeError);
  });

  it('never writes a negative zero', () => {
    expect(formatNumber(-0, { style: 'arabic' })).toBe('0');
    expect(formatNumber(-0.0001, { decimals: 2, style: 'arabic' })).toBe('0');
  });
});

describe('parseThaiNumber', () => {
  it.each([
    ['๑,๒๓๔,๕๖๗.๕', 1234567.5],
    ['1,234,567.5', 1234567.5],
    ['  ๑๒ ', 12],
    ['-๕', -5],
    ['+3.25', 3.25],
    ['\u22127', -7],
    ['.5', 0.5],
    ['๐.๕๐', 0.5],
    ['1๒3', 123],
    ['0', 0],
    ['-0', 0],
    ['007', 7],
  ])('reads %j as %d', (text, value) => {
    expect(parseThaiNumber(text)).toBe(value);
  });

  it.each([
    '', '   ', '-', '.', '1.2.3', '12abc', 'abc', 'NaN', 'Infinity', '-Infinity', '1e5', '0x10',
    '1,23', '12,34,567', ',123', '1,234,', '1 234', '- 5', '5-', '1.', '๑๒ บาท', '9'.repeat(400),
  ])('rejects %j', (text) => {
    expect(parseThaiNumber(text)).toBeNull();
  });

  it('reads back what formatNumber writes, in both digit styles', () => {
    const cents = fc.integer({ min: -1e13, max: 1e13 }).map((n) => n / 100);
    fc.assert(fc.property(cents, fc.constantFrom('thai', 'arabic' as const), (n, style) => {
      expect(parseThaiNumber(formatNumber(n, { decimals: 2, style }))).toBe(n);
    }));
    const doubles = fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true });
    fc.assert(fc.property(doubles, (n) => {
      const back = parseThaiNumber(formatNumber(n, { decimals: 2 }));
      expect(back).not.toBeNull();
      expect(Math.abs((back ?? NaN) - n)).toBeLessThanOrEqual(0.005 + Math.abs(n) * 1e-15);
    }));
  });
});

describe('Bangkok calendar and fiscal year', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('takes the calendar date in Bangkok whatever the process time zone', () => {
    const instant = new Date('2026-09-30T18:30:00Z'); // 01:30 on 1 Oct in Bangkok
    for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Bangkok']) {
      process.env.TZ = tz;
      expect(bangkokParts(instant)).toEqual({ year: 2026, month: 10, day: 1 });
      expect(fiscalYearOf(instant)).toBe(2570);
      expect(formatThaiDate(instant, { digits: 'arabic' })).toBe('1 ตุลาคม 2569');
    }
    expect(() => bangkokParts(new Date('nonsense'))).toThrow(RangeError);
  });

  it('changes fiscal year at midnight in Bangkok, which is 17:00 UTC', () => {
    const lastSecond = new Date('2026-09-30T16:59:59Z');
    const firstSecond = new Date('2026-09-30T17:00:00Z');
    expect(firstSecond.getUTCDate()).toBe(30); // still 30 September in UTC …
    expect(fiscalYearOf(lastSecond)).toBe(2569);
    expect(fiscalYearOf(firstSecond)).toBe(2570); // … but 1 October in Bangkok
    expect(fiscalYearOf(new Date('2025-09-30T17:00:00Z'))).toBe(2569);
  });

  it('converts Buddhist-era and Gregorian years', () => {
    expect(toBuddhistYear(2026)).toBe(2569);
    expect(toGregorianYear(2569)).toBe(2026);
    expect(toGregorianYear(toBuddhistYear(1999))).toBe(1999);
  });

  it('names the fiscal year of a calendar date without any time zone', () => {
    expect(fiscalYearOfDate('2025-09-30')).toBe(2568);
    expect(fiscalYearOfDate('2025-10-01')).toBe(2569);
    expect(fiscalYearOfDate('2026-01-15')).toBe(2569);
    expect(fiscalYearOfDate('2024-02-29')).toBe(2567);
    for (const bad of ['2023-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-9-1', '26-09-01', '2026-09-01T00:00']) {
      expect(() => fiscalYearOfDate(bad)).toThrow(RangeError);
    }
  });

  it('gives the first and last day of a fiscal year', () => {
    expect(fiscalYearRange(2566)).toEqual({ start: '2022-10-01', end: '2023-09-30' });
    expect(fiscalYearRange(2569)).toEqual({ start: '2025-10-01', end: '2026-09-30' });
    for (const fy of [2566, 2569]) {
      const { start, end } = fiscalYearRange(fy);
      expect([fiscalYearOfDate(start), fiscalYearOfDate(end)]).toEqual([fy, fy]);
    }
    expect(() => fiscalYearRange(2566.5)).toThrow(RangeError);
  });

  it('writes a fiscal year', () => {
    expect(formatFiscalYear(2566)).toBe('ปีงบประมาณ พ.ศ. ๒๕๖๖');
    expect(formatFiscalYear(2566, 'arabic')).toBe('ปีงบประมาณ พ.ศ. 2566');
    expect(() => formatFiscalYear(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatThaiDate', () => {
  const instant = new Date('2026-11-24T03:00:00Z');

  it.each([
    ['long', 'thai', '๒๔ พฤศจิกายน ๒๕๖๙'],
    ['long', 'arabic', '24 พฤศจิกายน 2569'],
    ['short', 'thai', '๒๔ พ.ย. ๖๙'],
    ['short', 'arabic', '24 พ.ย. 69'],
    ['full', 'thai', 'วันอังคารที่ ๒๔ พฤศจิกายน พ.ศ. ๒๕๖๙'],
    ['full', 'arabic', 'วันอังคารที่ 24 พฤศจิกายน พ.ศ. 2569'],
  ] as const)('%s style with %s digits', (style, digits, expected) => {
    expect(formatThaiDate(instant, { style, digits })).toBe(expected);
    expect(formatThaiDate('2026-11-24', { style, digits })).toBe(expected);
    expect(formatThaiDate('2026-11-24T10:00:00+07:00', { style, digits })).toBe(expected);
  });

  it('defaults to the long style with Thai digits', () => {
    expect(formatThaiDate(instant)).toBe('๒๔ พฤศจิกายน ๒๕๖๙');
  });

  it('shifts instants to Bangkok but never shifts a calendar date', () => {
    expect(formatThaiDate(new Date('2026-11-23T17:30:00Z'), { digits: 'arabic' })).toBe('24 พฤศจิกายน 2569');
    expect(formatThaiDate('2026-11-23T17:30:00Z', { digits: 'arabic' })).toBe('24 พฤศจิกายน 2569');
    expect(formatThaiDate('2026-11-23', { digits: 'arabic' })).toBe('23 พฤศจิกายน 2569');
  });

  it('pads the two-digit year of the short style', () => {
    expect(formatThaiDate('2057-01-01', { style: 'short' })).toBe('๑ ม.ค. ๐๐');
    expect(formatThaiDate('2050-03-05', { style: 'short', digits: 'arabic' })).toBe('5 มี.ค. 93');
  });

  it('refuses invalid dates and date-times without an offset', () => {
    for (const bad of ['2026-11-24T10:00', '2026-02-30', '24/11/2569', '', 'tomorrow']) {
      expect(() => formatThaiDate(bad)).toThrow(RangeError);
    }
    expect(() => formatThaiDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('agrees with Intl (th-TH, Buddhist calendar) on every day of a leap and a common year', () => {
    const intl = {
      long: new Intl.DateTimeFormat('th-TH', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
      short: new Intl.DateTimeFormat('th-TH', { timeZone: 'UTC', day: 'numeric', month: 'short', year: '2-digit' }),
      full: new Intl.DateTimeFormat('th-TH', { timeZone: 'UTC', dateStyle: 'full' }),
    };
    for (let day = 0; day < 366 + 365; day++) {
      const date = new Date(Date.UTC(2024, 0, 1 + day));
      const iso = date.toISOString().slice(0, 10);
      for (const style of ['long', 'short', 'full'] as const) {
        expect(formatThaiDate(iso, { style, digits: 'arabic' })).toBe(intl[style].format(date));
      }
    }
  });

  it('names months, long and short', () => {
    expect(thaiMonthName(11)).toBe('พฤศจิกายน');
    expect(thaiMonthName(11, 'short')).toBe('พ.ย.');
    expect(thaiMonthName(1, 'long')).toBe('มกราคม');
    for (const bad of [0, 13, 1.5, Number.NaN]) expect(() => thaiMonthName(bad)).toThrow(RangeError);
  });
});

describe('Thai collation', () => {
  it('sorts leading vowels by the consonant after them', () => {
    expect(sortThai(['แก', 'ข', 'ก', 'เก', 'กา', 'ฮ'])).toEqual(['ก', 'กา', 'เก', 'แก', 'ข', 'ฮ']);
    expect(compareThai('เก', 'ข')).toBeLessThan(0);
    expect(compareThai('ข', 'แก')).toBeGreaterThan(0);
    expect(compareThai('ก', 'ก')).toBe(0);
  });

  it('sorts by a key, keeps equal keys in order, and leaves the input alone', () => {
    const items = [
      { name: 'อบต.ข', id: 1 },
      { name: 'เทศบาลตำบลก', id: 2 },
      { name: 'อบต.ข', id: 3 },
      { name: 'กองช่าง', id: 4 },
    ] as const;
    const snapshot = structuredClone(items);
    expect(sortThai(items, (i) => i.name).map((i) => i.id)).toEqual([4, 2, 1, 3]);
    expect(items).toEqual(snapshot);
  });
});

describe('Thai text', () => {
  const sentences = [
    'สวัสดีครับ ผมชื่อน้ำ',
    'องค์การบริหารส่วนตำบลได้จัดทำรายงานความโปร่งใส ประจำปี ๒๕๖๙ (ITA) แล้ว!',
    'เอี๊ยด ๆ น้ำคล้ำ 123.45 บาท\nบรรทัดใหม่',
    '',
  ];
  /** Offsets where the segments of `parts` begin and end. */
  const boundaries = (parts: readonly string[]) => {
    const offsets = new Set([0]);
    let at = 0;
    for (const part of parts) offsets.add((at += part.length));
    return offsets;
  };
  const assertSegmentInvariants = (s: string) => {
    const all = segmentWords(s, { mode: 'all' });
    expect(all.join('')).toBe(s);
    const graphemeBoundaries = boundaries(graphemes(s));
    for (const offset of boundaries(all)) expect(graphemeBoundaries.has(offset)).toBe(true);
    expect(segmentWords(s).every((w) => w !== '' && all.includes(w))).toBe(true);
  };

  it('segments words without losing text or splitting a grapheme', () => {
    for (const s of sentences) {
      assertSegmentInvariants(s);
      expect(segmentWords(s).every((w) => w.trim() === w)).toBe(true);
    }
    expect(segmentWords('ผม ชื่อ')).toEqual(['ผม', 'ชื่อ']);
    expect(segmentWords('  ')).toEqual([]);
  });

  it('keeps the segmentation invariants on random Thai text', () => {
    const alphabet = [...'กขคงจนมยรลวสหอะาำิีึืุูเแโใไ่้๊๋็์ํๆ ๑2.,'];
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }), assertSegmentInvariants));
  });

  it('merges ICU word segments that would split a grapheme (ICU breaks before a stray SARA AM)', () => {
    expect(graphemes('ก้ามำ')).toEqual(['ก้', 'า', 'มำ']);
    expect(segmentWords('ก้ามำ', { mode: 'all' }).join('|')).not.toMatch(/\|ำ/);
    assertSegmentInvariants('ก้ามำ');
    assertSegmentInvariants('ง๊กี่ำจส');
  });

  it('splits graphemes with marks attached to their consonant', () => {
    expect(graphemes('น้ำคล้ำ')).toEqual(['น้ำ', 'ค', 'ล้ำ']);
    expect(graphemes('ที่')).toEqual(['ที่']);
    expect(graphemes('')).toEqual([]);
  });

  it('truncates on grapheme boundaries, the ellipsis counted', () => {
    expect(truncateGraphemes('น้ำคล้ำ', 3)).toBe('น้ำคล้ำ');
    expect(truncateGraphemes('น้ำคล้ำ', 2)).toBe('น้ำ…');
    expect(truncateGraphemes('น้ำคล้ำ', 1)).toBe('…');
    expect(truncateGraphemes('น้ำคล้ำ', 0)).toBe('');
    expect(truncateGraphemes('น้ำคล้ำ', 2, '')).toBe('น้ำค');
    expect(truncateGraphemes('น้ำคล้ำ', 2, '...')).toBe('น้ำค');
    expect(truncateGraphemes('น้ำคล้ำ', 1, '')).toBe('น้ำ');
    expect(truncateGraphemes('ab cd', 4)).toBe('ab…');
    expect(() => truncateGraphemes('x', -1)).toThrow(RangeError);
    expect(() => truncateGraphemes('x', 1.5)).toThrow(RangeError);
  });

  it('never returns more than max graphemes, nor a broken one', () => {
    fc.assert(fc.property(fc.constantFrom(...sentences), fc.nat({ max: 80 }), (s, max) => {
      const out = truncateGraphemes(s, max);
      expect(graphemes(out).length).toBeLessThanOrEqual(max);
      const kept = out.endsWith('…') && out !== s ? out.slice(0, -1) : out;
      expect(boundaries(graphemes(s)).has(kept.length)).toBe(true);
      expect(s.startsWith(kept)).toBe(true);
    }));
  });

  it('fixes SARA AM typed as NIKHAHIT + SARA AA, with or without a tone mark', () => {
    expect(normalizeThai('น\u0E4D\u0E32')).toBe('น\u0E33');
    expect(normalizeThai('น\u0E4D\u0E49\u0E32')).toBe('น\u0E49\u0E33'); // tone between
    expect(normalizeThai('น\u0E49\u0E4D\u0E32')).toBe('น\u0E49\u0E33'); // tone before
    expect(normalizeThai('ค\u0E25\u0E4D\u0E49\u0E32')).toBe('คล้ำ');
    expect(normalizeThai('ท\u0E4D\u0E32ง\u0E32น')).toBe('ทำงาน');
    expect(normalizeThai('สํ')).toBe('สํ'); // a NIKHAHIT alone (Pali) stays
  });

  it('applies NFC, folds white space and trims', () => {
    expect(normalizeThai('  อบต.\u00A0 ก\n\tตำบล  ')).toBe('อบต. ก ตำบล');
    expect(normalizeThai('Cafe\u0301')).toBe('Café');
    expect(normalizeThai('')).toBe('');
    for (const s of sentences) expect(normalizeThai(normalizeThai(s))).toBe(normalizeThai(s));
  });
});
