/**
 * Load and faults at once (issue 12, point 12): the server runs as `prongsai serve` in a process of its own on a
 * fresh embedded database with the demo, and for `seconds` (default 20) it gets, all together:
 * - 100 connections (autocannon) shared by the portal's home page, the sign-in (wrong passwords, from one
 *   address: locked out after five, as it must be) and the complaint form's page;
 * - 16 slow clients that send the headers of a multipart filing and then one byte every 9 seconds;
 * - in the middle, one zip bomb (a 1 GiB sheet in a small XLSX) sent to the measures import with the
 *   coordinator's API token;
 * - throughout, the legitimate requests a person would make, each checked for its correct answer: /healthz,
 *   a complaint filed through the API from an address of its own (behind a trusted proxy: 127.0.0.1), a sign-in
 *   with the right password from an address of its own.
 * It prints the figures and whether the server stayed up and every legitimate request was answered correctly;
 * it asserts nothing (exit code 0) and takes about a minute:
 *
 *   node --import tsx bench/load-fault.ts [seconds=20]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken, DEMO_PASSWORD, ensureDemoAccounts, signIn } from '../src/accounts/accounts.ts';
import { setUpChannel } from '../src/complaints/keys.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { migrate, openDb } from '../src/db/index.ts';
import { xlsxBomb } from '../test/helpers/zip-bomb.ts';

interface Histogram {
  readonly average: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}
interface Result {
  readonly requests: Histogram & { readonly total: number };
  readonly latency: Histogram;
  readonly statusCodeStats: Record<string, { count: number }>;
  readonly errors: number;
  readonly timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

const seconds = Number(process.argv[2] ?? 20);
const SLUG = 'huai-thong';
const root = new URL('..', import.meta.url).pathname;

// 1. A data folder with the demo and its complaint channel set up (the channel takes filings only then).
const dataDir = mkdtempSync(join(tmpdir(), 'prongsai-bench-fault-'));
const apiToken = await (async () => {
  const db = await openDb({ dataDir });
  await migrate(db);
  await ensureDemo(db);
  await ensureDemoAccounts(db);
  const s = await signIn(db, 'coordinator@huai-thong.demo', DEMO_PASSWORD);
  await setUpChannel(db, s.account.principal, SLUG, s.sessionId, 'รหัสผ่านเรื่องร้องเรียนสำหรับทดสอบภาระ');
  const made = await createApiToken(db, s.account.principal, 'bench');
  await db.close();
  return made.token;
})();

// 2. The server, as users start it, in its own process.
const port = 20_000 + (process.pid % 20_000);
const server = spawn(process.execPath, [join(root, 'bin/prongsai.js'), 'serve'], {
  env: { ...process.env, PORT: String(port), PRONGSAI_DATA: dataDir, PRONGSAI_TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let exited: string | null = null;
server.on('exit', (code, signal) => (exited = `exit ${code ?? ''} ${signal ?? ''}`.trim()));
const base = `http://127.0.0.1:${port}`;
const rss = () => {
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return { now: 0, peak: 0 };
  }
};
for (let i = 0; ; i++) {
  const ok = await fetch(`${base}/healthz`).then((r) => r.status === 200, () => false);
  if (ok) break;
  if (exited || i > 600) throw new Error(`the server did not start (${exited ?? 'no answer'})`);
  await new Promise((r) => setTimeout(r, 100));
}

/** Cookies and a CSRF token from a page's form, as a browser has them. */
async function formSession(path: string, from: string) {
  const res = await fetch(`${base}${path}`, { headers: { 'x-forwarded-for': from } });
  const html = await res.text();
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '', html };
}

let address = 1;
const nextAddress = () => `198.51.100.${(address++ % 250) + 1}`;

// Warm up every page once, and let the JIT see them.
for (const p of ['/o/huai-thong/', '/login', '/o/huai-thong/complaints']) await fetch(`${base}${p}`).then((r) => r.arrayBuffer());
const before = rss();

// 3. The 100 connections: the portal, the sign-in page and its wrong passwords, the complaint form.
const login = await formSession('/login', '192.0.2.10');
const wrongSignIn = new URLSearchParams({ _csrf: login.csrf, email: 'executive@huai-thong.demo', password: 'not-the-password' }).toString();
const load = autocannon({
  url: base,
  connections: 100,
  duration: seconds,
  workers: 1,
  requests: [
    { method: 'GET', path: '/o/huai-thong/' },
    { method: 'GET', path: '/login' },
    { method: 'POST', path: '/login', body: wrongSignIn, headers: { cookie: login.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '192.0.2.10' } },
    { method: 'GET', path: '/o/huai-thong/complaints' },
  ],
});

// 4. 16 slow clients on the filing form, from one address: headers, then one byte every 9 seconds.
const slow: Socket[] = [];
let slowClosed = 0;
for (let i = 0; i < 16; i++) {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.on('close', () => slowClosed++);
  socket.write(
    `POST /o/huai-thong/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 192.0.2.66\r\n` +
      `Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000\r\n\r\n--x\r\n`,
  );
  const drip = setInterval(() => (socket.writable ? socket.write('a') : clearInterval(drip)), 9_000);
  socket.on('close', () => clearInterval(drip));
  slow.push(socket);
}

// 5. Legitimate requests through it all, each checked.
const checks = { healthz: { ok: 0, bad: 0 }, filing: { ok: 0, bad: 0 }, signIn: { ok: 0, bad: 0 } };
const badAnswers: string[] = [];
const mark = (kind: keyof typeof checks, ok: boolean, what: string) => {
  checks[kind][ok ? 'ok' : 'bad']++;
  if (!ok && badAnswers.length < 20) badAnswers.push(`${kind}: ${what}`);
};
let peakDuring = 0;
const until = Date.now() + seconds * 1000;
const healthz = (async () => {
  while (Date.now() < until) {
    const status = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, (e: Error) => e.name);
    mark('healthz', status === 200, String(status));
    peakDuring = Math.max(peakDuring, rss().now);
    await new Promise((r) => setTimeout(r, 250));
  }
})();
const filings = (async () => {
  while (Date.now() < until) {
    const res = await fetch(`${base}/api/o/${SLUG}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress() },
      body: JSON.stringify({ channel: 'public', type: 'service', text: 'ไฟถนนหน้าวัดดับมาหลายคืนแล้ว ขอให้ช่วยซ่อมด้วย' }),
      signal: AbortSignal.timeout(10_000),
    }).then(async (r) => ({ status: r.status, receipt: ((await r.json()) as { receipt?: string }).receipt }), (e: Error) => ({ status: e.name, receipt: undefined }));
    mark('filing', (res.status === 201 || res.status === 200) && !!res.receipt, String(res.status));
    await new Promise((r) => setTimeout(r, 2000));
  }
})();
const signIns = (async () => {
  while (Date.now() < until) {
    const from = nextAddress();
    const page = await formSession('/login', from);
    const body = new URLSearchParams({ _csrf: page.csrf, email: 'auditor@huai-thong.demo', password: DEMO_PASSWORD }).toString();
    const status = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: page.cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
      body,
      signal: AbortSignal.timeout(10_000),
    }).then((r) => r.status, (e: Error) => e.name);
    mark('signIn', status === 303, String(status));
    await new Promise((r) => setTimeout(r, 1500));
  }
})();

// 6. The zip bomb, in the middle.
await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
const bomb = xlsxBomb(1024 ** 3);
const bombStart = performance.now();
const form = new FormData();
form.append('file', new Blob([bomb], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'measures.xlsx');
form.append('dryRun', 'true');
const bombAnswer = await fetch(`${base}/api/v1/orgs/${SLUG}/years/2566/measures/import`, {
  method: 'POST',
  headers: { authorization: `Bearer ${apiToken}`, 'x-forwarded-for': '192.0.2.20' },
  body: form,
  signal: AbortSignal.timeout(60_000),
}).then(async (r) => `${r.status} ${(await r.text()).slice(0, 160)}`, (e: Error) => e.name);
const bombMs = performance.now() - bombStart;

const result = await load;
await Promise.all([healthz, filings, signIns]);
const after = rss();
for (const s of slow) s.destroy();

const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}: ${count}`).join(', ');
console.log(`load and faults: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${seconds} s`);
console.log(`  100 connections (portal, sign-in page, wrong sign-ins, complaint form): ${result.requests.average.toFixed(0)} req/s, ` +
  `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ${result.requests.total} requests (${codes}); errors ${result.errors}, timeouts ${result.timeouts}`);
console.log(`  slow clients: 16 opened, ${slowClosed} closed by the server during the run`);
console.log(`  zip bomb (${(bomb.length / 1024).toFixed(0)} KB, 1 GiB unpacked) to the measures import: ${bombAnswer.replace(/\s+/g, ' ')} in ${bombMs.toFixed(0)} ms`);
console.log(`  server memory: ${before.now.toFixed(0)} MB before, ${peakDuring.toFixed(0)} MB at most during (sampled), ${after.now.toFixed(0)} MB after, peak RSS ${after.peak.toFixed(0)} MB`);
for (const [kind, c] of Object.entries(checks)) console.log(`  legitimate ${kind.padEnd(8)} ${c.ok} answered correctly, ${c.bad} not`);
for (const b of badAnswers) console.log(`    ${b}`);
const up = exited === null && (await fetch(`${base}/healthz`).then((r) => r.status === 200, () => false));
console.log(`  server ${up ? 'stayed up' : `DID NOT stay up (${exited ?? 'no answer'})`}; every legitimate request answered correctly: ${Object.values(checks).every((c) => c.bad === 0) ? 'yes' : 'NO'}`);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });
