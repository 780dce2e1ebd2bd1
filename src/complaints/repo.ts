/**
 * The complaint channel's data, but for the keys (repo-keys.ts): the cases and what hangs on them (identities,
 * attachments, messages, events, identity requests), the published statistics, and retention. Every row is
 * checked as it is read (src/db/rows.ts). Contents arrive here already encrypted, and leave still encrypted.
 *
 * Tables of other capabilities read here, for want of a function of theirs: organisations (the channel's public
 * face, the slug of a purge), portal_settings (the channel's contact details), people (an assignee's name) and
 * audit_log (the one line of a purge).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { CHANNELS, COMPLAINT_TYPES, OUTCOMES, STATUSES } from './model.ts';

const channel = z.enum(CHANNELS);
const type = z.enum(COMPLAINT_TYPES);
const status = z.enum(STATUSES);
const outcome = z.enum(OUTCOMES);
const MESSAGE_KINDS = ['from_complainant', 'to_complainant', 'note'] as const;

/** A fresh id, made by the database (`gen_random_uuid()`), with whatever else the statement gives. */
async function made<S extends z.ZodType>(db: Queryable, shape: S, text: string, params: readonly unknown[] = []): Promise<z.output<S>> {
  const row = await oneRow(db, shape, text, params);
  if (row === undefined) throw new Error(`no row from "${text}"`);
  return row;
}

const IdRow = z.strictObject({ id: col.uuid });
const CountRow = z.strictObject({ n: col.int });

/** A new uuid as text. */
export const newId = async (tx: Queryable): Promise<string> => (await made(tx, IdRow, 'SELECT gen_random_uuid()::text AS id')).id;

// ---------------------------------------------------------------------------------------------------------
// The complainant's side

/** Marks the transaction as the complainant's: the audit trigger of the complaint tables leaves it out. */
export async function setComplainantActor(tx: Queryable, orgId: string): Promise<void> {
  await tx.query(`SELECT set_config('prongsai.actor', $1, true)`, [JSON.stringify({ id: null, label: 'ผู้ร้องเรียน', org: orgId, complainant: true })]);
}

const OrgKeyRow = z.strictObject({ public_key: col.bytes, key_version: col.int });

/** The organisation's public key, under FOR SHARE (a rotation waits for this transaction, or this one for it). */
export const selectOrgKeyForShare = (tx: Queryable, orgId: string) =>
  oneRow(tx, OrgKeyRow, 'SELECT public_key, key_version FROM complaint_orgs WHERE org_id = $1 FOR SHARE', [orgId]);

const ChannelRow = z.strictObject({
  id: col.uuid,
  slug: col.text,
  name_th: col.text,
  public_key: col.bytes.nullable(),
  key_version: col.int.nullable(),
  ack_days: col.int.nullable(),
  close_days: col.int.nullable(),
  public_open: col.bool.nullable(),
  internal_open: col.bool.nullable(),
  contact_phone: col.text.nullable(),
  contact_email: col.text.nullable(),
  district: col.text.nullable(),
  province: col.text.nullable(),
});

/** An organisation by slug, with its channel (null columns when it has none) and its contact details. */
export const selectChannel = (db: Queryable, slug: string) =>
  oneRow(
    db,
    ChannelRow,
    `SELECT o.id, o.slug, o.name_th, c.public_key, c.key_version, c.ack_days, c.close_days, c.public_open, c.internal_open,
            p.contact_phone, p.contact_email, o.district, o.province
       FROM organisations o LEFT JOIN complaint_orgs c ON c.org_id = o.id LEFT JOIN portal_settings p ON p.org_id = o.id WHERE o.slug = $1`,
    [slug],
  );

export interface ComplaintInsert {
  readonly id: string;
  readonly orgId: string;
  readonly channel: string;
  readonly type: string;
  readonly receiptLookup: string;
  readonly receivedOn: string;
  readonly ackDue: string;
  readonly closeDue: string;
  readonly keyVersion: number;
  readonly dekBox: Uint8Array;
  readonly bodyBox: Uint8Array;
  readonly messageKeyBox: Uint8Array;
}

export async function insertComplaint(tx: Queryable, c: ComplaintInsert): Promise<void> {
  await tx.query(
    `INSERT INTO complaints (id, org_id, channel, type, receipt_lookup, received_on, ack_due, close_due, key_version, dek_box, body_box, message_key_box)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [c.id, c.orgId, c.channel, c.type, c.receiptLookup, c.receivedOn, c.ackDue, c.closeDue, c.keyVersion, c.dekBox, c.bodyBox, c.messageKeyBox],
  );
}

export async function insertIdentity(tx: Queryable, caseId: string, orgId: string, keyVersion: number, keyBox: Uint8Array, identityBox: Uint8Array): Promise<void> {
  await tx.query('INSERT INTO complaint_identities (case_id, org_id, key_version, key_box, identity_box) VALUES ($1, $2, $3, $4, $5)', [caseId, orgId, keyVersion, keyBox, identityBox]);
}

export interface AttachmentInsert {
  readonly id: string;
  readonly caseId: string;
  readonly orgId: string;
  readonly seq: number;
  readonly mediaType: string;
  readonly size: number;
  readonly metadata: 'removed' | 'none' | 'partial';
  readonly nameBox: Uint8Array;
  readonly contentBox: Uint8Array;
}

export async function insertAttachment(tx: Queryable, a: AttachmentInsert): Promise<void> {
  await tx.query(
    `INSERT INTO complaint_attachments (id, case_id, org_id, seq, media_type, size, metadata, name_box, content_box) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [a.id, a.caseId, a.orgId, a.seq, a.mediaType, a.size, a.metadata, a.nameBox, a.contentBox],
  );
}

/** An event of the complainant: the date only, no person. */
export async function insertComplainantEvent(tx: Queryable, caseId: string, orgId: string, onDate: string, kind: 'filed' | 'complainant_message', detail?: Record<string, unknown>): Promise<void> {
  if (detail === undefined) {
    await tx.query(`INSERT INTO complaint_events (case_id, org_id, on_date, kind) VALUES ($1, $2, $3, '${kind}')`, [caseId, orgId, onDate]);
  } else {
    await tx.query(`INSERT INTO complaint_events (case_id, org_id, on_date, kind, detail) VALUES ($1, $2, $3, '${kind}', $4)`, [caseId, orgId, onDate, JSON.stringify(detail)]);
  }
}

const CaseOrgRow = z.strictObject({ id: col.uuid, org_id: col.uuid });

/** The case of a receipt lookup (HMAC of the code). */
export const selectCaseByLookup = (db: Queryable, lookup: string) => oneRow(db, CaseOrgRow, 'SELECT id, org_id FROM complaints WHERE receipt_lookup = $1', [lookup]);

const ComplainantCaseRow = z.strictObject({
  name_th: col.text,
  channel,
  type,
  received_on: col.date,
  status,
  ack_due: col.date,
  acknowledged_on: col.date.nullable(),
  closed_on: col.date.nullable(),
  outcome: outcome.nullable(),
});

/** What the complainant sees of their case. */
export const selectComplainantCase = (db: Queryable, caseId: string) =>
  oneRow(
    db,
    ComplainantCaseRow,
    `SELECT o.name_th, c.channel, c.type, c.received_on, c.status, c.ack_due, c.acknowledged_on, c.closed_on, c.outcome
       FROM complaints c JOIN organisations o ON o.id = c.org_id WHERE c.id = $1`,
    [caseId],
  );

const ConversationRow = z.strictObject({ id: col.uuid, kind: z.enum(MESSAGE_KINDS), on_date: col.date, box: col.bytes });

/** The conversation with the complainant (no internal notes), in order. */
export const selectConversation = (db: Queryable, caseId: string) =>
  rows(db, ConversationRow, `SELECT id, kind, on_date, box FROM complaint_messages WHERE case_id = $1 AND kind <> 'note' ORDER BY seq`, [caseId]);

export const selectCaseStatus = (db: Queryable, caseId: string) => oneRow(db, z.strictObject({ status }), 'SELECT status FROM complaints WHERE id = $1', [caseId]);

/** Takes the case's row for this transaction (messages are numbered one at a time). */
export async function lockCase(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('SELECT 1 FROM complaints WHERE id = $1 FOR UPDATE', [caseId]);
}

/** A new message's id and number in the case. */
export const nextMessage = (tx: Queryable, caseId: string) =>
  made(tx, z.strictObject({ id: col.uuid, seq: col.int }), 'SELECT gen_random_uuid()::text AS id, coalesce(max(seq), 0) + 1 AS seq FROM complaint_messages WHERE case_id = $1', [caseId]);

/** The complainant's message (sealed to the organisation), and the case marked unread. */
export async function insertComplainantMessage(tx: Queryable, m: { id: string; caseId: string; orgId: string; seq: number; onDate: string; keyVersion: number; box: Uint8Array }): Promise<void> {
  await tx.query(
    `INSERT INTO complaint_messages (id, case_id, org_id, seq, kind, on_date, key_version, box) VALUES ($1, $2, $3, $4, 'from_complainant', $5, $6, $7)`,
    [m.id, m.caseId, m.orgId, m.seq, m.onDate, m.keyVersion, m.box],
  );
  await tx.query('UPDATE complaints SET unread = true WHERE id = $1', [m.caseId]);
}

// ---------------------------------------------------------------------------------------------------------
// Case work

const SummaryRow = z.strictObject({
  id: col.uuid,
  channel,
  type,
  received_on: col.date,
  status,
  outcome: outcome.nullable(),
  ack_due: col.date,
  close_due: col.date,
  acknowledged_on: col.date.nullable(),
  closed_on: col.date.nullable(),
  assignee_id: col.uuid.nullable(),
  assignee_name: col.text.nullable(),
  unread: col.bool,
  version: col.int,
  has_identity: col.bool,
  attachments: col.int,
});
export type SummaryRow = z.output<typeof SummaryRow>;

const SUMMARY = `SELECT c.id, c.channel, c.type, c.received_on, c.status, c.outcome, c.ack_due, c.close_due, c.acknowledged_on, c.closed_on,
    c.assignee_id, p.name_th AS assignee_name, c.unread, c.version,
    EXISTS (SELECT 1 FROM complaint_identities i WHERE i.case_id = c.id) AS has_identity,
    (SELECT count(*)::int FROM complaint_attachments a WHERE a.case_id = c.id) AS attachments
  FROM complaints c LEFT JOIN people p ON p.id = c.assignee_id`;

export interface CaseQuery {
  readonly status: string;
  readonly channel: string;
  readonly mine: boolean;
  readonly personId: string;
}

/** The organisation's cases that are not purged, unread ones on top, newest first. */
export const selectCases = (db: Queryable, orgId: string, q: CaseQuery) =>
  rows(
    db,
    SummaryRow,
    `${SUMMARY} WHERE c.org_id = $1 AND c.purged_on IS NULL
       AND ($2 = 'all' OR ($2 = 'open' AND c.status <> 'closed') OR c.status = $2)
       AND ($3 = 'all' OR c.channel = $3)
       AND (NOT $4 OR c.assignee_id = $5)
     ORDER BY c.unread DESC, c.received_on DESC, c.id`,
    [orgId, q.status, q.channel, q.mine, q.personId],
  );

/** Received, not acknowledged, unread. */
export async function countNewCases(db: Queryable, orgId: string): Promise<number> {
  const row = await oneRow(db, CountRow, `SELECT count(*)::int AS n FROM complaints WHERE org_id = $1 AND purged_on IS NULL AND status = 'received' AND unread`, [orgId]);
  return row?.n ?? 0;
}

export const selectCaseSummary = (db: Queryable, caseId: string, orgId: string) =>
  oneRow(db, SummaryRow, `${SUMMARY} WHERE c.id = $1 AND c.org_id = $2 AND c.purged_on IS NULL`, [caseId, orgId]);

const EventRow = z.strictObject({ on_date: col.date, at: col.timestamp.nullable(), person_label: col.text.nullable(), kind: col.text, detail: z.record(z.string(), z.unknown()) });

export const selectEvents = (db: Queryable, orgId: string, caseId: string) =>
  rows(db, EventRow, 'SELECT on_date, at, person_label, kind, detail FROM complaint_events WHERE case_id = $1 AND org_id = $2 ORDER BY on_date, at NULLS FIRST, kind', [caseId, orgId]);

export interface OfficerEvent {
  readonly caseId: string;
  readonly orgId: string;
  readonly onDate: string;
  readonly at: string;
  readonly personId: string;
  readonly personLabel: string;
  readonly kind: string;
  readonly detail: Record<string, unknown>;
}

export async function insertOfficerEvent(tx: Queryable, e: OfficerEvent): Promise<void> {
  await tx.query('INSERT INTO complaint_events (case_id, org_id, on_date, at, person_id, person_label, kind, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    e.caseId, e.orgId, e.onDate, e.at, e.personId, e.personLabel, e.kind, JSON.stringify(e.detail),
  ]);
}

/** The case's sealed data key and encrypted contents (null once purged). */
export const selectCaseBoxes = (db: Queryable, caseId: string) =>
  oneRow(
    db,
    z.strictObject({ dek_box: col.bytes.nullable(), body_box: col.bytes.nullable(), message_key_box: col.bytes.nullable() }),
    'SELECT dek_box, body_box, message_key_box FROM complaints WHERE id = $1',
    [caseId],
  );

const AttachmentNameRow = z.strictObject({ id: col.uuid, seq: col.int, media_type: col.text, size: col.int, metadata: z.enum(['removed', 'none', 'partial']), name_box: col.bytes });

export const selectAttachmentNames = (db: Queryable, caseId: string) =>
  rows(db, AttachmentNameRow, 'SELECT id, seq, media_type, size, metadata, name_box FROM complaint_attachments WHERE case_id = $1 ORDER BY seq', [caseId]);

const ThreadRow = z.strictObject({ id: col.uuid, kind: z.enum(MESSAGE_KINDS), on_date: col.date, at: col.timestamp.nullable(), person_label: col.text.nullable(), box: col.bytes });

export const selectThread = (db: Queryable, caseId: string) =>
  rows(db, ThreadRow, 'SELECT id, kind, on_date, at, person_label, box FROM complaint_messages WHERE case_id = $1 ORDER BY seq', [caseId]);

export async function markCaseRead(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('UPDATE complaints SET unread = false WHERE id = $1', [caseId]);
}

export const selectAttachment = (db: Queryable, id: string, caseId: string) =>
  oneRow(
    db,
    z.strictObject({ seq: col.int, media_type: col.text, name_box: col.bytes, content_box: col.bytes }),
    'SELECT seq, media_type, name_box, content_box FROM complaint_attachments WHERE id = $1 AND case_id = $2',
    [id, caseId],
  );

/**
 * Updates the case only if it is still at `version` (`set` names its parameters from $4 on); false when it is not.
 */
export async function updateCaseAt(tx: Queryable, caseId: string, version: number, set: string, params: readonly unknown[], at: string): Promise<boolean> {
  const updated = await rows(tx, IdRow, `UPDATE complaints SET ${set}, version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2 RETURNING id`, [caseId, version, at, ...params]);
  return updated.length > 0;
}

export interface OfficerMessage {
  readonly id: string;
  readonly caseId: string;
  readonly orgId: string;
  readonly seq: number;
  readonly kind: 'to_complainant' | 'note';
  readonly personId: string;
  readonly personLabel: string;
  readonly onDate: string;
  readonly at: string;
  readonly box: Uint8Array;
}

export async function insertOfficerMessage(tx: Queryable, m: OfficerMessage): Promise<void> {
  await tx.query(
    'INSERT INTO complaint_messages (id, case_id, org_id, seq, kind, person_id, person_label, on_date, at, box) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
    [m.id, m.caseId, m.orgId, m.seq, m.kind, m.personId, m.personLabel, m.onDate, m.at, m.box],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Retention

export const selectOrgIdBySlug = (db: Queryable, slug: string) => oneRow(db, IdRow, 'SELECT id FROM organisations WHERE slug = $1', [slug]);

export const selectChannelOrgIds = async (db: Queryable): Promise<string[]> =>
  (await rows(db, z.strictObject({ org_id: col.uuid }), 'SELECT org_id FROM complaint_orgs')).map((r) => r.org_id);

export const selectRetention = (db: Queryable, orgId: string) =>
  oneRow(
    db,
    z.strictObject({ slug: col.text, name_th: col.text, retention_years: col.int }),
    'SELECT o.slug, o.name_th, c.retention_years FROM organisations o JOIN complaint_orgs c ON c.org_id = o.id WHERE o.id = $1',
    [orgId],
  );

export async function countPurgeable(db: Queryable, orgId: string, closedBefore: string): Promise<number> {
  const row = await oneRow(db, CountRow, `SELECT count(*)::int AS n FROM complaints WHERE org_id = $1 AND status = 'closed' AND purged_on IS NULL AND closed_on < $2`, [orgId, closedBefore]);
  return row?.n ?? 0;
}

/** What a purge keeps of a case: only what the statistics count (docs/complaints-security.md §10). */
const PURGE = `UPDATE complaints SET purged_on = $3, receipt_lookup = NULL, dek_box = NULL, body_box = NULL, message_key_box = NULL,
    ack_due = NULL, close_due = NULL, acknowledged_on = NULL, assignee_id = NULL, unread = false, updated_at = NULL,
    received_on = date_trunc('month', received_on)::date, closed_on = date_trunc('month', closed_on)::date
  WHERE org_id = $1 AND status = 'closed' AND purged_on IS NULL AND closed_on < $2 RETURNING id`;

/**
 * Purges the organisation's cases closed before `closedBefore`, with the audit trigger off (its rows would carry
 * the cases' dates) and one line of its own in the audit log instead. Returns how many.
 */
export async function purgeCases(tx: Queryable, orgId: string, closedBefore: string, today: string, actor: { id: string | null; label: string }, retentionYears: number): Promise<number> {
  await tx.query(`SELECT set_config('prongsai.audit', 'off', true)`);
  const purged = await rows(tx, IdRow, PURGE, [orgId, closedBefore, today]);
  await tx.query(`SELECT set_config('prongsai.audit', '', true)`);
  await tx.query(
    `INSERT INTO audit_log (actor_id, actor_label, org_id, entity, entity_id, action, before, after) VALUES ($1, $2, $3, 'complaints_retention', $4, 'delete', $5, NULL)`,
    [actor.id, actor.label, orgId, orgId, JSON.stringify({ cases: purged.length, closedBefore, retentionYears })],
  );
  return purged.length;
}

// ---------------------------------------------------------------------------------------------------------
// Identity requests

const RevealRow = z.strictObject({
  id: col.uuid,
  requested_by: col.uuid.nullable(),
  requested_label: col.text,
  requested_at: col.timestamp,
  reason_box: col.bytes,
  status: z.enum(['requested', 'approved', 'rejected', 'withdrawn']),
  decided_label: col.text.nullable(),
  decided_at: col.timestamp.nullable(),
  expires_at: col.timestamp.nullable(),
});

export const selectReveals = (db: Queryable, caseId: string, orgId: string) =>
  rows(
    db,
    RevealRow,
    `SELECT id, requested_by, requested_label, requested_at, reason_box, status, decided_label, decided_at, expires_at
       FROM complaint_reveals WHERE case_id = $1 AND org_id = $2 ORDER BY requested_at DESC`,
    [caseId, orgId],
  );

/** True when the person has a request of the case waiting for a decision. */
export const hasOpenReveal = async (db: Queryable, caseId: string, personId: string): Promise<boolean> =>
  (await rows(db, z.strictObject({ open: col.int }), `SELECT 1 AS open FROM complaint_reveals WHERE case_id = $1 AND requested_by = $2 AND status = 'requested'`, [caseId, personId])).length > 0;

export async function insertReveal(tx: Queryable, r: { id: string; caseId: string; orgId: string; personId: string; label: string; at: string; reasonBox: Uint8Array }): Promise<void> {
  await tx.query('INSERT INTO complaint_reveals (id, case_id, org_id, requested_by, requested_label, requested_at, reason_box) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    r.id, r.caseId, r.orgId, r.personId, r.label, r.at, r.reasonBox,
  ]);
}

export const selectRevealForUpdate = (tx: Queryable, id: string, caseId: string) =>
  oneRow(tx, z.strictObject({ requested_by: col.uuid.nullable(), status: RevealRow.shape.status }), 'SELECT requested_by, status FROM complaint_reveals WHERE id = $1 AND case_id = $2 FOR UPDATE', [id, caseId]);

export async function updateRevealDecision(tx: Queryable, id: string, d: { status: 'approved' | 'rejected'; personId: string; label: string; at: string; expiresAt: string | null }): Promise<void> {
  await tx.query('UPDATE complaint_reveals SET status = $2, decided_by = $3, decided_label = $4, decided_at = $5, expires_at = $6 WHERE id = $1', [id, d.status, d.personId, d.label, d.at, d.expiresAt]);
}

/** The person's latest approved request of the case that has not expired at `at`. */
export const selectApproval = (db: Queryable, caseId: string, personId: string, at: string) =>
  oneRow(db, IdRow, `SELECT id FROM complaint_reveals WHERE case_id = $1 AND requested_by = $2 AND status = 'approved' AND expires_at > $3 ORDER BY decided_at DESC LIMIT 1`, [caseId, personId, at]);

export const selectIdentityBoxes = (db: Queryable, caseId: string) =>
  oneRow(db, z.strictObject({ key_box: col.bytes, identity_box: col.bytes }), 'SELECT key_box, identity_box FROM complaint_identities WHERE case_id = $1', [caseId]);

// ---------------------------------------------------------------------------------------------------------
// Statistics

const QuarterCountRow = z.strictObject({ month: col.text, type: col.text, status: col.text, n: col.int });
export type QuarterCountRow = z.output<typeof QuarterCountRow>;

/** Cases received between two days, counted by month, type and status. */
export const selectCounts = (db: Queryable, orgId: string, start: string, end: string) =>
  rows(
    db,
    QuarterCountRow,
    `SELECT to_char(received_on, 'YYYY-MM') AS month, type, status, count(*)::int AS n FROM complaints
      WHERE org_id = $1 AND received_on BETWEEN $2 AND $3 GROUP BY 1, 2, 3`,
    [orgId, start, end],
  );

const StoredPeriod = z.strictObject({ period: col.int, threshold: col.int, tables: col.json, published_at: col.timestamp });
export type StoredPeriod = z.output<typeof StoredPeriod>;
const STORED = 'SELECT period, threshold, tables, published_at FROM complaint_statistics WHERE org_id = $1 AND fiscal_year = $2';

export const selectStoredPeriods = (db: Queryable, orgId: string, fiscalYear: number) => rows(db, StoredPeriod, STORED, [orgId, fiscalYear]);

/** Stores a period's tables unless another request stored them first; returns what is stored. */
export async function freezePeriod(db: Queryable, orgId: string, fiscalYear: number, period: number, threshold: number, tables: unknown, at: string): Promise<StoredPeriod> {
  await db.query(
    `INSERT INTO complaint_statistics (org_id, fiscal_year, period, threshold, tables, published_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (org_id, fiscal_year, period) DO NOTHING`,
    [orgId, fiscalYear, period, threshold, JSON.stringify(tables), at],
  );
  return made(db, StoredPeriod, `${STORED} AND period = $3`, [orgId, fiscalYear, period]);
}
