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
import { can, orgsOf, ROLES, type Action, type Principal, type Role } from '../app/authz.ts';
import { NotFound } from '../app/errors.ts';
import { requireUuid } from '../app/input.ts';
import { inboxMessages } from './messages.ts';
import { countUnread, insertForPerson, insertForRoles, markSubjectDone, selectItems, updateRead, type InboxKind, type ItemRow, type Owner } from './repo.ts';

export { INBOX_KINDS, type InboxKind } from './repo.ts';

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
export function rolesWith(action: Action, orgId: string): Role[] {
  return ROLES.filter((role) => role !== 'system_admin' && can({ personId: '', nameTh: '', roles: [{ role, orgId, unitId: null }] }, action, { orgId }));
}

/**
 * Writes `notice` to the inbox of every active person of the organisation who may do `action` there, except
 * `asker`; inside the caller's transaction, so that it is written with the request or not at all. An item of the
 * same subject comes back unread and not done.
 */
export async function notifyDeciders(tx: Queryable, orgId: string, action: Action, asker: string | null, notice: InboxNotice): Promise<void> {
  await insertForRoles(tx, orgId, rolesWith(action, orgId), asker, notice);
}

/**
 * Writes `notice` to one person's inbox (an adviser told of a reply), filed under `orgId`, an organisation where
 * they hold a role (their inbox shows only those); inside the caller's transaction. Nothing for an inactive person.
 */
export async function notifyPerson(tx: Queryable, orgId: string, personId: string, notice: InboxNotice): Promise<void> {
  await insertForPerson(tx, orgId, personId, notice);
}

/** Marks done every open item of `subject` in the organisation (it was decided or taken back). */
export async function closeSubject(tx: Queryable, orgId: string, subject: string): Promise<void> {
  await markSubjectDone(tx, orgId, subject);
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

/** The principal's own items, in the organisations where they hold a role. */
const ownerOf = (principal: Principal): Owner => ({ personId: principal.personId, orgIds: orgsOf(principal) });

/** The most items the inbox shows: the newest open ones first, then the newest done. */
export const INBOX_MAX = 200;

/** The principal's inbox: open items first (newest first), then done ones. */
export async function listInbox(db: Queryable, principal: Principal): Promise<InboxItem[]> {
  return (await selectItems(db, ownerOf(principal), INBOX_MAX)).map(itemOf);
}

/** How many of the principal's open items are unread (the dashboard's count). */
export async function unreadCount(db: Queryable, principal: Principal): Promise<number> {
  return countUnread(db, ownerOf(principal));
}

/** Marks one of the principal's items read (or unread again); NotFound for anyone else's. */
export async function markRead(db: Queryable, principal: Principal, itemId: string, read = true): Promise<InboxItem> {
  const id = requireUuid(itemId, 'itemId', inboxMessages.noItem);
  const row = await updateRead(db, ownerOf(principal), id, read);
  if (!row) throw new NotFound('itemId', inboxMessages.noItem({ id }));
  return itemOf(row);
}
