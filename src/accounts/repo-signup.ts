/** The data of self-service sign-up: the table signup_requests and the setting signup_open (migration 0016). */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { insertedId } from './repo.ts';

export async function selectSignupOpen(db: Queryable): Promise<string | undefined> {
  return (await oneRow(db, z.strictObject({ value: col.text }), `SELECT value FROM instance_settings WHERE name = 'signup_open'`))?.value;
}

export async function upsertSignupOpen(tx: Queryable, value: 'on' | 'off'): Promise<void> {
  await tx.query(`INSERT INTO instance_settings (name, value) VALUES ('signup_open', $1) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`, [value]);
}

/** A request as an agency sends it (`type`: the organisation type's code). */
export interface SignupInsert {
  readonly nameTh: string;
  readonly type: string;
  readonly province: string;
  readonly district: string | null;
  readonly requesterName: string;
  readonly requesterPosition: string;
  readonly requesterEmail: string;
  readonly note: string | null;
}

export async function insertSignup(tx: Queryable, r: SignupInsert): Promise<string> {
  return insertedId(
    tx,
    `INSERT INTO signup_requests (name_th, org_type, province, district, requester_name, requester_position, requester_email, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [r.nameTh, r.type, r.province, r.district, r.requesterName, r.requesterPosition, r.requesterEmail, r.note],
  );
}

const RequestRow = z.strictObject({
  id: col.uuid,
  name_th: col.text,
  org_type: col.text,
  province: col.text,
  district: col.text.nullable(),
  requester_name: col.text,
  requester_position: col.text,
  requester_email: col.text,
  note: col.text.nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  created_at: col.timestamp,
});
export type RequestRow = z.output<typeof RequestRow>;
const REQUEST_COLUMNS = 'id, name_th, org_type, province, district, requester_name, requester_position, requester_email, note, status, created_at';

/** The pending requests, oldest first. */
export async function selectPendingSignups(db: Queryable): Promise<RequestRow[]> {
  return rows(db, RequestRow, `SELECT ${REQUEST_COLUMNS} FROM signup_requests WHERE status = 'pending' ORDER BY created_at, id`);
}

/** A request, locked until the end of the transaction. */
export async function selectSignupForUpdate(tx: Queryable, id: string): Promise<RequestRow | undefined> {
  return oneRow(tx, RequestRow, `SELECT ${REQUEST_COLUMNS} FROM signup_requests WHERE id = $1 FOR UPDATE`, [id]);
}

/** Marks a request approved, with the organisation made of it (by its slug). */
export async function markApproved(tx: Queryable, id: string, at: Date, slug: string): Promise<void> {
  await tx.query(`UPDATE signup_requests SET status = 'approved', decided_at = $2, org_id = (SELECT id FROM organisations WHERE slug = $3) WHERE id = $1`, [id, at, slug]);
}

export async function markRejected(tx: Queryable, id: string, reason: string, at: Date): Promise<void> {
  await tx.query(`UPDATE signup_requests SET status = 'rejected', reason = $2, decided_at = $3 WHERE id = $1`, [id, reason, at]);
}
