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
import { complaintsMessages as msg } from './messages.ts';
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from './model.ts';
import {
  clearGrants,
  deleteOfficersBut,
  deleteOrgUnlocks,
  deleteSessionUnlock,
  insertChannel,
  lockOrgKeyVersion,
  replaceOfficerKey,
  revokeGrant,
  selectCaseDeks,
  selectComplainantReplies,
  selectGrantHolders,
  selectHandlers,
  selectIdentityKeys,
  selectOfficerKey,
  selectOfficerKeyStates,
  selectOfficerPublicKeyForUpdate,
  selectOrgKeys,
  selectSessionExpiry,
  selectSettings,
  selectUnlock,
  selectUnlockExpiry,
  updateCaseDek,
  updateGrant,
  updateIdentityKey,
  updateOrgKey,
  updateRecovery,
  updateReplyBox,
  updateSettings,
  upsertUnlock,
} from './repo-keys.ts';

/** An unlocked session keeps the organisation's key at most this long (and never past the session). */
export const UNLOCK_MS = 2 * 3600_000;

/** The roles that may handle complaints (from the authorisation matrix). */
export const HANDLER_ROLES: readonly Role[] = ROLES.filter(
  (role) => role !== 'system_admin' && can({ personId: '', nameTh: '', roles: [{ role, orgId: 'o', unitId: role === 'unit_head' ? 'u' : null }] }, 'complaints.handle', { orgId: 'o' }),
);

/** This session has not unlocked the organisation's complaint key (or the unlock has ended). */
export class ComplaintsLocked extends InputError {
  readonly locked = true;
  constructor() {
    super('passphrase', msg.locked());
  }
}

/** Options for tests: cheaper argon2id parameters. */
export interface KeyOptions {
  readonly kdfCost?: { readonly m: number; readonly t: number; readonly p: number };
}


export const passphraseSchema = z
  .string()
  .min(PASSPHRASE_MIN, { error: msg.code('passphraseTooShort') })
  .max(PASSPHRASE_MAX, { error: msg.code('passphraseTooLong') });

const parsePassphrase = (value: unknown): string => parseInput(z.object({ passphrase: passphraseSchema }), { passphrase: value }).passphrase;

/** Resolves the organisation with complaints.handle. */
export const complaintsOrg = (db: Queryable, principal: Principal, slug: string): Promise<OrgContext> => resolveOrg(db, principal, slug, 'complaints.handle');

/** The people who may handle the organisation's complaints now. */
export async function handlers(db: Queryable, orgId: string): Promise<{ personId: string; nameTh: string }[]> {
  return (await selectHandlers(db, orgId, HANDLER_ROLES)).map((r) => ({ personId: r.id, nameTh: r.name_th }));
}

/**
 * Removes the keys and unlocks of people who no longer handle complaints here (their role was taken away or their
 * account deactivated): done with every set-up, unlock, grant, passphrase and recovery of the organisation, and
 * authorisation refuses them meanwhile.
 */
async function purgeFormerOfficers(tx: Queryable, orgId: string): Promise<void> {
  const ids = (await handlers(tx, orgId)).map((h) => h.personId);
  await deleteOfficersBut(tx, orgId, ids);
}

interface OrgKeys {
  readonly publicKey: Buffer;
  readonly keyVersion: number;
  readonly recoveryBox: Buffer;
  readonly recoverySerial: number;
}

async function orgKeys(db: Queryable, orgId: string): Promise<OrgKeys | null> {
  const row = await selectOrgKeys(db, orgId);
  return row ? { publicKey: bytesOf(row.public_key), keyVersion: row.key_version, recoveryBox: bytesOf(row.recovery_box), recoverySerial: row.recovery_serial } : null;
}

const notSetUp = () => new InputError('channel', msg.notSetUp());

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
  await replaceOfficerKey(tx, orgId, personId, {
    publicKey: key.publicKey,
    secretBox: key.secretBox,
    kdf: key.kdf,
    orgKeyBox: grant ? seal(key.publicKey, grant.orgSecret, officerKeyAad(orgId, personId, grant.version)) : null,
    keyVersion: grant?.version ?? null,
    grantedBy: grant?.by ?? null,
    grantedAt: grant?.now.toISOString() ?? null,
  });
}

/** Keeps the organisation's private key for this staff session (see UNLOCK_MS). */
async function keepUnlocked(tx: Queryable, orgId: string, personId: string, sessionId: string, orgSecret: Buffer, version: number, now: Date): Promise<void> {
  const sessionHash = sha256(sessionId);
  const session = await selectSessionExpiry(tx, sessionHash, personId);
  if (!session) throw new InputError('session', msg.webSessionOnly());
  const expires = new Date(Math.min(new Date(session.expires_at).getTime(), now.getTime() + UNLOCK_MS));
  const salt = randomBytes(16);
  const key = unlockKey(sessionId, salt);
  const box = Buffer.concat([salt, encrypt(key, orgSecret, aad('unlock', orgId, personId, String(version)))]);
  wipe(key);
  await upsertUnlock(tx, { sessionHash, orgId, personId, keyVersion: version, box, expiresAt: expires.toISOString() });
}

/**
 * The organisation's private key as this session unlocked it; ComplaintsLocked when it has not (or the unlock
 * ended, or the key changed since). The caller wipes it after use.
 */
export async function unlockedSecret(db: Queryable, principal: Principal, orgId: string, sessionId: string | null, now: Date): Promise<Buffer> {
  if (!sessionId) throw new ComplaintsLocked();
  const row = await selectUnlock(db, sha256(sessionId), orgId, principal.personId, now.toISOString());
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
  /** Closed cases are kept this many years after their closing date, then purged (cases.ts). */
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
  const settings = await selectSettings(db, org.orgId);
  const keys = await selectOfficerKeyStates(db, org.orgId);
  const officers = (await handlers(db, org.orgId)).map((h): OfficerState => {
    const k = keys.find((r) => r.person_id === h.personId);
    return { personId: h.personId, nameTh: h.nameTh, enrolled: !!k, granted: !!k?.granted && k.key_version === settings?.key_version };
  });
  const unlock = sessionId ? await selectUnlockExpiry(db, sha256(sessionId), org.orgId, principal.personId, now.toISOString()) : undefined;
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
  if (await orgKeys(db, org.orgId)) throw new InputError('channel', msg.alreadySetUp());
  if (!sessionId) throw new ComplaintsLocked();
  const pair = generateKeyPair();
  const code = newCode('recovery');
  const rk = recoveryKey(code, org.orgId);
  const mine = await officerKeyPair(passphrase, options);
  const madeOn = todayInBangkok(now);
  try {
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await insertChannel(tx, org.orgId, pair.publicKey, encrypt(rk, pair.privateKey, aad('recovery', org.orgId, '1')), madeOn);
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

const wrongPassphrase = () => new InputError('passphrase', msg.wrongPassphrase());

/** Unlocks the organisation's complaints for this staff session with the officer's passphrase. */
export async function unlockComplaints(db: Db, principal: Principal, slug: string, sessionId: string | null, passphraseInput: unknown, now: Date = new Date()): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  if (typeof passphraseInput !== 'string' || passphraseInput === '' || passphraseInput.length > PASSPHRASE_MAX) throw wrongPassphrase();
  const keys = await orgKeys(db, org.orgId);
  if (!keys) throw notSetUp();
  if (!sessionId) throw new ComplaintsLocked();
  const row = await selectOfficerKey(db, org.orgId, principal.personId);
  if (!row) throw new InputError('passphrase', msg.noPassphrase());
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
    throw new InputError('passphrase', msg.notGranted());
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
  if (sessionId) await deleteSessionUnlock(db, sha256(sessionId), org.orgId);
}

/** Grants another officer the organisation's key (sealed to their own public key). Needs this session unlocked. */
export async function grantAccess(db: Db, principal: Principal, slug: string, sessionId: string | null, personId: string, now: Date = new Date()): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  const keys = await orgKeys(db, org.orgId);
  if (!keys) throw notSetUp();
  const who = (await handlers(db, org.orgId)).find((h) => h.personId === personId);
  if (!who) throw new NotFound('personId', msg.noOfficer());
  const secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  try {
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await purgeFormerOfficers(tx, org.orgId);
      const row = await selectOfficerPublicKeyForUpdate(tx, org.orgId, personId);
      if (!row) throw new InputError('personId', msg.officerNoPassphrase({ name: who.nameTh }));
      await updateGrant(tx, org.orgId, personId, {
        orgKeyBox: seal(bytesOf(row.public_key), secret, officerKeyAad(org.orgId, personId, keys.keyVersion)),
        keyVersion: keys.keyVersion,
        by: principal.personId,
        at: now.toISOString(),
      });
    });
  } finally {
    wipe(secret);
  }
}

/** Takes the organisation's key away from an officer (their own key stays; another grant gives it back). */
export async function revokeAccess(db: Db, principal: Principal, slug: string, personId: string): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  const person = requireUuid(personId, 'person', msg.noOfficerId);
  await write(db, actorOf(principal), org.orgId, (tx) => revokeGrant(tx, org.orgId, person));
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
  if (!code) throw new InputError('recoveryCode', msg.recoveryMistyped());
  const rk = recoveryKey(code, org.orgId);
  let secret: Buffer;
  try {
    secret = decrypt(rk, keys.recoveryBox, aad('recovery', org.orgId, String(keys.recoverySerial)));
  } catch (error) {
    if (error instanceof DecryptError) {
      throw new InputError('recoveryCode', msg.recoveryNotCurrent());
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
      updateRecovery(tx, org.orgId, { box: encrypt(rk, secret, aad('recovery', org.orgId, String(serial))), serial, madeOn, at: now.toISOString() }),
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
      const locked = await lockOrgKeyVersion(tx, org.orgId);
      if (locked?.key_version !== keys.keyVersion) throw new Conflict('keyVersion', msg.keyChanged());
      await purgeFormerOfficers(tx, org.orgId);
      const cases = await selectCaseDeks(tx, org.orgId);
      for (const c of cases) await updateCaseDek(tx, c.id, reseal(c.dek_box, aad('dek', c.id)), version);
      for (const i of await selectIdentityKeys(tx, org.orgId)) await updateIdentityKey(tx, i.case_id, reseal(i.key_box, aad('identity-key', i.case_id)), version);
      for (const m of await selectComplainantReplies(tx, org.orgId)) await updateReplyBox(tx, m.id, reseal(m.box, aad('from-complainant', m.case_id, m.id)), version);
      const holders = await selectGrantHolders(tx, org.orgId, keys.keyVersion);
      await clearGrants(tx, org.orgId);
      for (const h of holders) {
        await updateGrant(tx, org.orgId, h.person_id, {
          orgKeyBox: seal(bytesOf(h.public_key), pair.privateKey, officerKeyAad(org.orgId, h.person_id, version)),
          keyVersion: version,
          by: principal.personId,
          at: now.toISOString(),
        });
      }
      await deleteOrgUnlocks(tx, org.orgId);
      await updateOrgKey(tx, org.orgId, {
        publicKey: pair.publicKey,
        version,
        recoveryBox: encrypt(rk, pair.privateKey, aad('recovery', org.orgId, String(serial))),
        serial,
        madeOn,
        at: now.toISOString(),
      });
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
  .refine((s) => s.closeDays >= s.ackDays, { path: ['closeDays'], error: msg.code('closeShorterThanAck') });

/** Deadlines (in days from the filing date, for new complaints), which channels are open, how long closed cases are kept. */
export async function updateChannelSettings(db: Db, principal: Principal, slug: string, input: unknown, now: Date = new Date()): Promise<void> {
  const org = await complaintsOrg(db, principal, slug);
  const s = parseInput(settingsSchema, input);
  if (!(await orgKeys(db, org.orgId))) throw notSetUp();
  await write(db, actorOf(principal), org.orgId, (tx) =>
    updateSettings(tx, org.orgId, { ackDays: s.ackDays, closeDays: s.closeDays, publicOpen: s.publicOpen, internalOpen: s.internalOpen, at: now.toISOString(), retentionYears: s.retentionYears ?? null }),
  );
}
