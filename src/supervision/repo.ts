/**
 * The roll-ups' data (issue 18, point 3): the fiscal years of one year of the organisations in a scope (below an
 * office, through organisations.parent_id, migration 0020; a province; a type), each with its indicator scores.
 * Read only; every row checked as it is read (src/db/rows.ts).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

const OrgRow = z.strictObject({ id: col.uuid, slug: col.text, name_th: col.text });
export type OrgRow = z.output<typeof OrgRow>;

/** The organisation of a slug, if there is one. */
export async function selectOrganisation(db: Queryable, slug: string): Promise<OrgRow | undefined> {
  return oneRow(db, OrgRow, 'SELECT id, slug, name_th FROM organisations WHERE slug = $1', [slug]);
}

const YearRow = z.strictObject({
  slug: col.text,
  org_type: col.text.nullable(),
  office: col.bool,
  criteria_year: col.int,
  criteria_revision: col.int,
  eit_part1: col.text.nullable(),
  eit_part2: col.text.nullable(),
  /** Indicator number → score (numeric as text, exact). */
  indicators: z.record(z.string().regex(/^\d{1,2}$/), z.string()),
});
export type YearRow = z.output<typeof YearRow>;

export interface Scope {
  readonly year: number;
  /** The office: the organisations below it (recursively) and itself; null: every organisation. */
  readonly officeId: string | null;
  /** The province: its code, and its Thai name for organisations recorded without a code. */
  readonly province: { readonly code: string; readonly nameTh: string } | null;
  /** The type's code (src/organisations/vocab.ts). */
  readonly type: string | null;
}

/** The fiscal years of `scope.year` of the organisations in the scope, with their scores, by slug. */
export async function selectScopeYears(db: Queryable, scope: Scope): Promise<YearRow[]> {
  return rows(
    db,
    YearRow,
    `WITH RECURSIVE below (id) AS (
       SELECT id FROM organisations WHERE id = $2::uuid
       UNION
       SELECT o.id FROM organisations o JOIN below b ON o.parent_id = b.id
     )
     SELECT o.slug, o.org_type, coalesce(o.id = $2::uuid, false) AS office, fy.criteria_year, fy.criteria_revision,
            fy.eit_part1::text AS eit_part1, fy.eit_part2::text AS eit_part2,
            coalesce((SELECT jsonb_object_agg(s.indicator::text, s.score::text) FROM indicator_scores s WHERE s.fiscal_year_id = fy.id), '{}'::jsonb) AS indicators
       FROM organisations o JOIN fiscal_years fy ON fy.org_id = o.id AND fy.year = $1
      WHERE ($2::uuid IS NULL OR o.id IN (SELECT id FROM below))
        AND ($3::text IS NULL OR o.province_code = $3 OR (o.province_code IS NULL AND o.province = $4::text))
        AND ($5::text IS NULL OR o.org_type = $5)
      ORDER BY o.slug`,
    [scope.year, scope.officeId, scope.province?.code ?? null, scope.province?.nameTh ?? null, scope.type],
  );
}
