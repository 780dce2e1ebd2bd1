import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { write } from '../src/app/actor.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { importSurveyResponses } from '../src/years/surveys.ts';
import { loadYear } from '../src/years/years.ts';
import { DEMO_SLUG } from '../src/demo/huai-thong.ts';
import { getCriteria } from '../src/ita/index.ts';
import { scoreResponses, surveyItemCodes } from '../src/scoring/index.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

const criteria = getCriteria(2566);
const items = surveyItemCodes(criteria);
const dir = mkdtempSync(join(tmpdir(), 'prongsai-surveys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const actor = { id: null, label: 'ผู้นำเข้าแบบสอบถาม' };

/** A response file: two agencies, a few respondents each; IIT items answered "4"/"3", EIT items "1"/"2". */
function responses(agencies: readonly string[], perAgency: number): string {
  let csv = `agency,${items.join(',')}\n`;
  let k = 0;
  for (const agency of agencies) {
    for (let r = 0; r < perAgency; r++, k++) {
      const answers = criteria.questions.flatMap((q) =>
        q.items.map((item) => {
          const scale = criteria.scales.find((s) => s.id === item.scale)!;
          if ((q.tool === 'IIT') !== (k % 2 === 0)) return '';
          return scale.options[(k + item.code.length) % scale.options.length]!.code;
        }),
      );
      csv += `${agency},${answers.join(',')}\n`;
    }
  }
  return csv;
}

describe.each(backends())('importing raw survey answers (%s)', (backend) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    await write(t.db, actor, null, (tx) => tx.query(`INSERT INTO organisations (slug, name_th, kind) VALUES ('second', 'เทศบาลตำบลสอง', 'municipality')`));
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('keeps every answer and replaces the survey-based scores with those the answers give', async () => {
    const csv = responses([DEMO_SLUG, 'second'], 7);
    const file = join(dir, `${backend}-good.csv`);
    writeFileSync(file, csv);
    const outcome = await importSurveyResponses(t.db, actor, file, 2566);
    expect(outcome).toMatchObject({ written: true, organisations: 2, respondents: 14, problems: [] });

    const expected = scoreResponses(criteria, csv);
    const demo = await loadYear(t.db, DEMO_SLUG, 2566);
    const mine = expected.find((e) => e.agency === DEMO_SLUG)!;
    for (const [n, score] of mine.indicators) expect(demo.scores.indicators[String(n)]).toBe(Number(score.toFixed(4)));
    // OIT scores are not survey-based: untouched.
    expect(demo.scores.indicators).toMatchObject({ 9: 100, 10: 100 });
    expect(demo.questionResults.map((q) => q.code)).toEqual(mine.questions.map((q) => q.code));

    // The raw answers are stored: decoding them gives back the file's answers.
    const [batch] = await t.db.query<{ items: string[]; respondents: number; answers_deflated: Uint8Array }>(
      `SELECT b.items, b.respondents, a.answers_deflated FROM survey_batches b JOIN survey_answers a ON a.batch_id = b.id JOIN fiscal_years f ON f.id = b.fiscal_year_id
         JOIN organisations o ON o.id = f.org_id WHERE o.slug = 'second'`,
    );
    expect(batch!.items).toEqual(items);
    expect(batch!.respondents).toBe(7);
    const firstRow = csv.split('\n').find((l) => l.startsWith('second,'))!.split(',').slice(1);
    const decoded = [...inflateRawSync(batch!.answers_deflated).subarray(0, items.length)].map((k, i) => {
      if (k === 0) return '';
      const item = criteria.questions.flatMap((q) => q.items)[i]!;
      return criteria.scales.find((s) => s.id === item.scale)!.options[k - 1]!.code;
    });
    expect(decoded).toEqual(firstRow);
    // The second organisation had no fiscal year 2566: it has one now, from the survey.
    expect((await loadYear(t.db, 'second', 2566)).scores.source).toBe('survey');
  });

  it('a bad cell or an unknown organisation and nothing is written', async () => {
    const before = await loadYear(t.db, DEMO_SLUG, 2566);
    const good = responses([DEMO_SLUG], 3);
    const badCell = good.replace(/\n([^\n]*)\n$/, (_, last: string) => `\n${last.replace(/,4/, ',9')}\n`);
    const file = join(dir, `${backend}-bad.csv`);
    writeFileSync(file, badCell);
    const bad = await importSurveyResponses(t.db, actor, file, 2566);
    expect(bad.written).toBe(false);
    expect(bad.problems[0]).toMatchObject({ row: 4, severity: 'error' });
    expect(bad.problems[0]!.th).toMatch(/"9"/);
    writeFileSync(file, responses([DEMO_SLUG, 'nowhere'], 2));
    const unknown = await importSurveyResponses(t.db, actor, file, 2566);
    expect(unknown.problems.map((p) => p.en)).toEqual(['no organisation "nowhere"']);
    expect(await loadYear(t.db, DEMO_SLUG, 2566)).toEqual(before);
    expect(await t.db.query('SELECT 1 FROM survey_batches')).toHaveLength(0);
  });
});
