/**
 * The demo as a new user meets it over HTTP, on a fresh database set up as `prongsai serve` does on its first
 * start (ensureDemo, then completeDemo): the FY 2566 ITA page answers 200 with the approved documents under their
 * OIT items, the complaint API takes a complaint as its contract says, and no public page carries staff set-up
 * text or links. The executive's approval on the staff page publishes the OIT item that is the approved document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import { requestApproval } from '../src/approvals/approvals.ts';
import { completeDemo } from '../src/demo/demo-setup.ts';
import { DocumentBrowser } from '../src/documents/core/index.ts';
import { backends } from './helpers/db.ts';
import { signedInClient, startServer, type TestServer } from './web-support.ts';

describe.each(backends())('the demo over HTTP (%s)', (backend) => {
  let s: TestServer;
  const browser = new DocumentBrowser();
  beforeAll(async () => {
    s = await startServer(backend);
    const demo = await completeDemo(s.t.db, { now: s.clock.now, browser, kdfCost: { m: 1024, t: 1, p: 1 } });
    expect(demo.publishProblem).toBeNull();
  }, 300_000);
  afterAll(async () => {
    await browser.close();
    await s.close();
  });

  it('shows FY 2566 by OIT item, with the approved documents', async () => {
    const page = await s.app.inject({ method: 'GET', url: '/o/huai-thong/ita/2566' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/o/huai-thong/ita/2566/O42');
    expect(page.body).toContain('/o/huai-thong/ita/2566/O43');
    const pdf = /href="(\/o\/huai-thong\/ita\/2566\/O42\/v1\/documents\/[^"]+)"/.exec(page.body)?.[1];
    expect(pdf).toBeDefined();
    expect((await s.app.inject({ method: 'GET', url: pdf! })).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/o/huai-thong/ita/2566/O42' })).statusCode).toBe(200);
  });

  it('takes a complaint through the API as its contract says', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/o/huai-thong/complaints',
      payload: { channel: 'public', type: 'service', text: 'ถนนหน้าหมู่ ๓ ชำรุดเป็นหลุมลึก ขอให้ซ่อมแซม' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ receipt: string; receivedOn: string; ackDue: string; status: string }>();
    expect(body.status).toBe('received');
    expect(body.receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    const status = await s.app.inject({ method: 'GET', url: '/api/complaints/status', headers: { 'x-receipt-code': body.receipt } });
    expect(status.statusCode).toBe(200);
    // The form says the channel is open (no "not taking complaints" notice).
    const form = await s.app.inject({ method: 'GET', url: '/o/huai-thong/complaints' });
    expect(form.body).not.toContain('ยังไม่เปิดรับเรื่อง');
    expect(form.body).toContain('<form');
  });

  it('publishes the measures item when the executive approves its documents on the approvals page', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/o/huai-thong/ita/2570' })).statusCode).toBe(404);
    const coordinator = (await signIn(s.t.db, 'coordinator@huai-thong.demo', DEMO_PASSWORD, s.clock.now)).account.principal;
    const ref = { org: 'huai-thong', year: 2570 };
    const ids = [];
    for (const subject of ['measures-plan', 'analysis'] as const) ids.push((await requestApproval(s.t.db, coordinator, ref, { subject })).pending!.id);
    const executive = await signedInClient(s.app, 'executive@huai-thong.demo');
    for (const id of ids) {
      const res = await executive.post(`/staff/o/huai-thong/2570/approvals/${id}/decide`, { decision: 'approved', reason: 'ข้อมูลตัวอย่าง' });
      expect(res.statusCode).toBe(303);
    }
    // The portal trusts its cached state for a second (src/portal/cache.ts): the test's clock moves past it.
    s.clock.now = new Date(s.clock.now.getTime() + 5_000);
    const page = await s.app.inject({ method: 'GET', url: '/o/huai-thong/ita/2570' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/href="\/o\/huai-thong\/ita\/2570\/O25\/v1\/documents\/[^"]+"/);
  }, 300_000);

  it('shows no staff set-up text or link on public pages', async () => {
    for (const url of ['/o/huai-thong/', '/o/huai-thong/ita/2566', '/o/huai-thong/ita/2566/O42', '/o/huai-thong/documents', '/o/huai-thong/complaints']) {
      const res = await s.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(/\/staff\b|\/setup\b|ตั้งค่า|เมนูปี|year menu/);
    }
  });
});
