/**
 * The criteria's data: the packs imported at run time (criteria_packs, migration 0012), rows checked as they are
 * read (src/db/rows.ts). Also the revision a fiscal year is assessed under (fiscal_years belongs to src/years,
 * which has no function for it).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

const PackRow = z.strictObject({ pack: col.json });

/** The newest revision stored for a year (null: none). */
export async function newestStoredRevision(q: Queryable, year: number): Promise<number | null> {
  return (await oneRow(q, z.strictObject({ newest: col.int.nullable() }), 'SELECT max(revision) AS newest FROM criteria_packs WHERE year = $1', [year]))?.newest ?? null;
}

/** Keeps other imports out until the transaction ends. */
export async function lockPacks(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE criteria_packs IN SHARE ROW EXCLUSIVE MODE');
}

export async function insertPack(tx: Queryable, year: number, revision: number, pack: unknown, importedBy: string): Promise<void> {
  await tx.query('INSERT INTO criteria_packs (year, revision, pack, imported_by) VALUES ($1, $2, $3, $4)', [year, revision, JSON.stringify(pack), importedBy]);
}

/** Every stored pack (as stored: the caller checks it), by year and revision. */
export async function selectPacks(q: Queryable): Promise<unknown[]> {
  return (await rows(q, PackRow, 'SELECT pack FROM criteria_packs ORDER BY year, revision')).map((r) => r.pack);
}

/** The criteria revision the fiscal year records. */
export async function selectYearRevision(q: Queryable, fiscalYearId: string): Promise<number | undefined> {
  return (await oneRow(q, z.strictObject({ criteria_revision: col.int }), 'SELECT criteria_revision FROM fiscal_years WHERE id = $1', [fiscalYearId]))?.criteria_revision;
}
