/**
 * Rotating the organisation's complaint key (docs/complaints-security.md §3): a new key pair, every case's keys
 * re-sealed under it in one transaction, the new key for the officers who still hold access, nothing for an
 * officer whose access was taken away or who left (even with a copy of their old wrapped key), other sessions
 * locked, a new recovery sheet (the old one opens nothing). Then the same over HTTP: the staff page and the API
 * route, each with its CSRF token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ensureDemoAccounts, hashPassword, signIn } from '../src/accounts/accounts.ts';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { complaintByReceipt, fileComplaint, replyByReceipt } from '../src/complaints/complaints.ts';
import { openCase } from '../src/complaints/cases.ts';
import {
  channelState,
  ComplaintsLocked,
  grantAccess,
  recoverWithSheet,
  revokeAccess,
  rotateOrgKey,
  setPassphrase,
  setUpChannel,
  unlockComplaints,
} from '../src/complaints/keys.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { aad, bytesOf, decrypt, DecryptError, isKdfParams, passphraseKey, publicKeyOf, unseal } from '../src/complaints/crypto.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const FAST = { kdfCost: { m: 1024, t: 1, p: 1 } };
const T0 = new Date('2026-03-10T03:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);
const SLUG = 'huai-thong';
const PASS = { coordinator: 'รหัสผ่านของผู้ประสานงาน 2569', executive: 'รหัสผ่านของนายก อบต. 2569', deputy: 'รหัสผ่านของรองปลัด อบต. 2569' } as const;

interface OfficerRow {
  public_key: Uint8Array;
  secret_box: Uint8Array;
  kdf: unknown;
  org_key_box: Uint8Array | null;
  key_version: number | null;
}

/** What an officer can do with their passphrase and their row of complaint_officer_keys (a copy of it): the organisation's key. */
async function orgSecretFrom(row: OfficerRow, orgId: string, personId: string, passphrase: string): Promise<Buffer> {
  if (!isKdfParams(row.kdf) || !row.org_key_box) throw new Error('no wrapped organisation key in this row');
  const publicKey = bytesOf(row.public_key);
  const own = decrypt(await passphraseKey(passphrase, row.kdf), row.secret_box, aad('officer-secret', publicKey.toString('hex')));
  return unseal(own, row.org_key_box, aad('officer-org-key', orgId, personId, String(row.key_version)));
}

/** Every sealed box of the organisation's cases, with the label it opens under. */
async function sealedBoxes(db: TestDb['db'], orgId: string): Promise<{ what: string; box: Uint8Array; label: string }[]> {
  const cases = await db.query<{ id: string; dek_box: Uint8Array }>('SELECT id, dek_box FROM complaints WHERE org_id = $1 ORDER BY id', [orgId]);
  const ids = await db.query<{ case_id: string; key_box: Uint8Array }>('SELECT case_id, key_box FROM complaint_identities WHERE org_id = $1', [orgId]);
  const replies = await db.query<{ id: string; case_id: string; box: Uint8Array }>(`SELECT id, case_id, box FROM complaint_messages WHERE org_id = $1 AND kind = 'from_complainant'`, [orgId]);
  return [
    ...cases.map((c) => ({ what: `dek ${c.id}`, box: c.dek_box, label: aad('dek', c.id) })),
    ...ids.map((i) => ({ what: `identity ${i.case_id}`, box: i.key_box, label: aad('identity-key', i.case_id) })),
    ...replies.map((m) => ({ what: `reply ${m.id}`, box: m.box, label: aad('from-complainant', m.case_id, m.id) })),
  ];
}

const opens = (secret: Buffer, b: { box: Uint8Array; label: string }): boolean => {
  try {
    unseal(secret, b.box, b.label);
    return true;
  } catch (error) {
    if (error instanceof DecryptError) return false;
    throw error;
  }
};

describe.each(backends())('rotating the complaint key on %s', (backend) => {
  let t: TestDb;
  let orgId: string;
  const p = {} as Record<'coordinator' | 'executive' | 'deputy' | 'auditor', { principal: Principal; session: string }>;
  const sign = async (email: string, now = T0) => {
    const s = await signIn(t.db, email, DEMO_PASSWORD, now);
    return { principal: s.account.principal, session: s.sessionId };
  };
  const officerRow = async (personId: string) =>
    (await t.db.query<OfficerRow>('SELECT public_key, secret_box, kdf, org_key_box, key_version FROM complaint_officer_keys WHERE org_id = $1 AND person_id = $2', [orgId, personId]))[0];

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, T0);
    [{ id: orgId }] = (await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = $1`, [SLUG])) as [{ id: string }];
    // A second coordinator, who will leave (account deactivated).
    const [deputy] = await t.db.query<{ id: string }>(`INSERT INTO people (org_id, name_th, email, password_hash) VALUES ($1, 'นายรอง ปลัด', 'deputy@huai-thong.test', $2) RETURNING id`, [orgId, await hashPassword(DEMO_PASSWORD)]);
    await t.db.query(`INSERT INTO roles (person_id, org_id, role) VALUES ($1, $2, 'coordinator')`, [deputy!.id, orgId]);
    p.coordinator = await sign('coordinator@huai-thong.demo');
    p.executive = await sign('executive@huai-thong.demo');
    p.deputy = await sign('deputy@huai-thong.test');
    p.auditor = await sign('auditor@huai-thong.demo');
  });
  afterAll(async () => {
    await t.dispose();
  });

  let oldSheet: string;
  let newSheet: string;
  let receipts: string[];
  let leaverCopies: { executive: OfficerRow; deputy: OfficerRow };
  let oldBoxes: Awaited<ReturnType<typeof sealedBoxes>>;

  it('starts with three officers holding the key, cases with an identity and a reply', async () => {
    oldSheet = (await setUpChannel(t.db, p.coordinator.principal, SLUG, p.coordinator.session, PASS.coordinator, T0, FAST)).code;
    for (const who of ['executive', 'deputy'] as const) {
      await setPassphrase(t.db, p[who].principal, SLUG, p[who].session, PASS[who], T0, FAST);
      await grantAccess(t.db, p.coordinator.principal, SLUG, p.coordinator.session, p[who].principal.personId, T0);
      await unlockComplaints(t.db, p[who].principal, SLUG, p[who].session, PASS[who], T0);
    }
    receipts = [
      (await fileComplaint(t.db, SLUG, { channel: 'public', type: 'corruption', text: 'เรียกรับเงินเพื่อออกใบอนุญาต ROTATION-ONE', identity: { name: 'นางผู้แจ้ง', contact: '080' } }, [], T0)).receipt,
      (await fileComplaint(t.db, SLUG, { channel: 'internal', type: 'misconduct', text: 'หัวหน้าใช้รถราชการไปธุระส่วนตัว ROTATION-TWO' }, [], T0)).receipt,
    ];
    await replyByReceipt(t.db, receipts[1], 'ข้อมูลเพิ่มเติมหลังยื่นเรื่อง ROTATION-REPLY', T0);
    // What a leaver could have kept: their own row (with their passphrase, it gives the organisation's key).
    leaverCopies = { executive: (await officerRow(p.executive.principal.personId))!, deputy: (await officerRow(p.deputy.principal.personId))! };
    oldBoxes = await sealedBoxes(t.db, orgId);
    expect(oldBoxes.map((b) => b.what.split(' ')[0]).sort()).toEqual(['dek', 'dek', 'identity', 'reply']);
    const old = await orgSecretFrom(leaverCopies.executive, orgId, p.executive.principal.personId, PASS.executive);
    expect(oldBoxes.every((b) => opens(old, b))).toBe(true);
  });

  it('refuses people without complaints.handle, and a locked session', async () => {
    await expect(rotateOrgKey(t.db, p.auditor.principal, SLUG, p.auditor.session, at(1))).rejects.toBeInstanceOf(Forbidden);
    const locked = await sign('coordinator@huai-thong.demo', at(1));
    await expect(rotateOrgKey(t.db, p.coordinator.principal, SLUG, locked.session, at(1))).rejects.toBeInstanceOf(ComplaintsLocked);
    await expect(rotateOrgKey(t.db, p.coordinator.principal, SLUG, null, at(1))).rejects.toBeInstanceOf(ComplaintsLocked);
    expect((await t.db.query<{ key_version: number }>('SELECT key_version FROM complaint_orgs WHERE org_id = $1', [orgId]))[0]!.key_version).toBe(1);
  });

  it('re-wraps every case under a new key that only the officers who still hold access get', async () => {
    // The executive's access is taken away; the deputy leaves (account deactivated).
    await revokeAccess(t.db, p.coordinator.principal, SLUG, p.executive.principal.personId);
    await t.db.query('UPDATE people SET active = false WHERE id = $1', [p.deputy.principal.personId]);
    const other = await sign('coordinator@huai-thong.demo', at(1));
    await unlockComplaints(t.db, p.coordinator.principal, SLUG, other.session, PASS.coordinator, at(1));

    const r = await rotateOrgKey(t.db, p.coordinator.principal, SLUG, p.coordinator.session, at(1));
    expect(r).toMatchObject({ keyVersion: 2, cases: 2, officers: 1, sheet: { serial: 2, madeOn: '2026-03-10' } });
    expect(r.sheet.code).not.toBe(oldSheet);

    const [org] = await t.db.query<{ public_key: Uint8Array; key_version: number }>('SELECT public_key, key_version FROM complaint_orgs WHERE org_id = $1', [orgId]);
    const now = await orgSecretFrom((await officerRow(p.coordinator.principal.personId))!, orgId, p.coordinator.principal.personId, PASS.coordinator);
    expect(publicKeyOf(now).equals(bytesOf(org!.public_key))).toBe(true);
    const boxes = await sealedBoxes(t.db, orgId);
    expect(boxes).toHaveLength(oldBoxes.length);
    expect(boxes.every((b) => opens(now, b))).toBe(true);
    expect(await t.db.query(`SELECT DISTINCT key_version FROM complaints WHERE org_id = $1`, [orgId])).toEqual([{ key_version: 2 }]);

    // The old key — what either leaver gets from their kept copy — opens nothing that is in the database now.
    for (const who of ['executive', 'deputy'] as const) {
      const old = await orgSecretFrom(leaverCopies[who], orgId, p[who].principal.personId, PASS[who]);
      expect(publicKeyOf(old).equals(bytesOf(org!.public_key))).toBe(false);
      expect(boxes.filter((b) => opens(old, b))).toEqual([]);
      // …but it still opens the boxes of a copy taken before the rotation (docs/complaints-security.md §3).
      expect(oldBoxes.every((b) => opens(old, b))).toBe(true);
    }
    // The leaver's key is gone (deactivated); the revoked officer has no grant; nobody else is unlocked.
    expect(await officerRow(p.deputy.principal.personId)).toBeUndefined();
    expect((await officerRow(p.executive.principal.personId))!.org_key_box).toBeNull();
    const state = await channelState(t.db, p.coordinator.principal, SLUG, p.coordinator.session, at(1));
    expect(state.me).toMatchObject({ granted: true, unlocked: true });
    expect(state.settings).toMatchObject({ keyVersion: 2, recoverySerial: 2 });
    await expect(openCase(t.db, p.coordinator.principal, SLUG, (await t.db.query<{ id: string }>('SELECT id FROM complaints LIMIT 1'))[0]!.id, other.session, at(1))).rejects.toBeInstanceOf(ComplaintsLocked);

    // Nothing of a key went into the audit log; the change of version did.
    const audit = await t.db.query<{ after: Record<string, unknown> }>(`SELECT after FROM audit_log WHERE entity = 'complaint_orgs' AND action = 'update' ORDER BY id DESC LIMIT 1`);
    expect(audit[0]!.after).toMatchObject({ key_version: 2, recovery_serial: 2 });
    expect(JSON.stringify(audit[0]!.after)).not.toMatch(/public_key|recovery_box/);

    // A copy of the old wrapped key put back into the revoked officer's row does not unlock.
    await t.db.query('UPDATE complaint_officer_keys SET org_key_box = $3, key_version = 2 WHERE org_id = $1 AND person_id = $2', [orgId, p.executive.principal.personId, leaverCopies.executive.org_key_box]);
    const exec = await sign('executive@huai-thong.demo', at(1));
    await expect(unlockComplaints(t.db, p.executive.principal, SLUG, exec.session, PASS.executive, at(1))).rejects.toBeInstanceOf(DecryptError);
    expect((await channelState(t.db, p.executive.principal, SLUG, exec.session, at(1))).me.unlocked).toBe(false);
    await t.db.query('UPDATE complaint_officer_keys SET org_key_box = NULL, key_version = NULL WHERE org_id = $1 AND person_id = $2', [orgId, p.executive.principal.personId]);
    newSheet = r.sheet.code;
  });

  it('keeps the cases working: old and new cases open, the complainant follows and replies', async () => {
    const newReceipt = (await fileComplaint(t.db, SLUG, { channel: 'public', type: 'service', text: 'ไฟถนนดับทั้งซอยมาสองสัปดาห์ ROTATION-THREE' }, [], at(2))).receipt;
    await replyByReceipt(t.db, receipts[0], 'ส่งหลังเปลี่ยนกุญแจ ROTATION-LATE-REPLY', at(2));
    expect((await complaintByReceipt(t.db, receipts[1])).messages).toHaveLength(1);
    const texts: string[] = [];
    for (const row of await t.db.query<{ id: string }>('SELECT id FROM complaints ORDER BY id')) {
      const d = await openCase(t.db, p.coordinator.principal, SLUG, row.id, p.coordinator.session, at(2));
      texts.push(d.text, ...d.thread.map((e) => e.text));
    }
    for (const marker of ['ROTATION-ONE', 'ROTATION-TWO', 'ROTATION-THREE', 'ROTATION-REPLY', 'ROTATION-LATE-REPLY']) expect(texts.join(' ')).toContain(marker);
    // What came after the rotation is sealed to the new key: the old one does not open it either.
    const old = await orgSecretFrom(leaverCopies.executive, orgId, p.executive.principal.personId, PASS.executive);
    expect((await sealedBoxes(t.db, orgId)).filter((b) => opens(old, b))).toEqual([]);
    expect(newReceipt).toBeTruthy();
  });

  it('makes the old recovery sheet useless; the new one works', async () => {
    const exec = await sign('executive@huai-thong.demo', at(3));
    await expect(recoverWithSheet(t.db, p.executive.principal, SLUG, exec.session, oldSheet, PASS.executive, at(3), FAST)).rejects.toMatchObject({ field: 'recoveryCode' });
    await recoverWithSheet(t.db, p.executive.principal, SLUG, exec.session, newSheet, PASS.executive, at(3), FAST);
    expect((await channelState(t.db, p.executive.principal, SLUG, exec.session, at(3))).me).toMatchObject({ granted: true, unlocked: true });
  });
});

describe.each(backends())('rotating the complaint key over HTTP on %s', (backend) => {
  let s: TestServer;
  const PASSPHRASE = 'รหัสผ่านเรื่องร้องเรียนของผู้ประสานงาน';

  beforeAll(async () => {
    s = await startServer(backend);
  });
  afterAll(async () => {
    await s.close();
  });

  it('rotates from the staff page and the API, each only with its CSRF token, and says to reprint the sheet', async () => {
    const coordinator = await signedInClient(s.app, demoEmail('coordinator'));
    await coordinator.get('/staff/o/huai-thong/complaints');
    expect((await coordinator.post('/staff/o/huai-thong/complaints/setup', { passphrase: PASSPHRASE, passphrase2: PASSPHRASE })).statusCode).toBe(200);
    const inbox = await coordinator.get('/staff/o/huai-thong/complaints');
    expect(inbox.body).toContain('action="/staff/o/huai-thong/complaints/rotate-key"');

    expect((await coordinator.post('/staff/o/huai-thong/complaints/rotate-key', {}, false)).statusCode).toBe(403);
    expect((await s.t.db.query<{ key_version: number }>('SELECT key_version FROM complaint_orgs'))[0]!.key_version).toBe(1);
    // The page asks first; asking changes nothing.
    const asked = await coordinator.post('/staff/o/huai-thong/complaints/rotate-key');
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('name="confirm" value="yes"');
    expect(asked.body).not.toContain('data-rotated');
    expect((await s.t.db.query<{ key_version: number }>('SELECT key_version FROM complaint_orgs'))[0]!.key_version).toBe(1);
    const page = await coordinator.post('/staff/o/huai-thong/complaints/rotate-key', { confirm: 'yes' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-rotated');
    expect(page.body).toContain('แผ่นกู้คืนฉบับเดิมใช้ไม่ได้อีก');
    expect((await s.t.db.query<{ key_version: number }>('SELECT key_version FROM complaint_orgs'))[0]!.key_version).toBe(2);

    await coordinator.get('/staff/o/huai-thong/complaints');
    const noToken = await coordinator.request({ method: 'POST', url: '/api/v1/orgs/huai-thong/complaints/rotate-key', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(noToken.statusCode).toBe(403);
    const api = await coordinator.json('POST', '/api/v1/orgs/huai-thong/complaints/rotate-key', {});
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ keyVersion: 3, cases: 0, officers: 1, recoverySheet: { serial: 3 } });
    expect(api.headers['cache-control']).toBe('no-store');

    // A signed-in officer whose session is not unlocked gets the "unlock first" answer, and nothing changes.
    const fresh = await signedInClient(s.app, demoEmail('coordinator'));
    const locked = await fresh.json('POST', '/api/v1/orgs/huai-thong/complaints/rotate-key', {});
    expect(locked.statusCode).toBe(400);
    expect(locked.json()).toMatchObject({ error: { field: 'passphrase' } });
    expect((await s.t.db.query<{ key_version: number }>('SELECT key_version FROM complaint_orgs'))[0]!.key_version).toBe(3);
  });
});
