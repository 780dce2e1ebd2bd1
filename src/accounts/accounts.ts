/**
 * Accounts: people who sign in, their roles, passwords (argon2id), sessions, API tokens, the sign-in lockout,
 * one-time set-up links and the demo organisation's demo users. Use cases like the others in app/: the web
 * layer calls these and never the tables.
 *
 * Secrets handed out (session ids, API tokens, set-up links) are 256-bit random values; the database keeps only
 * their SHA-256, so a copy of the database does not let anyone sign in. Passwords are hashed with argon2id
 * (19 MiB, 2 passes, 1 lane: the OWASP baseline) and never logged; the audit trigger leaves hashes out.
 *
 * Every function takes the current time (`now`) where time matters, so that expiry and lockout are tested
 * without waiting.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify, type Algorithm, type Options as ArgonOptions } from '@node-rs/argon2';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { DEMO_SLUG } from '../demo/huai-thong.ts';
import { compareThai } from '../thai/index.ts';
import { SYSTEM, write, type Actor } from '../app/actor.ts';
import { actorOf, authorize, Forbidden, ROLES, type Principal, type Role, type RoleGrant } from '../app/authz.ts';
import { resolveOrg } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import { isUuid } from '../years/years.ts';

export const PASSWORD_MIN_LENGTH = 10;
/** Longer passwords are refused: hashing megabytes would be a way to tie up the server. */
export const PASSWORD_MAX_LENGTH = 200;
/** A session ends 12 hours after sign-in, or after 2 hours without a request. */
export const SESSION_MAX_AGE_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;
/** last_seen_at is written at most once a minute per session: a page view costs no write. */
const SESSION_TOUCH_MS = 60_000;
/**
 * Per account AND client address: 5 failed sign-ins from one address within 15 minutes lock that account at that
 * address for 15 minutes after the last failure. The same account at another address is not locked
 * (docs/accounts-security.md).
 */
export const LOCKOUT = { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;
/**
 * Per account alone, from any addresses: once it has 20 failed sign-ins within 15 minutes, it takes one attempt
 * per 30 seconds, whatever the address; an address the account signed in from within 30 days is not slowed.
 * Never a long lock: guessing is slowed to 120 tries an hour, the owner waits at most seconds.
 */
export const ACCOUNT_SLOWDOWN = { failures: 20, windowMs: 15 * 60_000, intervalMs: 30_000, knownAddressMs: 30 * 24 * 3600_000 } as const;
/** Failed attempts are kept a day; successful ones as long as they make an address known. */
const FAILED_ATTEMPTS_KEPT_MS = 24 * 3600_000;
export const SETUP_LINK_MS = 24 * 3600_000;
export const API_TOKEN_PREFIX = 'prs_';

const ARGON: ArgonOptions = { algorithm: 2 as Algorithm /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The role a person can hold in an organisation (system_admin is held above organisations). */
export const ORG_ROLES = ROLES.filter((r) => r !== 'system_admin');

// ---------------------------------------------------------------------------------------------------------
// Errors

/** Sign-in refused. The same words for an unknown address and a wrong password. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: 'invalid-credentials' | 'locked' | 'slowed',
    readonly th: string,
    readonly en: string,
    /** Seconds until the lock ends (code 'locked') or the next attempt is taken (code 'slowed'). */
    readonly retryAfter: number | null = null,
  ) {
    super(en);
  }
}

const invalidCredentials = () =>
  new SignInError('invalid-credentials', 'อีเมลหรือรหัสผ่านไม่ถูกต้อง', 'wrong e-mail address or password');

// ---------------------------------------------------------------------------------------------------------
// Secrets

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const randomSecret = (): string => randomBytes(32).toString('base64url');

/** Checks the rules on a new password; throws InputError (Thai and English) naming `field`. */
export function checkPassword(password: string, field = 'password'): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw new InputError(field, `รหัสผ่านต้องยาวอย่างน้อย ${PASSWORD_MIN_LENGTH} ตัวอักษร`, `the password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new InputError(field, `รหัสผ่านต้องยาวไม่เกิน ${PASSWORD_MAX_LENGTH} ตัวอักษร`, `the password must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  }
}

export async function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  return argonHash(password, ARGON);
}

/** A hash of a password nobody knows: verified against when the address is unknown, so both take as long. */
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= argonHash(randomSecret(), ARGON));

async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await argonVerify(hash ?? (await dummy()), password);
  } catch {
    return false;
  }
}

/** Secrets already read, by database handle: a stored secret never changes, so they are never stale. */
const secretsRead = new WeakMap<Queryable, Map<string, string>>();

/**
 * The server's secret of that name (the cookie-signing key, the complaint form's key), made on first use and
 * shared by every process that uses the database. Read once per process: a page that needs one costs no query
 * and, above all, no write.
 */
export async function serverSecret(db: Queryable, name: string): Promise<string> {
  const known = secretsRead.get(db)?.get(name);
  if (known !== undefined) return known;
  const read = async () => (await db.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name]))[0]?.value;
  let value = await read();
  if (value === undefined) {
    await db.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, randomBytes(32).toString('hex')]);
    value = (await read()) as string;
  }
  const secrets = secretsRead.get(db) ?? new Map<string, string>();
  secretsRead.set(db, secrets.set(name, value));
  return value;
}

// ---------------------------------------------------------------------------------------------------------
// Who is signed in

/** A signed-in person as the web layer sees them. */
export interface Account {
  readonly principal: Principal;
  readonly email: string | null;
  /** The person's organisation (null for a system administrator). */
  readonly orgId: string | null;
}

interface AccountRow {
  id: string;
  name_th: string;
  email: string | null;
  org_id: string | null;
  roles: { role: Role; org_id: string | null; unit_id: string | null }[] | null;
}

const ACCOUNT_COLUMNS = `p.id, p.name_th, p.email, p.org_id,
  (SELECT json_agg(json_build_object('role', r.role, 'org_id', r.org_id, 'unit_id', r.unit_id) ORDER BY r.role, r.org_id, r.unit_id)
     FROM roles r WHERE r.person_id = p.id) AS roles`;

function accountOf(row: AccountRow, scopes?: readonly string[]): Account {
  const roles: RoleGrant[] = (row.roles ?? [])
    .filter((r) => !scopes || scopes.includes(r.role))
    .map((r) => ({ role: r.role, orgId: r.org_id, unitId: r.unit_id }));
  return { principal: { personId: row.id, nameTh: row.name_th, roles }, email: row.email, orgId: row.org_id };
}

const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const secondsUntil = (until: number, now: Date): number => Math.max(0, Math.ceil((until - now.getTime()) / 1000));

/** {@link LOCKOUT}: seconds until this account may be tried again from this address (0: it may). */
async function lockedFor(db: Queryable, email: string, address: string, now: Date): Promise<number> {
  const [row] = await db.query<{ failures: number; last: string | null }>(
    `SELECT count(*)::int AS failures, max(at) AS last FROM login_attempts
      WHERE email = $1 AND address = $2 AND NOT success AND at > $3
        AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = $1 AND address = $2 AND success), '-infinity')`,
    [email, address, new Date(now.getTime() - LOCKOUT.windowMs).toISOString()],
  );
  if (!row || row.failures < LOCKOUT.failures || !row.last) return 0;
  return secondsUntil(Date.parse(row.last) + LOCKOUT.lockMs, now);
}

/** {@link ACCOUNT_SLOWDOWN}: seconds until this account takes its next attempt from this address (0: now). */
async function slowedFor(db: Queryable, email: string, address: string, now: Date): Promise<number> {
  const [row] = await db.query<{ failures: number; last: string | null; known: boolean }>(
    `SELECT count(*)::int AS failures, max(at) AS last,
            EXISTS (SELECT 1 FROM login_attempts WHERE email = $1 AND address = $2 AND success AND at > $4) AS known
       FROM login_attempts WHERE email = $1 AND NOT success AND at > $3`,
    [
      email,
      address,
      new Date(now.getTime() - ACCOUNT_SLOWDOWN.windowMs).toISOString(),
      new Date(now.getTime() - ACCOUNT_SLOWDOWN.knownAddressMs).toISOString(),
    ],
  );
  if (!row || row.failures < ACCOUNT_SLOWDOWN.failures || !row.last || row.known) return 0;
  return secondsUntil(Date.parse(row.last) + ACCOUNT_SLOWDOWN.intervalMs, now);
}

export interface SignedIn {
  /** The session id for the cookie: shown once, stored only hashed. */
  readonly sessionId: string;
  readonly expiresAt: Date;
  readonly account: Account;
}

async function newSession(db: Queryable, personId: string, now: Date): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_MS);
  await db.query('INSERT INTO sessions (id_hash, person_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)', [
    sha256(sessionId),
    personId,
    now.toISOString(),
    expiresAt.toISOString(),
  ]);
  return { sessionId, expiresAt };
}

/**
 * Signs a person in with e-mail address and password from the client `address` (request.ip; '' when unknown).
 * Refused with the same words whether the e-mail address is unknown or the password wrong (both cost one
 * argon2 verification); refused while the account is locked at that address ({@link LOCKOUT}) or slowed down
 * ({@link ACCOUNT_SLOWDOWN}). A refused attempt is not counted and verifies nothing.
 */
export async function signIn(db: Db, emailInput: string, password: string, now: Date = new Date(), addressInput = ''): Promise<SignedIn> {
  const email = normaliseEmail(emailInput).slice(0, 320);
  const address = addressInput.slice(0, 100);
  if (email === '' || password === '') throw invalidCredentials();
  const locked = await lockedFor(db, email, address, now);
  if (locked > 0) {
    const minutes = Math.ceil(locked / 60);
    throw new SignInError(
      'locked',
      `ลงชื่อเข้าใช้บัญชีนี้ผิด ${LOCKOUT.failures} ครั้งจากที่อยู่ IP นี้ภายใน ${LOCKOUT.windowMs / 60_000} นาที การลงชื่อเข้าใช้บัญชีนี้จากที่อยู่ IP นี้จึงถูกระงับชั่วคราว ` +
        `โปรดลองใหม่ในอีก ${minutes} นาที (จากที่อยู่ IP อื่นยังลงชื่อเข้าใช้ได้)`,
      `${LOCKOUT.failures} failed sign-ins to this account from this address within ${LOCKOUT.windowMs / 60_000} minutes: ` +
        `it is locked here, try again in ${minutes} minutes (other addresses are not locked)`,
      locked,
    );
  }
  const slowed = await slowedFor(db, email, address, now);
  if (slowed > 0) {
    const every = ACCOUNT_SLOWDOWN.intervalMs / 1000;
    const days = ACCOUNT_SLOWDOWN.knownAddressMs / (24 * 3600_000);
    throw new SignInError(
      'slowed',
      `บัญชีนี้ถูกลองลงชื่อเข้าใช้ผิดหลายครั้งจากหลายแห่ง ระบบจึงรับการลองได้ครั้งเดียวทุก ${every} วินาที โปรดลองใหม่ในอีก ${slowed} วินาที ` +
        `(ที่อยู่ IP ที่เคยลงชื่อเข้าใช้บัญชีนี้สำเร็จภายใน ${days} วันไม่ต้องรอ)`,
      `many failed sign-ins to this account from several addresses: it takes one attempt every ${every} seconds, try again in ${slowed} seconds ` +
        `(an address this account signed in from within ${days} days does not wait)`,
      slowed,
    );
  }
  const [person] = await db.query<{ id: string; password_hash: string | null }>(
    'SELECT id, password_hash FROM people WHERE lower(email) = $1 AND active',
    [email],
  );
  const ok = await verifyPassword(person?.password_hash ?? null, password);
  await db.query('INSERT INTO login_attempts (email, address, at, success) VALUES ($1, $2, $3, $4)', [email, address, now.toISOString(), ok && !!person]);
  if (!ok || !person) throw invalidCredentials();
  const session = await newSession(db, person.id, now);
  // Old attempts are of no further use.
  await db.query('DELETE FROM login_attempts WHERE (at < $1 AND NOT success) OR at < $2', [
    new Date(now.getTime() - FAILED_ATTEMPTS_KEPT_MS).toISOString(),
    new Date(now.getTime() - ACCOUNT_SLOWDOWN.knownAddressMs).toISOString(),
  ]);
  const account = await accountById(db, person.id);
  return { ...session, account: account as Account };
}

async function accountById(db: Queryable, personId: string): Promise<Account | null> {
  const [row] = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM people p WHERE p.id = $1 AND p.active`, [personId]);
  return row ? accountOf(row) : null;
}

/** A session and its person as read: the times are checked again on every request. */
type SessionRow = AccountRow & { expires_at: string; last_seen_at: string };

/**
 * Sessions read from an embedded database, by id hash, with the database's change count when read
 * (Db.changes). Any write made since (a new session, a touch, a person or role changed) makes them all stale,
 * so a hit is exactly what the query would answer; it spares the one query every signed-in request makes.
 */
const sessionRows = new WeakMap<Db, Map<string, { readonly changes: number; readonly row: SessionRow }>>();
const SESSION_ROWS_MAX = 10_000;

async function readSession(db: Db, idHash: string): Promise<SessionRow | null> {
  const changes = db.changes();
  let rows = sessionRows.get(db);
  const hit = rows?.get(idHash);
  if (changes !== null && hit?.changes === changes) return hit.row;
  const [row] = await db.query<SessionRow>(
    `SELECT ${ACCOUNT_COLUMNS}, s.expires_at, s.last_seen_at FROM sessions s JOIN people p ON p.id = s.person_id
      WHERE s.id_hash = $1 AND p.active`,
    [idHash],
  );
  if (changes === null || !row) return row ?? null;
  if (!rows || rows.size >= SESSION_ROWS_MAX) sessionRows.set(db, (rows = new Map()));
  rows.set(idHash, { changes, row });
  return row;
}

/** The account of a session cookie, or null when the session is unknown, expired or idle too long. */
export async function sessionAccount(db: Db, sessionId: string, now: Date = new Date()): Promise<Account | null> {
  if (!sessionId || sessionId.length > 100) return null;
  const idHash = sha256(sessionId);
  const row = await readSession(db, idHash);
  if (!row || Date.parse(row.expires_at) <= now.getTime() || Date.parse(row.last_seen_at) <= now.getTime() - SESSION_IDLE_MS) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) > SESSION_TOUCH_MS) {
    await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now.toISOString()]);
  }
  return accountOf(row);
}

/**
 * Ends a person's sessions, all but `keepSessionId`'s, and with `tokens` revokes every API token of theirs, in
 * the caller's transaction (docs/accounts-security.md says when).
 */
async function endAccess(tx: Queryable, personId: string, now: Date, { keepSessionId = null, tokens }: { keepSessionId?: string | null; tokens: boolean }): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE person_id = $1 AND id_hash <> $2', [personId, keepSessionId ? sha256(keepSessionId) : '']);
  if (tokens) await tx.query('UPDATE api_tokens SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL', [personId, now.toISOString()]);
}

export async function signOut(db: Queryable, sessionId: string): Promise<void> {
  if (sessionId) await db.query('DELETE FROM sessions WHERE id_hash = $1', [sha256(sessionId)]);
}

/** Removes expired sessions and set-up links (run now and then; harmless any time). */
export async function purgeExpired(db: Queryable, now: Date = new Date()): Promise<void> {
  await db.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
    now.toISOString(),
    new Date(now.getTime() - SESSION_IDLE_MS).toISOString(),
  ]);
  await db.query('DELETE FROM setup_tokens WHERE expires_at <= $1', [now.toISOString()]);
}

// ---------------------------------------------------------------------------------------------------------
// API tokens

export interface ApiTokenInfo {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'ตั้งชื่อโทเค็นเพื่อให้จำได้ว่าใช้กับอะไร / give the token a name' })
  .max(100, { error: 'ชื่อโทเค็นยาวไม่เกิน 100 ตัวอักษร / at most 100 characters' });

/** Makes an API token for the principal themself. The token is returned once; only its hash is kept. */
export async function createApiToken(db: Db, principal: Principal, name: string, now: Date = new Date()): Promise<{ id: string; token: string; prefix: string }> {
  const parsed = tokenNameSchema.safeParse(name);
  if (!parsed.success) {
    const [th, en] = (parsed.error.issues[0]?.message ?? '').split(' / ');
    throw new InputError('name', th ?? '', en ?? th ?? '');
  }
  if (principal.roles.length === 0) throw new Forbidden('year.read');
  const token = API_TOKEN_PREFIX + randomSecret();
  const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
  const scopes = [...new Set(principal.roles.map((r) => r.role))];
  const id = await write(db, actorOf(principal), null, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      'INSERT INTO api_tokens (person_id, name, token_hash, prefix, scopes, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [principal.personId, parsed.data, sha256(token), prefix, scopes, now.toISOString()],
    );
    return (row as { id: string }).id;
  });
  return { id, token, prefix };
}

export async function listApiTokens(db: Queryable, principal: Principal): Promise<ApiTokenInfo[]> {
  const rows = await db.query<{ id: string; name: string; prefix: string; scopes: string[]; created_at: string; last_used_at: string | null; revoked_at: string | null }>(
    `SELECT t.id, t.name, t.prefix, t.scopes, t.created_at, u.last_used_at, t.revoked_at
       FROM api_tokens t LEFT JOIN api_token_uses u ON u.token_id = t.id WHERE t.person_id = $1 ORDER BY t.created_at DESC, t.id`,
    [principal.personId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, scopes: r.scopes, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revokes one of the principal's own tokens. Another person's token is "not found". */
export async function revokeApiToken(db: Db, principal: Principal, tokenId: string, now: Date = new Date()): Promise<void> {
  const done = isUuid(tokenId)
    ? await write(db, actorOf(principal), null, (tx) =>
        tx.query('UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL RETURNING id', [
          tokenId,
          principal.personId,
          now.toISOString(),
        ]),
      )
    : [];
  if (done.length === 0) throw new NotFound('id', 'ไม่พบโทเค็นนี้ หรือถูกยกเลิกไปแล้ว', 'no such token, or it is already revoked');
}

/** The account an API token acts for (its roles limited to the token's scopes), or null. */
export async function tokenAccount(db: Queryable, token: string, now: Date = new Date()): Promise<Account | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
  const [row] = await db.query<AccountRow & { token_id: string; scopes: string[]; last_used_at: string | null }>(
    `SELECT ${ACCOUNT_COLUMNS}, t.id AS token_id, t.scopes, u.last_used_at
       FROM api_tokens t JOIN people p ON p.id = t.person_id LEFT JOIN api_token_uses u ON u.token_id = t.id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND p.active`,
    [sha256(token), now.toISOString()],
  );
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > SESSION_TOUCH_MS) {
    await db.query(
      'INSERT INTO api_token_uses (token_id, last_used_at) VALUES ($1, $2) ON CONFLICT (token_id) DO UPDATE SET last_used_at = EXCLUDED.last_used_at',
      [row.token_id, now.toISOString()],
    );
  }
  return accountOf(row, row.scopes);
}

// ---------------------------------------------------------------------------------------------------------
// Passwords and one-time links

/**
 * Changes the principal's own password; their other sessions end (the one of `keepSessionId` stays), and with
 * `revokeTokens` every API token of theirs is revoked in the same transaction.
 */
export async function changePassword(
  db: Db,
  principal: Principal,
  current: string,
  next: string,
  keepSessionId: string | null,
  now: Date = new Date(),
  { revokeTokens = false }: { revokeTokens?: boolean } = {},
): Promise<void> {
  const [row] = await db.query<{ password_hash: string | null }>('SELECT password_hash FROM people WHERE id = $1', [principal.personId]);
  if (!(await verifyPassword(row?.password_hash ?? null, current))) {
    throw new InputError('current', 'รหัสผ่านปัจจุบันไม่ถูกต้อง', 'the current password is wrong');
  }
  checkPassword(next, 'password');
  if (next === current) throw new InputError('password', 'รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม', 'the new password must differ from the current one');
  const hash = await hashPassword(next);
  await write(db, actorOf(principal), null, async (tx) => {
    await tx.query('UPDATE people SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1', [principal.personId, hash, now.toISOString()]);
    await endAccess(tx, principal.personId, now, { keepSessionId, tokens: revokeTokens });
  });
}

async function newLink(tx: Queryable, purpose: 'admin-setup' | 'set-password', personId: string | null, createdBy: string, now: Date): Promise<string> {
  const token = randomSecret();
  await tx.query('INSERT INTO setup_tokens (token_hash, purpose, person_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    sha256(token),
    purpose,
    personId,
    createdBy,
    now.toISOString(),
    new Date(now.getTime() + SETUP_LINK_MS).toISOString(),
  ]);
  return token;
}

/**
 * The one-time link that sets up the system administrator, while there is no system administrator who can sign
 * in; null once there is. Each call makes a new link and voids the earlier ones (the console shows the latest).
 */
export async function adminSetupLink(db: Db, now: Date = new Date()): Promise<string | null> {
  return write(db, SYSTEM, null, async (tx) => {
    const [admin] = await tx.query(
      `SELECT 1 FROM people p JOIN roles r ON r.person_id = p.id WHERE r.role = 'system_admin' AND p.active AND p.password_hash IS NOT NULL LIMIT 1`,
    );
    if (admin) return null;
    await tx.query(`DELETE FROM setup_tokens WHERE purpose = 'admin-setup'`);
    return newLink(tx, 'admin-setup', null, SYSTEM.label, now);
  });
}

export interface LinkInfo {
  readonly purpose: 'admin-setup' | 'set-password';
  /** For set-password: whose password it sets. */
  readonly nameTh: string | null;
  readonly email: string | null;
}

/** What a one-time link is for, or null when it is unknown, used or expired. */
export async function describeLink(db: Queryable, token: string, now: Date = new Date()): Promise<LinkInfo | null> {
  if (!token || token.length > 100) return null;
  const [row] = await db.query<{ purpose: LinkInfo['purpose']; name_th: string | null; email: string | null }>(
    `SELECT t.purpose, p.name_th, p.email FROM setup_tokens t LEFT JOIN people p ON p.id = t.person_id
      WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2`,
    [sha256(token), now.toISOString()],
  );
  return row ? { purpose: row.purpose, nameTh: row.name_th, email: row.email } : null;
}

const linkGone = () =>
  new InputError('token', 'ลิงก์นี้ใช้ไม่ได้แล้ว (หมดอายุ ถูกใช้ไปแล้ว หรือไม่ถูกต้อง) โปรดขอลิงก์ใหม่จากผู้ดูแล', 'this link no longer works (expired, already used or wrong): ask an administrator for a new one');

export const emailSchema = z.string().trim().toLowerCase().max(320).pipe(z.email());
const nameSchema = z.string().trim().min(1).max(200);

function parseField<T>(schema: z.ZodType<T>, value: unknown, field: string, th: string, en: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InputError(field, th, en);
  return parsed.data;
}

const parseEmail = (value: unknown) => parseField(emailSchema, value, 'email', 'อีเมลไม่ถูกต้อง', 'not a valid e-mail address');
const parseName = (value: unknown) => parseField(nameSchema, value, 'nameTh', 'กรอกชื่อ-สกุล (ไม่เกิน 200 ตัวอักษร)', 'give a name (at most 200 characters)');

/** Consumes a link: marks it used, or throws when it is not usable. Returns the link's row. */
async function consumeLink(tx: Queryable, token: string, purpose: LinkInfo['purpose'], now: Date): Promise<{ person_id: string | null }> {
  const [row] = await tx.query<{ person_id: string | null }>(
    `UPDATE setup_tokens SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING person_id`,
    [sha256(token), purpose, now.toISOString()],
  );
  if (!row) throw linkGone();
  return row;
}

/** Uses the admin set-up link: creates the system administrator and signs them in. */
export async function completeAdminSetup(
  db: Db,
  token: string,
  input: { nameTh: unknown; email: unknown; password: string },
  now: Date = new Date(),
): Promise<SignedIn> {
  const nameTh = parseName(input.nameTh);
  const email = parseEmail(input.email);
  const hash = await hashPassword(input.password);
  const personId = await write(db, { id: null, label: `${nameTh} (ตั้งค่าผู้ดูแลระบบ)` }, null, async (tx) => {
    await consumeLink(tx, token, 'admin-setup', now);
    await refuseTakenEmail(tx, email, null);
    const [row] = await tx.query<{ id: string }>(
      'INSERT INTO people (org_id, name_th, email, password_hash, password_changed_at) VALUES (NULL, $1, $2, $3, $4) RETURNING id',
      [nameTh, email, hash, now.toISOString()],
    );
    const id = (row as { id: string }).id;
    await tx.query(`INSERT INTO roles (person_id, org_id, role) VALUES ($1, NULL, 'system_admin')`, [id]);
    return id;
  });
  return signInAs(db, personId, now);
}

async function signInAs(db: Db, personId: string, now: Date): Promise<SignedIn> {
  const session = await newSession(db, personId, now);
  return { ...session, account: (await accountById(db, personId)) as Account };
}

/** Uses a set-password link: sets the person's password, ends all their sessions and API tokens, signs them in. */
export async function setPasswordWithLink(db: Db, token: string, password: string, now: Date = new Date()): Promise<SignedIn> {
  const hash = await hashPassword(password);
  const personId = await write(db, { id: null, label: 'ตั้งรหัสผ่านด้วยลิงก์ที่ได้รับ' }, null, async (tx) => {
    const id = (await consumeLink(tx, token, 'set-password', now)).person_id as string;
    await tx.query('UPDATE people SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1', [id, hash, now.toISOString()]);
    await endAccess(tx, id, now, { tokens: true });
    return id;
  });
  return signInAs(db, personId, now);
}

// ---------------------------------------------------------------------------------------------------------
// People and roles of an organisation (org.admin)

export interface PersonAccount {
  readonly id: string;
  readonly nameTh: string;
  readonly positionTh: string | null;
  readonly email: string | null;
  readonly unitId: string | null;
  readonly active: boolean;
  readonly hasPassword: boolean;
  readonly roles: readonly { readonly role: Role; readonly unitId: string | null }[];
}

export const roleInputSchema = z.object({
  role: z.enum(ORG_ROLES as [Exclude<Role, 'system_admin'>, ...Exclude<Role, 'system_admin'>[]]),
  unitId: z.string().uuid().nullable().default(null),
});

export const personInputSchema = z.object({
  nameTh: nameSchema,
  positionTh: z.string().trim().max(200).nullable().default(null),
  email: emailSchema,
  unitId: z.string().uuid().nullable().default(null),
  roles: z.array(roleInputSchema).min(1).max(10),
});
export type PersonInput = z.input<typeof personInputSchema>;

export interface UnitInfo {
  readonly id: string;
  readonly nameTh: string;
  readonly shortTh: string | null;
}

/**
 * The units (กอง, สำนัก) of an organisation, in their order: for choosing a unit head's unit or a measure's
 * responsible unit. Anyone who may read the organisation's years may read them.
 */
export async function listUnits(db: Queryable, principal: Principal, slug: string): Promise<UnitInfo[]> {
  const org = await resolveOrg(db, principal, slug, 'year.read');
  const rows = await db.query<{ id: string; name_th: string; short_th: string | null }>(
    'SELECT id, name_th, short_th FROM units WHERE org_id = $1 AND active ORDER BY seq, name_th',
    [org.orgId],
  );
  return rows.map((r) => ({ id: r.id, nameTh: r.name_th, shortTh: r.short_th }));
}

async function orgUnits(tx: Queryable, orgId: string): Promise<Set<string>> {
  const rows = await tx.query<{ id: string }>('SELECT id FROM units WHERE org_id = $1', [orgId]);
  return new Set(rows.map((r) => r.id));
}

async function refuseTakenEmail(tx: Queryable, email: string, exceptId: string | null): Promise<void> {
  const [taken] = await tx.query('SELECT 1 FROM people WHERE lower(email) = $1 AND id IS DISTINCT FROM $2', [email, exceptId]);
  if (taken) throw new InputError('email', 'อีเมลนี้มีผู้ใช้แล้ว', 'this e-mail address is already in use');
}

function checkRoles(roles: readonly z.infer<typeof roleInputSchema>[], units: Set<string>): void {
  roles.forEach((r, i) => {
    if (r.role === 'unit_head' && (r.unitId === null || !units.has(r.unitId))) {
      throw new InputError(`roles.${i}.unitId`, 'หัวหน้าส่วนราชการต้องระบุกอง/สำนักของหน่วยงานนี้', 'a unit head needs one of this organisation’s units');
    }
    if (r.role !== 'unit_head' && r.unitId !== null) {
      throw new InputError(`roles.${i}.unitId`, 'ระบุกอง/สำนักได้เฉพาะบทบาทหัวหน้าส่วนราชการ', 'only a unit head role takes a unit');
    }
  });
}

/** The people of an organisation with their roles in it, sorted by Thai name. */
export async function listPeople(db: Queryable, principal: Principal, orgId: string): Promise<PersonAccount[]> {
  authorize(principal, 'org.admin', { orgId });
  const rows = await db.query<{
    id: string;
    name_th: string;
    position_th: string | null;
    email: string | null;
    unit_id: string | null;
    active: boolean;
    has_password: boolean;
    roles: { role: Role; unit_id: string | null }[] | null;
  }>(
    `SELECT p.id, p.name_th, p.position_th, p.email, p.unit_id, p.active, p.password_hash IS NOT NULL AS has_password,
       (SELECT json_agg(json_build_object('role', r.role, 'unit_id', r.unit_id) ORDER BY r.role) FROM roles r WHERE r.person_id = p.id AND r.org_id = $1) AS roles
       FROM people p WHERE p.org_id = $1`,
    [orgId],
  );
  return rows
    .map((r) => ({
      id: r.id,
      nameTh: r.name_th,
      positionTh: r.position_th,
      email: r.email,
      unitId: r.unit_id,
      active: r.active,
      hasPassword: r.has_password,
      roles: (r.roles ?? []).map((g) => ({ role: g.role, unitId: g.unit_id })),
    }))
    .sort((a, b) => compareThai(a.nameTh, b.nameTh) || a.id.localeCompare(b.id));
}

function parsePerson(input: unknown): z.infer<typeof personInputSchema> {
  const parsed = personInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'person';
  const th: Record<string, [string, string]> = {
    nameTh: ['กรอกชื่อ-สกุล (ไม่เกิน 200 ตัวอักษร)', 'give a name (at most 200 characters)'],
    email: ['อีเมลไม่ถูกต้อง', 'not a valid e-mail address'],
    roles: ['เลือกบทบาทอย่างน้อยหนึ่งบทบาท', 'choose at least one role'],
  };
  const [t, e] = th[String(issue?.path[0])] ?? ['ข้อมูลไม่ถูกต้อง', issue?.message ?? 'invalid input'];
  throw new InputError(field, t, e);
}

/**
 * Adds a person with roles to an organisation and returns a one-time set-password link for them (valid
 * {@link SETUP_LINK_MS}); the administrator hands it over. No password travels through the administrator.
 */
export async function createPerson(db: Db, principal: Principal, orgId: string, input: unknown, now: Date = new Date()): Promise<{ personId: string; link: string }> {
  authorize(principal, 'org.admin', { orgId });
  const person = parsePerson(input);
  return write(db, actorOf(principal), orgId, async (tx) => {
    const units = await orgUnits(tx, orgId);
    if (person.unitId !== null && !units.has(person.unitId)) {
      throw new InputError('unitId', 'ไม่พบกอง/สำนักนี้ในหน่วยงาน', 'no such unit in this organisation');
    }
    checkRoles(person.roles, units);
    await refuseTakenEmail(tx, person.email, null);
    const [row] = await tx.query<{ id: string }>(
      'INSERT INTO people (org_id, name_th, position_th, unit_id, email) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [orgId, person.nameTh, person.positionTh, person.unitId, person.email],
    );
    const personId = (row as { id: string }).id;
    for (const r of uniqueRoles(person.roles)) {
      await tx.query('INSERT INTO roles (person_id, org_id, role, unit_id) VALUES ($1, $2, $3, $4)', [personId, orgId, r.role, r.unitId]);
    }
    const link = await newLink(tx, 'set-password', personId, principal.nameTh, now);
    return { personId, link };
  });
}

function uniqueRoles<T extends { role: string; unitId: string | null }>(roles: readonly T[]): T[] {
  const seen = new Set<string>();
  return roles.filter((r) => {
    const key = `${r.role}:${r.unitId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function requireMember(tx: Queryable, orgId: string, personId: string): Promise<void> {
  const [row] = isUuid(personId) ? await tx.query('SELECT 1 FROM people WHERE id = $1 AND org_id = $2', [personId, orgId]) : [];
  if (!row) throw new NotFound('personId', 'ไม่พบบุคคลนี้ในหน่วยงาน', 'no such person in this organisation');
}

/** Replaces a person's roles in the organisation. An administrator cannot remove their own org_admin role. */
export async function setRoles(db: Db, principal: Principal, orgId: string, personId: string, rolesInput: unknown): Promise<void> {
  authorize(principal, 'org.admin', { orgId });
  const parsed = z.array(roleInputSchema).max(10).safeParse(rolesInput);
  if (!parsed.success) throw new InputError('roles', 'บทบาทไม่ถูกต้อง', 'invalid roles');
  const roles = uniqueRoles(parsed.data);
  if (personId === principal.personId && !roles.some((r) => r.role === 'org_admin') && principal.roles.some((r) => r.role === 'org_admin' && r.orgId === orgId)) {
    throw new InputError('roles', 'ไม่สามารถถอดบทบาทผู้ดูแลหน่วยงานของตนเองได้', 'you cannot remove your own organisation admin role');
  }
  await write(db, actorOf(principal), orgId, async (tx) => {
    await requireMember(tx, orgId, personId);
    checkRoles(roles, await orgUnits(tx, orgId));
    const current = await tx.query<{ id: string; role: string; unit_id: string | null }>('SELECT id, role, unit_id FROM roles WHERE person_id = $1 AND org_id = $2', [personId, orgId]);
    const key = (r: { role: string; unitId: string | null }) => `${r.role}:${r.unitId ?? ''}`;
    const wanted = new Set(roles.map(key));
    for (const c of current) if (!wanted.has(key({ role: c.role, unitId: c.unit_id }))) await tx.query('DELETE FROM roles WHERE id = $1', [c.id]);
    const have = new Set(current.map((c) => key({ role: c.role, unitId: c.unit_id })));
    for (const r of roles) {
      if (!have.has(key(r))) await tx.query('INSERT INTO roles (person_id, org_id, role, unit_id) VALUES ($1, $2, $3, $4)', [personId, orgId, r.role, r.unitId]);
    }
  });
}

/**
 * Turns an account off or on again. Turning it off ends all its sessions and revokes all its API tokens at once:
 * turning it on again brings none of them back.
 */
export async function setPersonActive(db: Db, principal: Principal, orgId: string, personId: string, active: boolean, now: Date = new Date()): Promise<void> {
  authorize(principal, 'org.admin', { orgId });
  if (personId === principal.personId && !active) {
    throw new InputError('active', 'ไม่สามารถระงับบัญชีของตนเองได้', 'you cannot deactivate your own account');
  }
  await write(db, actorOf(principal), orgId, async (tx) => {
    await requireMember(tx, orgId, personId);
    await tx.query('UPDATE people SET active = $2, updated_at = now() WHERE id = $1 AND active <> $2', [personId, active]);
    if (!active) await endAccess(tx, personId, now, { tokens: true });
  });
}

/**
 * An administrator's password reset: a new one-time set-password link for a person of the organisation (a
 * forgotten password, a new account, an account that may be in other hands). At once, the person's password
 * stops working and all their sessions and API tokens end; only the link lets them in again. An administrator
 * changes their own password in their settings instead.
 */
export async function passwordLinkFor(db: Db, principal: Principal, orgId: string, personId: string, now: Date = new Date()): Promise<string> {
  authorize(principal, 'org.admin', { orgId });
  if (personId === principal.personId) {
    throw new InputError('personId', 'เปลี่ยนรหัสผ่านของตนเองได้ที่หน้า "บัญชีของฉัน"', 'change your own password in your account settings');
  }
  return write(db, actorOf(principal), orgId, async (tx) => {
    await requireMember(tx, orgId, personId);
    const [person] = await tx.query<{ email: string | null }>('SELECT email FROM people WHERE id = $1', [personId]);
    if (!person?.email) throw new InputError('email', 'บุคคลนี้ยังไม่มีอีเมลสำหรับลงชื่อเข้าใช้', 'this person has no e-mail address to sign in with');
    await tx.query(`DELETE FROM setup_tokens WHERE person_id = $1 AND purpose = 'set-password'`, [personId]);
    await tx.query('UPDATE people SET password_hash = NULL, password_changed_at = $2, updated_at = $2 WHERE id = $1 AND password_hash IS NOT NULL', [personId, now.toISOString()]);
    await endAccess(tx, personId, now, { tokens: true });
    return newLink(tx, 'set-password', personId, principal.nameTh, now);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Demo users

/** The demo organisation's password for every demo user. Public (README): for trying Prongsai out only. */
export const DEMO_PASSWORD = 'huaithong-demo-2566';

export interface DemoUser {
  readonly email: string;
  readonly nameTh: string;
  readonly positionTh: string;
  readonly role: Exclude<Role, 'system_admin'>;
  /** For the unit head: the name of their unit in the demo. */
  readonly unitNameTh?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: `admin@${DEMO_SLUG}.demo`, nameTh: 'นายสมชาย ดูแลระบบ', positionTh: 'นักวิชาการคอมพิวเตอร์', role: 'org_admin' },
  { email: `coordinator@${DEMO_SLUG}.demo`, nameTh: 'นางสาวสุดา ประสานงาน', positionTh: 'นักวิเคราะห์นโยบายและแผน', role: 'coordinator' },
  { email: `unit@${DEMO_SLUG}.demo`, nameTh: 'นางวันดี การคลัง', positionTh: 'ผู้อำนวยการกองคลัง', role: 'unit_head', unitNameTh: 'กองคลัง' },
  { email: `executive@${DEMO_SLUG}.demo`, nameTh: 'นายประเสริฐ บริหารดี', positionTh: 'นายกองค์การบริหารส่วนตำบลห้วยทอง', role: 'executive' },
  { email: `auditor@${DEMO_SLUG}.demo`, nameTh: 'นางสาวมาลี ตรวจสอบ', positionTh: 'นักวิชาการตรวจสอบภายใน', role: 'auditor' },
];

const DEMO_ACTOR: Actor = { id: null, label: 'ระบบ (ข้อมูลตัวอย่าง)' };

/**
 * Creates the demo users of the demo organisation (those not there yet). Returns the users created; none when
 * the demo organisation does not exist.
 */
export async function ensureDemoAccounts(db: Db, now: Date = new Date()): Promise<DemoUser[]> {
  const [org] = await db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [DEMO_SLUG]);
  if (!org) return [];
  const hash = await argonHash(DEMO_PASSWORD, ARGON);
  return write(db, DEMO_ACTOR, org.id, async (tx) => {
    const created: DemoUser[] = [];
    for (const user of DEMO_USERS) {
      const [exists] = await tx.query('SELECT 1 FROM people WHERE lower(email) = $1', [user.email]);
      if (exists) continue;
      const [unit] = user.unitNameTh ? await tx.query<{ id: string }>('SELECT id FROM units WHERE org_id = $1 AND name_th = $2', [org.id, user.unitNameTh]) : [];
      if (user.unitNameTh && !unit) continue;
      const [row] = await tx.query<{ id: string }>(
        'INSERT INTO people (org_id, name_th, position_th, unit_id, email, password_hash, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        [org.id, user.nameTh, user.positionTh, unit?.id ?? null, user.email, hash, now.toISOString()],
      );
      await tx.query('INSERT INTO roles (person_id, org_id, role, unit_id) VALUES ($1, $2, $3, $4)', [(row as { id: string }).id, org.id, user.role, unit?.id ?? null]);
      created.push(user);
    }
    return created;
  });
}
