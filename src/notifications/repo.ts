/**
 * The notification channels' data (migration 0027): deliveries (the idempotency record), an organisation's
 * sealed LINE credentials, LINE links of people and groups, one-time link codes. Rows checked as they are read.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

// deliveries

/**
 * Records that `key` is being sent: a new row, or one more attempt of a row still 'sending'. Undefined when the
 * key was already sent (nothing changed).
 */
export async function beginDelivery(db: Queryable, key: string): Promise<{ attempts: number } | undefined> {
  return oneRow(
    db,
    z.strictObject({ attempts: col.int }),
    `INSERT INTO deliveries (key) VALUES ($1)
     ON CONFLICT (key) DO UPDATE SET attempts = deliveries.attempts + 1 WHERE deliveries.status = 'sending'
     RETURNING attempts`,
    [key],
  );
}

export async function markDelivered(db: Queryable, key: string): Promise<void> {
  await db.query(`UPDATE deliveries SET status = 'sent', sent_at = now() WHERE key = $1`, [key]);
}

/**
 * Deletes the idempotency records begun before `before` (a 'sending' one: its job long given up or retried; a 'sent'
 * one: no job with its key can run again); returns how many.
 */
export async function deleteDeliveriesBefore(db: Queryable, before: Date): Promise<number> {
  const gone = await rows(db, z.strictObject({ key: col.text }), 'DELETE FROM deliveries WHERE coalesce(sent_at, created_at) < $1 RETURNING key', [before.toISOString()]);
  return gone.length;
}

const DeliveryRow = z.strictObject({ status: z.enum(['sending', 'sent']), attempts: col.int });
export async function selectDelivery(db: Queryable, key: string): Promise<z.output<typeof DeliveryRow> | undefined> {
  return oneRow(db, DeliveryRow, 'SELECT status, attempts FROM deliveries WHERE key = $1', [key]);
}

// line_channels

const ChannelRow = z.strictObject({ secret_sealed: col.text.nullable(), token_sealed: col.text.nullable() });
export type ChannelRow = z.output<typeof ChannelRow>;

export async function selectChannel(db: Queryable, orgId: string): Promise<ChannelRow | undefined> {
  return oneRow(db, ChannelRow, 'SELECT secret_sealed, token_sealed FROM line_channels WHERE org_id = $1', [orgId]);
}

/** The channel of the organisation of `slug`, with the organisation's id; undefined for an unknown slug. */
export async function selectChannelBySlug(db: Queryable, slug: string): Promise<(ChannelRow & { org_id: string }) | undefined> {
  return oneRow(
    db,
    ChannelRow.extend({ org_id: col.uuid }),
    'SELECT o.id AS org_id, c.secret_sealed, c.token_sealed FROM organisations o LEFT JOIN line_channels c ON c.org_id = o.id WHERE o.slug = $1',
    [slug],
  );
}

/** Sets the sealed secret and/or token (null: keep the one stored). */
export async function upsertChannel(tx: Queryable, orgId: string, secretSealed: string | null, tokenSealed: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO line_channels (org_id, secret_sealed, token_sealed) VALUES ($1, $2, $3)
     ON CONFLICT (org_id) DO UPDATE SET secret_sealed = coalesce(excluded.secret_sealed, line_channels.secret_sealed),
       token_sealed = coalesce(excluded.token_sealed, line_channels.token_sealed), updated_at = now()`,
    [orgId, secretSealed, tokenSealed],
  );
}

export async function deleteChannel(tx: Queryable, orgId: string): Promise<void> {
  await tx.query('DELETE FROM line_channels WHERE org_id = $1', [orgId]);
}

// line_link_codes

/** Stores a code's hash for a person (their earlier codes of the same purpose in the organisation are dropped). */
export async function replaceCode(tx: Queryable, code: { hash: string; orgId: string; personId: string; purpose: 'person' | 'group'; expiresAt: Date }): Promise<void> {
  await tx.query('DELETE FROM line_link_codes WHERE org_id = $1 AND person_id = $2 AND purpose = $3', [code.orgId, code.personId, code.purpose]);
  await tx.query('INSERT INTO line_link_codes (code_hash, org_id, person_id, purpose, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    code.hash,
    code.orgId,
    code.personId,
    code.purpose,
    code.expiresAt.toISOString(),
  ]);
}

const CodeRow = z.strictObject({ person_id: col.uuid });

/** Takes (deletes) an unexpired code of the organisation and purpose; its person, or undefined. */
export async function takeCode(tx: Queryable, orgId: string, hash: string, purpose: 'person' | 'group', now: Date): Promise<z.output<typeof CodeRow> | undefined> {
  return oneRow(
    tx,
    CodeRow,
    `DELETE FROM line_link_codes c USING people p
      WHERE c.code_hash = $1 AND c.org_id = $2 AND c.purpose = $3 AND c.expires_at > $4 AND p.id = c.person_id AND p.active
     RETURNING c.person_id`,
    [hash, orgId, purpose, now.toISOString()],
  );
}

// line_links

export async function upsertLink(tx: Queryable, orgId: string, personId: string, lineUserId: string): Promise<void> {
  // One LINE account links one person of the organisation: whoever had it before loses it.
  await tx.query('DELETE FROM line_links WHERE org_id = $1 AND line_user_id = $2 AND person_id <> $3', [orgId, lineUserId, personId]);
  await tx.query(
    `INSERT INTO line_links (org_id, person_id, line_user_id) VALUES ($1, $2, $3)
     ON CONFLICT (org_id, person_id) DO UPDATE SET line_user_id = excluded.line_user_id, linked_at = now()`,
    [orgId, personId, lineUserId],
  );
}

export async function deleteLink(tx: Queryable, orgId: string, personId: string): Promise<void> {
  await tx.query('DELETE FROM line_links WHERE org_id = $1 AND person_id = $2', [orgId, personId]);
}

// line_groups

export async function insertGroup(tx: Queryable, orgId: string, groupId: string): Promise<void> {
  await tx.query('INSERT INTO line_groups (org_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [orgId, groupId]);
}

export async function linkGroup(tx: Queryable, orgId: string, groupId: string, personId: string): Promise<void> {
  await tx.query(
    `INSERT INTO line_groups (org_id, group_id, linked_at, linked_by) VALUES ($1, $2, now(), $3)
     ON CONFLICT (org_id, group_id) DO UPDATE SET linked_at = now(), linked_by = excluded.linked_by`,
    [orgId, groupId, personId],
  );
}

/** Removes a group; false when the organisation had no such group. */
export async function deleteGroup(tx: Queryable, orgId: string, groupId: string): Promise<boolean> {
  const gone = await rows(tx, z.strictObject({ group_id: col.text }), 'DELETE FROM line_groups WHERE org_id = $1 AND group_id = $2 RETURNING group_id', [orgId, groupId]);
  return gone.length > 0;
}

const GroupRow = z.strictObject({ group_id: col.text, joined_at: col.timestamp, linked_at: col.timestamp.nullable(), linked_by_name: col.text.nullable() });
export type GroupRow = z.output<typeof GroupRow>;

export async function selectGroups(db: Queryable, orgId: string): Promise<GroupRow[]> {
  return rows(
    db,
    GroupRow,
    `SELECT g.group_id, g.joined_at, g.linked_at, p.name_th AS linked_by_name FROM line_groups g LEFT JOIN people p ON p.id = g.linked_by
      WHERE g.org_id = $1 ORDER BY g.joined_at, g.group_id`,
    [orgId],
  );
}

const PersonLineRow = z.strictObject({ org_name_th: col.text, token_set: col.bool, linked_at: col.timestamp.nullable() });
export type PersonLineRow = z.output<typeof PersonLineRow>;

/** A person's LINE state in their organisation: the organisation's name, whether it can push, their link. */
export async function selectPersonLine(db: Queryable, orgId: string, personId: string): Promise<PersonLineRow | undefined> {
  return oneRow(
    db,
    PersonLineRow,
    `SELECT o.name_th AS org_name_th, coalesce(c.token_sealed IS NOT NULL, false) AS token_set, l.linked_at
       FROM organisations o LEFT JOIN line_channels c ON c.org_id = o.id LEFT JOIN line_links l ON l.org_id = o.id AND l.person_id = $2
      WHERE o.id = $1`,
    [orgId, personId],
  );
}

/** The LINE user id of a person in an organisation, with the organisation's sealed token. */
export async function selectPushTarget(db: Queryable, orgId: string, personId: string): Promise<{ line_user_id: string; token_sealed: string } | undefined> {
  return oneRow(
    db,
    z.strictObject({ line_user_id: col.text, token_sealed: col.text }),
    `SELECT l.line_user_id, c.token_sealed FROM line_links l JOIN line_channels c ON c.org_id = l.org_id
      WHERE l.org_id = $1 AND l.person_id = $2 AND c.token_sealed IS NOT NULL`,
    [orgId, personId],
  );
}
