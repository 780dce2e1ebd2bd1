/**
 * Reminders (issue 20, points 1, 4 and 7): on the demo (FY 2570 progress for ต.ค. and พ.ย. ๒๕๖๙ only), `prongsai
 * reminders --now 2027-01-10T09:00:00+07:00` with PRONGSAI_SMTP_URL naming an SMTP server started here e-mails the
 * demo unit head about December's missing progress (subject, Thai body, link), the coordinator about a stale
 * monthly OIT item and a NACC milestone 7 days ahead; run again, nothing new. The calendar's input is checked.
 * Computed for several organisations at once (each kind one statement), the reminders are those computed one by
 * one; an approval made out of date is told once; a complaint's deadline reaches its handlers without its content;
 * a survey near its end below its minimum sample reaches the coordinator, at or above it nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { ensureDemoAccounts } from '../src/accounts/accounts.ts';
import { openDb, type Db } from '../src/db/index.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { InputErrors } from '../src/errors.ts';
import { naccCalendar, setNaccCalendar } from '../src/notifications/calendar.ts';
import { decideApproval, requestApproval } from '../src/approvals/approvals.ts';
import type { Principal } from '../src/app/authz.ts';
import { DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import { fileComplaint } from '../src/complaints/complaints.ts';
import { setUpChannel } from '../src/complaints/keys.ts';
import { listMeasures, updateMeasure } from '../src/measures/measures.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import { addDays, dueReminders, dueRemindersOf, runReminders, progressMonth, REMINDERS_KIND, remindersJob, scheduleReminders } from '../src/notifications/reminders.ts';
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

describe.each(backends())('reminders over several organisations, and the events they were missing (%s)', (backend) => {
  let t: TestDb;
  const q = <T,>(sql: string, params: unknown[] = []) => t.db.query<T>(sql, params);
  const personOf = async (role: 'coordinator' | 'executive'): Promise<Principal> => {
    const [p] = await q<{ id: string; name_th: string; org_id: string }>('SELECT id, name_th, org_id FROM people WHERE email = $1', [`${role}@huai-thong.demo`]);
    return { personId: p!.id, nameTh: p!.name_th, roles: [{ role, orgId: p!.org_id, unitId: null }] };
  };
  const inbox = (subject: string) =>
    q<{ email: string; title_th: string; link: string }>(
      'SELECT p.email, i.title_th, i.link FROM inbox_items i JOIN people p ON p.id = i.person_id WHERE i.subject = $1 ORDER BY p.email',
      [subject],
    );

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, new Date('2026-10-01T00:00:00Z'));
  }, 120_000);
  afterAll(async () => {
    await t.dispose();
  });

  it('computes for several organisations at once exactly what it computes for each alone', async () => {
    // Three copies of the demo year: one whose due day has not come (nothing about progress), one with December
    // reported (evidence missing, no overdue), one as the demo is (overdue).
    const year = await loadYear(t.db, 'huai-thong', 2570);
    for (const slug of ['copy-late-due', 'copy-reported', 'copy-plain']) {
      // Fresh ids throughout (the same ones where the year refers to itself).
      const ids = new Map<string, string>();
      const fresh = JSON.parse(JSON.stringify(year).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => ids.get(id) ?? ids.set(id, randomUUID()).get(id)!)) as typeof year;
      const measures = fresh.measures.map((m) => ({ ...m, carriedFromId: null }));
      await saveYear(t.db, cliActor('test'), { ...fresh, measures, organisation: { ...fresh.organisation, slug, nameTh: `${fresh.organisation.nameTh} ${slug}` } });
    }
    await q(`UPDATE organisations SET progress_due_day = 20 WHERE slug = 'copy-late-due'`);
    await q(
      `INSERT INTO progress_entries (measure_id, entry_date, period_start, period_end, done_th, status)
       SELECT m.id, '2027-01-03', '2026-12-01', '2026-12-31', 'ธันวาคม', 'on_track'
         FROM measures m JOIN fiscal_years f ON f.id = m.fiscal_year_id JOIN organisations o ON o.id = f.org_id
        WHERE o.slug = 'copy-reported' AND f.year = 2570`,
    );
    const orgs = await selectReminderOrgs(t.db, 2570);
    expect(orgs.length).toBeGreaterThanOrEqual(4);
    const now = new Date(NOW);
    const together = await dueRemindersOf(t.db, orgs, now);
    for (const org of orgs) expect(together.get(org.id) ?? [], org.slug).toEqual(await dueReminders(t.db, org, now));
    const kinds = (slug: string) => new Set((together.get(orgs.find((o) => o.slug === slug)!.id) ?? []).map((e) => e.kind));
    expect(kinds('copy-plain').has('progress.overdue')).toBe(true);
    expect(kinds('copy-late-due').has('progress.overdue')).toBe(false);
    expect(kinds('copy-late-due').has('progress.due')).toBe(false);
    expect(kinds('copy-reported').has('progress.overdue')).toBe(false);
    expect(kinds('copy-reported').has('evidence.missing')).toBe(true);
  }, 120_000);

  it('tells the requester and the deciders once that an approval is out of date', async () => {
    const coordinator = await personOf('coordinator');
    const executive = await personOf('executive');
    const asked = await requestApproval(t.db, coordinator, ref, { subject: 'measures-plan' });
    const id = asked.pending!.id;
    await decideApproval(t.db, executive, ref, id, { decision: 'approved', reason: 'ทดสอบ' });
    const subject = `approval-outdated:${id}`;
    // Approved and unchanged: nothing.
    await runReminders(t.db, new Date(NOW));
    expect(await inbox(subject)).toEqual([]);
    const [m] = await listMeasures(t.db, coordinator, ref);
    await updateMeasure(t.db, coordinator, ref, m!.id, { methods: ['วิธีใหม่หลังอนุมัติ'] }, m!.updatedAt);
    const first = await runReminders(t.db, new Date(NOW));
    expect(first.events['approval.outdated']).toBe(1);
    const told = await inbox(subject);
    expect(told.map((r) => r.email)).toEqual(['coordinator@huai-thong.demo', 'executive@huai-thong.demo']);
    expect(told[0]!.title_th).toContain('ไม่ตรงกับข้อมูลปัจจุบัน');
    expect(told[0]!.link).toBe('/staff/o/huai-thong/2570/approvals');
    const second = await runReminders(t.db, new Date(NOW));
    expect(second.events['approval.outdated']).toBeUndefined();
    expect(await inbox(subject)).toHaveLength(2);
  }, 120_000);

  it('reminds the complaint handlers of a near deadline with a link, never the content, type or complainant', async () => {
    const T0 = new Date('2026-12-07T02:00:00Z');
    const signed = await signIn(t.db, 'coordinator@huai-thong.demo', DEMO_PASSWORD, T0);
    await setUpChannel(t.db, signed.account.principal, 'huai-thong', signed.sessionId, 'รหัสผ่านของผู้ประสานงาน 2569', T0, { kdfCost: { m: 1024, t: 1, p: 1 } });
    const text = 'ปลัดเรียกรับเงิน MARKER-TEXT ก่อนออกใบอนุญาต';
    await fileComplaint(t.db, 'huai-thong', { channel: 'public', type: 'corruption', text, identity: { name: 'นางสาวผู้แจ้ง MARKER-NAME', contact: '081' } }, [], T0);
    const [c] = await q<{ id: string; ack_due: string }>(`SELECT id, to_char(ack_due, 'YYYY-MM-DD') AS ack_due FROM complaints`);
    const [org] = (await selectReminderOrgs(t.db, 2570)).filter((o) => o.slug === 'huai-thong');
    const at = (date: string) => new Date(`${date}T09:00:00+07:00`);
    const deadline = (list: Awaited<ReturnType<typeof dueReminders>>) => list.filter((e) => e.kind === 'complaint.deadline');
    // Four days before: not yet; two days before: the handlers (the coordinator holds the keys).
    expect(deadline(await dueReminders(t.db, org!, at(addDays(c!.ack_due, -4))))).toEqual([]);
    const near = deadline(await dueReminders(t.db, org!, at(addDays(c!.ack_due, -2))));
    expect(near).toHaveLength(1);
    expect(near[0]!.to.people).toContain(signed.account.principal.personId);
    expect(near[0]!.link).toBe(`/staff/o/huai-thong/complaints/${c!.id}`);
    await runReminders(t.db, at(addDays(c!.ack_due, -2)));
    const told = await inbox(near[0]!.subject);
    expect(told.map((r) => r.email)).toContain('coordinator@huai-thong.demo');
    const whole = JSON.stringify([near, told]);
    expect(whole).not.toMatch(/MARKER|corruption|ทุจริต|เรียกรับเงิน|ผู้แจ้ง/);
    expect(told[0]!.title_th).toContain('มีเรื่องร้องเรียนใกล้ครบกำหนด');
  }, 120_000);

  it('reminds the coordinator of a survey near its end below its minimum sample, and nothing at or above it', async () => {
    const [org] = (await selectReminderOrgs(t.db, 2570)).filter((o) => o.slug === 'huai-thong');
    const [survey] = await q<{ id: string; closes_on: string }>(
      `SELECT s.id, to_char(s.closes_on, 'YYYY-MM-DD') AS closes_on FROM surveys s JOIN organisations o ON o.id = s.org_id
        WHERE o.slug = 'huai-thong' AND s.kind = 'EIT' AND s.status = 'published'`,
    );
    const at = new Date(`${addDays(survey!.closes_on, -5)}T09:00:00+07:00`);
    const surveys = async () => (await dueReminders(t.db, org!, at)).filter((e) => e.kind === 'survey.minimum');
    // The demo's 36 respondents: a tambon municipality of size S needs 60.
    await q(`UPDATE organisations SET org_type = 'tambon_municipality', size_group = 'S' WHERE slug = 'huai-thong'`);
    const below = await surveys();
    expect(below).toHaveLength(1);
    expect(below[0]).toMatchObject({ subject: `survey-minimum:${survey!.id}`, to: { roles: ['coordinator'] }, link: `/staff/o/huai-thong/2570/surveys/${survey!.id}` });
    expect(below[0]!.titleTh).toContain('ขั้นต่ำ 60 คน');
    // Eight days before its end: not yet.
    expect((await dueReminders(t.db, org!, new Date(`${addDays(survey!.closes_on, -8)}T09:00:00+07:00`))).filter((e) => e.kind === 'survey.minimum')).toEqual([]);
    // A subdistrict administrative organisation of size S needs 30: reached, nothing.
    await q(`UPDATE organisations SET org_type = 'sao', size_group = 'S' WHERE slug = 'huai-thong'`);
    expect(await surveys()).toEqual([]);
  });
});
