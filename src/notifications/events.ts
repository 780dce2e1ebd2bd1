/**
 * Notification events (issue 20, points 1, 3 and 6; docs/notifications.md): the contract between the capabilities
 * whose use cases cause them (approvals, publications, complaints, advice), the reminders
 * (src/notifications/reminders.ts) and the channels.
 *
 * `notify` runs inside the caller's transaction and only writes rows: the inbox item of every person the event
 * reaches (one per person and subject: an item there already stays as it is), and the delivery jobs of their
 * channels by their preferences (src/notifications/event-jobs.ts sends them). So a failing channel never blocks
 * the action, and the deliveries are queued if and only if the action commits. Each job's dedupe key names the
 * event's kind, subject, person and channel: computing the same reminder twice notifies once.
 *
 * Preferences: per kind and channel (the inbox has every one), a daily digest instead of single e-mails, quiet
 * hours for LINE (default 21:00–07:00 Bangkok: postponed to their end), Thai or English; a person's own, else their
 * organisation's defaults, else all on. Rate limit: at most {@link SENDS_PER_HOUR} single messages per person and
 * hour; the rest go into the day's digest. Organisation-wide kinds ({@link ORG_WIDE_KINDS}) go on LINE to the
 * organisation's linked groups instead of to each person.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import type { Role } from '../app/authz.ts';
import { pickConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { enqueue } from '../jobs/queue.ts';
import { eventMessages } from './events-messages.ts';
import { countSends, insertDigestEntries, insertInboxItems, selectLinkedGroups, selectOrgPrefs, selectRecipients, type EventItem } from './repo-events.ts';
import { serverSecret } from '../accounts/accounts.ts';

export const EVENT_KINDS = [
  'approval.requested',
  'approval.decided',
  'approval.outdated',
  'progress.due',
  'progress.overdue',
  'evidence.missing',
  'oit.due',
  'oit.stale',
  'publication.approved',
  'publication.scheduled',
  'complaint.received',
  'complaint.deadline',
  'advice.received',
  'survey.minimum',
  'calendar.milestone',
  'oit.broken',
] as const;

export type EventKind =
  | 'approval.requested'
  | 'approval.decided'
  | 'approval.outdated'
  | 'progress.due'
  | 'progress.overdue'
  | 'evidence.missing'
  | 'oit.due'
  | 'oit.stale'
  | 'publication.approved'
  | 'publication.scheduled'
  | 'complaint.received'
  | 'complaint.deadline'
  | 'advice.received'
  | 'survey.minimum'
  | 'calendar.milestone'
  | 'oit.broken';

export interface NotificationEvent {
  readonly kind: EventKind;
  readonly orgId: string;
  /** Who: people by id, and/or holders of roles in the organisation (optionally only the heads of one unit). */
  readonly to: { readonly people?: readonly string[]; readonly roles?: readonly Role[]; readonly unitId?: string | null };
  /** What it is about, with its period when it recurs ('progress:<measureId>:2026-12'): one inbox item per person
   *  and subject, and the deliveries' dedupe keys, so computing the same reminder twice notifies once. */
  readonly subject: string;
  readonly titleTh: string;
  readonly titleEn: string;
  /** A staff page (relative, /staff/…). */
  readonly link: string;
}

export const isEventKind = (text: string): text is EventKind => (EVENT_KINDS as readonly string[]).includes(text);

/** Kinds about the whole organisation: on LINE, to its linked groups rather than to each person. */
export const ORG_WIDE_KINDS: readonly EventKind[] = ['calendar.milestone'];

/**
 * Kinds whose time of day is never written (a complaint's filing: docs/complaints-security.md, "no time"): their
 * rows carry the start of the Bangkok day, and their messages go at 07:00 the next morning.
 */
export const DAY_ONLY_KINDS: readonly EventKind[] = ['complaint.received'];

/** The most single messages (e-mail and LINE) one person is sent in an hour; the rest go into the day's digest. */
export const SENDS_PER_HOUR = 20;

export const DELIVER_KIND = 'notify.deliver';
export const DIGEST_KIND = 'notify.digest';

export type Channel = 'email' | 'line';

/** A delivery job's payload: one notification, one channel, one person (or one LINE group). */
export interface DeliverPayload {
  readonly channel: Channel;
  readonly orgId: string;
  readonly personId: string | null;
  readonly groupId: string | null;
  readonly kind: EventKind;
  readonly subject: string;
  readonly titleTh: string;
  readonly titleEn: string;
  readonly link: string;
  readonly lang: 'th' | 'en';
}

export interface DigestPayload {
  readonly personId: string;
  /** The Bangkok day, YYYY-MM-DD. */
  readonly day: string;
  readonly lang: 'th' | 'en';
}

/** The idempotency key of a delivery (src/notifications/deliver.ts). */
export const deliveryKey = (p: Pick<DeliverPayload, 'kind' | 'subject' | 'channel' | 'personId' | 'groupId'>): string =>
  `notification:${p.kind}:${p.subject}:${p.channel}:${p.personId ?? p.groupId ?? ''}`;

// Bangkok time (UTC+7, no daylight saving).
const BANGKOK_MS = 7 * 3_600_000;
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** When a LINE message may go at `now` under quiet hours start–end (Bangkok): now, or the end of the quiet hours. */
export function lineTime(now: Date, quietStart: string, quietEnd: string): Date {
  const s = minutesOf(quietStart);
  const e = minutesOf(quietEnd);
  const local = new Date(now.getTime() + BANGKOK_MS);
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  const quiet = s === e ? false : s < e ? m >= s && m < e : m >= s || m < e;
  if (!quiet) return now;
  const dayStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - BANGKOK_MS;
  return new Date(dayStart + (m < e ? 0 : 86_400_000) + e * 60_000);
}

/** When the digest of a Bangkok day goes: 07:00 the next morning (`after` days later; 0: the day's own start). */
export function digestTime(day: string, after = 1): Date {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + after, after === 0 ? 0 : 7) - BANGKOK_MS);
}

function check(event: NotificationEvent): void {
  if (!isEventKind(event.kind)) throw new InputError('kind', eventMessages.badKind({ kind: String(event.kind) }));
  if (!event.link.startsWith('/staff/') || event.link.length > 500) throw new InputError('link', eventMessages.badLink());
  if (event.subject.length < 1 || event.subject.length > 200) throw new InputError('subject', eventMessages.badSubject());
  for (const title of [event.titleTh, event.titleEn]) if (title.length < 1 || title.length > 500) throw new InputError('title', eventMessages.badTitle());
}

/** The inbox's kind of an event's kind: the part before the dot. */
export const inboxKindOf = (kind: EventKind): string => kind.slice(0, kind.indexOf('.'));

/** Inside the caller's transaction: the inbox items, and one delivery job per person and channel (their preferences). */
export async function notify(tx: Queryable, event: NotificationEvent, clock: Date): Promise<number> {
  check(event);
  const dayOnly = DAY_ONLY_KINDS.includes(event.kind);
  const day = todayInBangkok(clock);
  const now = dayOnly ? digestTime(day, 0) : clock;
  const sendAt = dayOnly ? digestTime(day) : now;
  /** The jobs' own creation time: the day's start for a day-only kind, else the database's clock. */
  const stamp = dayOnly ? { createdAt: now } : {};
  const recipients = await selectRecipients(tx, event.orgId, event.to.roles ?? [], event.to.unitId ?? null, event.to.people ?? []);
  if (recipients.length === 0) return 0;
  const item: EventItem = { kind: inboxKindOf(event.kind), subject: event.subject, titleTh: event.titleTh, titleEn: event.titleEn, link: event.link };
  await insertInboxItems(tx, recipients.map((r) => ({ personId: r.person_id, orgId: r.inbox_org_id })), item, now);

  const orgWide = ORG_WIDE_KINDS.includes(event.kind);
  const channelsOf = (r: (typeof recipients)[number]): Channel[] => [
    ...(r.email_off.includes(event.kind) ? [] : (['email'] as const)),
    ...(orgWide || !r.has_line || r.line_off.includes(event.kind) ? [] : (['line'] as const)),
  ];
  const base = { orgId: event.orgId, kind: event.kind, subject: event.subject, titleTh: event.titleTh, titleEn: event.titleEn, link: event.link };
  const single = recipients.filter((r) => !r.digest && channelsOf(r).length > 0);
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const counts = single.length > 0 ? await countSends(tx, single.map((r) => r.person_id), hour, 1) : new Map<string, number>();
  const digest = recipients.filter((r) => channelsOf(r).includes('email') && (r.digest || (counts.get(r.person_id) ?? 0) > SENDS_PER_HOUR));

  for (const r of single) {
    if ((counts.get(r.person_id) ?? 0) > SENDS_PER_HOUR) continue;
    for (const channel of channelsOf(r)) {
      const payload: DeliverPayload = { ...base, channel, personId: r.person_id, groupId: null, lang: r.lang };
      await enqueue(tx, {
        kind: DELIVER_KIND,
        orgId: event.orgId,
        payload,
        runAt: channel === 'line' ? lineTime(sendAt, r.quiet_start, r.quiet_end) : sendAt,
        dedupeKey: deliveryKey(payload),
        ...stamp,
      });
    }
  }
  if (digest.length > 0) {
    await insertDigestEntries(tx, digest.map((r) => ({ personId: r.person_id, orgId: r.inbox_org_id })), day, item, now);
    for (const r of digest) {
      const payload: DigestPayload = { personId: r.person_id, day, lang: r.lang };
      await enqueue(tx, { kind: DIGEST_KIND, orgId: event.orgId, payload, runAt: digestTime(day), dedupeKey: `${DIGEST_KIND}:${r.person_id}:${day}`, ...stamp });
    }
  }
  if (orgWide) {
    const prefs = await selectOrgPrefs(tx, event.orgId);
    if (!prefs.line_off.includes(event.kind)) {
      for (const groupId of await selectLinkedGroups(tx, event.orgId)) {
        const payload: DeliverPayload = { ...base, channel: 'line', personId: null, groupId, lang: prefs.lang };
        await enqueue(tx, { kind: DELIVER_KIND, orgId: event.orgId, payload, runAt: lineTime(sendAt, prefs.quiet_start, prefs.quiet_end), dedupeKey: deliveryKey(payload), ...stamp });
      }
    }
  }
  return recipients.length;
}

// Where the links of a message point, and the one-click unsubscribe token.

type Env = Readonly<Record<string, string | undefined>>;

/** The public origin of the links in messages: PRONGSAI_PUBLIC_URL, else the local server. */
export function publicOrigin(env: Env = process.env): string {
  const config = pickConfig(['PRONGSAI_PUBLIC_URL', 'PORT'], env);
  return (config.PRONGSAI_PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

/** What an unsubscribe token turns off: one kind, or every kind ('all', from a digest). */
export type UnsubscribeKind = EventKind | 'all';

/**
 * The key of the unsubscribe links: a server secret kept in the database (as the form tokens' key), not the
 * encryption key of sealed secrets — an installation without LINE needs no PRONGSAI_SECRET_KEY to send e-mail.
 */
const tokenKey = async (db: Queryable): Promise<string> => serverSecret(db, 'unsubscribe-links');
const ALL_KINDS = 255;
const MAC_BYTES = 16;

/**
 * A token naming a person and a kind, signed with the server's secret (`tokenKey`): base64url of the person's uuid (16
 * bytes), the kind's number (1 byte) and 16 bytes of their HMAC-SHA256 — 44 characters, short enough for a path.
 */
export async function unsubscribeToken(db: Queryable, personId: string, kind: UnsubscribeKind): Promise<string> {
  const body = Buffer.concat([Buffer.from(personId.replaceAll('-', ''), 'hex'), Buffer.from([kind === 'all' ? ALL_KINDS : EVENT_KINDS.indexOf(kind)])]);
  const mac = createHmac('sha256', await tokenKey(db)).update(body).digest().subarray(0, MAC_BYTES);
  return Buffer.concat([body, mac]).toString('base64url');
}

/** The person and kind of a good token; InputError otherwise. */
export async function readUnsubscribeToken(db: Queryable, token: string): Promise<{ personId: string; kind: UnsubscribeKind }> {
  const bytes = /^[A-Za-z0-9_-]{44}$/.test(token) ? Buffer.from(token, 'base64url') : Buffer.alloc(0);
  const body = bytes.subarray(0, 17);
  const given = bytes.subarray(17);
  const expected = createHmac('sha256', await tokenKey(db)).update(body).digest().subarray(0, MAC_BYTES);
  const n = body[16] ?? -1;
  const kind = n === ALL_KINDS ? 'all' : EVENT_KINDS[n];
  if (bytes.length !== 17 + MAC_BYTES || !timingSafeEqual(given, expected) || !kind) throw new InputError('token', eventMessages.badToken());
  const hex = body.subarray(0, 16).toString('hex');
  return { personId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, kind };
}

/** The absolute unsubscribe URL of a person and kind. */
export const unsubscribeUrl = async (db: Queryable, personId: string, kind: UnsubscribeKind, env: Env = process.env): Promise<string> =>
  `${publicOrigin(env)}/unsubscribe/${await unsubscribeToken(db, personId, kind)}`;
