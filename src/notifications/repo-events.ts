/**
 * The events' data (migration 0028): recipients with their preferences, the inbox items an event writes, the
 * per-person send counter, the digest's entries, preferences, and the deliveries that ended without sending.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

const PrefColumns = {
  email_off: col.textArray,
  line_off: col.textArray,
  digest: col.bool,
  quiet_start: col.text,
  quiet_end: col.text,
  lang: z.enum(['th', 'en']),
};
const PrefRow = z.strictObject(PrefColumns);
export type PrefRow = z.output<typeof PrefRow>;

/** The built-in preferences (no row of the person's or their organisation's). */
const PREF_SELECT = (own: string, dflt: string) => `coalesce(${own}.email_off, ${dflt}.email_off, '{}') AS email_off,
  coalesce(${own}.line_off, ${dflt}.line_off, '{}') AS line_off, coalesce(${own}.digest, ${dflt}.digest, false) AS digest,
  to_char(coalesce(${own}.quiet_start, ${dflt}.quiet_start, '21:00'), 'HH24:MI') AS quiet_start,
  to_char(coalesce(${own}.quiet_end, ${dflt}.quiet_end, '07:00'), 'HH24:MI') AS quiet_end, coalesce(${own}.lang, ${dflt}.lang, 'th') AS lang`;

const RecipientRow = z.strictObject({ person_id: col.uuid, inbox_org_id: col.uuid, has_line: col.bool, ...PrefColumns });
export type RecipientRow = z.output<typeof RecipientRow>;

/**
 * The active people an event reaches: holders of `roles` in the organisation (unit heads only of `unitId` when it
 * is set), supervisors holding their grant on one of its ancestors when `roles` has 'supervisor', and `people`
 * (of the organisation, or holding a role in it or above it). Each once, with the organisation their inbox item is
 * filed under (a supervisor's: their office) and their preferences.
 */
export async function selectRecipients(tx: Queryable, orgId: string, roles: readonly string[], unitId: string | null, people: readonly string[]): Promise<RecipientRow[]> {
  return rows(
    tx,
    RecipientRow,
    `WITH RECURSIVE up (id) AS (
       SELECT parent_id FROM organisations WHERE id = $1 AND parent_id IS NOT NULL
       UNION SELECT o.parent_id FROM organisations o JOIN up ON o.id = up.id WHERE o.parent_id IS NOT NULL),
     hits (person_id, inbox_org_id) AS (
       SELECT r.person_id, r.org_id FROM roles r WHERE r.org_id = $1 AND r.role = ANY($2::text[]) AND r.role <> 'supervisor'
          AND (r.role <> 'unit_head' OR $3::uuid IS NULL OR r.unit_id = $3::uuid)
       UNION SELECT r.person_id, r.org_id FROM roles r WHERE r.role = 'supervisor' AND 'supervisor' = ANY($2::text[]) AND r.org_id IN (SELECT id FROM up)
       UNION SELECT p.id, p.org_id FROM people p WHERE p.id = ANY($4::uuid[]) AND p.org_id = $1
       UNION SELECT r.person_id, r.org_id FROM roles r WHERE r.person_id = ANY($4::uuid[]) AND (r.org_id = $1 OR r.org_id IN (SELECT id FROM up)))
     SELECT DISTINCT ON (p.id) p.id AS person_id, h.inbox_org_id,
       EXISTS (SELECT 1 FROM line_links l WHERE l.org_id = $1 AND l.person_id = p.id) AS has_line, ${PREF_SELECT('mine', 'dflt')}
       FROM hits h JOIN people p ON p.id = h.person_id AND p.active
       LEFT JOIN notification_preferences mine ON mine.person_id = p.id
       LEFT JOIN notification_preferences dflt ON dflt.org_id = coalesce(p.org_id, h.inbox_org_id)
      ORDER BY p.id, (h.inbox_org_id = $1) DESC`,
    [orgId, roles, unitId, people],
  );
}

export interface EventItem {
  readonly kind: string;
  readonly subject: string;
  readonly titleTh: string;
  readonly titleEn: string;
  readonly link: string;
}

/** The inbox items of an event (kind: the inbox's), one per person and subject: an item there already stays as it is. */
export async function insertInboxItems(tx: Queryable, recipients: readonly { personId: string; orgId: string }[], item: EventItem, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO inbox_items (org_id, person_id, kind, subject, title_th, title_en, link, created_at)
     SELECT t.o, t.p, $3, $4, $5, $6, $7, $8 FROM unnest($1::uuid[], $2::uuid[]) AS t (p, o)
     ON CONFLICT (person_id, subject) DO NOTHING`,
    [recipients.map((r) => r.personId), recipients.map((r) => r.orgId), item.kind, item.subject, item.titleTh, item.titleEn, item.link, now.toISOString()],
  );
}

/** Adds `n` to each person's count of the hour; their counts after it. */
export async function countSends(tx: Queryable, personIds: readonly string[], hour: Date, n: number): Promise<Map<string, number>> {
  const counted = await rows(
    tx,
    z.strictObject({ person_id: col.uuid, sent: col.int }),
    `INSERT INTO notification_sends (person_id, hour, sent) SELECT unnest($1::uuid[]), $2, $3
     ON CONFLICT (person_id, hour) DO UPDATE SET sent = notification_sends.sent + excluded.sent RETURNING person_id, sent`,
    [personIds, hour.toISOString(), n],
  );
  return new Map(counted.map((r) => [r.person_id, r.sent]));
}

/** Adds an event to each person's digest of `day` (once per kind and subject). */
export async function insertDigestEntries(tx: Queryable, entries: readonly { personId: string; orgId: string }[], day: string, item: EventItem, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO notification_digest (person_id, day, kind, subject, org_id, title_th, title_en, link, added_at)
     SELECT t.p, $3, $4, $5, t.o, $6, $7, $8, $9 FROM unnest($1::uuid[], $2::uuid[]) AS t (p, o) ON CONFLICT DO NOTHING`,
    [entries.map((e) => e.personId), entries.map((e) => e.orgId), day, item.kind, item.subject, item.titleTh, item.titleEn, item.link, now.toISOString()],
  );
}

const DigestRow = z.strictObject({ kind: col.text, title_th: col.text, title_en: col.text, link: col.text });
export async function selectDigest(db: Queryable, personId: string, day: string): Promise<z.output<typeof DigestRow>[]> {
  return rows(db, DigestRow, 'SELECT kind, title_th, title_en, link FROM notification_digest WHERE person_id = $1 AND day = $2 ORDER BY added_at, subject', [personId, day]);
}

/** The linked LINE groups of an organisation. */
export async function selectLinkedGroups(tx: Queryable, orgId: string): Promise<string[]> {
  return (await rows(tx, z.strictObject({ group_id: col.text }), 'SELECT group_id FROM line_groups WHERE org_id = $1 AND linked_at IS NOT NULL ORDER BY group_id', [orgId])).map((r) => r.group_id);
}

/** A person's address and preferences (their own, else their organisation's defaults, else the built-in ones). */
export async function selectPersonPrefs(db: Queryable, personId: string): Promise<(PrefRow & { email: string | null; org_id: string | null; own: boolean }) | undefined> {
  return oneRow(
    db,
    PrefRow.extend({ email: col.text.nullable(), org_id: col.uuid.nullable(), own: col.bool }),
    `SELECT p.email, p.org_id, mine.id IS NOT NULL AS own, ${PREF_SELECT('mine', 'dflt')} FROM people p
       LEFT JOIN notification_preferences mine ON mine.person_id = p.id LEFT JOIN notification_preferences dflt ON dflt.org_id = p.org_id
      WHERE p.id = $1 AND p.active`,
    [personId],
  );
}

/** An organisation's defaults (the built-in ones when it has none). */
export async function selectOrgPrefs(db: Queryable, orgId: string): Promise<PrefRow> {
  const row = await oneRow(db, PrefRow, `SELECT ${PREF_SELECT('dflt', 'dflt')} FROM (SELECT 1) one LEFT JOIN notification_preferences dflt ON dflt.org_id = $1`, [orgId]);
  return row as PrefRow;
}

export interface PrefInput {
  readonly emailOff: readonly string[];
  readonly lineOff: readonly string[];
  readonly digest: boolean;
  readonly quietStart: string;
  readonly quietEnd: string;
  readonly lang: 'th' | 'en';
}

/** Writes the preferences of a person (`owner.personId`) or an organisation's defaults (`owner.orgId`). */
export async function upsertPrefs(tx: Queryable, owner: { personId: string } | { orgId: string }, p: PrefInput): Promise<void> {
  const [column, id] = 'personId' in owner ? ['person_id', owner.personId] : ['org_id', owner.orgId];
  await tx.query(
    `INSERT INTO notification_preferences (${column}, email_off, line_off, digest, quiet_start, quiet_end, lang) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (${column}) WHERE ${column} IS NOT NULL DO UPDATE SET email_off = excluded.email_off, line_off = excluded.line_off,
       digest = excluded.digest, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, lang = excluded.lang, updated_at = now()`,
    [id, p.emailOff, p.lineOff, p.digest, p.quietStart, p.quietEnd, p.lang],
  );
}

export type SkipReason = 'no-smtp' | 'no-line-channel' | 'no-address' | 'no-line-link' | 'nothing';

export async function recordSkip(db: Queryable, key: string, reason: SkipReason): Promise<void> {
  await db.query('INSERT INTO delivery_skips (key, reason) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET reason = excluded.reason, at = now()', [key, reason]);
}

export async function selectSkip(db: Queryable, key: string): Promise<SkipReason | undefined> {
  const row = await oneRow(db, z.strictObject({ reason: z.enum(['no-smtp', 'no-line-channel', 'no-address', 'no-line-link', 'nothing']) }), 'SELECT reason FROM delivery_skips WHERE key = $1', [key]);
  return row?.reason;
}
