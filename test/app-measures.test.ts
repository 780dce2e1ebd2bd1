import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { createYear } from '../src/years/carry.ts';
import { Conflict, NotFound } from '../src/app/errors.ts';
import {
  createMeasure,
  deleteMeasure,
  exportMeasures,
  getMeasure,
  importMeasures,
  listMeasures,
  reorderMeasures,
  updateMeasure,
  type MeasureView,
} from '../src/measures/measures.ts';
import { loadYear } from '../src/years/years.ts';
import { InputError } from '../src/errors.ts';
import { writeMeasuresCsv } from '../src/io/measures-table.ts';
import { DEMO, OTHER, principal, thaiErrors, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

describe.each(backends())('measures (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let financeHead: Principal;
  let worksHead: Principal;
  const count = async (table: string) => ((await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0] as { n: number }).n;

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'นางสาวประสาน งานดี');
    financeHead = principal('unit_head', w.demo.orgId, w.demo.units['กองคลัง']!);
    worksHead = principal('unit_head', w.demo.orgId, w.demo.units['กองช่าง']!);
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  const demoMeasures = () => listMeasures(w.t.db, coordinator, DEMO);

  it('lists the measures in order, with their version, units and what the principal may change', async () => {
    const list = await demoMeasures();
    expect(list.map((m) => [m.seq, m.titleTh, m.access])).toEqual([
      [1, 'การใช้งบประมาณ', 'all'],
      [2, 'คุณภาพการดำเนินงาน', 'all'],
      [3, 'การเปิดเผยข้อมูล', 'all'],
      [4, 'การป้องกันการทุจริต', 'all'],
    ]);
    expect(list[0]!.unitIds).toEqual([w.demo.units['กองคลัง']]);
    expect(Number.isNaN(Date.parse(list[0]!.updatedAt))).toBe(false);
    const asHead = await listMeasures(w.t.db, financeHead, DEMO);
    expect(asHead.map((m) => m.access)).toEqual(['unit', 'unit', 'none', 'unit']);
    expect((await listMeasures(w.t.db, principal('auditor', w.demo.orgId), DEMO)).map((m) => m.access)).toEqual(['none', 'none', 'none', 'none']);
  });

  it('creates a measure where asked, renumbering the others, and the audit log names the person', async () => {
    const created = await createMeasure(w.t.db, coordinator, DEMO, {
      seq: 2,
      titleTh: '  การรับสินบน  ',
      indicators: [4, 3, 4],
      methods: ['ประกาศนโยบาย No Gift Policy'],
      actions: ['ประชุมชี้แจง', 'ติดประกาศ'],
      responsible: [{ unitId: w.demo.units['สำนักปลัด']!, labelTh: 'สำนักปลัด' }],
      period: { start: '2023-01-01', end: '2023-03-31', textTh: 'ม.ค. – มี.ค. ๒๕๖๖' },
    });
    expect(created).toMatchObject({ seq: 2, titleTh: 'การรับสินบน', indicators: [3, 4], status: 'planned', access: 'all', progress: [] });
    expect((await demoMeasures()).map((m) => [m.seq, m.titleTh])).toEqual([
      [1, 'การใช้งบประมาณ'],
      [2, 'การรับสินบน'],
      [3, 'คุณภาพการดำเนินงาน'],
      [4, 'การเปิดเผยข้อมูล'],
      [5, 'การป้องกันการทุจริต'],
    ]);
    const log = await w.t.db.query<{ actor_label: string; actor_id: string; org_id: string }>(
      `SELECT actor_label, actor_id, org_id FROM audit_log WHERE entity = 'measures' AND entity_id = $1 AND action = 'insert'`,
      [created.id],
    );
    expect(log).toEqual([{ actor_label: 'นางสาวประสาน งานดี', actor_id: coordinator.personId, org_id: w.demo.orgId }]);
    // A seq past the end puts it last.
    expect((await createMeasure(w.t.db, coordinator, DEMO, { titleTh: 'ท้ายสุด', seq: 99 })).seq).toBe(6);
  });

  it('refuses bad input with every problem in Thai and English, and writes nothing', async () => {
    const [measuresBefore, logBefore] = [await count('measures'), await count('audit_log')];
    const otherUnit = w.other.units['กองคลัง']!;
    expect(
      await thaiErrors(
        createMeasure(w.t.db, coordinator, DEMO, {
          titleTh: '',
          indicators: [11],
          methods: ['ประชุมชี้แจง\nและติดประกาศ'],
          responsible: [{ unitId: null, labelTh: 'กองคลัง' }],
          colour: 'red',
        }),
      ),
    ).toEqual(['ชื่อมาตรการ: ต้องไม่ว่าง', 'ตัวชี้วัด ลำดับที่ 1: ต้องไม่เกิน 10', 'วิธีดำเนินการ ลำดับที่ 1: หนึ่งรายการต้องอยู่ในบรรทัดเดียว แยกเป็นหลายรายการแทนการขึ้นบรรทัดใหม่', 'ไม่รู้จัก colour']);
    expect(
      await thaiErrors(
        createMeasure(w.t.db, coordinator, DEMO, {
          titleTh: 'ข้ามหน่วยงาน',
          responsible: [{ unitId: otherUnit, labelTh: 'กองคลังของที่อื่น' }],
          period: { start: '2023-10-01', end: '2023-02-30' },
        }),
      ),
    ).toEqual([
      `ผู้รับผิดชอบลำดับที่ 1: ไม่พบหน่วยงาน "${otherUnit}" ในหน่วยงานนี้`,
      'วันเริ่ม 1 ต.ค. 2566 อยู่นอกปีงบประมาณ พ.ศ. 2566 (1 ต.ค. 2565 ถึง 30 ก.ย. 2566)',
      'วันสิ้นสุด "2023-02-30" ไม่ใช่วันที่ในปฏิทิน (YYYY-MM-DD)',
    ]);
    const error = await createMeasure(w.t.db, coordinator, DEMO, { titleTh: 'x'.repeat(1001) }).catch((e: unknown) => e as InputError);
    expect(error).toMatchObject({ field: 'measure.titleTh', th: 'ชื่อมาตรการ: ยาวเกิน 1000 ตัวอักษร', en: 'measure.titleTh: longer than 1000 characters' });
    expect([await count('measures'), await count('audit_log')]).toEqual([measuresBefore, logBefore]);
  });

  it('changes only the fields given', async () => {
    const [m] = await demoMeasures();
    const changed = await updateMeasure(w.t.db, coordinator, DEMO, m!.id, { titleTh: 'การใช้งบประมาณอย่างโปร่งใส', followUp: null }, m!.updatedAt);
    expect(changed).toMatchObject({ titleTh: 'การใช้งบประมาณอย่างโปร่งใส', followUp: null, methods: m!.methods, status: 'done', result: m!.result });
    expect(changed.updatedAt).not.toBe(m!.updatedAt);
  });

  it('refuses a change made on top of an older version: two editors never overwrite each other silently', async () => {
    const [m] = await demoMeasures();
    const first = principal('org_admin', w.demo.orgId);
    await updateMeasure(w.t.db, first, DEMO, m!.id, { result: 'ผลของคนแรก' }, m!.updatedAt);
    const conflict = await updateMeasure(w.t.db, coordinator, DEMO, m!.id, { result: 'ผลของคนที่สอง' }, m!.updatedAt).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(Conflict);
    expect((conflict as Conflict).th).toContain('ถูกแก้ไขโดยผู้อื่น');
    expect((conflict as Conflict).current).not.toBe(m!.updatedAt);
    expect((await getMeasure(w.t.db, coordinator, DEMO, m!.id)).result).toBe('ผลของคนแรก');
    // Even two changes racing from the same version: exactly one wins.
    const fresh = await getMeasure(w.t.db, coordinator, DEMO, m!.id);
    const outcomes = await Promise.allSettled([
      updateMeasure(w.t.db, coordinator, DEMO, m!.id, { result: 'ก' }, fresh.updatedAt),
      updateMeasure(w.t.db, first, DEMO, m!.id, { result: 'ข' }, fresh.updatedAt),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(Conflict) });
    const stale = await updateMeasure(w.t.db, coordinator, DEMO, m!.id, { result: 'ค' }, 'not a time').catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(InputError);
  });

  it('lets a unit head change the status and result of their unit’s measures, and nothing else', async () => {
    const [m1, m2, m3] = await demoMeasures();
    const changed = await updateMeasure(w.t.db, financeHead, DEMO, m1!.id, { status: 'in_progress', result: 'กำลังจัดทำคู่มือ' }, m1!.updatedAt);
    expect(changed).toMatchObject({ status: 'in_progress', result: 'กำลังจัดทำคู่มือ', access: 'unit' });
    await expect(updateMeasure(w.t.db, financeHead, DEMO, m1!.id, { titleTh: 'ชื่อใหม่' }, changed.updatedAt)).rejects.toBeInstanceOf(Forbidden);
    await expect(updateMeasure(w.t.db, financeHead, DEMO, m1!.id, { status: 'cancelled' }, changed.updatedAt)).rejects.toBeInstanceOf(Forbidden);
    // กองคลัง is one of the units of measure 2, not of measure 3.
    await updateMeasure(w.t.db, financeHead, DEMO, m2!.id, { result: 'ร่วมกันรายงาน' }, m2!.updatedAt);
    await expect(updateMeasure(w.t.db, financeHead, DEMO, m3!.id, { result: 'x' }, m3!.updatedAt)).rejects.toBeInstanceOf(Forbidden);
    await expect(updateMeasure(w.t.db, worksHead, DEMO, m1!.id, { result: 'x' }, changed.updatedAt)).rejects.toBeInstanceOf(Forbidden);
    await expect(createMeasure(w.t.db, financeHead, DEMO, { titleTh: 'ใหม่' })).rejects.toBeInstanceOf(Forbidden);
    await expect(deleteMeasure(w.t.db, financeHead, DEMO, m1!.id)).rejects.toBeInstanceOf(Forbidden);
    expect((await getMeasure(w.t.db, coordinator, DEMO, m3!.id)).result).toBe(m3!.result);
    // A measure the coordinator cancelled stays cancelled for the unit.
    const m4 = (await demoMeasures())[3]!;
    const cancelled = await updateMeasure(w.t.db, coordinator, DEMO, m4.id, { status: 'cancelled' }, m4.updatedAt);
    await expect(updateMeasure(w.t.db, financeHead, DEMO, m4.id, { status: 'in_progress' }, cancelled.updatedAt)).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses every change to a closed year', async () => {
    const [m] = await demoMeasures();
    await w.t.db.query(`UPDATE fiscal_years SET status = 'closed' WHERE org_id = $1`, [w.demo.orgId]);
    const error = await updateMeasure(w.t.db, coordinator, DEMO, m!.id, { result: 'x' }, m!.updatedAt).catch((e: unknown) => e as InputError);
    expect(error).toMatchObject({ th: 'ปีงบประมาณ 2566 ขององค์การบริหารส่วนตำบลห้วยทอง ปิดแล้ว จึงแก้ไขไม่ได้' });
    await expect(createMeasure(w.t.db, coordinator, DEMO, { titleTh: 'ใหม่' })).rejects.toThrow(/is closed/);
    expect((await getMeasure(w.t.db, coordinator, DEMO, m!.id)).result).toBe(m!.result);
  });

  it('removes a measure and closes up the numbers; reorders', async () => {
    const list = await demoMeasures();
    await deleteMeasure(w.t.db, coordinator, DEMO, list[1]!.id, list[1]!.updatedAt);
    const after = await demoMeasures();
    expect(after.map((m) => [m.seq, m.titleTh])).toEqual([
      [1, 'การใช้งบประมาณ'],
      [2, 'การเปิดเผยข้อมูล'],
      [3, 'การป้องกันการทุจริต'],
    ]);
    const reordered = await reorderMeasures(w.t.db, coordinator, DEMO, [after[2]!.id, after[0]!.id, after[1]!.id]);
    expect(reordered.map((m) => m.titleTh)).toEqual(['การป้องกันการทุจริต', 'การใช้งบประมาณ', 'การเปิดเผยข้อมูล']);
    expect(reordered.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(await thaiErrors(reorderMeasures(w.t.db, coordinator, DEMO, [after[0]!.id, after[0]!.id, after[1]!.id]))).toEqual([
      'ลำดับใหม่ต้องมีมาตรการทุกข้อของปีนี้ ข้อละครั้ง (3 ข้อ)',
    ]);
  });

  it('never reaches another organisation’s measure, even by its id', async () => {
    const [demoMeasure] = await demoMeasures();
    const outsider = principal('coordinator', w.other.orgId);
    // Through the other organisation's own year: the id is not found there.
    await expect(getMeasure(w.t.db, outsider, OTHER, demoMeasure!.id)).rejects.toBeInstanceOf(NotFound);
    await expect(updateMeasure(w.t.db, outsider, OTHER, demoMeasure!.id, { titleTh: 'ยึด' }, demoMeasure!.updatedAt)).rejects.toBeInstanceOf(NotFound);
    await expect(deleteMeasure(w.t.db, outsider, OTHER, demoMeasure!.id)).rejects.toBeInstanceOf(NotFound);
    // Through the demo's year: not allowed at all.
    await expect(updateMeasure(w.t.db, outsider, DEMO, demoMeasure!.id, { titleTh: 'ยึด' }, demoMeasure!.updatedAt)).rejects.toBeInstanceOf(Forbidden);
    await expect(getMeasure(w.t.db, outsider, OTHER, 'not-a-uuid')).rejects.toBeInstanceOf(NotFound);
    expect((await getMeasure(w.t.db, coordinator, DEMO, demoMeasure!.id)).titleTh).toBe('การใช้งบประมาณ');
  });

  it('imports measures from a spreadsheet: a dry run lists every problem, and a file with errors writes nothing', async () => {
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    const exported = await exportMeasures(w.t.db, coordinator, DEMO, 'xlsx');
    expect(exported.fileName).toBe('huai-thong-2566-measures.xlsx');
    const same = await importMeasures(w.t.db, coordinator, DEMO, { workbook: exported.bytes }, { dryRun: true });
    expect(same.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(same.measures).toHaveLength(4);

    const bad = writeMeasuresCsv({ ...year, measures: [{ ...year.measures[0]!, indicators: [2] }, { ...year.measures[1]!, period: { ...year.measures[1]!.period, end: '2024-01-01' } }] });
    const text = new TextDecoder().decode(bad.measures).replace('การใช้งบประมาณ', '');
    const logBefore = await count('audit_log');
    const dry = await importMeasures(w.t.db, coordinator, DEMO, { measuresCsv: new TextEncoder().encode(text) }, { dryRun: true });
    expect(dry.written).toBe(false);
    expect(dry.problems.filter((p) => p.severity === 'error').map((p) => [p.row, p.column])).toEqual([
      [2, 'มาตรการ'],
      [3, 'ระยะเวลา สิ้นสุด'],
    ]);
    const real = await importMeasures(w.t.db, coordinator, DEMO, { measuresCsv: new TextEncoder().encode(text) });
    expect(real.written).toBe(false);
    expect(await count('audit_log')).toBe(logBefore);

    const good = writeMeasuresCsv({ ...year, measures: [{ ...year.measures[0]!, titleTh: 'ชื่อจากแฟ้ม' }, ...year.measures.slice(2)] });
    const done = await importMeasures(w.t.db, coordinator, DEMO, { measuresCsv: good.measures, progressCsv: good.progress });
    expect(done).toMatchObject({ written: true, summary: { added: 0, updated: 3, removed: 1 } });
    expect((await demoMeasures()).map((m) => m.titleTh)).toEqual(['ชื่อจากแฟ้ม', 'การเปิดเผยข้อมูล', 'การป้องกันการทุจริต']);
    await expect(importMeasures(w.t.db, financeHead, DEMO, { workbook: exported.bytes })).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses an import that would take another year’s or another organisation’s measures', async () => {
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    const [theirs] = await listMeasures(w.t.db, principal('auditor', w.other.orgId), OTHER);
    const linked = writeMeasuresCsv({ ...year, measures: [{ ...year.measures[0]!, carriedFromId: theirs!.id }] });
    const refused = await importMeasures(w.t.db, coordinator, DEMO, { measuresCsv: linked.measures }, { dryRun: true });
    expect(refused.problems.filter((p) => p.severity === 'error')).toEqual([
      { sheet: 'มาตรการ', row: null, column: 'ยกมาจาก', th: `มาตรการลำดับที่ 1: ไม่พบมาตรการ "${theirs!.id}" ที่ยกมาจาก ในหน่วยงานนี้`, en: `measure 1: no measure "${theirs!.id}" to carry from in this organisation`, severity: 'error' },
    ]);
    // 2566's measures (without dates, which would be outside 2567) imported into 2567: their ids are 2566's.
    await createYear(w.t.db, coordinator, DEMO.org, { year: 2567 });
    const undated = writeMeasuresCsv({ ...year, measures: year.measures.map((m) => ({ ...m, period: { start: null, end: null, textTh: null } })) });
    const logBefore = await count('audit_log');
    const moved = await importMeasures(w.t.db, coordinator, { org: DEMO.org, year: 2567 }, { measuresCsv: undated.measures });
    expect(moved.written).toBe(false);
    expect(moved.problems.filter((p) => p.severity === 'error').map((p) => p.en)).toEqual([expect.stringContaining('belongs to a measure of another year or organisation')]);
    expect(await count('audit_log')).toBe(logBefore);
    expect(await listMeasures(w.t.db, coordinator, { org: DEMO.org, year: 2567 })).toEqual([]);
  });

  it('keeps the view of a changed measure consistent with a fresh read', async () => {
    const [m] = await demoMeasures();
    const changed: MeasureView = await updateMeasure(w.t.db, coordinator, DEMO, m!.id, { indicators: [2, 1], methods: ['ก', 'ข'] }, m!.updatedAt);
    expect(changed).toEqual(await getMeasure(w.t.db, coordinator, DEMO, m!.id));
    expect(changed.indicators).toEqual([1, 2]);
  });
});
