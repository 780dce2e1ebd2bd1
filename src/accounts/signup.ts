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
import { write } from '../app/actor.ts';
import { actorOf, orgsOf, Forbidden, type Principal } from '../app/authz.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { addPerson, createOrganisation, optionalText, requiredText, type OrganisationDetail } from '../organisations/organisations.ts';
import { resolvePlace } from '../organisations/places.ts';
import { parseOrgType } from '../organisations/vocab.ts';
import { isUuid } from '../years/years.ts';

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

export interface SignupRequest {
  readonly id: string;
  readonly nameTh: string;
  readonly type: string;
  readonly province: string;
  readonly district: string | null;
  readonly requesterName: string;
  readonly requesterPosition: string;
  readonly requesterEmail: string;
  readonly note: string | null;
  readonly createdAt: string;
}

const systemOnly = (principal: Principal) => {
  if (orgsOf(principal) !== null) throw new Forbidden('org.admin');
};

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? what);
    throw new InputError(field, `ข้อมูลไม่ถูกต้อง (${field})`, `invalid ${what} (${field}): ${parsed.error.issues[0]?.message ?? ''}`);
  }
  return parsed.data;
}

/** Whether agencies may request an organisation themselves (off unless the system administrator turned it on). */
export async function signupOpen(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ value: string }>(`SELECT value FROM instance_settings WHERE name = 'signup_open'`);
  return row?.value === 'on';
}

/** Turns self-service sign-up on or off (system administrator). */
export async function setSignupOpen(db: Db, principal: Principal, input: unknown): Promise<{ open: boolean }> {
  systemOnly(principal);
  const { open } = parse(signupSettingSchema, input, 'setting');
  await write(db, actorOf(principal), null, (tx) =>
    tx.query(`INSERT INTO instance_settings (name, value) VALUES ('signup_open', $1) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [open ? 'on' : 'off']),
  );
  return { open };
}

/** Stores an agency's request (anyone, when sign-up is open). Answers the same whatever the e-mail address. */
export const signupClosed = (): NotFound => new NotFound('signup', 'ไม่พบหน้านี้: ระบบนี้ไม่เปิดให้หน่วยงานขอเปิดใช้งานเอง', 'not found: this instance does not take sign-up requests');

export async function requestSignup(db: Db, input: unknown): Promise<{ id: string }> {
  if (!(await signupOpen(db))) throw signupClosed();
  const v = parse(signupRequestSchema, input, 'sign-up request');
  const nameTh = requiredText(v.nameTh, 'nameTh', 'กรอกชื่อหน่วยงาน (ไม่เกิน 200 ตัวอักษร)', 'give the agency’s name (at most 200 characters)');
  const type = parseOrgType(v.type);
  const place = resolvePlace(v.province, v.district);
  const requesterName = requiredText(v.requesterName, 'requesterName', 'กรอกชื่อผู้ขอ', 'give the requester’s name');
  const requesterPosition = requiredText(v.requesterPosition, 'requesterPosition', 'กรอกตำแหน่งของผู้ขอ', 'give the requester’s position');
  const email = emailSchema.safeParse(v.requesterEmail);
  if (!email.success) throw new InputError('requesterEmail', 'อีเมลไม่ถูกต้อง', 'not a valid e-mail address');
  const note = optionalText(v.note, 'note');
  return write(db, { id: null, label: `คำขอสมัคร (${email.data})` }, null, async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO signup_requests (name_th, org_type, province, district, requester_name, requester_position, requester_email, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [nameTh, type.code, place.province.nameTh, place.district?.nameTh ?? v.district?.trim() ?? null, requesterName, requesterPosition, email.data, note],
    );
    return { id: (row as { id: string }).id };
  });
}

interface RequestRow {
  id: string;
  name_th: string;
  org_type: string;
  province: string;
  district: string | null;
  requester_name: string;
  requester_position: string;
  requester_email: string;
  note: string | null;
  created_at: Date | string;
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
  const rows = await db.query<RequestRow>(`SELECT * FROM signup_requests WHERE status = 'pending' ORDER BY created_at, id`);
  return rows.map(requestOf);
}

async function pending(tx: Queryable, id: string): Promise<RequestRow> {
  const [row] = isUuid(id) ? await tx.query<RequestRow & { status: string }>('SELECT * FROM signup_requests WHERE id = $1 FOR UPDATE', [id]) : [];
  if (!row) throw new NotFound('id', 'ไม่พบคำขอนี้', 'no such sign-up request');
  if (row.status !== 'pending') throw new Conflict('id', 'คำขอนี้ได้รับการพิจารณาแล้ว', 'this request has already been decided');
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
    await tx.query(`UPDATE signup_requests SET status = 'approved', decided_at = $2, org_id = (SELECT id FROM organisations WHERE slug = $3) WHERE id = $1`, [r.id, now, organisation.slug]);
    return { organisation, ...made };
  });
}

/** Rejects a request with a reason (system administrator). */
export async function rejectSignup(db: Db, principal: Principal, id: string, input: unknown, now: Date = new Date()): Promise<void> {
  systemOnly(principal);
  const v = parse(rejectSignupSchema, input, 'rejection');
  const reason = requiredText(v.reason, 'reason', 'กรอกเหตุผลที่ไม่อนุมัติ', 'give the reason for rejecting');
  await write(db, actorOf(principal), null, async (tx) => {
    const r = await pending(tx, id);
    await tx.query(`UPDATE signup_requests SET status = 'rejected', reason = $2, decided_at = $3 WHERE id = $1`, [r.id, reason, now]);
  });
}

