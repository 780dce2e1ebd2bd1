/**
 * The criteria packs stored in the database (criteria_packs, src/criteria/criteria.ts), registered with src/ita so that
 * getCriteria knows them: all of them when the server starts, and one a year needs that another process imported
 * after this one started (a year moved to it there).
 */
import type { Queryable } from '../db/index.ts';
import { criteriaRevisions, forgetRegisteredPacks, packSchema, registerPack } from '../ita/index.ts';

/** Registers the packs stored in the database (after forgetting any registered before); returns how many. */
export async function loadStoredPacks(q: Queryable): Promise<number> {
  const rows = await q.query<{ pack: unknown }>('SELECT pack FROM criteria_packs ORDER BY year, revision');
  forgetRegisteredPacks();
  for (const row of rows) registerPack(packSchema.parse(row.pack));
  return rows.length;
}

/** Makes sure the pack of (year, revision) is registered when the database has it (one query, only when unknown). */
export async function ensureStoredPack(q: Queryable, year: number, revision: number): Promise<void> {
  if (criteriaRevisions(year).includes(revision)) return;
  const [row] = await q.query<{ pack: unknown }>('SELECT pack FROM criteria_packs WHERE year = $1 AND revision = $2', [year, revision]);
  if (row) registerPack(packSchema.parse(row.pack));
}
