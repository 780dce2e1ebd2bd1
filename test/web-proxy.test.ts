/**
 * Behind a reverse proxy: PRONGSAI_TRUST_PROXY (src/cli/serve.ts) decides whose X-Forwarded-For and
 * X-Forwarded-Proto are believed. A client that writes its own X-Forwarded-For must not get a new identity for the
 * rate limits (sign-ins, receipt codes) on every request; with Secure cookies each cookie is sent once.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/accounts/accounts.ts';
import { serve, trustProxyFromEnv } from '../src/cli/serve.ts';
import { InputError } from '../src/errors.ts';
import { complaintsAreaWith } from '../src/complaints/routes.tsx';
import { DEFAULT_LIMITS, type ComplaintGuard } from '../src/complaints/limits.ts';
import { buildServer, type Area, type ServerOptions } from '../src/web/server.ts';
import { Client, demoEmail, startServer, type TestServer } from './web-support.ts';

/** Answers the address the server takes the client to have. */
const ipArea: Area = async (app) => {
  app.get('/test/ip', { config: { access: { kind: 'public' } } }, async (request) => ({ ip: request.ip, protocol: request.protocol }));
};

describe('PRONGSAI_TRUST_PROXY', () => {
  it('is a number of proxies, or their addresses and CIDRs; unset or 0 trusts nobody', () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv('')).toBe(false);
    expect(trustProxyFromEnv('0')).toBe(false);
    expect(trustProxyFromEnv('1')).toBe(1);
    expect(trustProxyFromEnv('2')).toBe(2);
    expect(trustProxyFromEnv('127.0.0.1, 10.0.0.0/8,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(trustProxyFromEnv('loopback')).toEqual(['loopback']);
  });

  it('refuses true (every hop) and what is not an address, in Thai and English', () => {
    for (const value of ['true', 'TRUE', 'yes', '10.0.0.1, proxy.example', '10.0.0.300']) {
      let error: unknown;
      try {
        trustProxyFromEnv(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'PRONGSAI_TRUST_PROXY' });
      expect((error as InputError).th).toContain('ไม่ใช่ true');
      expect((error as InputError).en).toContain('not true');
    }
  });

  it('stops `prongsai serve` before it opens anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prongsai-proxy-'));
    const dataDir = join(dir, 'data');
    const before = process.env.PRONGSAI_TRUST_PROXY;
    process.env.PRONGSAI_TRUST_PROXY = 'true';
    try {
      const out: string[] = [];
      await expect(serve({ io: { out: (t) => out.push(t), err: (t) => out.push(t) }, port: 0, host: '127.0.0.1', db: { dataDir }, logLevel: 'silent' })).rejects.toMatchObject({
        field: 'PRONGSAI_TRUST_PROXY',
      });
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      if (before === undefined) delete process.env.PRONGSAI_TRUST_PROXY;
      else process.env.PRONGSAI_TRUST_PROXY = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a forged X-Forwarded-For', () => {
  let s: TestServer;
  let guard: ComplaintGuard;
  const servers: FastifyInstance[] = [];
  const withProxy = async (trustProxy: ServerOptions['trustProxy'], options: Partial<ServerOptions> = {}) => {
    const app = await buildServer({ db: s.t.db, logger: false, trustProxy, areas: [ipArea], ...options });
    servers.push(app);
    return app;
  };
  const ipOf = async (app: FastifyInstance, headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
    (await app.inject({ method: 'GET', url: '/test/ip', headers, remoteAddress })).json() as { ip: string; protocol: string };

  beforeAll(async () => {
    s = await startServer('pglite', {
      trustProxy: trustProxyFromEnv('1'),
      signInPerMinute: 2,
      areas: [complaintsAreaWith({ limits: { ...DEFAULT_LIMITS, wrongReceiptsPerAddress: { capacity: 2, windowMs: 15 * 60_000 } }, onGuard: (g) => (guard = g) })],
    });
  });
  afterAll(async () => {
    for (const app of servers) await app.close();
    await s.close();
  });

  it('with PRONGSAI_TRUST_PROXY=1, the client is the last hop, whatever it wrote before', async () => {
    const app = await withProxy(trustProxyFromEnv('1'));
    for (const forged of ['10.1.1.1', '192.0.2.7, 10.2.2.2', 'unknown']) {
      expect(await ipOf(app, { 'x-forwarded-for': `${forged}, 203.0.113.9`, 'x-forwarded-proto': 'https' })).toEqual({ ip: '203.0.113.9', protocol: 'https' });
    }
  });

  it('with the proxy’s address, a client that reaches the server directly is known by its own address', async () => {
    const app = await withProxy(trustProxyFromEnv('127.0.0.1'));
    expect(await ipOf(app, { 'x-forwarded-for': '10.1.1.1, 203.0.113.9' })).toEqual({ ip: '203.0.113.9', protocol: 'http' });
    expect(await ipOf(app, { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' }, '198.51.100.7')).toEqual({ ip: '198.51.100.7', protocol: 'http' });
  });

  it('does not give a fresh sign-in allowance (as trusting every hop, the old meaning of 1, did)', async () => {
    const signIns = async (app: FastifyInstance) => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/login',
          payload: `email=${encodeURIComponent(demoEmail('coordinator'))}&password=wrong`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.0.0.${i + 1}, 203.0.113.10` },
        });
        statuses.push(res.statusCode);
      }
      return statuses;
    };
    const limited = await signIns(s.app);
    expect(limited.slice(2)).toEqual([429, 429]);
    const everyHop = await signIns(await withProxy(true, { signInPerMinute: 2 }));
    expect(everyHop).not.toContain(429);
  });

  it('does not give a fresh allowance of receipt codes to guess', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await s.app.inject({
        method: 'POST',
        url: '/complaints/status',
        payload: 'receipt=guess',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.9.${i}.1, 203.0.113.11` },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([400, 400, 429, 429]);
    expect(guard.wrongReceipts.keys()).toHaveLength(1);
  });
});

describe('Secure cookies', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer('pglite', { secureCookies: true });
  });
  afterAll(async () => {
    await s.close();
  });

  /** The names of the cookies an answer sets, each time it sets one. */
  const setCookies = (res: LightMyRequestResponse): string[] => {
    const header = res.headers['set-cookie'];
    return header === undefined ? [] : Array.isArray(header) ? header : [header];
  };
  const expectEachOnceSecure = (res: LightMyRequestResponse) => {
    const cookies = setCookies(res);
    expect(cookies.length).toBeGreaterThan(0);
    const names = cookies.map((c) => c.slice(0, c.indexOf('=')));
    expect(names).toEqual([...new Set(names)]);
    for (const c of cookies) expect(c.match(/;\s*Secure/gi)).toHaveLength(1);
  };

  it('sends each cookie once, Secure, with PRONGSAI_SECURE_COOKIES=1', async () => {
    const c = new Client(s.app);
    expectEachOnceSecure(await c.get('/login'));
    const signedIn = await c.post('/login', { email: demoEmail('coordinator'), password: DEMO_PASSWORD });
    expect(signedIn.statusCode).toBe(303);
    expectEachOnceSecure(signedIn);
    expectEachOnceSecure(await c.post('/logout'));
  });

  it('sends each cookie once, Secure, when the trusted proxy received HTTPS (and not Secure over HTTP)', async () => {
    const app = await buildServer({ db: s.t.db, logger: false, trustProxy: trustProxyFromEnv('127.0.0.1') });
    try {
      const https = await app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
      expectEachOnceSecure(https);
      const http = await app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'http' } });
      expect(setCookies(http).length).toBeGreaterThan(0);
      for (const cookie of setCookies(http)) expect(cookie).not.toMatch(/;\s*Secure/i);
    } finally {
      await app.close();
    }
  });
});
