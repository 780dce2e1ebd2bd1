/**
 * An executive-approved document on the portal without preparing it a second time (src/portal/publications-approved.ts):
 * the measures item O42 (FY 2566: the measures plan and the analysis) is published once both are approved, as
 * prepared by whoever asked and approved by the executive; nothing new is published twice; a change to the data
 * waits for a new approval, then makes a new version; an item staff are preparing is left to them; only an
 * approver may do it.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateAnalysis } from '../src/years/analysis.ts';
import { decideApproval, requestApproval } from '../src/approvals/approvals.ts';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import type { ApprovalSubject } from '../src/model/year.ts';
import { decideAndPublish, publishApproved } from '../src/portal/publications-approved.ts';
import { latestOf, loadPortal, portalOrg } from '../src/portal/publications-public.ts';
import { discardDraft, saveDraft, type SlotRef } from '../src/portal/publications.ts';
import { DocumentBrowser } from '../src/documents/core/index.ts';
import { DEMO, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';

const browser = new DocumentBrowser();
afterAll(async () => {
  await browser.close();
});

const T0 = new Date('2023-03-15T03:00:00.000Z');
const O42: SlotRef = { org: DEMO.org, slot: { kind: 'oit', year: DEMO.year, code: 'O42' } };

describe.each(backends())('publishing approved documents (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let executive: Principal;
  const publish = (who: Principal = executive, now = T0) => publishApproved(w.t.db, who, DEMO, { now, browser });
  const approve = async (subject: ApprovalSubject) => {
    const asked = await requestApproval(w.t.db, coordinator, DEMO, { subject });
    await decideApproval(w.t.db, executive, DEMO, asked.pending!.id, { decision: 'approved', reason: 'ทดสอบ' });
  };
  const publicO42 = async (now: Date) => {
    const { org } = await portalOrg(w.t.db, DEMO.org, now);
    return latestOf(await loadPortal(w.t.db, org, now), O42.slot);
  };

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'นางสาวประสาน งานดี');
    executive = principal('executive', w.demo.orgId, null, 'นายกผู้อนุมัติ');
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  it('publishes the measures item once its plan and analysis are approved, prepared by who asked and approved by the executive', async () => {
    expect(await publish()).toEqual([]);
    await approve('measures-plan');
    expect(await publish()).toEqual([]); // the analysis is not approved yet
    expect(await publicO42(T0)).toBeNull();
    await approve('analysis');
    // Only the executive (publication.approve) publishes: the coordinator is refused, and nothing is written.
    await expect(publish(coordinator)).rejects.toBeInstanceOf(Forbidden);
    expect(await publish()).toEqual([{ code: 'O42', version: 1, titleTh: expect.stringContaining('มาตรการส่งเสริมคุณธรรม') }]);

    const shown = await publicO42(T0);
    expect(shown?.state).toBe('public');
    expect(shown?.preparerIds).toEqual([coordinator.personId]);
    expect(shown?.submittedBy).toBe(coordinator.nameTh);
    expect(shown?.decidedBy).toBe(executive.nameTh);
    const docs = shown!.files.filter((f) => f.role === 'document').map((f) => `${f.docKind}.${f.docFormat}`);
    expect(docs.sort()).toEqual(['analysis.docx', 'analysis.html', 'analysis.pdf', 'measures-plan.docx', 'measures-plan.html', 'measures-plan.pdf']);

    // Nothing new: nothing published again.
    expect(await publish()).toEqual([]);
  });

  it('publishes with the approval itself when the executive decides (decideAndPublish)', async () => {
    const plan = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'measures-plan' });
    const analysis = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'analysis' });
    const first = await decideAndPublish(w.t.db, executive, DEMO, plan.pending!.id, { decision: 'approved', reason: 'ทดสอบ' }, { now: T0, browser });
    expect(first.state.upToDate).toBe(true);
    expect(first.published).toEqual([]);
    const rejected = await decideAndPublish(w.t.db, executive, DEMO, analysis.pending!.id, { decision: 'rejected', comment: 'แก้บทสรุป' }, { now: T0, browser });
    expect(rejected.published).toEqual([]);
    const again = await requestApproval(w.t.db, coordinator, DEMO, { subject: 'analysis' });
    const second = await decideAndPublish(w.t.db, executive, DEMO, again.pending!.id, { decision: 'approved', reason: 'ทดสอบ' }, { now: T0, browser });
    expect(second.published.map((p) => p.code)).toEqual(['O42']);
    expect(second.publishProblem).toBeNull();
    expect((await publicO42(T0))?.decidedBy).toBe(executive.nameTh);
  });

  it('waits for a new approval after a change, then publishes a new version; leaves an item staff are preparing to them', async () => {
    await approve('measures-plan');
    await approve('analysis');
    await saveDraft(w.t.db, coordinator, O42, { text: 'กำลังเตรียม' }, T0);
    expect(await publish()).toEqual([]);
    await discardDraft(w.t.db, coordinator, O42);
    expect((await publish()).map((p) => p.version)).toEqual([1]);

    await updateAnalysis(w.t.db, coordinator, DEMO, { summary: 'สรุปผลการวิเคราะห์ฉบับปรับปรุง' });
    expect(await publish()).toEqual([]); // the analysis (which the plan shows too) changed since they were approved
    await approve('analysis');
    expect(await publish()).toEqual([]);
    await approve('measures-plan');
    const later = new Date(T0.getTime() + 3_600_000);
    expect((await publish(executive, later)).map((p) => [p.code, p.version])).toEqual([['O42', 2]]);
    expect((await publicO42(later))?.version).toBe(2);
  });
});
