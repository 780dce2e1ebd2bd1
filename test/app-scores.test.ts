import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { getAnalysis, updateAnalysis } from '../src/years/analysis.ts';
import { createYear } from '../src/years/carry.ts';
import { applyScores, getScores, importScores, setScores } from '../src/years/scores.ts';
import { loadYear } from '../src/years/years.ts';
import { InputError, InputErrors } from '../src/errors.ts';
import { writeScoresWorkbook } from '../src/io/scores-table.ts';
import { criteriaYears, getCriteria } from '../src/ita/index.ts';
import { DEMO, OTHER, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

const ten = (v: number) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), v]));
const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const HEADER = 'agency,year,1,2,3,4,5,6,7,8,9,10,eit1,eit2';

describe('checking scores against the criteria', () => {
  it('takes Thai digits and text, refuses more decimals than published, and EIT parts where the year has none', () => {
    const none = { indicators: {}, eitParts: null, source: null, official: null };
    expect(applyScores(getCriteria(2566), none, { indicators: { 1: '๙๓.๕๕', 2: 87.7 } }).indicators).toEqual({ 1: 93.55, 2: 87.7 });
    expect(() => applyScores(getCriteria(2566), none, { indicators: { 1: '93.555' } })).toThrow(/more than 2 decimals/);
    expect(() => applyScores(getCriteria(2565), none, { eitParts: [90, 91] })).toThrow(/do not split EIT into parts/);
    expect(applyScores(getCriteria(2566), none, { eitParts: [90, '91.5'] }).eitParts).toEqual([90, 91.5]);
  });
});

describe.each(backends())('scores and analysis (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  const logCount = async () => ((await w.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0] as { n: number }).n;

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'นายคะแนน ถูกต้อง');
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  it('enters indicator scores, EIT parts, the published result and the source; the result is computed once complete', async () => {
    const partial = await setScores(w.t.db, coordinator, DEMO, { indicators: { 1: '๙๓.๕๕', 2: 87.72, 9: null } });
    expect(partial.scores.indicators).toMatchObject({ 1: 93.55, 2: 87.72, 3: null, 9: null, 10: 100 });
    expect(partial.computed).toBeNull();
    const full = await setScores(w.t.db, coordinator, DEMO, { indicators: ten(90), eitParts: [89, 91], official: { overall: '90', grade: 'ผ่านดี' }, source: 'itas' });
    expect(full.scores).toMatchObject({ eitParts: [89, 91], official: { overall: 90, grade: 'ผ่านดี' }, source: 'itas' });
    expect(full.computed?.overall).toBe(90);
    expect(await getScores(w.t.db, principal('auditor', w.demo.orgId), DEMO)).toEqual(full);
    const log = await w.t.db.query<{ actor_label: string; org_id: string }>(`SELECT DISTINCT actor_label, org_id FROM audit_log WHERE entity = 'indicator_scores' AND actor_id = $1`, [coordinator.personId]);
    expect(log).toEqual([{ actor_label: 'นายคะแนน ถูกต้อง', org_id: w.demo.orgId }]);
  });

  it('refuses bad scores with every problem named, and writes nothing', async () => {
    const before = await loadYear(w.t.db, DEMO.org, DEMO.year);
    const logBefore = await logCount();
    const error = await setScores(w.t.db, coordinator, DEMO, { indicators: { 1: 101, 2: 'เก้าสิบ', 3: 93.555, 11: 90 }, eitParts: [90] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).th).toBe('คะแนน EIT แยกส่วน: มีได้ไม่เกิน 2 รายการ'.replace('มีได้ไม่เกิน', 'ต้องมีอย่างน้อย'));
    const many = await setScores(w.t.db, coordinator, DEMO, { indicators: { 1: 101, 2: 'เก้าสิบ', 3: 93.555, 11: 90 } }).catch((e: unknown) => e);
    expect(many).toBeInstanceOf(InputErrors);
    expect((many as InputErrors).errors.map((e) => e.field)).toEqual(['indicators.1', 'indicators.2', 'indicators.3', 'indicators.11']);
    expect((many as InputErrors).errors[0]!.th).toBe('ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่: 101 อยู่นอกช่วงที่รับได้ (0–100)');
    expect((many as InputErrors).errors[3]!.en).toMatch(/indicator 11 does not exist in the 2566 criteria/);
    expect(await loadYear(w.t.db, DEMO.org, DEMO.year)).toEqual(before);
    expect(await logCount()).toBe(logBefore);
  });

  it('may be changed only by those who hold scores.write', async () => {
    for (const p of [principal('executive', w.demo.orgId), principal('unit_head', w.demo.orgId, w.demo.units['กองคลัง']!), principal('coordinator', w.other.orgId)]) {
      await expect(setScores(w.t.db, p, DEMO, { indicators: { 1: 90 } })).rejects.toBeInstanceOf(Forbidden);
    }
  });

  it('imports the organisation’s own row of a scores table: a dry run names every problem by row and column', async () => {
    const file = csv([
      HEADER,
      `${DEMO.org},2566,90,91,101,,,,,,95,96,,`,
      `${OTHER.org},2566,90,90,90,90,90,90,90,90,90,90,,`,
      `${DEMO.org},2567,90,90,90,90,90,90,90,90,90,90,,`,
      `${DEMO.org},2566,90,90,90,90,90,90,90,90,90,90,,`,
    ]);
    const logBefore = await logCount();
    const dry = await importScores(w.t.db, coordinator, DEMO.org, { bytes: file, filename: 'scores.csv' }, { dryRun: true });
    expect(dry.written).toBe(false);
    expect(dry.problems.map((p) => [p.row, p.column])).toEqual([
      [2, '3'],
      [3, 'agency'],
      [4, 'year'],
      [5, 'year'],
    ]);
    expect(dry.problems[1]!.th).toContain('นำเข้าได้เฉพาะคะแนนของหน่วยงานนี้');
    const real = await importScores(w.t.db, coordinator, DEMO.org, { bytes: file, filename: 'scores.csv' });
    expect(real.written).toBe(false);
    expect(await logCount()).toBe(logBefore);

    const good = await writeScoresWorkbook([{ agency: DEMO.org, year: 2566, indicators: { ...ten(88), 3: null }, eitParts: [87, 89] }]);
    const preview = await importScores(w.t.db, coordinator, DEMO.org, { bytes: good, filename: 'scores.xlsx' }, { dryRun: true, source: 'itas' });
    expect(preview.problems).toEqual([]);
    expect(preview.rows[0]!.scores).toMatchObject({ indicators: { 1: 88, 3: null }, eitParts: [87, 89], source: 'itas' });
    expect((await loadYear(w.t.db, DEMO.org, DEMO.year)).scores.indicators[1]).toBeNull();
    const done = await importScores(w.t.db, coordinator, DEMO.org, { bytes: good, filename: 'scores.xlsx' }, { source: 'itas' });
    expect(done.written).toBe(true);
    expect((await loadYear(w.t.db, DEMO.org, DEMO.year)).scores).toMatchObject({ indicators: { 1: 88, 2: 88, 3: null, 10: 88 }, eitParts: [87, 89], source: 'itas' });
    const twice = await importScores(w.t.db, coordinator, DEMO.org, { bytes: csv([HEADER, `${DEMO.org},2566,1,,,,,,,,,,,`, `${DEMO.org},2566,2,,,,,,,,,,,`]), filename: 'x.csv' });
    expect(twice.problems.map((p) => [p.row, p.column, p.en])).toEqual([[3, 'year', 'row 3: year 2566 is the same as in row 2']]);
    const broken = await importScores(w.t.db, coordinator, DEMO.org, { bytes: new Uint8Array([1, 2, 3]), filename: 'x.xlsx' });
    expect(broken.problems[0]!.th).toContain('เปิดแฟ้ม Excel');
    await expect(importScores(w.t.db, principal('coordinator', w.other.orgId), DEMO.org, { bytes: good, filename: 'scores.xlsx' })).rejects.toBeInstanceOf(Forbidden);
  });

  it('imports into a year past the catalogue, checked against the criteria it is pinned to', async () => {
    const beyond = Math.max(...criteriaYears()) + 1;
    await createYear(w.t.db, coordinator, DEMO.org, { year: beyond });
    const file = csv([HEADER, `${DEMO.org},${beyond},90,90,90,90,90,90,90,90,90,90,,`, `${DEMO.org},${beyond + 1},90,,,,,,,,,,,`]);
    const dry = await importScores(w.t.db, coordinator, DEMO.org, { bytes: file, filename: 's.csv' }, { dryRun: true });
    expect(dry.problems.map((p) => [p.row, p.column])).toEqual([[3, 'year']]);
    const one = csv([HEADER, `${DEMO.org},${beyond},90,90,90,90,90,90,90,90,90,90,,`]);
    expect((await importScores(w.t.db, coordinator, DEMO.org, { bytes: one, filename: 's.csv' })).written).toBe(true);
    expect((await getScores(w.t.db, coordinator, { org: DEMO.org, year: beyond })).computed?.overall).toBe(90);
  });

  it('writes the analysis texts; an empty text goes back to the generated one', async () => {
    const before = await getAnalysis(w.t.db, coordinator, DEMO);
    expect(before.written.tools.IIT).toContain('ตัวชี้วัดที่ ๒');
    expect(before.printed.tools.IIT).toBe(before.written.tools.IIT);
    const after = await updateAnalysis(w.t.db, coordinator, DEMO, { tools: { IIT: '' }, summary: '  สรุปผลการวิเคราะห์  ' });
    expect(after.written).toEqual({ ...before.written, tools: { ...before.written.tools, IIT: null }, summary: 'สรุปผลการวิเคราะห์' });
    expect(after.printed.tools.IIT).toBe(after.generated.find((g) => g.tool === 'IIT')!.th);
    expect(after.printed.summary).toBe('สรุปผลการวิเคราะห์');
    expect(after.printed.intro).toBe(before.written.intro);
    const cleared = await updateAnalysis(w.t.db, coordinator, DEMO, { intro: null });
    expect(cleared.printed.intro).toContain('ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมิน ITA ขององค์การบริหารส่วนตำบลห้วยทอง');
    const error = await updateAnalysis(w.t.db, coordinator, DEMO, { tools: { XYZ: 'x' } }).catch((e: unknown) => e);
    expect((error as InputError).th).toBe('ผลการวิเคราะห์รายเครื่องมือ: ไม่รู้จัก XYZ');
    await expect(updateAnalysis(w.t.db, principal('executive', w.demo.orgId), DEMO, { intro: 'x' })).rejects.toBeInstanceOf(Forbidden);
  });
});
