/** Advice's data: the tables advice and advice_replies (migration 0022), rows checked as they are read (src/db/rows.ts). */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

const AdviceRow = z.strictObject({
  id: col.uuid,
  office_id: col.uuid,
  office_name_th: col.text,
  author_id: col.uuid,
  author_name_th: col.text,
  body: col.text,
  indicators: col.intArray,
  created_at: col.timestamp,
});
export type AdviceRow = z.output<typeof AdviceRow>;

const ReplyRow = z.strictObject({
  id: col.uuid,
  advice_id: col.uuid,
  author_name_th: col.text,
  body: col.text,
  created_at: col.timestamp,
});
export type ReplyRow = z.output<typeof ReplyRow>;

const ADVICE_SELECT = `SELECT a.id, a.office_id, o.name_th AS office_name_th, a.author_id, p.name_th AS author_name_th, a.body, a.indicators, a.created_at
  FROM advice a JOIN organisations o ON o.id = a.office_id JOIN people p ON p.id = a.author_id`;

export interface AdviceInsert {
  readonly fiscalYearId: string;
  readonly officeId: string;
  readonly authorId: string;
  readonly body: string;
  readonly indicators: readonly number[];
}

/** Writes advice; its id. */
export async function insertAdvice(tx: Queryable, a: AdviceInsert): Promise<string> {
  const row = await oneRow(
    tx,
    z.strictObject({ id: col.uuid }),
    'INSERT INTO advice (fiscal_year_id, office_id, author_id, body, indicators) VALUES ($1, $2, $3, $4, $5::int[]) RETURNING id',
    [a.fiscalYearId, a.officeId, a.authorId, a.body, a.indicators],
  );
  if (!row) throw new Error('advice: the advice was not written');
  return row.id;
}

/** The advice on a fiscal year, newest first. */
export async function selectAdvice(db: Queryable, fiscalYearId: string): Promise<AdviceRow[]> {
  return rows(db, AdviceRow, `${ADVICE_SELECT} WHERE a.fiscal_year_id = $1 ORDER BY a.created_at DESC, a.id`, [fiscalYearId]);
}

/** One piece of advice on the fiscal year (undefined when the year has none of that id). */
export async function selectOneAdvice(db: Queryable, fiscalYearId: string, id: string): Promise<AdviceRow | undefined> {
  return oneRow(db, AdviceRow, `${ADVICE_SELECT} WHERE a.fiscal_year_id = $1 AND a.id = $2`, [fiscalYearId, id]);
}

/** The replies to the advice on a fiscal year, oldest first. */
export async function selectReplies(db: Queryable, fiscalYearId: string): Promise<ReplyRow[]> {
  return rows(
    db,
    ReplyRow,
    `SELECT r.id, r.advice_id, p.name_th AS author_name_th, r.body, r.created_at
       FROM advice_replies r JOIN advice a ON a.id = r.advice_id JOIN people p ON p.id = r.author_id
      WHERE a.fiscal_year_id = $1 ORDER BY r.created_at, r.id`,
    [fiscalYearId],
  );
}

/** Writes a reply; the reply as read back. */
export async function insertReply(tx: Queryable, adviceId: string, authorId: string, body: string): Promise<ReplyRow> {
  const row = await oneRow(
    tx,
    ReplyRow,
    `WITH r AS (INSERT INTO advice_replies (advice_id, author_id, body) VALUES ($1, $2, $3) RETURNING id, advice_id, author_id, body, created_at)
     SELECT r.id, r.advice_id, p.name_th AS author_name_th, r.body, r.created_at FROM r JOIN people p ON p.id = r.author_id`,
    [adviceId, authorId, body],
  );
  if (!row) throw new Error('advice: the reply was not written');
  return row;
}
