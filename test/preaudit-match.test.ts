import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactThai, fiscalYearsIn, hasPhrase, hasSignatureLine, monthsIn, namesOrganisation, normaliseThai } from '../src/preaudit/match.ts';
import { toThaiDigits } from '../src/thai/index.ts';

describe('normaliseThai', () => {
  it('NFC, Thai digits → Arabic, zero-width characters out, ํา → ำ, white space collapsed, Latin lower-cased', () => {
    expect(normaliseThai('  ประจำ\u200Bปี  ๒๕๗๐\n\tNo GIFT ')).toBe('ประจำปี 2570 no gift');
    expect(normaliseThai('น\u0E4D\u0E49\u0E32')).toBe('น้ำ');
    expect(normaliseThai('\uFEFFก\u00ADข')).toBe('กข');
  });

  it('is idempotent and never leaves Thai digits or zero-width characters (property)', () => {
    const chars = fc.constantFrom('ก', 'ำ', 'ํ', 'า', '่', '๒', '๕', '7', ' ', '\n', '\u200B', 'A', 'b', '.');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }).map((a) => a.join('')), (s) => {
        const n = normaliseThai(s);
        expect(normaliseThai(n)).toBe(n);
        expect(n).not.toMatch(/[\u0E50-\u0E59\u200B\s]{2,}|[\u0E50-\u0E59\u200B]/u);
        expect(n).toBe(n.toLowerCase());
      }),
    );
  });
});

describe('fiscalYearsIn', () => {
  it('reads BE years next to ปีงบประมาณ / ประจำปี / พ.ศ. / ปี, in Thai or Arabic digits', () => {
    expect(fiscalYearsIn('รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๙')).toEqual([2569]);
    expect(fiscalYearsIn('แผนปฏิบัติการ ปีงบประมาณ 2570 และ พ.ศ.2568')).toEqual([2568, 2570]);
    expect(fiscalYearsIn('ประจำปี 2570')).toEqual([2570]);
    expect(fiscalYearsIn('ปี พ.ศ. ๒๕๗๐')).toEqual([2570]);
  });

  it('ignores numbers that are not years or stand alone', () => {
    expect(fiscalYearsIn('โทร 2570 หรือ ปีงบประมาณ 70 หรือ ปี 5')).toEqual([]);
    expect(fiscalYearsIn('ปี 1999 และ ปี 2700')).toEqual([]);
    expect(fiscalYearsIn('พ.ศ. 25701')).toEqual([]);
  });

  it('finds any year 2500–2600 written after ปีงบประมาณ, in either digits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2500, max: 2600 }), fc.boolean(), fc.string({ maxLength: 10 }), (year, thai, noise) => {
        const digits = thai ? toThaiDigits(year) : String(year);
        expect(fiscalYearsIn(`${noise.replace(/\d/gu, '')} ปีงบประมาณ ${digits}`)).toContain(year);
      }),
    );
  });
});

describe('monthsIn', () => {
  it('reads full and abbreviated Thai months with a BE year after them, as Gregorian YYYY-MM', () => {
    expect([...monthsIn('สรุปผล เดือนตุลาคม 2569, พ.ย. ๒๕๖๙ และ ม.ค.70 ธันวาคม พ.ศ. 2569')].sort()).toEqual([
      '2026-10', '2026-11', '2026-12', '2027-01',
    ]);
  });

  it('takes the year of a fiscal-year heading for months without one (ต.ค.–ธ.ค. in the year before)', () => {
    const text = 'สรุปผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๗๐\nตุลาคม 12 รายการ\nพฤศจิกายน 8 รายการ\nมกราคม';
    expect([...monthsIn(text)].sort()).toEqual(['2026-10', '2026-11', '2027-01']);
  });

  it('tells มีนาคม from ม.ค. and counts no month without a year', () => {
    expect([...monthsIn('มีนาคม 2570')]).toEqual(['2027-03']);
    expect(monthsIn('ตุลาคม พฤศจิกายน')).toEqual(new Set());
    expect(monthsIn('มีนาคม 15')).toEqual(new Set());
  });
});

describe('namesOrganisation', () => {
  const org = { nameTh: 'องค์การบริหารส่วนตำบลบ้านนา' };
  it('accepts the long and the abbreviated names, spaces and dots ignored', () => {
    expect(namesOrganisation('ประกาศ อบต.บ้านนา', org)).toBe(true);
    expect(namesOrganisation('องค์การบริหารส่วน ตำบล บ้าน นา', org)).toBe(true);
    expect(namesOrganisation('อ.บ.ต. บ้านนา', org)).toBe(true);
    expect(namesOrganisation('เทศบาลตำบลบ้านนา', org)).toBe(false);
    expect(namesOrganisation('อบต.บ้านนาเหนือ', org)).toBe(true); // a longer name containing it: a person tells them apart
    expect(namesOrganisation('บ้านนา', org)).toBe(false);
  });

  it('knows ทต. ทม. ทน. อบจ.', () => {
    expect(namesOrganisation('ทต.ท่าข้าม', { nameTh: 'เทศบาลตำบลท่าข้าม' })).toBe(true);
    expect(namesOrganisation('เทศบาลเมืองตาก', { nameTh: 'ทม.ตาก' })).toBe(true);
    expect(namesOrganisation('ทน. ขอนแก่น', { nameTh: 'เทศบาลนครขอนแก่น' })).toBe(true);
    expect(namesOrganisation('อบจ.ตราด', { nameTh: 'องค์การบริหารส่วนจังหวัดตราด' })).toBe(true);
  });
});

describe('hasPhrase and signature lines', () => {
  it('matches phrases with white space, digits and SARA AM normalised', () => {
    expect(hasPhrase('หน้าที่ และ อำนาจ', 'หน้าที่และอำนาจ')).toBe(true);
    expect(hasPhrase('รอบ ๖ เดือน', '6 เดือน')).toBe(true);
    expect(hasPhrase('ข้อความ', '')).toBe(false);
    expect(compactThai(' ก ข ')).toBe('กข');
  });

  it('finds ลงชื่อ / ลงนาม / ประกาศ ณ วันที่', () => {
    expect(hasSignatureLine('ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๙')).toBe(true);
    expect(hasSignatureLine('(ลงชื่อ) ........ นายก อบต.')).toBe(true);
    expect(hasSignatureLine('มาตรการ')).toBe(false);
  });
});
