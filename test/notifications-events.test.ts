/**
 * Notification events (issue 20, points 1, 3 and 6): an approval request reaches the executive's inbox and, after
 * the queue is drained, an SMTP server started here (Thai subject, deep link, one-click unsubscribe); the same
 * subject notified twice is one inbox item and one mail; preferences (a kind off for e-mail: nothing sent; a daily
 * digest: one mail with both notifications the next morning; quiet hours: LINE postponed to 07:00 Bangkok, e-mail
 * not); a complaint's notification holds nothing of the complaint and no time of day; the unsubscribe link works
 * once and turns its kind off.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import { fileComplaint } from '../src/complaints/complaints.ts';
import { setUpChannel } from '../src/complaints/keys.ts';
import { drain, JobHandlers } from '../src/jobs/queue.ts';
import { notificationHandlers } from '../src/notifications/event-jobs.ts';
import { EVENT_KINDS, notify, type NotificationEvent } from '../src/notifications/events.ts';
import { backends } from './helpers/db.ts';
import { startSmtp, type TestSmtp } from './helpers/smtp.ts';
import { demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const KEY = randomBytes(32).toString('base64');
const ORIGIN = 'https://ita.example.go.th';
const COMPLAINT = 'ปลัดเรียกรับเงิน MARKER-COMPLAINT-TEXT ก่อนออกใบอนุญาต';

describe.each(backends())('notification events on %s', (backend) => {
  let s: TestServer;
  let smtp: TestSmtp;
  let handlers: JobHandlers;
  const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email)).map((m) => m.mail);

  const q = <T,>(sql: string, params: unknown[] = []) => s.t.db.query<T>(sql, params);
  const personId = async (email: string) => (await q<{ id: string }>('SELECT id FROM people WHERE email = $1', [email]))[0]!.id;
  let orgId = '';
  const event = (over: Partial<NotificationEvent>): NotificationEvent => ({
    kind: 'progress.due',
    orgId,
    to: { roles: ['unit_head'] },
    subject: 'progress:test:2026-12',
    titleTh: 'ถึงกำหนดรายงานความก้าวหน้าเดือนธันวาคม',
    titleEn: 'December progress due',
    link: '/staff/o/huai-thong/2570/measures',
    ...over,
  });
  const notifyAt = (e: NotificationEvent, now: Date) => s.t.db.transaction((tx) => notify(tx, e, now));
  const deliverJobs = (subject: string) =>
    q<{ channel: string; person: string; run_at: string }>(
      `SELECT payload->>'channel' AS channel, payload->>'personId' AS person, to_char(run_at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM-DD"T"HH24:MI') AS run_at
         FROM jobs WHERE kind = 'notify.deliver' AND payload->>'subject' = $1 ORDER BY 1`,
      [subject],
    );
  const inboxOf = (email: string, subject: string) =>
    q<{ kind: string; title_th: string; created_at: string }>(
      `SELECT i.kind, i.title_th, to_char(i.created_at AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM-DD"T"HH24:MI:SS') AS created_at
         FROM inbox_items i JOIN people p ON p.id = i.person_id WHERE p.email = $1 AND i.subject = $2`,
      [email, subject],
    );
  const ALL_ON = { email: [...EVENT_KINDS], line: [...EVENT_KINDS], quietStart: '21:00', quietEnd: '07:00', lang: 'th' };

  beforeAll(async () => {
    vi.stubEnv('PRONGSAI_SECRET_KEY', KEY);
    vi.stubEnv('PRONGSAI_PUBLIC_URL', ORIGIN);
    smtp = await startSmtp();
    handlers = notificationHandlers(new JobHandlers(), {
      PRONGSAI_SMTP_URL: smtp.url,
      PRONGSAI_MAIL_FROM: 'ITA <ita@huai-thong.example>',
      PRONGSAI_PUBLIC_URL: ORIGIN,
      PRONGSAI_SECRET_KEY: KEY,
    });
    s = await startServer(backend);
    orgId = (await q<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'huai-thong'`))[0]!.id;
  });
  afterAll(async () => {
    await s.close();
    await smtp.close();
    vi.unstubAllEnvs();
  });

  let unsubscribeLink = '';

  it('puts an approval request in the executive’s inbox and e-mails it, Thai subject and deep link', async () => {
    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    await coordinator.get('/staff/o/huai-thong/2570/approvals');
    const res = await coordinator.post('/staff/o/huai-thong/2570/approvals', { subject: 'measures-plan' });
    expect(res.statusCode).toBe(303);
    const [approval] = await q<{ id: string }>(`SELECT id FROM approvals WHERE status = 'requested' ORDER BY requested_at DESC LIMIT 1`);
    const subject = `approval:${approval!.id}`;
    const executive = demoEmail('executive');
    expect(await inboxOf(executive, subject)).toEqual([expect.objectContaining({ kind: 'approval', title_th: expect.stringMatching(/^รออนุมัติ/) })]);
    expect(await inboxOf(demoEmail('coordinator'), subject)).toEqual([]);
    expect(mailsTo(executive)).toHaveLength(0);
    const result = await drain(s.t.db, handlers, { now: new Date() });
    expect(result.failed).toBe(0);
    const [mail] = mailsTo(executive);
    expect(mail?.subject).toMatch(/^รออนุมัติ: .+ ปี 2570/);
    expect(mail?.text).toContain(`เปิดในโปร่งใส: ${ORIGIN}/staff/o/huai-thong/2570/approvals`);
    expect(String(mail?.html)).toContain(`<a href="${ORIGIN}/staff/o/huai-thong/2570/approvals">`);
    const header = mail?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    expect(mail?.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    unsubscribeLink = /<([^>]+)>/.exec(header)?.[1] ?? '';
    expect(unsubscribeLink).toMatch(new RegExp(`^${ORIGIN}/unsubscribe/[A-Za-z0-9_-]{44}$`));
    // Draining again sends nothing more.
    await drain(s.t.db, handlers, { now: new Date() });
    expect(mailsTo(executive)).toHaveLength(1);
  });

  it('notifies the same subject twice as one inbox item and one mail', async () => {
    const now = new Date('2026-12-05T03:00:00Z'); // 10:00 Bangkok
    const unitHead = demoEmail('unit_head');
    expect(await notifyAt(event({}), now)).toBeGreaterThan(0);
    await notifyAt(event({}), now);
    expect(await inboxOf(unitHead, 'progress:test:2026-12')).toEqual([{ kind: 'progress', title_th: 'ถึงกำหนดรายงานความก้าวหน้าเดือนธันวาคม', created_at: '2026-12-05T10:00:00' }]);
    await drain(s.t.db, handlers, { now });
    expect(mailsTo(unitHead).filter((m) => m.subject === 'ถึงกำหนดรายงานความก้าวหน้าเดือนธันวาคม')).toHaveLength(1);
  });

  it('sends nothing on a channel the person turned off; the inbox still has it', async () => {
    const unitHead = demoEmail('unit_head');
    const client = await signedInClient(s.app, unitHead);
    const page = await client.get('/staff/settings/notifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('มีเรื่องร้องเรียนใหม่');
    const bad = await client.post('/staff/settings/notifications', { ...ALL_ON, quietStart: '25:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ชช:นน');
    const saved = await client.post('/staff/settings/notifications', { ...ALL_ON, email: EVENT_KINDS.filter((k) => k !== 'oit.due') });
    expect(saved.statusCode).toBe(303);
    const now = new Date('2026-12-05T04:00:00Z');
    await notifyAt(event({ kind: 'oit.due', subject: 'oit:test:2026-12', titleTh: 'ถึงกำหนดปรับปรุงข้อมูล OIT ทดสอบ' }), now);
    expect(await inboxOf(unitHead, 'oit:test:2026-12')).toHaveLength(1);
    expect(await deliverJobs('oit:test:2026-12')).toEqual([]);
    await drain(s.t.db, handlers, { now });
    expect(mailsTo(unitHead).filter((m) => m.subject === 'ถึงกำหนดปรับปรุงข้อมูล OIT ทดสอบ')).toHaveLength(0);
  });

  it('sends a daily digest instead of single mails: one mail with both notifications, the next morning', async () => {
    const coordinatorEmail = demoEmail('coordinator');
    const client = await signedInClient(s.app, coordinatorEmail);
    await client.get('/staff/settings/notifications');
    expect((await client.post('/staff/settings/notifications', { ...ALL_ON, digest: 'yes' })).statusCode).toBe(303);
    const now = new Date('2026-12-05T05:00:00Z'); // 12:00 Bangkok
    const before = mailsTo(coordinatorEmail).length;
    await notifyAt(event({ kind: 'oit.stale', to: { roles: ['coordinator'] }, subject: 'oit:a:2026-12', titleTh: 'ข้อมูล OIT ข้อ ก ไม่เป็นปัจจุบัน' }), now);
    await notifyAt(event({ kind: 'oit.stale', to: { roles: ['coordinator'] }, subject: 'oit:b:2026-12', titleTh: 'ข้อมูล OIT ข้อ ข ไม่เป็นปัจจุบัน' }), now);
    await drain(s.t.db, handlers, { now });
    expect(mailsTo(coordinatorEmail)).toHaveLength(before);
    await drain(s.t.db, handlers, { now: new Date('2026-12-06T00:00:00Z') }); // 07:00 Bangkok, 6 Dec
    const digests = mailsTo(coordinatorEmail).slice(before);
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toBe('สรุปการแจ้งเตือนประจำวันที่ 2026-12-05 (2 รายการ)');
    expect(digests[0]?.text).toContain('ข้อมูล OIT ข้อ ก ไม่เป็นปัจจุบัน');
    expect(digests[0]?.text).toContain('ข้อมูล OIT ข้อ ข ไม่เป็นปัจจุบัน');
    // Back to single messages for the tests below.
    expect((await client.post('/staff/settings/notifications', ALL_ON)).statusCode).toBe(303);
  });

  it('postpones LINE in quiet hours to 07:00 Bangkok, and not e-mail', async () => {
    const executive = await personId(demoEmail('executive'));
    await q(`INSERT INTO line_links (org_id, person_id, line_user_id) VALUES ($1, $2, $3)`, [orgId, executive, `U${'a'.repeat(32)}`]);
    const now = new Date('2026-12-05T15:30:00Z'); // 22:30 Bangkok
    await notifyAt(event({ kind: 'approval.outdated', to: { people: [executive] }, subject: 'approval-outdated:test' }), now);
    expect(await deliverJobs('approval-outdated:test')).toEqual([
      { channel: 'email', person: executive, run_at: '2026-12-05T22:30' },
      { channel: 'line', person: executive, run_at: '2026-12-06T07:00' },
    ]);
    // No LINE channel is configured: the job ends without error, recorded.
    await drain(s.t.db, handlers, { now: new Date('2026-12-06T00:00:00Z') });
    expect(await q(`SELECT reason FROM delivery_skips WHERE key LIKE 'notification:approval.outdated:approval-outdated:test:line:%'`)).toEqual([{ reason: 'no-line-link' }]);
    expect(await q(`SELECT status FROM jobs WHERE kind = 'notify.deliver' AND payload->>'subject' = 'approval-outdated:test'`)).toEqual([{ status: 'done' }, { status: 'done' }]);
  });

  it('tells the complaint officers of a new case without its content, type, complainant or time of day', async () => {
    const T0 = new Date('2026-12-07T09:41:27.123Z'); // 16:41 Bangkok
    const signed = await signIn(s.t.db, demoEmail('coordinator'), DEMO_PASSWORD, T0);
    await setUpChannel(s.t.db, signed.account.principal, 'huai-thong', signed.sessionId, 'รหัสผ่านของผู้ประสานงาน 2569', T0, { kdfCost: { m: 1024, t: 1, p: 1 } });
    await fileComplaint(s.t.db, 'huai-thong', { channel: 'public', type: 'corruption', text: COMPLAINT, identity: { name: 'นางสาวผู้แจ้ง MARKER-NAME', contact: '081' } }, [], T0);
    const [row] = await q<{ id: string }>('SELECT id FROM complaints');
    const subject = `complaint:${row!.id}`;
    const coordinatorEmail = demoEmail('coordinator');
    expect(await inboxOf(coordinatorEmail, subject)).toEqual([{ kind: 'complaint', title_th: 'มีเรื่องร้องเรียนใหม่', created_at: '2026-12-07T00:00:00' }]);
    const jobs = await q<{ text: string; created: string }>(
      `SELECT payload::text AS text, to_char(created_at AT TIME ZONE 'Asia/Bangkok', 'HH24:MI:SS') AS created FROM jobs WHERE payload->>'subject' = $1`,
      [subject],
    );
    expect(jobs.length).toBeGreaterThan(0);
    for (const j of jobs) {
      expect(j.text).not.toMatch(/MARKER|corruption/);
      expect(j.created).toBe('00:00:00');
    }
    expect(await deliverJobs(subject)).toContainEqual(expect.objectContaining({ channel: 'email', run_at: '2026-12-08T07:00' }));
    const before = smtp.received.length;
    await drain(s.t.db, handlers, { now: T0 });
    expect(smtp.received.length).toBe(before);
    await drain(s.t.db, handlers, { now: new Date('2026-12-08T00:00:00Z') });
    const sent = smtp.received.slice(before).map((m) => m.mail);
    expect(sent.map((m) => m.subject)).toContain('มีเรื่องร้องเรียนใหม่');
    for (const m of sent) {
      const whole = `${m.subject}\n${m.text}\n${String(m.html)}`;
      expect(whole).not.toContain('MARKER');
      expect(whole).not.toContain('เรียกรับเงิน');
    }
  });

  it('unsubscribes by the one-click link once, turning that kind off for e-mail', async () => {
    const path = unsubscribeLink.slice(ORIGIN.length);
    const shown = await s.app.inject({ method: 'GET', url: path });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('เลิกรับทางอีเมล');
    expect((await s.app.inject({ method: 'GET', url: `${path.slice(0, -3)}abc` })).statusCode).toBe(400);
    const done = await s.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('มีเอกสารรออนุมัติ');
    const again = await s.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(again.statusCode).toBe(400);
    const executive = await personId(demoEmail('executive'));
    await notifyAt(event({ kind: 'approval.requested', to: { people: [executive] }, subject: 'approval:after-unsubscribe' }), new Date());
    expect((await deliverJobs('approval:after-unsubscribe')).map((j) => j.channel)).toEqual(['line']);
    await notifyAt(event({ kind: 'approval.decided', to: { people: [executive] }, subject: 'approval-decided:after' }), new Date());
    expect((await deliverJobs('approval-decided:after')).map((j) => j.channel)).toEqual(['email', 'line']);
  });

  it('lets the organisation’s administrator set its defaults, and nobody else', async () => {
    const admin = await signedInClient(s.app, demoEmail('org_admin'));
    const page = await admin.get('/staff/o/huai-thong/notifications');
    expect(page.statusCode).toBe(200);
    expect((await admin.post('/staff/o/huai-thong/notifications', { ...ALL_ON, line: [], lang: 'en' })).statusCode).toBe(303);
    const unit = await signedInClient(s.app, demoEmail('unit_head'));
    expect((await unit.get('/staff/o/huai-thong/notifications')).statusCode).toBe(403);
    // The auditor has no preferences of their own: the defaults apply (no LINE even when linked).
    const auditor = await personId(demoEmail('auditor'));
    await q(`INSERT INTO line_links (org_id, person_id, line_user_id) VALUES ($1, $2, $3)`, [orgId, auditor, `U${'b'.repeat(32)}`]);
    await notifyAt(event({ kind: 'evidence.missing', to: { people: [auditor] }, subject: 'evidence:test' }), new Date());
    expect((await deliverJobs('evidence:test')).map((j) => j.channel)).toEqual(['email']);
  });

  it('reaches the supervisors of the organisation’s offices when the roles say so, filed under their office', async () => {
    const [office] = await q<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('district-office', 'สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ', 'other') RETURNING id`);
    await q('UPDATE organisations SET parent_id = $1 WHERE id = $2', [office!.id, orgId]);
    const [sup] = await q<{ id: string }>(`INSERT INTO people (org_id, name_th, email) VALUES (NULL, 'นายกำกับ ดูแล', 'supervisor@district.test') RETURNING id`);
    await q(`INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'supervisor')`, [sup!.id, office!.id]);
    const now = new Date('2026-12-05T03:00:00Z');
    expect(await notifyAt(event({ kind: 'survey.minimum', to: { roles: ['coordinator'] }, subject: 'survey:no-sup' }), now)).toBe(1);
    expect(await inboxOf('supervisor@district.test', 'survey:no-sup')).toEqual([]);
    expect(await notifyAt(event({ kind: 'survey.minimum', to: { roles: ['coordinator', 'supervisor'] }, subject: 'survey:sup' }), now)).toBe(2);
    expect(await q('SELECT org_id FROM inbox_items WHERE person_id = $1', [sup!.id])).toEqual([{ org_id: office!.id }]);
    // Bad input changes nothing.
    await expect(notifyAt(event({ subject: 'x', link: 'https://evil.example/' }), now)).rejects.toMatchObject({ field: 'link' });
  });
});
