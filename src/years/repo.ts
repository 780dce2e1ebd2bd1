/**
 * The years' data: the table fiscal_years (this capability's own), its scores, analysis texts and survey batches,
 * rows checked as they are read (src/db/rows.ts). A whole year read and written at once: repo-year.ts.
 *
 * Kept here though another capability owns the table, for want of a function of theirs: an organisation by its
 * slug (organisations), and the versions (updated_at) of measures and progress entries, which every change of a
 * year checks under the year's lock (edit.ts).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { ORG_KINDS, SCORE_SOURCES, type Organisation } from '../model/year.ts';

const nullableText = col.text.nullable();
const YEAR_STATUS = z.enum(['open', 'closed']);

// Organisations.

const OrgRow = z.strictObject({
  id: col.uuid,
  slug: col.text,
  name_th: col.text,
  name_en: nullableText,
  kind: z.enum(ORG_KINDS),
  subdistrict: nullableText,
  district: nullableText,
  province: nullableText,
  website: nullableText,
});
export type OrgRow = z.output<typeof OrgRow>;

/** The organisation of a slug, or undefined. */
export async function selectOrgBySlug(q: Queryable, slug: string): Promise<OrgRow | undefined> {
  return oneRow(q, OrgRow, 'SELECT id, slug, name_th, name_en, kind, subdistrict, district, province, website FROM organisations WHERE slug = $1', [slug]);
}

/** The ids of the organisations among `slugs`. */
export async function selectOrgIdsBySlugs(q: Queryable, slugs: readonly string[]): Promise<{ id: string; slug: string }[]> {
  return rows(q, z.strictObject({ id: col.uuid, slug: col.text }), 'SELECT id, slug FROM organisations WHERE slug = ANY($1::text[])', [slugs]);
}

/** Changes an organisation's details when they differ; true when they did. */
export async function updateOrgIfChanged(tx: Queryable, orgId: string, o: Organisation): Promise<boolean> {
  const changed = await rows(
    tx,
    z.strictObject({ id: col.uuid }),
    `UPDATE organisations SET name_th = $2, name_en = $3, kind = $4, subdistrict = $5, district = $6, province = $7, website = $8, updated_at = now()
      WHERE id = $1 AND (name_th, name_en, kind, subdistrict, district, province, website) IS DISTINCT FROM ($2, $3, $4, $5, $6, $7, $8)
      RETURNING id`,
    [orgId, o.nameTh, o.nameEn, o.kind, o.subdistrict, o.district, o.province, o.website],
  );
  return changed.length > 0;
}

/** Adds an organisation; its id. */
export async function insertOrg(tx: Queryable, o: Organisation): Promise<string> {
  const row = await oneRow(
    tx,
    z.strictObject({ id: col.uuid }),
    `INSERT INTO organisations (slug, name_th, name_en, kind, subdistrict, district, province, website)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [o.slug, o.nameTh, o.nameEn, o.kind, o.subdistrict, o.district, o.province, o.website],
  );
  return returnedId(row);
}

/** The id an INSERT … RETURNING id gave. */
function returnedId(row: { id: string } | undefined): string {
  if (!row) throw new Error('INSERT … RETURNING id returned no row');
  return row.id;
}

/** Names who acts, for the audit log's triggers, for the rest of the transaction. */
export async function setAuditActor(tx: Queryable, actor: { id: string | null; label: string; org: string }): Promise<void> {
  await tx.query(`SELECT set_config('prongsai.actor', $1, true)`, [JSON.stringify(actor)]);
}

// Fiscal years.

const YearScoresRow = z.strictObject({
  id: col.uuid,
  criteria_year: col.int,
  criteria_revision: col.int,
  score_source: z.enum(SCORE_SOURCES).nullable(),
  eit_part1: col.numeric.nullable(),
  eit_part2: col.numeric.nullable(),
  official_overall: col.numeric.nullable(),
  official_grade: nullableText,
});
export type YearScoresRow = z.output<typeof YearScoresRow>;

/** A fiscal year of the organisation with its criteria and the scores held on its row. */
export async function selectYearScores(q: Queryable, orgId: string, year: number): Promise<YearScoresRow | undefined> {
  return oneRow(
    q,
    YearScoresRow,
    'SELECT id, criteria_year, criteria_revision, score_source, eit_part1, eit_part2, official_overall, official_grade FROM fiscal_years WHERE org_id = $1 AND year = $2',
    [orgId, year],
  );
}

const YearHeadRow = z.strictObject({ id: col.uuid, year: col.int, criteria_year: col.int, criteria_revision: col.int, status: YEAR_STATUS });
export type YearHeadRow = z.output<typeof YearHeadRow>;
const YEAR_HEAD = 'SELECT id, year, criteria_year, criteria_revision, status FROM fiscal_years';

/** A fiscal year of the organisation: its id, criteria and status; undefined when the organisation has no such year. */
export async function selectYearHead(q: Queryable, orgId: string, year: number): Promise<YearHeadRow | undefined> {
  return oneRow(q, YearHeadRow, `${YEAR_HEAD} WHERE org_id = $1 AND year = $2`, [orgId, year]);
}

/** Every fiscal year of the organisation. */
export async function selectYearHeads(q: Queryable, orgId: string): Promise<YearHeadRow[]> {
  return rows(q, YearHeadRow, `${YEAR_HEAD} WHERE org_id = $1`, [orgId]);
}

export interface FiscalYearValues {
  readonly year: number;
  readonly criteriaYear: number;
  readonly criteriaRevision: number;
  readonly source: string | null;
  readonly eitParts: readonly [number | null, number | null];
  readonly officialOverall: number | null;
  readonly officialGrade: string | null;
}

/** Adds the fiscal year or changes its criteria and scores; its id. */
export async function upsertFiscalYear(tx: Queryable, orgId: string, v: FiscalYearValues): Promise<string> {
  const row = await oneRow(
    tx,
    z.strictObject({ id: col.uuid }),
    `INSERT INTO fiscal_years (org_id, year, criteria_year, criteria_revision, score_source, eit_part1, eit_part2, official_overall, official_grade)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (org_id, year) DO UPDATE SET criteria_year = EXCLUDED.criteria_year, criteria_revision = EXCLUDED.criteria_revision,
       score_source = EXCLUDED.score_source, eit_part1 = EXCLUDED.eit_part1, eit_part2 = EXCLUDED.eit_part2,
       official_overall = EXCLUDED.official_overall, official_grade = EXCLUDED.official_grade, updated_at = now()
     RETURNING id`,
    [orgId, v.year, v.criteriaYear, v.criteriaRevision, v.source, v.eitParts[0], v.eitParts[1], v.officialOverall, v.officialGrade],
  );
  return returnedId(row);
}

const StatusRow = z.strictObject({ status: YEAR_STATUS, status_changed_by: nullableText, status_changed_at: col.timestamp.nullable(), status_reason: nullableText });
export type StatusRow = z.output<typeof StatusRow>;

/** Whether the year is open or closed, and who changed that last, when and why. */
export async function selectStatus(q: Queryable, fyId: string): Promise<StatusRow | undefined> {
  return oneRow(q, StatusRow, 'SELECT status, status_changed_by, status_changed_at, status_reason FROM fiscal_years WHERE id = $1', [fyId]);
}

/**
 * Locks the year's row for the rest of the transaction (of the organisation `orgId`, when given); its status, or
 * undefined when the year is gone.
 */
export async function lockYearRow(tx: Queryable, fyId: string, orgId?: string): Promise<'open' | 'closed' | undefined> {
  const shape = z.strictObject({ status: YEAR_STATUS });
  const row =
    orgId === undefined
      ? await oneRow(tx, shape, 'SELECT status FROM fiscal_years WHERE id = $1 FOR UPDATE', [fyId])
      : await oneRow(tx, shape, 'SELECT status FROM fiscal_years WHERE id = $1 AND org_id = $2 FOR UPDATE', [fyId, orgId]);
  return row?.status;
}

export async function updateStatus(tx: Queryable, fyId: string, status: 'open' | 'closed', reason: string, by: string): Promise<void> {
  await tx.query(`UPDATE fiscal_years SET status = $2, status_reason = $3, status_changed_by = $4, status_changed_at = now(), updated_at = now() WHERE id = $1`, [
    fyId,
    status,
    reason,
    by,
  ]);
}

// Versions of records (edit.ts).

/** The version (updated_at) of a measure or progress entry, or undefined when it is gone. */
export async function selectVersion(tx: Queryable, table: 'measures' | 'progress_entries', id: string): Promise<string | undefined> {
  return (await oneRow(tx, z.strictObject({ updated_at: col.timestamp }), `SELECT updated_at FROM ${table} WHERE id = $1`, [id]))?.updated_at;
}

/** Makes the version of a record newer than any before (the transaction's now() could equal it). */
export async function bumpVersionOf(tx: Queryable, table: 'measures' | 'progress_entries', id: string): Promise<void> {
  await tx.query(`UPDATE ${table} SET updated_at = greatest(clock_timestamp(), updated_at + interval '1 millisecond') WHERE id = $1`, [id]);
}

// Analysis texts.

const StaleRow = z.strictObject({ section: col.text, text_th: col.text, based_on_th: nullableText, new_th: col.text });
export type StaleRow = z.output<typeof StaleRow>;
const STALE = 'SELECT section, text_th, based_on_th, new_th FROM analysis_texts';

/** The sections of a year marked stale. */
export async function selectStaleSections(q: Queryable, fyId: string): Promise<string[]> {
  return (await rows(q, z.strictObject({ section: col.text }), 'SELECT section FROM analysis_texts WHERE fiscal_year_id = $1 AND stale', [fyId])).map((r) => r.section);
}

/** The stale texts of a year, by section. */
export async function selectStaleRows(q: Queryable, fyId: string): Promise<StaleRow[]> {
  return rows(q, StaleRow, `${STALE} WHERE fiscal_year_id = $1 AND stale ORDER BY section`, [fyId]);
}

/** The stale text of one section, or undefined when it is not stale. */
export async function selectStaleRow(q: Queryable, fyId: string, section: string): Promise<StaleRow | undefined> {
  return oneRow(q, StaleRow, `${STALE} WHERE fiscal_year_id = $1 AND section = $2 AND stale`, [fyId, section]);
}

export async function deleteAnalysisText(tx: Queryable, fyId: string, section: string): Promise<void> {
  await tx.query('DELETE FROM analysis_texts WHERE fiscal_year_id = $1 AND section = $2', [fyId, section]);
}

/** Keeps a stale text, now based on the text generated today. */
export async function confirmAnalysisText(tx: Queryable, fyId: string, section: string): Promise<void> {
  await tx.query('UPDATE analysis_texts SET based_on_th = new_th, stale = false, new_th = NULL WHERE fiscal_year_id = $1 AND section = $2', [fyId, section]);
}

// Scores of many organisations (transfer.ts, surveys.ts).

const ScoresTableRow = z.strictObject({ slug: col.text, eit_part1: col.numeric.nullable(), eit_part2: col.numeric.nullable(), indicator: col.int.nullable(), score: col.numeric.nullable() });

/** The scores of every organisation (or of `slugs`) for a fiscal year: one row per indicator score. */
export async function selectScoresOfYear(db: Queryable, year: number, slugs: readonly string[] | null) {
  return rows(
    db,
    ScoresTableRow,
    `SELECT o.slug, f.eit_part1, f.eit_part2, s.indicator, s.score
       FROM fiscal_years f JOIN organisations o ON o.id = f.org_id
       LEFT JOIN indicator_scores s ON s.fiscal_year_id = f.id
      WHERE f.year = $1 AND ($2::text[] IS NULL OR o.slug = ANY($2::text[]))
      ORDER BY o.slug, s.indicator`,
    [year, slugs],
  );
}

/** Which of `ids` are measures of the organisation `slug` (any year). */
export async function selectOwnMeasureIds(q: Queryable, slug: string, ids: readonly string[]): Promise<string[]> {
  const found = await rows(
    q,
    z.strictObject({ id: col.uuid }),
    `SELECT m.id FROM measures m JOIN fiscal_years f ON f.id = m.fiscal_year_id JOIN organisations o ON o.id = f.org_id
      WHERE o.slug = $1 AND m.id::text = ANY($2::text[])`,
    [slug, ids],
  );
  return found.map((r) => r.id);
}

/** The organisations among `slugs` with each of their fiscal years (a row with a null year for one without any). */
export async function selectYearsOfSlugs(db: Queryable, slugs: readonly string[]) {
  return rows(
    db,
    z.strictObject({ slug: col.text, year: col.int.nullable(), criteria_year: col.int.nullable(), status: YEAR_STATUS.nullable() }),
    'SELECT o.slug, f.year, f.criteria_year, f.status FROM organisations o LEFT JOIN fiscal_years f ON f.org_id = o.id WHERE o.slug = ANY($1::text[])',
    [slugs],
  );
}

/** Adds the fiscal years (organisation, year) missing, scored manually under the criteria of their own number. */
export async function insertManualYears(tx: Queryable, orgIds: readonly string[], years: readonly number[]): Promise<void> {
  await tx.query(
    `INSERT INTO fiscal_years (org_id, year, criteria_year, criteria_revision, score_source)
     SELECT o, y, y, 1, 'manual' FROM unnest($1::uuid[], $2::int[]) AS t (o, y) ON CONFLICT (org_id, year) DO NOTHING`,
    [orgIds, years],
  );
}

/** The ids of the fiscal years (organisation, year). */
export async function selectYearIdsOfPairs(tx: Queryable, orgIds: readonly string[], years: readonly number[]) {
  return rows(
    tx,
    z.strictObject({ id: col.uuid, org_id: col.uuid, year: col.int }),
    'SELECT f.id, f.org_id, f.year FROM fiscal_years f JOIN unnest($1::uuid[], $2::int[]) AS t (o, y) ON f.org_id = t.o AND f.year = t.y',
    [orgIds, years],
  );
}

/** Sets the EIT parts of the fiscal years (and the source manual where none was said), where they differ. */
export async function updateEitParts(tx: Queryable, fyIds: readonly string[], part1: readonly (number | null)[], part2: readonly (number | null)[]): Promise<void> {
  await tx.query(
    `UPDATE fiscal_years f SET eit_part1 = t.p1, eit_part2 = t.p2, score_source = coalesce(f.score_source, 'manual'), updated_at = now()
       FROM unnest($1::uuid[], $2::numeric[], $3::numeric[]) AS t (id, p1, p2)
      WHERE f.id = t.id AND (f.eit_part1, f.eit_part2, f.score_source) IS DISTINCT FROM (t.p1, t.p2, coalesce(f.score_source, 'manual'))`,
    [fyIds, part1, part2],
  );
}

/** Indicator scores, one per (fiscal year, indicator). */
export interface ScoreColumns {
  readonly fy: readonly string[];
  readonly indicator: readonly number[];
  readonly score: readonly string[];
}

/** Makes the indicator scores of the fiscal years `fyIds` those of `want`, writing only real changes. */
export async function replaceIndicatorScores(tx: Queryable, fyIds: readonly string[], want: ScoreColumns): Promise<void> {
  await tx.query(
    `DELETE FROM indicator_scores s WHERE s.fiscal_year_id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM unnest($2::uuid[], $3::smallint[]) AS t (fy, n) WHERE t.fy = s.fiscal_year_id AND t.n = s.indicator)`,
    [fyIds, want.fy, want.indicator],
  );
  await tx.query(
    `INSERT INTO indicator_scores (fiscal_year_id, indicator, score)
     SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::numeric[])
     ON CONFLICT (fiscal_year_id, indicator) DO UPDATE SET score = EXCLUDED.score WHERE indicator_scores.score <> EXCLUDED.score`,
    [want.fy, want.indicator, want.score],
  );
}

/** Adds the fiscal year `year` to the organisations that lack it, scored by a survey. */
export async function insertSurveyYears(tx: Queryable, orgIds: readonly string[], year: number, criteriaRevision: number): Promise<void> {
  await tx.query(
    `INSERT INTO fiscal_years (org_id, year, criteria_year, criteria_revision, score_source)
     SELECT o, $2, $2, $3, 'survey' FROM unnest($1::uuid[]) AS o ON CONFLICT (org_id, year) DO NOTHING`,
    [orgIds, year, criteriaRevision],
  );
}

/** The ids of the organisations' fiscal year `year`. */
export async function selectYearIdsOf(tx: Queryable, year: number, orgIds: readonly string[]) {
  return rows(tx, z.strictObject({ id: col.uuid, org_id: col.uuid }), 'SELECT id, org_id FROM fiscal_years WHERE year = $1 AND org_id = ANY($2::uuid[])', [year, orgIds]);
}

/** Loads survey batches and their answers: lines already in COPY's text format. */
export async function copySurveyBatches(tx: Queryable, batches: Iterable<string>, answers: Iterable<string>): Promise<void> {
  await tx.copyIn('survey_batches', ['id', 'fiscal_year_id', 'filename', 'sha256', 'items', 'respondents', 'imported_by'], batches);
  await tx.copyIn('survey_answers', ['batch_id', 'answers_deflated'], answers);
}

/** Replaces the question results of the fiscal years (JSON texts, one per year). */
export async function upsertQuestionResults(tx: Queryable, fyIds: readonly string[], results: readonly string[]): Promise<void> {
  await tx.query(
    `INSERT INTO question_results (fiscal_year_id, results) SELECT * FROM unnest($1::uuid[], $2::jsonb[])
     ON CONFLICT (fiscal_year_id) DO UPDATE SET results = EXCLUDED.results`,
    [fyIds, results],
  );
}

/** Replaces the scores of the indicators `indicators` of the fiscal years `fyIds` by `scores`. */
export async function replaceSurveyedScores(tx: Queryable, fyIds: readonly string[], indicators: readonly number[], scores: ScoreColumns): Promise<void> {
  await tx.query('DELETE FROM indicator_scores WHERE fiscal_year_id = ANY($1::uuid[]) AND indicator = ANY($2::smallint[])', [fyIds, indicators]);
  await tx.query(
    `INSERT INTO indicator_scores (fiscal_year_id, indicator, score)
     SELECT * FROM unnest($1::uuid[], $2::smallint[], $3::numeric[])`,
    [scores.fy, scores.indicator, scores.score],
  );
}
