/**
 * The complaint channel's use cases on both databases: filing without an account, following with the receipt
 * code, keys (set-up, grant, unlock, forgotten passphrase, recovery sheet), case work, the identity only with a
 * second officer's approval, tenant isolation, and what the database holds: ciphertext only (read raw, down to
 * PGlite's files on disk), no receipt code, no time of day for the complainant, nothing of theirs in the audit log.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ensureDemoAccounts, hashPassword, sha256, signIn, signOut } from '../src/accounts/accounts.ts';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { complaintByReceipt, fileComplaint, ReceiptNotFound, replyByReceipt } from '../src/complaints/complaints.ts';
import { addNote, assignCase, caseSummary, changeStatus, listCases, openCase, readAttachment, sendMessage, setDeadlines } from '../src/complaints/cases.ts';
import {
  channelState,
  ComplaintsLocked,
  grantAccess,
  lockComplaints,
  newRecoverySheet,
  recoverWithSheet,
  revokeAccess,
  setPassphrase,
  setUpChannel,
  unlockComplaints,
  updateChannelSettings,
  UNLOCK_MS,
} from '../src/complaints/keys.ts';
import { decideReveal, readIdentity, requestReveal, revealsOf } from '../src/complaints/reveal.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { Conflict, NotFound } from '../src/app/errors.ts';
import { InputError } from '../src/errors.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

const FAST = { kdfCost: { m: 1024, t: 1, p: 1 } };
const T0 = new Date('2026-03-10T09:41:27.123Z'); // 16:41 in Bangkok
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);

const COMPLAINT = 'ปลัดเรียกรับเงินใต้โต๊ะ MARKER-COMPLAINT-TEXT เพื่อออกใบอนุญาตก่อสร้าง';
const NAME = 'นางสาวผู้แจ้ง MARKER-IDENTITY-NAME';
const CONTACT = '081-MARKER-PHONE';
const REPLY = 'ข้อมูลเพิ่มเติม MARKER-COMPLAINANT-REPLY';
const ANSWER = 'หน่วยงานได้รับเรื่องแล้ว MARKER-OFFICER-MESSAGE';
const NOTE = 'ตรวจสอบกับกองช่าง MARKER-INTERNAL-NOTE';
const FILENAME = 'หลักฐาน-MARKER-FILENAME.pdf';
/** A small PDF whose Info dictionary names its author. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Author (MARKER-PDF-AUTHOR) /Producer (MARKER-PDF-PRODUCER) >>\nendobj\n2 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 2 0 R /Info 1 0 R >>\n%%EOF\n');
const MARKERS = ['MARKER-COMPLAINT-TEXT', 'MARKER-IDENTITY-NAME', 'MARKER-PHONE', 'MARKER-COMPLAINANT-REPLY', 'MARKER-OFFICER-MESSAGE', 'MARKER-INTERNAL-NOTE', 'MARKER-FILENAME', 'MARKER-PDF'];
const COMPLAINT_TABLES = ['complaints', 'complaint_identities', 'complaint_attachments', 'complaint_messages', 'complaint_events', 'complaint_reveals', 'complaint_orgs', 'complaint_officer_keys', 'complaint_unlocks', 'audit_log'];

/** Every string form of `needle` that could sit in raw bytes: UTF-8, UTF-16. */
const forms = (needle: string) => [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe.each(backends())('complaints on %s', (backend) => {
  let t: TestDb;
  let coordinator: Principal;
  let executive: Principal;
  let coordinatorSession: string;
  let executiveSession: string;
  let other: Principal;
  let otherSession: string;
  let receipt: string;
  let caseId: string;
  let recoveryCode: string;

  const principalOf = async (email: string, now = T0) => {
    const s = await signIn(t.db, email, DEMO_PASSWORD, now);
    return { principal: s.account.principal, session: s.sessionId };
  };
  /** Signs in at `now` and unlocks the complaints (an unlock lasts 2 hours, a session 12). */
  const unlocked = async (email: string, passphrase: string, now: Date) => {
    const signed = await principalOf(email, now);
    await unlockComplaints(t.db, signed.principal, 'huai-thong', signed.session, passphrase, now);
    return signed.session;
  };
  const COORDINATOR = ['coordinator@huai-thong.demo', 'รหัสผ่านของผู้ประสานงาน 2569'] as const;
  const EXECUTIVE = ['executive@huai-thong.demo', 'รหัสผ่านของนายก อบต. 2569'] as const;

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, T0);
    ({ principal: coordinator, session: coordinatorSession } = await principalOf('coordinator@huai-thong.demo'));
    ({ principal: executive, session: executiveSession } = await principalOf('executive@huai-thong.demo'));
    // Another organisation with its own complaint officer.
    const [otherOrg] = await t.db.query<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('nong-bua', 'อบต.หนองบัว', 'sao') RETURNING id`);
    const [person] = await t.db.query<{ id: string }>(
      `INSERT INTO people (org_id, name_th, email, password_hash) VALUES ($1, 'นายหนองบัว ประสาน', 'coordinator@nong-bua.test', $2) RETURNING id`,
      [otherOrg!.id, await hashPassword(DEMO_PASSWORD)],
    );
    await t.db.query(`INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'coordinator')`, [person!.id, otherOrg!.id]);
    ({ principal: other, session: otherSession } = await principalOf('coordinator@nong-bua.test'));
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('takes no complaint before the organisation has set up its channel', async () => {
    await expect(fileComplaint(t.db, 'huai-thong', { channel: 'public', type: 'service', text: 'ถนนหน้าบ้านเป็นหลุมลึกมาก' }, [], T0)).rejects.toMatchObject({ field: 'channel' });
    await expect(fileComplaint(t.db, 'no-such-org', { channel: 'public', type: 'service', text: 'ถนนหน้าบ้านเป็นหลุมลึกมาก' }, [], T0)).rejects.toBeInstanceOf(NotFound);
  });

  it('lets only complaint officers set up the channel, and prints the recovery sheet once', async () => {
    const auditor = (await principalOf('auditor@huai-thong.demo')).principal;
    const admin = (await principalOf('admin@huai-thong.demo')).principal;
    for (const p of [auditor, admin, other]) await expect(setUpChannel(t.db, p, 'huai-thong', coordinatorSession, 'ขอเปิดช่องทางนี้หน่อย', T0, FAST)).rejects.toBeInstanceOf(Forbidden);
    await expect(setUpChannel(t.db, coordinator, 'huai-thong', coordinatorSession, 'short', T0, FAST)).rejects.toMatchObject({ field: 'passphrase' });
    expect(await t.db.query(`SELECT name FROM server_secrets WHERE name LIKE 'complaints-%'`)).toEqual([]);
    const sheet = await setUpChannel(t.db, coordinator, 'huai-thong', coordinatorSession, 'รหัสผ่านของผู้ประสานงาน 2569', T0, FAST);
    // The secrets of the complainant's side are made by the set-up: made by a first filing, their time would date it.
    expect((await t.db.query<{ name: string }>(`SELECT name FROM server_secrets WHERE name LIKE 'complaints-%' ORDER BY name`)).map((r) => r.name)).toEqual(['complaints-form', 'complaints-receipt']);
    recoveryCode = sheet.code;
    expect(sheet).toMatchObject({ serial: 1, madeOn: '2026-03-10', orgNameTh: expect.stringContaining('ห้วยทอง') });
    expect(sheet.code).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
    await expect(setUpChannel(t.db, coordinator, 'huai-thong', coordinatorSession, 'รหัสผ่านของผู้ประสานงาน 2569', T0, FAST)).rejects.toMatchObject({ field: 'channel' });
    const state = await channelState(t.db, coordinator, 'huai-thong', coordinatorSession, T0);
    expect(state.me).toMatchObject({ enrolled: true, granted: true, unlocked: true });
    const byId = (a: { personId: string }, b: { personId: string }) => a.personId.localeCompare(b.personId);
    expect([...state.officers].sort(byId)).toEqual(
      [
        { personId: executive.personId, nameTh: executive.nameTh, enrolled: false, granted: false },
        { personId: coordinator.personId, nameTh: coordinator.nameTh, enrolled: true, granted: true },
      ].sort(byId),
    );
    expect(state.settings).toMatchObject({ ackDays: 15, closeDays: 60, publicOpen: true, internalOpen: true, recoverySerial: 1 });
  });

  it('files a complaint without an account and hands out a receipt code once', async () => {
    const auditBefore = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;
    const filed = await fileComplaint(
      t.db,
      'huai-thong',
      { channel: 'public', type: 'corruption', text: COMPLAINT, identity: { name: NAME, contact: CONTACT } },
      [{ filename: `C:\\Users\\somchai\\${FILENAME}`, bytes: PDF }],
      T0,
    );
    receipt = filed.receipt;
    expect(filed).toMatchObject({ receivedOn: '2026-03-10', ackDue: '2026-03-25' });
    expect(filed.attachments).toEqual([{ filename: FILENAME, mediaType: 'application/pdf', removed: ['PDF Info'], complete: true, notes: [] }]);
    const [row] = await t.db.query<{ id: string; received_on: string; updated_at: string | null; status: string }>('SELECT id, received_on, updated_at, status FROM complaints');
    caseId = row!.id;
    expect(row).toMatchObject({ received_on: '2026-03-10', updated_at: null, status: 'received' });
    // Nothing of the complainant's filing is in the audit log (its row would carry the exact time).
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n).toBe(auditBefore);
    const events = await t.db.query<{ kind: string; on_date: string; at: string | null; person_id: string | null }>('SELECT kind, on_date, at, person_id FROM complaint_events');
    expect(events).toEqual([{ kind: 'filed', on_date: '2026-03-10', at: null, person_id: null }]);
  });

  it('refuses bad input with Thai and English messages and writes nothing', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints'))[0]!.n;
    const bad: [unknown, string][] = [
      [{ channel: 'public', type: 'harassment', text: 'เรื่องที่ช่องทางนี้ไม่รับ' }, 'type'],
      [{ channel: 'public', type: 'service', text: 'สั้น' }, 'text'],
      [{ channel: 'radio', type: 'service', text: 'ช่องทางที่ไม่มีอยู่จริง' }, 'channel'],
      [{ channel: 'public', type: 'service', text: 'มีช่องทางติดต่อแต่ไม่มีชื่อ', identity: { name: '', contact: '0812345678' } }, 'identity.name'],
      [{ channel: 'public', type: 'service', text: 'ข้อความปกติที่ยาวพอ', extra: 1 }, 'input'],
    ];
    for (const [input, field] of bad) {
      const error = await fileComplaint(t.db, 'huai-thong', input, [], T0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe(field);
      expect((error as InputError).th).toMatch(/[ก-๙]/);
      expect((error as InputError).en).toMatch(/[a-z]/);
    }
    const notAFile = await fileComplaint(t.db, 'huai-thong', { channel: 'public', type: 'service', text: 'แนบแฟ้มที่ไม่ใช่ภาพ' }, [{ filename: 'a.docx', bytes: Buffer.from('PK\x03\x04word') }], T0).catch((e: unknown) => e);
    expect(notAFile).toMatchObject({ field: 'files.0', th: expect.stringContaining('PDF, JPEG หรือ PNG') });
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints'))[0]!.n).toBe(before);
  });

  it('shows the complainant the status with the code, and a wrong code nothing at all', async () => {
    const view = await complaintByReceipt(t.db, receipt.toLowerCase().replaceAll('-', ' '));
    expect(view).toMatchObject({ status: 'received', type: 'corruption', receivedOn: '2026-03-10', ackDue: '2026-03-25', messages: [] });
    const wrong = [receipt.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), 'AAAA-BBBB', '', 'x'.repeat(5000), null];
    for (const code of wrong) await expect(complaintByReceipt(t.db, code)).rejects.toBeInstanceOf(ReceiptNotFound);
  });

  it('keeps the case locked to an officer until another officer grants them the key', async () => {
    await expect(openCase(t.db, executive, 'huai-thong', caseId, executiveSession, T0)).rejects.toBeInstanceOf(ComplaintsLocked);
    await expect(unlockComplaints(t.db, executive, 'huai-thong', executiveSession, 'ยังไม่ได้ตั้งรหัสผ่าน', T0)).rejects.toMatchObject({ field: 'passphrase' });
    expect(await setPassphrase(t.db, executive, 'huai-thong', executiveSession, 'รหัสผ่านของนายก อบต. 2569', T0, FAST)).toEqual({ granted: false });
    await expect(unlockComplaints(t.db, executive, 'huai-thong', executiveSession, 'รหัสผ่านของนายก อบต. 2569', T0)).rejects.toMatchObject({ en: expect.stringContaining('no other officer has granted') });
    await expect(grantAccess(t.db, executive, 'huai-thong', executiveSession, executive.personId, T0)).rejects.toBeInstanceOf(ComplaintsLocked);
    await grantAccess(t.db, coordinator, 'huai-thong', coordinatorSession, executive.personId, T0);
    await expect(unlockComplaints(t.db, executive, 'huai-thong', executiveSession, 'รหัสผ่านผิด ผิดแน่นอน', T0)).rejects.toMatchObject({ en: 'wrong complaint passphrase' });
    await unlockComplaints(t.db, executive, 'huai-thong', executiveSession, 'รหัสผ่านของนายก อบต. 2569', T0);
    const detail = await openCase(t.db, executive, 'huai-thong', caseId, executiveSession, at(1));
    expect(detail.text).toBe(COMPLAINT);
    expect(detail.attachments).toEqual([expect.objectContaining({ seq: 1, filename: FILENAME, mediaType: 'application/pdf', metadata: 'removed' })]);
    const file = await readAttachment(t.db, executive, 'huai-thong', caseId, detail.attachments[0]!.id, executiveSession, at(1));
    expect(file.bytes.toString('latin1')).toContain('/Author ()');
    expect(file.bytes.toString('latin1')).not.toContain('MARKER-PDF');
    expect(detail.summary.hasIdentity).toBe(true);
    expect(JSON.stringify(detail)).not.toContain('MARKER-IDENTITY');
  });

  it('takes the case through acknowledged, investigating and closed, with messages, notes and a trail', async () => {
    const s = async () => (await caseSummary(t.db, coordinator, 'huai-thong', caseId, at(2))).summary;
    coordinatorSession = await unlocked(...COORDINATOR, at(2));
    await changeStatus(t.db, coordinator, 'huai-thong', caseId, { status: 'acknowledged', version: (await s()).version }, at(2));
    await expect(changeStatus(t.db, coordinator, 'huai-thong', caseId, { status: 'investigating', version: 1 }, at(2))).rejects.toBeInstanceOf(Conflict);
    await expect(changeStatus(t.db, coordinator, 'huai-thong', caseId, { status: 'received', version: (await s()).version }, at(2))).rejects.toMatchObject({ field: 'status' });
    await sendMessage(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, ANSWER, at(3));
    await addNote(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, NOTE, at(3));
    await assignCase(t.db, coordinator, 'huai-thong', caseId, { assigneeId: executive.personId, version: (await s()).version }, at(3));
    await expect(assignCase(t.db, coordinator, 'huai-thong', caseId, { assigneeId: other.personId, version: (await s()).version }, at(3))).rejects.toMatchObject({ field: 'assigneeId' });
    await setDeadlines(t.db, coordinator, 'huai-thong', caseId, { ackDue: '2026-03-25', closeDue: '2026-06-30', version: (await s()).version }, at(3));
    await expect(setDeadlines(t.db, coordinator, 'huai-thong', caseId, { ackDue: '2026-03-01', closeDue: '2026-06-30', version: (await s()).version }, at(3))).rejects.toMatchObject({ field: 'ackDue' });

    // The complainant reads the officer's message, writes back (dated, sealed to the organisation).
    let view = await complaintByReceipt(t.db, receipt);
    expect(view.status).toBe('acknowledged');
    expect(view.messages).toEqual([{ from: 'officer', on: '2026-03-10', text: ANSWER }]);
    await replyByReceipt(t.db, receipt, REPLY, at(30));
    view = await complaintByReceipt(t.db, receipt);
    expect(view.messages).toEqual([
      { from: 'officer', on: '2026-03-10', text: ANSWER },
      { from: 'complainant', on: '2026-03-11', text: null },
    ]);
    expect((await s()).unread).toBe(true);

    executiveSession = await unlocked(...EXECUTIVE, at(31));
    await changeStatus(t.db, executive, 'huai-thong', caseId, { status: 'investigating', version: (await s()).version }, at(31));
    await expect(changeStatus(t.db, executive, 'huai-thong', caseId, { status: 'closed', version: (await s()).version }, at(31))).rejects.toMatchObject({ field: 'outcome' });
    await changeStatus(t.db, executive, 'huai-thong', caseId, { status: 'closed', outcome: 'substantiated', version: (await s()).version }, at(32));
    view = await complaintByReceipt(t.db, receipt);
    expect(view).toMatchObject({ status: 'closed', outcome: 'substantiated', closedOn: '2026-03-12', acknowledgedOn: '2026-03-10' });
    await expect(replyByReceipt(t.db, receipt, 'อีกเรื่องหนึ่ง', at(33))).rejects.toMatchObject({ field: 'text' });

    coordinatorSession = await unlocked(...COORDINATOR, at(33));
    const detail = await openCase(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, at(33));
    expect(detail.thread.map((m) => [m.kind, m.text, m.person])).toEqual([
      ['to_complainant', ANSWER, coordinator.nameTh],
      ['note', NOTE, coordinator.nameTh],
      ['from_complainant', REPLY, null],
    ]);
    expect(detail.summary).toMatchObject({ status: 'closed', outcome: 'substantiated', assignee: { personId: executive.personId }, closeDue: '2026-06-30' });
    const kinds = detail.events.map((e) => e.kind);
    for (const k of ['filed', 'opened', 'attachment_opened', 'status', 'message', 'note', 'assigned', 'deadlines', 'complainant_message']) expect(kinds).toContain(k);
    for (const e of detail.events) {
      if (e.kind === 'filed' || e.kind === 'complainant_message') expect(e).toMatchObject({ at: null, person: null });
      else expect(e.at).toMatch(/T/);
    }
  });

  it('shows the identity only to an officer whose request another officer approved, and logs every step', async () => {
    coordinatorSession = await unlocked(...COORDINATOR, at(40));
    executiveSession = await unlocked(...EXECUTIVE, at(40));
    await expect(readIdentity(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, at(40))).rejects.toMatchObject({ field: 'reveal' });
    await expect(requestReveal(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, 'สั้น', at(40))).rejects.toMatchObject({ field: 'reason' });
    const id = await requestReveal(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, 'ต้องติดต่อผู้ร้องเพื่อขอเอกสารหลักฐานเพิ่มเติม', at(40));
    await expect(decideReveal(t.db, coordinator, 'huai-thong', caseId, id, 'approve', at(40))).rejects.toMatchObject({ en: expect.stringContaining('cannot decide your own') });
    await expect(readIdentity(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, at(40))).rejects.toMatchObject({ field: 'reveal' });
    const seenByB = await revealsOf(t.db, executive, 'huai-thong', caseId, executiveSession, at(41));
    expect(seenByB).toEqual([expect.objectContaining({ id, canDecide: true, canRead: false, reason: 'ต้องติดต่อผู้ร้องเพื่อขอเอกสารหลักฐานเพิ่มเติม', requestedBy: coordinator.nameTh })]);
    await decideReveal(t.db, executive, 'huai-thong', caseId, id, 'approve', at(41));
    await expect(decideReveal(t.db, executive, 'huai-thong', caseId, id, 'reject', at(41))).rejects.toMatchObject({ field: 'decision' });
    // Approved for A only: B, who approved, still cannot read it.
    await expect(readIdentity(t.db, executive, 'huai-thong', caseId, executiveSession, at(41.5))).rejects.toMatchObject({ field: 'reveal' });
    expect(await readIdentity(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, at(41.5))).toEqual({ name: NAME, contact: CONTACT });
    // The approval ends after 72 hours.
    await expect(readIdentity(t.db, coordinator, 'huai-thong', caseId, coordinatorSession, at(120))).rejects.toMatchObject({ field: 'reveal' });
    const kinds = (await t.db.query<{ kind: string }>(`SELECT kind FROM complaint_events WHERE kind LIKE 'identity%' ORDER BY at`)).map((r) => r.kind);
    expect(kinds).toEqual(['identity_requested', 'identity_approved', 'identity_read']);
    const audit = await t.db.query<{ entity: string; after: unknown }>(`SELECT entity, after FROM audit_log WHERE entity = 'complaint_reveals'`);
    expect(audit.map((a) => (a.after as { status: string }).status)).toEqual(['requested', 'approved']);
    expect(JSON.stringify(audit)).not.toContain('MARKER');
  });

  it('shows officers of another organisation nothing', async () => {
    await expect(listCases(t.db, other, 'huai-thong')).rejects.toBeInstanceOf(Forbidden);
    await expect(caseSummary(t.db, other, 'huai-thong', caseId)).rejects.toBeInstanceOf(Forbidden);
    await expect(setUpChannel(t.db, other, 'nong-bua', otherSession, 'หนองบัวตั้งช่องทางของตน', T0, FAST)).resolves.toMatchObject({ serial: 1 });
    await expect(caseSummary(t.db, other, 'nong-bua', caseId)).rejects.toBeInstanceOf(NotFound);
    await expect(openCase(t.db, other, 'nong-bua', caseId, otherSession, T0)).rejects.toBeInstanceOf(NotFound);
    expect((await listCases(t.db, other, 'nong-bua', { status: 'all' })).cases).toEqual([]);
    // Even with the other organisation's session unlocked, its key opens nothing of huai-thong.
    await expect(readAttachment(t.db, other, 'nong-bua', caseId, caseId, otherSession, T0)).rejects.toBeInstanceOf(NotFound);
    for (const role of ['auditor', 'admin', 'unit']) {
      const p = (await principalOf(`${role}@huai-thong.demo`)).principal;
      await expect(listCases(t.db, p, 'huai-thong')).rejects.toBeInstanceOf(Forbidden);
    }
  });

  it('ends an unlock with the session, after its time, and on request', async () => {
    const { principal, session } = await principalOf('coordinator@huai-thong.demo', at(200));
    await unlockComplaints(t.db, principal, 'huai-thong', session, 'รหัสผ่านของผู้ประสานงาน 2569', at(200));
    await expect(openCase(t.db, principal, 'huai-thong', caseId, session, at(200))).resolves.toBeTruthy();
    await expect(openCase(t.db, principal, 'huai-thong', caseId, session, new Date(at(200).getTime() + UNLOCK_MS + 1000))).rejects.toBeInstanceOf(ComplaintsLocked);
    await expect(openCase(t.db, principal, 'huai-thong', caseId, 'another-session-id', at(200))).rejects.toBeInstanceOf(ComplaintsLocked);
    await lockComplaints(t.db, principal, 'huai-thong', session);
    await expect(openCase(t.db, principal, 'huai-thong', caseId, session, at(200))).rejects.toBeInstanceOf(ComplaintsLocked);
    await unlockComplaints(t.db, principal, 'huai-thong', session, 'รหัสผ่านของผู้ประสานงาน 2569', at(200));
    expect(await t.db.query('SELECT 1 FROM complaint_unlocks WHERE session_hash = $1', [sha256(session)])).toHaveLength(1);
    await signOut(t.db, session);
    expect(await t.db.query('SELECT 1 FROM complaint_unlocks WHERE session_hash = $1', [sha256(session)])).toHaveLength(0);
    await expect(openCase(t.db, principal, 'huai-thong', caseId, session, at(200))).rejects.toBeInstanceOf(ComplaintsLocked);
  });

  it('brings back an officer who forgot the passphrase, through another officer or the recovery sheet', async () => {
    const { principal, session } = await principalOf('coordinator@huai-thong.demo', at(300));
    expect(await setPassphrase(t.db, principal, 'huai-thong', session, 'รหัสผ่านใหม่หลังลืมของเดิม', at(300), FAST)).toEqual({ granted: false });
    await expect(unlockComplaints(t.db, principal, 'huai-thong', session, 'รหัสผ่านของผู้ประสานงาน 2569', at(300))).rejects.toMatchObject({ en: 'wrong complaint passphrase' });
    await expect(recoverWithSheet(t.db, principal, 'huai-thong', session, 'AAAA-BBBB-CCCC', 'รหัสผ่านใหม่จากแผ่นกู้คืน', at(300), FAST)).rejects.toMatchObject({ field: 'recoveryCode' });
    await recoverWithSheet(t.db, principal, 'huai-thong', session, recoveryCode.toLowerCase(), 'รหัสผ่านใหม่จากแผ่นกู้คืน', at(300), FAST);
    expect((await openCase(t.db, principal, 'huai-thong', caseId, session, at(300))).text).toBe(COMPLAINT);
    // A new sheet: the old one no longer works.
    const sheet = await newRecoverySheet(t.db, principal, 'huai-thong', session, at(301));
    expect(sheet.serial).toBe(2);
    await expect(recoverWithSheet(t.db, principal, 'huai-thong', session, recoveryCode, 'รหัสผ่านใหม่จากแผ่นกู้คืน', at(301), FAST)).rejects.toMatchObject({ en: expect.stringContaining('current recovery sheet') });
    await recoverWithSheet(t.db, principal, 'huai-thong', session, sheet.code, 'รหัสผ่านใหม่จากแผ่นกู้คืน', at(301), FAST);
    // Taking the key away from the executive ends their access.
    await expect(revokeAccess(t.db, principal, 'huai-thong', 'not-a-uuid')).rejects.toBeInstanceOf(NotFound);
    await revokeAccess(t.db, principal, 'huai-thong', executive.personId);
    const ex = await principalOf('executive@huai-thong.demo', at(302));
    await expect(unlockComplaints(t.db, ex.principal, 'huai-thong', ex.session, 'รหัสผ่านของนายก อบต. 2569', at(302))).rejects.toMatchObject({ en: expect.stringContaining('no other officer has granted') });
  });

  it('forgets the keys of someone who no longer handles complaints', async () => {
    const ex = await principalOf('executive@huai-thong.demo', at(350));
    await setPassphrase(t.db, ex.principal, 'huai-thong', ex.session, 'รหัสผ่านของนายก อบต. 2569', at(350), FAST);
    const keysOf = async () => (await t.db.query<{ person_id: string }>('SELECT person_id FROM complaint_officer_keys')).map((r) => r.person_id);
    expect(await keysOf()).toContain(executive.personId);
    await t.db.query(`DELETE FROM roles WHERE person_id = $1`, [executive.personId]);
    await unlocked('coordinator@huai-thong.demo', 'รหัสผ่านใหม่จากแผ่นกู้คืน', at(351));
    expect(await keysOf()).not.toContain(executive.personId);
    const after = await principalOf('executive@huai-thong.demo', at(351));
    await expect(listCases(t.db, after.principal, 'huai-thong')).rejects.toBeInstanceOf(Forbidden);
    await t.db.query(`INSERT INTO roles (person_id, org_id, role) SELECT $1, org_id, 'executive' FROM people WHERE id = $1`, [executive.personId]);
  });

  it('changes deadlines and closes channels by setting, and flags overdue cases', async () => {
    await updateChannelSettings(t.db, coordinator, 'huai-thong', { ackDays: 5, closeDays: 30, publicOpen: true, internalOpen: false }, at(400));
    await expect(updateChannelSettings(t.db, coordinator, 'huai-thong', { ackDays: 40, closeDays: 30, publicOpen: true, internalOpen: true }, at(400))).rejects.toMatchObject({ field: 'closeDays' });
    await expect(fileComplaint(t.db, 'huai-thong', { channel: 'internal', type: 'misconduct', text: 'หัวหน้าส่วนใช้รถหลวงไปธุระส่วนตัว' }, [], at(400))).rejects.toMatchObject({ field: 'channel' });
    const filed = await fileComplaint(t.db, 'huai-thong', { channel: 'public', type: 'service', text: 'ไฟทางดับทั้งซอยมาสองสัปดาห์แล้ว' }, [], at(400));
    expect(filed).toMatchObject({ receivedOn: '2026-03-27', ackDue: '2026-04-01' });
    const later = await listCases(t.db, coordinator, 'huai-thong', { status: 'open' }, new Date('2026-04-03T03:00:00Z'));
    expect(later.cases.map((c) => [c.status, c.overdue])).toEqual([['received', 'acknowledge']]);
    expect((await listCases(t.db, coordinator, 'huai-thong', { status: 'closed' })).cases).toHaveLength(1);
  });

  it('keeps the case trail append-only: no update, no delete but with its case', async () => {
    await expect(t.db.query(`UPDATE complaint_events SET kind = 'opened' WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM complaint_events WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
    const filed = await fileComplaint(t.db, 'nong-bua', { channel: 'public', type: 'service', text: 'เรื่องทดสอบการลบทั้งเรื่องพร้อมประวัติ' }, [], at(500));
    const [row] = await t.db.query<{ id: string }>(`SELECT c.id FROM complaints c JOIN organisations o ON o.id = c.org_id WHERE o.slug = 'nong-bua'`);
    expect(filed.receipt).toBeTruthy();
    expect(await t.db.query('SELECT 1 FROM complaint_events WHERE case_id = $1', [row!.id])).toHaveLength(1);
    await t.db.query('DELETE FROM complaints WHERE id = $1', [row!.id]);
    expect(await t.db.query('SELECT 1 FROM complaint_events WHERE case_id = $1', [row!.id])).toHaveLength(0);
  });

  it('keeps only ciphertext: no content, identity, file name, receipt code or PDF metadata in any table, the audit log or the files on disk', async () => {
    const code = receipt.replaceAll('-', '');
    const needles = [...MARKERS, code, receipt];
    for (const table of COMPLAINT_TABLES) {
      const rows = await t.db.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
      const raw = Buffer.concat(rows.flatMap((r) => Object.values(r).map((v) => (v instanceof Uint8Array ? Buffer.from(v) : Buffer.from(JSON.stringify(v ?? null), 'utf8')))));
      for (const needle of needles) for (const f of forms(needle)) expect(raw.includes(f), `${needle} in ${table}`).toBe(false);
      if (table === 'complaints') expect(raw.includes(Buffer.from('corruption'))).toBe(true);
    }
    // The audit log has officers' actions only: nothing by the complainant, no receipt HMAC, no ciphertext.
    const audit = await t.db.query<{ actor_label: string; before: unknown; after: unknown }>(`SELECT actor_label, before, after FROM audit_log WHERE entity LIKE 'complaint%'`);
    expect(audit.length).toBeGreaterThan(5);
    expect(audit.map((a) => a.actor_label)).not.toContain('ผู้ร้องเรียน');
    const text = JSON.stringify(audit);
    for (const column of ['receipt_lookup', 'dek_box', 'body_box', 'box', 'identity_box', 'secret_box', 'recovery_box', 'org_key_box', 'public_key', 'received_on']) expect(text).not.toContain(`"${column}"`);
    if (backend === 'pglite') {
      await t.db.query('CHECKPOINT');
      const files = filesUnder(t.options.dataDir as string).map((file) => ({ file, bytes: readFileSync(file) }));
      // The scan sees plain data where there is some: the officer's name is stored as it is.
      expect(files.some((f) => f.bytes.includes(Buffer.from(coordinator.nameTh)))).toBe(true);
      for (const { file, bytes } of files) {
        for (const needle of needles) for (const f of forms(needle)) expect(bytes.includes(f), `${needle} in ${file}`).toBe(false);
      }
    }
  });
});
