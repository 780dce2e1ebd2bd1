/**
 * The complaint channel's keys in the database (keys.ts): the organisation's key pair and recovery sheet
 * (complaint_orgs), the officers' keys (complaint_officer_keys), the sessions' unlocks (complaint_unlocks), and the
 * re-sealing of a rotation. Every row is checked as it is read (src/db/rows.ts); every key is stored wrapped.
 *
 * Tables of other capabilities read here, for want of a function of theirs: people and roles (who handles the
 * complaints now), sessions (how long this staff session lasts).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

/** The active people holding one of `roles` in the organisation, by name. */
export const selectHandlers = (db: Queryable, orgId: string, roles: readonly string[]) =>
  rows(
    db,
    z.strictObject({ id: col.uuid, name_th: col.text }),
    `SELECT DISTINCT p.id, p.name_th FROM people p JOIN roles r ON r.person_id = p.id
      WHERE r.org_id = $1 AND r.role = ANY ($2::text[]) AND p.active ORDER BY p.name_th`,
    [orgId, roles],
  );

/** Removes the unlocks and keys of everyone in the organisation but `keep`. */
export async function deleteOfficersBut(tx: Queryable, orgId: string, keep: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM complaint_unlocks WHERE org_id = $1 AND NOT (person_id = ANY ($2::uuid[]))', [orgId, keep]);
  await tx.query('DELETE FROM complaint_officer_keys WHERE org_id = $1 AND NOT (person_id = ANY ($2::uuid[]))', [orgId, keep]);
}

export const selectOrgKeys = (db: Queryable, orgId: string) =>
  oneRow(
    db,
    z.strictObject({ public_key: col.bytes, key_version: col.int, recovery_box: col.bytes, recovery_serial: col.int }),
    'SELECT public_key, key_version, recovery_box, recovery_serial FROM complaint_orgs WHERE org_id = $1',
    [orgId],
  );

export interface OfficerKeyInsert {
  readonly publicKey: Uint8Array;
  readonly secretBox: Uint8Array;
  readonly kdf: unknown;
  /** The organisation's key sealed to the officer's, with the grant; all null when not granted. */
  readonly orgKeyBox: Uint8Array | null;
  readonly keyVersion: number | null;
  readonly grantedBy: string | null;
  readonly grantedAt: string | null;
}

/** Replaces the officer's key. */
export async function replaceOfficerKey(tx: Queryable, orgId: string, personId: string, k: OfficerKeyInsert): Promise<void> {
  await tx.query('DELETE FROM complaint_officer_keys WHERE org_id = $1 AND person_id = $2', [orgId, personId]);
  await tx.query(
    `INSERT INTO complaint_officer_keys (org_id, person_id, public_key, secret_box, kdf, org_key_box, key_version, granted_by, granted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [orgId, personId, k.publicKey, k.secretBox, JSON.stringify(k.kdf), k.orgKeyBox, k.keyVersion, k.grantedBy, k.grantedAt],
  );
}

/** When the person's staff session (by the hash of its id) ends; undefined for no such session of theirs. */
export const selectSessionExpiry = (tx: Queryable, sessionHash: string, personId: string) =>
  oneRow(tx, z.strictObject({ expires_at: col.timestamp }), 'SELECT expires_at FROM sessions WHERE id_hash = $1 AND person_id = $2', [sessionHash, personId]);

export async function upsertUnlock(tx: Queryable, u: { sessionHash: string; orgId: string; personId: string; keyVersion: number; box: Uint8Array; expiresAt: string }): Promise<void> {
  await tx.query(
    `INSERT INTO complaint_unlocks (session_hash, org_id, person_id, key_version, box, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (session_hash, org_id) DO UPDATE SET person_id = EXCLUDED.person_id, key_version = EXCLUDED.key_version, box = EXCLUDED.box, expires_at = EXCLUDED.expires_at`,
    [u.sessionHash, u.orgId, u.personId, u.keyVersion, u.box, u.expiresAt],
  );
}

/** The session's unlock of the organisation, not expired at `at`, with the organisation's current key version. */
export const selectUnlock = (db: Queryable, sessionHash: string, orgId: string, personId: string, at: string) =>
  oneRow(
    db,
    z.strictObject({ box: col.bytes, key_version: col.int, current: col.int }),
    `SELECT u.box, u.key_version, o.key_version AS current FROM complaint_unlocks u JOIN complaint_orgs o ON o.org_id = u.org_id
      WHERE u.session_hash = $1 AND u.org_id = $2 AND u.person_id = $3 AND u.expires_at > $4`,
    [sessionHash, orgId, personId, at],
  );

/** The end of the session's unlock of the organisation's current key, when it has one at `at`. */
export const selectUnlockExpiry = (db: Queryable, sessionHash: string, orgId: string, personId: string, at: string) =>
  oneRow(
    db,
    z.strictObject({ expires_at: col.timestamp }),
    `SELECT u.expires_at FROM complaint_unlocks u JOIN complaint_orgs o ON o.org_id = u.org_id AND o.key_version = u.key_version
      WHERE u.session_hash = $1 AND u.org_id = $2 AND u.person_id = $3 AND u.expires_at > $4`,
    [sessionHash, orgId, personId, at],
  );

export const selectSettings = (db: Queryable, orgId: string) =>
  oneRow(
    db,
    z.strictObject({
      ack_days: col.int,
      close_days: col.int,
      public_open: col.bool,
      internal_open: col.bool,
      key_version: col.int,
      recovery_serial: col.int,
      recovery_made_on: col.date,
      retention_years: col.int,
    }),
    'SELECT ack_days, close_days, public_open, internal_open, key_version, recovery_serial, recovery_made_on, retention_years FROM complaint_orgs WHERE org_id = $1',
    [orgId],
  );

/** Who has a key of their own, and whether it holds the organisation's (and of which version). */
export const selectOfficerKeyStates = (db: Queryable, orgId: string) =>
  rows(
    db,
    z.strictObject({ person_id: col.uuid, granted: col.bool, key_version: col.int.nullable() }),
    'SELECT person_id, org_key_box IS NOT NULL AS granted, key_version FROM complaint_officer_keys WHERE org_id = $1',
    [orgId],
  );

export async function insertChannel(tx: Queryable, orgId: string, publicKey: Uint8Array, recoveryBox: Uint8Array, madeOn: string): Promise<void> {
  await tx.query(`INSERT INTO complaint_orgs (org_id, key_version, public_key, recovery_box, recovery_serial, recovery_made_on) VALUES ($1, 1, $2, $3, 1, $4)`, [
    orgId, publicKey, recoveryBox, madeOn,
  ]);
}

export const selectOfficerKey = (db: Queryable, orgId: string, personId: string) =>
  oneRow(
    db,
    z.strictObject({ public_key: col.bytes, secret_box: col.bytes, kdf: col.json, org_key_box: col.bytes.nullable(), key_version: col.int.nullable() }),
    'SELECT public_key, secret_box, kdf, org_key_box, key_version FROM complaint_officer_keys WHERE org_id = $1 AND person_id = $2',
    [orgId, personId],
  );

export async function deleteSessionUnlock(db: Queryable, sessionHash: string, orgId: string): Promise<void> {
  await db.query('DELETE FROM complaint_unlocks WHERE session_hash = $1 AND org_id = $2', [sessionHash, orgId]);
}

export const selectOfficerPublicKeyForUpdate = (tx: Queryable, orgId: string, personId: string) =>
  oneRow(tx, z.strictObject({ public_key: col.bytes }), 'SELECT public_key FROM complaint_officer_keys WHERE org_id = $1 AND person_id = $2 FOR UPDATE', [orgId, personId]);

/** Gives the officer the organisation's key (sealed to theirs). */
export async function updateGrant(tx: Queryable, orgId: string, personId: string, g: { orgKeyBox: Uint8Array; keyVersion: number; by: string; at: string }): Promise<void> {
  await tx.query('UPDATE complaint_officer_keys SET org_key_box = $3, key_version = $4, granted_by = $5, granted_at = $6 WHERE org_id = $1 AND person_id = $2', [
    orgId, personId, g.orgKeyBox, g.keyVersion, g.by, g.at,
  ]);
}

/** Takes the organisation's key from the officer, and their unlocks. */
export async function revokeGrant(tx: Queryable, orgId: string, personId: string): Promise<void> {
  await tx.query('UPDATE complaint_officer_keys SET org_key_box = NULL, key_version = NULL, granted_by = NULL, granted_at = NULL WHERE org_id = $1 AND person_id = $2', [orgId, personId]);
  await tx.query('DELETE FROM complaint_unlocks WHERE org_id = $1 AND person_id = $2', [orgId, personId]);
}

export async function updateRecovery(tx: Queryable, orgId: string, r: { box: Uint8Array; serial: number; madeOn: string; at: string }): Promise<void> {
  await tx.query('UPDATE complaint_orgs SET recovery_box = $2, recovery_serial = $3, recovery_made_on = $4, updated_at = $5 WHERE org_id = $1', [orgId, r.box, r.serial, r.madeOn, r.at]);
}

export async function updateSettings(tx: Queryable, orgId: string, s: { ackDays: number; closeDays: number; publicOpen: boolean; internalOpen: boolean; at: string; retentionYears: number | null }): Promise<void> {
  await tx.query('UPDATE complaint_orgs SET ack_days = $2, close_days = $3, public_open = $4, internal_open = $5, updated_at = $6, retention_years = coalesce($7, retention_years) WHERE org_id = $1', [
    orgId, s.ackDays, s.closeDays, s.publicOpen, s.internalOpen, s.at, s.retentionYears,
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// Rotation (in one transaction)

/** The organisation's key version, its row taken FOR UPDATE (filings and replies wait). */
export const lockOrgKeyVersion = (tx: Queryable, orgId: string) =>
  oneRow(tx, z.strictObject({ key_version: col.int }), 'SELECT key_version FROM complaint_orgs WHERE org_id = $1 FOR UPDATE', [orgId]);

/** The sealed data keys of the cases not purged. */
export const selectCaseDeks = (tx: Queryable, orgId: string) =>
  rows(tx, z.strictObject({ id: col.uuid, dek_box: col.bytes }), 'SELECT id, dek_box FROM complaints WHERE org_id = $1 AND purged_on IS NULL', [orgId]);

export async function updateCaseDek(tx: Queryable, caseId: string, box: Uint8Array, version: number): Promise<void> {
  await tx.query('UPDATE complaints SET dek_box = $2, key_version = $3 WHERE id = $1', [caseId, box, version]);
}

export const selectIdentityKeys = (tx: Queryable, orgId: string) =>
  rows(tx, z.strictObject({ case_id: col.uuid, key_box: col.bytes }), 'SELECT case_id, key_box FROM complaint_identities WHERE org_id = $1', [orgId]);

export async function updateIdentityKey(tx: Queryable, caseId: string, box: Uint8Array, version: number): Promise<void> {
  await tx.query('UPDATE complaint_identities SET key_box = $2, key_version = $3 WHERE case_id = $1', [caseId, box, version]);
}

export const selectComplainantReplies = (tx: Queryable, orgId: string) =>
  rows(tx, z.strictObject({ id: col.uuid, case_id: col.uuid, box: col.bytes }), `SELECT id, case_id, box FROM complaint_messages WHERE org_id = $1 AND kind = 'from_complainant'`, [orgId]);

export async function updateReplyBox(tx: Queryable, id: string, box: Uint8Array, version: number): Promise<void> {
  await tx.query('UPDATE complaint_messages SET box = $2, key_version = $3 WHERE id = $1', [id, box, version]);
}

/** The officers holding the organisation's key of `version`. */
export const selectGrantHolders = (tx: Queryable, orgId: string, version: number) =>
  rows(
    tx,
    z.strictObject({ person_id: col.uuid, public_key: col.bytes }),
    'SELECT person_id, public_key FROM complaint_officer_keys WHERE org_id = $1 AND org_key_box IS NOT NULL AND key_version = $2',
    [orgId, version],
  );

/** Takes the organisation's key from every officer. */
export async function clearGrants(tx: Queryable, orgId: string): Promise<void> {
  await tx.query('UPDATE complaint_officer_keys SET org_key_box = NULL, key_version = NULL, granted_by = NULL, granted_at = NULL WHERE org_id = $1 AND org_key_box IS NOT NULL', [orgId]);
}

export async function deleteOrgUnlocks(tx: Queryable, orgId: string): Promise<void> {
  await tx.query('DELETE FROM complaint_unlocks WHERE org_id = $1', [orgId]);
}

export async function updateOrgKey(tx: Queryable, orgId: string, k: { publicKey: Uint8Array; version: number; recoveryBox: Uint8Array; serial: number; madeOn: string; at: string }): Promise<void> {
  await tx.query(
    'UPDATE complaint_orgs SET public_key = $2, key_version = $3, recovery_box = $4, recovery_serial = $5, recovery_made_on = $6, updated_at = $7 WHERE org_id = $1',
    [orgId, k.publicKey, k.version, k.recoveryBox, k.serial, k.madeOn, k.at],
  );
}
