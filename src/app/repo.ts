/**
 * The shared core's SQL (src/db/rows.ts): the organisation and the fiscal year a request acts in, as
 * src/app/context.ts resolves them. Each row's shape is checked where it enters.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { ORG_KINDS } from '../model/year.ts';

const kind = z.enum(ORG_KINDS);
const status = z.enum(['open', 'closed']);

const OrgRow = z.strictObject({ id: col.uuid, slug: col.text, name_th: col.text, kind, ancestors: z.array(col.uuid) });

/** The organisation of a slug, with its ancestors from the parent up (a supervisor's grant is on one of them). */
export async function orgBySlug(db: Queryable, slug: string): Promise<z.output<typeof OrgRow> | undefined> {
  return oneRow(
    db,
    OrgRow,
    `SELECT o.id, o.slug, o.name_th, o.kind,
            ARRAY(WITH RECURSIVE up (id, parent_id, depth) AS (
                    SELECT p.id, p.parent_id, 1 FROM organisations p WHERE p.id = o.parent_id
                    UNION ALL
                    SELECT p.id, p.parent_id, up.depth + 1 FROM organisations p JOIN up ON p.id = up.parent_id
                  )
                  SELECT id FROM up ORDER BY depth) AS ancestors
       FROM organisations o WHERE o.slug = $1`,
    [slug],
  );
}

const FiscalYearRow = z.strictObject({ id: col.uuid, criteria_year: col.int, criteria_revision: col.int, status });

export async function fiscalYearOf(db: Queryable, orgId: string, year: number): Promise<z.output<typeof FiscalYearRow> | undefined> {
  return oneRow(db, FiscalYearRow, 'SELECT id, criteria_year, criteria_revision, status FROM fiscal_years WHERE org_id = $1 AND year = $2', [orgId, year]);
}

const OrgSummaryRow = z.strictObject({
  id: col.uuid,
  slug: col.text,
  name_th: col.text,
  kind,
  province: col.text.nullable(),
  years: col.intArray.nullable(),
  above: z.array(col.uuid),
});

/**
 * The organisations among `visible` (every one when null) and those below any of `offices` (one recursive query
 * down the tree), with their fiscal years, newest first, and which of `offices` are above each (`above`).
 */
export async function organisationsWithYears(db: Queryable, visible: readonly string[] | null, offices: readonly string[] = []): Promise<z.output<typeof OrgSummaryRow>[]> {
  return rows(
    db,
    OrgSummaryRow,
    `WITH RECURSIVE down (id, office) AS (
            SELECT o.id, o.parent_id FROM organisations o WHERE o.parent_id = ANY($2::uuid[])
            UNION
            SELECT o.id, down.office FROM organisations o JOIN down ON o.parent_id = down.id
          ),
          below AS (SELECT id, array_agg(DISTINCT office) AS above FROM down GROUP BY id)
     SELECT o.id, o.slug, o.name_th, o.kind, o.province,
            (SELECT array_agg(f.year ORDER BY f.year DESC) FROM fiscal_years f WHERE f.org_id = o.id) AS years,
            coalesce(below.above, '{}'::uuid[]) AS above
       FROM organisations o LEFT JOIN below ON below.id = o.id
      WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[]) OR below.id IS NOT NULL`,
    [visible, offices],
  );
}

/**
 * Records that a person read an organisation's data (a supervisor's read, issue 18): one audit_log row of action
 * 'read', written by the application (the triggers record changes only), in its own statement.
 */
export async function insertRead(
  db: Queryable,
  read: { readonly actorId: string | null; readonly actorLabel: string; readonly orgId: string; readonly entity: string; readonly entityId: string; readonly what: string },
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_label, org_id, entity, entity_id, action, after)
     VALUES ($1, $2, $3, $4, $5, 'read', jsonb_build_object('what', $6::text))`,
    [read.actorId, read.actorLabel, read.orgId, read.entity, read.entityId, read.what],
  );
}

const YearSummaryRow = z.strictObject({ year: col.int, criteria_year: col.int, status, measures: col.int });

/** An organisation's fiscal years, newest first, with their number of measures. */
export async function yearsOfOrg(db: Queryable, orgId: string): Promise<z.output<typeof YearSummaryRow>[]> {
  return rows(
    db,
    YearSummaryRow,
    `SELECT f.year, f.criteria_year, f.status, (SELECT count(*)::int FROM measures m WHERE m.fiscal_year_id = f.id) AS measures
       FROM fiscal_years f WHERE f.org_id = $1 ORDER BY f.year DESC`,
    [orgId],
  );
}

/** A criteria pack stored in the database (criteria_packs, written by src/criteria/), unchecked: the caller parses it. */
export async function storedPack(db: Queryable, year: number, revision: number): Promise<unknown> {
  return (await oneRow(db, z.strictObject({ pack: col.json }), 'SELECT pack FROM criteria_packs WHERE year = $1 AND revision = $2', [year, revision]))?.pack;
}
