/**
 * Issue 16, point 7 (first half): deleting asks for confirmation (a page, no JavaScript) and says "ลบแล้ว";
 * progress on a measure not yet started starts it, and the month list stays on the month just saved; the audit
 * log reads in Thai (labelled fields, no table names, ids or JSON); one inbox per person with the executive's
 * "รออนุมัติ" (documents and portal items), its unread count on the dashboard, own items only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import { decideApproval, listApprovals } from '../src/approvals/approvals.ts';
import type { Principal } from '../src/app/authz.ts';
import { NotFound } from '../src/app/errors.ts';
import { listInbox, markRead, unreadCount } from '../src/inbox/service.ts';
import { createMeasure, getMeasure, listMeasures, updateMeasure } from '../src/measures/measures.ts';
import { addProgress } from '../src/measures/progress.ts';
import { approveVersion, saveDraft, submitVersion, type SlotRef } from '../src/portal/publications.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const SLUG = 'huai-thong';
const YEAR = 2566;
const Y = `/staff/o/${SLUG}/${YEAR}`;
const ref = { org: SLUG, year: YEAR };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('the rough edges of everyday use', () => {
  let s: TestServer;
  let coordinator: Client;
  let executive: Client;
  const as = async (role: 'coordinator' | 'executive' | 'auditor' | 'org_admin'): Promise<Principal> => (await signIn(s.t.db, demoEmail(role), DEMO_PASSWORD, new Date())).account.principal;

  beforeAll(async () => {
    s = await startServer('pglite');
    coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    executive = await signedInClient(s.app, demoEmail('executive'));
  }, 180_000);
  afterAll(async () => s?.close());

  const newMeasure = async (titleTh: string) =>
    createMeasure(s.t.db, await as('coordinator'), ref, { titleTh, indicators: [1], methods: ['ประชุมชี้แจง'], status: 'planned', expectedOutcome: 'บุคลากรเข้าใจ' });

  it('asks before deleting a measure, deletes it only when confirmed, and says ลบแล้ว', async () => {
    const measure = await newMeasure('มาตรการที่จะลบ');
    await coordinator.get(`${Y}/measures/${measure.id}`);
    const asked = await coordinator.post(`${Y}/measures/${measure.id}/delete`, { updatedAt: measure.updatedAt });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('ยืนยันการลบ');
    expect(asked.body).toContain('มาตรการที่จะลบ');
    expect(asked.body).toContain('name="confirm" value="yes"');
    expect(asked.body).toContain(`href="${Y}/measures/${measure.id}"`); // cancel: back, nothing changed
    expect((await listMeasures(s.t.db, await as('coordinator'), ref)).some((m) => m.id === measure.id)).toBe(true);

    const done = await coordinator.post(`${Y}/measures/${measure.id}/delete`, { updatedAt: measure.updatedAt, confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect((await listMeasures(s.t.db, await as('coordinator'), ref)).some((m) => m.id === measure.id)).toBe(false);
    const list = await coordinator.get(done.headers.location as string);
    expect(list.body).toContain('ลบแล้ว');
    expect(list.body).not.toContain('บันทึกแล้ว');
  });

  it('asks before deleting a progress entry too', async () => {
    const measure = await newMeasure('มาตรการมีความก้าวหน้าที่จะลบ');
    const entry = await addProgress(s.t.db, await as('coordinator'), ref, measure.id, { month: '2023-01', done: 'ประชุมแล้ว', status: 'on_track' });
    await coordinator.get(`${Y}/measures/${measure.id}`);
    const asked = await coordinator.post(`${Y}/progress/${entry.id}/delete`, { updatedAt: entry.updatedAt });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('ยืนยันการลบ');
    expect((await getMeasure(s.t.db, await as('coordinator'), ref, measure.id)).progress).toHaveLength(1);
    const done = await coordinator.post(`${Y}/progress/${entry.id}/delete`, { updatedAt: entry.updatedAt, confirm: 'yes' });
    expect(done.statusCode).toBe(303);
    expect((await getMeasure(s.t.db, await as('coordinator'), ref, measure.id)).progress).toHaveLength(0);
    const page = await coordinator.get(done.headers.location as string);
    expect(page.body).toContain('ลบแล้ว');
  });

  it('starts a measure not yet started when progress is reported, and keeps the month just saved', async () => {
    const measure = await newMeasure('มาตรการยังไม่เริ่ม');
    expect(measure.status).toBe('planned');
    await coordinator.get(`${Y}/measures/${measure.id}`);
    const saved = await coordinator.postFiles(`${Y}/measures/${measure.id}/progress`, { month: '2023-02', done: 'จัดประชุมชี้แจง', status: 'on_track', outcome: '' }, []);
    expect(saved.statusCode).toBe(303);
    const after = await getMeasure(s.t.db, await as('coordinator'), ref, measure.id);
    expect(after.status).toBe('in_progress');
    const page = await coordinator.get(saved.headers.location as string);
    expect(page.body).toContain('กำลังดำเนินการ');
    expect(page.body).toMatch(/<option value="2023-02" selected/);
    // A measure done stays done (only "not started" moves).
    const doneMeasure = await createMeasure(s.t.db, await as('coordinator'), ref, { titleTh: 'มาตรการเสร็จแล้ว', indicators: [1], status: 'done' });
    await addProgress(s.t.db, await as('coordinator'), ref, doneMeasure.id, { month: '2023-03', done: 'สรุปผล', status: 'on_track' });
    expect((await getMeasure(s.t.db, await as('coordinator'), ref, doneMeasure.id)).status).toBe('done');
  });

  it('shows the audit log in Thai: labelled fields, before and after, no table names, ids or JSON', async () => {
    const measure = await newMeasure('มาตรการตรวจบันทึก');
    await updateMeasure(s.t.db, await as('coordinator'), ref, measure.id, { expectedOutcome: 'บุคลากรทุกคนเข้าใจและปฏิบัติได้' }, measure.updatedAt);
    const admin = await signedInClient(s.app, demoEmail('org_admin'));
    const page = await admin.get(`/staff/o/${SLUG}/audit?entity=measures`);
    expect(page.statusCode).toBe(200);
    const table = page.body.slice(page.body.indexOf('<table'), page.body.indexOf('</table>'));
    expect(table).toContain('ผลที่คาดว่าจะได้รับ</strong>: เดิม บุคลากรเข้าใจ → ใหม่ บุคลากรทุกคนเข้าใจและปฏิบัติได้');
    expect(table).toContain('มาตรการตรวจบันทึก'); // the record by its name
    expect(table).not.toMatch(UUID);
    expect(table).not.toMatch(/\bmeasures\b|expected_outcome|updated_at|[{[]"/);
    // Dates read in the Buddhist era, not ISO; a new record lists what it holds, not its empty fields.
    const created = await admin.get(`/staff/o/${SLUG}/audit?entity=measures&action=insert`);
    const rows = created.body.slice(created.body.indexOf('<table'), created.body.indexOf('</table>'));
    expect(rows).toContain('ชื่อมาตรการ</strong>: มาตรการตรวจบันทึก');
    expect(rows).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(rows).not.toContain('(ว่าง)');
    // The ids and JSON stay in the CSV export.
    const csv = await admin.get(`/staff/o/${SLUG}/audit.csv?entity=measures`);
    expect(csv.body).toContain('expected_outcome');
    expect(csv.body).toMatch(UUID);
  });

  it('puts a document waiting for approval in the executive’s inbox, counted on the dashboard, done when decided', async () => {
    const exec = await as('executive');
    const before = await unreadCount(s.t.db, exec);
    await coordinator.get(`${Y}/approvals`);
    const asked = await coordinator.post(`${Y}/approvals`, { subject: 'measures-plan', comment: 'ขออนุมัติ' });
    expect(asked.statusCode).toBe(303);
    const item = (await listInbox(s.t.db, exec)).find((i) => i.doneAt === null && i.kind === 'approval');
    expect(item?.titleTh).toContain('รออนุมัติ');
    expect(item?.link).toBe(`${Y}/approvals`);
    expect(await unreadCount(s.t.db, exec)).toBe(before + 1);
    // Not in the inbox of whoever asked, nor of the auditor (they cannot decide).
    expect((await listInbox(s.t.db, await as('coordinator'))).some((i) => i.id === item!.id)).toBe(false);
    expect((await listInbox(s.t.db, await as('auditor'))).some((i) => i.id === item!.id)).toBe(false);

    const dashboard = await executive.get(Y);
    expect(dashboard.body).toContain('href="/staff/inbox"');
    expect(dashboard.body).toContain(`ยังไม่อ่าน ${before + 1} รายการ`);
    const inbox = await executive.get('/staff/inbox');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain(item!.titleTh);
    expect(inbox.body).toContain('ยังไม่อ่าน');

    // Opening marks it read and goes to the approvals page.
    const opened = await executive.post(`/staff/inbox/${item!.id}/open`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`${Y}/approvals`);
    expect((await listInbox(s.t.db, exec)).find((i) => i.id === item!.id)?.readAt).not.toBeNull();
    expect(await unreadCount(s.t.db, exec)).toBe(before);
    // Unread again, then read with the button.
    expect((await executive.post(`/staff/inbox/${item!.id}/read`, { read: 'no' })).statusCode).toBe(303);
    expect((await listInbox(s.t.db, exec)).find((i) => i.id === item!.id)?.readAt).toBeNull();
    expect((await executive.post(`/staff/inbox/${item!.id}/read`, { read: 'yes' })).statusCode).toBe(303);

    // Someone else's item is not found, and changes nothing.
    await expect(markRead(s.t.db, await as('coordinator'), item!.id)).rejects.toBeInstanceOf(NotFound);
    const other = await signedInClient(s.app, demoEmail('auditor'));
    expect((await other.post(`/staff/inbox/${item!.id}/read`, { read: 'no' })).statusCode).toBe(404);
    expect((await listInbox(s.t.db, exec)).find((i) => i.id === item!.id)?.readAt).not.toBeNull();

    // Decided: done for everyone, listed under "ดำเนินการแล้ว".
    const pending = (await listApprovals(s.t.db, exec, ref)).find((a) => a.subject === 'measures-plan')!.pending!;
    await decideApproval(s.t.db, exec, ref, pending.id, { decision: 'approved', comment: 'อนุมัติ', reason: 'ทดสอบ' });
    expect((await listInbox(s.t.db, exec)).find((i) => i.id === item!.id)?.doneAt).not.toBeNull();
    const after = await executive.get('/staff/inbox');
    expect(after.body.indexOf(item!.titleTh)).toBeGreaterThan(after.body.indexOf('ดำเนินการแล้ว'));
  });

  it('puts a portal item waiting for approval in the inbox, done when approved', async () => {
    const exec = await as('executive');
    const slot: SlotRef = { org: SLUG, slot: { kind: 'oit', year: YEAR, code: 'O1' } };
    const now = new Date();
    await saveDraft(s.t.db, await as('coordinator'), slot, { text: 'โครงสร้างหน่วยงาน ฉบับใหม่' }, now);
    const submitted = await submitVersion(s.t.db, await as('coordinator'), slot, { now });
    const item = (await listInbox(s.t.db, exec)).find((i) => i.kind === 'publication' && i.doneAt === null);
    expect(item?.titleTh).toContain('รออนุมัติเผยแพร่');
    expect(item?.link).toBe(`${Y}/portal`);
    await approveVersion(s.t.db, exec, slot, submitted.version, null, now);
    expect((await listInbox(s.t.db, exec)).find((i) => i.id === item!.id)?.doneAt).not.toBeNull();
  }, 120_000);
});
