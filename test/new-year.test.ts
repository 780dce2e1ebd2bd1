/**
 * Starting a new fiscal year in one step (startYear, src/years/carry.ts): the year under its criteria, the previous
 * year's published scores (creating that year when missing) and so its findings, and the previous year's chosen
 * measures carried; all in one transaction, so a bad score creates nothing; only who may write measures (and
 * scores) may do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Forbidden } from '../src/app/authz.ts';
import { startYear } from '../src/years/carry.ts';
import { dashboard } from '../src/years/dashboard.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import { InputError } from '../src/errors.ts';
import { yearInputSchema } from '../src/model/year.ts';
import { OTHER, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';
import { demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

const SLUG = 'ban-mai';
const SCORES = { 1: 90, 2: '84.50', 3: 88, 4: 91, 5: 87, 6: 80.25, 7: 86, 8: 85, 9: '๗๒.๕', 10: 78 };

/** A scores file in the format of the scores import (one agency per row), as CSV. */
const scoresCsv = (rows: readonly (readonly (string | number)[])[]) => ({
  filename: 'scores.csv',
  bytes: Buffer.from(['agency,year,1,2,3,4,5,6,7,8,9,10', ...rows.map((r) => r.join(','))].join('\n')),
});
const scoresRow = (agency: string, year: number, over: Record<number, string | number> = {}) => [agency, year, ...Object.entries({ ...SCORES, ...over }).map(([, v]) => v)];

const year2569 = () =>
  yearInputSchema.parse({
    organisation: { slug: SLUG, nameTh: 'องค์การบริหารส่วนตำบลบ้านใหม่', kind: 'sao' },
    units: [{ id: 'u1', nameTh: 'สำนักปลัด' }],
    year: 2569,
    criteriaYear: 2569,
    scores: { indicators: {} },
    measures: [
      { id: 'a', seq: 1, titleTh: 'เปิดเผยข้อมูลการจัดซื้อจัดจ้าง', indicators: [9], status: 'in_progress', period: { start: '2025-10-01', end: '2026-09-30', textTh: 'ตลอดปี ๒๕๖๙' } },
      { id: 'b', seq: 2, titleTh: 'ประกาศเจตจำนงสุจริต', indicators: [10], status: 'done' },
      { id: 'c', seq: 3, titleTh: 'คู่มือการใช้งบประมาณ', indicators: [2], status: 'planned' },
    ],
  });

describe.each(backends())('starting a new year in one step (%s)', (backend) => {
  let w: World;
  let orgId: string;
  beforeAll(async () => {
    w = await world(backend);
    await saveYear(w.t.db, { id: null, label: 'ผู้ทดสอบ' }, year2569());
    orgId = (await w.t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [SLUG]))[0]!.id;
  }, 120_000);
  afterAll(() => w.t.dispose());

  const years = async (slug: string) =>
    (await w.t.db.query<{ year: number }>('SELECT f.year FROM fiscal_years f JOIN organisations o ON o.id = f.org_id WHERE o.slug = $1 ORDER BY 1', [slug])).map((r) => r.year);

  it('refuses a bad score and creates nothing', async () => {
    const coordinator = principal('coordinator', orgId);
    const attempt = startYear(w.t.db, coordinator, SLUG, { year: 2570, criteriaYear: 2570, previousScores: { indicators: { ...SCORES, 3: 105 } } });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toMatchObject({ field: 'year.previousScores.indicators.3' });
    expect(await years(SLUG)).toEqual([2569]);
    expect(Object.values((await loadYear(w.t.db, SLUG, 2569)).scores.indicators).every((s) => s === null)).toBe(true);
    // The other organisation has no FY 2569: a bad score does not leave one behind either.
    const other = principal('coordinator', w.other.orgId);
    await expect(startYear(w.t.db, other, OTHER.org, { year: 2570, previousScores: { indicators: { 1: 'ninety' } } })).rejects.toBeInstanceOf(InputError);
    expect(await years(OTHER.org)).toEqual([2566]);
  });

  it('refuses a scores file with a bad cell, naming its row and column, and creates nothing', async () => {
    const coordinator = principal('coordinator', orgId);
    const file = scoresCsv([scoresRow(SLUG, 2568), scoresRow(SLUG, 2569, { 3: '๑๐๕' })]);
    const attempt = startYear(w.t.db, coordinator, SLUG, { year: 2570, previousScoresFile: file });
    await expect(attempt).rejects.toMatchObject({ field: 'year.previousScoresFile' });
    const error = (await attempt.catch((e: unknown) => e)) as InputError;
    expect(error.th).toMatch(/^แถวที่ 3 คอลัมน์ "3": ตัวชี้วัดที่ 3/);
    expect(error.en).toMatch(/^row 3, column "3": /);
    // Typed scores and a file together are refused too; a file without the previous year's row likewise.
    await expect(startYear(w.t.db, coordinator, SLUG, { year: 2570, previousScores: { indicators: SCORES }, previousScoresFile: scoresCsv([scoresRow(SLUG, 2569)]) })).rejects.toMatchObject({ field: 'year.previousScoresFile' });
    await expect(startYear(w.t.db, coordinator, SLUG, { year: 2570, previousScoresFile: scoresCsv([scoresRow(SLUG, 2568)]) })).rejects.toMatchObject({ field: 'year.previousScoresFile', en: expect.stringContaining('no row for 2569') });
    expect(await years(SLUG)).toEqual([2569]);
    expect(Object.values((await loadYear(w.t.db, SLUG, 2569)).scores.indicators).every((s) => s === null)).toBe(true);
  });

  it('is refused to a unit head, an executive, an auditor and another organisation', async () => {
    for (const p of [principal('unit_head', orgId, 'u1'), principal('executive', orgId), principal('auditor', orgId), principal('coordinator', w.other.orgId)]) {
      await expect(startYear(w.t.db, p, SLUG, { year: 2570, previousScores: { indicators: SCORES } })).rejects.toBeInstanceOf(Forbidden);
    }
    expect(await years(SLUG)).toEqual([2569]);
  });

  it('creates FY 2570 under the 2570 criteria, saves FY 2569’s scores and findings, and carries the unfinished measures', async () => {
    const coordinator = principal('coordinator', orgId);
    const r = await startYear(w.t.db, coordinator, SLUG, { year: 2570, criteriaYear: 2570, previousScores: { indicators: SCORES, official: { overall: '84.12', grade: null } } });
    expect(r).toMatchObject({ year: 2570, criteriaYear: 2570, previousYear: 2569, previousCreated: false, scoresSaved: true });
    expect(r.provisional).not.toBeNull();
    expect(r.carried.map((c) => c.titleTh)).toEqual(['เปิดเผยข้อมูลการจัดซื้อจัดจ้าง', 'คู่มือการใช้งบประมาณ']);

    const last = await loadYear(w.t.db, SLUG, 2569);
    expect(last.scores.indicators).toMatchObject({ 2: 84.5, 9: 72.5, 10: 78 });
    expect(last.scores.source).toBe('manual');
    const d = await dashboard(w.t.db, coordinator, { org: SLUG, year: 2569 });
    expect(d.findings.belowPass.map((i) => i.indicator)).toEqual([2, 6, 9, 10]);
    expect(d.overall.score).not.toBeNull();

    const next = await loadYear(w.t.db, SLUG, 2570);
    expect(next.criteriaYear).toBe(2570);
    expect(next.measures.map((m) => [m.titleTh, m.status, m.period.start, m.carriedFromId])).toEqual([
      ['เปิดเผยข้อมูลการจัดซื้อจัดจ้าง', 'planned', '2026-10-01', last.measures[0]!.id],
      ['คู่มือการใช้งบประมาณ', 'planned', null, last.measures[2]!.id],
    ]);
    // Once started, the year is there: starting it again is refused, and nothing changes.
    await expect(startYear(w.t.db, coordinator, SLUG, { year: 2570 })).rejects.toMatchObject({ field: 'year.year' });
    expect((await loadYear(w.t.db, SLUG, 2570)).measures).toHaveLength(2);
  });

  it('takes the previous year’s scores from a file: the row of that year is used', async () => {
    const coordinator = principal('coordinator', orgId);
    const file = scoresCsv([scoresRow(SLUG, 2569, { 1: 10 }), scoresRow('องค์การบริหารส่วนตำบลบ้านใหม่', 2570, { 1: '95.5', 10: '' })]);
    const r = await startYear(w.t.db, coordinator, SLUG, { year: 2571, previousScoresFile: file });
    expect(r).toMatchObject({ year: 2571, previousYear: 2570, previousCreated: false, scoresSaved: true });
    expect(r.carried).toHaveLength(2);
    expect((await loadYear(w.t.db, SLUG, 2570)).scores).toMatchObject({ source: 'manual', indicators: { 1: 95.5, 2: 84.5, 9: 72.5, 10: null } });
    expect((await loadYear(w.t.db, SLUG, 2569)).scores.indicators['1']).toBe(90);
  });

  it('creates the previous year to hold its scores when the organisation does not have it, as an organisation administrator', async () => {
    const admin = principal('org_admin', w.other.orgId);
    const r = await startYear(w.t.db, admin, OTHER.org, { year: 2570, previousScores: { indicators: SCORES, source: 'itas' } });
    expect(r).toMatchObject({ year: 2570, criteriaYear: 2570, previousYear: 2569, previousCreated: true, carried: [] });
    expect(await years(OTHER.org)).toEqual([2566, 2569, 2570]);
    expect((await loadYear(w.t.db, OTHER.org, 2569)).scores).toMatchObject({ source: 'itas', indicators: { 1: 90 } });
  });

  it('starts the current fiscal year by default (from 1 October)', async () => {
    const admin = principal('org_admin', w.other.orgId);
    const r = await startYear(w.t.db, admin, OTHER.org, {}, '2027-10-01');
    expect(r).toMatchObject({ year: 2571, previousYear: 2570, previousCreated: false });
    await expect(startYear(w.t.db, admin, OTHER.org, { year: 2572, measureIds: ['nope'] })).rejects.toBeInstanceOf(InputError);
    expect(await years(OTHER.org)).toEqual([2566, 2569, 2570, 2571]);
  });
});

describe('the new-year page and API (pglite)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer('pglite');
    s.clock.now = new Date('2027-10-02T03:00:00Z'); // FY 2571 has begun
  }, 120_000);
  afterAll(() => s.close());
  const scoresForm = (over: Record<string, string> = {}) => ({ ...Object.fromEntries(Object.entries(SCORES).map(([k, v]) => [`i${k}`, String(v)])), ...over });

  it('offers the current year, provisional criteria marked, and last year’s unfinished measures checked; one post does it all', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    // Linked from the year menu, and from the measures page while the next year does not exist.
    const measures = await c.get('/staff/o/huai-thong/2570/measures');
    expect(measures.body).toContain('href="/staff/o/huai-thong/new-year"');
    expect(measures.body).toContain('href="/staff/o/huai-thong/new-year?year=2571"');
    const page = await c.get('/staff/o/huai-thong/new-year');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('เริ่มปีงบประมาณใหม่');
    expect(page.body).toContain('name="year" value="2571"');
    expect(page.body).toMatch(/<option value="2570" selected[^>]*>เกณฑ์ปี 2570 \(ชั่วคราว\)/);
    const last = await loadYear(s.t.db, 'huai-thong', 2570);
    for (const m of last.measures) expect(page.body).toMatch(new RegExp(`value="${m.id}"[^>]*checked`));

    const bad = await c.post('/staff/o/huai-thong/new-year', { year: '2571', criteriaYear: '2570', ...scoresForm({ i4: '101' }), measureIds: last.measures.map((m) => m.id) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ตัวชี้วัดที่ 4');
    expect((await loadYear(s.t.db, 'huai-thong', 2570)).scores.indicators['4']).toBeNull();

    const done = await c.post('/staff/o/huai-thong/new-year', { year: '2571', criteriaYear: '2570', ...scoresForm(), measureIds: [last.measures[0]!.id] });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/staff/o/huai-thong/2571');
    const next = await loadYear(s.t.db, 'huai-thong', 2571);
    expect(next.measures.map((m) => m.carriedFromId)).toEqual([last.measures[0]!.id]);
    expect((await c.get('/staff/o/huai-thong/2570/measures')).body).not.toContain('new-year?year=2571');
    expect((await loadYear(s.t.db, 'huai-thong', 2570)).scores.indicators['9']).toBe(72.5);
  });

  it('answers the API in one call, and refuses an auditor', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('org_admin'), s.clock.now);
    // The demo's made-up FY 2569 scores are said to be so on the dashboard, the scores page and in the API.
    for (const url of ['/staff/o/huai-thong/2569', '/staff/o/huai-thong/2569/scores']) expect((await c.get(url)).body).toContain('ข้อมูลตัวอย่าง (สมมติ)');
    expect((await c.json('GET', '/api/v1/orgs/huai-thong/years/2569/scores')).json()).toMatchObject({ scores: { source: 'demo' }, sourceTh: 'ข้อมูลตัวอย่าง (สมมติ)' });
    const r = await c.json('POST', '/api/v1/orgs/huai-thong/new-year', { year: 2572, previousScores: { indicators: { 1: 95 } }, measureIds: [] });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ year: 2572, criteriaYear: 2570, previousYear: 2571, scoresSaved: true, carried: [] });
    const auditor = await sessionClient(s.app, s.t, demoEmail('auditor'), s.clock.now);
    expect((await auditor.get('/staff/o/huai-thong/2570/measures')).body).not.toContain('/new-year');
    expect((await auditor.json('POST', '/api/v1/orgs/huai-thong/new-year', { year: 2573 })).statusCode).toBe(403);
    const spec = (await c.json('GET', '/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/api/v1/orgs/{slug}/new-year');
  });

  it('takes last year’s scores as a file on the page (multipart): a bad cell is named by row and column and creates nothing', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    const page = await c.get('/staff/o/huai-thong/new-year?year=2573');
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/<input[^>]*type="file"[^>]*name="previousScoresFile"/);
    const csv = (over: Record<number, string | number> = {}) => ({ name: 'previousScoresFile', type: 'text/csv', ...scoresCsv([scoresRow('huai-thong', 2572, over)]) });
    const bad = await c.postFiles('/staff/o/huai-thong/new-year', { year: '2573', criteriaYear: '2570' }, [csv({ 7: 'abc' })]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('แถวที่ 2 คอลัมน์ &quot;7&quot;');
    expect((await loadYear(s.t.db, 'huai-thong', 2572)).scores.indicators['7']).toBeNull();
    const done = await c.postFiles('/staff/o/huai-thong/new-year', { year: '2573', criteriaYear: '2570' }, [csv()]);
    expect(done.statusCode).toBe(303);
    expect((await loadYear(s.t.db, 'huai-thong', 2572)).scores.indicators).toMatchObject({ 1: 90, 9: 72.5 });
  });

  it('keeps the demo’s source out of a person’s hands: not offered, and refused from a form, the API and an import', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    const page = await c.get('/staff/o/huai-thong/2569/scores');
    expect(page.body).toContain('<option value="manual"');
    expect(page.body).not.toContain('<option value="demo"');
    const form = Object.fromEntries(Object.entries(SCORES).map(([k, v]) => [`i${k}`, String(v)]));
    const posted = await c.post('/staff/o/huai-thong/2569/scores', { ...form, source: 'demo', mode: 'save' });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('ตั้งได้เฉพาะโดยการโหลดข้อมูลตัวอย่าง');
    const api = await c.json('PATCH', '/api/v1/orgs/huai-thong/years/2569/scores', { indicators: { 1: 90 }, source: 'demo' });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ error: { field: 'source', th: expect.stringContaining('ข้อมูลตัวอย่าง'), en: expect.stringContaining('set only by the demo loader') } });
    const imported = await c.postFiles('/staff/o/huai-thong/2569/scores/import', { source: 'demo', mode: 'import' }, [
      { name: 'file', type: 'text/csv', ...scoresCsv([scoresRow('huai-thong', 2569)]) },
    ]);
    expect(imported.statusCode).toBe(400);
    expect(imported.body).toContain('ตั้งได้เฉพาะโดยการโหลดข้อมูลตัวอย่าง');
    // Nothing changed: the demo's made-up scores are still said to be so.
    expect((await loadYear(s.t.db, 'huai-thong', 2569)).scores.source).toBe('demo');
    expect((await loadYear(s.t.db, 'huai-thong', 2569)).scores.indicators['1']).not.toBe(90);
  });
});
