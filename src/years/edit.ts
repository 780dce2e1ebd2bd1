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
import { yearsMessages } from './messages.ts';
import { bumpVersionOf, lockYearRow, selectVersion } from './repo.ts';
import { loadYear, saveYearIn, type SaveSummary } from './years.ts';

/** Locks the year's row for the rest of the transaction; refuses a year that is gone or closed. */
export async function lockYear(tx: Queryable, ctx: YearContext): Promise<void> {
  const status = await lockYearRow(tx, ctx.fiscalYearId, ctx.orgId);
  const year = { nameTh: ctx.nameTh, slug: ctx.slug, year: ctx.year };
  if (!status) throw new NotFound('year', yearsMessages.yearNoLonger(year));
  if (status === 'closed') throw new InputError('year', yearsMessages.yearClosed(year));
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
    throw new InputError('updatedAt', yearsMessages.versionMissing({ thingTh: what.th, thingEn: what.en }));
  }
  const current = await selectVersion(tx, what.table, id);
  if (current !== undefined && new Date(current).getTime() !== when.getTime()) {
    throw new Conflict('updatedAt', yearsMessages.changedMeanwhile({ thingTh: what.th, thingEn: what.en, at: current }), current);
  }
}

/**
 * Makes the version of a changed record newer than any before (the transaction's now() could equal it), so that
 * a stale copy always conflicts. The audit log ignores a change of updated_at alone.
 */
export async function bumpVersion(tx: Queryable, what: Versioned, id: string): Promise<void> {
  await bumpVersionOf(tx, what.table, id);
}
