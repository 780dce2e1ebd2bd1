/**
 * The complaint channel over HTTP (fastify.inject), on both databases: the JSON API contract, the complainant's
 * pages without JavaScript (form token, honeypot, receipt page, follow-up with the code, reply), the officers'
 * pages (set-up with the recovery sheet, unlock, case work), wrong and guessed codes answered alike and
 * rate-limited, other organisations' officers refused, no cookie and no cache for complainants, every route with
 * its rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, hashPassword } from '../src/accounts/accounts.ts';
import type { ComplaintGuard } from '../src/complaints/limits.ts';
import { DEFAULT_LIMITS } from '../src/complaints/limits.ts';
import { complaintsAreaWith } from '../src/complaints/routes.tsx';
import { todayInBangkok } from '../src/measures/reporting.ts';
import { fiscalYearOf, formatThaiDate, messageDate } from '../src/thai/index.ts';
import { backends } from './helpers/db.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const PASS = 'รหัสผ่านเรื่องร้องเรียนของผู้ประสานงาน';
const TEXT = 'เจ้าหน้าที่กองช่างเรียกเงินค่าดำเนินการเพิ่ม WEB-MARKER-TEXT ทั้งที่ไม่มีระเบียบกำหนด';
const CLIENT_IP = '203.0.113.77';

/** A multipart/form-data body, as a browser sends the filing form. */
function multipart(fields: Record<string, string>, files: { name: string; filename: string; type: string; bytes: Buffer }[] = []) {
  const boundary = `----prongsai${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A small PDF whose Info dictionary names its author. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Author (WEB-MARKER-PDF-AUTHOR) >>\nendobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n');

const tokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const receiptOf = (html: string) => /<pre class="token"[^>]*>([^<]+)<\/pre>/.exec(html)?.[1]?.trim() ?? '';

describe.each(backends())('complaints over HTTP on %s', (backend) => {
  let s: TestServer;
  let guard: ComplaintGuard;
  let coordinator: Client;
  let recovery: string;

  beforeAll(async () => {
    s = await startServer(backend, {
      areas: [
        complaintsAreaWith({
          formToken: { minAgeMs: 2_000, maxAgeMs: 3600_000 },
          limits: { ...DEFAULT_LIMITS, wrongReceiptsPerAddress: { capacity: 4, windowMs: 15 * 60_000 }, filingsPerAddress: { capacity: 50, windowMs: 3600_000 } },
          onGuard: (g) => (guard = g),
        }),
      ],
    });
    const [org] = await s.t.db.query<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('nong-bua', 'อบต.หนองบัว', 'sao') RETURNING id`);
    const [person] = await s.t.db.query<{ id: string }>(`INSERT INTO people (org_id, name_th, email, password_hash) VALUES ($1, 'นายหนองบัว', 'coord@nong-bua.test', $2) RETURNING id`, [org!.id, await hashPassword(DEMO_PASSWORD)]);
    await s.t.db.query(`INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'coordinator')`, [person!.id, org!.id]);
    coordinator = await signedInClient(s.app, demoEmail('coordinator'));
  });
  afterAll(async () => {
    await s.close();
  });

  const later = (ms: number) => {
    s.clock.now = new Date(s.clock.now.getTime() + ms);
  };

  it('gives every route a rule: the complainant’s are public, the officers’ need complaints.handle', () => {
    const mine = s.app.routeRules.filter((r) => r.method !== 'HEAD' && /complaints/.test(r.url));
    expect(mine.length).toBeGreaterThan(25);
    for (const r of mine) {
      if (r.url.startsWith('/staff/') || r.url.startsWith('/api/v1/')) expect(r.access, `${r.method} ${r.url}`).toEqual({ kind: 'org', actions: ['complaints.handle'] });
      else expect(r.access, `${r.method} ${r.url}`).toEqual({ kind: 'public' });
    }
    expect(mine.filter((r) => r.method === 'POST' && r.access.kind === 'public').map((r) => r.url).sort()).toEqual(
      ['/api/complaints/messages', '/api/o/:slug/complaints', '/complaints/status', '/complaints/status/reply', '/o/:slug/complaints'].sort(),
    );
  });

  it('answers the API before the channel is set up with a Thai and English refusal', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/o/huai-thong/complaints', payload: { channel: 'public', type: 'service', text: 'ไฟถนนดับทั้งซอยมาหลายวัน' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid-input', field: 'channel', th: expect.stringMatching(/[ก-๙]/), en: expect.stringMatching(/complaints/) });
    // Nor statistics: a table of zeros would say that nobody complained.
    const stats = await s.app.inject({ method: 'GET', url: '/api/o/huai-thong/complaints/statistics' });
    expect(stats.statusCode).toBe(404);
    expect(stats.json().error.en).toBe('this organisation does not take complaints here yet');
  });

  it('sets up the channel from the officers’ page and shows the recovery sheet once', async () => {
    const page = await coordinator.get('/staff/o/huai-thong/complaints');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('action="/staff/o/huai-thong/complaints/setup"');
    const mismatch = await coordinator.post('/staff/o/huai-thong/complaints/setup', { passphrase: PASS, passphrase2: `${PASS}x` });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('รหัสผ่านทั้งสองช่องไม่ตรงกัน');
    const sheet = await coordinator.post('/staff/o/huai-thong/complaints/setup', { passphrase: PASS, passphrase2: PASS });
    expect(sheet.statusCode).toBe(200);
    recovery = receiptOf(sheet.body);
    expect(recovery).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    const inbox = await coordinator.get('/staff/o/huai-thong/complaints');
    expect(inbox.body).not.toContain(recovery);
    expect(inbox.body).toContain('ปลดล็อกแล้ว');
  });

  it('keeps the API contract: file with JSON, get the receipt, follow with x-receipt-code, write back', async () => {
    const filed = await s.app.inject({ method: 'POST', url: '/api/o/huai-thong/complaints', remoteAddress: CLIENT_IP, payload: { channel: 'public', type: 'service', text: 'ถนนหมู่ 3 เป็นหลุมลึก รถจักรยานยนต์ล้มหลายครั้ง' } });
    expect(filed.statusCode).toBe(200);
    expect(filed.headers['set-cookie']).toBeUndefined();
    expect(filed.headers['cache-control']).toBe('no-store');
    const body = filed.json() as { receipt: string; status: string; receivedOn: string };
    expect(body.status).toBe('received');
    expect(body.receipt).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    const status = await s.app.inject({ method: 'GET', url: '/api/complaints/status', remoteAddress: CLIENT_IP, headers: { 'x-receipt-code': body.receipt } });
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({ status: 'received', statusLabel: { th: 'ได้รับเรื่องแล้ว', en: 'Received' }, type: 'service', channel: 'public', messages: [] });
    const wrote = await s.app.inject({ method: 'POST', url: '/api/complaints/messages', remoteAddress: CLIENT_IP, headers: { 'x-receipt-code': body.receipt.toLowerCase() }, payload: { text: 'เพิ่มเติม: หลุมอยู่หน้าวัด' } });
    expect(wrote.statusCode).toBe(200);
    expect(wrote.json()).toMatchObject({ sent: true });
    const after = await s.app.inject({ method: 'GET', url: '/api/complaints/status', remoteAddress: CLIENT_IP, headers: { 'x-receipt-code': body.receipt } });
    expect(after.json().messages).toEqual([{ from: 'complainant', on: body.receivedOn, text: null }]);
    const bad = await s.app.inject({ method: 'POST', url: '/api/o/huai-thong/complaints', remoteAddress: CLIENT_IP, payload: { channel: 'public', type: 'harassment', text: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid-input', field: 'text' });
    const wrongType = await s.app.inject({ method: 'POST', url: '/api/o/huai-thong/complaints', remoteAddress: CLIENT_IP, payload: { channel: 'public', type: 'harassment', text: 'เรื่องที่ช่องทางประชาชนไม่รับ' } });
    expect(wrongType.json().error).toMatchObject({ code: 'invalid-input', field: 'type', th: expect.stringContaining('ช่องทางนี้รับเรื่องประเภท') });
    const openapi = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    for (const path of ['/api/o/{slug}/complaints', '/api/complaints/status', '/api/complaints/messages', '/api/o/{slug}/complaints/statistics']) expect(openapi.paths[path], path).toBeDefined();
  });

  it('gives a wrong or guessed code the same 404 and nothing else, then 429, counted by a hash and not the address', async () => {
    const ip = '198.51.100.9';
    const guesses = ['', 'AAAA-AAAA', `${'A'.repeat(26)}00`, `${'Z'.repeat(26)}ZZ`];
    const answers = [];
    for (const code of guesses) {
      const res = await s.app.inject({ method: 'GET', url: '/api/complaints/status', remoteAddress: ip, headers: code ? { 'x-receipt-code': code } : {} });
      answers.push([res.statusCode, res.body]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]![0]).toBe(404);
    expect(JSON.parse(answers[0]![1] as string)).toEqual({ error: { code: 'not-found', th: expect.stringMatching(/[ก-๙]/), en: expect.any(String) } });
    const limited = await s.app.inject({ method: 'GET', url: '/api/complaints/status', remoteAddress: ip, headers: { 'x-receipt-code': 'BBBB' } });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.code).toBe('rate-limited');
    // The page as well, for the same client.
    const page = await s.app.inject({ method: 'POST', url: '/complaints/status', remoteAddress: ip, payload: 'receipt=AAAA', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(page.statusCode).toBe(429);
    // Another client is not affected; the guard keeps no address.
    const other = await s.app.inject({ method: 'GET', url: '/api/complaints/status', remoteAddress: '198.51.100.10', headers: { 'x-receipt-code': 'BBBB' } });
    expect(other.statusCode).toBe(404);
    const keys = [guard.wrongReceipts, guard.receiptUses, guard.filingsPerAddress].flatMap((b) => b.keys());
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(k).not.toContain('198.51');
      expect(k).not.toContain('203.0');
      expect(k).not.toContain('127.0');
    }
  });

  it('files through the page without JavaScript: token, honeypot, attachment cleaned, receipt shown once, no cookie', async () => {
    const anonymous = new Client(s.app);
    const form = await anonymous.get('/o/huai-thong/complaints');
    expect(form.statusCode).toBe(200);
    expect(form.headers['set-cookie']).toBeUndefined();
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).not.toContain('<script');
    const token = tokenOf(form.body);
    const fields = { token, channel: 'public', type: 'corruption', text: TEXT, identityName: 'นายผู้แจ้ง WEB-MARKER-NAME', identityContact: '', website: '', lang: 'th' };
    const tooSoon = await anonymous.request({ method: 'POST', url: '/o/huai-thong/complaints', ...multipart(fields) });
    expect(tooSoon.statusCode).toBe(400);
    expect(tooSoon.body).toContain('ส่งเร็วเกินไป');
    expect(tooSoon.body).toContain('WEB-MARKER-TEXT'); // the text is kept for the person to send again
    later(3_000);
    const bot = await anonymous.request({ method: 'POST', url: '/o/huai-thong/complaints', ...multipart({ ...fields, token: tokenOf(tooSoon.body), website: 'http://spam.example' }) });
    expect(bot.statusCode).toBe(400);
    const badFile = await anonymous.request({ method: 'POST', url: '/o/huai-thong/complaints', ...multipart({ ...fields, token }, [{ name: 'files', filename: 'a.html', type: 'image/png', bytes: Buffer.from('<html>') }]) });
    expect(badFile.statusCode).toBe(400);
    expect(badFile.body).toContain('ไม่ใช่แฟ้ม PDF, JPEG หรือ PNG');
    later(3_000);
    const ok = await anonymous.request({
      method: 'POST',
      url: '/o/huai-thong/complaints',
      ...multipart({ ...fields, token: tokenOf(badFile.body) }, [{ name: 'files', filename: 'หลักฐาน.pdf', type: 'application/pdf', bytes: PDF }]),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['set-cookie']).toBeUndefined();
    expect(ok.headers['cache-control']).toBe('no-store');
    const receipt = receiptOf(ok.body);
    expect(receipt).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    expect(ok.body).toContain('หลักฐาน.pdf: ลบข้อมูลแฝงแล้ว (ข้อมูลผู้สร้างและโปรแกรมที่สร้างแฟ้ม');
    // The same token does not file twice.
    const replay = await anonymous.request({ method: 'POST', url: '/o/huai-thong/complaints', ...multipart({ ...fields, token: tokenOf(badFile.body) }) });
    expect(replay.statusCode).toBe(400);
    // Following the case: the code travels in the POST body only.
    const status = await anonymous.post('/complaints/status', { receipt: receipt.replaceAll('-', ' ') }, false);
    expect(status.statusCode).toBe(200);
    expect(status.body).toContain('ได้รับเรื่องแล้ว');
    expect(status.headers.location).toBeUndefined();
    const mistyped = await anonymous.post('/complaints/status', { receipt: receipt.replace(/^(.)/, (c) => (c === 'A' ? 'B' : 'A')) }, false);
    expect(mistyped.statusCode).toBe(400);
    expect(mistyped.body).toContain('พิมพ์ผิด');
  });

  it('does not even look up a staff session on a complainant’s page: no trace of the visit, no cookie, even on an error page', async () => {
    later(10 * 60_000); // past the once-a-minute touch of a session in use
    const seen = async () => (await s.t.db.query<{ at: string }>('SELECT max(last_seen_at) AS at FROM sessions'))[0]!.at;
    const before = await seen();
    const form = await coordinator.get('/o/huai-thong/complaints');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('คุณลงชื่อเข้าใช้ระบบของหน่วยงานอยู่ในเบราว์เซอร์นี้'); // from the cookie alone
    expect(form.headers['set-cookie']).toBeUndefined();
    const missing = await coordinator.get('/o/nowhere/complaints');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['set-cookie']).toBeUndefined();
    expect(await seen()).toBe(before);
    expect((await coordinator.get('/staff')).statusCode).toBe(200); // the staff pages do look it up
    expect(await seen()).not.toBe(before);
  });

  it('lets the officer unlock, read, answer and close; the complainant sees the answer and the outcome', async () => {
    const filed = (await s.app.inject({ method: 'POST', url: '/api/o/huai-thong/complaints', remoteAddress: CLIENT_IP, payload: { channel: 'internal', type: 'misconduct', text: TEXT } })).json() as { receipt: string };
    const inbox = await coordinator.get('/staff/o/huai-thong/complaints?status=all');
    const id = new RegExp(`/staff/o/huai-thong/complaints/([0-9a-f-]{36})"`).exec(inbox.body)?.[1];
    expect(id).toBeDefined();
    const ids = [...inbox.body.matchAll(/\/staff\/o\/huai-thong\/complaints\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    let caseId = '';
    for (const candidate of ids) {
      const page = await coordinator.get(`/staff/o/huai-thong/complaints/${candidate}`);
      if (page.body.includes('WEB-MARKER-TEXT') && page.body.includes('การผิดวินัยหรือจริยธรรม')) caseId = candidate;
    }
    expect(caseId).not.toBe('');
    // Locked in a fresh session: the case's metadata only, and the unlock form.
    const fresh = await signedInClient(s.app, demoEmail('coordinator'));
    const locked = await fresh.get(`/staff/o/huai-thong/complaints/${caseId}`);
    expect(locked.statusCode).toBe(200);
    expect(locked.body).not.toContain('WEB-MARKER-TEXT');
    expect((await fresh.post(`/staff/o/huai-thong/complaints/${caseId}/message`, { text: 'ยังไม่ได้ปลดล็อก' })).statusCode).toBe(423);
    expect((await fresh.post(`/staff/o/huai-thong/complaints/${caseId}/identity`, {})).statusCode).toBe(400);
    const wrong = await fresh.post('/staff/o/huai-thong/complaints/unlock', { passphrase: 'ผิดแน่นอนรหัสนี้', back: `/staff/o/huai-thong/complaints/${caseId}` });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('รหัสผ่านสำหรับเรื่องร้องเรียนไม่ถูกต้อง');
    const unlocked = await fresh.post('/staff/o/huai-thong/complaints/unlock', { passphrase: PASS, back: `/staff/o/huai-thong/complaints/${caseId}` });
    expect(unlocked.statusCode).toBe(303);
    expect(unlocked.headers.location).toBe(`/staff/o/huai-thong/complaints/${caseId}`);
    const open = await fresh.get(`/staff/o/huai-thong/complaints/${caseId}`);
    expect(open.body).toContain('WEB-MARKER-TEXT');
    const version = () => fresh.get(`/staff/o/huai-thong/complaints/${caseId}`).then((r) => /name="version" value="(\d+)"/.exec(r.body)![1]!);
    expect((await fresh.post(`/staff/o/huai-thong/complaints/${caseId}/message`, { text: 'ได้รับเรื่องแล้ว ขอข้อมูลวันเวลาเพิ่มเติม' })).statusCode).toBe(303);
    // Deadlines typed the Thai way (Buddhist era), shown back the same way; a Gregorian year changes nothing.
    const day = (days: number) => new Date(s.clock.now.getTime() + days * 24 * 3600_000);
    const deadlines = `/staff/o/huai-thong/complaints/${caseId}/deadlines`;
    const gregorian = await fresh.post(deadlines, { ackDue: todayInBangkok(day(10)), closeDue: formatThaiDate(day(20), { digits: 'arabic' }), version: await version() });
    expect(gregorian.statusCode).toBe(400);
    expect(gregorian.body).toContain('ต้องเป็นปี พ.ศ.');
    expect((await fresh.post(deadlines, { ackDue: formatThaiDate(day(10), { style: 'short' }), closeDue: formatThaiDate(day(20), { digits: 'arabic' }), version: await version() })).statusCode).toBe(303);
    const dated = await fresh.get(`/staff/o/huai-thong/complaints/${caseId}`);
    expect(/name="ackDue"[^>]*value="([^"]*)"/.exec(dated.body)?.[1]).toBe(messageDate(todayInBangkok(day(10))).th);
    expect(/name="closeDue"[^>]*value="([^"]*)"/.exec(dated.body)?.[1]).toBe(messageDate(todayInBangkok(day(20))).th);
    expect((await fresh.post(`/staff/o/huai-thong/complaints/${caseId}/note`, { text: '' })).body).toContain('id="f-note"');
    expect((await fresh.post(`/staff/o/huai-thong/complaints/${caseId}/status`, { status: 'closed', outcome: 'substantiated', version: await version() })).statusCode).toBe(303);
    const seen = (await s.app.inject({ method: 'GET', url: '/api/complaints/status', remoteAddress: CLIENT_IP, headers: { 'x-receipt-code': filed.receipt } })).json();
    expect(seen).toMatchObject({ status: 'closed', outcome: 'substantiated', messages: [{ from: 'officer', text: 'ได้รับเรื่องแล้ว ขอข้อมูลวันเวลาเพิ่มเติม' }] });
    const stale = await fresh.post(`/staff/o/huai-thong/complaints/${caseId}/status`, { status: 'investigating', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('มีผู้อื่นแก้ไขเรื่องนี้ไปก่อนแล้ว');
  });

  it('shows officers of another organisation, and people without complaints.handle, nothing', async () => {
    const inbox = await coordinator.get('/staff/o/huai-thong/complaints?status=all');
    const caseId = /\/staff\/o\/huai-thong\/complaints\/([0-9a-f-]{36})"/.exec(inbox.body)![1]!;
    const other = await signedInClient(s.app, 'coord@nong-bua.test');
    expect((await other.get('/staff/o/huai-thong/complaints')).statusCode).toBe(403);
    expect((await other.get(`/staff/o/huai-thong/complaints/${caseId}`)).statusCode).toBe(403);
    expect((await other.get(`/staff/o/nong-bua/complaints/${caseId}`)).statusCode).toBe(404);
    expect((await other.post(`/staff/o/nong-bua/complaints/${caseId}/status`, { status: 'closed', outcome: 'resolved', version: '1' })).statusCode).toBe(404);
    for (const role of ['auditor', 'unit_head', 'org_admin'] as const) {
      const c = await signedInClient(s.app, demoEmail(role));
      expect((await c.get('/staff/o/huai-thong/complaints')).statusCode, role).toBe(403);
      expect((await c.get(`/staff/o/huai-thong/complaints/${caseId}`)).statusCode, role).toBe(403);
    }
    const anonymous = new Client(s.app);
    expect((await anonymous.get('/staff/o/huai-thong/complaints')).statusCode).toBe(303);
  });

  it('publishes statistics without any count below the threshold', async () => {
    // Nothing of the current quarter is published; 100 days on, the quarter of the complaints above is over.
    const year = fiscalYearOf(s.clock.now);
    type Cell = { kind: string; value?: number; threshold?: number };
    type Stats = { nextPublication: string | null; periods: { quarter: number | null; tables: { rows: { cell: Cell }[]; total: Cell }[] }[] };
    const before = (await s.app.inject({ method: 'GET', url: `/api/o/huai-thong/complaints/statistics?year=${year}` })).json() as Stats;
    expect(before.nextPublication).not.toBeNull();
    s.clock.now = new Date(s.clock.now.getTime() + 100 * 24 * 3600_000);
    const res = await s.app.inject({ method: 'GET', url: `/api/o/huai-thong/complaints/statistics?year=${year}` });
    expect(res.statusCode).toBe(200);
    const stats = res.json() as Stats;
    expect(stats.periods.length).toBeGreaterThan(before.periods.length);
    const cells: Cell[] = stats.periods.flatMap((p) => p.tables.flatMap((t) => [...t.rows.map((r) => r.cell), t.total]));
    expect(cells.some((c) => c.kind === 'below')).toBe(true);
    for (const c of cells) if (c.kind === 'count') expect(c.value === 0 || c.value! >= 5).toBe(true);
    const officer = await signedInClient(s.app, demoEmail('executive'));
    const page = await officer.get(`/staff/o/huai-thong/complaints/statistics?year=${year}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt; 5');
  });
});
