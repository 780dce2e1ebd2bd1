/**
 * The complaint channel, the complainant's side: filing a complaint (no account: a receipt code comes back), and,
 * with the receipt code, following the case and writing to the officers. Design: docs/complaints-security.md.
 *
 * What the complainant gives is encrypted before it reaches the database: the text, attachments (cleaned of
 * metadata first) and file names under the case's data key, sealed to the organisation's public key; a voluntary
 * identity under a key of its own; replies sealed to the organisation one by one. The receipt code is returned
 * once and kept nowhere: the case is found by its HMAC, and officers' messages are encrypted under a key derived
 * from it. Nothing here records an address, a browser or a time of day: the complainant's events carry the date
 * (Bangkok) only, and their transactions tell the audit trigger to leave them out (their row would carry the
 * exact time).
 *
 * The officers' side is in keys.ts (keys, unlocking, recovery), cases.ts (case work) and reveal.ts (identity with
 * a second officer's approval); statistics in stats.ts; the SQL of them all in repo.ts and repo-keys.ts.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { formatCode, newCode, parseCode, type NormalCode } from './codes.ts';
import { aad, bytesOf, decrypt, encrypt, randomKey, receiptLookup, receiptMessageKey, seal, wipe } from './crypto.ts';
import { stripMetadata, UnreadableFile, type MediaType } from './metadata.ts';
import {
  CHANNEL_LABEL,
  CHANNELS,
  COMPLAINT_TYPES,
  OUTCOME_LABEL,
  STATUS_LABEL,
  TYPE_LABEL,
  TYPES_OF_CHANNEL,
  type Channel,
  type ComplaintStatus,
  type ComplaintType,
  type Label,
  type Outcome,
  MAX_MESSAGE,
  MAX_TEXT,
} from './model.ts';
import { complaintsMessages as msg } from './messages.ts';
import {
  insertAttachment,
  insertComplainantEvent,
  insertComplainantMessage,
  insertComplaint,
  insertIdentity,
  lockCase,
  newId,
  nextMessage,
  selectCaseByLookup,
  selectCaseStatus,
  selectChannel,
  selectComplainantCase,
  selectConversation,
  selectOrgKeyForShare,
  setComplainantActor,
} from './repo.ts';
import { InputError } from '../errors.ts';
import { serverSecret } from '../accounts/accounts.ts';
import { NotFound } from '../app/errors.ts';
import { parseInput, throwAll } from '../app/input.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { rolesWith } from '../inbox/service.ts';
import { notify } from '../notifications/events.ts';

export const MAX_FILES = 5;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Shared by the complaint use cases

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** How officers refer to a case: the start of its random id ("C-3F9A2B1C"), which says nothing about when it came. */
export const caseRef = (id: string): string => `C-${id.replaceAll('-', '').slice(0, 8).toUpperCase()}`;

/**
 * Runs `fn` in one transaction as the complainant: the audit trigger of the complaint tables leaves it out, and no
 * one's name is written anywhere.
 */
export async function asComplainant<T>(db: Db, orgId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await setComplainantActor(tx, orgId);
    return fn(tx);
  });
}

/** The server's secret for receipt lookups (HMAC key), shared by every process through the database. */
export const receiptSecret = (db: Queryable): Promise<string> => serverSecret(db, 'complaints-receipt');

/**
 * The organisation's public key as it is now, read in the writing transaction under FOR SHARE: a rotation of the
 * key (which takes the row FOR UPDATE) waits for this transaction, or this one for it, so that nothing is ever
 * sealed to a key that has just been replaced.
 */
async function currentOrgKey(tx: Queryable, orgId: string): Promise<{ publicKey: Buffer; keyVersion: number }> {
  const row = await selectOrgKeyForShare(tx, orgId);
  if (!row) throw new ReceiptNotFound();
  return { publicKey: bytesOf(row.public_key), keyVersion: row.key_version };
}

/** The name of the server's secret for the filing form's tokens. */
export const FORM_SECRET = 'complaints-form';


export interface ChannelInfo {
  readonly orgId: string;
  readonly slug: string;
  readonly nameTh: string;
  /** Null when the organisation has not set up its channel yet. */
  readonly publicKey: Buffer | null;
  readonly keyVersion: number;
  readonly ackDays: number;
  readonly closeDays: number;
  readonly open: Readonly<Record<Channel, boolean>>;
  /** How else to reach the organisation, for the complaint pages' other channels: what its portal settings and record know. */
  readonly contact: { readonly phone: string | null; readonly email: string | null; readonly district: string | null; readonly province: string | null };
}

/** The public face of an organisation's channel (by slug): whether it takes complaints, and its public key. */
export async function channelInfo(db: Queryable, slug: string): Promise<ChannelInfo> {
  const notFound = () => new NotFound('org', msg.noOrg({ slug: String(slug) }));
  if (typeof slug !== 'string' || slug === '' || slug.length > 64) throw notFound();
  const row = await selectChannel(db, slug);
  if (!row) throw notFound();
  return {
    orgId: row.id,
    slug: row.slug,
    nameTh: row.name_th,
    publicKey: row.public_key ? bytesOf(row.public_key) : null,
    keyVersion: row.key_version ?? 1,
    ackDays: row.ack_days ?? 15,
    closeDays: row.close_days ?? 60,
    open: { public: !!row.public_key && !!row.public_open, internal: !!row.public_key && !!row.internal_open },
    contact: { phone: row.contact_phone, email: row.contact_email, district: row.district, province: row.province },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Filing

const identitySchema = z
  .object({
    name: z.string().trim().max(200, { error: msg.code('nameTooLong') }),
    contact: z.string().trim().max(300, { error: msg.code('contactTooLong') }).default(''),
  })
  .strict();

/** A complaint as a form or the API gives it. */
export const complaintInputSchema = z
  .object({
    channel: z.enum(CHANNELS),
    type: z.enum(COMPLAINT_TYPES),
    text: z
      .string()
      .trim()
      .min(10, { error: msg.code('textTooShort') })
      .max(MAX_TEXT, { error: msg.code('textTooLong') }),
    identity: identitySchema.nullable().optional(),
  })
  .strict();

export type ComplaintInput = z.input<typeof complaintInputSchema>;

export interface Attachment {
  readonly filename: string;
  readonly bytes: Uint8Array;
}

export interface CleanedAttachment {
  readonly filename: string;
  readonly mediaType: MediaType;
  readonly removed: readonly string[];
  readonly complete: boolean;
  readonly notes: readonly Label[];
}

export interface Filed {
  /** The receipt code as the complainant keeps it (groups of 4). Shown once; kept nowhere. */
  readonly receipt: string;
  readonly receivedOn: string;
  readonly ackDue: string;
  readonly attachments: readonly CleanedAttachment[];
}

/** A file name as it may be shown: no path, no control characters, at most 120 characters. */
function safeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = [...base.normalize('NFC')].filter((ch) => ch >= ' ' && ch !== '\u007f').join('').trim();
  return clean.slice(0, 120) || 'file';
}

/** Checks and cleans the attachments; every problem at once. */
export function cleanAttachments(files: readonly Attachment[]): { cleaned: CleanedAttachment[]; bytes: Uint8Array[] } {
  const errors: InputError[] = [];
  if (files.length > MAX_FILES) errors.push(new InputError('files', msg.tooManyFiles({ max: MAX_FILES })));
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  if (total > MAX_TOTAL_BYTES) errors.push(new InputError('files', msg.filesTooLarge()));
  const cleaned: CleanedAttachment[] = [];
  const bytes: Uint8Array[] = [];
  files.forEach((f, i) => {
    const name = safeFilename(f.filename);
    if (f.bytes.length > MAX_FILE_BYTES) {
      errors.push(new InputError(`files.${i}`, msg.fileTooLarge({ name })));
      return;
    }
    try {
      const c = stripMetadata(f.bytes);
      cleaned.push({ filename: name, mediaType: c.mediaType, removed: c.removed, complete: c.complete, notes: c.notes });
      bytes.push(c.bytes);
    } catch (error) {
      if (!(error instanceof UnreadableFile)) throw error;
      errors.push(new InputError(`files.${i}`, msg.fileUnreadable({ name })));
    }
  });
  throwAll(errors);
  return { cleaned, bytes };
}

const channelClosed = (channel: Channel) => new InputError('channel', channel === 'internal' ? msg.internalClosed() : msg.publicClosed());

/**
 * Files a complaint with the organisation of `slug`. Returns the receipt code, once. Bad input (a type the channel
 * does not take, a text too short, a file that is not PDF/JPEG/PNG) changes nothing.
 */
export async function fileComplaint(db: Db, slug: string, input: unknown, files: readonly Attachment[] = [], now: Date = new Date()): Promise<Filed> {
  const org = await channelInfo(db, slug);
  const parsed = parseInput(complaintInputSchema, input);
  if (!org.publicKey || !org.open[parsed.channel]) throw channelClosed(parsed.channel);
  if (!TYPES_OF_CHANNEL[parsed.channel].includes(parsed.type)) {
    throw new InputError('type', msg.typeNotTaken({ allowed: TYPES_OF_CHANNEL[parsed.channel] }));
  }
  const identity = parsed.identity && parsed.identity.name !== '' ? parsed.identity : null;
  if (parsed.identity && parsed.identity.name === '' && parsed.identity.contact !== '') {
    throw new InputError('identity.name', msg.nameWithContact());
  }
  const { cleaned, bytes } = cleanAttachments(files);

  const code = newCode('receipt');
  const lookup = receiptLookup(await receiptSecret(db), code);
  const receivedOn = todayInBangkok(now);
  const ackDue = addDays(receivedOn, org.ackDays);
  const closeDue = addDays(receivedOn, org.closeDays);
  const dek = randomKey();
  try {
    await asComplainant(db, org.orgId, async (tx) => {
      const { publicKey: orgKey, keyVersion } = await currentOrgKey(tx, org.orgId);
      const caseId = await newId(tx);
      const messageKey = receiptMessageKey(code, caseId);
      await insertComplaint(tx, {
        id: caseId,
        orgId: org.orgId,
        channel: parsed.channel,
        type: parsed.type,
        receiptLookup: lookup,
        receivedOn,
        ackDue,
        closeDue,
        keyVersion,
        dekBox: seal(orgKey, dek, aad('dek', caseId)),
        bodyBox: encrypt(dek, JSON.stringify({ text: parsed.text }), aad('body', caseId)),
        messageKeyBox: encrypt(dek, messageKey, aad('message-key', caseId)),
      });
      wipe(messageKey);
      if (identity) {
        const ik = randomKey();
        await insertIdentity(tx, caseId, org.orgId, keyVersion, seal(orgKey, ik, aad('identity-key', caseId)), encrypt(ik, JSON.stringify(identity), aad('identity', caseId)));
        wipe(ik);
      }
      for (const [i, c] of cleaned.entries()) {
        const attId = await newId(tx);
        const content = bytes[i] as Uint8Array;
        await insertAttachment(tx, {
          id: attId,
          caseId,
          orgId: org.orgId,
          seq: i + 1,
          mediaType: c.mediaType,
          size: content.length,
          metadata: !c.complete ? 'partial' : c.removed.length ? 'removed' : 'none',
          nameBox: encrypt(dek, c.filename, aad('attachment-name', caseId, attId)),
          contentBox: encrypt(dek, content, aad('attachment', caseId, attId)),
        });
      }
      await insertComplainantEvent(tx, caseId, org.orgId, receivedOn, 'filed', { channel: parsed.channel, type: parsed.type, attachments: cleaned.length, identity: !!identity });
      // Never the content, type or complainant: only that there is a new case, and where the officers look.
      await notify(
        tx,
        {
          kind: 'complaint.received',
          orgId: org.orgId,
          to: { roles: rolesWith('complaints.handle', org.orgId) },
          subject: `complaint:${caseId}`,
          titleTh: 'มีเรื่องร้องเรียนใหม่',
          titleEn: 'A new complaint',
          link: `/staff/o/${encodeURIComponent(slug)}/complaints`,
        },
        now,
      );
    });
  } finally {
    wipe(dek);
  }
  return { receipt: formatCode(code), receivedOn, ackDue, attachments: cleaned };
}

// ---------------------------------------------------------------------------------------------------------
// Following a case with the receipt code

/** The one answer to a code that finds nothing, however it is wrong: nothing is learnt from it. */
export class ReceiptNotFound extends NotFound {
  constructor() {
    super('receipt', msg.receiptNotFound());
  }
}

interface CaseByReceipt {
  readonly id: string;
  readonly orgId: string;
  readonly code: NormalCode;
}

/** The case of a typed receipt code, or ReceiptNotFound (a mistyped code, a code of no case: the same). */
export async function caseOfReceipt(db: Queryable, typed: unknown): Promise<CaseByReceipt> {
  const code = parseCode('receipt', typed);
  if (!code) throw new ReceiptNotFound();
  const row = await selectCaseByLookup(db, receiptLookup(await receiptSecret(db), code));
  if (!row) throw new ReceiptNotFound();
  return { id: row.id, orgId: row.org_id, code };
}

/** True when the text is a well-formed receipt code (a typing mistake is told as such, without asking anything). */
export const isReceiptShape = (typed: unknown): boolean => parseCode('receipt', typed) !== null;

export interface ComplainantMessage {
  readonly from: 'officer' | 'complainant';
  readonly on: string;
  /** An officer's message; null for the complainant's own (sealed to the organisation: not readable back). */
  readonly text: string | null;
}

export interface ComplainantView {
  readonly orgNameTh: string;
  readonly channel: Channel;
  readonly channelLabel: Label;
  readonly type: ComplaintType;
  readonly typeLabel: Label;
  readonly receivedOn: string;
  readonly status: ComplaintStatus;
  readonly statusLabel: Label;
  readonly ackDue: string;
  readonly acknowledgedOn: string | null;
  readonly closedOn: string | null;
  readonly outcome: Outcome | null;
  readonly outcomeLabel: Label | null;
  readonly messages: readonly ComplainantMessage[];
}

/** What the holder of a receipt code sees: the status and the conversation. */
export async function complaintByReceipt(db: Queryable, typed: unknown): Promise<ComplainantView> {
  const found = await caseOfReceipt(db, typed);
  const c = await selectComplainantCase(db, found.id);
  if (!c) throw new ReceiptNotFound();
  const rows = await selectConversation(db, found.id);
  const key = receiptMessageKey(found.code, found.id);
  try {
    const messages = rows.map((m): ComplainantMessage =>
      m.kind === 'to_complainant'
        ? { from: 'officer', on: m.on_date, text: decrypt(key, m.box, aad('to-complainant', found.id, m.id)).toString('utf8') }
        : { from: 'complainant', on: m.on_date, text: null },
    );
    return {
      orgNameTh: c.name_th,
      channel: c.channel,
      channelLabel: CHANNEL_LABEL[c.channel],
      type: c.type,
      typeLabel: TYPE_LABEL[c.type],
      receivedOn: c.received_on,
      status: c.status,
      statusLabel: STATUS_LABEL[c.status],
      ackDue: c.ack_due,
      acknowledgedOn: c.acknowledged_on,
      closedOn: c.closed_on,
      outcome: c.outcome,
      outcomeLabel: c.outcome ? OUTCOME_LABEL[c.outcome] : null,
      messages,
    };
  } finally {
    wipe(key);
  }
}

const messageSchema = z
  .string()
  .trim()
  .min(1, { error: msg.code('messageEmpty') })
  .max(MAX_MESSAGE, { error: msg.code('messageTooLong') });

/** Parses a message's text (complainant's or officer's). */
export const parseMessage = (text: unknown, field = 'text'): string => parseInput(z.object({ [field]: messageSchema }), { [field]: text })[field] as string;

/** The complainant writes to the officers: sealed to the organisation, dated, the case marked unread. */
export async function replyByReceipt(db: Db, typed: unknown, textInput: unknown, now: Date = new Date()): Promise<void> {
  const text = parseMessage(textInput);
  const found = await caseOfReceipt(db, typed);
  const c = await selectCaseStatus(db, found.id);
  if (!c) throw new ReceiptNotFound();
  if (c.status === 'closed') throw new InputError('text', msg.caseClosed());
  const on = todayInBangkok(now);
  await asComplainant(db, found.orgId, async (tx) => {
    await lockCase(tx, found.id);
    const { id: messageId, seq } = await nextMessage(tx, found.id);
    const org = await currentOrgKey(tx, found.orgId);
    await insertComplainantMessage(tx, {
      id: messageId,
      caseId: found.id,
      orgId: found.orgId,
      seq,
      onDate: on,
      keyVersion: org.keyVersion,
      box: seal(org.publicKey, text, aad('from-complainant', found.id, messageId)),
    });
    await insertComplainantEvent(tx, found.id, found.orgId, on, 'complainant_message');
  });
}
