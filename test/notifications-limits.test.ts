/**
 * The channels' limits and housekeeping (issue 20, points 2, 4, 6 and 8):
 * - the per-person rate limit (events.ts: SENDS_PER_HOUR single messages per person and hour, counted per event in
 *   `notification_sends`): beyond it the person gets no more e-mail or LINE in that hour, the inbox has every item,
 *   the e-mails held go into the next morning's digest and the LINE messages held are not sent (inbox only); the
 *   next hour sends again;
 * - the daily clean-up of the idempotency records (`notify.cleanup`, registered in the server's jobHandlers()):
 *   records older than KEEP_DELIVERIES_DAYS go, newer ones stay;
 * - what a drain did, by kind (doneByKind, the benchmark's report): the deliveries and the two daily clean-ups;
 * - `prongsai reminders` as a process: delivers over one pooled SMTP connection, closes it, and exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoAccounts } from '../src/accounts/accounts.ts';
import { cliActor, write } from '../src/app/actor.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { CLEANUP_KIND, doneByKind, drain, queueHandlers } from '../src/jobs/queue.ts';
import { DELIVERIES_CLEANUP_KIND, KEEP_DELIVERIES_DAYS, notificationHandlers } from '../src/notifications/event-jobs.ts';
import { DELIVER_KIND, DIGEST_KIND, notify, SENDS_PER_HOUR } from '../src/notifications/events.ts';
import { secretBox } from '../src/notifications/secret-box.ts';
import { jobHandlers } from '../src/web/server.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { fakeLine, type FakeLine } from './helpers/line.ts';
import { startSmtp, type TestSmtp } from './helpers/smtp.ts';

const KEY = randomBytes(32).toString('base64');
const TOKEN = `tok${randomBytes(32).toString('base64url')}`;
const UNIT_HEAD = 'unit@huai-thong.demo';
const DAY_MS = 86_400_000;
/** 10:15 in Bangkok: outside the default quiet hours, so LINE goes at once. */
const NOW = new Date('2027-01-12T10:15:00+07:00');

describe.each(backends())('rate limit, digest and clean-up on %s', (backend) => {
  let t: TestDb;
  let smtp: TestSmtp;
  let line: FakeLine;
  let orgId = '';
  let personId = '';
  const lineUser = `U${randomBytes(16).toString('hex')}`;
  const env = () => ({
    PRONGSAI_SMTP_URL: smtp.url,
    PRONGSAI_MAIL_FROM: 'ITA <ita@huai-thong.example>',
    PRONGSAI_PUBLIC_URL: 'https://ita.example.go.th',
    PRONGSAI_SECRET_KEY: KEY,
    PRONGSAI_LINE_API_URL: line.url,
  });
  const event = (i: number) => ({
    kind: 'progress.due' as const,
    orgId,
    to: { people: [personId] },
    subject: `limit-test:${i}`,
    titleTh: `ข้อความทดสอบที่ ${i}`,
    titleEn: `test message ${i}`,
    link: '/staff/inbox',
  });
  const send = (i: number, at: Date) => write(t.db, cliActor('test'), orgId, (tx) => notify(tx, event(i), at));
  const mailSubjects = () => smtp.received.filter((r) => r.to.includes(UNIT_HEAD)).map((r) => r.mail.subject ?? '');
  const pushes = () => line.requests.filter((r) => r.url === '/v2/bot/message/push');

  beforeAll(async () => {
    smtp = await startSmtp();
    line = await fakeLine();
    t = await testDb(backend);
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, new Date('2026-10-01T00:00:00Z'));
    const [org] = await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'huai-thong'`);
    const [person] = await t.db.query<{ id: string }>('SELECT id FROM people WHERE email = $1', [UNIT_HEAD]);
    orgId = org!.id;
    personId = person!.id;
    // The organisation's LINE channel (sealed as the settings page seals it) and the unit head's LINE link.
    const box = secretBox(Buffer.from(KEY, 'base64'));
    await t.db.query('INSERT INTO line_channels (org_id, secret_sealed, token_sealed) VALUES ($1, $2, $3)', [orgId, box.seal('a'.repeat(32)), box.seal(TOKEN)]);
    await t.db.query('INSERT INTO line_links (org_id, person_id, line_user_id) VALUES ($1, $2, $3)', [orgId, personId, lineUser]);
  }, 120_000);
  afterAll(async () => {
    await t.dispose();
    await smtp.close();
    await line.close();
  });

  it(`sends at most ${SENDS_PER_HOUR} single messages an hour; the inbox has every item, held e-mails go into the digest, held LINE messages do not go`, async () => {
    const over = SENDS_PER_HOUR + 2;
    for (let i = 1; i <= over; i++) await send(i, NOW);
    const handlers = notificationHandlers(queueHandlers(), env());
    try {
      expect(await drain(t.db, handlers, { now: NOW })).toEqual({ done: 2 * SENDS_PER_HOUR + 2, retried: 0, failed: 0 });
      // What the drain did, said exactly: one delivery per message sent, and the day's two clean-ups.
      expect(await doneByKind(t.db, NOW)).toEqual({ [DELIVER_KIND]: 2 * SENDS_PER_HOUR, [CLEANUP_KIND]: 1, [DELIVERIES_CLEANUP_KIND]: 1 });

      const firsts = Array.from({ length: SENDS_PER_HOUR }, (_, i) => `ข้อความทดสอบที่ ${i + 1}`);
      expect(mailSubjects().sort()).toEqual([...firsts].sort());
      expect(pushes()).toHaveLength(SENDS_PER_HOUR);
      expect(pushes().every((p) => (p.body as { to: string }).to === lineUser && p.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
      const items = await t.db.query<{ subject: string }>(`SELECT subject FROM inbox_items WHERE person_id = $1 AND subject LIKE 'limit-test:%'`, [personId]);
      expect(items).toHaveLength(over);
      const held = await t.db.query<{ subject: string }>('SELECT subject FROM notification_digest WHERE person_id = $1 ORDER BY subject', [personId]);
      expect(held.map((h) => h.subject)).toEqual([`limit-test:${SENDS_PER_HOUR + 1}`, `limit-test:${SENDS_PER_HOUR + 2}`]);

      // The next hour is a new window: a message goes singly again, on both channels.
      const nextHour = new Date(NOW.getTime() + 3_600_000);
      await send(over + 1, nextHour);
      expect((await drain(t.db, handlers, { now: nextHour })).done).toBe(2);
      expect(mailSubjects()).toContain(`ข้อความทดสอบที่ ${over + 1}`);
      expect(pushes()).toHaveLength(SENDS_PER_HOUR + 1);

      // 07:00 the next morning: the digest e-mail lists the held ones; the held LINE messages never go.
      const morning = new Date('2027-01-13T07:00:00+07:00');
      expect(await drain(t.db, handlers, { now: morning })).toEqual({ done: 3, retried: 0, failed: 0 });
      expect(await doneByKind(t.db, morning)).toEqual({ [DIGEST_KIND]: 1, [CLEANUP_KIND]: 1, [DELIVERIES_CLEANUP_KIND]: 1 });
      const digest = smtp.received.find((r) => (r.mail.subject ?? '').startsWith('สรุปการแจ้งเตือนประจำวันที่ 2027-01-12'));
      expect(digest?.mail.text).toContain(`ข้อความทดสอบที่ ${SENDS_PER_HOUR + 1}`);
      expect(digest?.mail.text).toContain(`ข้อความทดสอบที่ ${SENDS_PER_HOUR + 2}`);
      expect(mailSubjects()).toHaveLength(SENDS_PER_HOUR + 2);
      expect(pushes()).toHaveLength(SENDS_PER_HOUR + 1);
    } finally {
      await handlers.close();
    }
  });

  it(`the server's daily notify.cleanup deletes the idempotency records older than ${KEEP_DELIVERIES_DAYS} days`, async () => {
    const handlers = jobHandlers();
    expect(handlers.dailyKinds().sort()).toEqual([CLEANUP_KIND, DELIVERIES_CLEANUP_KIND]);
    const at = new Date('2027-03-01T10:00:00+07:00');
    const ago = (days: number) => new Date(at.getTime() - days * DAY_MS).toISOString();
    for (const [key, status, created, sent] of [
      ['cleanup:old-sent', 'sent', ago(40), ago(31)],
      ['cleanup:old-sending', 'sending', ago(31), null],
      ['cleanup:recent-sent', 'sent', ago(40), ago(29)],
      ['cleanup:recent-sending', 'sending', ago(1), null],
    ] as const) {
      await t.db.query('INSERT INTO deliveries (key, status, created_at, sent_at) VALUES ($1, $2, $3, $4)', [key, status, created, sent]);
    }
    try {
      expect(await drain(t.db, handlers, { now: at })).toEqual({ done: 2, retried: 0, failed: 0 });
    } finally {
      await handlers.close();
    }
    const left = await t.db.query<{ key: string }>(`SELECT key FROM deliveries WHERE key LIKE 'cleanup:%' ORDER BY key`);
    expect(left.map((r) => r.key)).toEqual(['cleanup:recent-sending', 'cleanup:recent-sent']);
  });
});

describe.each(backends())('prongsai reminders as a process on %s', (backend) => {
  let t: TestDb;
  let smtp: TestSmtp;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    // The server never drops an idle connection within the test: only the command closing its pool lets it exit.
    smtp = await startSmtp({ idleMs: 600_000 });
    t = await testDb(backend);
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, new Date('2026-10-01T00:00:00Z'));
    // PGlite: one process at a time on its folder; the command opens it itself.
    if (backend === 'pglite') await t.db.close();
  }, 120_000);
  afterAll(async () => {
    // A command that did not exit (the test failed) is ended here.
    if (child && child.exitCode === null) child.kill();
    // PGlite: its connection was closed for the command; the folder goes.
    if (t.options.dataDir) rmSync(t.options.dataDir, { recursive: true, force: true });
    else await t.dispose();
    await smtp.close();
  });

  it('delivers over one pooled SMTP connection, closes it and exits', async () => {
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    const env = {
      ...rest,
      ...(t.options.url ? { DATABASE_URL: t.options.url } : { PRONGSAI_DATA: t.options.dataDir }),
      PRONGSAI_SMTP_URL: smtp.url,
      PRONGSAI_MAIL_FROM: 'ITA <ita@huai-thong.example>',
      PRONGSAI_PUBLIC_URL: 'https://ita.example.go.th',
      PRONGSAI_SECRET_KEY: KEY,
    };
    const root = fileURLToPath(new URL('..', import.meta.url));
    child = spawn(process.execPath, ['bin/prongsai.js', 'reminders', '--now', '2027-01-10T09:00:00+07:00', '--json'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
    // Without closing the pooled transport the process stays alive on its open connection (nodemailer's and the
    // server's idle timeouts are 10 minutes): this does not resolve within the test's time, and the test fails.
    const running = child;
    const code = await new Promise<number | null>((resolve) => running.on('exit', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ jobs: { failed: 0 } });
    expect(smtp.received.some((r) => r.to.includes(UNIT_HEAD))).toBe(true);
    expect(smtp.received.length).toBeGreaterThan(1);
    expect(smtp.connections.count).toBe(1);
  }, 120_000);
});
