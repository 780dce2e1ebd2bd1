/**
 * The data of the audit log: the table audit_log, written by the database's triggers (migration 0001), read
 * here with its rows checked (src/db/rows.ts); and the names of the records it points to.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { addDays } from '../complaints/complaints.ts';

/** What an entry records: a change (written by the triggers) or a supervisor's read (src/app/context.ts). */
export const AUDIT_ACTIONS = ['insert', 'update', 'delete', 'read'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const AuditRow = z.strictObject({
  id: col.int,
  at: col.timestamp,
  actor_id: col.text.nullable(),
  actor_label: col.text,
  entity: col.text,
  entity_id: col.text.nullable(),
  action: z.enum(AUDIT_ACTIONS),
  before: col.json,
  after: col.json,
});
export type AuditRow = z.output<typeof AuditRow>;
const AUDIT_COLUMNS = 'id, at, actor_id, actor_label, entity, entity_id, action, before, after';

/** Which rows of one organisation's log: every condition given must hold (days on the Bangkok calendar). */
export interface AuditSelection {
  readonly entity?: string | undefined;
  readonly entityId?: string | undefined;
  readonly actorId?: string | undefined;
  /** Part of the actor's name as logged. */
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  /** YYYY-MM-DD, from this day. */
  readonly from?: string | undefined;
  /** YYYY-MM-DD, to this day inclusive. */
  readonly to?: string | undefined;
}

/** The WHERE clause and parameters of a filter on one organisation's log. */
function where(orgId: string, f: AuditSelection): { sql: string; params: unknown[] } {
  const params: unknown[] = [orgId];
  const parts = ['org_id = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    parts.push(sql.replace('?', `$${params.length}`));
  };
  if (f.entity !== undefined) add('entity = ?', f.entity);
  if (f.entityId !== undefined) add('entity_id = ?', f.entityId);
  if (f.actorId !== undefined) add('actor_id = ?', f.actorId);
  if (f.actor !== undefined && f.actor !== '') add(`actor_label ILIKE ? ESCAPE '\\'`, `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.action !== undefined) add('action = ?', f.action);
  if (f.from !== undefined) add('at >= ?::timestamptz', `${f.from}T00:00:00+07:00`);
  if (f.to !== undefined) add('at < ?::timestamptz', `${addDays(f.to, 1)}T00:00:00+07:00`);
  return { sql: parts.join(' AND '), params };
}

export async function countAudit(db: Queryable, orgId: string, selection: AuditSelection): Promise<number> {
  const w = where(orgId, selection);
  return (await oneRow(db, z.strictObject({ n: col.int }), `SELECT count(*)::int AS n FROM audit_log WHERE ${w.sql}`, w.params))?.n ?? 0;
}

/** One page of the rows, newest first. */
export async function selectAuditPage(db: Queryable, orgId: string, selection: AuditSelection, limit: number, offset: number): Promise<AuditRow[]> {
  const w = where(orgId, selection);
  return rows(
    db,
    AuditRow,
    `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE ${w.sql}
      ORDER BY at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
    w.params,
  );
}

/** The rows oldest first, at most `limit`. */
export async function selectAuditOldestFirst(db: Queryable, orgId: string, selection: AuditSelection, limit: number): Promise<AuditRow[]> {
  const w = where(orgId, selection);
  return rows(db, AuditRow, `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE ${w.sql} ORDER BY at, id LIMIT ${limit}`, w.params);
}

const Named = z.strictObject({ id: col.uuid, name: col.text });
export type Named = z.output<typeof Named>;

/*
 * The names of the records the log points to, bound to the organisation. These tables belong to other
 * capabilities (measures and fiscal_years to years/measures, people to accounts, units to organisations), which
 * have no function that names records by id in bulk: the queries stay here.
 */

export async function selectMeasureNames(db: Queryable, orgId: string, ids: readonly string[]): Promise<Named[]> {
  return rows(db, Named, `SELECT m.id, m.title_th AS name FROM measures m JOIN fiscal_years y ON y.id = m.fiscal_year_id WHERE y.org_id = $1 AND m.id = ANY($2::uuid[])`, [orgId, ids]);
}

export async function selectPeopleNames(db: Queryable, orgId: string, ids: readonly string[]): Promise<Named[]> {
  return rows(db, Named, 'SELECT id, name_th AS name FROM people WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, ids]);
}

export async function selectUnitNames(db: Queryable, orgId: string, ids: readonly string[]): Promise<Named[]> {
  return rows(db, Named, 'SELECT id, name_th AS name FROM units WHERE org_id = $1 AND id = ANY($2::uuid[])', [orgId, ids]);
}
