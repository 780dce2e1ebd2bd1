/**
 * The data of accounts: people who sign in and their roles, sessions, sign-in attempts, API tokens, one-time
 * links, the server's secrets (migration 0002), their rows checked as they are read (src/db/rows.ts). Secrets
 * arrive here already hashed (accounts.ts): nothing here sees a password, a session id or a token in the clear.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { ROLES } from '../app/authz.ts';

const Id = z.strictObject({ id: col.uuid });
const Found = z.strictObject({ found: col.int });

/** The id an INSERT … RETURNING id gave. */
export async function insertedId(tx: Queryable, text: string, params: readonly unknown[]): Promise<string> {
  const row = await oneRow(tx, Id, text, params);
  if (!row) throw new Error(`no id returned by "${text.slice(0, 60)}"`);
  return row.id;
}

// ---------------------------------------------------------------------------------------------------------
// Server secrets

export async function selectServerSecret(db: Queryable, name: string): Promise<string | undefined> {
  return (await oneRow(db, z.strictObject({ value: col.text }), 'SELECT value FROM server_secrets WHERE name = $1', [name]))?.value;
}

/** Stores a secret unless another process stored one of that name first. */
export async function insertServerSecret(db: Queryable, name: string, value: string): Promise<void> {
  await db.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, value]);
}

// ---------------------------------------------------------------------------------------------------------
// Accounts and sessions

const ACCOUNT_SHAPE = {
  id: col.uuid,
  name_th: col.text,
  email: col.text.nullable(),
  org_id: col.uuid.nullable(),
  roles: z.array(z.strictObject({ role: z.enum(ROLES), org_id: col.uuid.nullable(), unit_id: col.uuid.nullable() })).nullable(),
};
const AccountRow = z.strictObject(ACCOUNT_SHAPE);
export type AccountRow = z.output<typeof AccountRow>;

const ACCOUNT_COLUMNS = `p.id, p.name_th, p.email, p.org_id,
  (SELECT json_agg(json_build_object('role', r.role, 'org_id', r.org_id, 'unit_id', r.unit_id) ORDER BY r.role, r.org_id, r.unit_id)
     FROM roles r WHERE r.person_id = p.id) AS roles`;

/** An active person's account. */
export async function selectAccount(db: Queryable, personId: string): Promise<AccountRow | undefined> {
  return oneRow(db, AccountRow, `SELECT ${ACCOUNT_COLUMNS} FROM people p WHERE p.id = $1 AND p.active`, [personId]);
}

const SessionRow = z.strictObject({ ...ACCOUNT_SHAPE, expires_at: col.timestamp, last_seen_at: col.timestamp });
/** A session and its (active) person as read. */
export type SessionRow = z.output<typeof SessionRow>;

export async function selectSession(db: Queryable, idHash: string): Promise<SessionRow | undefined> {
  return oneRow(
    db,
    SessionRow,
    `SELECT ${ACCOUNT_COLUMNS}, s.expires_at, s.last_seen_at FROM sessions s JOIN people p ON p.id = s.person_id
      WHERE s.id_hash = $1 AND p.active`,
    [idHash],
  );
}

export async function insertSession(db: Queryable, idHash: string, personId: string, at: string, expiresAt: string): Promise<void> {
  await db.query('INSERT INTO sessions (id_hash, person_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)', [idHash, personId, at, expiresAt]);
}

export async function touchSession(db: Queryable, idHash: string, at: string): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, at]);
}

export async function deleteSession(db: Queryable, idHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
}

/** Deletes the person's sessions but the one of `keepHash` ('' keeps none). */
export async function deleteSessionsOf(tx: Queryable, personId: string, keepHash: string): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE person_id = $1 AND id_hash <> $2', [personId, keepHash]);
}

export async function revokeTokensOf(tx: Queryable, personId: string, at: string): Promise<void> {
  await tx.query('UPDATE api_tokens SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL', [personId, at]);
}

/** Deletes sessions expired or idle (last seen before `idleBefore`) and expired set-up links. */
export async function deleteExpired(db: Queryable, at: string, idleBefore: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [at, idleBefore]);
  await db.query('DELETE FROM setup_tokens WHERE expires_at <= $1', [at]);
  await db.query('DELETE FROM password_resets WHERE expires_at <= $1', [at]);
}

// ---------------------------------------------------------------------------------------------------------
// Sign-in attempts

const Failures = z.strictObject({ failures: col.int, last: col.timestamp.nullable() });

/** Failed attempts on the account from the address since `since` and since its last success there. */
export async function failuresAtAddress(db: Queryable, email: string, address: string, since: string): Promise<z.output<typeof Failures> | undefined> {
  return oneRow(
    db,
    Failures,
    `SELECT count(*)::int AS failures, max(at) AS last FROM login_attempts
      WHERE email = $1 AND address = $2 AND NOT success AND at > $3
        AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = $1 AND address = $2 AND success), '-infinity')`,
    [email, address, since],
  );
}

const AccountFailures = z.strictObject({ failures: col.int, last: col.timestamp.nullable(), known: col.bool });

/** Failed attempts on the account from anywhere since `since`; `known`: a success from the address since `knownSince`. */
export async function failuresOfAccount(
  db: Queryable,
  email: string,
  address: string,
  since: string,
  knownSince: string,
): Promise<z.output<typeof AccountFailures> | undefined> {
  return oneRow(
    db,
    AccountFailures,
    `SELECT count(*)::int AS failures, max(at) AS last,
            EXISTS (SELECT 1 FROM login_attempts WHERE email = $1 AND address = $2 AND success AND at > $4) AS known
       FROM login_attempts WHERE email = $1 AND NOT success AND at > $3`,
    [email, address, since, knownSince],
  );
}

export async function insertLoginAttempt(db: Queryable, email: string, address: string, at: string, success: boolean): Promise<void> {
  await db.query('INSERT INTO login_attempts (email, address, at, success) VALUES ($1, $2, $3, $4)', [email, address, at, success]);
}

/** Deletes failed attempts before `failedBefore` and any before `before`. */
export async function deleteOldAttempts(db: Queryable, failedBefore: string, before: string): Promise<void> {
  await db.query('DELETE FROM login_attempts WHERE (at < $1 AND NOT success) OR at < $2', [failedBefore, before]);
}

// ---------------------------------------------------------------------------------------------------------
// Passwords

/** The active person of an e-mail address (lower case) and their password hash. */
export async function selectSignInPerson(db: Queryable, email: string): Promise<{ id: string; password_hash: string | null } | undefined> {
  return oneRow(db, z.strictObject({ id: col.uuid, password_hash: col.text.nullable() }), 'SELECT id, password_hash FROM people WHERE lower(email) = $1 AND active', [email]);
}

export async function selectPasswordHash(db: Queryable, personId: string): Promise<string | null | undefined> {
  return (await oneRow(db, z.strictObject({ password_hash: col.text.nullable() }), 'SELECT password_hash FROM people WHERE id = $1', [personId]))?.password_hash;
}

export async function updatePassword(tx: Queryable, personId: string, hash: string, at: string): Promise<void> {
  await tx.query('UPDATE people SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1', [personId, hash, at]);
}

/** Voids the person's password (an administrator's reset) and their set-password links. */
export async function clearPassword(tx: Queryable, personId: string, at: string): Promise<void> {
  await tx.query(`DELETE FROM setup_tokens WHERE person_id = $1 AND purpose = 'set-password'`, [personId]);
  await tx.query('UPDATE people SET password_hash = NULL, password_changed_at = $2, updated_at = $2 WHERE id = $1 AND password_hash IS NOT NULL', [personId, at]);
}

// ---------------------------------------------------------------------------------------------------------
// API tokens

export async function insertApiToken(
  tx: Queryable,
  token: { personId: string; name: string; hash: string; prefix: string; scopes: readonly string[]; at: string },
): Promise<string> {
  return insertedId(tx, 'INSERT INTO api_tokens (person_id, name, token_hash, prefix, scopes, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [token.personId, token.name, token.hash, token.prefix, token.scopes, token.at],
  );
}

const TokenRow = z.strictObject({
  id: col.uuid,
  name: col.text,
  prefix: col.text,
  scopes: col.textArray,
  created_at: col.timestamp,
  last_used_at: col.timestamp.nullable(),
  revoked_at: col.timestamp.nullable(),
});

export async function selectApiTokens(db: Queryable, personId: string): Promise<z.output<typeof TokenRow>[]> {
  return rows(
    db,
    TokenRow,
    `SELECT t.id, t.name, t.prefix, t.scopes, t.created_at, u.last_used_at, t.revoked_at
       FROM api_tokens t LEFT JOIN api_token_uses u ON u.token_id = t.id WHERE t.person_id = $1 ORDER BY t.created_at DESC, t.id`,
    [personId],
  );
}

/** Revokes the person's token if it is not revoked yet; false when there is no such token to revoke. */
export async function revokeToken(tx: Queryable, tokenId: string, personId: string, at: string): Promise<boolean> {
  const done = await rows(tx, Id, 'UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL RETURNING id', [tokenId, personId, at]);
  return done.length > 0;
}

const TokenAccountRow = z.strictObject({ ...ACCOUNT_SHAPE, token_id: col.uuid, scopes: col.textArray, last_used_at: col.timestamp.nullable() });

/** The account of a valid token (by hash) of an active person, with the token's scopes and last use. */
export async function selectTokenAccount(db: Queryable, tokenHash: string, at: string): Promise<z.output<typeof TokenAccountRow> | undefined> {
  return oneRow(
    db,
    TokenAccountRow,
    `SELECT ${ACCOUNT_COLUMNS}, t.id AS token_id, t.scopes, u.last_used_at
       FROM api_tokens t JOIN people p ON p.id = t.person_id LEFT JOIN api_token_uses u ON u.token_id = t.id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND p.active`,
    [tokenHash, at],
  );
}

export async function recordTokenUse(db: Queryable, tokenId: string, at: string): Promise<void> {
  await db.query(
    'INSERT INTO api_token_uses (token_id, last_used_at) VALUES ($1, $2) ON CONFLICT (token_id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at',
    [tokenId, at],
  );
}

// ---------------------------------------------------------------------------------------------------------
// One-time links

export type LinkPurpose = 'admin-setup' | 'set-password';

export async function insertLink(
  tx: Queryable,
  link: { hash: string; purpose: LinkPurpose; personId: string | null; createdBy: string; at: string; expiresAt: string },
): Promise<void> {
  await tx.query('INSERT INTO setup_tokens (token_hash, purpose, person_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    link.hash,
    link.purpose,
    link.personId,
    link.createdBy,
    link.at,
    link.expiresAt,
  ]);
}

/** Whether an active system administrator with a password exists. */
export async function systemAdminExists(tx: Queryable): Promise<boolean> {
  const found = await oneRow(
    tx,
    Found,
    `SELECT 1 AS found FROM people p JOIN roles r ON r.person_id = p.id WHERE r.role = 'system_admin' AND p.active AND p.password_hash IS NOT NULL LIMIT 1`,
  );
  return found !== undefined;
}

export async function deleteAdminSetupLinks(tx: Queryable): Promise<void> {
  await tx.query(`DELETE FROM setup_tokens WHERE purpose = 'admin-setup'`);
}

const LinkRow = z.strictObject({ purpose: z.enum(['admin-setup', 'set-password']), name_th: col.text.nullable(), email: col.text.nullable() });

/** A usable link (by hash) and whose it is. */
export async function selectLink(db: Queryable, hash: string, at: string): Promise<z.output<typeof LinkRow> | undefined> {
  return oneRow(
    db,
    LinkRow,
    `SELECT t.purpose, p.name_th, p.email FROM setup_tokens t LEFT JOIN people p ON p.id = t.person_id
      WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2`,
    [hash, at],
  );
}

/** Marks a usable link used; undefined when it is not usable. */
export async function useLink(tx: Queryable, hash: string, purpose: LinkPurpose, at: string): Promise<{ person_id: string | null } | undefined> {
  return oneRow(
    tx,
    z.strictObject({ person_id: col.uuid.nullable() }),
    `UPDATE setup_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING person_id`,
    [hash, purpose, at],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Password resets by e-mail (migration 0030)

export async function insertPasswordReset(tx: Queryable, hash: string, personId: string, at: string, expiresAt: string): Promise<void> {
  await tx.query('INSERT INTO password_resets (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [hash, personId, at, expiresAt]);
}

const ResetRow = z.strictObject({ person_id: col.uuid, email: col.text });

/** A usable reset (by hash: not used, not expired, its person active) and whose it is. */
export async function selectPasswordReset(db: Queryable, hash: string, at: string): Promise<z.output<typeof ResetRow> | undefined> {
  return oneRow(
    db,
    ResetRow,
    `SELECT r.person_id, lower(p.email) AS email FROM password_resets r JOIN people p ON p.id = r.person_id
      WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND p.active AND p.email IS NOT NULL`,
    [hash, at],
  );
}

/** Marks a usable reset used (once); undefined when it is not usable. */
export async function usePasswordReset(tx: Queryable, hash: string, at: string): Promise<z.output<typeof ResetRow> | undefined> {
  return oneRow(
    tx,
    ResetRow,
    `UPDATE password_resets r SET used_at = $2 FROM people p
      WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND p.id = r.person_id AND p.active AND p.email IS NOT NULL
      RETURNING r.person_id, lower(p.email) AS email`,
    [hash, at],
  );
}

/** Marks every unused reset of the person used: one reset spends the links still in their mailbox. */
export async function spendPasswordResets(tx: Queryable, personId: string, at: string): Promise<void> {
  await tx.query('UPDATE password_resets SET used_at = $2 WHERE person_id = $1 AND used_at IS NULL', [personId, at]);
}

/** Deletes the failed sign-in attempts on an account (lower-case e-mail): its lockout and slowdown end. */
export async function deleteFailedAttempts(tx: Queryable, email: string): Promise<void> {
  await tx.query('DELETE FROM login_attempts WHERE email = $1 AND NOT success', [email]);
}

/** The active person of an e-mail address (lower case) with their name, for a reset e-mail. */
export async function selectResetPerson(db: Queryable, email: string): Promise<{ id: string; name_th: string } | undefined> {
  return oneRow(db, z.strictObject({ id: col.uuid, name_th: col.text }), 'SELECT id, name_th FROM people WHERE lower(email) = $1 AND active', [email]);
}

// ---------------------------------------------------------------------------------------------------------
// People and roles

/** Whether someone other than `exceptId` has the e-mail address (lower case). */
export async function emailInUse(tx: Queryable, email: string, exceptId: string | null): Promise<boolean> {
  return (await oneRow(tx, Found, 'SELECT 1 AS found FROM people WHERE lower(email) = $1 AND id IS DISTINCT FROM $2', [email, exceptId])) !== undefined;
}

export async function personInOrg(tx: Queryable, personId: string, orgId: string): Promise<boolean> {
  return (await oneRow(tx, Found, 'SELECT 1 AS found FROM people WHERE id = $1 AND org_id = $2', [personId, orgId])) !== undefined;
}

export async function selectEmail(tx: Queryable, personId: string): Promise<string | null | undefined> {
  return (await oneRow(tx, z.strictObject({ email: col.text.nullable() }), 'SELECT email FROM people WHERE id = $1', [personId]))?.email;
}

export async function insertPerson(tx: Queryable, p: { orgId: string; nameTh: string; positionTh: string | null; unitId: string | null; email: string }): Promise<string> {
  return insertedId(tx, 'INSERT INTO people (org_id, name_th, position_th, unit_id, email) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
    p.orgId,
    p.nameTh,
    p.positionTh,
    p.unitId,
    p.email,
  ]);
}

/** A system administrator (no organisation) with a password. */
export async function insertSystemAdmin(tx: Queryable, nameTh: string, email: string, hash: string, at: string): Promise<string> {
  const id = await insertedId(tx, 'INSERT INTO people (org_id, name_th, email, password_hash, password_changed_at) VALUES (NULL, $1, $2, $3, $4) RETURNING id', [
    nameTh,
    email,
    hash,
    at,
  ]);
  await tx.query(`INSERT INTO roles (person_id, org_id, role) VALUES ($1, NULL, 'system_admin')`, [id]);
  return id;
}

/** A demo user: a person of the organisation with a password. */
export async function insertPersonWithPassword(
  tx: Queryable,
  p: { orgId: string; nameTh: string; positionTh: string; unitId: string | null; email: string; hash: string; at: string },
): Promise<string> {
  return insertedId(tx, 'INSERT INTO people (org_id, name_th, position_th, unit_id, email, password_hash, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
    [p.orgId, p.nameTh, p.positionTh, p.unitId, p.email, p.hash, p.at],
  );
}

export async function setActive(tx: Queryable, personId: string, active: boolean): Promise<void> {
  await tx.query('UPDATE people SET active = $2, updated_at = now() WHERE id = $1 AND active <> $2', [personId, active]);
}

const PersonRow = z.strictObject({
  id: col.uuid,
  name_th: col.text,
  position_th: col.text.nullable(),
  email: col.text.nullable(),
  unit_id: col.uuid.nullable(),
  active: col.bool,
  has_password: col.bool,
  roles: z.array(z.strictObject({ role: z.enum(ROLES), unit_id: col.uuid.nullable() })).nullable(),
});

/** The people of an organisation with their roles in it (unsorted). */
export async function selectPeople(db: Queryable, orgId: string): Promise<z.output<typeof PersonRow>[]> {
  return rows(
    db,
    PersonRow,
    `SELECT p.id, p.name_th, p.position_th, p.email, p.unit_id, p.active, p.password_hash IS NOT NULL AS has_password,
       (SELECT json_agg(json_build_object('role', r.role, 'unit_id', r.unit_id) ORDER BY r.role) FROM roles r WHERE r.person_id = p.id AND r.org_id = $1) AS roles
       FROM people p WHERE p.org_id = $1`,
    [orgId],
  );
}

export async function selectRoles(tx: Queryable, personId: string, orgId: string): Promise<{ id: string; role: string; unit_id: string | null }[]> {
  return rows(tx, z.strictObject({ id: col.uuid, role: col.text, unit_id: col.uuid.nullable() }), 'SELECT id, role, unit_id FROM roles WHERE person_id = $1 AND org_id = $2', [
    personId,
    orgId,
  ]);
}

export async function insertRole(tx: Queryable, personId: string, orgId: string, role: string, unitId: string | null): Promise<void> {
  await tx.query('INSERT INTO roles (person_id, org_id, role, unit_id) VALUES ($1, $2, $3, $4)', [personId, orgId, role, unitId]);
}

export async function deleteRole(tx: Queryable, roleId: string): Promise<void> {
  await tx.query('DELETE FROM roles WHERE id = $1', [roleId]);
}

// ---------------------------------------------------------------------------------------------------------
// Organisations and units (tables of src/organisations, read here for choosing a unit and for the demo)

const UnitRow = z.strictObject({ id: col.uuid, name_th: col.text, short_th: col.text.nullable() });

/** The active units of an organisation, in their order. */
export async function selectUnits(db: Queryable, orgId: string): Promise<z.output<typeof UnitRow>[]> {
  return rows(db, UnitRow, 'SELECT id, name_th, short_th FROM units WHERE org_id = $1 AND active ORDER BY seq, name_th', [orgId]);
}

/** The ids of all units of an organisation. */
export async function selectUnitIds(tx: Queryable, orgId: string): Promise<string[]> {
  return (await rows(tx, Id, 'SELECT id FROM units WHERE org_id = $1', [orgId])).map((r) => r.id);
}

export async function selectUnitIdByName(tx: Queryable, orgId: string, nameTh: string): Promise<string | undefined> {
  return (await oneRow(tx, Id, 'SELECT id FROM units WHERE org_id = $1 AND name_th = $2', [orgId, nameTh]))?.id;
}

export async function selectOrgIdBySlug(db: Queryable, slug: string): Promise<string | undefined> {
  return (await oneRow(db, Id, 'SELECT id FROM organisations WHERE slug = $1', [slug]))?.id;
}
