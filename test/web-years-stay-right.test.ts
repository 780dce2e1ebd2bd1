/**
 * Years that stay right, through the staff pages and the API: the stale mark, its difference and its two buttons
 * on the analysis page; the linter's errors and the reason beside the approve button; closing and reopening a
 * year from its status page (organisation administrator only, with a reason and a confirmation box).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEmail, signedInClient, startServer, type Client, type TestServer } from './web-support.ts';

const YEAR = '/staff/o/huai-thong/2566';
const API = '/api/v1/orgs/huai-thong/years/2566';

describe('years that stay right on the web', () => {
  let s: TestServer;
  let coordinator: Client;
  let executive: Client;
  let admin: Client;

  beforeAll(async () => {
    s = await startServer('pglite');
    coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    executive = await signedInClient(s.app, demoEmail('executive'));
    admin = await signedInClient(s.app, demoEmail('org_admin'));
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('marks a written text stale after a score change, shows the difference escaped, and settles it with a button', async () => {
    await coordinator.get(`${YEAR}/analysis`);
    expect((await coordinator.json('PATCH', `${API}/analysis`, { tools: { IIT: 'คะแนน <b>ตัวชี้วัดที่ ๑</b> ๙๐' } })).statusCode).toBe(200);
    expect((await coordinator.json('PATCH', `${API}/scores`, { indicators: { 9: '72.89' } })).statusCode).toBeLessThan(300);
    const api = (await coordinator.json('GET', `${API}/analysis`)).json() as { stale: Record<string, { textDiff: unknown[] }> };
    expect(Object.keys(api.stale)).toContain('OIT');

    const page = await coordinator.get(`${YEAR}/analysis`);
    expect(page.body).toContain('ไม่เป็นปัจจุบัน');
    expect(page.body).toMatch(/<del>[^<]*๑๐๐[^<]*<\/del>/);
    expect(page.body).toMatch(/<ins>[^<]*๗๒\.๘๙[^<]*<\/ins>/);
    expect(page.body).toMatch(/value="take-new"[^>]*>ใช้ข้อความใหม่</);
    expect(page.body).toMatch(/value="confirm"[^>]*>ยืนยันข้อความเดิม</);
    expect(page.body).not.toContain('<b>ตัวชี้วัดที่ ๑</b>');

    const lint = (await coordinator.json('GET', `${API}/documents/lint`)).json() as { problems: { code: string; where: string }[] };
    expect(lint.problems).toContainEqual(expect.objectContaining({ code: 'analysis-stale', where: 'analysis.tools.OIT' }));

    // The executive reads it but has no buttons, and may not press them.
    const read = await executive.get(`${YEAR}/analysis`);
    expect(read.body).toContain('ไม่เป็นปัจจุบัน');
    expect(read.body).not.toContain('value="take-new"');
    expect((await executive.post(`${YEAR}/analysis/OIT/stale`, { choice: 'confirm' })).statusCode).toBe(403);

    await coordinator.get(`${YEAR}/analysis`);
    expect((await coordinator.post(`${YEAR}/analysis/OIT/stale`, { choice: 'nonsense' })).statusCode).toBe(400);
    expect((await coordinator.post(`${YEAR}/analysis/OIT/stale`, { choice: 'confirm' })).statusCode).toBe(303);
    expect((await coordinator.get(`${YEAR}/analysis`)).body).not.toContain('ไม่เป็นปัจจุบัน');
  });

  it('shows the linter’s errors beside the approve button and refuses to approve without a reason', async () => {
    await coordinator.get(`${YEAR}/approvals`);
    expect((await coordinator.post(`${YEAR}/approvals`, { subject: 'analysis' })).statusCode).toBe(303);
    const page = await executive.get(`${YEAR}/approvals`);
    expect(page.body).toContain('ระบบตรวจพบข้อผิดพลาดในเอกสารนี้');
    expect(page.body).toContain('name="reason"');
    const id = /\/approvals\/([0-9a-f-]{36})\/decide/.exec(page.body)![1]!;
    const refused = await executive.post(`${YEAR}/approvals/${id}/decide`, { decision: 'approved' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('การอนุมัติต้องระบุเหตุผล');
    const viaApi = await executive.json('POST', `${API}/approvals/${id}/decision`, { decision: 'approved' });
    expect(viaApi.statusCode).toBe(400);
    expect(viaApi.json().error).toMatchObject({ field: 'reason' });
    expect(viaApi.json().error.en).toMatch(/reason/);
    expect((await executive.post(`${YEAR}/approvals/${id}/decide`, { decision: 'approved', reason: 'รายงานตามข้อมูลจริงของหน่วยงาน' })).statusCode).toBe(303);
    const after = await executive.get(`${YEAR}/approvals`);
    expect(after.body).toContain('อนุมัติทั้งที่มีข้อผิดพลาด เหตุผล: รายงานตามข้อมูลจริงของหน่วยงาน');
  });

  it('closes and reopens the year from its status page: org admin only, with a reason and the confirmation box', async () => {
    const coordinatorView = await coordinator.get(`${YEAR}/status`);
    expect(coordinatorView.statusCode).toBe(200);
    expect(coordinatorView.body).not.toContain(`action="${YEAR}/close"`);
    expect((await coordinator.post(`${YEAR}/close`, { reason: 'x', confirm: 'yes' })).statusCode).toBe(403);
    expect((await coordinator.json('POST', `${API}/close`, { reason: 'x' })).statusCode).toBe(403);

    const page = await admin.get(`${YEAR}/status`);
    expect(page.body).toContain(`action="${YEAR}/close"`);
    const unconfirmed = await admin.post(`${YEAR}/close`, { reason: 'ส่งรายงานแล้ว' });
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain('โปรดทำเครื่องหมายยืนยันก่อน');
    expect((await admin.post(`${YEAR}/close`, { reason: '', confirm: 'yes' })).statusCode).toBe(400);
    expect((await admin.post(`${YEAR}/close`, { reason: 'ส่งรายงานแล้ว', confirm: 'yes' })).statusCode).toBe(303);

    const closed = await admin.get(`${YEAR}/status`);
    expect(closed.body).toContain('ปีนี้ปิดแล้ว');
    expect(closed.body).toContain('ส่งรายงานแล้ว');
    const write = await coordinator.json('PATCH', `${API}/scores`, { indicators: { 1: 90 } });
    expect(write.statusCode).toBe(400);
    expect(write.json().error.th).toMatch(/ปิดแล้ว/);
    expect(write.json().error.en).toMatch(/closed/);
    expect((await coordinator.get(`${YEAR}/analysis`)).body).not.toContain('name="intro"');

    await admin.get(`${YEAR}/status`);
    const reopened = await admin.json('POST', `${API}/reopen`, { reason: 'พบคะแนนผิด' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'open', reason: 'พบคะแนนผิด' });
    expect((await coordinator.json('PATCH', `${API}/scores`, { indicators: { 1: 90 } })).statusCode).toBe(200);
  });
});
