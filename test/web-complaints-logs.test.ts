/**
 * What the server's log says about a complainant: nothing. A real server process (the production logger at level
 * trace, behind a "proxy": trustProxy on) is sent a filing through the page and the API, a follow-up, a reply and
 * a wrong code, over real sockets from the address 127.0.0.77 with a distinctive user agent and X-Forwarded-For.
 * Its whole output is then searched for the address, the forwarded address, the user agent, the receipt codes,
 * the text and the complainant's URLs. A request to /healthz from the same client shows that the log is captured
 * and requests are logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const src = (path: string) => JSON.stringify(new URL(`../src/${path}`, import.meta.url).href);
const CLIENT = '127.0.0.77';
const FORWARDED = '192.0.2.55';
const UA = 'ComplainantBrowser/9.9 (unique-ua-7f3e1c)';
const TEXT = 'LOG-MARKER-TEXT ผู้อำนวยการกองคลังรับเงินจากผู้รับเหมา';

/** The server process: the demo, the channel set up, the complaints area, the production logger at trace. */
const SERVER = `
import { openDb, migrate } from ${src('db/index.ts')};
import { ensureDemo } from ${src('demo/demo.ts')};
import { ensureDemoAccounts, signIn, DEMO_PASSWORD } from ${src('accounts/accounts.ts')};
import { setUpChannel } from ${src('complaints/keys.ts')};
import { buildServer } from ${src('web/server.ts')};
import { complaintsAreaWith } from ${src('complaints/routes.tsx')};
const db = await openDb({ dataDir: process.env.PRONGSAI_LOG_TEST_DIR });
await migrate(db);
await ensureDemo(db);
await ensureDemoAccounts(db);
const s = await signIn(db, 'coordinator@huai-thong.demo', DEMO_PASSWORD);
await setUpChannel(db, s.account.principal, 'huai-thong', s.sessionId, 'รหัสผ่านเรื่องร้องเรียนสำหรับทดสอบ', new Date(), { kdfCost: { m: 1024, t: 1, p: 1 } });
const app = await buildServer({ db, logger: { level: 'trace' }, trustProxy: true, areas: [complaintsAreaWith({ formToken: { minAgeMs: 0, maxAgeMs: 3600000 } })] });
await app.listen({ host: '127.0.0.1', port: 0 });
process.stderr.write('PORT ' + app.server.address().port + '\\n');
`;

interface Answer {
  readonly status: number;
  readonly body: string;
}

describe('the server log during a complainant’s visit', () => {
  let child: ChildProcess;
  let dir: string;
  let port = 0;
  let output = '';

  function call(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          localAddress: CLIENT,
          headers: { 'user-agent': UA, 'x-forwarded-for': FORWARDED, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prongsai-logs-'));
    const template = inject('pgliteTemplate');
    if (template) cpSync(template, join(dir, 'pgdata'), { recursive: true });
    child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SERVER], {
      cwd: ROOT,
      env: { ...process.env, PRONGSAI_LOG_TEST_DIR: dir, LOG_LEVEL: 'trace' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    port = await new Promise<number>((resolve, reject) => {
      let err = '';
      child.stderr?.on('data', (c: Buffer) => {
        err += c.toString('utf8');
        const m = /PORT (\d+)/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${err}`)));
    });
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds no address, user agent, code, text or complainant URL, while other requests are logged', async () => {
    expect((await call('GET', '/healthz')).status).toBe(200);
    const page = await call('GET', '/o/huai-thong/complaints');
    expect(page.status).toBe(200);
    const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const filed = await call('POST', '/o/huai-thong/complaints', form({ token, channel: 'public', type: 'corruption', text: TEXT, website: '' }), FORM);
    expect(filed.status).toBe(200);
    const receipt = /<pre class="token"[^>]*>([^<]+)<\/pre>/.exec(filed.body)?.[1]?.trim() ?? '';
    expect(receipt).toHaveLength(34);
    const api = await call('POST', '/api/o/huai-thong/complaints', JSON.stringify({ channel: 'internal', type: 'misconduct', text: TEXT }), { 'content-type': 'application/json' });
    expect(api.status).toBe(200);
    const receipt2 = (JSON.parse(api.body) as { receipt: string }).receipt;
    expect((await call('GET', '/api/complaints/status', undefined, { 'x-receipt-code': receipt2 })).status).toBe(200);
    expect((await call('POST', '/complaints/status', form({ receipt }), FORM)).status).toBe(200);
    expect((await call('POST', '/complaints/status/reply', form({ receipt, text: `${TEXT} reply` }), FORM)).status).toBe(200);
    expect((await call('GET', '/api/complaints/status', undefined, { 'x-receipt-code': 'AAAA-BBBB-CCCC' })).status).toBe(404);
    expect((await call('POST', '/api/o/huai-thong/complaints', '{"channel": "public"', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await call('GET', '/healthz')).status).toBe(200);
    // Let the logger flush.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const lines = output.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes('"url":"/healthz"')).length).toBeGreaterThanOrEqual(2);
    for (const needle of [CLIENT, FORWARDED, UA, 'unique-ua-7f3e1c', receipt, receipt.replaceAll('-', ''), receipt2, receipt2.replaceAll('-', ''), 'LOG-MARKER-TEXT', '/complaints', 'remoteAddress', 'user-agent']) {
      expect(output.includes(needle), `the log holds ${needle}`).toBe(false);
    }
  });
});
