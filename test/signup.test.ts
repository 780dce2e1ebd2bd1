/**
 * Self-service sign-up (issue 14): off by default (404); when the system administrator turns it on, an agency's
 * request (the public page without JavaScript, or the API) is stored and listed; approving creates the
 * organisation and its administrator in one transaction (the set-password link works), rejecting needs a reason;
 * only the system administrator lists, decides and changes the setting; bad input is a 400 in Thai and English
 * that stores nothing, and a known e-mail address is answered like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createApiToken, DEMO_PASSWORD, setPasswordWithLink, signIn } from '../src/accounts/accounts.ts';
import type { Principal } from '../src/app/authz.ts';
import { setSignupOpen } from '../src/accounts/signup.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const PASSWORD = 'signup-test-password';
const DEMO_ROLES = ['org_admin', 'coordinator', 'unit_head', 'executive', 'auditor'] as const;
const REQUEST = {
  nameTh: 'องค์การบริหารส่วนตำบลบ้านฝาง',
  type: 'sao',
  province: 'ขอนแก่น',
  district: 'บ้านฝาง',
  requesterName: 'นางสาวทดสอบ ขอใช้',
  requesterPosition: 'นักวิเคราะห์นโยบายและแผน',
  requesterEmail: 'plan@banfang.example',
  note: 'ขอใช้ในปีงบประมาณ 2570',
};

describe('self-service sign-up', () => {
  let s: TestServer;
  let root: Client;
  const tokens: Record<string, string> = {};
  const tokenOf = async (principal: Principal, name: string) => (await createApiToken(s.t.db, principal, name)).token;

  beforeAll(async () => {
    s = await startServer('pglite');
    const link = await adminSetupLink(s.t.db);
    const made = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: PASSWORD });
    tokens.system_admin = await tokenOf(made.account.principal, 'root');
    for (const role of DEMO_ROLES) tokens[role] = await tokenOf((await signIn(s.t.db, demoEmail(role), DEMO_PASSWORD)).account.principal, role);
    root = await signedInClient(s.app, 'root@example.org', PASSWORD);
  }, 120_000);
  afterAll(async () => s.close());

  const call = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    s.app.inject({ method, url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {}, ...(payload === undefined ? {} : { payload }) });
  /** An anonymous browser script: the CSRF token of a public page, then the JSON call. */
  const anonymous = async (body: object) => {
    const client = new Client(s.app);
    await client.get('/login');
    return client.json('POST', '/api/public/signup', body);
  };
  const pending = async () => (await call('system_admin', 'GET', '/api/v1/signups')).json().signups as { id: string; nameTh: string; requesterEmail: string }[];

  it('is off by default: the page and the API answer 404', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/signup' })).statusCode).toBe(404);
    expect((await anonymous(REQUEST)).statusCode).toBe(404);
    const form = new Client(s.app);
    await form.get('/login');
    expect((await form.post('/signup', REQUEST)).statusCode).toBe(404);
    expect(await pending()).toEqual([]);
  });

  it('lets only the system administrator list, decide and change the setting', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const routes: ['GET' | 'POST' | 'PUT', string, object | undefined][] = [
      ['GET', '/api/v1/signups', undefined],
      ['POST', `/api/v1/signups/${id}/approve`, { slug: 'x' }],
      ['POST', `/api/v1/signups/${id}/reject`, { reason: 'x' }],
      ['PUT', '/api/v1/settings/signup', { open: true }],
    ];
    for (const [method, url, body] of routes) {
      for (const who of [null, ...DEMO_ROLES]) expect((await call(who, method, url, body)).statusCode, `${String(who)} ${url}`).toBe(who ? 403 : 401);
    }
    for (const who of DEMO_ROLES) {
      const client = await signedInClient(s.app, demoEmail(who));
      expect((await client.get('/staff/system/signups')).statusCode, who).toBe(403);
    }
    expect((await s.app.inject({ method: 'GET', url: '/signup' })).statusCode).toBe(404);
    expect((await call('system_admin', 'PUT', '/api/v1/settings/signup', { open: 'yes' })).statusCode).toBe(400);
  });

  it('describes its operations in the OpenAPI document', async () => {
    const paths = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json().paths;
    expect(paths['/api/public/signup'].post).toMatchObject({ operationId: 'requestSignup', security: [] });
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/signups', '/api/v1/signups/{id}/approve', '/api/v1/signups/{id}/reject', '/api/v1/settings/signup']));
  });

  it('when on, stores a request from the page (without JavaScript) or the API, and lists it', async () => {
    expect((await call('system_admin', 'PUT', '/api/v1/settings/signup', { open: true })).json()).toEqual({ open: true });
    const browser = new Client(s.app);
    const page = await browser.get('/signup');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ขอเปิดใช้งานระบบสำหรับหน่วยงาน');
    expect(page.body).toContain('<datalist');
    expect((await browser.post('/signup', REQUEST, false)).statusCode).toBe(403); // CSRF
    const sent = await browser.post('/signup', REQUEST);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/signup?sent=1');
    expect((await browser.get('/signup?sent=1')).body).toContain('ผู้ดูแลระบบจะส่งลิงก์ตั้งรหัสผ่าน');

    const api = await anonymous({ ...REQUEST, nameTh: 'เทศบาลตำบลทดลอง', type: 'ทต.', requesterEmail: 'Clerk@Thotlong.example', note: null });
    expect(api.statusCode).toBe(202);
    // A known address is answered the same: nothing tells whether it exists.
    const known = await anonymous({ ...REQUEST, nameTh: 'อบต.ที่อีเมลซ้ำ', requesterEmail: demoEmail('auditor') });
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(api.body);

    const list = await pending();
    expect(list.map((r) => r.nameTh)).toEqual([REQUEST.nameTh, 'เทศบาลตำบลทดลอง', 'อบต.ที่อีเมลซ้ำ']);
    expect(list[1]).toMatchObject({ type: 'tambon_municipality', requesterEmail: 'clerk@thotlong.example', note: null });
    expect((await root.get('/staff')).body).toContain('href="/staff/system/signups"');
    const html = await root.get('/staff/system/signups');
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain(REQUEST.nameTh);
  });

  it('says what is wrong in Thai and English, and stores nothing', async () => {
    const before = (await pending()).length;
    const cases: [object, string][] = [
      [{ ...REQUEST, type: 'บริษัท' }, 'type'],
      [{ ...REQUEST, province: 'Atlantis' }, 'province'],
      [{ ...REQUEST, nameTh: '  ' }, 'nameTh'],
      [{ ...REQUEST, requesterEmail: 'not-an-address' }, 'requesterEmail'],
      [{ ...REQUEST, requesterPosition: '' }, 'requesterPosition'],
      [{ ...REQUEST, extra: 1 }, 'sign-up request'],
      [{ ...REQUEST, requesterName: 'นาย\u0007ทดสอบ' }, 'requesterName'],
    ];
    for (const [body, field] of cases) {
      const res = await anonymous(body);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error, field).toMatchObject({ th: expect.any(String), en: expect.any(String) });
      if (field !== 'sign-up request') expect(res.json().error.field, field).toBe(field);
    }
    const browser = new Client(s.app);
    await browser.get('/signup');
    const bad = await browser.post('/signup', { ...REQUEST, requesterEmail: 'nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('อีเมลไม่ถูกต้อง');
    expect(bad.body).toContain(REQUEST.nameTh); // what was typed comes back
    expect((await pending()).length).toBe(before);
  });

  it('approves: the organisation and its administrator are made together, and the link works', async () => {
    const [first, second, known] = await pending();
    // The requester's address is taken: nothing is made, not even the organisation (one transaction).
    const clash = await call('system_admin', 'POST', `/api/v1/signups/${known!.id}/approve`, { slug: 'ban-fang-dup' });
    expect(clash.statusCode).toBeGreaterThanOrEqual(400);
    expect(clash.statusCode).toBeLessThan(500);
    expect(clash.json().error).toMatchObject({ th: expect.any(String), en: expect.any(String) });
    expect(await s.t.db.query(`SELECT 1 FROM organisations WHERE slug = 'ban-fang-dup'`)).toEqual([]);
    // A slug in use is a conflict.
    expect((await call('system_admin', 'POST', `/api/v1/signups/${first!.id}/approve`, { slug: 'huai-thong' })).statusCode).toBe(409);
    expect((await call('system_admin', 'POST', `/api/v1/signups/${first!.id}/approve`, { slug: 'Bad Slug' })).statusCode).toBe(400);

    const ok = await call('system_admin', 'POST', `/api/v1/signups/${first!.id}/approve`, { slug: 'ban-fang' });
    expect(ok.statusCode).toBe(201);
    const link = ok.json().link as string;
    expect(link).toMatch(/\/setup\/[A-Za-z0-9_-]{43}$/);
    const admin = await setPasswordWithLink(s.t.db, link.slice(link.lastIndexOf('/') + 1), PASSWORD);
    expect(admin.account.principal.roles).toEqual([expect.objectContaining({ role: 'org_admin' })]);
    const [org] = await s.t.db.query<{ name_th: string; org_type: string; province: string }>(`SELECT name_th, org_type, province FROM organisations WHERE slug = 'ban-fang'`);
    expect(org).toEqual({ name_th: REQUEST.nameTh, org_type: 'sao', province: 'ขอนแก่น' });
    const [person] = await s.t.db.query<{ name_th: string; position_th: string }>(`SELECT name_th, position_th FROM people WHERE email = $1`, [REQUEST.requesterEmail]);
    expect(person).toEqual({ name_th: REQUEST.requesterName, position_th: REQUEST.requesterPosition });
    expect((await call('system_admin', 'POST', `/api/v1/signups/${first!.id}/approve`, { slug: 'ban-fang-2' })).statusCode).toBe(409);

    // The page: approving shows the link once.
    const page = await root.get('/staff/system/signups');
    expect(page.body).toContain('เทศบาลตำบลทดลอง');
    const approved = await root.post(`/staff/system/signups/${second!.id}/approve`, { slug: 'thotlong' });
    expect(approved.statusCode).toBe(200);
    expect(approved.body).toMatch(/\/setup\/[A-Za-z0-9_-]{43}/);
    const audited = await s.t.db.query(`SELECT 1 FROM audit_log WHERE entity = 'signup_requests' AND action = 'update'`);
    expect(audited.length).toBeGreaterThanOrEqual(2);
    expect((await pending()).map((r) => r.nameTh)).toEqual(['อบต.ที่อีเมลซ้ำ']);
  });

  it('rejects with a reason, and turns off again', async () => {
    const [left] = await pending();
    const none = await call('system_admin', 'POST', `/api/v1/signups/${left!.id}/reject`, { reason: ' ' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error).toMatchObject({ field: 'reason', th: 'กรอกเหตุผลที่ไม่อนุมัติ', en: 'give the reason for rejecting' });
    expect((await call('system_admin', 'POST', `/api/v1/signups/not-a-uuid/reject`, { reason: 'x' })).statusCode).toBe(404);
    expect((await call('system_admin', 'POST', `/api/v1/signups/${left!.id}/reject`, { reason: 'มีบัญชีอยู่แล้ว' })).statusCode).toBe(200);
    expect(await pending()).toEqual([]);
    const [row] = await s.t.db.query<{ status: string; reason: string }>('SELECT status, reason FROM signup_requests WHERE id = $1', [left!.id]);
    expect(row).toEqual({ status: 'rejected', reason: 'มีบัญชีอยู่แล้ว' });

    await root.get('/staff/system/signups');
    expect((await root.post('/staff/system/signups/setting', {})).statusCode).toBe(303);
    expect((await s.app.inject({ method: 'GET', url: '/signup' })).statusCode).toBe(404);
  });
});

describe('self-service sign-up, rate limit', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer('pglite', { signInPerMinute: 2 });
    const link = await adminSetupLink(s.t.db);
    const made = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: PASSWORD });
    await setSignupOpen(s.t.db, made.account.principal, { open: true });
  }, 120_000);
  afterAll(async () => s.close());

  it('refuses more requests from one address than the sign-in limit allows', async () => {
    const browser = new Client(s.app);
    await browser.get('/signup');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await browser.post('/signup', { ...REQUEST, nameTh: `หน่วยงานที่ ${i}` })).statusCode);
    expect(statuses).toEqual([303, 303, 429]);
    const [count] = await s.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM signup_requests');
    expect(count!.n).toBe(2);
  });
});
