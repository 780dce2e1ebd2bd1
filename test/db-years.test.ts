import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDemo, resetDemo } from '../src/demo/demo.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import { migrations } from '../src/db/index.ts';
import { DEMO_SLUG, huaiThong2566 } from '../src/demo/huai-thong.ts';
import { InputError } from '../src/errors.ts';
import { yearInputSchema, type YearInput } from '../src/model/year.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

// Loaded, a year names the revision of its criteria; the seed leaves it to the newest (2566 has revision 1).
const demo = () => ({ ...yearInputSchema.parse(huaiThong2566), criteriaRevision: 1 });
const actor = { id: null, label: 'ผู้ทดสอบ' };

/** The year without the ids the database gives (demo ids like "m1" become UUIDs). */
function withoutIds(y: YearInput) {
  return {
    ...y,
    units: y.units.map((u) => ({ ...u, id: '' })),
    measures: y.measures.map((m) => ({
      ...m,
      id: '',
      responsible: m.responsible.map((r) => ({ ...r, unitId: r.unitId === null ? null : y.units.find((u) => u.id === r.unitId)?.nameTh })),
    })),
  };
}

describe.each(backends())('the year in the database (%s)', (backend) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDb(backend);
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('loads the demo on an empty database, once, with every measure of the seed as data', async () => {
    expect(await ensureDemo(t.db)).toBe(true);
    expect(await ensureDemo(t.db)).toBe(false);
    const year = await loadYear(t.db, DEMO_SLUG, 2566);
    expect(withoutIds(year)).toEqual(withoutIds(demo()));
    expect(year.measures.map((m) => m.titleTh)).toEqual(['การใช้งบประมาณ', 'คุณภาพการดำเนินงาน', 'การเปิดเผยข้อมูล', 'การป้องกันการทุจริต']);
    // The seed leaves indicators 1–8 blank: so does the demo.
    expect(year.scores.indicators).toMatchObject({ 2: null, 6: null, 9: 100, 10: 100 });
  });

  it('saving what it loaded changes nothing, and the audit log shows no change', async () => {
    await ensureDemo(t.db);
    const before = await loadYear(t.db, DEMO_SLUG, 2566);
    const [{ n: logBefore }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')) as [{ n: number }];
    const summary = await saveYear(t.db, actor, before);
    expect(summary).toEqual({ organisation: 'unchanged', measures: { added: 0, updated: 0, removed: 0 } });
    expect(await loadYear(t.db, DEMO_SLUG, 2566)).toEqual(before);
    const [{ n: logAfter }] = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')) as [{ n: number }];
    expect(logAfter).toBe(logBefore);
  });

  it('records who changed what, before and after', async () => {
    await ensureDemo(t.db);
    const year = await loadYear(t.db, DEMO_SLUG, 2566);
    const m = year.measures[0]!;
    await saveYear(t.db, { id: null, label: 'นางสาวทดสอบ ระบบ' }, { ...year, measures: [{ ...m, status: 'in_progress' }, ...year.measures.slice(1)] });
    const rows = await t.db.query<{ actor_label: string; action: string; before: { status: string }; after: { status: string }; org_id: string }>(
      `SELECT actor_label, action, before, after, org_id FROM audit_log WHERE entity = 'measures' AND entity_id = $1 AND action = 'update'`,
      [m.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_label: 'นางสาวทดสอบ ระบบ', before: { status: 'done' }, after: { status: 'in_progress' } });
    expect(rows[0]!.org_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an import that fails half-way writes nothing', async () => {
    await ensureDemo(t.db);
    const year = await loadYear(t.db, DEMO_SLUG, 2566);
    const broken: YearInput = {
      ...year,
      analysis: { ...year.analysis, intro: 'ข้อความใหม่' },
      measures: [
        { ...year.measures[0]!, titleTh: 'ชื่อใหม่' },
        { ...year.measures[1]!, responsible: [{ unitId: 'no-such-unit', personId: null, labelTh: 'ใครก็ไม่รู้' }] },
      ],
    };
    await expect(saveYear(t.db, actor, broken)).rejects.toThrow(InputError);
    expect(await loadYear(t.db, DEMO_SLUG, 2566)).toEqual(year);
  });

  it('refuses an id that belongs to another organisation', async () => {
    await ensureDemo(t.db);
    const year = await loadYear(t.db, DEMO_SLUG, 2566);
    const other = { ...year, organisation: { ...year.organisation, slug: 'other-org', nameTh: 'อบต.อื่น' }, units: [] };
    const stolen = { ...other, measures: [{ ...year.measures[0]!, responsible: [] }] };
    await expect(saveYear(t.db, actor, stolen)).rejects.toThrow(/another year or organisation/);
    expect(await t.db.query('SELECT 1 FROM organisations WHERE slug = $1', ['other-org'])).toHaveLength(0);
    // A person of the demo organisation named as responsible in another organisation's measure.
    const withPerson = { ...year, people: [{ id: 'p1', nameTh: 'นายทดสอบ', positionTh: null, unitId: null }] };
    withPerson.measures = [{ ...year.measures[0]!, responsible: [{ unitId: null, personId: 'p1', labelTh: 'นายทดสอบ' }] }];
    await saveYear(t.db, actor, withPerson);
    const demoPerson = (await loadYear(t.db, DEMO_SLUG, 2566)).people[0]!.id;
    const foreign = { ...other, measures: [{ ...year.measures[0]!, id: 'new-measure', responsible: [{ unitId: null, personId: demoPerson, labelTh: 'นายทดสอบ' }] }] };
    await expect(saveYear(t.db, actor, foreign)).rejects.toThrow(/no person/);
    expect(await t.db.query('SELECT 1 FROM organisations WHERE slug = $1', ['other-org'])).toHaveLength(0);
  });

  it('reset reloads the demo, dropping what was changed', async () => {
    await ensureDemo(t.db);
    const year = await loadYear(t.db, DEMO_SLUG, 2566);
    await saveYear(t.db, actor, { ...year, measures: year.measures.slice(0, 1) });
    expect((await loadYear(t.db, DEMO_SLUG, 2566)).measures).toHaveLength(1);
    await resetDemo(t.db);
    expect(withoutIds(await loadYear(t.db, DEMO_SLUG, 2566))).toEqual(withoutIds(demo()));
  });

  it('items with a line break written before the one-line rule load again once migration 0006 has run', async () => {
    await ensureDemo(t.db);
    const [m] = (await loadYear(t.db, DEMO_SLUG, 2566)).measures;
    await t.db.query(`UPDATE measures SET methods = ARRAY['ประชุมชี้แจง\nและติดประกาศ', 'ทบทวน'], actions = ARRAY[E'ก\r\n  ข'] WHERE id = $1`, [m!.id]);
    await t.db.query(`UPDATE measure_responsibles SET label_th = E'ผอ.\nกองคลัง' WHERE measure_id = $1 AND seq = 1`, [m!.id]);
    // Stored data that breaks the model is a fault, not bad input: the schema's error names the rule by its code.
    await expect(loadYear(t.db, DEMO_SLUG, 2566)).rejects.toThrow(/model\.oneLine/);
    await t.db.exec(migrations().find((x) => x.id === '0006_one_line_items')!.sql);
    const repaired = (await loadYear(t.db, DEMO_SLUG, 2566)).measures[0]!;
    expect([repaired.methods, repaired.actions, repaired.responsible[0]!.labelTh]).toEqual([['ประชุมชี้แจง และติดประกาศ', 'ทบทวน'], ['ก ข'], 'ผอ. กองคลัง']);
  });

  it('an unknown organisation or year is a clear error', async () => {
    await expect(loadYear(t.db, 'nowhere', 2566)).rejects.toThrow(/nowhere/);
    await ensureDemo(t.db);
    await expect(loadYear(t.db, DEMO_SLUG, 2568)).rejects.toThrow(/2568/); // the demo holds 2566, 2569 and 2570
  });
});
