/**
 * The OIT pre-audit's pages and API (issue 21, wave 2): "check this item" and "check all now" on the staff page
 * against a local fixture site, the result per item (outcome as text, reasons, each URL's status), the estimate
 * marked as such, the calendar note, the item's history, the API (run, results, history), and who may do what:
 * readers read but cannot check, another organisation's coordinator is refused, a form without its CSRF token too.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createPerson, setPasswordWithLink } from '../src/accounts/accounts.ts';
import { yearInputSchema } from '../src/model/year.ts';
import { saveYear } from '../src/years/years.ts';
import { backends } from './helpers/db.ts';
import { demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

const PAGE = '/staff/o/huai-thong/2566/oit-check';
const API = '/api/v1/orgs/huai-thong/years/2566/oit-check';
const ORG = 'องค์การบริหารส่วนตำบลห้วยทอง';

/** An อปท.-style CMS: a structure page naming the organisation and the year, and a page that is gone. */
function fixtureSite(): Server {
  return createServer((req, res) => {
    if (req.url === '/structure') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html><head><title>โครงสร้างองค์กร</title></head><body><h1>โครงสร้าง${ORG} ประจำปีงบประมาณ พ.ศ. 2566</h1>` +
          '<p>โครงสร้างฝ่ายการเมือง นายกองค์การบริหารส่วนตำบล รองนายก สภาองค์การบริหารส่วนตำบล</p><p>โครงสร้างฝ่ายประจำ ปลัด สำนักปลัด กองคลัง กองช่าง</p>' +
          '<p>หน้าที่และอำนาจ ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล</p></body></html>',
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<h1>ไม่พบหน้า</h1>');
  });
}

let site: Server;
let base = '';
const saved = process.env.PRONGSAI_OIT_ALLOW_HOSTS;
beforeAll(async () => {
  site = fixtureSite();
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  // Read by policyFromEnv when the routes are registered (startServer, below).
  process.env.PRONGSAI_OIT_ALLOW_HOSTS = base.slice('http://'.length);
});
afterAll(async () => {
  if (saved === undefined) delete process.env.PRONGSAI_OIT_ALLOW_HOSTS;
  else process.env.PRONGSAI_OIT_ALLOW_HOSTS = saved;
  await new Promise<void>((done) => site.close(() => done()));
});

describe.each(backends())('the pre-audit pages and API (%s)', (backend) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startServer(backend);
  });
  afterEach(async () => {
    await s.close();
  });

  it('checks one item from the page, shows its outcome, reasons and URL statuses, and keeps its history', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    const before = await c.get(PAGE);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('ยังไม่ได้ตรวจ');
    expect(before.body).toContain('ประมาณการ (ไม่ใช่คะแนนจริง)');
    expect(before.body).toContain('ตรวจทั้งหมดเดี๋ยวนี้');
    expect(before.body).toContain(`action="${PAGE}/run"`);
    // The calendar has no OIT dates: no weekly check, and a link to the calendar.
    expect(before.body).toContain('ยังไม่มีการตรวจรายสัปดาห์');
    expect(before.body).toContain('href="/staff/o/huai-thong/2566/calendar"');

    expect((await c.post(`${PAGE}/O1`, { urls: `${base}/gone`, explanation: '' })).statusCode).toBe(303);
    const run = await c.post(`${PAGE}/run`, { item: 'o1' });
    expect(run.statusCode).toBe(303);
    expect(run.headers.location).toBe(`${PAGE}?checked=O1#item-O1`);
    const failed = await c.get(run.headers.location as string);
    expect(failed.body).toContain('ตรวจข้อ O1 แล้ว: ไม่ผ่าน');
    expect(failed.body).toContain('<span class="badge bad">ไม่ผ่าน</span>');
    expect(failed.body).toContain('ลิงก์ตอบกลับ 404');
    expect(failed.body).toContain('HTTP 404');
    expect(failed.body).toContain('ตรวจล่าสุด');
    expect(failed.body).toContain(`href="${PAGE}/O1"`);
    const rows = await s.t.db.query<{ item_code: string; status: string; trigger: string }>('SELECT item_code, status, trigger FROM oit_checks');
    expect(rows).toEqual([{ item_code: 'O1', status: 'fail', trigger: 'now' }]);

    // Fixed: the structure page is read (status 200) and the 404 reason is gone.
    await c.post(`${PAGE}/O1`, { urls: `${base}/structure`, explanation: 'โครงสร้าง' });
    s.clock.now = new Date(s.clock.now.getTime() + 60_000);
    await c.post(`${PAGE}/run`, { item: 'O1' });
    const fixed = await c.get(`${PAGE}?checked=O1`);
    expect(fixed.body).toContain('HTTP 200');
    expect(fixed.body).toContain('ตรวจข้อ O1 แล้ว: ผ่าน');
    expect(fixed.body).toContain('<span class="badge ok">ผ่าน</span>');
    expect(fixed.body).not.toContain('ลิงก์ตอบกลับ 404');

    const history = await c.get(`${PAGE}/O1`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('ประวัติการตรวจข้อ O1');
    expect(history.body).toMatch(/ผ่าน ตั้งแต่ [^<]+ \(ตรวจล่าสุด /);
    expect(history.body).toMatch(/ไม่ผ่าน ตั้งแต่ [^<]+ ถึง /);
    expect(history.body).toContain('ลิงก์ตอบกลับ 404');
    expect(history.body).toContain('ตรวจเดี๋ยวนี้');
    expect((await c.get(`${PAGE}/O99`)).statusCode).toBe(404);

    // English UI: the same result in English.
    await c.post('/lang', { lang: 'en', back: `${PAGE}/O1` });
    const en = await c.get(`${PAGE}/O1`);
    expect(en.body).toContain('Check history of O1');
    expect(en.body).toMatch(/Fail from .+ to /);
    expect(en.body).toContain('the link answered 404');
  });

  it('checks every item at once: unanswered items fail, the flash counts the outcomes', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    await c.get(PAGE);
    await c.post(`${PAGE}/O2`, { urls: `${base}/gone`, explanation: '' });
    const run = await c.post(`${PAGE}/run`, {});
    expect(run.statusCode).toBe(303);
    expect(run.headers.location).toBe(`${PAGE}?checked=all`);
    const page = await c.get(run.headers.location as string);
    expect(page.body).toMatch(/ตรวจทั้งหมดแล้ว: ผ่าน \d+ ข้อ ตรวจด้วยตนเอง \d+ ข้อ ไม่ผ่าน \d+ ข้อ/);
    expect(page.body).not.toContain('ยังไม่ได้ตรวจ');
    const { count } = (await s.t.db.query<{ count: number }>('SELECT count(*)::int AS count FROM oit_checks'))[0] as { count: number };
    const results = (await c.get(API)).json() as { items: { code: string; result: { status: string } | null }[] };
    expect(count).toBe(results.items.length);
    expect(results.items.find((i) => i.code === 'O2')?.result?.status).toBe('fail');
  });

  it('runs, reads and lists the history through the API with Thai and English errors', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    await c.json('PUT', '/api/v1/orgs/huai-thong/years/2566/oit-answers/O1', { urls: [`${base}/gone`] });
    const run = await c.json('POST', API, { item: 'O1' });
    expect(run.statusCode).toBe(200);
    const body = run.json() as { recorded: boolean; items: { item: string; status: string; urls: { url: string; status: number | null; reason: { th: string; en: string } | null }[] }[]; estimate: { estimate: boolean } };
    expect(body.recorded).toBe(true);
    expect(body.estimate.estimate).toBe(true);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ item: 'O1', status: 'fail', urls: [{ url: `${base}/gone`, status: 404, reason: { th: 'ลิงก์ตอบกลับ 404', en: 'the link answered 404' } }] });

    const results = (await c.get(API)).json() as { items: { code: string; result: { status: string } | null }[]; estimate: { noteTh: string }; notes: unknown[] };
    expect(results.items.find((i) => i.code === 'O1')?.result?.status).toBe('fail');
    expect(results.items.find((i) => i.code === 'O2')?.result).toBeNull();
    expect(results.estimate.noteTh).not.toBe('');

    const history = (await c.get(`${API}/O1/history`)).json() as { code: string; stretches: { status: string; trigger: string }[] };
    expect(history).toMatchObject({ code: 'O1', stretches: [{ status: 'fail', trigger: 'now' }] });

    const unknown = await c.json('POST', API, { item: 'O99' });
    expect(unknown.statusCode).toBe(404);
    const error = (unknown.json() as { error: { th: string; en: string } }).error;
    expect(error.th).not.toBe(error.en);
    expect((await c.get(`${API}/O99/history`)).statusCode).toBe(404);
  });

  it('lets readers read but not check, refuses another organisation and a form without its CSRF token', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    await c.get(PAGE);
    expect((await c.post(`${PAGE}/run`, { item: 'O1' }, false)).statusCode).toBe(403);
    expect((await c.request({ method: 'POST', url: API, payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(403);
    expect(await s.t.db.query('SELECT 1 FROM oit_checks')).toHaveLength(0);

    for (const role of ['auditor', 'executive'] as const) {
      const r = await sessionClient(s.app, s.t, demoEmail(role), s.clock.now);
      const page = await r.get(PAGE);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain(`action="${PAGE}/run"`);
      expect(page.body).not.toContain('ยังไม่มีการตรวจรายสัปดาห์');
      expect((await r.get(API)).statusCode).toBe(200);
      expect((await r.get(`${PAGE}/O1`)).statusCode).toBe(200);
      expect((await r.post(`${PAGE}/run`, { item: 'O1' })).statusCode).toBe(403);
      expect((await r.json('POST', API, {})).statusCode).toBe(403);
    }

    // Another organisation's coordinator: neither reads nor checks this one (supervisors: test/web-routes.test.ts).
    const root = await completeAdminSetup(s.t.db, (await adminSetupLink(s.t.db))!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: 'a-long-test-password-1' });
    await saveYear(s.t.db, { id: null, label: 'test' }, yearInputSchema.parse({ organisation: { slug: 'na-kham-oit', nameTh: 'เทศบาลตำบลนาคำ', kind: 'municipality' }, year: 2566, criteriaYear: 2566, scores: { indicators: { 1: 90 } } }));
    const orgB = (await s.t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'na-kham-oit'`))[0]!.id;
    const made = await createPerson(s.t.db, root.account.principal, orgB, { nameTh: 'ผู้ประสานงานนาคำ', email: 'coord@na-kham-oit.example', roles: [{ role: 'coordinator' }] });
    await setPasswordWithLink(s.t.db, made.link, 'a-long-test-password-1');
    const other = await sessionClient(s.app, s.t, 'coord@na-kham-oit.example', s.clock.now, 'a-long-test-password-1');
    expect((await other.get(PAGE)).statusCode).toBe(403);
    expect((await other.get(API)).statusCode).toBe(403);
    expect((await other.get(`${API}/O1/history`)).statusCode).toBe(403);
    expect((await other.post(`${PAGE}/run`, { item: 'O1' })).statusCode).toBe(403);
    expect((await other.json('POST', API, {})).statusCode).toBe(403);
    expect(await s.t.db.query('SELECT 1 FROM oit_checks')).toHaveLength(0);
  });
});
