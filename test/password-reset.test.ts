/**
 * Forgotten passwords by e-mail (issue 20, point 5; docs/accounts-security.md §3), through the web pages, the job
 * queue and a real SMTP server started here: the request, the one answer whether or not the address has an
 * account, the e-mail and its one-time link, the new password, the sessions and the lockout it ends, the link's
 * single use and one-hour life, the per-e-mail and per-address limits, CSRF, and the fallback without SMTP.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { sha256 } from '../src/accounts/accounts.ts';
import { PASSWORD_RESET_MS, RESET_PER_EMAIL } from '../src/accounts/password-reset.ts';
import { drain } from '../src/jobs/queue.ts';
import { jobHandlers } from '../src/web/server.ts';
import { backends } from './helpers/db.ts';
import { startSmtp, type ReceivedMail, type TestSmtp } from './helpers/smtp.ts';
import { Client, demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const PUBLIC_URL = 'https://ita.example.go.th';
const NEW_PASSWORD = 'ลืมแล้วตั้งใหม่-2570';
const SENT = 'ถ้ามีบัญชีนี้ ระบบได้ส่งลิงก์ไปที่อีเมลแล้ว';

let smtp: TestSmtp;
let received: ReceivedMail[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  received = smtp.received;
});
afterAll(() => smtp.close());

/** The mails received to `to` since `from` (an index into `received`). */
const mailsTo = (to: string, from = 0) => received.slice(from).filter((r) => r.to.includes(to));
const linkOf = (mail: ParsedMail): string => {
  const found = new RegExp(`${PUBLIC_URL}(/reset/[A-Za-z0-9_-]{43})`).exec(mail.text ?? '');
  if (!found?.[1]) throw new Error(`no reset link in: ${mail.text}`);
  return found[1];
};
/** A page's body without what differs from one request to the next (the CSRF token). */
const sameness = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '').replace(/x-csrf-token&quot;:&quot;[^&]*&quot;/g, '');

describe.each(backends())('forgotten passwords by e-mail (%s)', (backend) => {
  let s: TestServer;
  const unit = demoEmail('unit_head');

  beforeEach(async () => {
    vi.stubEnv('PRONGSAI_SMTP_URL', smtp.url);
    vi.stubEnv('PRONGSAI_MAIL_FROM', 'ITA อบต.ห้วยทอง <ita@huai-thong.example>');
    vi.stubEnv('PRONGSAI_PUBLIC_URL', PUBLIC_URL);
    s = await startServer(backend);
  });
  afterEach(async () => {
    await s.close();
    vi.unstubAllEnvs();
  });

  /** Runs the queued jobs at the server's clock (the mail is sent by the job, not while the page answers). */
  const runJobs = () => drain(s.t.db, jobHandlers(), { now: s.clock.now });

  /** Asks for a reset link through the form, as a browser. */
  async function ask(email: string, client = new Client(s.app)) {
    await client.get('/forgot-password');
    return client.post('/forgot-password', { email });
  }

  /** Asks for a link for the unit head and returns it, read from the e-mail. */
  async function linkFor(email: string): Promise<string> {
    const from = received.length;
    expect((await ask(email)).statusCode).toBe(200);
    await runJobs();
    const mails = mailsTo(email, from);
    expect(mails).toHaveLength(1);
    return linkOf(mails[0]!.mail);
  }

  it('e-mails a one-time link that sets a new password, ends the old sessions, clears the lockout and works once', async () => {
    const old = await signedInClient(s.app, unit);
    expect((await old.get('/staff')).statusCode).toBe(200);
    // The account is locked at this address (5 failures after that sign-in).
    s.clock.now = new Date(s.clock.now.getTime() + 1000);
    const stranger = new Client(s.app);
    await stranger.get('/login');
    for (let i = 0; i < 5; i++) expect((await stranger.post('/login', { email: unit, password: 'wrong-password-0' })).statusCode).toBe(401);
    expect((await stranger.post('/login', { email: unit, password: 'huaithong-demo-2566' })).statusCode).toBe(429);

    const from = received.length;
    const answer = await ask(unit);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain(SENT);
    expect(mailsTo(unit, from)).toHaveLength(0); // sent by the job, not while the page answered
    await runJobs();
    const [mail] = mailsTo(unit, from);
    expect(mail?.mail.subject).toBe('ตั้งรหัสผ่านใหม่สำหรับบัญชีโปร่งใสของท่าน');
    expect(mail?.mail.text).toContain('เรียน นางวันดี การคลัง');
    expect(mail?.mail.text).toContain('ภายใน 60 นาที');
    expect(mail?.mail.text).toContain('ถ้าท่านไม่ได้ขอ ไม่ต้องทำอะไร');
    const link = linkOf(mail!.mail);

    // Only the token's hash is kept.
    const token = link.slice('/reset/'.length);
    const stored = await s.t.db.query('SELECT token_hash, created_at, expires_at, used_at FROM password_resets');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ token_hash: sha256(token), used_at: null });
    expect(JSON.stringify(stored)).not.toContain(token);

    const browser = new Client(s.app);
    const form = await browser.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('ตั้งรหัสผ่านใหม่');
    // The same password rules as everywhere; a refusal changes nothing.
    const mismatch = await browser.post(link, { password: NEW_PASSWORD, password2: `${NEW_PASSWORD}x` });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('รหัสผ่านทั้งสองช่องไม่ตรงกัน');
    const short = await browser.post(link, { password: 'สั้น', password2: 'สั้น' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('รหัสผ่านต้องยาวอย่างน้อย 10 ตัวอักษร');
    expect((await old.get('/staff')).statusCode).toBe(200);

    const done = await browser.post(link, { password: NEW_PASSWORD, password2: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/login?reset=1');
    expect((await browser.get('/login?reset=1')).body).toContain('ตั้งรหัสผ่านใหม่แล้ว โปรดลงชื่อเข้าใช้ด้วยรหัสผ่านใหม่');

    // The old session ended; the old password no longer works; the new one does, even at the locked address.
    expect((await old.get('/staff')).statusCode).not.toBe(200);
    expect((await stranger.post('/login', { email: unit, password: 'huaithong-demo-2566' })).statusCode).toBe(401);
    const signed = await stranger.post('/login', { email: unit, password: NEW_PASSWORD });
    expect(signed.statusCode).toBe(303);

    // Once only.
    const again = await new Client(s.app).get(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('ลิงก์นี้ใช้ไม่ได้แล้ว');
    const reuse = new Client(s.app);
    await reuse.get('/login');
    expect((await reuse.post(link, { password: 'อีกรหัสหนึ่ง-2570', password2: 'อีกรหัสหนึ่ง-2570' })).statusCode).toBe(410);
    expect((await signedInClient(s.app, unit, NEW_PASSWORD)).signedIn).toBe(true);
  });

  it('refuses the link after one hour, with a clear Thai page, and a used link spends the others', async () => {
    const first = await linkFor(unit);
    const second = await linkFor(unit);
    const start = s.clock.now.getTime();
    s.clock.now = new Date(start + PASSWORD_RESET_MS - 1000);
    expect((await new Client(s.app).get(first)).statusCode).toBe(200);
    s.clock.now = new Date(start + PASSWORD_RESET_MS + 1000);
    const late = new Client(s.app);
    const page = await late.get(first);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('หมดอายุ (ใช้ได้ 1 ชั่วโมง)');
    expect(page.body).toContain('href="/forgot-password"');
    await late.get('/login');
    expect((await late.post(first, { password: NEW_PASSWORD, password2: NEW_PASSWORD })).statusCode).toBe(410);
    expect((await signedInClient(s.app, unit)).signedIn).toBe(true); // the password did not change

    // Within the hour, using one link spends the other one too.
    s.clock.now = new Date(start);
    const third = await linkFor(unit);
    const browser = new Client(s.app);
    await browser.get(second);
    expect((await browser.post(second, { password: NEW_PASSWORD, password2: NEW_PASSWORD })).statusCode).toBe(303);
    expect((await new Client(s.app).get(third)).statusCode).toBe(410);
  });

  it('answers an unknown address with the same page and status, and sends nothing', async () => {
    const known = await ask(unit);
    const from = received.length;
    const unknown = await ask('nobody@huai-thong.demo');
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(sameness(unknown.body)).toBe(sameness(known.body));
    // The same work: one job each.
    const jobs = await s.t.db.query(`SELECT payload ->> 'email' AS email FROM jobs WHERE kind = 'accounts.password-reset' ORDER BY id`);
    expect(jobs.map((r) => r.email)).toEqual([unit, 'nobody@huai-thong.demo']);
    await runJobs();
    expect(mailsTo('nobody@huai-thong.demo', from)).toHaveLength(0);
    expect(mailsTo(unit, from)).toHaveLength(1);
    // A malformed address is told so (that says nothing about accounts).
    const bad = await ask('not-an-address');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('อีเมลไม่ถูกต้อง');
  });

  it('limits the requests per e-mail address (any address, in memory) and refuses forms without the CSRF token', async () => {
    for (const email of [unit, 'nobody@huai-thong.demo']) {
      for (let i = 0; i < RESET_PER_EMAIL.requests; i++) expect((await ask(email)).statusCode).toBe(200);
      const refused = await ask(email);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toContain(`ขอลิงก์ตั้งรหัสผ่านใหม่สำหรับอีเมลนี้ครบ ${RESET_PER_EMAIL.requests} ครั้งภายใน 15 นาทีแล้ว`);
    }
    const jobs = await s.t.db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'accounts.password-reset'`);
    expect(jobs[0]).toEqual({ n: 2 * RESET_PER_EMAIL.requests });
    s.clock.now = new Date(s.clock.now.getTime() + RESET_PER_EMAIL.windowMs + 1000);
    expect((await ask(unit)).statusCode).toBe(200);

    const link = await linkFor(demoEmail('auditor'));
    const noToken = new Client(s.app);
    await noToken.get(link);
    expect((await noToken.post('/forgot-password', { email: unit }, false)).statusCode).toBe(403);
    expect((await noToken.post(link, { password: NEW_PASSWORD, password2: NEW_PASSWORD }, false)).statusCode).toBe(403);
    expect((await new Client(s.app).get(link)).statusCode).toBe(200); // not used
  });

  it('limits the requests per client address', async () => {
    const limited = await startServer(backend, { signInPerMinute: 2 });
    try {
      const client = new Client(limited.app);
      await client.get('/forgot-password');
      expect((await client.post('/forgot-password', { email: 'a@huai-thong.demo' })).statusCode).toBe(200);
      expect((await client.post('/forgot-password', { email: 'b@huai-thong.demo' })).statusCode).toBe(200);
      expect((await client.post('/forgot-password', { email: 'c@huai-thong.demo' })).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('without PRONGSAI_SMTP_URL, says to ask the administrator and queues nothing', async () => {
    vi.stubEnv('PRONGSAI_SMTP_URL', undefined);
    const login = await new Client(s.app).get('/login');
    expect(login.body).toContain('href="/forgot-password"');
    const client = new Client(s.app);
    const page = await client.get('/forgot-password');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ระบบนี้ยังไม่ได้ตั้งค่าการส่งอีเมล');
    expect(page.body).not.toContain('name="email"');
    const posted = await client.post('/forgot-password', { email: unit });
    expect(posted.body).toContain('โปรดติดต่อผู้ดูแลระบบของหน่วยงานของท่าน');
    const jobs = await s.t.db.query(`SELECT count(*)::int AS n FROM jobs`);
    expect(jobs[0]).toEqual({ n: 0 });
  });
});
