import { describe, expect, it } from 'vitest';
import { getCriteria } from '../src/ita/index.ts';
import { Exact, scoreResponses } from '../src/scoring/index.ts';
import { snapshotItems, snapshotOf, type ResponseRecord, type SurveySnapshot } from '../src/surveys/model.ts';
import { surveyResults, tQuantile975, type SurveyResults } from '../src/surveys/results.ts';

const criteria = getCriteria(2570);
// EIT of 2570: indicator 6 = e1, e2, e3, e5 (four-level: 1=0, 2=33.33, 3=66.67, 4=100) and e4 (yes-no Y=100, N=0,
// negatively worded, so mirrored: Y → 0, N → 100).
const eit = snapshotOf(criteria, 'EIT', [{ code: 's1', textTh: 'ท่านพอใจบริการโดยรวม', scale: 'four-level' }]);
const itemCodes = snapshotItems(eit).map((i) => i.code);

function record(answers: Readonly<Partial<Record<string, number>>>, options: { month?: string; point?: string | null; own?: number[] } = {}): ResponseRecord {
  const bytes = new Uint8Array(itemCodes.length);
  for (const [code, option] of Object.entries(answers)) {
    const at = itemCodes.indexOf(code);
    if (at < 0) throw new Error(`no item ${code}`);
    bytes[at] = option ?? 0;
  }
  return { month: options.month ?? '2026-11', pointId: options.point ?? null, answers: bytes, own: Uint8Array.from(options.own ?? [0]) };
}

const indicator = (results: Pick<SurveyResults, 'indicators'>, n: number) => results.indicators.find((i) => i.indicator === n)!;
const exact = (text: string) => Exact.parse(text);

describe('survey results: hand-worked', () => {
  // Five respondents on e1 and e2 (indicator 6):
  //   R1 e1=4 (100)   e2=4 (100)     own indicator score (100 + 100) / 2     = 100
  //   R2 e1=4 (100)   e2=3 (66.67)   (100 + 66.67) / 2                       = 83.335
  //   R3 e1=3 (66.67) e2=3 (66.67)   66.67
  //   R4 e1=2 (33.33) e2=3 (66.67)   50
  //   R5 e1=4 (100)   e2 unanswered  100
  // item e1 = (100 + 100 + 66.67 + 33.33 + 100) / 5 = 400 / 5 = 80
  // item e2 = (100 + 66.67 + 66.67 + 66.67) / 4 = 300.01 / 4 = 75.0025
  // indicator 6 = (80 + 75.0025) / 2 = 77.50125 → 77.50
  // CI: mean of own scores = 400.005 / 5 = 80.001; deviations 19.999, 3.334, −13.331, −30.001, 19.999;
  //     squares 399.960001 + 11.115556 + 177.715561 + 900.060001 + 399.960001 = 1888.81112;
  //     s² = 1888.81112 / 4 = 472.20278, s = 21.730227; s / √5 = 9.718053; × t(0.975, 4) = 2.776 → 26.9773 → 26.98
  const records = [
    record({ e1: 4, e2: 4 }),
    record({ e1: 4, e2: 3 }),
    record({ e1: 3, e2: 3 }),
    record({ e1: 2, e2: 3 }),
    record({ e1: 4 }),
  ];
  const results = surveyResults(eit, records, { minimum: null });

  it('indicator = mean of its questions’ item means, exactly, with the respondents and the 95 % interval', () => {
    const six = indicator(results, 6);
    expect(six.exact!.eq(exact('77.50125'))).toBe(true);
    expect(six).toMatchObject({ score: 77.5, ci95: 26.98, respondents: 5, suppressed: false });
    expect(results.respondents).toBe(5);
    expect(results.suppressed).toBe(false);
  });

  it('question scores, and the tool = mean of the answered indicators (only 6 here)', () => {
    const byCode = new Map(results.questions.map((q) => [q.code, q]));
    expect(byCode.get('e1')!.exact!.eq(exact('80'))).toBe(true);
    expect(byCode.get('e1')).toMatchObject({ score: 80, respondents: 5, suppressed: false });
    // e2 was answered by 4: its own score is not shown (it still counts in indicator 6, answered by 5).
    expect(byCode.get('e2')).toMatchObject({ exact: null, score: null, respondents: null, suppressed: true });
    // e3 unanswered: no score (not 0), and it does not pull indicator 6 down.
    expect(byCode.get('e3')).toMatchObject({ exact: null, score: null, suppressed: true });
    expect(results.tool!.exact.eq(exact('77.50125'))).toBe(true);
    expect(results.tool!.score).toBe(77.5);
    // Indicators nobody answered are listed, without a score.
    expect(indicator(results, 7)).toMatchObject({ score: null, ci95: null, respondents: null, suppressed: true });
  });

  it('a negatively worded item is mirrored: Y (100) scores 0, N (0) scores 100', () => {
    // e4 answers Y, Y, N, N, N → 0, 0, 100, 100, 100 → 300 / 5 = 60. Every respondent's own score is 0 or 100:
    // mean 60, squares of deviations 3600 × 2 + 1600 × 3 = 12000, s² = 3000, s = 54.772256,
    // s / √5 = 24.494897, × 2.776 = 67.9978 → 68.00.
    const yes = 1;
    const no = 2;
    const r = surveyResults(eit, [yes, yes, no, no, no].map((e4) => record({ e4 })), { minimum: null });
    expect(indicator(r, 6)).toMatchObject({ score: 60, ci95: 68, respondents: 5 });
  });

  it('the t quantile: table for df 1–30, 1.96 beyond', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(30)).toBe(2.042);
    // Beyond the table, the expansion is within 0.001 of the printed tables (t(0.975, 31) = 2.0395).
    for (const [df, printed] of [[31, 2.04], [40, 2.021], [60, 2.0], [120, 1.98], [1000, 1.962]] as const) expect(Math.abs(tQuantile975(df) - printed)).toBeLessThanOrEqual(0.001);
    expect(() => tQuantile975(0)).toThrow(RangeError);
  });

  it('refuses a record whose answer is not an option of the item’s scale', () => {
    expect(() => surveyResults(eit, [record({ e4: 3 })], { minimum: null })).toThrow(/e4/);
    expect(() => surveyResults(eit, [{ ...record({ e1: 4 }), answers: new Uint8Array(3) }], { minimum: null })).toThrow(/items/);
    expect(() => surveyResults(eit, [record({ e1: 4 }, { own: [] })], { minimum: null })).toThrow(/own questions/);
  });
});

/** A small deterministic generator (mulberry32), so the random answers are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('survey results agree with the CSV scoring of src/scoring/survey.ts', () => {
  for (const kind of ['EIT', 'IIT'] as const) {
    it(`${kind}: 200 random respondents (some items unanswered) give the same question and indicator scores`, () => {
      const snapshot: SurveySnapshot = snapshotOf(criteria, kind);
      const items = snapshotItems(snapshot);
      const optionCodes = items.map((item) => snapshot.scales.find((s) => s.id === item.scale)!.options.map((o) => o.code));
      const next = random(kind === 'EIT' ? 19 : 20);
      const records: ResponseRecord[] = [];
      const lines = [items.map((i) => i.code).join(',')];
      for (let r = 0; r < 200; r++) {
        const bytes = Uint8Array.from(optionCodes, (codes) => (next() < 0.15 ? 0 : 1 + Math.floor(next() * codes.length)));
        records.push({ month: '2026-12', pointId: null, answers: bytes, own: new Uint8Array(0) });
        lines.push([...bytes].map((b, i) => (b === 0 ? '' : optionCodes[i]![b - 1])).join(','));
      }
      const [csv] = scoreResponses(criteria, lines.join('\n') + '\n');
      const ours = surveyResults(snapshot, records, { minimum: null });
      expect(csv!.indicators.size).toBeGreaterThan(0);
      for (const [number, score] of csv!.indicators) {
        expect(indicator(ours, number).exact!.eq(score), `indicator ${number}`).toBe(true);
      }
      expect(ours.indicators.filter((i) => !i.suppressed)).toHaveLength(csv!.indicators.size);
      for (const question of csv!.questions) {
        expect(ours.questions.find((q) => q.code === question.code)!.exact!.eq(question.score), question.code).toBe(true);
      }
      expect(ours.respondents).toBe(200);
    });
  }
});

describe('small groups are suppressed', () => {
  const answers = [{ e1: 4, e2: 3 }, { e1: 3 }, { e1: 2, e2: 2 }, { e1: 4, e2: 4 }];
  // October: 4 respondents (suppressed); November: 6 respondents. Point A: 5, point B: 3, and 2 on the general link.
  const records = [
    ...answers.map((a, i) => record(a, { month: '2026-10', point: i < 3 ? 'B' : 'A' })),
    ...[...answers, { e1: 1 }, { e1: 1, e2: 1 }].map((a, i) => record(a, { month: '2026-11', point: i < 4 ? 'A' : null })),
  ];
  const results = surveyResults(eit, records, { minimum: null });

  it('a month with 4 respondents shows no score, no interval and no exact count', () => {
    expect(results.byMonth.map((m) => m.key)).toEqual(['2026-10', '2026-11']);
    const [october, november] = results.byMonth;
    expect(october).toMatchObject({ respondents: null, suppressed: true });
    expect(october!.indicators.every((i) => i.suppressed && i.score === null && i.exact === null && i.ci95 === null && i.respondents === null)).toBe(true);
    expect(JSON.stringify(october, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('4');
    // November: e1 = (100 + 66.67 + 33.33 + 100 + 0 + 0) / 6 = 50; e2 = (66.67 + 33.33 + 100 + 0) / 4 = 50 → 50.
    expect(november).toMatchObject({ respondents: 6, suppressed: false });
    expect(indicator(november!, 6)).toMatchObject({ score: 50, respondents: 6, suppressed: false });
  });

  it('service points: 5 respondents shown, 3 suppressed; records without a point are in no point group', () => {
    expect(results.byPoint.map((p) => [p.key, p.respondents, p.suppressed])).toEqual([
      ['A', 5, false],
      ['B', null, true],
    ]);
    expect(results.respondents).toBe(10);
  });

  it('an indicator answered by fewer than 5 inside a shown group is suppressed', () => {
    const r = surveyResults(eit, [record({ e1: 4, e6: 4 }), record({ e1: 3, e6: 4 }), ...[1, 2, 3, 4].map(() => record({ e1: 2 }))], { minimum: null });
    expect(indicator(r, 6)).toMatchObject({ respondents: 6, suppressed: false });
    const seven = criteria.questions.find((q) => q.code === 'e6')!.indicator;
    expect(indicator(r, seven)).toMatchObject({ score: null, respondents: null, suppressed: true });
  });

  it('a whole survey of 4 respondents is suppressed: no count, no scores, no tool', () => {
    const r = surveyResults(eit, answers.map((a) => record(a, { own: [4] })), { minimum: 30 });
    expect(r).toMatchObject({ respondents: null, suppressed: true, tool: null, minimumReached: false });
    expect(r.indicators.every((i) => i.suppressed)).toBe(true);
    expect(r.questions.every((q) => q.suppressed)).toBe(true);
    expect(r.own.every((q) => q.suppressed && q.score === null)).toBe(true);
  });
});

describe('minimum sample', () => {
  const six = [4, 3, 2, 4, 1, 3].map((e1) => record({ e1 }));
  it('reached, not reached, unknown', () => {
    expect(surveyResults(eit, six, { minimum: 6 })).toMatchObject({ minimum: 6, minimumReached: true });
    expect(surveyResults(eit, six, { minimum: 30 })).toMatchObject({ minimum: 30, minimumReached: false });
    expect(surveyResults(eit, six, { minimum: null })).toMatchObject({ minimum: null, minimumReached: null });
  });
});

describe('own questions', () => {
  const base = [
    { e1: 4, e2: 3 },
    { e1: 3, e4: 1 },
    { e1: 2, e2: 2 },
    { e1: 4, e2: 4 },
    { e1: 1, e6: 2 },
  ];
  it('are scored apart and never change an indicator or the tool', () => {
    const without = surveyResults(eit, base.map((a) => record(a, { own: [0] })), { minimum: null });
    const own = [4, 4, 1, 2, 3];
    const withOwn = surveyResults(eit, base.map((a, i) => record(a, { own: [own[i]!] })), { minimum: null });
    expect(withOwn.indicators).toEqual(without.indicators);
    expect(withOwn.tool).toEqual(without.tool);
    expect(withOwn.questions).toEqual(without.questions);
    // s1 = (100 + 100 + 0 + 33.33 + 66.67) / 5 = 300 / 5 = 60
    expect(withOwn.own).toEqual([{ code: 's1', exact: exact('60'), score: 60, respondents: 5, suppressed: false }]);
    expect(without.own[0]).toMatchObject({ score: null, suppressed: true });
  });
});
