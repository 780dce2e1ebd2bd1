/**
 * Case work on complaints, for officers with complaints.handle in the case's organisation: the list (plain
 * metadata: no key needed), a case opened with this session's unlocked key (text, attachments, the conversation,
 * internal notes, the trail), status from received through acknowledged and investigating to closed with an
 * outcome, deadlines, assignment to an officer of the organisation, messages to the complainant and notes.
 *
 * Every step leaves an event in the case's own trail (complaint_events: who, the exact time for officers) and, by
 * the tables' trigger, a line without contents in the audit log. Opening a case or an attachment is an event too.
 * A case of another organisation is "not found", as any id that does not exist.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { aad, decrypt, encrypt, unseal, wipe } from './crypto.ts';
import { OUTCOMES, STATUSES, type Channel, type ComplaintStatus, type ComplaintType, type Outcome } from './model.ts';
import { InputError } from '../errors.ts';
import { write } from '../app/actor.ts';
import { actorOf, can, Forbidden, orgsOf, type Principal } from '../app/authz.ts';
import type { OrgContext } from '../app/context.ts';
import { caseRef, parseMessage } from './complaints.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { complaintsOrg, handlers, unlockedSecret } from './keys.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { isCalendarDate, parseInput, requireUuid } from '../app/input.ts';
import { complaintsMessages as msg } from './messages.ts';
import {
  countNewCases,
  countPurgeable,
  insertOfficerEvent,
  insertOfficerMessage,
  lockCase,
  markCaseRead,
  nextMessage,
  purgeCases,
  selectAttachment,
  selectAttachmentNames,
  selectCaseBoxes,
  selectCases,
  selectCaseSummary,
  selectChannelOrgIds,
  selectEvents,
  selectOrgIdBySlug,
  selectRetention,
  selectThread,
  updateCaseAt,
  type SummaryRow,
} from './repo.ts';


export interface CaseSummary {
  readonly id: string;
  readonly ref: string;
  readonly channel: Channel;
  readonly type: ComplaintType;
  readonly receivedOn: string;
  readonly status: ComplaintStatus;
  readonly outcome: Outcome | null;
  readonly ackDue: string;
  readonly closeDue: string;
  readonly acknowledgedOn: string | null;
  readonly closedOn: string | null;
  readonly assignee: { readonly personId: string; readonly nameTh: string } | null;
  /** Something from the complainant no officer has opened yet. */
  readonly unread: boolean;
  readonly hasIdentity: boolean;
  readonly attachments: number;
  /** For optimistic concurrency: a change names the version it was made on. */
  readonly version: number;
  /** A deadline passed: not acknowledged by ackDue, or not closed by closeDue. */
  readonly overdue: 'acknowledge' | 'close' | null;
}

function summaryOf(r: SummaryRow, today: string): CaseSummary {
  const overdue = r.status === 'closed' ? null : r.acknowledged_on === null && today > r.ack_due ? 'acknowledge' : today > r.close_due ? 'close' : null;
  return {
    id: r.id,
    ref: caseRef(r.id),
    channel: r.channel,
    type: r.type,
    receivedOn: r.received_on,
    status: r.status,
    outcome: r.outcome,
    ackDue: r.ack_due,
    closeDue: r.close_due,
    acknowledgedOn: r.acknowledged_on,
    closedOn: r.closed_on,
    assignee: r.assignee_id ? { personId: r.assignee_id, nameTh: r.assignee_name ?? '' } : null,
    unread: r.unread,
    hasIdentity: r.has_identity,
    attachments: r.attachments,
    version: r.version,
    overdue,
  };
}

export const caseFilterSchema = z
  .object({
    status: z.enum(['open', 'all', ...STATUSES]).default('open'),
    channel: z.enum(['all', 'public', 'internal']).default('all'),
    mine: z.boolean().default(false),
  })
  .strict();

export type CaseFilter = z.input<typeof caseFilterSchema>;

/** The organisation's cases (metadata only), newest first, unread ones on top. */
export async function listCases(db: Queryable, principal: Principal, slug: string, filterInput: CaseFilter = {}, now: Date = new Date()): Promise<{ org: OrgContext; cases: CaseSummary[] }> {
  const org = await complaintsOrg(db, principal, slug);
  const f = parseInput(caseFilterSchema, filterInput);
  const rows = await selectCases(db, org.orgId, { status: f.status, channel: f.channel, mine: f.mine, personId: principal.personId });
  const today = todayInBangkok(now);
  return { org, cases: rows.map((r) => summaryOf(r, today)) };
}

/**
 * "New" cases (เรื่องใหม่): received and not acknowledged yet (status received), and not opened by any officer
 * since the complainant last wrote (unread). Opening or acknowledging a case takes it out of the count.
 */
export async function newCaseCount(db: Queryable, principal: Principal, slug: string): Promise<number> {
  const org = await complaintsOrg(db, principal, slug);
  return countNewCases(db, org.orgId);
}

const noCase = (id: string) => new NotFound('case', msg.noCase({ id }));

/** A case of the organisation (metadata only), or NotFound (also for a case of another organisation). */
export async function caseSummary(db: Queryable, principal: Principal, slug: string, caseId: string, now: Date = new Date()): Promise<{ org: OrgContext; summary: CaseSummary }> {
  const org = await complaintsOrg(db, principal, slug);
  const id = requireUuid(caseId, 'case', msg.noCase);
  const row = await selectCaseSummary(db, id, org.orgId);
  if (!row) throw noCase(caseId);
  return { org, summary: summaryOf(row, todayInBangkok(now)) };
}

export interface CaseEvent {
  readonly on: string;
  /** An officer's exact time; null for the complainant's events (the date only is kept). */
  readonly at: string | null;
  /** The officer's name; null for the complainant. */
  readonly person: string | null;
  readonly kind: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

export async function caseEvents(db: Queryable, orgId: string, caseId: string): Promise<CaseEvent[]> {
  return (await selectEvents(db, orgId, caseId)).map((r) => ({ on: r.on_date, at: r.at, person: r.person_label, kind: r.kind, detail: r.detail }));
}

/** Adds an officer's event to the case's trail. */
export async function addEvent(tx: Queryable, principal: Principal, orgId: string, caseId: string, kind: string, detail: Record<string, unknown>, now: Date): Promise<void> {
  await insertOfficerEvent(tx, { caseId, orgId, onDate: todayInBangkok(now), at: now.toISOString(), personId: principal.personId, personLabel: principal.nameTh, kind, detail });
}

/** The case's sealed contents: its text and the key of the complainant's messages (NotFound once purged). */
async function contentsOf(db: Queryable, caseId: string): Promise<{ bodyBox: Uint8Array; messageKeyBox: Uint8Array }> {
  const row = await selectCaseBoxes(db, caseId);
  if (!row?.body_box || !row.message_key_box) throw noCase(caseId);
  return { bodyBox: row.body_box, messageKeyBox: row.message_key_box };
}

/** The case's data key, opened with the organisation's key. */
export async function caseKey(db: Queryable, orgSecret: Uint8Array, caseId: string): Promise<Buffer> {
  const row = await selectCaseBoxes(db, caseId);
  if (!row?.dek_box) throw noCase(caseId);
  return unseal(orgSecret, row.dek_box, aad('dek', caseId));
}

export interface AttachmentInfo {
  readonly id: string;
  readonly seq: number;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
  /** removed: metadata was taken out; none: there was none; partial: some may remain (a PDF). */
  readonly metadata: 'removed' | 'none' | 'partial';
}

export interface ThreadEntry {
  readonly id: string;
  readonly kind: 'from_complainant' | 'to_complainant' | 'note';
  readonly on: string;
  readonly at: string | null;
  readonly person: string | null;
  readonly text: string;
}

export interface CaseDetail {
  readonly org: OrgContext;
  readonly summary: CaseSummary;
  readonly text: string;
  readonly attachments: readonly AttachmentInfo[];
  readonly thread: readonly ThreadEntry[];
  readonly events: readonly CaseEvent[];
}

/**
 * Opens a case with this session's unlocked key (ComplaintsLocked otherwise): decrypts the complaint, the file
 * names, the conversation and the notes; records the opening and marks the case read.
 */
export async function openCase(db: Db, principal: Principal, slug: string, caseId: string, sessionId: string | null, now: Date = new Date()): Promise<CaseDetail> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  let dek: Buffer | null = null;
  let messageKey: Buffer | null = null;
  try {
    dek = await caseKey(db, secret, summary.id);
    const c = await contentsOf(db, summary.id);
    const body = JSON.parse(decrypt(dek, c.bodyBox, aad('body', summary.id)).toString('utf8')) as { text: string };
    messageKey = decrypt(dek, c.messageKeyBox, aad('message-key', summary.id));
    const files = await selectAttachmentNames(db, summary.id);
    const caseDek = dek;
    const attachments = files.map((f) => ({
      id: f.id,
      seq: f.seq,
      filename: decrypt(caseDek, f.name_box, aad('attachment-name', summary.id, f.id)).toString('utf8'),
      mediaType: f.media_type,
      size: f.size,
      metadata: f.metadata,
    }));
    const rows = await selectThread(db, summary.id);
    const mk = messageKey;
    const thread = rows.map((m): ThreadEntry => {
      const text =
        m.kind === 'from_complainant'
          ? unseal(secret, m.box, aad('from-complainant', summary.id, m.id))
          : m.kind === 'to_complainant'
            ? decrypt(mk, m.box, aad('to-complainant', summary.id, m.id))
            : decrypt(caseDek, m.box, aad('note', summary.id, m.id));
      return { id: m.id, kind: m.kind, on: m.on_date, at: m.at, person: m.person_label, text: text.toString('utf8') };
    });
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await markCaseRead(tx, summary.id);
      await addEvent(tx, principal, org.orgId, summary.id, 'opened', {}, now);
    });
    return { org, summary: { ...summary, unread: false }, text: body.text, attachments, thread, events: await caseEvents(db, org.orgId, summary.id) };
  } finally {
    wipe(secret, dek, messageKey);
  }
}

/** An attachment, decrypted (with this session's unlocked key); opening it is recorded. */
export async function readAttachment(db: Db, principal: Principal, slug: string, caseId: string, attachmentId: string, sessionId: string | null, now: Date = new Date()): Promise<{ filename: string; mediaType: string; bytes: Buffer }> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const id = requireUuid(attachmentId, 'attachment', msg.noAttachmentId);
  const row = await selectAttachment(db, id, summary.id);
  if (!row) throw new NotFound('attachment', msg.noAttachment());
  const secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  let dek: Buffer | null = null;
  try {
    dek = await caseKey(db, secret, summary.id);
    const filename = decrypt(dek, row.name_box, aad('attachment-name', summary.id, id)).toString('utf8');
    const bytes = decrypt(dek, row.content_box, aad('attachment', summary.id, id));
    await write(db, actorOf(principal), org.orgId, (tx) => addEvent(tx, principal, org.orgId, summary.id, 'attachment_opened', { seq: row.seq }, now));
    return { filename, mediaType: row.media_type, bytes };
  } finally {
    wipe(secret, dek);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Changes

/** Where a case may go from each status (closed → investigating reopens it). */
export const TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  received: ['acknowledged', 'investigating', 'closed'],
  acknowledged: ['investigating', 'closed'],
  investigating: ['closed'],
  closed: ['investigating'],
};

const versionSchema = z.coerce.number().int().min(1);

export const statusInputSchema = z
  .object({ status: z.enum(STATUSES), outcome: z.enum(OUTCOMES).nullable().optional(), version: versionSchema })
  .strict();

/** Updates the case only if it is still at `version`; Conflict otherwise. */
async function updateAt(tx: Queryable, summary: CaseSummary, version: number, set: string, params: readonly unknown[], now: Date): Promise<void> {
  if (!(await updateCaseAt(tx, summary.id, version, set, params, now.toISOString()))) throw new Conflict('version', msg.changedMeanwhile());
}

/** Moves the case to another status; closing needs an outcome, reopening clears it. */
export async function changeStatus(db: Db, principal: Principal, slug: string, caseId: string, input: unknown, now: Date = new Date()): Promise<void> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const s = parseInput(statusInputSchema, input);
  if (!TRANSITIONS[summary.status].includes(s.status)) {
    throw new InputError('status', msg.badTransition({ from: summary.status, to: s.status }));
  }
  if (s.status === 'closed' && !s.outcome) throw new InputError('outcome', msg.outcomeNeeded());
  const today = todayInBangkok(now);
  await write(db, actorOf(principal), org.orgId, async (tx) => {
    await updateAt(
      tx, summary, s.version,
      `status = $4, outcome = $5, closed_on = $6, acknowledged_on = coalesce(acknowledged_on, $7)`,
      [s.status, s.status === 'closed' ? s.outcome : null, s.status === 'closed' ? today : null, today],
      now,
    );
    await addEvent(tx, principal, org.orgId, summary.id, summary.status === 'closed' ? 'reopened' : 'status', { from: summary.status, to: s.status, ...(s.status === 'closed' ? { outcome: s.outcome } : {}) }, now);
  });
}

export const assignInputSchema = z.object({ assigneeId: z.string().nullable(), version: versionSchema }).strict();

/** Gives the case to an officer of the organisation (or to no one). */
export async function assignCase(db: Db, principal: Principal, slug: string, caseId: string, input: unknown, now: Date = new Date()): Promise<void> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const a = parseInput(assignInputSchema, input);
  const officer = a.assigneeId ? (await handlers(db, org.orgId)).find((h) => h.personId === a.assigneeId) : null;
  if (a.assigneeId && !officer) throw new InputError('assigneeId', msg.notAnOfficer());
  await write(db, actorOf(principal), org.orgId, async (tx) => {
    await updateAt(tx, summary, a.version, 'assignee_id = $4', [a.assigneeId], now);
    await addEvent(tx, principal, org.orgId, summary.id, 'assigned', { to: officer?.nameTh ?? null }, now);
  });
}

export const deadlinesInputSchema = z.object({ ackDue: z.string(), closeDue: z.string(), version: versionSchema }).strict();

/** Changes the case's deadlines (dates on the Bangkok calendar). */
export async function setDeadlines(db: Db, principal: Principal, slug: string, caseId: string, input: unknown, now: Date = new Date()): Promise<void> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const d = parseInput(deadlinesInputSchema, input);
  for (const [field, value] of [['ackDue', d.ackDue], ['closeDue', d.closeDue]] as const) {
    if (!isCalendarDate(value)) throw new InputError(field, msg.notCalendarDate({ value }));
    if (value < summary.receivedOn) throw new InputError(field, msg.beforeReceived());
  }
  if (d.closeDue < d.ackDue) throw new InputError('closeDue', msg.closeBeforeAck());
  await write(db, actorOf(principal), org.orgId, async (tx) => {
    await updateAt(tx, summary, d.version, 'ack_due = $4, close_due = $5', [d.ackDue, d.closeDue], now);
    await addEvent(tx, principal, org.orgId, summary.id, 'deadlines', { ackDue: [summary.ackDue, d.ackDue], closeDue: [summary.closeDue, d.closeDue] }, now);
  });
}

async function addEntry(db: Db, principal: Principal, slug: string, caseId: string, sessionId: string | null, kind: 'to_complainant' | 'note', textInput: unknown, now: Date): Promise<void> {
  const { org, summary } = await caseSummary(db, principal, slug, caseId, now);
  const text = parseMessage(textInput);
  const secret = await unlockedSecret(db, principal, org.orgId, sessionId, now);
  let dek: Buffer | null = null;
  let messageKey: Buffer | null = null;
  try {
    dek = await caseKey(db, secret, summary.id);
    messageKey = decrypt(dek, (await contentsOf(db, summary.id)).messageKeyBox, aad('message-key', summary.id));
    const key = kind === 'to_complainant' ? messageKey : dek;
    await write(db, actorOf(principal), org.orgId, async (tx) => {
      await lockCase(tx, summary.id);
      const { id, seq } = await nextMessage(tx, summary.id);
      await insertOfficerMessage(tx, {
        id,
        caseId: summary.id,
        orgId: org.orgId,
        seq,
        kind,
        personId: principal.personId,
        personLabel: principal.nameTh,
        onDate: todayInBangkok(now),
        at: now.toISOString(),
        box: encrypt(key, text, aad(kind === 'note' ? 'note' : 'to-complainant', summary.id, id)),
      });
      await addEvent(tx, principal, org.orgId, summary.id, kind === 'note' ? 'note' : 'message', {}, now);
    });
  } finally {
    wipe(secret, dek, messageKey);
  }
}

/** Writes to the complainant (readable with their receipt code). */
export const sendMessage = (db: Db, principal: Principal, slug: string, caseId: string, sessionId: string | null, text: unknown, now: Date = new Date()): Promise<void> =>
  addEntry(db, principal, slug, caseId, sessionId, 'to_complainant', text, now);

/** Adds an internal note (officers only). */
export const addNote = (db: Db, principal: Principal, slug: string, caseId: string, sessionId: string | null, text: unknown, now: Date = new Date()): Promise<void> =>
  addEntry(db, principal, slug, caseId, sessionId, 'note', text, now);

// ---------------------------------------------------------------------------------------------------------
// Retention (PDPA)

export interface PurgeResult {
  readonly slug: string;
  readonly nameTh: string;
  readonly retentionYears: number;
  /** Cases closed before this date (YYYY-MM-DD) are past the retention period. */
  readonly closedBefore: string;
  /** Cases purged (or, with dryRun, that would be). */
  readonly cases: number;
}

/** The same day `years` years before a date (29 February → 28 February). */
export function yearsBefore(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(m === 2 && d === 29 ? 28 : d).padStart(2, '0')}`;
}

/**
 * Purges the closed cases whose closing date is older than the organisation's retention period (complaint_orgs.
 * retention_years; 5 by default): their contents, keys, receipt lookup, messages, attachments, identity, reveal
 * requests, trail, deadlines and assignee go (the database's trigger removes the rows of the other tables); the
 * row keeps organisation, channel, type, month received, status, outcome and month closed, so that the
 * statistics — the published, frozen ones included — stay as they were. For one organisation (`slug`) or every
 * organisation where the principal handles complaints (`prongsai complaints purge`, and `prongsai serve` daily).
 *
 * The purge writes one line to the audit log per organisation (how many cases, closed before which date), not a
 * line per row: the rows' own lines would carry the deleted cases' dates, which the complainant's filing never
 * wrote there.
 */
export async function purgeClosedComplaints(db: Db, principal: Principal, options: { readonly slug?: string; readonly dryRun?: boolean; readonly now?: Date } = {}): Promise<PurgeResult[]> {
  const now = options.now ?? new Date();
  const today = todayInBangkok(now);
  // The operator (a system administrator: the command, the server's daily run) or the organisation's officers.
  // Purging reads no contents: no key is needed.
  const may = (orgId: string) => orgsOf(principal) === null || can(principal, 'complaints.handle', { orgId });
  let orgs: string[];
  if (options.slug) {
    const org = await selectOrgIdBySlug(db, options.slug);
    if (!org) throw new NotFound('org', msg.noOrg({ slug: options.slug }));
    if (!may(org.id)) throw new Forbidden('complaints.handle');
    orgs = [org.id];
  } else {
    orgs = (await selectChannelOrgIds(db)).filter(may);
  }
  const results: PurgeResult[] = [];
  for (const orgId of orgs) {
    const org = await selectRetention(db, orgId);
    if (!org) continue; // an organisation whose channel is not set up has no cases
    const closedBefore = yearsBefore(today, org.retention_years);
    let cases = await countPurgeable(db, orgId, closedBefore);
    if (!options.dryRun && cases > 0) {
      const actor = actorOf(principal);
      cases = await write(db, actor, orgId, (tx) => purgeCases(tx, orgId, closedBefore, today, actor, org.retention_years));
    }
    results.push({ slug: org.slug, nameTh: org.name_th, retentionYears: org.retention_years, closedBefore, cases });
  }
  return results;
}
