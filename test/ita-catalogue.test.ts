import { describe, it, expect } from 'vitest';
import { defaultCriteriaYear } from '../src/years/carry.ts';
import { suggestedContent } from '../src/portal/publication-content.ts';
import { criteriaYears, getCriteria, oitItemWithRole, provisionalFor } from '../src/ita/index.ts';
import { OIT_ITEM_ROLES, type CriteriaYear, type IndicatorNumber, type OitItem, type ToolCode, type ToolDefinition } from '../src/ita/types.ts';

// The built-in criteria packs (src/ita/packs/<year>.json), as the registry loads them.
const [criteria2563, criteria2564, criteria2565, criteria2566, criteria2567, criteria2568, criteria2569, criteria2570] = (
  [2563, 2564, 2565, 2566, 2567, 2568, 2569, 2570] as const
).map((year) => getCriteria(year)) as [CriteriaYear, CriteriaYear, CriteriaYear, CriteriaYear, CriteriaYear, CriteriaYear, CriteriaYear, CriteriaYear];

const YEARS: readonly CriteriaYear[] = [
  criteria2563, criteria2564, criteria2565, criteria2566, criteria2567, criteria2568, criteria2569, criteria2570,
];
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
    expect(criteria2565.questions).toEqual(criteria2564.questions);
    expect(criteria2565.oitItems).toEqual(criteria2564.oitItems);
    expect(criteria2567.oitItems).toEqual(criteria2566.oitItems);
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
    for (const year of [2563, 2564, 2565, 2566, 2567, 2568, 2569, 2570]) expect(byYear(year).titleTh).toContain(String(year));
    expect(criteriaYears()).toEqual(YEARS.map((c) => c.year));
    for (const c of YEARS) expect(getCriteria(c.year)).toBe(c);
  });

  it('2563 has the weights, indicators, grade bands and OIT list of 2564', () => {
    expect(criteria2563.tools).toEqual(criteria2564.tools);
    expect(criteria2563.indicators).toEqual(criteria2564.indicators);
    expect(criteria2563.gradeRule).toEqual(criteria2564.gradeRule);
    expect(criteria2563.gradeRule.kind).toBe('bands');
    expect(criteria2563.passMark).toBe(criteria2564.passMark);
    expect(criteria2563.oitItems).toEqual(criteria2564.oitItems);
    expect(criteria2563.oitAggregation).toBe('sub-indicator-mean');
    expect(criteria2563.notes.map((n) => n.id)).toContain('weights-assumed');
  });

  it('2568 revision 2: O9 in full, O20 and O22 without a period and a note saying why, the label rule cites the 2568 case', () => {
    expect(criteria2568.revision).toBe(2);
    const item = (code: string) => criteria2568.oitItems.find((i) => i.code === code) as OitItem;
    expect(item('O9').titleTh).toBe('คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ');
    expect(item('O20').period).toBeUndefined();
    expect(item('O22').period).toBeUndefined();
    const periods = criteria2568.notes.find((n) => n.id === 'oit-periods-o20-o22');
    expect(periods?.en).toMatch(/O22 is most likely the previous year/);
    const label = criteria2568.notes.find((n) => n.id === 'grade-label-mapping');
    expect(label?.sources).toContain('https://mgronline.com/uptodate/detail/9680000079675');
    expect(label?.th).toContain('94.64');
    // Years before 2568 keep the note as it was.
    expect(criteria2566.notes.find((n) => n.id === 'grade-label-mapping')?.th).not.toContain('94.64');
  });

  it('2569 has the 26 items of one agency\'s published structure, the monthly procurement summary back as O11, the measures as O25', () => {
    const items = criteria2569.oitItems;
    expect(items).toHaveLength(26);
    const item = (code: string) => items.find((i) => i.code === code) as OitItem;
    expect(item('O11')).toMatchObject({ period: 'current', recurring: 'monthly', role: 'procurement-summary' });
    expect(item('O12').period).toBe('previous');
    expect(item('O18')).toMatchObject({ period: 'previous', role: 'complaint-statistics' });
    expect(item('O25')).toMatchObject({ titleTh: 'การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร', role: 'measures', period: 'current' });
    expect(item('O26')).toMatchObject({ role: 'measures-report', period: 'previous' });
    expect(item('O20').period).toBeUndefined();
    expect(items.filter((i) => i.indicator === 9).map((i) => i.code)).toEqual(items.slice(0, 19).map((i) => i.code));
    expect(items.filter((i) => i.recurring).map((i) => i.code)).toEqual(['O11']);
    // No title names a fiscal year: `period` does, so that 2570 can use the same items.
    for (const i of items) expect(i.titleTh, i.code).not.toMatch(/25\d\d/);
    expect(criteria2569.provisional).toMatchObject({ basedOn: 2568 });
    expect(criteria2569.provisional?.en).toContain("one agency's website");
    expect(criteria2569.notes.find((n) => n.id === 'oit-list-2569-one-source')?.sources?.[0]).toContain('rtrdasmartrailway/web-app-rtrda');
    // Weights, indicators, pass mark and labels are 2568's, with a note.
    expect(criteria2569.tools).toEqual(criteria2568.tools);
    expect(criteria2569.indicators).toEqual(criteria2568.indicators);
    expect(criteria2569.gradeRule).toEqual(criteria2568.gradeRule);
    expect(criteria2569.passMark).toBe(criteria2568.passMark);
    expect(criteria2569.notes.find((n) => n.id === 'criteria-carried-from-2568')?.topics).toEqual(['weights', 'indicators', 'grade']);
  });

  it('2570 is 2569 marked provisional until the NACC announces 2570', () => {
    const { year, titleTh, provisional, notes, ...rest } = criteria2570;
    const { year: _y, titleTh: _t, provisional: _p, notes: notes2569, ...rest2569 } = criteria2569;
    expect(rest).toEqual(rest2569);
    expect(criteria2570.oitItems).toEqual(criteria2569.oitItems);
    expect([year, titleTh]).toEqual([2570, expect.stringContaining('2570')]);
    expect(provisional).toEqual({ th: expect.stringContaining('ปี 2570'), en: expect.stringContaining('until the NACC announces FY 2570'), basedOn: 2569 });
    expect(notes.slice(1)).toEqual(notes2569);
    expect(notes[0]).toMatchObject({ id: 'criteria-2570-not-announced', certainty: 'not-found' });
  });

  it('only 2569 and 2570 are provisional', () => {
    expect(YEARS.filter((c) => c.provisional).map((c) => c.year)).toEqual([2569, 2570]);
  });
});

describe('OIT item roles', () => {
  it('every year has at most one item per role, and exactly one measures item and one report on the measures', () => {
    for (const c of YEARS) {
      const roles = c.oitItems.flatMap((i) => (i.role ? [i.role] : []));
      expect(new Set(roles).size, String(c.year)).toBe(roles.length);
      for (const role of roles) expect(OIT_ITEM_ROLES).toContain(role);
      expect(oitItemWithRole(c, 'measures'), String(c.year)).toBeDefined();
      expect(oitItemWithRole(c, 'measures-report'), String(c.year)).toBeDefined();
      expect(oitItemWithRole(c, 'complaint-statistics'), String(c.year)).toBeDefined();
      // A monthly item is the procurement summary, and the other way round.
      expect(c.oitItems.filter((i) => i.recurring === 'monthly'), String(c.year)).toEqual(
        c.oitItems.filter((i) => i.role === 'procurement-summary'),
      );
    }
  });

  it('the measures and their report are O42/O43 up to 2567, O27/O28 in 2568, O25/O26 from 2569', () => {
    const codes = (c: CriteriaYear) => [oitItemWithRole(c, 'measures')?.code, oitItemWithRole(c, 'measures-report')?.code];
    expect(YEARS.map((c) => [c.year, ...codes(c)])).toEqual([
      [2563, 'O42', 'O43'], [2564, 'O42', 'O43'], [2565, 'O42', 'O43'], [2566, 'O42', 'O43'], [2567, 'O42', 'O43'],
      [2568, 'O27', 'O28'], [2569, 'O25', 'O26'], [2570, 'O25', 'O26'],
    ]);
  });

  it('a new version of the measures item starts with the plan and the analysis, the report item with the report, by role', () => {
    const o25 = oitItemWithRole(criteria2569, 'measures') as OitItem;
    expect(suggestedContent(o25, 2569).documents).toEqual([{ kind: 'measures-plan', year: 2569 }, { kind: 'analysis', year: 2569 }]);
    const o26 = oitItemWithRole(criteria2569, 'measures-report') as OitItem;
    expect(suggestedContent(o26, 2569)).toMatchObject({ documents: [{ kind: 'measures-report', year: 2568 }], coversYear: 2568 });
    expect(suggestedContent(oitItemWithRole(criteria2568, 'measures') as OitItem, 2568).documents.map((d) => d.kind)).toEqual(['measures-plan', 'analysis']);
    // The title alone does nothing: an item without a role starts empty, whatever it is called.
    const titled: OitItem = { code: 'O99', titleTh: 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน', groupTh: 'x', indicator: 10 };
    expect(suggestedContent(titled, 2569).documents).toEqual([]);
  });
});

describe('which criteria a year gets', () => {
  it('each known year its own, a later year the newest, an earlier one the oldest', () => {
    expect([2563, 2566, 2568, 2569, 2570].map(defaultCriteriaYear)).toEqual([2563, 2566, 2568, 2569, 2570]);
    expect(defaultCriteriaYear(2575)).toBe(2570);
    expect(defaultCriteriaYear(2560)).toBe(2563);
  });

  it('says when a year is assessed provisionally, and why', () => {
    expect(provisionalFor(2570, criteria2570)).toBe(criteria2570.provisional);
    expect(provisionalFor(2569, criteria2569)).toBe(criteria2569.provisional);
    expect(provisionalFor(2571, criteria2570)).toEqual({
      th: expect.stringContaining('ปี 2571'),
      en: 'Provisional until the NACC announces FY 2571: the FY 2570 criteria, the newest known, are used.',
      basedOn: 2570,
    });
    expect(provisionalFor(2568, criteria2568)).toBeNull();
    expect(provisionalFor(2567, criteria2566)).toBeNull();
  });
});
