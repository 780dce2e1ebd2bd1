/**
 * The peers' data (issue 18, point 4): for one organisation and fiscal year, in ONE query, per item (0: the
 * overall score, 1–10: the indicators) and per area (`province`: its type in its province; `country`: its type
 * everywhere), how many peers have a published score, how many of them score strictly lower and how many the same
 * as the organisation's own score (given), and the peers' median. Read only; every row checked (src/db/rows.ts).
 *
 * Peers: the other organisations of the same `organisations.org_type` (src/organisations/vocab.ts) whose fiscal
 * year of that number has a published score source (PUBLISHED_SOURCES, supervision/peers.ts says why). A peer's
 * overall score is computed here from its indicator scores with the criteria's tool weights (tool = mean of its
 * indicators, or of the EIT parts where the criteria have parts and the year has them; overall = Σ weight × tool,
 * rounded half-up to the criteria's decimals, as src/scoring/score.ts `combine` does), only for peers under the
 * same criteria year with every indicator scored. The sum is taken scaled by a common multiple D of the tools'
 * counts (Σ weight × tool total × D / count, then one division by D), so that no mean is cut to a finite number of
 * digits before the rounding: the mean of three scores can repeat, and 80.0249999… must not stand for 80.025.
 *
 * Indexes used (8,300 organisations, 5 years, 415,000 indicator scores): `organisations_pkey` for the
 * organisation itself; the organisations of its type are a filter over `organisations` (8,300 narrow rows, no
 * index on org_type); fiscal_years of the year are read once (41,500 rows; the UNIQUE (org_id, year) index serves
 * the organisation's own year); `indicator_scores_pkey` (fiscal_year_id, indicator) for each peer's scores, one
 * lookup per peer year. Percentiles are counted with aggregate FILTERs, the median with percentile_disc (exact on
 * numeric), all in the same statement. Measured (EXPLAIN ANALYZE, PostgreSQL 15, this shared 2-core machine, the
 * largest group: 4,979 อบต. country-wide): 350–520 ms, most of it sorting and aggregating the ~55,000 peer values.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, rows } from '../db/rows.ts';

const PeerRow = z.strictObject({
  org_type: col.text.nullable(),
  province: col.text.nullable(),
  /** Null only on the single row of an organisation without any peer. */
  area: z.enum(['province', 'country']).nullable(),
  item: col.int.nullable(),
  peers: col.int,
  lower: col.int,
  ties: col.int,
  /** The peers' median, rounded half-up to 2 decimals; null without peers. */
  median: col.numeric.nullable(),
});
export type PeerRow = z.output<typeof PeerRow>;

export interface PeerQuery {
  readonly orgId: string;
  readonly year: number;
  /** The score sources that count as published. */
  readonly sources: readonly string[];
  /** The criteria of the organisation's year: the year, each indicator's tool, the tools' weights, the decimals. */
  readonly criteriaYear: number;
  readonly indicatorTools: readonly { readonly indicator: number; readonly tool: string }[];
  readonly toolWeights: readonly { readonly tool: string; readonly weight: string }[];
  /** Whether the EIT is the mean of its two parts where a year has them. */
  readonly eitParts: boolean;
  readonly decimals: number;
  /** The organisation's own scores: item (0 overall, 1–10) → exact decimal text; missing ones absent. */
  readonly own: readonly { readonly item: number; readonly score: string }[];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** The least common multiple of every tool's number of indicators and of 2 (the EIT parts). */
function commonMultiple(q: PeerQuery): number {
  const counts = q.toolWeights.map((t) => q.indicatorTools.filter((i) => i.tool === t.tool).length);
  return [2, ...counts].reduce((m, n) => (n === 0 ? m : (m * n) / gcd(m, n)), 1);
}

export async function selectPeerCounts(db: Queryable, q: PeerQuery): Promise<PeerRow[]> {
  const d = commonMultiple(q);
  const count = (tool: string) => q.indicatorTools.filter((i) => i.tool === tool).length;
  const coef = q.indicatorTools.map((i) => ({
    indicator: i.indicator,
    weight: q.toolWeights.find((t) => t.tool === i.tool)?.weight ?? '0',
    mult: d / count(i.tool),
    eit: i.tool === 'EIT',
  }));
  return rows(
    db,
    PeerRow,
    `WITH me AS (
       SELECT id, org_type, province_code, province FROM organisations WHERE id = $1::uuid
     ),
     peer_years AS (
       SELECT fy.id AS fy, fy.criteria_year, fy.eit_part1, fy.eit_part2,
              coalesce(o.province_code = me.province_code OR (o.province_code IS NULL AND o.province = me.province), false) AS near
         FROM me
         JOIN organisations o ON o.org_type = me.org_type AND o.id <> me.id
         JOIN fiscal_years fy ON fy.org_id = o.id AND fy.year = $2 AND fy.score_source = ANY($3::text[])
     ),
     peer_scores AS MATERIALIZED (
       SELECT py.fy, py.near, py.criteria_year, py.eit_part1, py.eit_part2, s.indicator::int AS item, s.score
         FROM peer_years py
         -- OFFSET 0 keeps this a per-year lookup on indicator_scores_pkey (a hash join would read all 415,000 rows).
         CROSS JOIN LATERAL (SELECT i.indicator, i.score FROM indicator_scores i WHERE i.fiscal_year_id = py.fy OFFSET 0) AS s
     ),
     peer_overall AS (
       -- Σ score × weight × D / (its tool's count), EIT parts instead of the EIT indicators where used; then / D.
       SELECT ps.near,
              round(CASE WHEN $9::numeric IS NOT NULL AND min(ps.eit_part1) IS NOT NULL
                         THEN coalesce(sum(ps.score * c.weight * c.mult) FILTER (WHERE NOT c.eit), 0) + $9::numeric * (min(ps.eit_part1) + min(ps.eit_part2)) * ($13::int / 2)
                         ELSE sum(ps.score * c.weight * c.mult) END / $13::int, $10::int) AS score
         FROM peer_scores ps
         JOIN unnest($5::int[], $6::numeric[], $7::int[], $8::boolean[]) AS c (item, weight, mult, eit) ON c.item = ps.item
        WHERE ps.criteria_year = $4
        GROUP BY ps.fy, ps.near
       HAVING count(*) = cardinality($5::int[])
     ),
     peer_values AS (
       SELECT near, item, score FROM peer_scores
       UNION ALL
       SELECT near, 0, score FROM peer_overall
     ),
     grouped AS (
       SELECT 'country' AS area, item, score FROM peer_values
       UNION ALL
       SELECT 'province', item, score FROM peer_values WHERE near
     ),
     own AS (
       SELECT * FROM unnest($11::int[], $12::numeric[]) AS own (item, score)
     )
     SELECT me.org_type, me.province, g.area, g.item, count(g.score)::int AS peers,
            count(*) FILTER (WHERE g.score < own.score)::int AS lower,
            count(*) FILTER (WHERE g.score = own.score)::int AS ties,
            round((percentile_disc(0.5) WITHIN GROUP (ORDER BY g.score) + percentile_disc(0.5) WITHIN GROUP (ORDER BY g.score DESC)) / 2, 2)::text AS median
       FROM me
       LEFT JOIN (grouped g LEFT JOIN own ON own.item = g.item) ON true
      GROUP BY me.org_type, me.province, g.area, g.item, own.score
      ORDER BY g.area, g.item`,
    [
      q.orgId,
      q.year,
      q.sources,
      q.criteriaYear,
      coef.map((c) => c.indicator),
      coef.map((c) => c.weight),
      coef.map((c) => c.mult),
      coef.map((c) => c.eit),
      q.eitParts ? (q.toolWeights.find((t) => t.tool === 'EIT')?.weight ?? null) : null,
      q.decimals,
      q.own.map((o) => o.item),
      q.own.map((o) => o.score),
      d,
    ],
  );
}
