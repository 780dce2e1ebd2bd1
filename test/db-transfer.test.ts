import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDemo } from '../src/demo/demo.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { importMeasures as importMeasuresAs } from '../src/measures/measures.ts';
import { exportYear, importScores, importYearJson, scoresRows, scoresTableFrom } from '../src/years/transfer.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import { DEMO_SLUG } from '../src/demo/huai-thong.ts';
import { writeMeasuresCsv, writeMeasuresWorkbook } from '../src/io/measures-table.ts';
import { writeScoresCsv, writeScoresWorkbook } from '../src/io/scores-table.ts';
import type { Db } from '../src/db/index.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

const actor = { id: null, label: 'ผู้ทดสอบนำเข้า' };
/** The import as the CLI runs it. */
const importMeasures = (db: Db, slug: string, year: number, files: Parameters<typeof importMeasuresAs>[3], options: { dryRun?: boolean } = {}) =>
  importMeasuresAs(db, cliPrincipal(actor), { org: slug, year }, files, options);

describe.each(backends())('export and import through the database (%s)', (backend) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('measures: XLSX and CSV exports import back without loss, and nothing changes', async () => {
    const before = await loadYear(t.db, DEMO_SLUG, 2566);
    const xlsx = await importMeasures(t.db, DEMO_SLUG, 2566, { workbook: await writeMeasuresWorkbook(before) });
    expect(xlsx).toMatchObject({ written: true, summary: { added: 0, updated: 0, removed: 0 } });
    const csv = writeMeasuresCsv(before);
    await importMeasures(t.db, DEMO_SLUG, 2566, { measuresCsv: csv.measures, progressCsv: csv.progress });
    expect(await loadYear(t.db, DEMO_SLUG, 2566)).toEqual(before);
  });

  it('measures: an edited workbook is imported all or nothing, with a dry run first', async () => {
    const before = await loadYear(t.db, DEMO_SLUG, 2566);
    const edited = { ...before, measures: before.measures.map((m, i) => (i === 0 ? { ...m, titleTh: 'การใช้งบประมาณอย่างโปร่งใส' } : m)) };
    const good = await writeMeasuresWorkbook(edited);
    const dry = await importMeasures(t.db, DEMO_SLUG, 2566, { workbook: good }, { dryRun: true });
    expect(dry.written).toBe(false);
    expect(await loadYear(t.db, DEMO_SLUG, 2566)).toEqual(before);
    const bad = await writeMeasuresWorkbook({ ...edited, measures: edited.measures.map((m, i) => (i === 3 ? { ...m, indicators: [11] } : m)) });
    const refused = await importMeasures(t.db, DEMO_SLUG, 2566, { workbook: bad });
    expect(refused.written).toBe(false);
    expect(refused.problems.find((p) => p.severity === 'error')).toMatchObject({ row: 5 });
    expect(await loadYear(t.db, DEMO_SLUG, 2566)).toEqual(before);
    expect((await importMeasures(t.db, DEMO_SLUG, 2566, { workbook: good })).written).toBe(true);
    expect((await loadYear(t.db, DEMO_SLUG, 2566)).measures[0]!.titleTh).toBe('การใช้งบประมาณอย่างโปร่งใส');
  });

  it('scores of many organisations: export, re-import lossless; one bad row and nothing is written', async () => {
    const year = await loadYear(t.db, DEMO_SLUG, 2566);
    await saveYear(t.db, actor, { ...year, organisation: { ...year.organisation, slug: 'second', nameTh: 'เทศบาลตำบลสอง', kind: 'municipality' }, units: [], measures: [], scores: { ...year.scores, indicators: { ...year.scores.indicators, 1: 93.55, 2: 87.725 }, eitParts: [90, 91.5] } });
    const rows = await scoresRows(t.db, 2566);
    expect(rows.map((r) => r.agency)).toEqual([DEMO_SLUG, 'second']);
    for (const [name, bytes] of [['s.xlsx', await writeScoresWorkbook(rows)], ['s.csv', writeScoresCsv(rows)]] as const) {
      const outcome = await importScores(t.db, actor, await scoresTableFrom(bytes, name));
      expect(outcome).toMatchObject({ written: true, problems: [] });
      expect(await scoresRows(t.db, 2566)).toEqual(rows);
    }
    const csv = 'agency,year,1,2,3,4,5,6,7,8,9,10\nhuai-thong,2566,91,,,,,,,,100,100\nsecond,2566,105,,,,,,,,,\nnowhere,2566,90,,,,,,,,,\n';
    const outcome = await importScores(t.db, actor, await scoresTableFrom(Buffer.from(csv), 'bad.csv'));
    expect(outcome.written).toBe(false);
    expect(outcome.problems.map((p) => [p.row, p.severity])).toEqual([
      [3, 'error'],
      [4, 'error'],
    ]);
    expect(outcome.problems[1]!.th).toMatch(/nowhere/);
    expect(await scoresRows(t.db, 2566)).toEqual(rows);
    // A many-organisation import is logged under each row's own organisation.
    const national = { id: null, label: 'นำเข้าระดับประเทศ' };
    const changed = 'agency,year,1,2,3,4,5,6,7,8,9,10\nhuai-thong,2566,91,,,,,,,,100,100\nsecond,2566,92,,,,,,,,,\n';
    expect((await importScores(t.db, national, await scoresTableFrom(Buffer.from(changed), 'ok.csv'))).written).toBe(true);
    const logged = await t.db.query<{ slug: string | null }>(
      `SELECT DISTINCT o.slug FROM audit_log a LEFT JOIN organisations o ON o.id = a.org_id WHERE a.entity = 'indicator_scores' AND a.actor_label = $1`,
      [national.label],
    );
    expect(logged.map((r) => r.slug).sort()).toEqual([DEMO_SLUG, 'second']);
    // A closed year is not changed by a national file either: the whole file is refused.
    await t.db.query(`UPDATE fiscal_years SET status = 'closed' WHERE year = 2566 AND org_id = (SELECT id FROM organisations WHERE slug = 'second')`);
    const before = await scoresRows(t.db, 2566);
    const closed = await importScores(t.db, national, await scoresTableFrom(Buffer.from(changed.replace('second,2566,92', 'second,2566,93')), 'closed.csv'));
    expect(closed.written).toBe(false);
    expect(closed.problems).toEqual([expect.objectContaining({ row: 3, column: 'year', th: 'ปีงบประมาณ 2566 ของ second ปิดแล้ว' })]);
    expect(await scoresRows(t.db, 2566)).toEqual(before);
  });

  it('the year as JSON: export, re-import, same data; a broken file changes nothing', async () => {
    const exported = await exportYear(t.db, DEMO_SLUG, 2566);
    expect(exported.computed.findings.missing).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const before = await loadYear(t.db, DEMO_SLUG, 2566);
    expect((await importYearJson(t.db, actor, JSON.stringify(exported))).written).toBe(true);
    expect(await loadYear(t.db, DEMO_SLUG, 2566)).toEqual(before);
    const broken = await importYearJson(t.db, actor, JSON.stringify({ ...exported, measures: [{ ...exported.measures[0], seq: 0 }] }));
    expect(broken.written).toBe(false);
    expect(broken.problems[0]!.column).toBe('measures.0.seq');
    expect((await importYearJson(t.db, actor, '{ not json')).problems[0]!.en).toMatch(/broken JSON/);
    expect(await loadYear(t.db, DEMO_SLUG, 2566)).toEqual(before);
  });
});
