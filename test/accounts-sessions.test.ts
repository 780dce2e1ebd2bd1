/**
 * Account decisions through the web application (docs/accounts-security.md): the sign-in lockout per account and
 * client address, the password form's "also revoke all my API tokens", and an administrator's reset and
 * deactivation ending every session and token of the person at once. Client addresses are given to
 * fastify.inject as `remoteAddress`.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, LOCKOUT } from '../src/accounts/accounts.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

let s: TestServer;

beforeAll(async () => {
  s = await startServer('pglite');
});
afterAll(async () => {
  await s.close();
});

/** The sign-in form posted from `address`. */
async function signInFrom(address: string, email: string, password: string): Promise<{ client: Client; res: LightMyRequestResponse }> {
  const client = new Client(s.app);
  await client.request({ method: 'GET', url: '/login', remoteAddress: address });
  const payload = new URLSearchParams({ _csrf: client.csrf, email, password }).toString();
  const res = await client.request({ method: 'POST', url: '/login', payload, remoteAddress: address, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { client, res };
}

const me = (token: string) => s.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

async function makeToken(client: Client, name: string): Promise<string> {
  const res = await client.post('/staff/settings/tokens', { name });
  expect(res.statusCode).toBe(201);
  const token = /<pre class="token" id="new-token">\s*([^<\s]+)/.exec(res.body)?.[1];
  expect(token).toMatch(/^prs_/);
  return token as string;
}

describe('account decisions on the web', () => {
  it('locks the account at the address that failed, not at another', async () => {
    const email = demoEmail('executive');
    for (let i = 0; i < LOCKOUT.failures; i++) expect((await signInFrom('192.0.2.10', email, `wrong-password-${i}`)).res.statusCode).toBe(401);
    const locked = await signInFrom('192.0.2.10', email, DEMO_PASSWORD);
    expect(locked.res.statusCode).toBe(429);
    expect(Number(locked.res.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.res.body).toContain('จากที่อยู่ IP อื่นยังลงชื่อเข้าใช้ได้');
    const other = await signInFrom('198.51.100.20', email, DEMO_PASSWORD);
    expect(other.res.statusCode).toBe(303);
    expect((await other.client.get('/staff')).statusCode).toBe(200);
  });

  it('changes the password and, with the box ticked, revokes all the person’s API tokens; other sessions end', async () => {
    const email = demoEmail('auditor');
    const a = await signedInClient(s.app, email);
    const b = await signedInClient(s.app, email);
    const page = await a.get('/staff/settings');
    expect(page.body).toContain('เพิกถอน API token ทั้งหมดของฉันด้วย');
    const token = await makeToken(a, 'script');
    expect((await me(token)).statusCode).toBe(200);
    const changed = await a.post('/staff/settings/password', { current: DEMO_PASSWORD, password: 'a-new-password-1', password2: 'a-new-password-1', revokeTokens: '1' });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/staff/settings?done=password-tokens');
    expect((await me(token)).statusCode).toBe(401);
    expect((await a.get('/staff/settings')).statusCode).toBe(200);
    expect((await b.get('/staff/settings')).statusCode).toBe(303);
    // A refused change revokes nothing.
    const token2 = await makeToken(a, 'script 2');
    const refused = await a.post('/staff/settings/password', { current: 'not-the-password', password: 'x-new-password-2', password2: 'x-new-password-2', revokeTokens: '1' });
    expect(refused.statusCode).toBe(400);
    expect((await me(token2)).statusCode).toBe(200);
    await a.post('/staff/settings/password', { current: 'a-new-password-1', password: DEMO_PASSWORD, password2: DEMO_PASSWORD });
    expect((await me(token2)).statusCode).toBe(200); // box not ticked: tokens stay
  });

  it('ends every session and token of a person at an administrator’s reset and at deactivation', async () => {
    const admin = await signedInClient(s.app, demoEmail('org_admin'));
    const adminMe = (await admin.json('GET', '/api/v1/me')).json() as { personId: string };
    const email = demoEmail('coordinator');
    const person = await signedInClient(s.app, email);
    const personId = ((await person.json('GET', '/api/v1/me')).json() as { personId: string }).personId;
    const token = await makeToken(person, 'script');
    await admin.get('/staff/o/huai-thong/people');
    const self = await admin.post(`/staff/o/huai-thong/people/${adminMe.personId}/link`);
    expect(self.statusCode).toBe(400);
    const reset = await admin.post(`/staff/o/huai-thong/people/${personId}/link`);
    expect(reset.statusCode).toBe(200);
    const link = /<pre class="token" id="set-password-link">\s*[^<\s]*\/setup\/([^<\s]+)/.exec(reset.body)?.[1];
    expect(link).toBeTruthy();
    expect((await person.get('/staff')).headers.location).toMatch(/^\/login\?.*ended=1/);
    expect((await me(token)).statusCode).toBe(401);
    expect((await signInFrom('203.0.113.30', email, DEMO_PASSWORD)).res.statusCode).toBe(401);

    const again = new Client(s.app);
    await again.get(`/setup/${link}`);
    expect((await again.post(`/setup/${link}`, { password: 'coordinator-new-1', password2: 'coordinator-new-1' })).statusCode).toBe(303);
    expect((await again.get('/staff')).statusCode).toBe(200);
    const token2 = await makeToken(again, 'script 2');
    await admin.get('/staff/o/huai-thong/people');
    expect((await admin.post(`/staff/o/huai-thong/people/${personId}/active`, { active: 'false' })).statusCode).toBe(303);
    expect((await again.get('/staff')).statusCode).toBe(303);
    expect((await me(token2)).statusCode).toBe(401);
    expect((await admin.post(`/staff/o/huai-thong/people/${personId}/active`, { active: 'true' })).statusCode).toBe(303);
    expect((await me(token2)).statusCode).toBe(401);
  });
});
