/**
 * Years that stay right (issue 13, point 3): analysis texts follow the scores (a person's text is kept but marked
 * stale, with the new generated text beside it, until confirmed or replaced); a document with linter errors is
 * approved only with a reason, recorded in the audit log; a year can be closed (every write refused) and reopened,
 * only by an organisation administrator, with a reason.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAnalysis, resolveStale, updateAnalysis, wordDiff } from '../src/years/analysis.ts';
import { decideApproval, listApprovals, requestApproval } from '../src/approvals/approvals.ts';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { lintYearDocuments } from '../src/documents/service.ts';
import { uploadEvidence } from '../src/measures/evidence.ts';
import { createMeasure, listMeasures, updateMeasure } from '../src/measures/measures.ts';
import { addProgress } from '../src/measures/progress.ts';
import { importScores, setScores } from '../src/years/scores.ts';
import { importYearJson } from '../src/years/transfer.ts';
import { loadYear, setYearStatus, yearStatus } from '../src/years/years.ts';
import { InputError } from '../src/errors.ts';
import { DEMO, OTHER, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

const csv = (text: string) => ({ bytes: new TextEncoder().encode(text), filename: 'scores.csv' });
const fieldOf = (e: unknown) => (e instanceof InputError ? e.field : `not an InputError: ${String(e)}`);

describe.each(backends())('years that stay right (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let executive: Principal;
  let orgAdmin: Principal;

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'นางสาวประสาน งานดี');
    executive = principal('executive', w.demo.orgId, null, 'นายกองค์การบริหารส่วนตำบล');
    orgAdmin = principal('org_admin', w.demo.orgId, null, 'ผู้ดูแลหน่วยงาน');
  }, 120_000);
  afterEach(async () => {
    await w.t.dispose();
  });

  const staleCodes = async () => (await lintYearDocuments(w.t.db, coordinator, DEMO)).filter((p) => p.code === 'analysis-stale').map((p) => `${p.severity} ${p.where}`);

  it('a written text is kept but marked stale when a score change changes its generated text; confirming clears it', async () => {
    const before = await getAnalysis(w.t.db, coordinator, DEMO);
    expect(before.stale).toEqual({});
    const written = before.written.tools.OIT!;
    expect(written).toContain('ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูลคือ ๑๐๐ คะแนน');

    await setScores(w.t.db, coordinator, DEMO, { indicators: { 9: '72.89' } });
    const after = await getAnalysis(w.t.db, coordinator, DEMO);
    expect(after.written.tools.OIT).toBe(written);
    expect(after.printed.tools.OIT).toBe(written);
    const stale = after.stale.OIT!;
    expect(stale.text).toBe(written);
    expect(stale.generatedNow).toBe(after.generated.find((g) => g.tool === 'OIT')!.th);
    expect(stale.basedOn).not.toBe(stale.generatedNow);
    expect(stale.generatedDiff!.some((p) => p.op === 'ins')).toBe(true);
    expect(stale.generatedDiff!.some((p) => p.op === 'del')).toBe(true);
    expect(stale.textDiff.filter((p) => p.op !== 'ins').map((p) => p.text).join('')).toBe(written);
    expect(stale.textDiff.filter((p) => p.op !== 'del').map((p) => p.text).join('')).toBe(stale.generatedNow);
    expect(await staleCodes()).toContain('error analysis.tools.OIT');

    // Another change that leaves the text stale keeps the same basis; the same text saved again stays stale.
    await updateAnalysis(w.t.db, coordinator, DEMO, { tools: { OIT: written } });
    expect((await getAnalysis(w.t.db, coordinator, DEMO)).stale.OIT?.basedOn).toBe(stale.basedOn);

    const confirmed = await resolveStale(w.t.db, coordinator, DEMO, 'OIT', 'confirm');
    expect(confirmed.stale.OIT).toBeUndefined();
    expect(confirmed.written.tools.OIT).toBe(written);
    expect(await staleCodes()).toEqual([]);
    await expect(resolveStale(w.t.db, coordinator, DEMO, 'OIT', 'confirm').catch(fieldOf)).resolves.toBe('section');
    await expect(resolveStale(w.t.db, executive, DEMO, 'OIT', 'confirm')).rejects.toBeInstanceOf(Forbidden);

    // Back to the scores it was first written against: stale again, since it was confirmed against 72.89.
    await setScores(w.t.db, coordinator, DEMO, { indicators: { 9: 100 } });
    expect((await getAnalysis(w.t.db, coordinator, DEMO)).stale.OIT).toBeDefined();
  });

  it('taking the new text makes the section generated: it follows every later score change', async () => {
    await setScores(w.t.db, coordinator, DEMO, { indicators: { 9: 72.89 } });
    const taken = await resolveStale(w.t.db, coordinator, DEMO, 'OIT', 'take-new');
    expect(taken.written.tools.OIT).toBeNull();
    expect(taken.stale).toEqual({});
    const first = taken.printed.tools.OIT;
    expect(first).toBe(taken.generated.find((g) => g.tool === 'OIT')!.th);
    await setScores(w.t.db, coordinator, DEMO, { indicators: { 9: 88.5 } });
    const later = await getAnalysis(w.t.db, coordinator, DEMO);
    expect(later.printed.tools.OIT).not.toBe(first);
    expect(later.printed.tools.OIT).toBe(later.generated.find((g) => g.tool === 'OIT')!.th);
    expect(later.stale).toEqual({});
  });

  it('a text written after the change is based on the new scores; the score import and the JSON import flag too', async () => {
    await setScores(w.t.db, coordinator, DEMO, { indicators: { 9: 72.89 } });
    await updateAnalysis(w.t.db, coordinator, DEMO, { tools: { OIT: 'ตัวชี้วัดที่ ๙ ได้ ๗๒.๘๙ คะแนน' } });
    expect((await getAnalysis(w.t.db, coordinator, DEMO)).stale).toEqual({});

    const imported = await importScores(w.t.db, coordinator, DEMO.org, csv(`agency,year,9,10\n${DEMO.org},2566,60,100\n`));
    expect(imported.written).toBe(true);
    expect(Object.keys((await getAnalysis(w.t.db, coordinator, DEMO)).stale)).toEqual(['OIT']);
    await resolveStale(w.t.db, coordinator, DEMO, 'OIT', 'confirm');

    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    const json = JSON.stringify({ ...year, scores: { ...year.scores, indicators: { ...year.scores.indicators, 9: 95 } } });
    const outcome = await importYearJson(w.t.db, { id: null, label: 'ผู้ทดสอบ' }, json);
    expect(outcome.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(Object.keys((await getAnalysis(w.t.db, coordinator, DEMO)).stale)).toEqual(['OIT']);
  });

  it('wordDiff splits Thai into words and marks what was inserted and deleted', () => {
    expect(wordDiff('ได้คะแนนเต็ม ๑๐๐ คะแนน', 'ได้ ๗๒.๘๙ คะแนน')).toEqual(
      expect.arrayContaining([
        { op: 'del', text: expect.stringContaining('๑๐๐') },
        { op: 'ins', text: expect.stringContaining('๗๒.๘๙') },
      ]),
    );
    expect(wordDiff('เหมือนกัน', 'เหมือนกัน')).toEqual([{ op: 'same', text: 'เหมือนกัน' }]);
  });

  it('a document with linter errors is approved only with a reason, which the audit log records', async () => {
    await setScores(w.t.db, coordinator, DEMO, { indicators: { 9: 72.89 } });
    const asked = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'analysis' });
    expect(asked.lintErrors.map((e) => e.code)).toContain('analysis-stale');
    const refused = await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect(refused).toMatchObject({ field: 'reason' });
    expect((refused as InputError).th).toMatch(/เหตุผล/);
    expect((refused as InputError).en).toMatch(/reason/);
    expect((await listApprovals(w.t.db, executive, DEMO)).find((s) => s.subject === 'analysis')!.pending).not.toBeNull();

    // Rejecting needs no such reason (its comment says why).
    const reason = 'ผลคะแนนจะแก้ไขในรายงานฉบับถัดไป';
    const approved = await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved', reason });
    expect(approved.approved).toMatchObject({ status: 'approved', overrideReason: reason });
    const audit = await w.t.db.query<{ after: { status: string; override_reason: string | null } }>(
      `SELECT after FROM audit_log WHERE entity = 'approvals' AND action = 'update' ORDER BY id`,
    );
    expect(audit.at(-1)?.after).toMatchObject({ status: 'approved', override_reason: reason });

    // A document without errors needs no reason.
    const otherCoordinator = principal('coordinator', w.other.orgId);
    const otherExecutive = principal('executive', w.other.orgId);
    const clean = await requestApproval(w.t.db, otherCoordinator, OTHER, { subject: 'analysis' });
    expect(clean.lintErrors).toEqual([]);
    const ok = await decideApproval(w.t.db, otherExecutive, OTHER, clean.pending!.id, { decision: 'approved' });
    expect(ok.approved).toMatchObject({ status: 'approved', overrideReason: null });
  });

  it('only an organisation administrator closes and reopens a year, with a reason; a closed year refuses every write', async () => {
    const [m1] = await listMeasures(w.t.db, coordinator, DEMO);
    const asked = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'measures-plan' });
    for (const p of [coordinator, executive, principal('auditor', w.demo.orgId), principal('org_admin', w.other.orgId)]) {
      await expect(setYearStatus(w.t.db, p, DEMO, 'closed', { reason: 'ปิดปี' })).rejects.toBeInstanceOf(Forbidden);
    }
    await expect(setYearStatus(w.t.db, orgAdmin, DEMO, 'closed', {}).catch(fieldOf)).resolves.toBe('reason');
    await expect(setYearStatus(w.t.db, orgAdmin, DEMO, 'closed', { reason: '   ' }).catch(fieldOf)).resolves.toBe('reason');
    expect((await yearStatus(w.t.db, coordinator, DEMO)).status).toBe('open');

    const closed = await setYearStatus(w.t.db, orgAdmin, DEMO, 'closed', { reason: 'ส่งรายงานแล้ว' });
    expect(closed).toMatchObject({ status: 'closed', reason: 'ส่งรายงานแล้ว', changedBy: 'ผู้ดูแลหน่วยงาน' });
    await expect(setYearStatus(w.t.db, orgAdmin, DEMO, 'closed', { reason: 'อีกครั้ง' }).catch(fieldOf)).resolves.toBe('status');

    const refused = async (what: string, run: () => Promise<unknown>) => {
      const e = await run().then(() => null, (error: unknown) => error);
      expect(e, what).toBeInstanceOf(InputError);
      expect((e as InputError).th, what).toMatch(/ปิดแล้ว/);
      expect((e as InputError).en, what).toMatch(/closed/);
    };
    await refused('scores', () => setScores(w.t.db, coordinator, DEMO, { indicators: { 1: 90 } }));
    await refused('analysis', () => updateAnalysis(w.t.db, coordinator, DEMO, { summary: 'สรุป' }));
    await refused('measures', () => createMeasure(w.t.db, coordinator, DEMO, { titleTh: 'ใหม่' }));
    await refused('measure edit', () => updateMeasure(w.t.db, coordinator, DEMO, m1!.id, { result: 'ผล' }, m1!.updatedAt));
    await refused('progress', () => addProgress(w.t.db, coordinator, DEMO, m1!.id, { date: '2022-11-01', month: '2022-10', done: 'ประชุม', status: 'on_track' }));
    await refused('approval request', () => requestApproval(w.t.db, coordinator, DEMO, { subject: 'analysis' }));
    await refused('approval decision', () => decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved', reason: 'ok' }));
    const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
    await refused('year JSON import', async () => {
      const outcome = await importYearJson(w.t.db, { id: null, label: 'ผู้ทดสอบ' }, JSON.stringify(year));
      const error = outcome.problems.find((p) => p.severity === 'error');
      if (error) throw new InputError('year', { code: 'test.problem', params: {}, th: error.th, en: error.en });
    });
    const scores = await importScores(w.t.db, coordinator, DEMO.org, csv(`agency,year,1\n${DEMO.org},2566,90\n`));
    expect(scores.written).toBe(false);
    expect(scores.problems.map((p) => p.en).join()).toMatch(/closed/);
    const audits = await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity IN ('measures', 'indicator_scores', 'analysis_texts', 'progress_entries')`);

    // Reading still works; the status change is in the audit log with its reason.
    expect((await getAnalysis(w.t.db, executive, DEMO)).written.tools.OIT).toBeTruthy();
    const log = await w.t.db.query<{ after: { status: string; status_reason: string } }>(`SELECT after FROM audit_log WHERE entity = 'fiscal_years' AND action = 'update' ORDER BY id`);
    expect(log.at(-1)?.after).toMatchObject({ status: 'closed', status_reason: 'ส่งรายงานแล้ว' });

    await expect(setYearStatus(w.t.db, coordinator, DEMO, 'open', { reason: 'แก้ไข' })).rejects.toBeInstanceOf(Forbidden);
    await expect(setYearStatus(w.t.db, orgAdmin, DEMO, 'open', { reason: '' }).catch(fieldOf)).resolves.toBe('reason');
    expect(await setYearStatus(w.t.db, orgAdmin, DEMO, 'open', { reason: 'พบข้อผิดพลาดในคะแนน' })).toMatchObject({ status: 'open', reason: 'พบข้อผิดพลาดในคะแนน' });
    expect((await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity IN ('measures', 'indicator_scores', 'analysis_texts', 'progress_entries')`))[0]!.n).toBe(audits[0]!.n);
    await setScores(w.t.db, coordinator, DEMO, { indicators: { 1: 90 } });
    await addProgress(w.t.db, coordinator, DEMO, m1!.id, { date: '2022-11-01', month: '2022-10', done: 'ประชุม', status: 'on_track' });
    expect((await loadYear(w.t.db, DEMO.org, DEMO.year)).scores.indicators['1']).toBe(90);
  });

  it('a closed year refuses new evidence', async () => {
    const [m1] = await listMeasures(w.t.db, coordinator, DEMO);
    const entry = await addProgress(w.t.db, coordinator, DEMO, m1!.id, { date: '2022-11-01', month: '2022-10', done: 'ประชุม', status: 'on_track' });
    await setYearStatus(w.t.db, orgAdmin, DEMO, 'closed', { reason: 'ปิดปี' });
    const e = await uploadEvidence(w.t.db, coordinator, DEMO, entry.id, { bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n'), filename: 'x.pdf' }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).en).toMatch(/closed/);
  });
});
