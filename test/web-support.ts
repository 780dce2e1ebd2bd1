/**
 * Shared by the web tests: a server on a fresh database with the demo organisation and its demo users, and a
 * client that keeps cookies and sends the CSRF token like a browser would (through fastify.inject, no socket).
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEMO_PASSWORD, DEMO_USERS, ensureDemoAccounts, signIn } from '../src/accounts/accounts.ts';
import type { Role } from '../src/app/authz.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import type { DocumentBrowser } from '../src/documents/core/index.ts';
import { buildServer, type ServerOptions } from '../src/web/server.ts';
import { SESSION_COOKIE } from '../src/web/cookies.ts';
import { testDb, type Backend, type TestDb } from './helpers/db.ts';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly t: TestDb;
  /** The clock the server reads; tests move it. */
  readonly clock: { now: Date };
  close(): Promise<void>;
}

/** A server on a new database: with the demo organisation and its users, or (`demo: false`) with nothing in it. */
export async function startServer(backend: Backend, { demo = true, ...options }: Partial<ServerOptions> & { browser?: DocumentBrowser; demo?: boolean } = {}): Promise<TestServer> {
  const t = await testDb(backend);
  if (demo) {
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db);
  }
  const clock = { now: new Date() };
  // Sign-in rate limit high enough for the many sign-ins of a test file (its own test sets it low).
  const app = await buildServer({ db: t.db, logger: false, now: () => clock.now, signInPerMinute: 10_000, ...options });
  await app.ready();
  return {
    app,
    t,
    clock,
    async close() {
      await app.close();
      await t.dispose();
    },
  };
}

export const demoEmail = (role: Exclude<Role, 'system_admin'>): string => DEMO_USERS.find((u) => u.role === role)!.email;

/** A browser-like client: keeps cookies, knows the CSRF token of the last page it read. */
export class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly app: FastifyInstance) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ ...options, headers: { ...(options.headers ?? {}), cookie: this.cookieHeader() } });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url, headers });
  }

  /** A form post, with the CSRF token unless `csrf` is false. */
  post(url: string, form: Record<string, string | string[]> = {}, csrf = true): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    if (csrf) params.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
    return this.request({ method: 'POST', url, payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** A form post with files (multipart/form-data) as a browser sends it, with the CSRF token. */
  postFiles(url: string, form: Record<string, string | string[]>, files: readonly { name: string; filename: string; type: string; bytes: Buffer }[]): Promise<LightMyRequestResponse> {
    const boundary = `----prongsai${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries({ _csrf: this.csrf, ...form })) {
      for (const value of Array.isArray(v) ? v : [v]) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${value}\r\n`));
    }
    for (const f of files) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.request({ method: 'POST', url, payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  }

  /** A JSON call as a browser script would make it: session cookie and the CSRF header. */
  json(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse> {
    return this.request({
      method,
      url,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'x-csrf-token': this.csrf },
    });
  }

  get signedIn(): boolean {
    return this.cookies.has(SESSION_COOKIE);
  }
}

/** A client signed in through the sign-in form. */
export async function signedInClient(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<Client> {
  const client = new Client(app);
  await client.get('/login');
  const res = await client.post('/login', { email, password });
  if (res.statusCode !== 303) throw new Error(`sign-in of ${email} failed: ${res.statusCode}`);
  await client.get('/staff');
  return client;
}

/** A client with a session made directly (faster: for the route matrix). */
export async function sessionClient(app: FastifyInstance, t: TestDb, email: string, now: Date, password = DEMO_PASSWORD): Promise<Client> {
  const client = new Client(app);
  const s = await signIn(t.db, email, password, now);
  client.cookies.set(SESSION_COOKIE, s.sessionId);
  await client.get('/staff/settings');
  return client;
}
