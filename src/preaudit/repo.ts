/**
 * The pre-audit's data (migration 0031): the agency's own answers per OIT item (oit_answers, audited) and the
 * history of the checks as stretches of the same outcome (oit_checks). Rows checked as they are read (src/db/rows.ts).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

const AnswerRow = z.strictObject({
  item_code: col.text,
  urls: col.textArray,
  explanation: col.text,
  updated_at: col.timestamp,
});
export type AnswerRow = z.output<typeof AnswerRow>;
const ANSWER_COLUMNS = 'item_code, urls, explanation, updated_at';

/** The answers of an organisation's year, by item code. */
export async function selectAnswers(db: Queryable, orgId: string, year: number): Promise<AnswerRow[]> {
  return rows(db, AnswerRow, `SELECT ${ANSWER_COLUMNS} FROM oit_answers WHERE org_id = $1 AND year = $2 ORDER BY item_code`, [orgId, year]);
}

/** Sets (or replaces) the answer of one item. */
export async function upsertAnswer(tx: Queryable, orgId: string, year: number, code: string, urls: readonly string[], explanation: string): Promise<AnswerRow> {
  const row = await oneRow(
    tx,
    AnswerRow,
    `INSERT INTO oit_answers (org_id, year, item_code, urls, explanation) VALUES ($1, $2, $3, $4::text[], $5)
     ON CONFLICT (org_id, year, item_code) DO UPDATE SET urls = excluded.urls, explanation = excluded.explanation, updated_at = now()
     RETURNING ${ANSWER_COLUMNS}`,
    [orgId, year, code, urls, explanation],
  );
  return row as AnswerRow;
}

/** Removes the answer of one item (back to the portal); true when there was one. */
export async function deleteAnswer(tx: Queryable, orgId: string, year: number, code: string): Promise<boolean> {
  const row = await oneRow(tx, z.strictObject({ item_code: col.text }), 'DELETE FROM oit_answers WHERE org_id = $1 AND year = $2 AND item_code = $3 RETURNING item_code', [orgId, year, code]);
  return row !== undefined;
}

const CheckRow = z.strictObject({
  id: col.int,
  item_code: col.text,
  status: z.enum(['pass', 'manual', 'fail']),
  reasons: col.json,
  urls: col.json,
  requirements: col.json,
  fingerprint: col.text,
  first_checked_at: col.timestamp,
  last_checked_at: col.timestamp,
  trigger: z.enum(['now', 'weekly', 'cli']),
});
export type CheckRow = z.output<typeof CheckRow>;
const CHECK_COLUMNS = 'id, item_code, status, reasons, urls, requirements, fingerprint, first_checked_at, last_checked_at, trigger';

export interface CheckInsert {
  readonly itemCode: string;
  readonly status: 'pass' | 'manual' | 'fail';
  readonly reasons: unknown;
  readonly urls: unknown;
  readonly requirements: unknown;
  readonly fingerprint: string;
  /** ISO instant. */
  readonly checkedAt: string;
  readonly trigger: 'now' | 'weekly' | 'cli';
}

/**
 * Records one check under the stretch rule, in one statement: when the item's latest row has the same
 * fingerprint, that row's last_checked_at (and detail) moves; else a new row starts. Returns the row written.
 */
export async function recordCheck(tx: Queryable, orgId: string, year: number, c: CheckInsert): Promise<CheckRow> {
  const row = await oneRow(
    tx,
    CheckRow,
    `WITH latest AS (
       SELECT id, fingerprint FROM oit_checks WHERE org_id = $1 AND year = $2 AND item_code = $3
        ORDER BY last_checked_at DESC, id DESC LIMIT 1 FOR UPDATE
     ), moved AS (
       UPDATE oit_checks c SET last_checked_at = greatest(c.last_checked_at, $8::timestamptz), reasons = $5::jsonb, urls = $6::jsonb,
              requirements = $7::jsonb, trigger = $10
         FROM latest l WHERE c.id = l.id AND l.fingerprint = $9
       RETURNING ${CHECK_COLUMNS.split(', ').map((c) => `c.${c}`).join(', ')}
     ), added AS (
       INSERT INTO oit_checks (org_id, year, item_code, status, reasons, urls, requirements, fingerprint, first_checked_at, last_checked_at, trigger)
       SELECT $1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $9, $8::timestamptz, $8::timestamptz, $10
        WHERE NOT EXISTS (SELECT 1 FROM moved)
       RETURNING ${CHECK_COLUMNS}
     )
     SELECT ${CHECK_COLUMNS} FROM moved UNION ALL SELECT ${CHECK_COLUMNS} FROM added`,
    [orgId, year, c.itemCode, c.status, JSON.stringify(c.reasons), JSON.stringify(c.urls), JSON.stringify(c.requirements), c.checkedAt, c.fingerprint, c.trigger],
  );
  return row as CheckRow;
}

/** The latest check of every item of an organisation's year. */
export async function selectLatestChecks(db: Queryable, orgId: string, year: number): Promise<CheckRow[]> {
  return rows(
    db,
    CheckRow,
    `SELECT DISTINCT ON (item_code) ${CHECK_COLUMNS} FROM oit_checks WHERE org_id = $1 AND year = $2
      ORDER BY item_code, last_checked_at DESC, id DESC`,
    [orgId, year],
  );
}

/** The history of one item, newest first. */
export async function selectItemHistory(db: Queryable, orgId: string, year: number, code: string): Promise<CheckRow[]> {
  return rows(db, CheckRow, `SELECT ${CHECK_COLUMNS} FROM oit_checks WHERE org_id = $1 AND year = $2 AND item_code = $3 ORDER BY last_checked_at DESC, id DESC`, [
    orgId,
    year,
    code,
  ]);
}

/**
 * Per item, over the organisations' latest check of `year` (for supervisors): how many checked it and how many of
 * those fail it.
 */
export async function countChecked(db: Queryable, orgIds: readonly string[], year: number): Promise<{ item_code: string; checked: number; failing: number }[]> {
  return rows(
    db,
    z.strictObject({ item_code: col.text, checked: col.int, failing: col.int }),
    `SELECT item_code, count(*)::int AS checked, (count(*) FILTER (WHERE status = 'fail'))::int AS failing FROM (
       SELECT DISTINCT ON (org_id, item_code) org_id, item_code, status FROM oit_checks
        WHERE org_id = ANY($1::uuid[]) AND year = $2 ORDER BY org_id, item_code, last_checked_at DESC, id DESC
     ) latest GROUP BY item_code ORDER BY item_code`,
    [orgIds, year],
  );
}

/** How many of the organisations have checked any item of `year`. */
export async function countOrgsChecked(db: Queryable, orgIds: readonly string[], year: number): Promise<number> {
  const row = await oneRow(db, z.strictObject({ n: col.int }), 'SELECT count(DISTINCT org_id)::int AS n FROM oit_checks WHERE org_id = ANY($1::uuid[]) AND year = $2', [orgIds, year]);
  return row?.n ?? 0;
}

/** How many of the organisations fail each item in their latest check of `year` (for supervisors). */
export async function countFailing(db: Queryable, orgIds: readonly string[], year: number): Promise<{ item_code: string; failing: number }[]> {
  return (await countChecked(db, orgIds, year)).filter((r) => r.failing > 0).map(({ item_code, failing }) => ({ item_code, failing }));
}
