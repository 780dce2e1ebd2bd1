/**
 * Accounts (src/accounts/accounts.ts) on both databases: sign-in with the same answer for an unknown address and a
 * wrong password, lockout, session expiry, API tokens and their scopes, one-time links, people and roles, and
 * no secret in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_SLOWDOWN,
  adminSetupLink,
  changePassword,
  completeAdminSetup,
  createApiToken,
  createPerson,
  DEMO_PASSWORD,
  DEMO_USERS,
  describeLink,
  ensureDemoAccounts,
  listApiTokens,
  listPeople,
  LOCKOUT,
  passwordLinkFor,
  revokeApiToken,
  serverSecret,
  sessionAccount,
  SESSION_IDLE_MS,
  SESSION_MAX_AGE_MS,
  setPasswordWithLink,
  setPersonActive,
  setRoles,
  signIn,
  signOut,
  tokenAccount,
} from '../src/accounts/accounts.ts';
import { Forbidden } from '../src/app/authz.ts';
import { NotFound, SignInError } from '../src/app/errors.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { InputError } from '../src/errors.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

const T0 = new Date('2026-01-05T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe.each(backends())('accounts on %s', (backend) => {
  let t: TestDb;
  let orgId: string;
  let otherOrgId: string;

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    const created = await ensureDemoAccounts(t.db, T0);
    expect(created.map((u) => u.email)).toEqual(DEMO_USERS.map((u) => u.email));
    orgId = (await t.db.query<{ id: string }>(`SELECT id FROM organisations WHERE slug = 'huai-thong'`))[0]!.id;
    otherOrgId = (
      await t.db.query<{ id: string }>(`INSERT INTO organisations (slug, name_th, kind) VALUES ('other-org', 'เทศบาลอื่น', 'municipality') RETURNING id`)
    )[0]!.id;
  });
  afterAll(async () => {
    await t.dispose();
  });

  const demo = (role: string) => DEMO_USERS.find((u) => u.role === role)!.email;

  it('creates the demo users once, one per role, with the documented password', async () => {
    expect(await ensureDemoAccounts(t.db, T0)).toEqual([]);
    for (const user of DEMO_USERS) {
      const s = await signIn(t.db, user.email.toUpperCase(), DEMO_PASSWORD, T0);
      expect(s.account.principal.roles.map((r) => r.role)).toEqual([user.role]);
      expect(s.account.principal.roles[0]!.orgId).toBe(orgId);
    }
    const unitHead = await signIn(t.db, demo('unit_head'), DEMO_PASSWORD, T0);
    const [unit] = await t.db.query<{ name_th: string }>('SELECT name_th FROM units WHERE id = $1', [unitHead.account.principal.roles[0]!.unitId]);
    expect(unit!.name_th).toBe('กองคลัง');
  });

  it('answers an unknown address and a wrong password with the same words', async () => {
    const errors: SignInError[] = [];
    for (const [email, password] of [
      ['nobody@example.org', 'whatever-password'],
      [demo('auditor'), 'wrong-password-1'],
    ] as const) {
      const e = await signIn(t.db, email, password, at(MIN)).catch((error: unknown) => error);
      expect(e).toBeInstanceOf(SignInError);
      errors.push(e as SignInError);
    }
    expect(errors[0]!.th).toBe(errors[1]!.th);
    expect(errors[0]!.en).toBe(errors[1]!.en);
    expect(errors[0]!.code).toBe('invalid-credentials');
  });

  it('locks an address after repeated failures, even for the right password, and unlocks it later', async () => {
    const email = demo('executive');
    for (let i = 0; i < LOCKOUT.failures; i++) {
      await expect(signIn(t.db, email, `wrong-password-${i}`, at(2 * MIN + i * 1000))).rejects.toMatchObject({ code: 'invalid-credentials' });
    }
    const locked = await signIn(t.db, email, DEMO_PASSWORD, at(3 * MIN)).catch((e: unknown) => e as SignInError);
    expect(locked).toBeInstanceOf(SignInError);
    expect((locked as SignInError).code).toBe('locked');
    expect((locked as SignInError).retryAfter).toBeGreaterThan(0);
    expect((locked as SignInError).th).toContain('นาที');
    // An unknown address is locked the same way: no way to tell which addresses exist.
    for (let i = 0; i < LOCKOUT.failures; i++) await signIn(t.db, 'ghost@example.org', 'x-password-1', at(3 * MIN)).catch(() => undefined);
    await expect(signIn(t.db, 'ghost@example.org', 'x-password-1', at(3 * MIN))).rejects.toMatchObject({ code: 'locked' });
    const later = await signIn(t.db, email, DEMO_PASSWORD, at(2 * MIN + 4000 + LOCKOUT.lockMs + 1000));
    expect(later.account.principal.roles[0]!.role).toBe('executive');
  });

  it('locks an account at one address only: 5 wrong passwords from A do not stop the right one from B', async () => {
    const email = demo('executive');
    const t1 = 2 * DAY;
    for (let i = 0; i < LOCKOUT.failures; i++) {
      await expect(signIn(t.db, email, `wrong-password-${i}`, at(t1 + i * 1000), '192.0.2.1')).rejects.toMatchObject({ code: 'invalid-credentials' });
    }
    const locked = await signIn(t.db, email, DEMO_PASSWORD, at(t1 + MIN), '192.0.2.1').catch((e: unknown) => e as SignInError);
    expect(locked).toMatchObject({ code: 'locked' });
    expect((locked as SignInError).th).toContain('ที่อยู่ IP อื่นยังลงชื่อเข้าใช้ได้');
    const elsewhere = await signIn(t.db, email, DEMO_PASSWORD, at(t1 + MIN), '198.51.100.7');
    expect(elsewhere.account.principal.roles[0]!.role).toBe('executive');
    // Still locked at A until 15 minutes after its last failure.
    await expect(signIn(t.db, email, DEMO_PASSWORD, at(t1 + 2 * MIN), '192.0.2.1')).rejects.toMatchObject({ code: 'locked' });
    expect((await signIn(t.db, email, DEMO_PASSWORD, at(t1 + 4000 + LOCKOUT.lockMs + 1000), '192.0.2.1')).account.email).toBe(email);
  });

  it('slows an account down, never locks it, after many failures from many addresses; a known address is not slowed', async () => {
    const email = demo('unit_head');
    const t1 = 3 * DAY;
    await signIn(t.db, email, DEMO_PASSWORD, at(t1), '203.0.113.5'); // the owner's office, known from now on
    for (let i = 0; i < ACCOUNT_SLOWDOWN.failures; i++) {
      await expect(signIn(t.db, email, `guess-${i}-password`, at(t1 + MIN + i * 1000), `10.0.0.${i + 1}`)).rejects.toMatchObject({ code: 'invalid-credentials' });
    }
    const last = t1 + MIN + (ACCOUNT_SLOWDOWN.failures - 1) * 1000;
    const slowed = await signIn(t.db, email, DEMO_PASSWORD, at(last + 1000), '10.9.9.9').catch((e: unknown) => e as SignInError);
    expect(slowed).toMatchObject({ code: 'slowed' });
    expect((slowed as SignInError).retryAfter).toBe(ACCOUNT_SLOWDOWN.intervalMs / 1000 - 1);
    expect((slowed as SignInError).th).toContain(`ครั้งเดียวทุก ${ACCOUNT_SLOWDOWN.intervalMs / 1000} วินาที`);
    // A refused attempt is not counted and verifies nothing: a wrong guess is refused the same way.
    await expect(signIn(t.db, email, 'another-guess-1', at(last + 2000), '10.9.9.10')).rejects.toMatchObject({ code: 'slowed' });
    // The owner at their known address is not slowed.
    expect((await signIn(t.db, email, DEMO_PASSWORD, at(last + 2000), '203.0.113.5')).account.email).toBe(email);
    // Elsewhere, one attempt per interval, whatever the address.
    expect((await signIn(t.db, email, DEMO_PASSWORD, at(last + ACCOUNT_SLOWDOWN.intervalMs), '10.9.9.9')).account.email).toBe(email);
    await expect(signIn(t.db, email, 'guess-again-1', at(last + ACCOUNT_SLOWDOWN.intervalMs + 1000), '10.9.9.11')).rejects.toMatchObject({ code: 'invalid-credentials' });
    await expect(signIn(t.db, email, 'guess-again-2', at(last + ACCOUNT_SLOWDOWN.intervalMs + 2000), '10.9.9.12')).rejects.toMatchObject({ code: 'slowed' });
    // The rule ends with its window.
    expect((await signIn(t.db, email, DEMO_PASSWORD, at(last + ACCOUNT_SLOWDOWN.windowMs + 2000), '10.9.9.12')).account.email).toBe(email);
  });

  it('ends a session when it is idle too long, when it is too old, and at sign-out', async () => {
    const s = await signIn(t.db, demo('coordinator'), DEMO_PASSWORD, T0);
    expect((await sessionAccount(t.db, s.sessionId, at(MIN)))?.principal.nameTh).toBe(s.account.principal.nameTh);
    expect(await sessionAccount(t.db, s.sessionId, at(MIN + SESSION_IDLE_MS + 1000))).toBeNull();

    const busy = await signIn(t.db, demo('coordinator'), DEMO_PASSWORD, T0);
    for (let ms = MIN * 30; ms < SESSION_MAX_AGE_MS; ms += MIN * 60) expect(await sessionAccount(t.db, busy.sessionId, at(ms))).not.toBeNull();
    expect(await sessionAccount(t.db, busy.sessionId, at(SESSION_MAX_AGE_MS + 1))).toBeNull();

    const third = await signIn(t.db, demo('coordinator'), DEMO_PASSWORD, T0);
    await signOut(t.db, third.sessionId);
    expect(await sessionAccount(t.db, third.sessionId, at(MIN))).toBeNull();
    expect(await sessionAccount(t.db, 'made-up', at(MIN))).toBeNull();
    // Only the hash is stored.
    const rows = await t.db.query<{ id_hash: string }>('SELECT id_hash FROM sessions');
    expect(rows.some((r) => r.id_hash === third.sessionId || r.id_hash === busy.sessionId)).toBe(false);
  });

  it('answers a session check after every change to the person, their roles or the session (kept reads are never stale)', async () => {
    const admin = (await signIn(t.db, demo('org_admin'), DEMO_PASSWORD, T0)).account.principal;
    const person = (await signIn(t.db, demo('auditor'), DEMO_PASSWORD, T0)).account.principal.personId;
    const roles = async (sessionId: string) => (await sessionAccount(t.db, sessionId, at(MIN / 2)))?.principal.roles.map((r) => r.role) ?? null;

    const s = await signIn(t.db, demo('auditor'), DEMO_PASSWORD, T0);
    expect(await roles(s.sessionId)).toEqual(['auditor']);
    expect(await roles(s.sessionId)).toEqual(['auditor']); // on PGlite, the second check of the same moment is the kept read
    await setRoles(t.db, admin, orgId, person, [{ role: 'auditor' }, { role: 'executive' }]);
    expect(await roles(s.sessionId)).toEqual(['auditor', 'executive']);
    await setPersonActive(t.db, admin, orgId, person, false);
    expect(await roles(s.sessionId)).toBeNull();
    await setPersonActive(t.db, admin, orgId, person, true);
    expect(await roles(s.sessionId)).toBeNull(); // deactivation ended the session for good

    // A write by any code path on the same database counts, not only the use cases.
    const again = await signIn(t.db, demo('auditor'), DEMO_PASSWORD, T0);
    expect(await roles(again.sessionId)).toEqual(['auditor', 'executive']);
    await t.db.query('UPDATE sessions SET expires_at = $2 WHERE person_id = $1', [person, at(MIN / 4).toISOString()]);
    expect(await roles(again.sessionId)).toBeNull();
    await setRoles(t.db, admin, orgId, person, [{ role: 'auditor' }]);
  });

  it('makes API tokens that act with the person’s roles, limited to the roles held when made, until revoked', async () => {
    const admin = (await signIn(t.db, demo('org_admin'), DEMO_PASSWORD, T0)).account.principal;
    const coordinator = (await signIn(t.db, demo('coordinator'), DEMO_PASSWORD, T0)).account.principal;
    const made = await createApiToken(t.db, coordinator, 'สคริปต์นำเข้าคะแนน', T0);
    expect(made.token.startsWith('prs_')).toBe(true);
    expect((await tokenAccount(t.db, made.token, T0))?.principal.roles.map((r) => r.role)).toEqual(['coordinator']);
    expect(await tokenAccount(t.db, `${made.token}x`, T0)).toBeNull();
    const listed = await listApiTokens(t.db, coordinator);
    expect(listed.map((x) => x.name)).toContain('สคริปต์นำเข้าคะแนน');
    expect(JSON.stringify(listed)).not.toContain(made.token);

    // A role given later is not in the token; a role taken away is gone from it.
    await setRoles(t.db, admin, orgId, coordinator.personId, [{ role: 'coordinator' }, { role: 'auditor' }]);
    expect((await tokenAccount(t.db, made.token, T0))?.principal.roles.map((r) => r.role)).toEqual(['coordinator']);
    await setRoles(t.db, admin, orgId, coordinator.personId, [{ role: 'auditor' }]);
    expect((await tokenAccount(t.db, made.token, T0))?.principal.roles).toEqual([]);
    await setRoles(t.db, admin, orgId, coordinator.personId, [{ role: 'coordinator' }]);

    await expect(revokeApiToken(t.db, admin, made.id)).rejects.toBeInstanceOf(NotFound);
    await expect(revokeApiToken(t.db, admin, 'not-a-uuid')).rejects.toBeInstanceOf(NotFound);
    await revokeApiToken(t.db, coordinator, made.id);
    expect(await tokenAccount(t.db, made.token, T0)).toBeNull();
    await expect(revokeApiToken(t.db, coordinator, made.id)).rejects.toBeInstanceOf(NotFound);
    await expect(createApiToken(t.db, coordinator, '   ')).rejects.toBeInstanceOf(InputError);
  });

  it('sets up the system administrator once through a one-time link valid 24 hours', async () => {
    const link = await adminSetupLink(t.db, T0);
    expect(link).toEqual(expect.any(String));
    const newer = await adminSetupLink(t.db, T0);
    expect(await describeLink(t.db, link!, T0)).toBeNull(); // voided by the newer one
    expect(await describeLink(t.db, newer!, T0)).toMatchObject({ purpose: 'admin-setup' });
    expect(await describeLink(t.db, newer!, at(25 * 3600_000))).toBeNull();
    await expect(completeAdminSetup(t.db, newer!, { nameTh: 'ผู้ดูแล', email: 'root@example.org', password: 'short' }, T0)).rejects.toBeInstanceOf(InputError);
    await expect(completeAdminSetup(t.db, newer!, { nameTh: 'ผู้ดูแล', email: 'not-an-address', password: 'a-long-enough-password' }, T0)).rejects.toMatchObject({ field: 'email' });
    const done = await completeAdminSetup(t.db, newer!, { nameTh: 'ผู้ดูแลระบบ', email: 'Root@Example.org', password: 'a-long-enough-password' }, T0);
    expect(done.account.principal.roles).toEqual([{ role: 'system_admin', orgId: null, unitId: null }]);
    await expect(completeAdminSetup(t.db, newer!, { nameTh: 'อีกคน', email: 'second@example.org', password: 'a-long-enough-password' }, T0)).rejects.toMatchObject({ field: 'token' });
    expect(await adminSetupLink(t.db, T0)).toBeNull();
    expect((await signIn(t.db, 'root@example.org', 'a-long-enough-password', T0)).account.email).toBe('root@example.org');
  });

  it('lets an organisation admin add people with roles, hand out set-password links, change roles and deactivate', async () => {
    const admin = (await signIn(t.db, demo('org_admin'), DEMO_PASSWORD, T0)).account.principal;
    const coordinator = (await signIn(t.db, demo('coordinator'), DEMO_PASSWORD, T0)).account.principal;
    const units = await t.db.query<{ id: string }>('SELECT id FROM units WHERE org_id = $1', [orgId]);
    const person = { nameTh: 'นายทดสอบ ระบบงาน', email: 'new.person@example.org', roles: [{ role: 'unit_head', unitId: units[0]!.id }] };
    await expect(createPerson(t.db, coordinator, orgId, person)).rejects.toBeInstanceOf(Forbidden);
    await expect(createPerson(t.db, admin, otherOrgId, person)).rejects.toBeInstanceOf(Forbidden);
    await expect(createPerson(t.db, admin, orgId, { ...person, roles: [{ role: 'unit_head' }] })).rejects.toMatchObject({ field: 'roles.0.unitId' });
    await expect(createPerson(t.db, admin, orgId, { ...person, roles: [{ role: 'system_admin' }] })).rejects.toBeInstanceOf(InputError);
    await expect(createPerson(t.db, admin, orgId, { ...person, email: demo('auditor') })).rejects.toMatchObject({ field: 'email' });
    const before = (await listPeople(t.db, admin, orgId)).length;
    const { personId, link } = await createPerson(t.db, admin, orgId, person, T0);
    expect((await listPeople(t.db, admin, orgId)).length).toBe(before + 1);
    expect(await describeLink(t.db, link, T0)).toMatchObject({ purpose: 'set-password', email: 'new.person@example.org' });
    await expect(signIn(t.db, 'new.person@example.org', 'anything-at-all', T0)).rejects.toBeInstanceOf(SignInError);
    const signedIn = await setPasswordWithLink(t.db, link, 'my-new-password-1', T0);
    expect(signedIn.account.principal.roles).toEqual([{ role: 'unit_head', orgId, unitId: units[0]!.id }]);
    await expect(setPasswordWithLink(t.db, link, 'my-new-password-2', T0)).rejects.toMatchObject({ field: 'token' });

    const reset = await passwordLinkFor(t.db, admin, orgId, personId, T0);
    await setPasswordWithLink(t.db, reset, 'my-new-password-3', at(MIN));
    expect(await sessionAccount(t.db, signedIn.sessionId, at(2 * MIN))).toBeNull(); // older sessions end

    await expect(setRoles(t.db, admin, orgId, admin.personId, [{ role: 'coordinator' }])).rejects.toBeInstanceOf(InputError);
    const otherAdmin = { personId: 'x', nameTh: 'อื่น', roles: [{ role: 'org_admin' as const, orgId: otherOrgId, unitId: null }] };
    await expect(setRoles(t.db, otherAdmin, otherOrgId, personId, [{ role: 'auditor' }])).rejects.toBeInstanceOf(NotFound);
    await expect(passwordLinkFor(t.db, otherAdmin, otherOrgId, personId)).rejects.toBeInstanceOf(NotFound);

    const s = await signIn(t.db, 'new.person@example.org', 'my-new-password-3', at(3 * MIN));
    await setPersonActive(t.db, admin, orgId, personId, false);
    expect(await sessionAccount(t.db, s.sessionId, at(4 * MIN))).toBeNull();
    await expect(signIn(t.db, 'new.person@example.org', 'my-new-password-3', at(5 * MIN))).rejects.toBeInstanceOf(SignInError);
    await setPersonActive(t.db, admin, orgId, personId, true);
    expect((await signIn(t.db, 'new.person@example.org', 'my-new-password-3', at(6 * MIN))).account.principal.roles).toHaveLength(1);
  });

  it('changes a password with the current one and ends the other sessions', async () => {
    const email = demo('auditor');
    const a = await signIn(t.db, email, DEMO_PASSWORD, T0);
    const b = await signIn(t.db, email, DEMO_PASSWORD, T0);
    const p = a.account.principal;
    await expect(changePassword(t.db, p, 'not-the-password', 'another-password-9', a.sessionId, T0)).rejects.toMatchObject({ field: 'current' });
    await expect(changePassword(t.db, p, DEMO_PASSWORD, 'short', a.sessionId, T0)).rejects.toMatchObject({ field: 'password' });
    await changePassword(t.db, p, DEMO_PASSWORD, 'another-password-9', a.sessionId, T0);
    expect(await sessionAccount(t.db, a.sessionId, at(MIN))).not.toBeNull();
    expect(await sessionAccount(t.db, b.sessionId, at(MIN))).toBeNull();
    await expect(signIn(t.db, email, DEMO_PASSWORD, at(MIN))).rejects.toBeInstanceOf(SignInError);
    await changePassword(t.db, p, 'another-password-9', DEMO_PASSWORD, a.sessionId, at(MIN));
  });

  it('revokes all the person’s own API tokens with their password change when they ask, in the same change', async () => {
    const email = demo('auditor');
    const a = await signIn(t.db, email, DEMO_PASSWORD, T0);
    const b = await signIn(t.db, email, DEMO_PASSWORD, T0);
    const p = a.account.principal;
    const kept = await createApiToken(t.db, p, 'kept', T0);
    await changePassword(t.db, p, DEMO_PASSWORD, 'another-password-8', a.sessionId, T0);
    expect(await tokenAccount(t.db, kept.token, at(MIN))).not.toBeNull(); // not asked: tokens stay
    const c = await signIn(t.db, email, 'another-password-8', T0);
    await changePassword(t.db, p, 'another-password-8', DEMO_PASSWORD, c.sessionId, at(MIN), { revokeTokens: true });
    expect(await tokenAccount(t.db, kept.token, at(2 * MIN))).toBeNull();
    expect((await listApiTokens(t.db, p)).find((x) => x.id === kept.id)?.revokedAt).not.toBeNull();
    expect(await sessionAccount(t.db, c.sessionId, at(2 * MIN))).not.toBeNull();
    expect(await sessionAccount(t.db, a.sessionId, at(2 * MIN))).toBeNull();
    expect(await sessionAccount(t.db, b.sessionId, at(2 * MIN))).toBeNull();
  });

  it('ends all sessions and API tokens at once on an administrator’s reset and on deactivation, even sessions just checked', async () => {
    const admin = (await signIn(t.db, demo('org_admin'), DEMO_PASSWORD, T0)).account.principal;
    const made = await createPerson(t.db, admin, orgId, { nameTh: 'นางทดสอบ รีเซ็ต', email: 'reset.me@example.org', roles: [{ role: 'coordinator' }] }, T0);
    await setPasswordWithLink(t.db, made.link, 'first-password-1', T0);
    const s1 = await signIn(t.db, 'reset.me@example.org', 'first-password-1', T0);
    const token = await createApiToken(t.db, s1.account.principal, 'script', T0);
    // Checked twice: on PGlite the second check is answered from the process's kept reads.
    for (let i = 0; i < 2; i++) expect(await sessionAccount(t.db, s1.sessionId, at(MIN / 2))).not.toBeNull();
    expect(await tokenAccount(t.db, token.token, at(MIN / 2))).not.toBeNull();

    await expect(passwordLinkFor(t.db, admin, orgId, admin.personId, at(MIN))).rejects.toMatchObject({ field: 'personId' });
    const reset = await passwordLinkFor(t.db, admin, orgId, made.personId, at(MIN));
    expect(await sessionAccount(t.db, s1.sessionId, at(MIN))).toBeNull();
    expect(await tokenAccount(t.db, token.token, at(MIN))).toBeNull();
    // The old password no longer works: only the link lets the person in.
    await expect(signIn(t.db, 'reset.me@example.org', 'first-password-1', at(MIN))).rejects.toMatchObject({ code: 'invalid-credentials' });
    expect((await listPeople(t.db, admin, orgId)).find((x) => x.id === made.personId)?.hasPassword).toBe(false);
    await setPasswordWithLink(t.db, reset, 'second-password-2', at(2 * MIN));
    expect(await tokenAccount(t.db, token.token, at(2 * MIN))).toBeNull();

    const s2 = await signIn(t.db, 'reset.me@example.org', 'second-password-2', at(2 * MIN));
    const token2 = await createApiToken(t.db, s2.account.principal, 'script 2', at(2 * MIN));
    for (let i = 0; i < 2; i++) expect(await sessionAccount(t.db, s2.sessionId, at(3 * MIN))).not.toBeNull();
    await setPersonActive(t.db, admin, orgId, made.personId, false, at(3 * MIN));
    expect(await sessionAccount(t.db, s2.sessionId, at(3 * MIN))).toBeNull();
    expect(await tokenAccount(t.db, token2.token, at(3 * MIN))).toBeNull();
    // Turning the account on again brings back neither the sessions nor the tokens.
    await setPersonActive(t.db, admin, orgId, made.personId, true, at(4 * MIN));
    expect(await sessionAccount(t.db, s2.sessionId, at(4 * MIN))).toBeNull();
    expect(await tokenAccount(t.db, token2.token, at(4 * MIN))).toBeNull();
    expect((await signIn(t.db, 'reset.me@example.org', 'second-password-2', at(4 * MIN))).account.email).toBe('reset.me@example.org');
  });

  it('keeps every hash and secret out of the audit log, which still records the changes', async () => {
    const log = await t.db.query<{ entity: string; before: unknown; after: unknown }>('SELECT entity, before, after FROM audit_log');
    const text = JSON.stringify(log);
    expect(text).not.toContain('$argon2');
    expect(text).not.toContain('token_hash');
    expect(log.some((r) => r.entity === 'api_tokens')).toBe(true);
    expect(log.some((r) => r.entity === 'people' && JSON.stringify(r.after).includes('password_changed_at'))).toBe(true);
  });

  it('keeps one cookie secret per database', async () => {
    const a = await serverSecret(t.db, 'cookie');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await serverSecret(t.db, 'cookie')).toBe(a);
    // Made once by whichever process comes first; read by the others (another handle) without writing it again.
    const made = await serverSecret(t.db, 'another-secret');
    const [stored] = await t.db.query<{ value: string }>(`SELECT value FROM server_secrets WHERE name = 'another-secret'`);
    expect(stored?.value).toBe(made);
    const changes = t.db.changes();
    await t.db.transaction(async (tx) => expect(await serverSecret(tx, 'another-secret')).toBe(made));
    expect(t.db.changes()).toBe(changes); // null on PostgreSQL: there, equal too
  });
});
