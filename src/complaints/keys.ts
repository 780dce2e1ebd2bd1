/**
 * The complaint channel's keys, the officers' side (docs/complaints-security.md):
 * - set-up: the first officer makes the organisation's X25519 key pair; the public key goes into the database
 *   (complaints are sealed to it with no officer online); the private key is kept only wrapped: for that officer,
 *   and under a recovery code printed once on a recovery sheet for the head of the agency;
 * - every officer (complaints.handle in the organisation) has a key pair of their own, its private half under a
 *   key derived from their complaint passphrase (argon2id); another officer who has unlocked grants them the
 *   organisation's key by sealing it to their public key. No passphrase is ever shared;
 * - unlocking: the officer's passphrase opens their key, which opens the organisation's key, which is then kept for
 *   the staff session only, under a key derived from the session id (which the database holds only hashed), until
 *   the session ends or UNLOCK_MS passes;
 * - a forgotten passphrase: the officer makes a new key and another officer grants it again, or the recovery
 *   sheet is used. An administrator who resets a sign-in password gets no access to complaints.
 * Every use case authorises complaints.handle in the organisation first.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { formatCode, newCode, parseCode } from './codes.ts';
import {
  aad,
  bytesOf,
  decrypt,
  DecryptError,
  encrypt,
  generateKeyPair,
  isKdfParams,
  KDF_COST,
  newKdfParams,
  passphraseKey,
  publicKeyOf,
  recoveryKey,
  seal,
  unlockKey,
  unseal,
  wipe,
  type KdfParams,
} from './crypto.ts';
import { InputError } from '../errors.ts';
import { write } from '../app/actor.ts';
import { serverSecret, sha256 } from '../accounts/accounts.ts';
import { actorOf, can, ROLES, type Principal, type Role } from '../app/authz.ts';
import { resolveOrg, type OrgContext } from '../app/context.ts';
import { FORM_SECRET, receiptSecret } from './complaints.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { parseInput, requireUuid } from '../app/input.ts';

/** An unlocked session keeps the organisation's key at most this long (and never past the session). */
export const UNLOCK_MS = 2 * 3600_000;
export const PASSPHRASE_MIN = 12;
export const PASSPHRASE_MAX = 200;

/** The roles that may handle complaints (from the authorisation matrix). */
export const HANDLER_ROLES: readonly Role[] = ROLES.filter(
  (role) => role !== 'system_admin' && can({ personId: '', nameTh: '', roles: [{ role, orgId: 'o', unitId: role === 'unit_head' ? 'u' : null }] }, 'complaints.handle', { orgId: 'o' }),
);

/** This session has not unlocked the organisation's complaint key (or the unlock has ended). */
export class ComplaintsLocked extends InputError {
  readonly locked = true;
  constructor() {
    super('passphrase', 'โปรดปลดล็อกเรื่องร้องเรียนด้วยรหัสผ่านสำหรับเรื่องร้องเรียนของคุณก่อน', 'unlock the complaints with your complaint passphrase first');
  }
}

/** Options for tests: cheaper argon2id parameters. */
export interface KeyOptions {
  readonly kdfCost?: { readonly m: number; readonly t: number; readonly p: number };
}


export const passphraseSchema = z
  .string()
  .min(PASSPHRASE_MIN, { error: `รหัสผ่านสำหรับเรื่องร้องเรียนต้องยาวอย่างน้อย ${PASSPHRASE_MIN} ตัวอักษร / the complaint passphrase must be at least ${PASSPHRASE_MIN} characters long` })
  .max(PASSPHRASE_MAX, { error: `รหัสผ่านยาวได้ไม่เกิน ${PASSPHRASE_MAX} ตัวอักษร / at most ${PASSPHRASE_MAX} characters` });

const parsePassphrase = (value: unknown): string => parseInput(z.object({ passphrase: passphraseSchema }), { passphrase: value }).passphrase;

/** Resolves the organisation with complaints.handle. */
export const complaintsOrg = (db: Queryable, principal: Principal, slug: string): Promise<OrgContext> => resolveOrg(db, principal, slug, 'complaints.handle');

/** The people who may handle the organisation's complaints now. */
export async function handlers(db: Queryable, orgId: string): Promise<{ personId: string; nameTh: string }[]> {
  const rows = await db.query<{ id: string; name_th: string }>(
    `SELECT DISTINCT p.id, p.name_th FROM people p JOIN roles r ON r.person_id = p.id
      WHERE r.org_id = $1 AND r.role = ANY ($2::text[]) AND p.active ORDER BY p.name_th`,
    [orgId, HANDLER_ROLES],
  );
  return rows.map((r) => ({ personId: r.id, nameTh: r.name_th }));
}

/**
 * Removes the keys and unlocks of people who no longer handle complaints here (their role was taken away or their
 * account deactivated): done with every set-up, unlock, grant, passphrase and recovery of the organisation, and
 * authorisation refuses them meanwhile.
 */
async function purgeFormerOfficers(tx: Queryable, orgId: string): Promise<void> {
  const ids = (await handlers(tx, orgId)).map((h) => h.personId);
  await tx.query('DELETE FROM complaint_unlocks WHERE org_id = $1 AND NOT (person_id = ANY ($2::uuid[]))', [orgId, ids]);
  await tx.query('DELETE FROM complaint_officer_keys WHERE org_id = $1 AND NOT (person_id = ANY ($2::uuid[]))', [orgId, ids]);
}

interface OrgKeys {
  readonly publicKey: Buffer;
  readonly keyVersion: number;
  readonly recoveryBox: Buffer;
  readonly recoverySerial: number;
}

async function orgKeys(db: Queryable, orgId: string): Promise<OrgKeys | null> {
  const [row] = await db.query<{ public_key: Uint8Array; key_version: number; recovery_box: Uint8Array; recovery_serial: number }>(
    'SELECT public_key, key_version, recovery_box, recovery_serial FROM complaint_orgs WHERE org_id = $1',
    [orgId],
  );
  return row ? { publicKey: bytesOf(row.public_key), keyVersion: row.key_version, recoveryBox: bytesOf(row.recovery_box), recoverySerial: row.recovery_serial } : null;
}

const notSetUp = () => new InputError('channel', 'หน่วยงานนี้ยังไม่ได้ตั้งค่าช่องทางรับเรื่องร้องเรียน', 'this organisation has not set up its complaint channel yet');

const officerKeyAad = (orgId: string, personId: string, version: number) => aad('officer-org-key', orgId, personId, String(version));

/** A new key pair for an officer, its private half under their passphrase. */
async function officerKeyPair(passphrase: string, options: KeyOptions) {
  const pair = generateKeyPair();
  const kdf = newKdfParams(options.kdfCost ?? KDF_COST);
  const kek = await passphraseKey(passphrase, kdf);
  const secretBox = encrypt(kek, pair.privateKey, aad('officer-secret', pair.publicKey.toString('hex')));
  wipe(kek, pair.privateKey);
  return { publicKey: pair.publicKey, secretBox, kdf };
}

async function saveOfficerKey(
  tx: Queryable,
  orgId: string,
  personId: string,
  key: { publicKey: Buffer; secretBox: Buffer; kdf: KdfParams },
  grant: { orgSecret: Buffer; version: number; by: string; now: Date } | null,
): Promise<void> {
  await tx.query('DELETE FROM complaint_officer_keys WHERE org_id = $1 AND person_id = $2', [orgId, personId]);
  await tx.query(
    `INSERT INTO complaint_officer_keys (org_id, person_id, public_key, secret_box, kdf, org_key_box, key_version, granted_by, granted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      orgId, personId, key.publicKey, key.secretBox, JSON.stringify(key.kdf),
      grant ? seal(key.publicKey, grant.orgSecret, officerKeyAad(orgId, personId, grant.version)) : null,
      grant?.version ?? null, grant?.by ?? null, grant?.now.toISOString() ?? null,
    ],
  );
}

/** Keeps the organisation's private key for this staff session (see UNLOCK_MS). */
async function keepUnlocked(tx: Queryable, orgId: string, personId: string, sessionId: string, orgSecret: Buffer, version: number, now: Date): Promise<void> {
  const sessionHash = sha256(sessionId);
  const [session] = await tx.query<{ expires_at: string }>('SELECT expires_at FROM sessions WHERE id_hash = $1 AND person_id = $2', [sessionHash, personId]);
  if (!session) throw new InputError('session', 'ปลดล็อกได้เฉพาะเมื่อลงชื่อเข้าใช้ผ่านหน้าเว็บ (ไม่ใช่โทเค็น API)', 'unlocking needs a signed-in web session (not an API token)');
  const expires = new Date(Math.min(new Date(session.expires_at).getTime(), now.getTime() + UNLOCK_MS));
  const salt = randomBytes(16);
  const key = unlockKey(sessionId, salt);
  const box = Buffer.concat([salt, encrypt(key, orgSecret, aad('unlock', orgId, personId, String(version)))]);
  wipe(key);
  await tx.query(
    `INSERT INTO complaint_unlocks (session_hash, org_id, person_id, key_version, box, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (session_hash, org_id) DO UPDATE SET person_id = EXCLUDED.person_id, key_version = EXCLUDED.key_version, box = EXCLUDED.box, expires_at = EXCLUDED.expires_at`,
    [sessionHash, orgId, personId, version, box, expires.toISOString()],
  );
}

/**
 * The organisation's private key as this session unlocked it; ComplaintsLocked when it has not (or the unlock
 * ended, or the key changed since). The caller wipes it after use.
 */
export async function unlockedSecret(db: Queryable, principal: Principal, orgId: string, sessionId: string | null, now: Date): Promise<Buffer> {
  if (!sessionId) throw new ComplaintsLocked();
  const [row] = await db.query<{ box: Uint8Array; key_version: number; current: number }>(
    `SELECT u.box, u.key_version, o.key_version AS current FROM complaint_unlocks u JOIN complaint_orgs o ON o.org_id = u.org_id
      WHERE u.session_hash = $1 AND u.org_id = $2 AND u.person_id = $3 AND u.expires_at > $4`,
    [sha256(sessionId), orgId, principal.personId, now.toISOString()],
  );
  if (!row || row.key_version !== row.current) throw new ComplaintsLocked();
  const box = bytesOf(row.box);
  const key = unlockKey(sessionId, box.subarray(0, 16));
  try {
    return decrypt(key, box.subarray(16), aad('unlock', orgId, principal.personId, String(row.key_version)));
  } catch (error) {
    if (error instanceof DecryptError) throw new ComplaintsLocked();
    throw error;
  } finally {
    wipe(key);
  }
}

// ---------------------------------------------------------------------------------------------------------
// State

export interface ChannelSettings {
  readonly ackDays: number;
  readonly closeDays: number;
  readonly publicOpen: boolean;
  readonly internalOpen: boolean;
  readonly keyVersion: number;
  readonly recoverySerial: number;
  readonly recoveryMadeOn: string;
  /** Closed cases are kept this many years after their closing date, then purged (complaints-cases.ts). */
  readonly retentionYears: number;
}

export interface OfficerState {
  readonly personId: string;
  readonly nameTh: string;
  /** Has a key of their own (set a passphrase). */
  readonly enrolled: boolean;
  /** Holds the organisation's key (granted). */
  readonly granted: boolean;
}

export interface ChannelState {
  readonly org: OrgContext;
  readonly settings: ChannelSettings | null;
  readonly me: OfficerState & { readonly unlocked: boolean; readonly unlockedUntil: string | null };
  /** Everyone who handles complaints here, with their key state. */
  readonly officers: readonly OfficerState[];
}

export async function channelState(db: Queryable, principal: Principal, slug: string, sessionId: string | null, now: Date = new Date()): Promise<ChannelState> {
  const org = await complaintsOrg(db, principal, slug);
  const [settings] = await db.query<{
    ack_days: number; close_days: number; public_open: boolean; internal_open: boolean; key_version: number; recovery_serial: number; recovery_made_on: string; retention_years: number;
  }>('SELECT ack_days, close_days, public_open, internal_open, key_version, recovery_serial, recovery_made_on, retention_years FROM complaint_orgs WHERE org_id = $1', [org.orgId]);
  const keys = await db.query<{ person_id: string; granted: boolean; key_version: number | null }>(
    'SELECT person_id, org_key_box IS NOT NULL AS granted, key_version FROM complaint_officer_keys WHERE org_id = $1',
    [org.orgId],
  );
  const officers = (await handlers(db, org.orgId)).map((h): OfficerState => {
    const k = keys.find((r) => r.person_id === h.personId);
    return { personId: h.personId, nameTh: h.nameTh, enrolled: !!k, granted: !!k?.granted && k.key_version === settings?.key_version };
  });
  const [unlock] = sessionId
    ? await db.query<{ expires_at: string }>(
        `SELECT u.expires_at FROM complaint_unlocks u JOIN complaint_orgs o ON o.org_id = u.org_id AND o.key_version = u.key_version
          WHERE u.session_hash = $1 AND u.org_id = $2 AND u.person_id = $3 AND u.expires_at > $4`,
        [sha256(sessionId), org.orgId, principal.personId, now.toISOString()],
      )
    : [];
  const mine = officers.find((o) => o.personId === principal.personId) ?? { personId: principal.personId, nameTh: principal.nameTh, enrolled: false, granted: false };
  return {
    org,
    settings: settings
      ? {
          ackDays: settings.ack_days,
          closeDays: settings.close_days,
          publicOpen: settings.public_open,
          internalOpen: settings.internal_open,
          keyVersion: settings.key_version,
          recoverySerial: settings.recovery_serial,
          recoveryMadeOn: settings.recovery_made_on,
          retentionYears: settings.retention_years,
        }
      : null,
    me: { ...mine, unlocked: !!unlock, unlockedUntil: unlock?.expires_at ?? null },
    officers,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Set-up, enrolment, unlocking

export interface RecoverySheet {
  /** The recovery code (groups of 4), shown once, for the printed sheet. */
  readonly code: string;
  readonly serial: number;
  readonly madeOn: string;
  readonly orgNameTh: string;
}

/**
 * Sets up the organisation's channel: its key pair, this officer's key (under `passphrase`) holding it, the
 * session unlocked, and the recovery sheet (returned once).
 */
export async function setUpChannel(db: Db, principal: Principal, slug: string, sessionId: string | null, passphraseInput: unknown, now: Date = new Date(), options: KeyOptions = {}): Promise<RecoverySheet> {
  const org = await complaintsOrg(db, principal, slug);
  const passphrase = parsePassphrase(passphraseInput);
  if (await orgKeys(db, org.orgId)) throw new InputError('channel', 'ช่องทางรับเรื่องร้องเรียนของหน่วยงานนี้ตั้งค่าไว้แล้ว', 'this organisation’s complaint channel is already set up');
  if (!sessionId) throw new ComplaintsLocked();
  const pair = generateKeyPair();
  const code = newCode('recovery');
  const rk = recoveryKey(code, org.orgId);
  const mine = await officerKeyPair(passphrase, options);
  const madeOn = todayInBangkok(now);
  try {
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await tx.query(
        `INSERT INTO complaint_orgs (org_id, key_version, public_key, recovery_box, recovery_serial, recovery_made_on) VALUES ($1, 1, $2, $3, 1, $4)`,
        [org.orgId, pair.publicKey, encrypt(rk, pair.privateKey, aad('recovery', org.orgId, '1')), madeOn],
      );
      await purgeFormerOfficers(tx, org.orgId);
      await saveOfficerKey(tx, org.orgId, principal.personId, mine, { orgSecret: pair.privateKey, version: 1, by: principal.personId, now });
      await keepUnlocked(tx, org.orgId, principal.personId, sessionId, pair.privateKey, 1, now);
      // The server secrets the complainant's side uses are made now, by an officer: made by the first filing or
      // form, their created_at would tell when that was.
      await receiptSecret(tx);
      await serverSecret(tx, FORM_SECRET);
    });
  } finally {
    wipe(pair.privateKey, rk);
  }
  return { code: formatCode(code), serial: 1, madeOn, orgNameTh: org.nameTh };
}

/**
 * Sets (or replaces) this officer's complaint passphrase: a new key pair of their own. When the session is
 * unlocked, the new key holds the organisation's key at once; otherwise another officer must grant it (or the
 * recovery sheet be used): this is also the way back from a forgotten passphrase.
 */
export async function setPassphrase(db: Db, principal: Principal, slug: string, sessionId: string | null, passphraseInput: unknown, now: Date = new Date(), options: KeyOptions = {}): Promise<{ granted: boolean }> {
  const org = await complaintsOrg(db, principal, slug);
  const passphrase = parsePassphrase(passphraseInput);
  const keys = await orgKeys(db, org.orgId);
  if (!keys) throw notSetUp();
  let secret: Buffer | null = null;
  try {
    secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  } catch (error) {
    if (!(error instanceof ComplaintsLocked)) throw error;
  }
  const mine = await officerKeyPair(passphrase, options);
  try {
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await purgeFormerOfficers(tx, org.orgId);
      await saveOfficerKey(tx, org.orgId, principal.personId, mine, secret ? { orgSecret: secret, version: keys.keyVersion, by: principal.personId, now } : null);
    });
  } finally {
    wipe(secret);
  }
  return { granted: secret !== null };
}

const wrongPassphrase = () => new InputError('passphrase', 'รหัสผ่านสำหรับเรื่องร้องเรียนไม่ถูกต้อง', 'wrong complaint passphrase');

/** Unlocks the organisation's complaints for this staff session with the officer's passphrase. */
export async function unlockComplaints(db: Db, principal: Principal, slug: string, sessionId: string | null, passphraseInput: unknown, now: Date = new Date()): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  if (typeof passphraseInput !== 'string' || passphraseInput === '' || passphraseInput.length > PASSPHRASE_MAX) throw wrongPassphrase();
  const keys = await orgKeys(db, org.orgId);
  if (!keys) throw notSetUp();
  if (!sessionId) throw new ComplaintsLocked();
  const [row] = await db.query<{ public_key: Uint8Array; secret_box: Uint8Array; kdf: unknown; org_key_box: Uint8Array | null; key_version: number | null }>(
    'SELECT public_key, secret_box, kdf, org_key_box, key_version FROM complaint_officer_keys WHERE org_id = $1 AND person_id = $2',
    [org.orgId, principal.personId],
  );
  if (!row) throw new InputError('passphrase', 'คุณยังไม่ได้ตั้งรหัสผ่านสำหรับเรื่องร้องเรียน', 'you have not set a complaint passphrase yet');
  if (!isKdfParams(row.kdf)) throw new Error('complaint_officer_keys.kdf is damaged');
  const publicKey = bytesOf(row.public_key);
  const kek = await passphraseKey(passphraseInput, row.kdf);
  let mySecret: Buffer;
  try {
    mySecret = decrypt(kek, row.secret_box, aad('officer-secret', publicKey.toString('hex')));
  } catch (error) {
    if (error instanceof DecryptError) throw wrongPassphrase();
    throw error;
  } finally {
    wipe(kek);
  }
  if (!row.org_key_box || row.key_version !== keys.keyVersion) {
    wipe(mySecret);
    throw new InputError(
      'passphrase',
      'รหัสผ่านถูกต้อง แต่ยังไม่มีเจ้าหน้าที่คนอื่นมอบสิทธิ์เปิดอ่านเรื่องร้องเรียนให้คุณ (หรือใช้แผ่นกู้คืน)',
      'the passphrase is right, but no other officer has granted you access yet (or use the recovery sheet)',
    );
  }
  let secret: Buffer | null = null;
  try {
    secret = unseal(mySecret, row.org_key_box, officerKeyAad(org.orgId, principal.personId, keys.keyVersion));
    if (!publicKeyOf(secret).equals(keys.publicKey)) throw new DecryptError();
    const orgSecret = secret;
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await purgeFormerOfficers(tx, org.orgId);
      await keepUnlocked(tx, org.orgId, principal.personId, sessionId, orgSecret, keys.keyVersion, now);
    });
  } finally {
    wipe(mySecret, secret);
  }
}

/** Locks again (the organisation's key leaves this session). */
export async function lockComplaints(db: Db, principal: Principal, slug: string, sessionId: string | null): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  if (sessionId) await db.query('DELETE FROM complaint_unlocks WHERE session_hash = $1 AND org_id = $2', [sha256(sessionId), org.orgId]);
}

/** Grants another officer the organisation's key (sealed to their own public key). Needs this session unlocked. */
export async function grantAccess(db: Db, principal: Principal, slug: string, sessionId: string | null, personId: string, now: Date = new Date()): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  const keys = await orgKeys(db, org.orgId);
  if (!keys) throw notSetUp();
  const who = (await handlers(db, org.orgId)).find((h) => h.personId === personId);
  if (!who) throw new NotFound('personId', 'ไม่พบเจ้าหน้าที่ผู้มีสิทธิ์รับเรื่องร้องเรียนของหน่วยงานนี้ตามที่ระบุ', 'no such complaint officer in this organisation');
  const secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  try {
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await purgeFormerOfficers(tx, org.orgId);
      const [row] = await tx.query<{ public_key: Uint8Array }>('SELECT public_key FROM complaint_officer_keys WHERE org_id = $1 AND person_id = $2 FOR UPDATE', [org.orgId, personId]);
      if (!row) throw new InputError('personId', `${who.nameTh} ยังไม่ได้ตั้งรหัสผ่านสำหรับเรื่องร้องเรียน`, `${who.nameTh} has not set a complaint passphrase yet`);
      await tx.query('UPDATE complaint_officer_keys SET org_key_box = $3, key_version = $4, granted_by = $5, granted_at = $6 WHERE org_id = $1 AND person_id = $2', [
        org.orgId, personId, seal(bytesOf(row.public_key), secret, officerKeyAad(org.orgId, personId, keys.keyVersion)), keys.keyVersion, principal.personId, now.toISOString(),
      ]);
    });
  } finally {
    wipe(secret);
  }
}

/** Takes the organisation's key away from an officer (their own key stays; another grant gives it back). */
export async function revokeAccess(db: Db, principal: Principal, slug: string, personId: string): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  const person = requireUuid(personId, 'person', { th: 'เจ้าหน้าที่', en: 'officer' });
  await write(db, actorOf(principal), org.orgId, async (tx) => {
    await tx.query('UPDATE complaint_officer_keys SET org_key_box = NULL, key_version = NULL, granted_by = NULL, granted_at = NULL WHERE org_id = $1 AND person_id = $2', [org.orgId, person]);
    await tx.query('DELETE FROM complaint_unlocks WHERE org_id = $1 AND person_id = $2', [org.orgId, person]);
  });
}

/**
 * Uses the recovery sheet: with the recovery code, this officer gets a new key under `passphrase` holding the
 * organisation's key, and the session is unlocked. The sheet stays valid (make a new one if it was exposed).
 */
export async function recoverWithSheet(db: Db, principal: Principal, slug: string, sessionId: string | null, codeInput: unknown, passphraseInput: unknown, now: Date = new Date(), options: KeyOptions = {}): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  const passphrase = parsePassphrase(passphraseInput);
  const keys = await orgKeys(db, org.orgId);
  if (!keys) throw notSetUp();
  if (!sessionId) throw new ComplaintsLocked();
  const code = parseCode('recovery', codeInput);
  if (!code) throw new InputError('recoveryCode', 'รหัสกู้คืนไม่ถูกต้อง: โปรดตรวจสอบทั้ง 28 ตัวอักษรตามแผ่นกู้คืน', 'the recovery code is not right: check all 28 characters on the recovery sheet');
  const rk = recoveryKey(code, org.orgId);
  let secret: Buffer;
  try {
    secret = decrypt(rk, keys.recoveryBox, aad('recovery', org.orgId, String(keys.recoverySerial)));
  } catch (error) {
    if (error instanceof DecryptError) {
      throw new InputError('recoveryCode', 'รหัสกู้คืนนี้ไม่ใช่ของแผ่นกู้คืนฉบับปัจจุบันของหน่วยงาน', 'this is not the code of the organisation’s current recovery sheet');
    }
    throw error;
  } finally {
    wipe(rk);
  }
  const mine = await officerKeyPair(passphrase, options);
  try {
    const orgSecret = secret;
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await purgeFormerOfficers(tx, org.orgId);
      await saveOfficerKey(tx, org.orgId, principal.personId, mine, { orgSecret, version: keys.keyVersion, by: principal.personId, now });
      await keepUnlocked(tx, org.orgId, principal.personId, sessionId, orgSecret, keys.keyVersion, now);
    });
  } finally {
    wipe(secret);
  }
}

/** Makes a new recovery sheet (the old one stops working). Needs this session unlocked. */
export async function newRecoverySheet(db: Db, principal: Principal, slug: string, sessionId: string | null, now: Date = new Date()): Promise<RecoverySheet> {
  const org = await complaintsOrg(db, principal, slug);
  const keys = await orgKeys(db, org.orgId);
  if (!keys) throw notSetUp();
  const secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  const code = newCode('recovery');
  const rk = recoveryKey(code, org.orgId);
  const serial = keys.recoverySerial + 1;
  const madeOn = todayInBangkok(now);
  try {
    await write(db, actorOf(principal), org.orgId, (tx) =>
      tx.query('UPDATE complaint_orgs SET recovery_box = $2, recovery_serial = $3, recovery_made_on = $4, updated_at = $5 WHERE org_id = $1', [
        org.orgId, encrypt(rk, secret, aad('recovery', org.orgId, String(serial))), serial, madeOn, now.toISOString(),
      ]),
    );
  } finally {
    wipe(secret, rk);
  }
  return { code: formatCode(code), serial, madeOn, orgNameTh: org.nameTh };
}

// ---------------------------------------------------------------------------------------------------------
// Rotation

export interface Rotation {
  readonly keyVersion: number;
  /** Cases whose keys were re-sealed (data key, identity key, the complainant's messages). */
  readonly cases: number;
  /** Officers who hold the new key (each under their own public key). */
  readonly officers: number;
  /** The new recovery sheet: the old one opens nothing any more. */
  readonly sheet: RecoverySheet;
}

/**
 * Replaces the organisation's key pair (this session unlocked): in one transaction, every case's data key, identity
 * key and the complainant's messages are re-sealed to the new public key; the officers who still hold access (a
 * current grant, and still complaints officers here) get the new key sealed to their own public key; every other
 * grant, and every unlocked session but this one, is dropped; a new recovery sheet replaces the old. The old key
 * then opens nothing in the database: a former officer who kept their old wrapped key gets a key to nothing that
 * is here now. What it does not undo (a copy of the database taken before) is in docs/complaints-security.md §3.
 */
export async function rotateOrgKey(db: Db, principal: Principal, slug: string, sessionId: string | null, now: Date = new Date()): Promise<Rotation> {
  const org = await complaintsOrg(db, principal, slug);
  const keys = await orgKeys(db, org.orgId);
  if (!keys) throw notSetUp();
  if (!sessionId) throw new ComplaintsLocked();
  const oldSecret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  const pair = generateKeyPair();
  const version = keys.keyVersion + 1;
  const serial = keys.recoverySerial + 1;
  const code = newCode('recovery');
  const rk = recoveryKey(code, org.orgId);
  const madeOn = todayInBangkok(now);
  const reseal = (box: Uint8Array, label: string): Buffer => {
    const plain = unseal(oldSecret, box, label);
    try {
      return seal(pair.publicKey, plain, label);
    } finally {
      wipe(plain);
    }
  };
  try {
    const counts = await write(db, actorOf(principal), org.orgId, async (tx) => {
      // Filings and replies read the public key under FOR SHARE: none is sealed to the old key after this.
      const [locked] = await tx.query<{ key_version: number }>('SELECT key_version FROM complaint_orgs WHERE org_id = $1 FOR UPDATE', [org.orgId]);
      if (locked?.key_version !== keys.keyVersion) {
        throw new Conflict('keyVersion', 'มีผู้อื่นเปลี่ยนกุญแจของหน่วยงานไปก่อนแล้ว โปรดปลดล็อกใหม่', 'someone else changed the organisation’s key in the meantime: unlock again');
      }
      await purgeFormerOfficers(tx, org.orgId);
      const cases = await tx.query<{ id: string; dek_box: Uint8Array }>('SELECT id, dek_box FROM complaints WHERE org_id = $1 AND purged_on IS NULL', [org.orgId]);
      for (const c of cases) {
        await tx.query('UPDATE complaints SET dek_box = $2, key_version = $3 WHERE id = $1', [c.id, reseal(c.dek_box, aad('dek', c.id)), version]);
      }
      for (const i of await tx.query<{ case_id: string; key_box: Uint8Array }>('SELECT case_id, key_box FROM complaint_identities WHERE org_id = $1', [org.orgId])) {
        await tx.query('UPDATE complaint_identities SET key_box = $2, key_version = $3 WHERE case_id = $1', [i.case_id, reseal(i.key_box, aad('identity-key', i.case_id)), version]);
      }
      const replies = await tx.query<{ id: string; case_id: string; box: Uint8Array }>(`SELECT id, case_id, box FROM complaint_messages WHERE org_id = $1 AND kind = 'from_complainant'`, [org.orgId]);
      for (const m of replies) {
        await tx.query('UPDATE complaint_messages SET box = $2, key_version = $3 WHERE id = $1', [m.id, reseal(m.box, aad('from-complainant', m.case_id, m.id)), version]);
      }
      const holders = await tx.query<{ person_id: string; public_key: Uint8Array }>(
        'SELECT person_id, public_key FROM complaint_officer_keys WHERE org_id = $1 AND org_key_box IS NOT NULL AND key_version = $2',
        [org.orgId, keys.keyVersion],
      );
      await tx.query('UPDATE complaint_officer_keys SET org_key_box = NULL, key_version = NULL, granted_by = NULL, granted_at = NULL WHERE org_id = $1 AND org_key_box IS NOT NULL', [org.orgId]);
      for (const h of holders) {
        await tx.query('UPDATE complaint_officer_keys SET org_key_box = $3, key_version = $4, granted_by = $5, granted_at = $6 WHERE org_id = $1 AND person_id = $2', [
          org.orgId, h.person_id, seal(bytesOf(h.public_key), pair.privateKey, officerKeyAad(org.orgId, h.person_id, version)), version, principal.personId, now.toISOString(),
        ]);
      }
      await tx.query('DELETE FROM complaint_unlocks WHERE org_id = $1', [org.orgId]);
      await tx.query(
        'UPDATE complaint_orgs SET public_key = $2, key_version = $3, recovery_box = $4, recovery_serial = $5, recovery_made_on = $6, updated_at = $7 WHERE org_id = $1',
        [org.orgId, pair.publicKey, version, encrypt(rk, pair.privateKey, aad('recovery', org.orgId, String(serial))), serial, madeOn, now.toISOString()],
      );
      await keepUnlocked(tx, org.orgId, principal.personId, sessionId, pair.privateKey, version, now);
      return { cases: cases.length, officers: holders.length };
    });
    return { keyVersion: version, ...counts, sheet: { code: formatCode(code), serial, madeOn, orgNameTh: org.nameTh } };
  } finally {
    wipe(oldSecret, pair.privateKey, rk);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Settings

/** How many years closed cases are kept (PDPA): the organisation chooses; 5 unless it does. */
export const RETENTION_MIN = 1;
export const RETENTION_MAX = 10;

export const settingsSchema = z
  .object({
    ackDays: z.coerce.number().int().min(1).max(365),
    closeDays: z.coerce.number().int().min(1).max(730),
    publicOpen: z.boolean(),
    internalOpen: z.boolean(),
    /** Absent: unchanged. */
    retentionYears: z.coerce.number().int().min(RETENTION_MIN).max(RETENTION_MAX).optional(),
  })
  .strict()
  .refine((s) => s.closeDays >= s.ackDays, { path: ['closeDays'], error: 'กำหนดปิดเรื่องต้องไม่สั้นกว่ากำหนดตอบรับ / the closing deadline cannot be shorter than the acknowledgement deadline' });

/** Deadlines (in days from the filing date, for new complaints), which channels are open, how long closed cases are kept. */
export async function updateChannelSettings(db: Db, principal: Principal, slug: string, input: unknown, now: Date = new Date()): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  const s = parseInput(settingsSchema, input);
  if (!(await orgKeys(db, org.orgId))) throw notSetUp();
  await write(db, actorOf(principal), org.orgId, (tx) =>
    tx.query('UPDATE complaint_orgs SET ack_days = $2, close_days = $3, public_open = $4, internal_open = $5, updated_at = $6, retention_years = coalesce($7, retention_years) WHERE org_id = $1', [
      org.orgId, s.ackDays, s.closeDays, s.publicOpen, s.internalOpen, now.toISOString(), s.retentionYears ?? null,
    ]),
  );
}
