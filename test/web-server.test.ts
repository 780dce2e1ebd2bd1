/**
 * The web server's own guarantees, through fastify.inject: health before and after the database is ready,
 * security headers, CSRF on every state-changing request, sign-in (same words for unknown and wrong), lockout,
 * session expiry, the language switch, API tokens (bearer), and logs that never hold a secret.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, LOCKOUT, SESSION_IDLE_MS, setRoles, signIn } from '../src/accounts/accounts.ts';
import { setScores } from '../src/years/scores.ts';
import type { Db } from '../src/db/index.ts';
import { buildServer, redactUrl } from '../src/web/server.ts';
import { YearCache } from '../src/web/cache.ts';
import { SESSION_COOKIE } from '../src/web/cookies.ts';
import { backends } from './helpers/db.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

describe('health', () => {
  it('answers 503 until the database is ready, then 200 with JSON', async () => {
    let resolve: (db: Db) => void = () => undefined;
    const pending = new Promise<Db>((r) => (resolve = r));
    const s = await startServer('pglite');
    const app = await buildServer({ db: pending, logger: false });
    try {
      const before = await app.inject({ method: 'GET', url: '/healthz' });
      expect(before.statusCode).toBe(503);
      expect(before.json()).toEqual({ status: 'starting' });
      expect((await app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(503);
      resolve(s.t.db);
      await pending;
      await new Promise((r) => setTimeout(r, 50));
      const after = await app.inject({ method: 'GET', url: '/healthz' });
      expect(after.statusCode).toBe(200);
      expect(after.json()).toMatchObject({ status: 'ok' });
    } finally {
      await app.close();
      await s.close();
    }
  });

  it('refuses to start with a route that has no access rule', async () => {
    const s = await startServer('pglite');
    try {
      const area = async (app: import('fastify').FastifyInstance) => {
        app.get('/o/:slug/no-rule', async () => 'x');
      };
      await expect(buildServer({ db: s.t.db, logger: false, areas: [area] })).rejects.toThrow(/no access rule/);
    } finally {
      await s.close();
    }
  });
});

describe.each(backends())('web security on %s', (backend) => {
  let s: TestServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    s = await startServer(backend);
  });
  afterAll(async () => {
    await s.close();
  });

  it('sends strict security headers and HttpOnly, SameSite=Lax cookies', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/login' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    // No inline script anywhere: every <script> has a src on this site.
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc="\/assets\/)/);
    const asset = await s.app.inject({ method: 'GET', url: '/assets/htmx.min.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    const font = await s.app.inject({ method: 'GET', url: '/assets/fonts/sarabun-400.ttf' });
    expect(font.headers['content-type']).toBe('font/ttf');
  });

  it('marks cookies Secure when told the server is behind HTTPS', async () => {
    const app = await buildServer({ db: s.t.db, logger: false, secureCookies: true });
    try {
      const res = await app.inject({ method: 'GET', url: '/login' });
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
      expect(res.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await app.close();
    }
    const proxied = await buildServer({ db: s.t.db, logger: false, trustProxy: true });
    try {
      const https = await proxied.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
      expect(String(https.headers['set-cookie'])).toMatch(/; Secure/);
      const http = await proxied.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'http' } });
      expect(String(http.headers['set-cookie'])).not.toMatch(/; Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a POST without the CSRF token, or with another browser’s token', async () => {
    const c = await signedInClient(s.app, demoEmail('coordinator'));
    const noToken = await c.post('/staff/settings/tokens', { name: 'x' }, false);
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain('แบบฟอร์มหมดอายุ');
    const other = new Client(s.app);
    await other.get('/login');
    const foreign = await c.request({
      method: 'POST',
      url: '/staff/settings/tokens',
      payload: `_csrf=${encodeURIComponent(other.csrf)}&name=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(foreign.statusCode).toBe(403);
    // The JSON API with the session needs the header too.
    const api = await c.request({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'x' } });
    expect(api.statusCode).toBe(403);
    expect(api.json().error.code).toBe('csrf');
    const ok = await c.json('POST', '/api/v1/me/tokens', { name: 'ด้วยส่วนหัว' });
    expect(ok.statusCode).toBe(201);
    // Sign-in and sign-out are protected too (no login CSRF).
    const anon = new Client(s.app);
    await anon.get('/login');
    expect((await anon.post('/login', { email: demoEmail('auditor'), password: 'x' }, false)).statusCode).toBe(403);
  });

  it('signs in and out; an unknown address and a wrong password read the same', async () => {
    const c = new Client(s.app);
    await c.get('/login');
    const unknown = await c.post('/login', { email: 'nobody@example.org', password: 'some-password-1' });
    const wrong = await c.post('/login', { email: demoEmail('auditor'), password: 'some-password-1' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const said = (body: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(body)?.[0];
    expect(said(unknown.body)).toBe(said(wrong.body));
    expect(said(unknown.body)).toContain('อีเมลหรือรหัสผ่านไม่ถูกต้อง');
    const signed = await signedInClient(s.app, demoEmail('auditor'));
    expect((await signed.get('/staff')).statusCode).toBe(200);
    const out = await signed.post('/logout');
    expect(out.statusCode).toBe(303);
    expect(signed.signedIn).toBe(false);
    const after = await signed.get('/staff');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login\?next=/);
  });

  it('sends a person back where they were going, never to another site', async () => {
    const c = new Client(s.app);
    const first = await c.get('/staff/settings');
    expect(first.headers.location).toBe('/login?next=%2Fstaff%2Fsettings');
    await c.get(first.headers.location as string);
    const res = await c.post('/login', { email: demoEmail('auditor'), password: 'huaithong-demo-2566', next: '/staff/settings' });
    expect(res.headers.location).toBe('/staff/settings');
    const evil = new Client(s.app);
    await evil.get('/login');
    const res2 = await evil.post('/login', { email: demoEmail('auditor'), password: 'huaithong-demo-2566', next: '//evil.example/x' });
    expect(res2.headers.location).toBe('/staff');
    // Browsers drop tabs and line breaks from a URL: "/<tab>/evil.example" would be "//evil.example".
    for (const next of ['/\t/evil.example/x', '/\n/evil.example/x', '/\\evil.example/x', '/%09/ok']) {
      const another = new Client(s.app);
      await another.get('/login');
      const res3 = await another.post('/login', { email: demoEmail('auditor'), password: 'huaithong-demo-2566', next });
      expect(res3.headers.location).toBe(next === '/%09/ok' ? '/%09/ok' : '/staff');
    }
  });

  it('locks an address after repeated failures (429 with Retry-After), whatever the password', async () => {
    const c = new Client(s.app);
    await c.get('/login');
    for (let i = 0; i < LOCKOUT.failures; i++) {
      expect((await c.post('/login', { email: demoEmail('executive'), password: `wrong-${i}-password` })).statusCode).toBe(401);
    }
    const locked = await c.post('/login', { email: demoEmail('executive'), password: 'huaithong-demo-2566' });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.body).toContain('ถูกระงับชั่วคราว');
    expect(c.signedIn).toBe(false);
  });

  it('rate-limits sign-in requests from one address', async () => {
    const app = await buildServer({ db: s.t.db, logger: false, signInPerMinute: 3 });
    try {
      const c = new Client(app);
      await c.get('/login');
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.post('/login', { email: `rate${i}@example.org`, password: 'some-password-1' })).statusCode);
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes.slice(3)).toEqual([429, 429]);
    } finally {
      await app.close();
    }
  });

  it('ends an idle session: the next page asks to sign in again', async () => {
    const c = await signedInClient(s.app, demoEmail('auditor'));
    expect((await c.get('/staff')).statusCode).toBe(200);
    const saved = s.clock.now;
    try {
      s.clock.now = new Date(saved.getTime() + SESSION_IDLE_MS + 60_000);
      const res = await c.get('/staff');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toContain('ended=1');
      expect(c.cookies.has(SESSION_COOKIE)).toBe(false);
      const api = await c.request({ method: 'GET', url: '/api/v1/me' });
      expect(api.statusCode).toBe(401);
      expect(api.json().error.code).toBe('unauthenticated');
    } finally {
      s.clock.now = saved;
    }
  });

  it('shows a change made through this server at once, and one made elsewhere within seconds (the year cache)', async () => {
    const c = await signedInClient(s.app, demoEmail('coordinator'));
    const figure = async () => /<p class="figure">([^<]*)<\/p>/.exec((await c.get('/staff/o/huai-thong/2566')).body)?.[1] ?? null;
    const before = await figure();
    // Another process (here: the app layer directly) changes the scores: the cached page may lag a moment.
    const principal = (await signIn(s.t.db, demoEmail('coordinator'), DEMO_PASSWORD)).account.principal;
    const all = { 1: 90, 2: 90, 3: 90, 4: 90, 5: 90, 6: 90, 7: 90, 8: 90, 9: 90, 10: 90 };
    await setScores(s.t.db, principal, { org: 'huai-thong', year: 2566 }, { indicators: all });
    expect(await figure()).toBe(before);
    const saved = s.clock.now;
    try {
      s.clock.now = new Date(saved.getTime() + 4000);
      expect(await figure()).toBe('90.00');
      // A change through this server is seen on the very next page.
      const form: Record<string, string> = { mode: 'save' };
      for (let i = 1; i <= 10; i++) form[`i${i}`] = '80';
      expect((await c.post('/staff/o/huai-thong/2566/scores', form)).statusCode).toBe(303);
      expect(await figure()).toBe('80.00');
    } finally {
      s.clock.now = saved;
    }
  });

  it('empties an organisation’s page cache only for a change that passed its access rule and CSRF check', async () => {
    const dropped = vi.spyOn(YearCache.prototype, 'invalidate');
    try {
      const anonymous = new Client(s.app);
      expect((await anonymous.post('/staff/o/huai-thong/2566/scores', { i1: '90' }, false)).statusCode).toBe(401);
      expect((await anonymous.request({ method: 'DELETE', url: '/api/v1/orgs/huai-thong/years/2566/measures/x' })).statusCode).toBe(401);
      const auditor = await signedInClient(s.app, demoEmail('auditor'));
      await auditor.get('/staff/o/huai-thong/2566');
      expect((await auditor.post('/staff/o/huai-thong/2566/scores', { i1: '90' })).statusCode).toBe(403); // not theirs to change
      const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
      expect((await coordinator.post('/staff/o/huai-thong/2566/scores', { i1: '90' }, false)).statusCode).toBe(403); // no CSRF token
      expect(dropped).not.toHaveBeenCalled();
      await coordinator.get('/staff/o/huai-thong/2566/scores');
      // Allowed and checked: the cache goes, even though the score itself is refused.
      expect((await coordinator.post('/staff/o/huai-thong/2566/scores', { i1: '105' })).statusCode).toBe(400);
      expect(dropped).toHaveBeenCalledWith('huai-thong');
    } finally {
      dropped.mockRestore();
    }
  });

  it('refuses a form value it does not know instead of ignoring it or taking it for another', async () => {
    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    await coordinator.get('/staff/o/huai-thong/2566/scores');
    const scores = await coordinator.post('/staff/o/huai-thong/2566/scores', { i1: '90', source: 'rumour' });
    expect(scores.statusCode).toBe(400);
    expect(scores.body).toContain('ที่มาของคะแนนต้องเป็น itas, survey, manual');
    const admin = await signedInClient(s.app, demoEmail('org_admin'));
    const auditorId = (await s.t.db.query<{ id: string }>('SELECT id FROM people WHERE email = $1', [demoEmail('auditor')]))[0]!.id;
    await admin.get('/staff/o/huai-thong/people');
    expect((await admin.post(`/staff/o/huai-thong/people/${auditorId}/active`, { active: 'yes' })).statusCode).toBe(400);
    expect((await s.t.db.query<{ active: boolean }>('SELECT active FROM people WHERE id = $1', [auditorId]))[0]!.active).toBe(true);
  });

  it('takes a role away on the very next request, whatever the pages already seen', async () => {
    const auditor = await signedInClient(s.app, demoEmail('auditor'));
    expect((await auditor.get('/staff/o/huai-thong/2566')).statusCode).toBe(200);
    expect((await auditor.get('/staff/o/huai-thong/audit')).statusCode).toBe(200);
    const admin = (await signIn(s.t.db, demoEmail('org_admin'), DEMO_PASSWORD)).account.principal;
    const me = (await auditor.json('GET', '/api/v1/me')).json() as { personId: string };
    const orgId = admin.roles[0]!.orgId!;
    await setRoles(s.t.db, admin, orgId, me.personId, []);
    expect((await auditor.get('/staff/o/huai-thong/2566')).statusCode).toBe(403);
    expect((await auditor.get('/staff/o/huai-thong/audit')).statusCode).toBe(403);
    await setRoles(s.t.db, admin, orgId, me.personId, [{ role: 'auditor' }]);
    expect((await auditor.get('/staff/o/huai-thong/2566')).statusCode).toBe(200);
  });

  it('shows whoever asked for an approval that they cannot decide it, and refuses if they try', async () => {
    const both = await signedInClient(s.app, demoEmail('coordinator'));
    const admin = (await signIn(s.t.db, demoEmail('org_admin'), DEMO_PASSWORD)).account.principal;
    const me = (await both.json('GET', '/api/v1/me')).json() as { personId: string };
    const orgId = admin.roles[0]!.orgId!;
    await setRoles(s.t.db, admin, orgId, me.personId, [{ role: 'coordinator' }, { role: 'executive' }]);
    try {
      await both.get('/staff/o/huai-thong/2566/approvals');
      expect((await both.post('/staff/o/huai-thong/2566/approvals', { subject: 'analysis' })).statusCode).toBe(303);
      const page = await both.get('/staff/o/huai-thong/2566/approvals');
      expect(page.body).toContain('คุณเป็นผู้ขออนุมัติเรื่องนี้ จึงพิจารณาเองไม่ได้');
      const id = /\/approvals\/([0-9a-f-]{36})\/decide/.exec(page.body);
      expect(id).toBeNull();
      const [pending] = await s.t.db.query<{ id: string }>(`SELECT id FROM approvals WHERE subject = 'analysis' AND status = 'requested'`);
      const refused = await both.post(`/staff/o/huai-thong/2566/approvals/${pending!.id}/decide`, { decision: 'approved' });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('ผู้ขออนุมัติพิจารณาคำขอของตนเองไม่ได้');
    } finally {
      await setRoles(s.t.db, admin, orgId, me.personId, [{ role: 'coordinator' }]);
    }
  });

  it('switches the language with a cookie and keeps Thai as the default', async () => {
    const c = new Client(s.app);
    const th = await c.get('/login');
    expect(th.body).toContain('<html lang="th"');
    const switched = await c.post('/lang', { lang: 'en', back: '/login' });
    expect(switched.headers.location).toBe('/login');
    const en = await c.get('/login');
    expect(en.body).toContain('<html lang="en"');
    expect(en.body).toContain('Staff sign-in');
    await c.post('/lang', { lang: 'th', back: 'https://evil.example/' });
    expect((await c.get('/login')).body).toContain('ลงชื่อเข้าใช้สำหรับเจ้าหน้าที่');
  });

  it('lets a script use an API token (bearer, no CSRF) until the token is revoked', async () => {
    const c = await signedInClient(s.app, demoEmail('coordinator'));
    const page = await c.post('/staff/settings/tokens', { name: 'สคริปต์ทดสอบ' });
    expect(page.statusCode).toBe(201);
    const token = /<pre class="token" id="new-token">(prs_[^<]+)<\/pre>/.exec(page.body)?.[1];
    expect(token).toBeDefined();
    const me = await s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().roles.map((r: { role: string }) => r.role)).toEqual(['coordinator']);
    // A change with the token needs no CSRF token.
    const made = await s.app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'จากสคริปต์' } });
    expect(made.statusCode).toBe(201);
    const list = await s.app.inject({ method: 'GET', url: '/api/v1/me/tokens', headers: { authorization: `Bearer ${token}` } });
    expect(JSON.stringify(list.json())).not.toContain(token!);
    const id = list.json().tokens.find((t: { name: string }) => t.name === 'สคริปต์ทดสอบ').id;
    // Revoking asks first: the confirmation page changes nothing.
    const asked = await c.post(`/staff/settings/tokens/${id}/revoke`);
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('ยืนยัน ยกเลิกโทเค็น');
    expect(asked.body).toContain('name="confirm" value="yes"');
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const revoked = await c.post(`/staff/settings/tokens/${id}/revoke`, { confirm: 'yes' });
    expect(revoked.statusCode).toBe(303);
    const after = await s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.headers['www-authenticate']).toBe('Bearer');
    const bogus = await s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer prs_nothing' } });
    expect(bogus.statusCode).toBe(401);
  });

  it('answers API errors as {error: {code, th, en}} with the right status', async () => {
    const anon = await s.app.inject({ method: 'GET', url: '/api/v1/orgs' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error).toMatchObject({ code: 'unauthenticated', th: expect.any(String), en: expect.any(String) });
    const c = await signedInClient(s.app, demoEmail('coordinator'));
    const missing = await c.json('GET', '/api/v1/orgs/no-such-org/years');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not-found');
    const bad = await c.json('POST', '/api/v1/me/tokens', { name: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid-input', field: 'name' });
    const unknown = await c.json('GET', '/api/v1/nothing-here');
    expect(unknown.statusCode).toBe(404);
  });

  it('logs requests without secrets: no token, password, cookie or set-up link', async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    const app = await buildServer({ db: s.t.db, logger: { level: 'info', stream: sink } });
    try {
      const c = new Client(app);
      await c.get('/login');
      await c.post('/login', { email: demoEmail('coordinator'), password: 'huaithong-demo-2566' });
      await c.get('/setup/secret-setup-token-value');
      await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer prs_secret-bearer-value' } });
      await c.get('/staff/settings?token=query-secret');
    } finally {
      await app.close();
    }
    const all = logLines.join('');
    expect(all).toContain('/login');
    for (const secret of ['huaithong-demo-2566', 'secret-setup-token-value', 'prs_secret-bearer-value', 'query-secret', SESSION_COOKIE, 'cookie']) {
      expect(all).not.toContain(secret);
    }
    expect(redactUrl('/setup/abc?x=1')).toBe('/setup/[redacted]?x=1');
  });
});
