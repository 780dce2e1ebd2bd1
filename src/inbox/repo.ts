/** The inbox's data: the table inbox_items (migration 0019), its rows checked as they are read (src/db/rows.ts). */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

export const INBOX_KINDS = ['approval', 'publication', 'advice', 'progress', 'evidence', 'oit', 'complaint', 'survey', 'calendar'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

const ItemRow = z.strictObject({
  id: col.uuid,
  kind: z.enum(INBOX_KINDS),
  title_th: col.text,
  title_en: col.text,
  link: col.text,
  created_at: col.timestamp,
  read_at: col.timestamp.nullable(),
  done_at: col.timestamp.nullable(),
});
export type ItemRow = z.output<typeof ItemRow>;
const ITEM_COLUMNS = 'id, kind, title_th, title_en, link, created_at, read_at, done_at';

/** Whose items a query reads: one person's, in the organisations where they hold a role (null: any). */
export interface Owner {
  readonly personId: string;
  readonly orgIds: readonly string[] | null;
}

/** The condition "the owner's item", from parameter $1 on. */
function own(owner: Owner): { sql: string; params: unknown[] } {
  return owner.orgIds === null
    ? { sql: 'person_id::text = $1', params: [owner.personId] }
    : { sql: 'person_id::text = $1 AND org_id = ANY($2::uuid[])', params: [owner.personId, owner.orgIds] };
}

export interface ItemInsert {
  readonly kind: InboxKind;
  readonly subject: string;
  readonly titleTh: string;
  readonly titleEn: string;
  readonly link: string;
}

/**
 * Writes an item to every active person of the organisation holding one of `roles`, except `asker`; an item of
 * the same person and subject comes back unread and not done.
 */
export async function insertForRoles(tx: Queryable, orgId: string, roles: readonly string[], asker: string | null, item: ItemInsert): Promise<void> {
  await tx.query(
    `INSERT INTO inbox_items (org_id, person_id, kind, subject, title_th, title_en, link)
     SELECT DISTINCT $1::uuid, p.id, $3, $4, $5, $6, $7 FROM people p JOIN roles r ON r.person_id = p.id
      WHERE p.org_id = $1 AND p.active AND r.org_id = $1 AND r.role = ANY($2::text[]) AND p.id::text IS DISTINCT FROM $8
     ON CONFLICT (person_id, subject) DO UPDATE
       SET title_th = excluded.title_th, title_en = excluded.title_en, link = excluded.link, created_at = now(), read_at = NULL, done_at = NULL`,
    [orgId, roles, item.kind, item.subject, item.titleTh, item.titleEn, item.link, asker],
  );
}

/** Writes an item to one person, filed under an organisation where they hold a role; same subject: back unread. */
export async function insertForPerson(tx: Queryable, orgId: string, personId: string, item: ItemInsert): Promise<void> {
  await tx.query(
    `INSERT INTO inbox_items (org_id, person_id, kind, subject, title_th, title_en, link)
     SELECT $1::uuid, p.id, $3, $4, $5, $6, $7 FROM people p WHERE p.id = $2::uuid AND p.active
     ON CONFLICT (person_id, subject) DO UPDATE
       SET title_th = excluded.title_th, title_en = excluded.title_en, link = excluded.link, created_at = now(), read_at = NULL, done_at = NULL`,
    [orgId, personId, item.kind, item.subject, item.titleTh, item.titleEn, item.link],
  );
}

/** Marks done every open item of `subject` in the organisation. */
export async function markSubjectDone(tx: Queryable, orgId: string, subject: string): Promise<void> {
  await tx.query('UPDATE inbox_items SET done_at = now() WHERE org_id = $1 AND subject = $2 AND done_at IS NULL', [orgId, subject]);
}

/** The owner's items: open ones first (newest first), then done ones; at most `limit`. */
export async function selectItems(db: Queryable, owner: Owner, limit: number): Promise<ItemRow[]> {
  const w = own(owner);
  return rows(db, ItemRow, `SELECT ${ITEM_COLUMNS} FROM inbox_items WHERE ${w.sql} ORDER BY (done_at IS NULL) DESC, created_at DESC, id LIMIT ${limit}`, w.params);
}

/** How many of the owner's open items are unread. */
export async function countUnread(db: Queryable, owner: Owner): Promise<number> {
  const w = own(owner);
  const row = await oneRow(db, z.strictObject({ n: col.int }), `SELECT count(*)::int AS n FROM inbox_items WHERE ${w.sql} AND read_at IS NULL AND done_at IS NULL`, w.params);
  return row?.n ?? 0;
}

/** Marks one of the owner's items read or unread; undefined when the owner has no such item. */
export async function updateRead(db: Queryable, owner: Owner, id: string, read: boolean): Promise<ItemRow | undefined> {
  const w = own(owner);
  return oneRow(
    db,
    ItemRow,
    `UPDATE inbox_items SET read_at = ${read ? 'coalesce(read_at, now())' : 'NULL'} WHERE id = $${w.params.length + 1} AND ${w.sql} RETURNING ${ITEM_COLUMNS}`,
    [...w.params, id],
  );
}
