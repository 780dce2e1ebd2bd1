/**
 * The roll-ups' data (issue 18, point 3): the fiscal years of one year of every organisation, each with its
 * indicator scores and the work in between, and the tree (organisations.parent_id, migration 0020) to pick an
 * office's from them. Read only; every row checked as it is read (src/db/rows.ts).
 *
 * A read model: besides organisations, fiscal_years and indicator_scores it reads other capabilities' tables
 * (measures, measure_indicators, progress_entries of measures; oit_item_results of years; approvals; complaint_orgs
 * of complaints) in the same one query, so that a roll-up of 8,300 organisations is one round trip, never one per
 * organisation. Nothing here writes.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, rows } from '../db/rows.ts';

const YearRow = z.strictObject({
  id: col.uuid,
  slug: col.text,
  name_th: col.text,
  org_type: col.text.nullable(),
  province_code: col.text.nullable(),
  province: col.text.nullable(),
  district: col.text.nullable(),
  criteria_year: col.int,
  criteria_revision: col.int,
  /** fiscal_years.score_source: where the scores come from (the peers count only published ones). */
  score_source: col.text.nullable(),
  eit_part1: col.text.nullable(),
  eit_part2: col.text.nullable(),
  /** Indicator number → score (numeric as text, exact). */
  indicators: z.record(z.string().regex(/^\d{1,2}$/), z.string()),
  /** Indicators under 85 that no measure of the year (not cancelled) cites. */
  weak_unmeasured: col.int,
  /** Measures in progress without progress for a month from `lateBefore` on (none at all included). */
  late_measures: col.int,
  /** OIT items the year's OIT checklist marks as met. */
  oit_met: col.int,
  /** Which of the measures plan and the report on the measures the executive has approved. */
  plan_approved: col.bool,
  report_approved: col.bool,
  /** The complaint channel exists and takes complaints from the public. */
  channel_open: col.bool,
  /**
   * The portal's OIT versions that decide freshness (src/portal/freshness.ts): per item, the newest public version
   * and any scheduled ones, with the fiscal year the content says it covers and the periods its links and files cover.
   */
  oit_versions: z.array(
    z.strictObject({
      code: z.string(),
      public: z.boolean(),
      coversYear: z.number().int().nullable(),
      periods: z.array(z.strictObject({ start: z.string(), end: z.string() })),
    }),
  ),
});
export type YearRow = z.output<typeof YearRow>;

/**
 * Every organisation's fiscal year `year`, with its scores and work, by slug: the whole country in one statement,
 * each table read once and grouped (no subquery per organisation), which the roll-ups then filter in memory
 * (src/supervision/cache.ts). `lateBefore` (YYYY-MM-DD, the first day of last month): a measure in progress with no
 * progress for that month or later is late. `now`: which approved portal versions are public, which scheduled. The statement starts with SELECT, so that the embedded database
 * counts it as a read (Db.changes), which keeps the roll-ups held.
 */
export async function selectYearTable(db: Queryable, year: number, lateBefore: string, now: Date): Promise<YearRow[]> {
  return rows(
    db,
    YearRow,
    `SELECT o.id, o.slug, o.name_th, o.org_type, o.province_code, o.province, o.district,
            fy.criteria_year, fy.criteria_revision, fy.score_source, fy.eit_part1::text AS eit_part1, fy.eit_part2::text AS eit_part2,
            coalesce(sc.indicators, '{}'::jsonb) AS indicators,
            coalesce((SELECT count(*)::int FROM unnest(sc.weak) w WHERE NOT (w = ANY (coalesce(cited.indicators, '{}')))), 0) AS weak_unmeasured,
            coalesce(late.n, 0) AS late_measures,
            coalesce(oit.met, 0) AS oit_met,
            coalesce(ap.plan, false) AS plan_approved,
            coalesce(ap.report, false) AS report_approved,
            coalesce(ch.public_open, false) AS channel_open,
            coalesce(pub.versions, '[]'::jsonb) AS oit_versions
       FROM fiscal_years fy
       JOIN organisations o ON o.id = fy.org_id
       LEFT JOIN (SELECT s.fiscal_year_id, jsonb_object_agg(s.indicator::text, s.score::text) AS indicators,
                         array_agg(s.indicator) FILTER (WHERE s.score < 85) AS weak
                    FROM indicator_scores s JOIN fiscal_years f ON f.id = s.fiscal_year_id AND f.year = $1
                   GROUP BY s.fiscal_year_id) sc ON sc.fiscal_year_id = fy.id
       LEFT JOIN (SELECT m.fiscal_year_id, array_agg(DISTINCT mi.indicator) AS indicators
                    FROM measures m JOIN fiscal_years f ON f.id = m.fiscal_year_id AND f.year = $1
                    JOIN measure_indicators mi ON mi.measure_id = m.id
                   WHERE m.status <> 'cancelled'
                   GROUP BY m.fiscal_year_id) cited ON cited.fiscal_year_id = fy.id
       LEFT JOIN (SELECT m.fiscal_year_id, count(*)::int AS n
                    FROM measures m JOIN fiscal_years f ON f.id = m.fiscal_year_id AND f.year = $1
                   WHERE m.status = 'in_progress'
                     AND NOT EXISTS (SELECT 1 FROM progress_entries p WHERE p.measure_id = m.id AND p.period_start >= $2::date)
                   GROUP BY m.fiscal_year_id) late ON late.fiscal_year_id = fy.id
       LEFT JOIN (SELECT r.fiscal_year_id, count(*) FILTER (WHERE r.met)::int AS met
                    FROM oit_item_results r JOIN fiscal_years f ON f.id = r.fiscal_year_id AND f.year = $1
                   GROUP BY r.fiscal_year_id) oit ON oit.fiscal_year_id = fy.id
       LEFT JOIN (SELECT a.fiscal_year_id,
                         bool_or(a.subject = 'measures-plan' AND a.status = 'approved') AS plan,
                         bool_or(a.subject = 'measures-report' AND a.status = 'approved') AS report
                    FROM approvals a JOIN fiscal_years f ON f.id = a.fiscal_year_id AND f.year = $1
                   GROUP BY a.fiscal_year_id) ap ON ap.fiscal_year_id = fy.id
       LEFT JOIN complaint_orgs ch ON ch.org_id = o.id
       LEFT JOIN (SELECT v.fiscal_year_id,
                         jsonb_agg(jsonb_build_object(
                           'code', v.item_code, 'public', v.public,
                           'coversYear', CASE WHEN jsonb_typeof(v.content->'coversYear') = 'number' THEN v.content->'coversYear' END,
                           'periods', coalesce((SELECT jsonb_agg(jsonb_build_object('start', l->'period'->>'start', 'end', l->'period'->>'end'))
                                                  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v.content->'links') = 'array' THEN v.content->'links' ELSE '[]'::jsonb END) l
                                                 WHERE jsonb_typeof(l->'period') = 'object'), '[]'::jsonb)
                                   || coalesce((SELECT jsonb_agg(jsonb_build_object('start', pf.period_start::text, 'end', pf.period_end::text))
                                                  FROM publication_files pf
                                                 WHERE pf.publication_id = v.id AND pf.role = 'attachment' AND pf.period_start IS NOT NULL AND pf.period_end IS NOT NULL), '[]'::jsonb))) AS versions
                    FROM (SELECT p.id, p.fiscal_year_id, p.item_code, p.content, p.publish_at <= $3 AS public,
                                 row_number() OVER (PARTITION BY p.fiscal_year_id, p.item_code, p.publish_at <= $3 ORDER BY p.version DESC) AS newest
                            FROM publications p JOIN fiscal_years f ON f.id = p.fiscal_year_id AND f.year = $1
                           WHERE p.kind = 'oit' AND p.status = 'approved') v
                   WHERE NOT v.public OR v.newest = 1
                   GROUP BY v.fiscal_year_id) pub ON pub.fiscal_year_id = fy.id
      WHERE fy.year = $1
      ORDER BY o.slug`,
    [year, lateBefore, now.toISOString()],
  );
}

const TreeRow = z.strictObject({ id: col.uuid, slug: col.text, name_th: col.text, parent_id: col.uuid.nullable() });

/** Every organisation's place in the tree (organisations.parent_id, migration 0020), with its slug and name. */
export async function selectTree(db: Queryable): Promise<z.output<typeof TreeRow>[]> {
  return rows(db, TreeRow, 'SELECT id, slug, name_th, parent_id FROM organisations');
}
