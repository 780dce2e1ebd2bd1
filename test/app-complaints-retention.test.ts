/**
 * Retention of closed complaints (PDPA; docs/complaints-security.md §10): the organisation's setting (1–10 years,
 * 5 by default), the purge of closed cases whose closing date is older (contents, messages, attachments, identity,
 * keys, trail gone; what the statistics count kept, so that they do not change), dry runs, the audit line, the
 * `prongsai complaints purge` command; and the count of new cases officers see ("เรื่องใหม่ N เรื่อง").
 * Dates are set in the database.
 */
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ensureDemoAccounts, hashPassword, signIn } from '../src/accounts/accounts.ts';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal, Forbidden, type Principal } from '../src/app/authz.ts';
import { caseOfReceipt, complaintByReceipt, fileComplaint, ReceiptNotFound, replyByReceipt } from '../src/complaints/complaints.ts';
import { addNote, caseSummary, changeStatus, listCases, newCaseCount, openCase, purgeClosedComplaints, sendMessage, yearsBefore } from '../src/complaints/cases.ts';
import { channelState, setUpChannel, updateChannelSettings } from '../src/complaints/keys.ts';
import { requestReveal } from '../src/complaints/reveal.ts';
import { complaintStatistics } from '../src/complaints/stats.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { NotFound } from '../src/app/errors.ts';
import { main } from '../src/cli/main.ts';
import { openDb } from '../src/db/index.ts';
import { InputError } from '../src/errors.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const FAST = { kdfCost: { m: 1024, t: 1, p: 1 } };
const T0 = new Date('2026-03-10T03:00:00.000Z'); // 10:00 in Bangkok
const SLUG = 'huai-thong';
const PASS = 'รหัสผ่านของผู้ประสานงาน 2569';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const CHILD_TABLES = ['complaint_identities', 'complaint_attachments', 'complaint_messages', 'complaint_events', 'complaint_reveals'];

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'prongsai', ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('yearsBefore', () => {
  it('is the same day N years earlier, 29 February giving 28 February', () => {
    expect(yearsBefore('2026-03-10', 5)).toBe('2021-03-10');
    expect(yearsBefore('2028-02-29', 1)).toBe('2027-02-28');
    expect(yearsBefore('2026-12-31', 10)).toBe('2016-12-31');
  });
});

describe.each(backends())('retention of closed complaints on %s', (backend) => {
  let t: TestDb;
  let orgId: string;
  let otherOrg: string;
  let coordinator: { principal: Principal; session: string };
  let otherOfficer: { principal: Principal; session: string };
  const ids = {} as Record<'a' | 'b' | 'c' | 'd' | 'e', string>;
  const receipts = {} as Record<'a' | 'b' | 'c' | 'd' | 'e', string>;

  const sign = async (email: string) => {
    const s = await signIn(t.db, email, DEMO_PASSWORD, T0);
    return { principal: s.account.principal, session: s.sessionId };
  };
  const count = async (table: string, where = 'true', params: unknown[] = []) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0]!.n;
  const children = async (caseId: string) => Object.fromEntries(await Promise.all(CHILD_TABLES.map(async (table) => [table, await count(table, 'case_id = $1', [caseId])] as const)));
  /** Files a case as `who` and sets its dates (and, closed, its outcome) in the database. */
  const caseOn = async (slug: string, received: string, closed: string | null, extra = false) => {
    const filed = await fileComplaint(
      t.db, slug,
      { channel: 'public', type: 'corruption', text: `เรื่องที่ได้รับเมื่อ ${received} RETENTION-MARKER`, ...(extra ? { identity: { name: 'นางผู้แจ้ง RETENTION-NAME', contact: '080' } } : {}) },
      extra ? [{ filename: 'หลักฐาน.pdf', bytes: PDF }] : [], T0,
    );
    const [row] = await t.db.query<{ id: string }>('SELECT id FROM complaints WHERE NOT (id = ANY ($1::uuid[])) ORDER BY id', [Object.values(ids)]);
    await t.db.query(
      `UPDATE complaints SET received_on = $2, ack_due = $2::date + 15, close_due = $2::date + 60, status = $3, outcome = $4, closed_on = $5, acknowledged_on = $6 WHERE id = $1`,
      [row!.id, received, closed ? 'closed' : 'investigating', closed ? 'substantiated' : null, closed, closed ?? received],
    );
    return { id: row!.id, receipt: filed.receipt };
  };

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, T0);
    orgId = (await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [SLUG]))[0]!.id;
    otherOrg = (await t.db.query<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('nong-bua', 'อบต.หนองบัว', 'sao') RETURNING id`))[0]!.id;
    const [person] = await t.db.query<{ id: string }>(`INSERT INTO people (org_id, name_th, email, password_hash) VALUES ($1, 'นายหนองบัว', 'coord@nong-bua.test', $2) RETURNING id`, [otherOrg, await hashPassword(DEMO_PASSWORD)]);
    await t.db.query(`INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'coordinator')`, [person!.id, otherOrg]);
    coordinator = await sign('coordinator@huai-thong.demo');
    otherOfficer = await sign('coord@nong-bua.test');
    await setUpChannel(t.db, coordinator.principal, SLUG, coordinator.session, PASS, T0, FAST);
    await setUpChannel(t.db, otherOfficer.principal, 'nong-bua', otherOfficer.session, PASS, T0, FAST);

    // a: closed more than 5 years ago, with everything a case can have; b: closed exactly 5 years ago (kept);
    // c: closed 5 years and a day ago; d: still open, received long ago; e: another organisation's, closed long ago.
    ({ id: ids.a, receipt: receipts.a } = await caseOn(SLUG, '2020-03-12', null, true));
    await replyByReceipt(t.db, receipts.a, 'ข้อมูลเพิ่มเติม RETENTION-REPLY', T0);
    await sendMessage(t.db, coordinator.principal, SLUG, ids.a, coordinator.session, 'รับเรื่องแล้ว RETENTION-ANSWER', T0);
    await addNote(t.db, coordinator.principal, SLUG, ids.a, coordinator.session, 'บันทึกภายใน RETENTION-NOTE', T0);
    await requestReveal(t.db, coordinator.principal, SLUG, ids.a, coordinator.session, 'ต้องติดต่อผู้แจ้งเพื่อขอหลักฐานเพิ่ม', T0);
    await openCase(t.db, coordinator.principal, SLUG, ids.a, coordinator.session, T0);
    const [a] = await t.db.query<{ version: number }>('SELECT version FROM complaints WHERE id = $1', [ids.a]);
    await changeStatus(t.db, coordinator.principal, SLUG, ids.a, { status: 'closed', outcome: 'substantiated', version: a!.version }, T0);
    await t.db.query(`UPDATE complaints SET closed_on = '2020-05-17' WHERE id = $1`, [ids.a]);
    ({ id: ids.b, receipt: receipts.b } = await caseOn(SLUG, '2021-02-01', '2021-03-10'));
    ({ id: ids.c, receipt: receipts.c } = await caseOn(SLUG, '2021-01-05', '2021-03-09'));
    ({ id: ids.d, receipt: receipts.d } = await caseOn(SLUG, '2019-06-01', null));
    ({ id: ids.e, receipt: receipts.e } = await caseOn('nong-bua', '2019-01-02', '2019-01-10'));
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('keeps closed cases 5 years unless the organisation sets 1 to 10; bad values change nothing', async () => {
    expect((await channelState(t.db, coordinator.principal, SLUG, coordinator.session, T0)).settings?.retentionYears).toBe(5);
    const base = { ackDays: 15, closeDays: 60, publicOpen: true, internalOpen: true };
    for (const bad of [0, 11, 2.5, 'ห้า', '']) {
      const error = await updateChannelSettings(t.db, coordinator.principal, SLUG, { ...base, retentionYears: bad }, T0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'retentionYears', th: expect.stringMatching(/[ก-๙]/), en: expect.stringMatching(/[a-z]/) });
    }
    await updateChannelSettings(t.db, coordinator.principal, SLUG, base, T0); // without it: unchanged
    expect((await channelState(t.db, coordinator.principal, SLUG, coordinator.session, T0)).settings?.retentionYears).toBe(5);
    const audit = await t.db.query<{ after: Record<string, unknown> }>(`SELECT after FROM audit_log WHERE entity = 'complaint_orgs' AND action = 'insert' AND org_id = $1`, [orgId]);
    expect(audit[0]!.after).toMatchObject({ retention_years: 5 });
  });

  it('counts what is due without changing anything (dry run)', async () => {
    const before = await Promise.all(['complaints', ...CHILD_TABLES, 'audit_log'].map((table) => count(table)));
    const snapshot = await t.db.query('SELECT * FROM complaints ORDER BY id');
    expect(await purgeClosedComplaints(t.db, coordinator.principal, { slug: SLUG, dryRun: true, now: T0 })).toEqual([
      { slug: SLUG, nameTh: expect.stringContaining('ห้วยทอง'), retentionYears: 5, closedBefore: '2021-03-10', cases: 2 },
    ]);
    expect(await Promise.all(['complaints', ...CHILD_TABLES, 'audit_log'].map((table) => count(table)))).toEqual(before);
    expect(await t.db.query('SELECT * FROM complaints ORDER BY id')).toEqual(snapshot);
  });

  it('purges closed cases past the period: contents, keys, messages, files, identity and trail go; the statistics stay', async () => {
    // Reading the statistics publishes (freezes) the periods that are over (src/complaints/stats.ts).
    const stats = async () => Promise.all([2563, 2564, 2565].map((year) => complaintStatistics(t.db, orgId, year, { asOf: T0 })));
    const frozen = () => t.db.query('SELECT * FROM complaint_statistics ORDER BY org_id, fiscal_year, period');
    const statsBefore = await stats();
    const frozenBefore = await frozen();
    const tally = () =>
      t.db.query(`SELECT org_id, channel, type, status, outcome, to_char(received_on, 'YYYY-MM') AS received, to_char(closed_on, 'YYYY-MM') AS closed, count(*)::int AS n
                    FROM complaints GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`);
    const tallyBefore = await tally();
    expect(await children(ids.a)).toEqual({ complaint_identities: 1, complaint_attachments: 1, complaint_messages: 3, complaint_events: expect.any(Number), complaint_reveals: 1 });
    const auditLinesOfA = await count('audit_log', `entity_id = $1 OR after ->> 'case_id' = $1 OR before ->> 'case_id' = $1`, [ids.a]);

    await expect(purgeClosedComplaints(t.db, otherOfficer.principal, { slug: SLUG, now: T0 })).rejects.toBeInstanceOf(Forbidden);
    expect(await purgeClosedComplaints(t.db, coordinator.principal, { slug: SLUG, now: T0 })).toMatchObject([{ slug: SLUG, cases: 2, closedBefore: '2021-03-10' }]);

    const rows = await t.db.query<Record<string, unknown>>('SELECT * FROM complaints WHERE id = ANY ($1::uuid[]) ORDER BY received_on', [[ids.a, ids.c]]);
    expect(rows.map((r) => [r.id, r.channel, r.type, r.received_on, r.status, r.outcome, r.closed_on, r.purged_on])).toEqual([
      [ids.a, 'public', 'corruption', '2020-03-01', 'closed', 'substantiated', '2020-05-01', '2026-03-10'],
      [ids.c, 'public', 'corruption', '2021-01-01', 'closed', 'substantiated', '2021-03-01', '2026-03-10'],
    ]);
    for (const r of rows) {
      expect([r.receipt_lookup, r.dek_box, r.body_box, r.message_key_box, r.ack_due, r.close_due, r.acknowledged_on, r.assignee_id]).toEqual([null, null, null, null, null, null, null, null]);
      expect(await children(r.id as string)).toEqual(Object.fromEntries(CHILD_TABLES.map((table) => [table, 0])));
    }
    // The case is no longer a case: not listed, not found, its receipt code finds nothing.
    await expect(caseSummary(t.db, coordinator.principal, SLUG, ids.a, T0)).rejects.toBeInstanceOf(NotFound);
    expect((await listCases(t.db, coordinator.principal, SLUG, { status: 'all' }, T0)).cases.map((c) => c.id).sort()).toEqual([ids.b, ids.d].sort());
    await expect(complaintByReceipt(t.db, receipts.a)).rejects.toBeInstanceOf(ReceiptNotFound);
    // b (closed exactly 5 years ago) and d (open) are untouched; so is the other organisation.
    expect((await complaintByReceipt(t.db, receipts.b)).closedOn).toBe('2021-03-10');
    expect((await children(ids.b)).complaint_events).toBeGreaterThan(0);
    expect((await complaintByReceipt(t.db, receipts.e)).status).toBe('closed');

    // The published statistics are the same as before, and so is every count by organisation, channel, type,
    // status, outcome, month received and month closed (what statistics not yet published will be made of).
    expect(await frozen()).toEqual(frozenBefore);
    expect(await stats()).toEqual(statsBefore);
    expect(await tally()).toEqual(tallyBefore);
    // One audit line says what was purged; the purge wrote no line per row (they would carry the cases' dates).
    const [line] = await t.db.query<{ before: unknown; actor_id: string; action: string }>(`SELECT before, actor_id, action FROM audit_log WHERE entity = 'complaints_retention'`);
    expect(line).toMatchObject({ action: 'delete', actor_id: coordinator.principal.personId, before: { cases: 2, closedBefore: '2021-03-10', retentionYears: 5 } });
    expect(await count('audit_log', `entity_id = $1 OR after ->> 'case_id' = $1 OR before ->> 'case_id' = $1`, [ids.a])).toBe(auditLinesOfA);
    // A purged case cannot be brought back by hand to look like a live one.
    await expect(t.db.query(`UPDATE complaints SET status = 'investigating', outcome = NULL, closed_on = NULL WHERE id = $1`, [ids.a])).rejects.toThrow();

    // Nothing left to do on a second run.
    expect(await purgeClosedComplaints(t.db, coordinator.principal, { slug: SLUG, now: T0 })).toMatchObject([{ cases: 0 }]);
  });

  it('follows the organisation’s setting, and purges every organisation when no slug is given', async () => {
    await updateChannelSettings(t.db, coordinator.principal, SLUG, { ackDays: 15, closeDays: 60, publicOpen: true, internalOpen: true, retentionYears: '1' }, T0);
    const all = await purgeClosedComplaints(t.db, cliPrincipal(cliActor('complaints purge')), { now: T0 });
    expect(all.map((r) => [r.slug, r.retentionYears, r.closedBefore, r.cases]).sort()).toEqual([
      ['huai-thong', 1, '2025-03-10', 1],
      ['nong-bua', 5, '2021-03-10', 1],
    ]);
    expect(await count('complaints', 'purged_on IS NOT NULL')).toBe(4);
    // The open case is never purged, however old.
    expect(await count('complaints', 'id = $1 AND purged_on IS NULL', [ids.d])).toBe(1);
    // An officer without a slug purges only where they handle complaints.
    expect((await purgeClosedComplaints(t.db, otherOfficer.principal, { now: T0 })).map((r) => r.slug)).toEqual(['nong-bua']);
  });

  it('counts new cases: received, and not opened or acknowledged by an officer', async () => {
    expect(await newCaseCount(t.db, coordinator.principal, SLUG)).toBe(0);
    const one = await fileComplaint(t.db, SLUG, { channel: 'public', type: 'service', text: 'ถนนหน้าบ้านเป็นหลุมลึกมาก' }, [], T0);
    const two = await fileComplaint(t.db, SLUG, { channel: 'internal', type: 'misconduct', text: 'มีการใช้รถราชการไปธุระส่วนตัว' }, [], T0);
    expect(await newCaseCount(t.db, coordinator.principal, SLUG)).toBe(2);
    expect(await newCaseCount(t.db, otherOfficer.principal, 'nong-bua')).toBe(0);
    const x = (await caseOfReceipt(t.db, one.receipt)).id;
    const y = (await caseSummary(t.db, coordinator.principal, SLUG, (await caseOfReceipt(t.db, two.receipt)).id, T0)).summary;
    await openCase(t.db, coordinator.principal, SLUG, x, coordinator.session, T0);
    expect(await newCaseCount(t.db, coordinator.principal, SLUG)).toBe(1);
    await changeStatus(t.db, coordinator.principal, SLUG, y.id, { status: 'acknowledged', version: y.version }, T0);
    expect(await newCaseCount(t.db, coordinator.principal, SLUG)).toBe(0);
    // The complainant writes again to a case no officer has acknowledged yet: it is new again until opened.
    await replyByReceipt(t.db, one.receipt, 'ยังไม่มีใครมาซ่อมเลย', T0);
    await replyByReceipt(t.db, two.receipt, 'ขอบคุณที่รับเรื่อง', T0);
    expect(await newCaseCount(t.db, coordinator.principal, SLUG)).toBe(1);
    await expect(newCaseCount(t.db, otherOfficer.principal, SLUG)).rejects.toBeInstanceOf(Forbidden);
  });
});

describe.each(backends().filter((b) => b === 'pglite'))('prongsai complaints purge on %s', (backend) => {
  let t: TestDb;
  let dataDir: string;
  const saved = process.env.PRONGSAI_DATA;

  beforeAll(async () => {
    t = await testDb(backend);
    dataDir = t.options.dataDir as string;
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, T0);
    const s = await signIn(t.db, 'coordinator@huai-thong.demo', DEMO_PASSWORD, T0);
    await setUpChannel(t.db, s.account.principal, SLUG, s.sessionId, PASS, T0, FAST);
    await fileComplaint(t.db, SLUG, { channel: 'public', type: 'service', text: 'เรื่องเก่าที่ปิดไปนานแล้ว CLI-MARKER' }, [], T0);
    await t.db.query(`UPDATE complaints SET received_on = '2015-01-05', ack_due = '2015-01-20', close_due = '2015-03-06', status = 'closed', outcome = 'resolved', closed_on = '2015-02-01'`);
    await t.db.close(); // one process at a time holds the embedded database: the command opens it itself
    process.env.PRONGSAI_DATA = dataDir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.PRONGSAI_DATA;
    else process.env.PRONGSAI_DATA = saved;
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts with --dry-run, purges without, and refuses an unknown organisation', async () => {
    const dry = await cli('complaints', 'purge', '--org', SLUG, '--dry-run');
    expect(dry).toMatchObject({ code: 0, err: '' });
    expect(dry.out).toMatch(/huai-thong .*: 1 เรื่องที่ปิดก่อน \d{4}-\d{2}-\d{2} \(เก็บ 5 ปี\) จะถูกลบ .* \/ 1 closed before .* would be purged/);
    const run = await cli('complaints', 'purge');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/huai-thong .*: 1 .* purged/);
    expect((await cli('complaints', 'purge')).out).toMatch(/: 0 /);
    const unknown = await cli('complaints', 'purge', '--org', 'no-such-org');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no-such-org/);
    const db = await openDb({ dataDir });
    try {
      expect(await db.query('SELECT received_on, closed_on, body_box, purged_on IS NOT NULL AS purged FROM complaints')).toEqual([
        { received_on: '2015-01-01', closed_on: '2015-02-01', body_box: null, purged: true },
      ]);
    } finally {
      await db.close();
    }
  });
});

describe.each(backends())('new cases and retention on the officers’ pages on %s', (backend) => {
  let s: TestServer;

  beforeAll(async () => {
    s = await startServer(backend);
  });
  afterAll(async () => {
    await s.close();
  });

  it('shows "เรื่องใหม่ N เรื่อง" and takes the retention setting', async () => {
    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    await coordinator.get('/staff/o/huai-thong/complaints');
    await coordinator.post('/staff/o/huai-thong/complaints/setup', { passphrase: PASS, passphrase2: PASS });
    await fileComplaint(s.t.db, SLUG, { channel: 'public', type: 'service', text: 'ถนนหน้าบ้านเป็นหลุมลึกมาก' }, [], new Date());
    const inbox = await coordinator.get('/staff/o/huai-thong/complaints');
    expect(inbox.body).toMatch(/data-new-cases="1"[^>]*>เรื่องใหม่ 1 เรื่อง</);
    expect(inbox.body).toContain('name="retentionYears"');
    const form = { ackDays: '15', closeDays: '60', publicOpen: '1', internalOpen: '1' };
    const bad = await coordinator.post('/staff/o/huai-thong/complaints/settings', { ...form, retentionYears: '11' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="f-retentionYears-error"');
    expect((await coordinator.post('/staff/o/huai-thong/complaints/settings', { ...form, retentionYears: '7' })).statusCode).toBe(303);
    expect((await s.t.db.query<{ retention_years: number }>('SELECT retention_years FROM complaint_orgs'))[0]!.retention_years).toBe(7);
    const english = await coordinator.get('/staff/o/huai-thong/complaints?lang=en');
    expect(english.statusCode).toBe(200);
  });
});
