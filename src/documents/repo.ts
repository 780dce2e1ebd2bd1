/**
 * The documents' data: which organisation and fiscal year a slug and a year name, for the CLI and the published
 * versions (organisations and fiscal_years belong to src/organisations and src/years, which have no function that
 * takes a slug without a principal); rows checked as they are read (src/db/rows.ts).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow } from '../db/rows.ts';

/** The organisation of `slug` and its fiscal year `year` (fyId null: no such year); undefined: no such organisation. */
export async function selectOrgAndYear(q: Queryable, slug: string, year: number): Promise<{ orgId: string; fyId: string | null } | undefined> {
  const row = await oneRow(
    q,
    z.strictObject({ org_id: col.uuid, fy_id: col.uuid.nullable() }),
    'SELECT o.id AS org_id, f.id AS fy_id FROM organisations o LEFT JOIN fiscal_years f ON f.org_id = o.id AND f.year = $2 WHERE o.slug = $1',
    [slug, year],
  );
  return row ? { orgId: row.org_id, fyId: row.fy_id } : undefined;
}

/** The id of the fiscal year `year` of the organisation of `slug`. */
export async function selectFiscalYearId(q: Queryable, slug: string, year: number): Promise<string | undefined> {
  return (await oneRow(q, z.strictObject({ id: col.uuid }), 'SELECT f.id FROM fiscal_years f JOIN organisations o ON o.id = f.org_id WHERE o.slug = $1 AND f.year = $2', [slug, year]))?.id;
}
