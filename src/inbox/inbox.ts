/**
 * One inbox per person (issue 16, point 7): what waits for them, read or unread, marked done when it is dealt
 * with. Later issues (notifications) write here too; for now the executive's "รออนุมัติ": a document waiting for
 * approval (src/approvals/approvals.ts) and a portal item waiting (src/portal/publications.ts), written to everyone who may
 * decide it when the request is made (never to whoever asked: they cannot decide their own request), and done
 * for all of them when it is decided or taken back.
 *
 * A person reads and marks only their own items, and only in the organisations where they hold a role (an item
 * of another person or organisation is NotFound, as if it did not exist).
 */
import type { Queryable } from '../db/index.ts';
import { can, orgsOf, ROLES, type Action, type Principal } from '../app/authz.ts';
import { NotFound } from '../app/errors.ts';
import { requireUuid } from '../app/input.ts';

export const INBOX_KINDS = ['approval', 'publication'] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export interface InboxItem {
  readonly id: string;
  readonly kind: InboxKind;
  readonly titleTh: string;
  readonly titleEn: string;
  /** The staff page where the item is dealt with. */
  readonly link: string;
  /** ISO instants. */
  readonly createdAt: string;
  readonly readAt: string | null;
  readonly doneAt: string | null;
}

/** What a request puts in the inboxes of those who decide it. */
export interface InboxNotice {
  readonly kind: InboxKind;
  /** What the item is about ('approval:<id>'): one item per person and subject. */
  readonly subject: string;
  readonly titleTh: string;
  readonly titleEn: string;
  readonly link: string;
}

/** The roles that may do `action` in an organisation (the grants of src/app/authz.ts). */
function rolesWith(action: Action, orgId: string): string[] {
  return ROLES.filter((role) => role !== 'system_admin' && can({ personId: '', nameTh: '', roles: [{ role, orgId, unitId: null }] }, action, { orgId }));
}

/**
 * Writes `notice` to the inbox of every active person of the organisation who may do `action` there, except
 * `asker`; inside the caller's transaction, so that it is written with the request or not at all. An item of the
 * same subject comes back unread and not done.
 */
export async function notifyDeciders(tx: Queryable, orgId: string, action: Action, asker: string | null, notice: InboxNotice): Promise<void> {
  await tx.query(
    `INSERT INTO inbox_items (org_id, person_id, kind, subject, title_th, title_en, link)
     SELECT DISTINCT $1::uuid, p.id, $3, $4, $5, $6, $7 FROM people p JOIN roles r ON r.person_id = p.id
      WHERE p.org_id = $1 AND p.active AND r.org_id = $1 AND r.role = ANY($2::text[]) AND p.id::text IS DISTINCT FROM $8
     ON CONFLICT (person_id, subject) DO UPDATE
       SET title_th = excluded.title_th, title_en = excluded.title_en, link = excluded.link, created_at = now(), read_at = NULL, done_at = NULL`,
    [orgId, rolesWith(action, orgId), notice.kind, notice.subject, notice.titleTh, notice.titleEn, notice.link, asker],
  );
}

/** Marks done every open item of `subject` in the organisation (it was decided or taken back). */
export async function closeSubject(tx: Queryable, orgId: string, subject: string): Promise<void> {
  await tx.query('UPDATE inbox_items SET done_at = now() WHERE org_id = $1 AND subject = $2 AND done_at IS NULL', [orgId, subject]);
}

interface ItemRow {
  id: string;
  kind: InboxKind;
  title_th: string;
  title_en: string;
  link: string;
  created_at: string;
  read_at: string | null;
  done_at: string | null;
}

const itemOf = (r: ItemRow): InboxItem => ({
  id: r.id,
  kind: r.kind,
  titleTh: r.title_th,
  titleEn: r.title_en,
  link: r.link,
  createdAt: r.created_at,
  readAt: r.read_at,
  doneAt: r.done_at,
});

/** The condition "the principal's own item, in an organisation where they hold a role", from parameter $1. */
function own(principal: Principal): { sql: string; params: unknown[] } {
  const orgs = orgsOf(principal);
  return orgs === null
    ? { sql: 'person_id::text = $1', params: [principal.personId] }
    : { sql: 'person_id::text = $1 AND org_id = ANY($2::uuid[])', params: [principal.personId, orgs] };
}

/** The most items the inbox shows: the newest open ones first, then the newest done. */
export const INBOX_MAX = 200;

/** The principal's inbox: open items first (newest first), then done ones. */
export async function listInbox(db: Queryable, principal: Principal): Promise<InboxItem[]> {
  const w = own(principal);
  const rows = await db.query<ItemRow>(
    `SELECT id, kind, title_th, title_en, link, created_at, read_at, done_at FROM inbox_items WHERE ${w.sql}
      ORDER BY (done_at IS NULL) DESC, created_at DESC, id LIMIT ${INBOX_MAX}`,
    w.params,
  );
  return rows.map(itemOf);
}

/** How many of the principal's open items are unread (the dashboard's count). */
export async function unreadCount(db: Queryable, principal: Principal): Promise<number> {
  const w = own(principal);
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM inbox_items WHERE ${w.sql} AND read_at IS NULL AND done_at IS NULL`, w.params);
  return row?.n ?? 0;
}

/** Marks one of the principal's items read (or unread again); NotFound for anyone else's. */
export async function markRead(db: Queryable, principal: Principal, itemId: string, read = true): Promise<InboxItem> {
  const id = requireUuid(itemId, 'itemId', { th: 'รายการในกล่องข้อความ', en: 'inbox item' });
  const w = own(principal);
  const [row] = await db.query<ItemRow>(
    `UPDATE inbox_items SET read_at = ${read ? 'coalesce(read_at, now())' : 'NULL'} WHERE id = $${w.params.length + 1} AND ${w.sql}
     RETURNING id, kind, title_th, title_en, link, created_at, read_at, done_at`,
    [...w.params, id],
  );
  if (!row) throw new NotFound('itemId', `ไม่พบรายการ "${id}" ในกล่องข้อความของคุณ`, `no item "${id}" in your inbox`);
  return itemOf(row);
}
