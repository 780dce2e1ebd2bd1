/**
 * Changing a fiscal year: one transaction on behalf of the principal (so the audit log names them), which first
 * locks the year's row. Every change to a year takes that lock, so two changes to the same year run one after
 * the other and a change that reads the year, edits it and saves it (through saveYearIn, the one path that
 * writes a year) never overwrites what another committed in between. A closed year is frozen.
 */
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import type { YearInput } from '../model/year.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import type { YearContext } from '../app/context.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { loadYear, saveYearIn, type SaveSummary } from './years.ts';

/** Locks the year's row for the rest of the transaction; refuses a year that is gone or closed. */
export async function lockYear(tx: Queryable, ctx: YearContext): Promise<void> {
  const [row] = await tx.query<{ status: string }>('SELECT status FROM fiscal_years WHERE id = $1 AND org_id = $2 FOR UPDATE', [ctx.fiscalYearId, ctx.orgId]);
  if (!row) throw new NotFound('year', `${ctx.nameTh} ไม่มีปีงบประมาณ ${ctx.year} แล้ว`, `${ctx.slug} no longer has fiscal year ${ctx.year}`);
  if (row.status === 'closed') {
    throw new InputError('year', `ปีงบประมาณ ${ctx.year} ของ${ctx.nameTh} ปิดแล้ว จึงแก้ไขไม่ได้`, `fiscal year ${ctx.year} of ${ctx.slug} is closed: it cannot be changed`);
  }
}

/** Runs `fn` in one transaction on behalf of the principal, with the year locked and open. */
export async function writeYear<T>(db: Db, principal: Principal, ctx: YearContext, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return write(db, actorOf(principal), ctx.orgId, async (tx) => {
    await lockYear(tx, ctx);
    return fn(tx);
  });
}

export interface YearEdit {
  readonly tx: Queryable;
  /** The year as it is now, read inside the transaction after the lock. */
  readonly year: YearInput;
  /** Writes the changed year (saveYearIn: only what differs is written, and audited). */
  save(next: YearInput): Promise<SaveSummary>;
}

/** Reads the year under the lock, lets `fn` change it and save it, all in one transaction. */
export async function editYear<T>(db: Db, principal: Principal, ctx: YearContext, fn: (edit: YearEdit) => Promise<T>): Promise<T> {
  const actor = actorOf(principal);
  return writeYear(db, principal, ctx, async (tx) => {
    const year = await loadYear(tx, ctx.slug, ctx.year);
    return fn({ tx, year, save: (next) => saveYearIn(tx, actor, next) });
  });
}

/** The records that carry a version (updated_at) for optimistic concurrency. */
export type Versioned = { readonly table: 'measures' | 'progress_entries'; readonly th: string; readonly en: string };
export const MEASURE_VERSION: Versioned = { table: 'measures', th: 'มาตรการ', en: 'measure' };
export const PROGRESS_VERSION: Versioned = { table: 'progress_entries', th: 'รายการความก้าวหน้า', en: 'progress entry' };

/**
 * Refuses a change made on top of an older version of a record: `expected` is its updated_at as the editor read
 * it. Call it with the year locked (the record cannot change between the check and the write).
 */
export async function checkVersion(tx: Queryable, what: Versioned, id: string, expected: string): Promise<void> {
  const when = new Date(typeof expected === 'string' ? expected : NaN);
  if (Number.isNaN(when.getTime())) {
    throw new InputError('updatedAt', `ไม่ได้ระบุรุ่นของ${what.th}ที่แก้ไข (updatedAt)`, `the version of the ${what.en} being changed (updatedAt) is missing or not a timestamp`);
  }
  const [row] = await tx.query<{ updated_at: string }>(`SELECT updated_at FROM ${what.table} WHERE id = $1`, [id]);
  if (row && new Date(row.updated_at).getTime() !== when.getTime()) {
    throw new Conflict(
      'updatedAt',
      `${what.th}นี้ถูกแก้ไขโดยผู้อื่นเมื่อ ${row.updated_at} หลังจากที่คุณเปิดอ่าน: โปรดโหลดข้อมูลใหม่แล้วแก้ไขอีกครั้ง`,
      `someone else changed this ${what.en} at ${row.updated_at}, after you read it: reload it and make your change again`,
      row.updated_at,
    );
  }
}

/**
 * Makes the version of a changed record newer than any before (the transaction's now() could equal it), so that
 * a stale copy always conflicts. The audit log ignores a change of updated_at alone.
 */
export async function bumpVersion(tx: Queryable, what: Versioned, id: string): Promise<void> {
  await tx.query(`UPDATE ${what.table} SET updated_at = greatest(clock_timestamp(), updated_at + interval '1 millisecond') WHERE id = $1`, [id]);
}
