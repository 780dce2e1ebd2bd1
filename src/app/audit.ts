/**
 * The audit log of an organisation (who changed what, when, before and after: written by the database's
 * triggers whatever code made the change): browse it with filters and pages, or export it as CSV. Only those
 * who hold audit.read (administrators, the executive, the auditor) see it, and only their organisation's rows.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { writeCsv } from '../io/workbook.ts';
import type { Principal } from './authz.ts';
import { addDays } from './complaints.ts';
import { resolveOrg } from './context.ts';
import { isCalendarDate, parseInput } from './input.ts';

/** The records the log follows. */
export const AUDIT_ENTITIES = [
  'organisations', 'units', 'people', 'roles', 'fiscal_years', 'indicator_scores', 'question_results', 'oit_item_results', 'analysis_texts',
  'measures', 'measure_indicators', 'measure_responsibles', 'progress_entries', 'evidence', 'approvals', 'publications', 'survey_batches',
  'organisation_old_slugs',
] as const;

const day = z.string().refine(isCalendarDate, { message: 'วันที่ต้องอยู่ในรูปแบบ YYYY-MM-DD / a date must be YYYY-MM-DD' });

export const auditFilterSchema = z
  .object({
    entity: z.enum(AUDIT_ENTITIES).optional(),
    /** Only this record (with `entity`): a measure's id, "fiscal year id:indicator", … */
    entityId: z.string().max(200).optional(),
    /** The person who acted (their id). */
    actorId: z.string().max(64).optional(),
    /** Part of the actor's name as logged. */
    actor: z.string().trim().max(200).optional(),
    action: z.enum(['insert', 'update', 'delete']).optional(),
    /** From this day, on the Bangkok calendar. */
    from: day.optional(),
    /** To this day inclusive, on the Bangkok calendar. */
    to: day.optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type AuditFilter = z.input<typeof auditFilterSchema>;

export interface AuditEntry {
  readonly id: number;
  /** ISO instant. */
  readonly at: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly action: 'insert' | 'update' | 'delete';
  readonly before: unknown;
  readonly after: unknown;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor_id: string | null;
  actor_label: string;
  entity: string;
  entity_id: string | null;
  action: AuditEntry['action'];
  before: unknown;
  after: unknown;
}


/** The WHERE clause and parameters of a filter on one organisation's log. */
function where(orgId: string, f: z.output<typeof auditFilterSchema>): { sql: string; params: unknown[] } {
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

const entry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: r.at,
  actorId: r.actor_id,
  actorLabel: r.actor_label,
  entity: r.entity,
  entityId: r.entity_id,
  action: r.action,
  before: r.before,
  after: r.after,
});

/** One page of the organisation's log, newest first. */
export async function listAudit(db: Queryable, principal: Principal, org: string, filter: AuditFilter = {}): Promise<AuditPage> {
  const ctx = await resolveOrg(db, principal, org, 'audit.read');
  const f = parseInput(auditFilterSchema, filter, 'filter');
  const w = where(ctx.orgId, f);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE ${w.sql}`, w.params);
  const rows = await db.query<AuditRow>(
    `SELECT id, at, actor_id, actor_label, entity, entity_id, action, before, after FROM audit_log WHERE ${w.sql}
      ORDER BY at DESC, id DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
    w.params,
  );
  return { entries: rows.map(entry), total: count?.n ?? 0, page: f.page, pageSize: f.pageSize };
}

/** The most rows one export holds; narrow the filter for more. */
export const AUDIT_EXPORT_MAX = 100_000;

/** Bangkok wall-clock time of an instant (UTC+7 all year): 2026-11-25 18:05:06. */
function bangkokTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The log as CSV (UTF-8 with BOM, for Excel), oldest first, every row the filter selects (paging ignored, at
 * most AUDIT_EXPORT_MAX): when (Bangkok time and ISO instant), who, what record, which action, before and after
 * as JSON.
 */
export async function exportAuditCsv(
  db: Queryable,
  principal: Principal,
  org: string,
  filter: AuditFilter = {},
): Promise<{ readonly bytes: Buffer; readonly mediaType: string; readonly fileName: string; readonly rows: number }> {
  const ctx = await resolveOrg(db, principal, org, 'audit.read');
  const f = parseInput(auditFilterSchema, filter, 'filter');
  const w = where(ctx.orgId, f);
  const rows = await db.query<AuditRow>(
    `SELECT id, at, actor_id, actor_label, entity, entity_id, action, before, after FROM audit_log WHERE ${w.sql} ORDER BY at, id LIMIT ${AUDIT_EXPORT_MAX}`,
    w.params,
  );
  const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
  const bytes = writeCsv({
    header: ['เวลา (กรุงเทพฯ)', 'เวลา (ISO)', 'ผู้ทำรายการ', 'รหัสผู้ทำรายการ', 'ข้อมูล', 'รหัสรายการ', 'การกระทำ', 'ก่อน', 'หลัง'],
    rows: rows.map((r) => [bangkokTime(r.at), r.at, r.actor_label, r.actor_id ?? '', r.entity, r.entity_id ?? '', r.action, json(r.before), json(r.after)]),
  });
  return { bytes, mediaType: 'text/csv; charset=utf-8', fileName: `${ctx.slug}-audit-log.csv`, rows: rows.length };
}
