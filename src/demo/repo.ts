/**
 * The demo's data: whether there is any organisation, removing the demo organisation, its sign-off and whether its
 * complaint channel is set up. These tables belong to src/organisations and src/complaints, which have no function
 * for a system step without a principal; rows checked as they are read (src/db/rows.ts).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow } from '../db/rows.ts';

/** How many organisations the database holds. */
export async function countOrganisations(db: Queryable): Promise<number> {
  return (await oneRow(db, z.strictObject({ n: col.int }), 'SELECT count(*)::int AS n FROM organisations'))?.n ?? 0;
}

/** Whether an organisation has the slug. */
export async function organisationExists(db: Queryable, slug: string): Promise<boolean> {
  return (await oneRow(db, z.strictObject({ found: col.int }), 'SELECT 1 AS found FROM organisations WHERE slug = $1', [slug])) !== undefined;
}

/** Removes the organisation of `slug` with everything it holds. */
export async function deleteOrganisation(tx: Queryable, slug: string): Promise<void> {
  await tx.query('DELETE FROM organisations WHERE slug = $1', [slug]);
}

/** Sets who signs the organisation's documents. */
export async function setSignOff(tx: Queryable, slug: string, s: { readonly preparerName: string; readonly preparerPosition: string; readonly executivePosition: string }): Promise<void> {
  await tx.query('UPDATE organisations SET preparer_name = $2, preparer_position = $3, executive_position = $4 WHERE slug = $1', [
    slug,
    s.preparerName,
    s.preparerPosition,
    s.executivePosition,
  ]);
}

/** Whether the organisation's complaint channel is set up. */
export async function channelSetUp(db: Queryable, slug: string): Promise<boolean> {
  const row = await oneRow(
    db,
    z.strictObject({ set_up: col.bool }),
    'SELECT EXISTS (SELECT 1 FROM complaint_orgs c JOIN organisations o ON o.id = c.org_id WHERE o.slug = $1) AS set_up',
    [slug],
  );
  return row?.set_up ?? false;
}
