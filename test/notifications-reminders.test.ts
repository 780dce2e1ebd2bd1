/**
 * Reminders (issue 20, points 1, 4 and 7): on the demo (FY 2570 progress for ต.ค. and พ.ย. ๒๕๖๙ only), `prongsai
 * reminders --now 2027-01-10T09:00:00+07:00` with PRONGSAI_SMTP_URL naming an SMTP server started here e-mails the
 * demo unit head about December's missing progress (subject, Thai body, link), the coordinator about a stale
 * monthly OIT item and a NACC milestone 7 days ahead; run again, nothing new. The calendar's input is checked.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { ensureDemoAccounts } from '../src/accounts/accounts.ts';
import { openDb, type Db } from '../src/db/index.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { InputErrors } from '../src/errors.ts';
import { naccCalendar, setNaccCalendar } from '../src/notifications/calendar.ts';
import { dueReminders, progressMonth, REMINDERS_KIND, remindersJob, scheduleReminders } from '../src/notifications/reminders.ts';
import { drain, JobHandlers, listJobs } from '../src/jobs/queue.ts';
import { selectReminderOrgs } from '../src/notifications/repo-reminders.ts';
import { runCli } from './helpers/cli.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { startSmtp, type TestSmtp } from './helpers/smtp.ts';

const NOW = '2027-01-10T09:00:00+07:00';
const ORIGIN = 'https://ita.huai-thong.example';
const principal = cliPrincipal(cliActor('test'));
const ref = { org: 'huai-thong', year: 2570 };

describe('progressMonth', () => {
  it('is the month before today, due on the due day of this month', () => {
    expect(progressMonth('2027-01-10', 5)).toEqual({ month: '2026-12', due: '2027-01-05' });
    expect(progressMonth('2026-11-30', 28)).toEqual({ month: '2026-10', due: '2026-11-28' });
  });
});

describe.each(backends())('reminders on the demo (%s)', (backend) => {
  let t: TestDb;
  /** The database as the tests read it (PGlite: reopened after the CLI, which opens the folder itself). */
  let db: Db;
  let smtp: TestSmtp;
  const mailsTo = (address: string) => smtp.received.filter((r) => r.to.includes(address));

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await testDb(backend);
    db = t.db;
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, new Date('2026-10-01T00:00:00Z'));
    // A NACC milestone 7 days ahead of NOW (Bangkok day 2027-01-10).
    await setNaccCalendar(t.db, principal, ref, { dueDay: '5', dates: { oit_open: '2027-01-17' } });
    vi.stubEnv('PRONGSAI_SMTP_URL', smtp.url);
    vi.stubEnv('PRONGSAI_MAIL_FROM', 'ITA <ita@huai-thong.example>');
    vi.stubEnv('PRONGSAI_PUBLIC_URL', ORIGIN);
    vi.stubEnv('PRONGSAI_SECRET_KEY', randomBytes(32).toString('base64'));
    vi.stubEnv('DATABASE_URL', t.options.url ?? '');
    if (t.options.dataDir) vi.stubEnv('PRONGSAI_DATA', t.options.dataDir);
  }, 120_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    if (db !== t.db) await db.close();
    await t.dispose();
    await smtp.close();
  });

  it('computes what is due at NOW: December overdue to the unit heads and coordinator, the OIT and the milestone to the coordinator', async () => {
    const [org] = (await selectReminderOrgs(db, 2570)).filter((o) => o.slug === 'huai-thong');
    const due = await dueReminders(db, org!, new Date(NOW));
    const overdue = due.filter((e) => e.kind === 'progress.overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((e) => e.subject.endsWith(':2026-12'))).toBe(true);
    expect(overdue.some((e) => e.to.roles?.includes('unit_head') && e.to.unitId)).toBe(true);
    expect(overdue.some((e) => e.to.roles?.includes('coordinator'))).toBe(true);
    expect(due.some((e) => e.kind === 'oit.stale' && e.to.roles?.includes('coordinator'))).toBe(true);
    const milestone = due.filter((e) => e.kind === 'calendar.milestone');
    expect(milestone.map((e) => e.subject)).toEqual(['calendar:2570:oit_open:2027-01-17:7']);
    // Before the due day, nothing about December's progress yet.
    const early = await dueReminders(db, org!, new Date('2027-01-04T09:00:00+07:00'));
    expect(early.filter((e) => e.kind.startsWith('progress.'))).toEqual([]);
    // On the due day: due, not overdue, to the unit heads only.
    const onTheDay = (await dueReminders(db, org!, new Date('2027-01-05T09:00:00+07:00'))).filter((e) => e.kind.startsWith('progress.'));
    expect(onTheDay.length).toBeGreaterThan(0);
    expect(onTheDay.every((e) => e.kind === 'progress.due' && e.subject.startsWith('progress:') && !e.to.roles?.includes('coordinator'))).toBe(true);
  });

  it('the CLI e-mails the demo unit head about December, then a second run sends nothing new', async () => {
    // PGlite: one process at a time on its folder.
    if (backend === 'pglite') await t.db.close();
    try {
    const first = await runCli('reminders', '--now', NOW, '--json');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.out);
    expect(summary.new).toBeGreaterThan(0);
    expect(summary.jobs.failed).toBe(0);
    expect(summary.jobs.done).toBeGreaterThan(0);

    const unit = mailsTo('unit@huai-thong.demo').map((r) => r.mail);
    const december = unit.find((m) => (m.subject ?? '').includes('ธันวาคม ๒๕๖๙') || (m.subject ?? '').includes('ธันวาคม 2569'));
    expect(december, unit.map((m) => m.subject).join('\n')).toBeDefined();
    expect(december!.subject).toContain('เลยกำหนดรายงานความก้าวหน้า');
    expect(december!.text).toContain('เลยกำหนดรายงานความก้าวหน้า');
    expect(december!.text).toMatch(new RegExp(`${ORIGIN}/staff/o/huai-thong/2570/measures/[0-9a-f-]{36}`));

    const coordinator = mailsTo('coordinator@huai-thong.demo').map((m) => m.mail.subject ?? '');
    expect(coordinator.some((s) => s.includes('เลยกำหนดแล้ว'))).toBe(true);
    expect(coordinator.some((s) => s.startsWith('อีก 7 วัน: สำนักงาน ป.ป.ช. เปิดระบบ OIT'))).toBe(true);
    // Reminders are about the measures, never the executive's or the auditor's business.
    expect(mailsTo('auditor@huai-thong.demo')).toEqual([]);

    const count = smtp.received.length;
    const second = await runCli('reminders', '--now', NOW, '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({ new: 0, notified: 0, jobs: { done: 0, failed: 0 } });
    expect(smtp.received.length).toBe(count);
    // And a plain summary in Thai and English.
    const plain = await runCli('reminders', '--now', '2027-01-10T10:00:00+07:00');
    expect(plain.out).toContain('แจ้งเตือนใหม่ 0 เรื่อง');
    expect(plain.out).toContain('new reminders: 0');
    expect(smtp.received.length).toBe(count);
    } finally {
      if (backend === 'pglite') db = await openDb(t.options);
    }
  }, 120_000);

  it('the calendar: a bad due day or date changes nothing, with Thai and English messages', async () => {
    const before = await naccCalendar(db, principal, ref);
    expect(before.dates.oit_open).toBe('2027-01-17');
    const error = await setNaccCalendar(db, principal, ref, { dueDay: '31', dates: { results: '2027-02-30', oit_open: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputErrors);
    const fields = (error as InputErrors).errors.map((e) => e.field);
    expect(fields).toEqual(['dueDay', 'results']);
    expect((error as InputErrors).errors[0]!.th).toContain('1 ถึง 28');
    expect(await naccCalendar(db, principal, ref)).toEqual(before);
    await setNaccCalendar(db, principal, ref, { dueDay: '10', dates: { oit_open: '', results: '2027-09-30' } });
    const after = await naccCalendar(db, principal, ref);
    expect(after.dueDay).toBe(10);
    expect(after.dates).toMatchObject({ oit_open: null, results: '2027-09-30' });
  });

  it('serve: the hourly job computes the reminders and queues the next hour once, whatever the number of schedules', async () => {
    const at = new Date('2027-01-12T02:30:00Z');
    await scheduleReminders(db, at);
    await scheduleReminders(db, at);
    const handlers = new JobHandlers().on(REMINDERS_KIND, remindersJob);
    expect(await drain(db, handlers, { now: at })).toEqual({ done: 1, retried: 0, failed: 0 });
    const queued = (await listJobs(db, principal)).filter((j) => j.kind === REMINDERS_KIND);
    expect(queued.map((j) => [j.status, j.runAt])).toEqual([['queued', '2027-01-12T03:00:00.000Z']]);
    // Everything due then was notified before: nothing new to deliver.
    expect(await drain(db, handlers, { now: at })).toEqual({ done: 0, retried: 0, failed: 0 });
  });
});
