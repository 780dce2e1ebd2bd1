import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.ts';
import { getCriteria } from '../src/ita/index.ts';
import { scoreIndicators, type ScoreValue } from '../src/scoring/index.ts';

const TRAT_2564 = { 1: 93.55, 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 72.89, 10: 65.56 };

const all = (value: ScoreValue) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i + 1, value]));
const score = (year: number, indicators: Record<number, ScoreValue>, eitParts?: ScoreValue[]) =>
  scoreIndicators(getCriteria(year), { indicators, ...(eitParts ? { eitParts } : {}) });

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('scoring from indicator scores: published results', () => {
  it('reproduces จังหวัดตราด 2564 (NACC regional report): 81.45, grade B, not a pass', () => {
    const r = score(2564, TRAT_2564);
    expect(r.overall).toBe(81.45);
    expect(r.tools).toEqual({ IIT: 89.95, EIT: 89.27, OIT: 69.23 });
    expect(r.pass).toBe(false);
    expect(r.grade).toBe('B');
    expect(r.gradeScheme).toBe('bands');
    expect(r.gradeNote).toBeNull();
  });

  it('FY 2563 scores as 2564 does (same weights and bands); FY 2569 and 2570 as 2568 does', () => {
    expect(score(2563, TRAT_2564)).toMatchObject({ year: 2563, overall: 81.45, grade: 'B', pass: false, gradeScheme: 'bands' });
    const labelled = { ...TRAT_2564, 6: 80 };
    for (const year of [2569, 2570]) {
      const { year: y, criteriaRevision: _r, notes, ...rest } = score(year, labelled);
      const { year: _y2568, criteriaRevision: _r2568, notes: _n2568, ...rest2568 } = score(2568, labelled);
      expect(y).toBe(year);
      expect(rest).toEqual(rest2568);
      // The score carries the year's notes, which say that the weights and labels are 2568's.
      expect(notes.map((n) => n.id)).toContain('criteria-carried-from-2568');
    }
  });

  it('rounds once, at the end: rounding the tools first would give 81.46', () => {
    // IIT 89.946, EIT 89.27, OIT 69.225: 0.3·89.95 + 0.3·89.27 + 0.4·69.23 = 81.458 → 81.46 (wrong).
    expect(score(2564, TRAT_2564).overall).not.toBe(81.46);
  });

  it.each([
    [93.5, 100, 38.7],
    [97.78, 93.75, 38.31],
    [97.5, 87.5, 37.0],
    [92.5, 93.75, 37.25],
    [94.64, 100, 38.93],
  ])('reproduces the published weighted OIT of 2564 agencies: ind 9 %s, ind 10 %s → %s of 40', (i9, i10, weighted) => {
    const r = score(2564, { ...TRAT_2564, 9: i9, 10: i10 });
    expect(r.weighted.OIT).toBe(weighted);
  });

  it('prints the weighted tool scores out of 30/30/40 as the NACC does', () => {
    const r = score(2564, { ...all(100), 1: 91.68, 2: 91.68, 3: 91.68, 4: 91.68, 5: 91.68 });
    expect(r.weighted.IIT).toBe(27.5);
    expect(r.weighted.EIT).toBe(30);
    expect(r.weighted.OIT).toBe(40);
  });
});

describe('scoring: rounding edges and the pass mark', () => {
  it('84.995 rounds half-up to 85.00 and passes; 84.9949 does not', () => {
    const up = score(2564, all('84.995'));
    expect(up.overall).toBe(85);
    expect(up.pass).toBe(true);
    expect(up.grade).toBe('A');
    const down = score(2564, all('84.9949'));
    expect(down.overall).toBe(84.99);
    expect(down.pass).toBe(false);
    expect(down.grade).toBe('B');
  });

  it('is not fooled by binary floating point at x.xx5', () => {
    // Every indicator 1.005: a float would print 1.00.
    expect(score(2564, all(1.005)).overall).toBe(1.01);
  });

  it('accepts scores as text, with Thai digits', () => {
    expect(score(2564, { ...TRAT_2564, 1: '๙๓.๕๕' }).overall).toBe(81.45);
  });
});

describe('grades up to FY 2565: AA–F bands', () => {
  it.each([
    [100, 'AA'],
    [95, 'AA'],
    [94.99, 'A'],
    [85, 'A'],
    [84.99, 'B'],
    [75, 'B'],
    [74.99, 'C'],
    [65, 'C'],
    [64.99, 'D'],
    [55, 'D'],
    [54.99, 'E'],
    [50, 'E'],
    [49.99, 'F'],
    [0, 'F'],
  ])('overall %s → %s (2564 and 2565)', (overall, grade) => {
    expect(score(2564, all(overall)).grade).toBe(grade);
    expect(score(2565, all(overall)).grade).toBe(grade);
    expect(score(2565, all(overall)).pass).toBe(overall >= 85);
  });
});

describe('labels from FY 2566', () => {
  it('ผ่านดีเยี่ยม when the overall and every tool (each EIT part) are ≥ 95', () => {
    const r = score(2566, all(96), [96, 96]);
    expect(r.grade).toBe('ผ่านดีเยี่ยม');
    expect(r.gradeScheme).toBe('labels');
    expect(r.eitParts).toEqual([96, 96]);
    expect(r.gradeNote).toMatch(/ป\.ป\.ช\./);
  });

  it('ผ่านดี when every tool is ≥ 85 but not all ≥ 95', () => {
    expect(score(2567, all(90), [90, 90]).grade).toBe('ผ่านดี');
    expect(score(2568, { ...all(100), 1: 85, 2: 85, 3: 85, 4: 85, 5: 85 }, [100, 100]).grade).toBe('ผ่านดี');
  });

  it('ผ่าน when the overall is ≥ 85 but some tool is below 85', () => {
    const r = score(2566, { ...all(100), 1: 80, 2: 80, 3: 80, 4: 80, 5: 80 }, [100, 100]);
    expect(r.overall).toBe(94);
    expect(r.grade).toBe('ผ่าน');
  });

  it('ผ่าน when one EIT part is below 85 though the EIT mean is not (the ท่าไม้ 2566 reading)', () => {
    const r = score(2566, all(90), [80, 100]);
    expect(r.tools.EIT).toBe(90);
    expect(r.grade).toBe('ผ่าน');
  });

  it('gives no label and says why when the undisclosed EIT parts decide it', () => {
    const r = score(2566, all(90));
    expect(r.grade).toBeNull();
    expect(r.gradeNote).toContain('ผ่านดี');
    expect(r.gradeNote).toContain('"ผ่าน"');
    expect(r.gradeNoteEn).toMatch(/EIT part/);
  });

  it('decides without the parts when the EIT mean leaves no doubt', () => {
    // EIT 92.5 → each part ≥ 85 whatever the split.
    expect(score(2566, { ...all(90), 6: 92.5, 7: 92.5, 8: 92.5 }).grade).toBe('ผ่านดี');
    // EIT 97.5 → each part ≥ 95.
    expect(score(2566, { ...all(96), 6: 97.5, 7: 97.5, 8: 97.5 }).grade).toBe('ผ่านดีเยี่ยม');
    // EIT below 85 → ผ่าน whatever the parts.
    expect(score(2566, { ...all(95), 6: 80, 7: 80, 8: 80 }).grade).toBe('ผ่าน');
  });

  it('below 85 it is not a pass, and the unconfirmed level names are named only in the note', () => {
    const r = score(2566, { 1: 93.55, 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 72.89, 10: 65.56 });
    expect(r.overall).toBe(81.45);
    expect(r.pass).toBe(false);
    expect(r.grade).toBeNull();
    expect(r.gradeNote).toContain('ต้องปรับปรุง');
    expect(r.gradeNote).toContain('ยังไม่พบ');
  });

  it('carries the notes of the uncertain facts it used (weights, EIT parts)', () => {
    const r = score(2568, all(90));
    expect(r.notes.length).toBeGreaterThan(0);
    for (const note of r.notes) {
      expect(note.th.length).toBeGreaterThan(0);
      expect(note.en.length).toBeGreaterThan(0);
    }
    const ids = r.notes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('bad input is a clear error naming the field and the range', () => {
  it.each([
    [{ ...TRAT_2564, 3: 105 }, 'indicators.3', /0–100/],
    [{ ...TRAT_2564, 3: -1 }, 'indicators.3', /0–100/],
    [{ ...TRAT_2564, 3: Number.NaN }, 'indicators.3', /ไม่ใช่ตัวเลข/],
    [{ ...TRAT_2564, 3: 'abc' }, 'indicators.3', /ไม่ใช่ตัวเลข/],
    [{ ...TRAT_2564, 3: '' }, 'indicators.3', /ไม่มีคะแนน/],
    [{ ...TRAT_2564, 11: 50 }, 'indicators.11', /ไม่มีตัวชี้วัดที่ 11/],
  ])('%j → %s', (indicators, field, th) => {
    const e = inputError(() => score(2566, indicators as Record<number, ScoreValue>));
    expect(e.field).toBe(field);
    expect(e.th).toMatch(th);
    expect(e.en.length).toBeGreaterThan(10);
  });

  it('a missing indicator names it', () => {
    const { 7: _missing, ...rest } = TRAT_2564;
    const e = inputError(() => score(2566, rest));
    expect(e.field).toBe('indicators.7');
    expect(e.th).toContain('ประสิทธิภาพการสื่อสาร');
  });

  it('an unknown year names the known years', () => {
    const e = inputError(() => getCriteria(2550));
    expect(e.field).toBe('year');
    expect(e.th).toContain('2566');
  });

  it('EIT parts in a year without parts, or the wrong count, are refused', () => {
    expect(inputError(() => score(2564, TRAT_2564, [90, 90])).field).toBe('eitParts');
    expect(inputError(() => score(2566, TRAT_2564, [90])).field).toBe('eitParts');
    expect(inputError(() => score(2566, TRAT_2564, [90, 101])).field).toBe('eitParts.2');
  });
});

describe('properties', () => {
  const scoreArb = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100);
  const indicatorsArb = fc.array(scoreArb, { minLength: 10, maxLength: 10 });
  const yearArb = fc.constantFrom(2563, 2564, 2565, 2566, 2567, 2568, 2569, 2570);
  const asInput = (values: number[]) => Object.fromEntries(values.map((v, i) => [i + 1, v]));

  it('the overall score stays within 0..100', () => {
    fc.assert(
      fc.property(yearArb, indicatorsArb, (year, values) => {
        const r = score(year, asInput(values));
        expect(r.overall).toBeGreaterThanOrEqual(0);
        expect(r.overall).toBeLessThanOrEqual(100);
        expect(r.pass).toBe(r.overall >= 85);
      }),
    );
  });

  it('the overall score never falls when an indicator rises', () => {
    fc.assert(
      fc.property(yearArb, indicatorsArb, fc.integer({ min: 0, max: 9 }), scoreArb, (year, values, i, raised) => {
        const before = score(year, asInput(values));
        const higher = [...values];
        higher[i] = Math.max(values[i] as number, raised);
        const after = score(year, asInput(higher));
        expect(after.overall).toBeGreaterThanOrEqual(before.overall);
      }),
    );
  });

  it('equal indicators give that overall score', () => {
    fc.assert(
      fc.property(yearArb, scoreArb, (year, v) => {
        expect(score(year, all(v)).overall).toBe(v);
      }),
    );
  });
});
