import { describe, it, expect } from 'vitest';
import type { CriteriaYear, IndicatorNumber, OitItem, ToolCode, ToolDefinition } from '../src/ita/types.ts';
import { criteria2564 } from '../src/ita/y2564.ts';
import { criteria2565 } from '../src/ita/y2565.ts';
import { criteria2566 } from '../src/ita/y2566.ts';
import { criteria2567 } from '../src/ita/y2567.ts';
import { criteria2568 } from '../src/ita/y2568.ts';

const YEARS: readonly CriteriaYear[] = [criteria2564, criteria2565, criteria2566, criteria2567, criteria2568];
const byYear = (year: number) => YEARS.find((c) => c.year === year) as CriteriaYear;

/** A non-negative decimal string as an integer count of 10^-places (exact; no floating point). */
function scaled(decimal: string, places = 12): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match) throw new Error(`not a decimal string: ${decimal}`);
  const [, whole, fraction = ''] = match;
  if (fraction.length > places) throw new Error(`too many decimals: ${decimal}`);
  return BigInt(`${whole}${fraction.padEnd(places, '0')}`);
}

const EXPECTED_TOOL: Record<IndicatorNumber, ToolCode> = {
  1: 'IIT', 2: 'IIT', 3: 'IIT', 4: 'IIT', 5: 'IIT', 6: 'EIT', 7: 'EIT', 8: 'EIT', 9: 'OIT', 10: 'OIT',
};

function unfrozen(value: unknown, path: string, seen = new Set<object>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const here = Object.isFrozen(value) ? [] : [path];
  return here.concat(
    ...Object.entries(value).map(([k, v]) => unfrozen(v, `${path}.${k}`, seen)),
  );
}

const countBy = <T>(list: readonly T[], key: (t: T) => string) =>
  list.reduce((m, t) => m.set(key(t), (m.get(key(t)) ?? 0) + 1), new Map<string, number>());

describe.each(YEARS.map((c) => [c.year, c] as const))('ITA criteria %i', (_year, c) => {
  it('has the three tools IIT, EIT, OIT whose weights sum to exactly 1', () => {
    expect(c.tools.map((t) => t.code)).toEqual(['IIT', 'EIT', 'OIT']);
    const sum = c.tools.reduce((s, t) => s + scaled(t.weight), 0n);
    expect(sum).toBe(scaled('1'));
  });

  it('lists every indicator 1..10 exactly once, each in its own tool', () => {
    expect(c.indicators.map((i) => i.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const fromTools = c.tools.flatMap((t) => t.indicators.map((n) => [n, t.code] as const));
    expect(fromTools.map(([n]) => n).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const [n, tool] of fromTools) {
      expect(tool).toBe(EXPECTED_TOOL[n]);
      expect(c.indicators.find((i) => i.number === n)?.tool).toBe(tool);
    }
    for (const i of c.indicators) {
      expect(i.nameTh).not.toBe('');
      expect(i.nameEn).not.toBe('');
      expect(i.altNamesTh ?? []).not.toContain(i.nameTh);
    }
  });

  it('asks each question under an indicator of its own tool', () => {
    for (const q of c.questions) {
      expect(c.tools.find((t) => t.code === q.tool)?.indicators, q.code).toContain(q.indicator);
    }
  });

  it('gives every answerable item a unique code, the question code or the question code plus .n', () => {
    const questionCodes = c.questions.map((q) => q.code);
    expect(new Set(questionCodes).size).toBe(questionCodes.length);
    const itemCodes = c.questions.flatMap((q) => q.items.map((i) => i.code));
    expect(new Set(itemCodes).size).toBe(itemCodes.length);
    for (const q of c.questions) {
      expect(q.items.length).toBeGreaterThan(0);
      if (q.items.length === 1) expect(q.items[0]?.code).toBe(q.code);
      else q.items.forEach((item, k) => expect(item.code).toBe(`${q.code}.${k + 1}`));
    }
  });

  it('refers only to scales it defines, whose options score 0..100 and mirror onto each other when reversed', () => {
    const scaleIds = c.scales.map((s) => s.id);
    expect(new Set(scaleIds).size).toBe(scaleIds.length);
    for (const item of c.questions.flatMap((q) => q.items)) expect(scaleIds, item.code).toContain(item.scale);
    for (const scale of c.scales) {
      const codes = scale.options.map((o) => o.code);
      expect(new Set(codes).size).toBe(codes.length);
      const scores = scale.options.map((o) => scaled(o.score));
      for (const s of scores) expect(s >= 0n && s <= scaled('100')).toBe(true);
      // 100 − score of option k is the score of the mirrored option, so a reversed item stays on the scale.
      const mirrored = scores.map((s) => scaled('100') - s).reverse();
      expect(mirrored).toEqual(scores);
    }
  });

  it('numbers the OIT items O1..On without gaps or repeats', () => {
    expect(c.oitItems.length).toBeGreaterThan(0);
    expect(c.oitItems.map((i) => i.code)).toEqual(c.oitItems.map((_, k) => `O${k + 1}`));
  });

  it('puts OIT items only in indicators 9 and 10, in sub-indicators of the same indicator', () => {
    const subs = new Map(c.oitSubIndicators.map((s) => [s.code, s]));
    expect(subs.size).toBe(c.oitSubIndicators.length);
    for (const item of c.oitItems) {
      expect([9, 10]).toContain(item.indicator);
      expect(item.groupTh).not.toBe('');
      if (c.oitSubIndicators.length > 0) {
        expect(item.subIndicator, item.code).toBeDefined();
        expect(subs.get(item.subIndicator as string)?.indicator, item.code).toBe(item.indicator);
      } else {
        expect(item.subIndicator, item.code).toBeUndefined();
      }
    }
    for (const sub of c.oitSubIndicators) {
      expect(c.oitItems.some((i) => i.subIndicator === sub.code), sub.code).toBe(true);
    }
    expect(c.oitAggregation).toBe(c.oitSubIndicators.length > 0 ? 'sub-indicator-mean' : 'item-share');
  });

  it('is frozen all the way down', () => {
    expect(unfrozen(c, `criteria${c.year}`)).toEqual([]);
    expect(() => (c.tools as ToolDefinition[]).push(c.tools[0] as ToolDefinition)).toThrow(TypeError);
  });

  it('explains every uncertain fact in Thai and English, with unique ids', () => {
    const ids = c.notes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const note of c.notes) {
      expect(note.th, note.id).toMatch(/[\u0E00-\u0E7F]/);
      expect(note.en, note.id).toMatch(/[A-Za-z]/);
      expect(note.topics.length, note.id).toBeGreaterThan(0);
      expect(note.sources?.length ?? 0, note.id).toBeGreaterThan(0);
    }
    expect(c.sources.length).toBeGreaterThan(0);
    const topics = new Set(c.notes.flatMap((n) => n.topics));
    expect(topics.has('rounding')).toBe(true);
    if (c.tools.some((t) => t.parts)) expect(topics.has('eit-parts')).toBe(true);
    if (c.gradeRule.kind === 'labels') expect(topics.has('grade')).toBe(true);
    if (c.oitAggregation === 'item-share') {
      expect(topics.has('oit-aggregation')).toBe(true);
      expect(topics.has('oit-indicator-mapping')).toBe(true);
    }
  });

  it('grades from the highest level down, never naming a level below the pass mark as a grade', () => {
    const pass = scaled(c.passMark);
    expect(c.decimals).toBe(2);
    const rule = c.gradeRule;
    if (rule.kind === 'bands') {
      const mins = rule.bands.map((b) => scaled(b.min));
      expect([...mins].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(mins);
      expect(mins.at(-1)).toBe(0n);
      expect(mins).toContain(pass);
    } else {
      const mins = rule.levels.map((l) => scaled(l.minOverall));
      expect([...mins].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))).toEqual(mins);
      for (const level of rule.levels) {
        expect(scaled(level.minOverall) >= pass, level.label).toBe(true);
        if (level.minEveryTool !== undefined) expect(scaled(level.minEveryTool) >= pass, level.label).toBe(true);
      }
      for (const below of rule.unconfirmedBelowPass) expect(scaled(below.minOverall) < pass, below.label).toBe(true);
    }
  });
});

describe('differences between years', () => {
  it('splits EIT into two parts and uses labels from 2566; bands and a single EIT before', () => {
    for (const c of YEARS) {
      const eit = c.tools.find((t) => t.code === 'EIT');
      expect(eit?.parts?.length ?? 0, String(c.year)).toBe(c.year >= 2566 ? 2 : 0);
      expect(c.gradeRule.kind, String(c.year)).toBe(c.year >= 2566 ? 'labels' : 'bands');
    }
  });

  it('holds the 2564 IIT form: 30 questions i1..i30, 6 per indicator 1–5, and 15 EIT questions, 5 per indicator 6–8', () => {
    const iit = criteria2564.questions.filter((q) => q.tool === 'IIT');
    expect(iit.map((q) => q.code)).toEqual(Array.from({ length: 30 }, (_, k) => `i${k + 1}`));
    expect([...countBy(iit, (q) => String(q.indicator))]).toEqual([1, 2, 3, 4, 5].map((n) => [String(n), 6]));
    expect(iit.flatMap((q) => q.items)).toHaveLength(51);
    const eit = criteria2564.questions.filter((q) => q.tool === 'EIT');
    expect([...countBy(eit, (q) => String(q.indicator))]).toEqual([6, 7, 8].map((n) => [String(n), 5]));
  });

  it('2564 groups the 43 OIT items into sub-indicators of 9, 8, 7, 4, 5 (ind 9) and 8, 2 (ind 10) items', () => {
    const sizes = countBy(criteria2564.oitItems, (i) => i.subIndicator ?? '');
    expect(criteria2564.oitSubIndicators.map((s) => [s.code, sizes.get(s.code)])).toEqual([
      ['9.1', 9], ['9.2', 8], ['9.3', 7], ['9.4', 4], ['9.5', 5], ['10.1', 8], ['10.2', 2],
    ]);
  });

  it('2565 keeps the 2564 questions and OIT list; 2567 keeps the 2566 OIT list', () => {
    expect(criteria2565.questions).toBe(criteria2564.questions);
    expect(criteria2565.oitItems).toBe(criteria2564.oitItems);
    expect(criteria2567.oitItems).toBe(criteria2566.oitItems);
  });

  it('2566 has a 43-item list with new items on personal data, No Gift Policy and ethics', () => {
    const titles = criteria2566.oitItems.map((i) => i.titleTh);
    expect(titles).toHaveLength(43);
    for (const word of ['คุ้มครองข้อมูลส่วนบุคคล', 'No Gift Policy', 'จริยธรรม']) {
      expect(titles.some((t) => t.includes(word)), word).toBe(true);
      expect(criteria2564.oitItems.some((i) => i.titleTh.includes(word)), word).toBe(false);
    }
  });

  it('2568 has the 28-item list, O1–O20 under indicator 9, with plans for this year and reports for last year', () => {
    const items = criteria2568.oitItems;
    expect(items).toHaveLength(28);
    expect(items.filter((i) => i.indicator === 9).map((i) => i.code)).toEqual(items.slice(0, 20).map((i) => i.code));
    const periodOf = (code: string) => (items.find((i) => i.code === code) as OitItem).period;
    expect(periodOf('O27')).toBe('current');
    expect(periodOf('O28')).toBe('previous');
    expect(items.some((i) => i.recurring)).toBe(false);
  });

  it('marks the monthly procurement summary and the six-month reports as recurring in the 43-item list', () => {
    const recurring = criteria2564.oitItems.filter((i) => i.recurring).map((i) => [i.code, i.recurring]);
    expect(recurring).toEqual([
      ['O11', 'six-monthly'], ['O19', 'six-monthly'], ['O23', 'monthly'], ['O40', 'six-monthly'],
    ]);
  });

  it('every year is its own object with its own year and title', () => {
    expect(new Set(YEARS.map((c) => c.year)).size).toBe(YEARS.length);
    for (const year of [2564, 2565, 2566, 2567, 2568]) expect(byYear(year).titleTh).toContain(String(year));
  });
});
