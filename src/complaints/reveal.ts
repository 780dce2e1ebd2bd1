/**
 * The complainant's voluntary identity, read only with a second officer's approval:
 * 1. officer A asks, with a reason (encrypted like the case; it may say things about it);
 * 2. officer B — another person with complaints.handle in the organisation — approves or refuses;
 * 3. A (and only A) may then read the identity for REVEAL_MS, with this session's unlocked key.
 * Every step is an event of the case and a line of the audit log; the identity itself never is. The rule is the
 * application's (and the database refuses B = A): it is not a cryptographic two-person key, see
 * docs/complaints-security.md.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { aad, decrypt, encrypt, unseal, wipe } from './crypto.ts';
import { InputError } from '../errors.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { addEvent, caseKey, caseSummary } from './cases.ts';
import { ComplaintsLocked, unlockedSecret } from './keys.ts';
import { NotFound } from '../app/errors.ts';
import { parseInput, requireUuid } from '../app/input.ts';
import { complaintsMessages as msg } from './messages.ts';
import { hasOpenReveal, insertReveal, newId, selectApproval, selectIdentityBoxes, selectReveals, selectRevealForUpdate, updateRevealDecision } from './repo.ts';

/** How long an approval lets the asking officer read the identity. */
export const REVEAL_MS = 72 * 3600_000;

export type RevealStatus = 'requested' | 'approved' | 'rejected' | 'withdrawn';

export interface RevealView {
  readonly id: string;
  readonly requestedBy: string | null;
  readonly requestedByMe: boolean;
  readonly requestedAt: string;
  /** The reason, when this session is unlocked; null otherwise. */
  readonly reason: string | null;
  readonly status: RevealStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly expiresAt: string | null;
  /** This person may decide it (someone else's open request). */
  readonly canDecide: boolean;
  /** This person may read the identity now (their own approved, unexpired request). */
  readonly canRead: boolean;
}

/** The reveal requests of a case, newest first (reasons decrypted when the session is unlocked). */
export async function revealsOf(db: Queryable, principal: Principal, slug: string, caseId: string, sessionId: string | null, now: Date = new Date()): Promise<RevealView[]> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const rows = await selectReveals(db, summary.id, org.orgId);
  let secret: Buffer | null = null;
  let dek: Buffer | null = null;
  try {
    if (rows.length) {
      try {
        secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
        dek = await caseKey(db, secret, summary.id);
      } catch (error) {
        if (!(error instanceof ComplaintsLocked)) throw error;
      }
    }
    const key = dek;
    return rows.map((r) => ({
      id: r.id,
      requestedBy: r.requested_label,
      requestedByMe: r.requested_by === principal.personId,
      requestedAt: r.requested_at,
      reason: key ? decrypt(key, r.reason_box, aad('reveal-reason', summary.id, r.id)).toString('utf8') : null,
      status: r.status,
      decidedBy: r.decided_label,
      decidedAt: r.decided_at,
      expiresAt: r.expires_at,
      canDecide: r.status === 'requested' && r.requested_by !== principal.personId,
      canRead: r.status === 'approved' && r.requested_by === principal.personId && r.expires_at !== null && new Date(r.expires_at) > now,
    }));
  } finally {
    wipe(secret, dek);
  }
}

const reasonSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(10, { error: msg.code('reasonTooShort') })
    .max(1000, { error: msg.code('reasonTooLong') }),
});

/** Officer A asks to read the identity of a case (which must have one), giving a reason. */
export async function requestReveal(db: Db, principal: Principal, slug: string, caseId: string, sessionId: string | null, reasonInput: unknown, now: Date = new Date()): Promise<string> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const { reason } = parseInput(reasonSchema, { reason: reasonInput });
  if (!summary.hasIdentity) throw new InputError('reason', msg.noIdentity());
  if (await hasOpenReveal(db, summary.id, principal.personId)) throw new InputError('reason', msg.requestWaiting());
  const secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  let dek: Buffer | null = null;
  try {
    dek = await caseKey(db, secret, summary.id);
    const key = dek;
    return await write(db, actorOf(principal), org.orgId, async (tx) => {
      const id = await newId(tx);
      await insertReveal(tx, {
        id,
        caseId: summary.id,
        orgId: org.orgId,
        personId: principal.personId,
        label: principal.nameTh,
        at: now.toISOString(),
        reasonBox: encrypt(key, reason, aad('reveal-reason', summary.id, id)),
      });
      await addEvent(tx, principal, org.orgId, summary.id, 'identity_requested', { request: id }, now);
      return id;
    });
  } finally {
    wipe(secret, dek);
  }
}

/** Officer B — not the one who asked — approves or refuses a request. */
export async function decideReveal(db: Db, principal: Principal, slug: string, caseId: string, revealId: string, decision: unknown, now: Date = new Date()): Promise<void> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const id = requireUuid(revealId, 'reveal', msg.noRequestId);
  if (decision !== 'approve' && decision !== 'reject') throw new InputError('decision', msg.badDecision());
  await write(db, actorOf(principal), org.orgId, async (tx) => {
    const r = await selectRevealForUpdate(tx, id, summary.id);
    if (!r) throw new NotFound('reveal', msg.noRequest());
    if (r.requested_by === principal.personId) throw new InputError('decision', msg.ownRequest());
    if (r.status !== 'requested') throw new InputError('decision', msg.alreadyDecided());
    const approved = decision === 'approve';
    await updateRevealDecision(tx, id, {
      status: approved ? 'approved' : 'rejected',
      personId: principal.personId,
      label: principal.nameTh,
      at: now.toISOString(),
      expiresAt: approved ? new Date(now.getTime() + REVEAL_MS).toISOString() : null,
    });
    await addEvent(tx, principal, org.orgId, summary.id, approved ? 'identity_approved' : 'identity_rejected', { request: id }, now);
  });
}

export interface Identity {
  readonly name: string;
  readonly contact: string;
}

/**
 * The identity, for the officer whose request was approved and has not expired; the reading is recorded. Without
 * such an approval: InputError (field "reveal"), the same for everyone — it is a missing approval, not a role.
 */
export async function readIdentity(db: Db, principal: Principal, slug: string, caseId: string, sessionId: string | null, now: Date = new Date()): Promise<Identity> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const approval = await selectApproval(db, summary.id, principal.personId, now.toISOString());
  if (!approval) throw new InputError('reveal', msg.notApproved());
  const row = await selectIdentityBoxes(db, summary.id);
  if (!row) throw new NotFound('identity', msg.noIdentity());
  const secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  let key: Buffer | null = null;
  try {
    key = unseal(secret, row.key_box, aad('identity-key', summary.id));
    const identity = JSON.parse(decrypt(key, row.identity_box, aad('identity', summary.id)).toString('utf8')) as Identity;
    await write(db, actorOf(principal), org.orgId, (tx) => addEvent(tx, principal, org.orgId, summary.id, 'identity_read', { request: approval.id }, now));
    return { name: identity.name, contact: identity.contact ?? '' };
  } finally {
    wipe(secret, key);
  }
}
