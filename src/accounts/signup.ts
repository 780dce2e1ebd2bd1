/**
 * Self-service sign-up (issue 14): where the instance allows it (the setting signup_open, off by default), an
 * agency requests an organisation; the system administrator approves it (the organisation and its administrator
 * are made in one transaction, and the administrator's one-time set-password link is handed over) or rejects it
 * with a reason. The request never reveals whether an e-mail address is already known: it is checked on approval.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { emailSchema } from './accounts.ts';
import { accountMessages } from './messages.ts';
import { insertSignup, markApproved, markRejected, selectPendingSignups, selectSignupForUpdate, selectSignupOpen, upsertSignupOpen, type RequestRow, type SignupInsert } from './repo-signup.ts';
import { write } from '../app/actor.ts';
import { actorOf, orgsOf, Forbidden, type Principal } from '../app/authz.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { addPerson, createOrganisation, optionalText, requiredText, type OrganisationDetail } from '../organisations/organisations.ts';
import { resolvePlace } from '../organisations/places.ts';
import { parseOrgType } from '../organisations/vocab.ts';
import { isUuid } from '../app/input.ts';

const text = (max: number) => z.string().max(max);
export const signupRequestSchema = z
  .object({
    nameTh: text(200),
    type: text(100),
    province: text(100),
    district: text(100).nullish(),
    requesterName: text(200),
    requesterPosition: text(200),
    requesterEmail: text(320),
    note: text(2000).nullish(),
  })
  .strict();
export const approveSignupSchema = z.object({ slug: text(64) }).strict();
export const rejectSignupSchema = z.object({ reason: text(1000) }).strict();
export const signupSettingSchema = z.object({ open: z.boolean() }).strict();

export interface SignupRequest extends SignupInsert {
  readonly id: string;
  readonly createdAt: string;
}

const systemOnly = (principal: Principal) => {
  if (orgsOf(principal) !== null) throw new Forbidden('org.admin');
};

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? what);
    throw new InputError(field, accountMessages.signupInvalid({ field, what, detail: parsed.error.issues[0]?.message ?? '' }));
  }
  return parsed.data;
}

/** Whether agencies may request an organisation themselves (off unless the system administrator turned it on). */
export async function signupOpen(db: Queryable): Promise<boolean> {
  return (await selectSignupOpen(db)) === 'on';
}

/** Turns self-service sign-up on or off (system administrator). */
export async function setSignupOpen(db: Db, principal: Principal, input: unknown): Promise<{ open: boolean }> {
  systemOnly(principal);
  const { open } = parse(signupSettingSchema, input, 'setting');
  await write(db, actorOf(principal), null, (tx) => upsertSignupOpen(tx, open ? 'on' : 'off'));
  return { open };
}

/** Stores an agency's request (anyone, when sign-up is open). Answers the same whatever the e-mail address. */
export const signupClosed = (): NotFound => new NotFound('signup', accountMessages.signupClosed());

export async function requestSignup(db: Db, input: unknown): Promise<{ id: string }> {
  if (!(await signupOpen(db))) throw signupClosed();
  const v = parse(signupRequestSchema, input, 'sign-up request');
  const nameTh = requiredText(v.nameTh, 'nameTh', accountMessages.agencyNameMissing());
  const type = parseOrgType(v.type);
  const place = resolvePlace(v.province, v.district);
  const requesterName = requiredText(v.requesterName, 'requesterName', accountMessages.requesterNameMissing());
  const requesterPosition = requiredText(v.requesterPosition, 'requesterPosition', accountMessages.requesterPositionMissing());
  const email = emailSchema.safeParse(v.requesterEmail);
  if (!email.success) throw new InputError('requesterEmail', accountMessages.emailInvalid());
  const note = optionalText(v.note, 'note');
  const district = place.district?.nameTh ?? v.district?.trim() ?? null;
  return write(db, { id: null, label: `คำขอสมัคร (${email.data})` }, null, async (tx) => {
    const id = await insertSignup(tx, { nameTh, type: type.code, province: place.province.nameTh, district, requesterName, requesterPosition, requesterEmail: email.data, note });
    return { id };
  });
}

const requestOf = (r: RequestRow): SignupRequest => ({
  id: r.id,
  nameTh: r.name_th,
  type: r.org_type,
  province: r.province,
  district: r.district,
  requesterName: r.requester_name,
  requesterPosition: r.requester_position,
  requesterEmail: r.requester_email,
  note: r.note,
  createdAt: new Date(r.created_at).toISOString(),
});

/** The pending requests, oldest first (system administrator). */
export async function listSignups(db: Queryable, principal: Principal): Promise<SignupRequest[]> {
  systemOnly(principal);
  return (await selectPendingSignups(db)).map(requestOf);
}

async function pending(tx: Queryable, id: string): Promise<RequestRow> {
  const row = isUuid(id) ? await selectSignupForUpdate(tx, id) : undefined;
  if (!row) throw new NotFound('id', accountMessages.noSignup());
  if (row.status !== 'pending') throw new Conflict('id', accountMessages.signupDecided());
  return row;
}

/** A Db whose transactions are the given one: createOrganisation and addPerson then join the approval's. */
const within = (db: Db, tx: Queryable): Db => ({ ...db, query: tx.query.bind(tx), exec: tx.exec.bind(tx), copyIn: tx.copyIn.bind(tx), transaction: (fn) => fn(tx) });

/**
 * Approves a request (system administrator): creates the organisation under the chosen slug and its
 * administrator, in one transaction; returns the administrator's one-time set-password token.
 */
export async function approveSignup(db: Db, principal: Principal, id: string, input: unknown, now: Date = new Date()): Promise<{ organisation: OrganisationDetail; personId: string; link: string }> {
  systemOnly(principal);
  const { slug } = parse(approveSignupSchema, input, 'approval');
  return write(db, actorOf(principal), null, async (tx) => {
    const r = await pending(tx, id);
    const inner = within(db, tx);
    const { organisation } = await createOrganisation(inner, principal, { slug, nameTh: r.name_th, type: r.org_type, province: r.province, district: r.district });
    const made = await addPerson(inner, principal, organisation.slug, { email: r.requester_email, role: 'org_admin', nameTh: r.requester_name, positionTh: r.requester_position }, now);
    await markApproved(tx, r.id, now, organisation.slug);
    return { organisation, ...made };
  });
}

/** Rejects a request with a reason (system administrator). */
export async function rejectSignup(db: Db, principal: Principal, id: string, input: unknown, now: Date = new Date()): Promise<void> {
  systemOnly(principal);
  const v = parse(rejectSignupSchema, input, 'rejection');
  const reason = requiredText(v.reason, 'reason', accountMessages.rejectReasonMissing());
  await write(db, actorOf(principal), null, async (tx) => {
    const r = await pending(tx, id);
    await markRejected(tx, r.id, reason, now);
  });
}

