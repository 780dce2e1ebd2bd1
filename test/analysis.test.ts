import { describe, expect, it } from 'vitest';
import { analyzeScores } from '../src/years/scoring.ts';
import { getCriteria } from '../src/ita/index.ts';

const TRAT = { 1: 93.55, 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 72.89, 10: 65.56 };
const c2566 = getCriteria(2566);

describe('findings', () => {
  const { findings: f } = analyzeScores(getCriteria(2564), TRAT);

  it('finds the lowest indicator of each tool and whether it passes 85', () => {
    const byTool = Object.fromEntries(f.tools.map((t) => [t.tool, t]));
    expect(byTool.IIT?.lowest?.indicators.map((i) => i.indicator)).toEqual([2]);
    expect(byTool.IIT?.lowest?.passes).toBe(true);
    expect(byTool.EIT?.lowest?.indicators.map((i) => i.indicator)).toEqual([8]);
    expect(byTool.OIT?.lowest).toMatchObject({ score: 65.56, passes: false });
    expect(byTool.OIT?.score).toBe(69.23);
  });

  it('lists every indicator below 85 and none at full marks', () => {
    expect(f.belowPass.map((b) => b.indicator)).toEqual([9, 10]);
    expect(f.fullMarks).toEqual([]);
    expect(f.missing).toEqual([]);
    expect(f.overall).toEqual({ current: 81.45, previous: null, delta: null });
  });

  it('reports ties for the lowest indicator', () => {
    const { findings: tie } = analyzeScores(c2566, { ...TRAT, 1: 87.72 });
    expect(tie.tools[0]?.lowest?.indicators.map((i) => i.indicator)).toEqual([1, 2]);
  });

  it('finds indicators at 100', () => {
    const { findings: full } = analyzeScores(c2566, { ...TRAT, 9: 100, 10: 100, 3: 100 });
    expect(full.fullMarks.map((i) => i.indicator)).toEqual([3, 9, 10]);
  });

  it('compares with last year, per indicator and overall', () => {
    const previous = { criteria: getCriteria(2565), indicators: { ...TRAT, 9: 60, 10: 65.56, 1: 95 } };
    const { findings: g, sentences: s } = analyzeScores(c2566, TRAT, { previous });
    const nine = g.changes.find((c) => c.indicator === 9);
    expect(nine).toMatchObject({ previous: 60, current: 72.89, delta: 12.89, direction: 'up' });
    expect(g.changes.find((c) => c.indicator === 1)).toMatchObject({ delta: -1.45, direction: 'down' });
    expect(g.changes.find((c) => c.indicator === 10)?.direction).toBe('same');
    expect(g.previousYear).toBe(2565);
    expect(g.overall.delta).not.toBeNull();
    expect(s.changes.find((c) => c.indicator === 9)?.th).toContain('เพิ่มขึ้นจากปี ๒๕๖๕ (๖๐ คะแนน) ๑๒.๘๙ คะแนน');
    expect(s.changes.find((c) => c.indicator === 1)?.th).toContain('ลดลง');
  });

  it('accepts a year still being filled in, and names what is missing', () => {
    const { findings: partial, score, sentences: s } = analyzeScores(c2566, { 9: 100, 10: 100 });
    expect(score).toBeNull();
    expect(partial.missing).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(partial.overall.current).toBeNull();
    expect(s.overall).toBeNull();
    expect(s.tools[0]?.th).toContain('ยังไม่มีผลคะแนนของตัวชี้วัดที่ ๑');
    expect(s.tools[2]?.th).toContain('ได้คะแนนเต็ม ๑๐๐ คะแนนทั้ง ๒ ตัวชี้วัด');
  });

  it('still checks the scores that are given', () => {
    expect(() => analyzeScores(c2566, { 9: 101 })).toThrow(/0–100|0 to 100/);
  });
});

describe('Thai sentences in the style of the seed report', () => {
  it('states the lowest IIT indicator that still passes, with Thai digits', () => {
    const { sentences: s } = analyzeScores(c2566, TRAT);
    const iit = s.tools[0]?.th ?? '';
    expect(iit).toContain('แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน');
    expect(iit).toContain(
      'พบว่า ผลคะแนนของตัวชี้วัดที่ ๒ การใช้งบประมาณ คือ ๘๗.๗๒ คะแนน มีค่าต่ำสุดของ IIT แต่ผ่านเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)',
    );
    expect(iit).not.toMatch(/[0-9]/);
  });

  it('states a lowest indicator that fails, and the others below the target', () => {
    const { sentences: s } = analyzeScores(c2566, TRAT);
    const oit = s.tools[2]?.th ?? '';
    expect(oit).toContain('ผลคะแนนของตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต คือ ๖๕.๕๖ คะแนน มีค่าต่ำสุดของ OIT และต่ำกว่าเกณฑ์เป้าหมาย');
    expect(oit).toContain('นอกจากนี้ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล คือ ๗๒.๘๙ คะแนน ก็ต่ำกว่าเกณฑ์เป้าหมายด้วย');
  });

  it('states full marks on both OIT indicators as the seed does', () => {
    const { sentences: s } = analyzeScores(c2566, { ...TRAT, 9: 100, 10: 100 });
    expect(s.tools[2]?.th).toContain(
      'ผลคะแนนของตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล คือ ๑๐๐ คะแนน และตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต คือ ๑๐๐ คะแนน ได้คะแนนเต็ม ๑๐๐ คะแนนทั้ง ๒ ตัวชี้วัด ตามเกณฑ์เป้าหมาย (๘๕ คะแนนขึ้นไป)',
    );
  });

  it('uses Arabic digits on request, and has English', () => {
    const { sentences: s } = analyzeScores(c2566, TRAT, { digits: 'arabic' });
    expect(s.tools[0]?.th).toContain('ตัวชี้วัดที่ 2 การใช้งบประมาณ คือ 87.72 คะแนน');
    expect(s.tools[0]?.en).toContain('indicator 2');
    expect(s.tools[0]?.en).toContain('87.72');
    expect(s.overall?.th).toContain('81.45');
    expect(s.overall?.th).toContain('ต่ำกว่าเกณฑ์เป้าหมาย');
  });
});
