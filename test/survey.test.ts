import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputErrors } from '../src/errors.ts';
import { getCriteria, type SurveyItem, type SurveyQuestion } from '../src/ita/index.ts';
import { Exact, scoreResponses, SurveyTally } from '../src/scoring/index.ts';

const criteria = getCriteria(2566);
const scale = (item: SurveyItem) => criteria.scales.find((s) => s.id === item.scale)!;
const score = (item: SurveyItem, code: string) => {
  const option = scale(item).options.find((o) => o.code === code)!;
  const raw = Exact.parse(option.score);
  return item.reversed ? Exact.int(100).sub(raw) : raw;
};
const fourLevel = (q: SurveyQuestion) => q.items.every((i) => scale(i).options.length === 4);
const single = criteria.questions.find((q) => q.tool === 'IIT' && q.items.length === 1 && fourLevel(q) && !q.items[0]!.reversed)!;
const withSubItems = criteria.questions.find((q) => q.items.length > 1 && fourLevel(q))!;
const reversed = criteria.questions.flatMap((q) => q.items).find((i) => i.reversed && scale(i).options.length === 4)!;
const binary = criteria.questions.flatMap((q) => q.items).find((i) => scale(i).options.length === 2)!;

describe('scoring raw survey answers', () => {
  it('item score = mean of the answers’ scores; indicator = mean of its questions', () => {
    const item = single.items[0]!;
    const [result] = scoreResponses(criteria, `${item.code}\n4\n3\n`);
    const expected = Exact.mean([score(item, '4'), score(item, '3')]);
    const question = result!.questions.find((q) => q.code === single.code)!;
    expect(question.score.eq(expected)).toBe(true);
    expect(question.answers).toBe(2);
    expect(result!.indicators.get(single.indicator)!.eq(expected)).toBe(true);
    expect(result!.respondents).toEqual({ IIT: 2, EIT: 0 });
  });

  it('a question with sub-items scores the mean of its sub-items', () => {
    const [a, b] = withSubItems.items;
    const [result] = scoreResponses(criteria, `${a!.code},${b!.code}\n4,1\n4,1\n`);
    const q = result!.questions.find((x) => x.code === withSubItems.code)!;
    expect(q.score.eq(Exact.mean([score(a!, '4'), score(b!, '1')]))).toBe(true);
  });

  it('mirrors negatively worded items', () => {
    const [result] = scoreResponses(criteria, `${reversed.code}\n4\n`);
    const owner = criteria.questions.find((cq) => cq.items.includes(reversed))!;
    const q = result!.questions.find((x) => x.code === owner.code)!;
    // The most favourable-sounding answer to a negative item is the worst score.
    expect(q.score.eq(Exact.int(100).sub(Exact.parse(scale(reversed).options[3]!.score)))).toBe(true);
  });

  it('accepts the Thai labels as well as the codes', () => {
    const item = single.items[0]!;
    const label = scale(item).options[3]!.labelTh;
    const [byLabel] = scoreResponses(criteria, `${item.code}\n${label}\n`);
    const [byCode] = scoreResponses(criteria, `${item.code}\n4\n`);
    expect(byLabel!.indicators.get(single.indicator)!.eq(byCode!.indicators.get(single.indicator)!)).toBe(true);
    const [yes] = scoreResponses(criteria, `${binary.code}\n${scale(binary).options[0]!.labelTh}\n`);
    expect(yes!.questions).toHaveLength(1);
  });

  it('skips unanswered cells and counts respondents per tool and agency', () => {
    const iit = single.items[0]!.code;
    const eitQuestion = criteria.questions.find((q) => q.tool === 'EIT')!;
    const eit = eitQuestion.items[0]!.code;
    const csv = `agency,respondent,${iit},${eit}\nก,1,4,\nก,2,,3\nข,3,1,\nก,4,,\n`;
    const results = scoreResponses(criteria, csv);
    expect(results.map((r) => r.agency)).toEqual(['ก', 'ข']);
    expect(results[0]!.respondents).toEqual({ IIT: 1, EIT: 1 });
    expect(results[1]!.respondents).toEqual({ IIT: 1, EIT: 0 });
    expect(results[1]!.indicators.has(eitQuestion.indicator)).toBe(false);
  });

  it('refuses a file with a bad answer or an unknown column, naming row and column, and scores nothing', () => {
    const item = single.items[0]!.code;
    const bad = () => scoreResponses(criteria, `${item}\n4\n7\n4\nx\n`);
    expect(bad).toThrow(InputErrors);
    try {
      bad();
    } catch (error) {
      const list = (error as InputErrors).errors;
      expect(list).toHaveLength(2);
      expect(list[0]!.th).toContain('แถวที่ 3');
      expect(list[0]!.en).toContain(item);
    }
    expect(() => scoreResponses(criteria, `${item},q99\n4,1\n`)).toThrow(/q99/);
    expect(() => scoreResponses(criteria, '')).toThrow(InputErrors);
    expect(() => scoreResponses(criteria, `${item}\n`)).toThrow(/no responses/);
  });

  it('a year without a questionnaire in the catalogue says so', () => {
    const empty = { ...criteria, questions: [] };
    expect(() => new SurveyTally(empty)).toThrow(/questionnaire/);
  });

  it('the result does not depend on how the file is split into chunks (property)', () => {
    const items = criteria.questions.filter((q) => q.tool === 'IIT').flatMap((q) => q.items);
    const answer = (item: SurveyItem) => fc.constantFrom('', ...scale(item).options.map((o) => o.code));
    const row = fc.tuple(...items.map(answer));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 50 }), (rows, chunk) => {
        const csv = new TextEncoder().encode(`${items.map((i) => i.code).join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
        const whole = new SurveyTally(criteria);
        const p1 = whole.parser();
        p1.push(csv);
        p1.end();
        const split = new SurveyTally(criteria);
        const p2 = split.parser();
        for (let i = 0; i < csv.length; i += chunk) p2.push(csv.subarray(i, i + chunk));
        p2.end();
        const a = whole.results()[0]!;
        const b = split.results()[0]!;
        expect([...b.indicators].map(([n, v]) => [n, v.toString()])).toEqual([...a.indicators].map(([n, v]) => [n, v.toString()]));
        expect(b.respondents).toEqual(a.respondents);
      }),
      { numRuns: 30 },
    );
  });
});
