import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listApprovals, requestApproval, decideApproval } from '../src/approvals/approvals.ts';
import { exportAuditCsv, listAudit } from '../src/audit/audit.ts';
import { Forbidden, OwnWork, type Principal } from '../src/app/authz.ts';
import { carryForward, createYear, defaultCriteriaYear } from '../src/years/carry.ts';
import { lintYearDocuments, renderYearDocument } from '../src/documents/service.ts';
import { Conflict, NotFound } from '../src/app/errors.ts';
import { createMeasure, listMeasures, updateMeasure } from '../src/measures/measures.ts';
import { addProgress } from '../src/measures/progress.ts';
import { todayInBangkok } from '../src/measures/reporting.ts';
import { setScores } from '../src/years/scores.ts';
import { loadYear } from '../src/years/years.ts';
import { InputError, InputErrors } from '../src/errors.ts';
import { criteriaYears } from '../src/ita/index.ts';
import { DEMO, OTHER, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

describe.each(backends())('approvals, next year, audit log, documents (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let executive: Principal;

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'นางสาวประสาน งานดี');
    executive = principal('executive', w.demo.orgId, null, 'นายกองค์การบริหารส่วนตำบล');
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  const state = async (subject: string) => (await listApprovals(w.t.db, coordinator, DEMO)).find((s) => s.subject === subject)!;

  it('an approval holds the hash of what it approved, and shows as out of date once that data changes', async () => {
    const asked = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'measures-plan', comment: 'เสนอแผนมาตรการปี ๒๕๖๖' });
    expect(asked.pending).toMatchObject({ status: 'requested', requestedBy: 'นางสาวประสาน งานดี', comment: 'เสนอแผนมาตรการปี ๒๕๖๖' });
    expect(asked.changedSinceRequest).toBe(false);
    await expect(requestApproval(w.t.db, coordinator, DEMO, { subject: 'measures-plan' })).rejects.toThrow(/already waiting/);
    await expect(decideApproval(w.t.db, coordinator, DEMO, asked.pending!.id, { decision: 'approved' })).rejects.toBeInstanceOf(Forbidden);
    await expect(requestApproval(w.t.db, executive, DEMO, { subject: 'analysis' })).rejects.toBeInstanceOf(Forbidden);

    const approved = await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved', comment: 'อนุมัติ', documentSha256: asked.currentSha256, reason: 'ข้อความของรายงานจริง' });
    expect(approved).toMatchObject({ pending: null, upToDate: true, approved: { status: 'approved', decidedBy: 'นายกองค์การบริหารส่วนตำบล', documentSha256: asked.currentSha256 } });
    await expect(decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'rejected', comment: 'x' })).rejects.toThrow(/already decided/);

    // Progress is not in the plan: the plan's approval still holds. A change of a planned field voids it.
    const [m1] = await listMeasures(w.t.db, coordinator, DEMO);
    await addProgress(w.t.db, coordinator, DEMO, m1!.id, { date: '2022-11-01', month: '2022-10', done: 'ประชุม', status: 'on_track' });
    expect((await state('measures-plan')).upToDate).toBe(true);
    expect((await state('measures-report')).approved).toBeNull();
    await updateMeasure(w.t.db, coordinator, DEMO, m1!.id, { methods: ['วิธีใหม่'] }, (await listMeasures(w.t.db, coordinator, DEMO))[0]!.updatedAt);
    const stale = await state('measures-plan');
    expect(stale.upToDate).toBe(false);
    expect(stale.approved?.documentSha256).not.toBe(stale.currentSha256);
  });

  it('whoever asked for an approval cannot decide it, even holding the executive role too: another executive can', async () => {
    const both: Principal = { ...coordinator, roles: [...coordinator.roles, ...executive.roles] };
    const asked = await requestApproval(w.t.db, both, DEMO, { subject: 'measures-report' });
    expect(asked.pending?.requestedByPerson).toBe(both.personId);
    const own = await decideApproval(w.t.db, both, DEMO, asked.pending!.id, { decision: 'approved' }).catch((e: unknown) => e);
    expect(own).toBeInstanceOf(OwnWork);
    expect((own as OwnWork).detailTh).toMatch(/ผู้ขออนุมัติพิจารณาคำขอของตนเองไม่ได้/);
    expect((await state('measures-report')).pending?.status).toBe('requested');
    const decided = await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved', reason: 'ข้อความของรายงานจริง' });
    expect(decided.approved).toMatchObject({ requestedBy: both.nameTh, decidedBy: executive.nameTh });
    const [row] = await w.t.db.query<{ requested_by_person: string; decided_by_person: string }>('SELECT requested_by_person, decided_by_person FROM approvals WHERE id = $1', [
      asked.pending!.id,
    ]);
    expect(row).toEqual({ requested_by_person: both.personId, decided_by_person: executive.personId });
  });

  it('refuses to approve data that changed after the executive opened it, and a rejection must say why', async () => {
    const asked = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'analysis' });
    const shown = asked.currentSha256;
    await setScores(w.t.db, coordinator, DEMO, { indicators: { 1: 88 } });
    expect((await state('analysis')).changedSinceRequest).toBe(true);
    const conflict = await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved', documentSha256: shown }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(Conflict);
    expect((await state('analysis')).pending?.status).toBe('requested');
    await expect(decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'rejected' })).rejects.toThrow(/must give its reason/);
    const rejected = await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'rejected', comment: 'ขาดคะแนนตัวชี้วัดที่ ๒–๘' });
    expect(rejected).toMatchObject({ pending: null, approved: null, upToDate: false });
    expect(rejected.history.map((h) => [h.status, h.comment])).toEqual([['rejected', 'ขาดคะแนนตัวชี้วัดที่ ๒–๘']]);
    const outsider = principal('executive', w.other.orgId);
    await expect(decideApproval(w.t.db, outsider, OTHER, asked.pending!.id, { decision: 'approved' })).rejects.toBeInstanceOf(NotFound);
  });

  it('carries unfinished measures into a new next year, reset, linked to the originals, once', async () => {
    const [m1, m2, m3] = await listMeasures(w.t.db, coordinator, DEMO);
    await updateMeasure(w.t.db, coordinator, DEMO, m1!.id, { status: 'in_progress' }, m1!.updatedAt);
    await updateMeasure(w.t.db, coordinator, DEMO, m2!.id, { status: 'planned', result: null }, m2!.updatedAt);
    await addProgress(w.t.db, coordinator, DEMO, m1!.id, { date: '2022-11-01', month: '2022-10', done: 'ประชุม', status: 'on_track' });
    await expect(carryForward(w.t.db, principal('unit_head', w.demo.orgId, w.demo.units['กองคลัง']!), DEMO)).rejects.toBeInstanceOf(Forbidden);

    const result = await carryForward(w.t.db, coordinator, DEMO);
    expect(result).toMatchObject({ year: 2567, criteriaYear: 2567, created: true, skipped: [], droppedIndicators: [] });
    expect(result.carried.map((c) => [c.fromId, c.seq, c.titleTh])).toEqual([
      [m1!.id, 1, 'การใช้งบประมาณ'],
      [m2!.id, 2, 'คุณภาพการดำเนินงาน'],
    ]);
    const next = await loadYear(w.t.db, DEMO.org, 2567);
    expect(next.measures[0]).toMatchObject({
      titleTh: 'การใช้งบประมาณ',
      indicators: [2],
      methods: m1!.methods,
      status: 'planned',
      result: null,
      progress: [],
      carriedFromId: m1!.id,
      period: { start: '2023-10-01', end: '2024-09-30', textTh: 'ตลอดปี ๒๕๖๗' },
    });
    expect(next.measures[0]!.responsible).toEqual(m1!.responsible);
    expect(next.previousScores).toMatchObject({ year: 2566, indicators: { 9: 100, 10: 100 } });
    expect(Object.values(next.scores.indicators).every((v) => v === null)).toBe(true);

    const again = await carryForward(w.t.db, coordinator, DEMO, { measureIds: [m1!.id, m3!.id] });
    expect(again).toMatchObject({ created: false, carried: [{ fromId: m3!.id, seq: 3 }] });
    expect(again.skipped).toEqual([{ fromId: m1!.id, th: 'มาตรการ "การใช้งบประมาณ" ยกไปปี 2567 แล้ว', en: '"การใช้งบประมาณ" was already carried into 2567' }]);
    await expect(carryForward(w.t.db, coordinator, DEMO, { criteriaYear: 2566 })).rejects.toThrow(/already exists under the 2567 criteria/);
    await expect(carryForward(w.t.db, coordinator, DEMO, { measureIds: ['00000000-0000-4000-8000-000000000000'] })).rejects.toBeInstanceOf(NotFound);
    // The original year is untouched.
    expect((await listMeasures(w.t.db, coordinator, DEMO)).map((m) => m.status)).toEqual(['in_progress', 'planned', 'done', 'done']);
  });

  it('opens a year under its own criteria, or the latest known; carrying past the catalogue keeps the latest', async () => {
    const latest = Math.max(...criteriaYears());
    expect(defaultCriteriaYear(2566)).toBe(2566);
    expect(defaultCriteriaYear(latest + 3)).toBe(latest);
    const admin = principal('org_admin', w.other.orgId);
    const opened = await createYear(w.t.db, admin, OTHER.org, { year: latest });
    expect(opened).toMatchObject({ year: latest, criteriaYear: latest, status: 'open' });
    await expect(createYear(w.t.db, admin, OTHER.org, { year: latest })).rejects.toThrow(/already has fiscal year/);
    const error = (await createYear(w.t.db, admin, OTHER.org, { year: 2599, criteriaYear: 2599 }).catch((e: unknown) => e)) as InputError;
    expect(error.th).toContain('ต้องเป็นปีที่มีเกณฑ์ในระบบ');
    await createMeasure(w.t.db, admin, { org: OTHER.org, year: latest }, { titleTh: 'มาตรการปีล่าสุด', period: { start: `${latest - 544}-10-01`, end: null, textTh: null } });
    const carried = await carryForward(w.t.db, admin, { org: OTHER.org, year: latest });
    expect(carried).toMatchObject({ year: latest + 1, criteriaYear: latest, created: true });
    expect((await loadYear(w.t.db, OTHER.org, latest + 1)).measures[0]!.period.start).toBe(`${latest - 543}-10-01`);
    await expect(createYear(w.t.db, principal('org_admin', w.demo.orgId), OTHER.org, { year: 2570 })).rejects.toBeInstanceOf(Forbidden);
  });

  it('shows the audit log of the organisation only, filtered and paged, and exports it as CSV', async () => {
    const auditor = principal('auditor', w.demo.orgId);
    const actor = principal('coordinator', w.demo.orgId, null, '=HYPERLINK("http://x")');
    const created = await createMeasure(w.t.db, actor, DEMO, { titleTh: 'มาตรการใหม่' });
    await updateMeasure(w.t.db, actor, DEMO, created.id, { titleTh: 'มาตรการใหม่ (แก้)' }, created.updatedAt);
    const page = await listAudit(w.t.db, auditor, DEMO.org, { entity: 'measures', actorId: actor.personId, pageSize: 1 });
    expect(page.total).toBe(2);
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ action: 'update', actorLabel: actor.nameTh, entityId: created.id, before: { title_th: 'มาตรการใหม่' }, after: { title_th: 'มาตรการใหม่ (แก้)' } });
    const second = await listAudit(w.t.db, auditor, DEMO.org, { entity: 'measures', actorId: actor.personId, pageSize: 1, page: 2 });
    expect(second.entries[0]).toMatchObject({ action: 'insert', before: null });
    expect((await listAudit(w.t.db, auditor, DEMO.org, { actor: 'HYPERLINK', to: '2020-01-01' })).total).toBe(0);
    expect((await listAudit(w.t.db, auditor, DEMO.org, { actor: 'hyperlink', from: todayInBangkok(), to: todayInBangkok() })).total).toBeGreaterThanOrEqual(2);
    // The other organisation's log holds nothing of the demo's.
    const theirs = await listAudit(w.t.db, principal('executive', w.other.orgId), OTHER.org, { pageSize: 500 });
    expect(theirs.total).toBeGreaterThan(0);
    expect(theirs.entries.some((e) => e.entityId === created.id || e.actorId === actor.personId)).toBe(false);
    await expect(listAudit(w.t.db, principal('auditor', w.other.orgId), DEMO.org)).rejects.toBeInstanceOf(Forbidden);
    await expect(listAudit(w.t.db, coordinator, DEMO.org)).rejects.toBeInstanceOf(Forbidden);
    const bad = await listAudit(w.t.db, auditor, DEMO.org, { from: '2026-13-01', entity: 'passwords' } as never).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InputErrors);
    expect((bad as InputErrors).errors.map((e) => [e.field, e.th.split(':')[0]])).toEqual([
      ['filter.entity', 'ประเภทข้อมูล'],
      ['filter.from', 'ตั้งแต่วันที่'],
    ]);

    const csv = await exportAuditCsv(w.t.db, auditor, DEMO.org, { entity: 'measures', actorId: actor.personId });
    expect(csv).toMatchObject({ fileName: 'huai-thong-audit-log.csv', rows: 2 });
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\uFEFFเวลา (กรุงเทพฯ),เวลา (ISO),ผู้ทำรายการ')).toBe(true);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    // A name that Excel would run as a formula is written behind a quote.
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(lines[1]).toContain(',insert,');
  });

  it('renders the year’s documents with the linter’s problems, for anyone who reads the year', async () => {
    const auditor = principal('auditor', w.demo.orgId);
    const html = await renderYearDocument(w.t.db, auditor, DEMO, { kind: 'measures-report', format: 'html', digits: 'arabic' });
    expect(html.mediaType).toBe('text/html; charset=utf-8');
    expect(html.bytes.toString('utf8')).toContain('องค์การบริหารส่วนตำบลห้วยทอง');
    expect(html.problems.some((p) => p.code === 'missing-score')).toBe(true);
    const xlsx = await renderYearDocument(w.t.db, auditor, DEMO, { kind: 'analysis', format: 'xlsx' });
    expect([...xlsx.bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    expect(xlsx.fileName).toMatch(/\.xlsx$/);
    const bad = await renderYearDocument(w.t.db, auditor, DEMO, { kind: 'letter', format: 'exe' } as never).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Error);
    expect(String((bad as { errors?: InputError[] }).errors?.map((e) => e.th))).toContain('ชนิดเอกสาร: ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: measures-report, measures-plan, analysis');
    const lint = await lintYearDocuments(w.t.db, auditor, DEMO);
    expect(lint.filter((p) => p.code === 'missing-score').map((p) => p.where)).toContain('scores.indicators.2');
    await expect(renderYearDocument(w.t.db, principal('auditor', w.other.orgId), DEMO, { kind: 'analysis', format: 'html' })).rejects.toBeInstanceOf(Forbidden);
  });
});
