import { describe, expect, it } from 'vitest';
import { formatThaiDate, formatThaiPeriod, messageDate, parseThaiDate, parseThaiPeriod } from '../src/thai/index.ts';

describe('parseThaiDate: what a person types, on the Buddhist era', () => {
  it.each([
    ['๑ ต.ค. ๖๘', '2025-10-01'],
    ['1 ต.ค. 2568', '2025-10-01'],
    ['1 ต.ค. 68', '2025-10-01'],
    ['1 ตค 2568', '2025-10-01'],
    ['1ต.ค.2568', '2025-10-01'],
    ['1 ตุลาคม 2568', '2025-10-01'],
    ['๑ ตุลาคม ๒๕๖๘', '2025-10-01'],
    ['1 ตุลาคม พ.ศ. 2568', '2025-10-01'],
    ['วันที่ 1 ตุลาคม พ.ศ. ๒๕๖๘', '2025-10-01'],
    ['วันพุธที่ 1 ตุลาคม 2568', '2025-10-01'],
    ['1/10/2568', '2025-10-01'],
    ['01/10/68', '2025-10-01'],
    ['๐๑/๑๐/๖๘', '2025-10-01'],
    ['1-10-2568', '2025-10-01'],
    ['1.10.2568', '2025-10-01'],
    ['  1 / 10 / 2568  ', '2025-10-01'],
    ['2568-10-01', '2025-10-01'],
    ['1 Oct 2568', '2025-10-01'],
    ['1 October 2568 BE', '2025-10-01'],
    ['30 ก.ย. 2569', '2026-09-30'],
    ['29 ก.พ. 2567', '2024-02-29'],
    ['31 ธันวาคม 2570', '2027-12-31'],
    ['15 พ.ค. 69', '2026-05-15'],
    ['15 พ.ย. 69', '2026-11-15'],
    ['5 มี.ค. 2569', '2026-03-05'],
  ])('%s → %s', (typed, iso) => {
    expect(parseThaiDate(typed)).toEqual({ ok: true, iso });
  });

  it('reads back every date it writes, in every style and both digit styles', () => {
    for (const iso of ['2025-10-01', '2026-02-28', '2024-02-29', '2026-12-31']) {
      for (const style of ['long', 'short', 'full'] as const) {
        for (const digits of ['thai', 'arabic'] as const) {
          expect(parseThaiDate(formatThaiDate(iso, { style, digits }))).toEqual({ ok: true, iso });
        }
      }
    }
  });

  it.each([
    ['2022-10-01', 'พ.ศ. 2565'],
    ['1/10/2025', 'พ.ศ. 2568'],
    ['1 ต.ค. 2025', 'พ.ศ. 2568'],
  ])('refuses the Gregorian year of %s and names it in พ.ศ.', (typed, be) => {
    expect(parseThaiDate(typed)).toEqual({ ok: false, th: expect.stringContaining(`ต้องเป็นปี พ.ศ. (ปี ค.ศ. ${typed.match(/\d{4}/)?.[0]} คือ ${be})`), en: expect.stringMatching(/Buddhist-era year/) });
  });

  it.each(['', 'พรุ่งนี้', '1 ตุลา 2568x', '32/10/2568', '1/13/2568', '1 Foo 2568', '1/10/568', '1 ต.ค.', '10/2568', '2568-1-1-1'])(
    'refuses %j with a Thai and an English message and the hint',
    (typed) => {
      expect(parseThaiDate(typed)).toEqual({ ok: false, th: expect.stringMatching(/อ่านวันที่|ไม่มีวันที่/), en: expect.stringMatching(/cannot read the date|there is no day/) });
    },
  );

  it('refuses a day that is not in the calendar, naming the month and the B.E. year', () => {
    expect(parseThaiDate('29 ก.พ. 2566')).toEqual({ ok: false, th: 'ไม่มีวันที่ 29 กุมภาพันธ์ 2566 ในปฏิทิน', en: 'there is no day 29 in February 2566 BE' });
    expect(parseThaiDate('31/4/2569').ok).toBe(false);
  });

  it('names dates in messages on the Buddhist era, never as YYYY-MM-DD', () => {
    expect(messageDate('2025-10-01')).toEqual({ th: '1 ต.ค. 2568', en: '1 Oct 2568 BE' });
    expect(messageDate('not a date')).toEqual({ th: '"not a date"', en: '"not a date"' });
  });
});

describe('parseThaiPeriod: a month, a day or a range, on the Buddhist era', () => {
  it.each([
    ['ต.ค. 2565', '2022-10-01', '2022-10-31', 'ต.ค. 2565'],
    ['ตุลาคม ๒๕๖๕', '2022-10-01', '2022-10-31', 'ต.ค. 2565'],
    ['10/2565', '2022-10-01', '2022-10-31', 'ต.ค. 2565'],
    ['ก.พ. 67', '2024-02-01', '2024-02-29', 'ก.พ. 2567'],
    ['31 ต.ค. 2565', '2022-10-31', '2022-10-31', '31 ต.ค. 2565'],
    ['1 ต.ค. 2565 ถึง 31 ธ.ค. 2565', '2022-10-01', '2022-12-31', '1 ต.ค. 2565 ถึง 31 ธ.ค. 2565'],
    ['1/10/2565..31/12/2565', '2022-10-01', '2022-12-31', '1 ต.ค. 2565 ถึง 31 ธ.ค. 2565'],
    ['1/10/65 - 15/10/65', '2022-10-01', '2022-10-15', '1 ต.ค. 2565 ถึง 15 ต.ค. 2565'],
    ['1 Oct 2565 to 31 Dec 2565', '2022-10-01', '2022-12-31', '1 ต.ค. 2565 ถึง 31 ธ.ค. 2565'],
    ['1 ต.ค. 2565 – 31 ต.ค. 2565', '2022-10-01', '2022-10-31', 'ต.ค. 2565'],
  ])('%s → %s..%s, written back as %s', (typed, start, end, back) => {
    expect(parseThaiPeriod(typed)).toEqual({ ok: true, period: { start, end } });
    expect(formatThaiPeriod({ start, end })).toBe(back);
    expect(parseThaiPeriod(back)).toEqual({ ok: true, period: { start, end } });
  });

  it.each([
    ['2022-10', 'อ่าน'],
    ['ต.ค. 2022', 'ต้องเป็นปี พ.ศ.'],
    ['31 ธ.ค. 2565 ถึง 1 ต.ค. 2565', 'วันสิ้นสุด 1 ต.ค. 2565 อยู่ก่อนวันเริ่ม 31 ธ.ค. 2565'],
    ['1 ต.ค. 2565 ถึง 2 ต.ค. 2565 ถึง 3 ต.ค. 2565', 'อ่านช่วงเวลา'],
  ])('refuses %j, saying why in Thai and English', (typed, th) => {
    expect(parseThaiPeriod(typed)).toEqual({ ok: false, th: expect.stringContaining(th), en: expect.stringMatching(/period|date/) });
  });
});
