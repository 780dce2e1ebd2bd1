/**
 * A whole year's data as the export and import read and write it (src/years/years.ts): every table of a fiscal
 * year, its rows checked as they are read (src/db/rows.ts). The tables of the measures, progress, evidence,
 * approvals, units and people belong to other capabilities; a whole year is read and written here in one go, in
 * one transaction, because it is the unit of export and import.
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';

const nullableText = col.text.nullable();

const UnitRow = z.strictObject({ id: col.uuid, name_th: col.text, short_th: nullableText });
const PersonRow = z.strictObject({ id: col.uuid, name_th: col.text, position_th: nullableText, unit_id: col.uuid.nullable() });
const ScoreRow = z.strictObject({ indicator: col.int, score: col.numeric });
const PreviousRow = z.strictObject({ year: col.int, criteria_year: col.int, indicator: col.int.nullable(), score: col.numeric.nullable() });
const QuestionsRow = z.strictObject({ results: col.json });
const OitRow = z.strictObject({ code: col.text, met: col.bool.nullable(), urls: col.textArray, note: nullableText });
const TextRow = z.strictObject({ section: col.text, text_th: col.text });
const MeasureRow = z.strictObject({
  id: col.uuid,
  seq: col.int,
  title_th: col.text,
  methods: col.textArray,
  actions: col.textArray,
  period_start: col.date.nullable(),
  period_end: col.date.nullable(),
  period_text: nullableText,
  follow_up: nullableText,
  expected_outcome: nullableText,
  status: col.text,
  result: nullableText,
  carried_from_id: col.uuid.nullable(),
});
const MEASURE_COLUMNS = 'id, seq, title_th, methods, actions, period_start, period_end, period_text, follow_up, expected_outcome, status, result, carried_from_id';
const MeasureIndicatorRow = z.strictObject({ measure_id: col.uuid, indicator: col.int });
const ResponsibleRow = z.strictObject({ measure_id: col.uuid, unit_id: col.uuid.nullable(), person_id: col.uuid.nullable(), label_th: col.text });
const ProgressRow = z.strictObject({
  id: col.uuid,
  measure_id: col.uuid,
  entry_date: col.date,
  period_start: col.date,
  period_end: col.date,
  done_th: col.text,
  status: col.text,
  outcome_th: nullableText,
  created_by: nullableText,
});
const EvidenceRow = z.strictObject({
  id: col.uuid,
  progress_id: col.uuid,
  sha256: col.text,
  filename: col.text,
  media_type: col.text,
  size: col.int,
  period_start: col.date.nullable(),
  period_end: col.date.nullable(),
  revision: col.int,
  replaces_id: col.uuid.nullable(),
  uploaded_by: nullableText,
  uploaded_at: col.timestamp,
});
const ApprovalRow = z.strictObject({
  id: col.uuid,
  subject: col.text,
  status: col.text,
  requested_by: nullableText,
  requested_at: col.timestamp.nullable(),
  decided_by: nullableText,
  decided_at: col.timestamp.nullable(),
  comment: nullableText,
});

/**
 * Runs the queries one after the other: on a transaction's single connection the driver cannot run them at
 * once (pg warns, and pg 9 refuses), and PGlite runs one query at a time anyway.
 */
async function inOrder<const T extends readonly (() => Promise<unknown>)[]>(queries: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/** Everything stored for one fiscal year (`fyId`, the year `year` of the organisation `orgId`), and the previous year's scores. */
export async function selectYearContent(db: Queryable, orgId: string, fyId: string, year: number) {
  const [units, people, scores, previous, questions, oit, texts, measures, indicators, responsibles, progress, evidence, approvals] = await inOrder([
    () => rows(db, UnitRow, 'SELECT id, name_th, short_th FROM units WHERE org_id = $1 ORDER BY seq, name_th', [orgId]),
    () => rows(db, PersonRow, 'SELECT id, name_th, position_th, unit_id FROM people WHERE org_id = $1 ORDER BY name_th, id', [orgId]),
    () => rows(db, ScoreRow, 'SELECT indicator, score FROM indicator_scores WHERE fiscal_year_id = $1', [fyId]),
    () =>
      rows(
        db,
        PreviousRow,
        `SELECT p.year, p.criteria_year, s.indicator, s.score FROM fiscal_years p
           LEFT JOIN indicator_scores s ON s.fiscal_year_id = p.id
          WHERE p.org_id = $1 AND p.year = $2`,
        [orgId, year - 1],
      ),
    () => rows(db, QuestionsRow, 'SELECT results FROM question_results WHERE fiscal_year_id = $1', [fyId]),
    () => rows(db, OitRow, 'SELECT code, met, urls, note FROM oit_item_results WHERE fiscal_year_id = $1', [fyId]),
    () => rows(db, TextRow, 'SELECT section, text_th FROM analysis_texts WHERE fiscal_year_id = $1', [fyId]),
    () => rows(db, MeasureRow, `SELECT ${MEASURE_COLUMNS} FROM measures WHERE fiscal_year_id = $1 ORDER BY seq`, [fyId]),
    () =>
      rows(
        db,
        MeasureIndicatorRow,
        'SELECT mi.measure_id, mi.indicator FROM measure_indicators mi JOIN measures m ON m.id = mi.measure_id WHERE m.fiscal_year_id = $1 ORDER BY mi.indicator',
        [fyId],
      ),
    () =>
      rows(
        db,
        ResponsibleRow,
        'SELECT r.measure_id, r.unit_id, r.person_id, r.label_th FROM measure_responsibles r JOIN measures m ON m.id = r.measure_id WHERE m.fiscal_year_id = $1 ORDER BY r.seq',
        [fyId],
      ),
    () =>
      rows(
        db,
        ProgressRow,
        `SELECT p.id, p.measure_id, p.entry_date, p.period_start, p.period_end, p.done_th, p.status, p.outcome_th, p.created_by
           FROM progress_entries p JOIN measures m ON m.id = p.measure_id
          WHERE m.fiscal_year_id = $1 ORDER BY p.period_start, p.entry_date, p.created_at, p.id`,
        [fyId],
      ),
    () =>
      rows(
        db,
        EvidenceRow,
        `SELECT e.id, e.progress_id, e.sha256, e.filename, e.media_type, e.size, e.period_start, e.period_end, e.revision, e.replaces_id, e.uploaded_by, e.uploaded_at
           FROM evidence e JOIN progress_entries p ON p.id = e.progress_id JOIN measures m ON m.id = p.measure_id
          WHERE m.fiscal_year_id = $1 ORDER BY e.uploaded_at, e.revision, e.id`,
        [fyId],
      ),
    () =>
      rows(
        db,
        ApprovalRow,
        'SELECT id, subject, status, requested_by, requested_at, decided_by, decided_at, comment FROM approvals WHERE fiscal_year_id = $1 ORDER BY requested_at, id',
        [fyId],
      ),
  ]);
  return { units, people, scores, previous, questions, oit, texts, measures, indicators, responsibles, progress, evidence, approvals };
}

/** The analysis texts as stored, with the generated text each was based on. */
export async function selectAnalysisBasis(tx: Queryable, fyId: string) {
  return rows(tx, z.strictObject({ section: col.text, text_th: col.text, based_on_th: nullableText }), 'SELECT section, text_th, based_on_th FROM analysis_texts WHERE fiscal_year_id = $1', [fyId]);
}

/** The organisation's units, by id and Thai name. */
export async function selectUnitNames(tx: Queryable, orgId: string) {
  return rows(tx, z.strictObject({ id: col.uuid, name_th: col.text }), 'SELECT id, name_th FROM units WHERE org_id = $1', [orgId]);
}

export async function updateUnit(tx: Queryable, id: string, nameTh: string, shortTh: string | null, seq: number): Promise<void> {
  await tx.query(`UPDATE units SET name_th = $2, short_th = $3, seq = $4 WHERE id = $1 AND (name_th, short_th, seq) IS DISTINCT FROM ($2, $3, $4)`, [id, nameTh, shortTh, seq]);
}

export async function insertUnit(tx: Queryable, id: string, orgId: string, nameTh: string, shortTh: string | null, seq: number): Promise<void> {
  await tx.query('INSERT INTO units (id, org_id, name_th, short_th, seq) VALUES ($1, $2, $3, $4, $5)', [id, orgId, nameTh, shortTh, seq]);
}

/** The ids of the organisation's people. */
export async function selectPersonIds(tx: Queryable, orgId: string): Promise<string[]> {
  return (await rows(tx, z.strictObject({ id: col.uuid }), 'SELECT id FROM people WHERE org_id = $1', [orgId])).map((r) => r.id);
}

/** The ids of the year's measures. */
export async function selectMeasureIds(tx: Queryable, fyId: string): Promise<string[]> {
  return (await rows(tx, z.strictObject({ id: col.uuid }), 'SELECT id FROM measures WHERE fiscal_year_id = $1', [fyId])).map((r) => r.id);
}

/** A measure's row: id, fiscal year, seq, title, methods, actions, period (start, end, text), follow-up, outcome, status, result, carried from. */
export type MeasureValues = readonly unknown[];

/** Updates a measure when something differs; true when it did. */
export async function updateMeasureIfChanged(tx: Queryable, values: MeasureValues): Promise<boolean> {
  const changed = await rows(
    tx,
    z.strictObject({ id: col.uuid }),
    `UPDATE measures SET seq = $3, title_th = $4, methods = $5, actions = $6, period_start = $7, period_end = $8, period_text = $9,
       follow_up = $10, expected_outcome = $11, status = $12, result = $13, carried_from_id = $14, updated_at = now()
     WHERE id = $1 AND fiscal_year_id = $2
       AND (seq, title_th, methods, actions, period_start, period_end, period_text, follow_up, expected_outcome, status, result, carried_from_id)
           IS DISTINCT FROM ($3, $4, $5::text[], $6::text[], $7::date, $8::date, $9, $10, $11, $12, $13, $14::uuid)
     RETURNING id`,
    values,
  );
  return changed.length > 0;
}

export async function insertMeasure(tx: Queryable, values: MeasureValues): Promise<void> {
  await tx.query(
    `INSERT INTO measures (id, fiscal_year_id, seq, title_th, methods, actions, period_start, period_end, period_text, follow_up,
       expected_outcome, status, result, carried_from_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    values,
  );
}

export async function deleteMeasures(tx: Queryable, ids: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM measures WHERE id = ANY($1::uuid[])', [ids]);
}

/** Deletes the rows of `table` under the parent that are not among `keep`. */
export async function deleteChildrenExcept(tx: Queryable, table: 'approvals' | 'progress_entries' | 'evidence', parentId: string, keep: readonly string[]): Promise<void> {
  const parent = { approvals: 'fiscal_year_id', progress_entries: 'measure_id', evidence: 'progress_id' }[table];
  await tx.query(`DELETE FROM ${table} WHERE ${parent} = $1 AND NOT (id = ANY($2::uuid[]))`, [parentId, keep]);
}

/** The size of a stored file, or undefined when it is not stored. */
export async function selectFileSize(tx: Queryable, sha256: string): Promise<number | undefined> {
  return (await oneRow(tx, z.strictObject({ size: col.int }), 'SELECT size FROM files WHERE sha256 = $1', [sha256]))?.size;
}

/** True when a row with this id exists under another parent. */
export async function ownedElsewhere(tx: Queryable, table: string, id: string, parentId: string, parentColumn = 'org_id'): Promise<boolean> {
  const found = await rows(tx, z.strictObject({ one: col.int }), `SELECT 1 AS one FROM ${table} WHERE id = $1 AND ${parentColumn} IS DISTINCT FROM $2`, [id.toLowerCase(), parentId]);
  return found.length > 0;
}

type Values = Record<string, unknown>;

/**
 * Inserts a row by its id, or updates the `updates` columns of the row already there when they differ (and then
 * its updated_at, with `touch`). An unchanged row is not written, so the audit log shows only real changes.
 */
export async function upsertById(tx: Queryable, table: string, row: Values, updates: readonly string[], touch = false): Promise<void> {
  const columns = Object.keys(row);
  const set = [...updates.map((c) => `${c} = EXCLUDED.${c}`), ...(touch ? ['updated_at = now()'] : [])].join(', ');
  const tuple = (prefix: string) => `(${updates.map((c) => `${prefix}.${c}`).join(', ')})`;
  await tx.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${set} WHERE ${tuple(table)} IS DISTINCT FROM ${tuple('EXCLUDED')}`,
    columns.map((c) => row[c]),
  );
}

/** Any row of any table: what sync compares, column by column. */
const AnyRow = z.record(z.string(), col.json);

/**
 * Makes the rows of `table` under one parent (`parentColumn` = `parentId`) equal to `rows`, keyed by `keys`:
 * inserts the new, updates the changed, deletes the rest. Unchanged rows are not touched, so the audit log shows
 * only real changes.
 */
export async function sync(tx: Queryable, table: string, parentColumn: string, parentId: string, keys: readonly string[], wantedRows: readonly Values[]): Promise<void> {
  const current = await rows(tx, AnyRow, `SELECT * FROM ${table} WHERE ${parentColumn} = $1`, [parentId]);
  const keyOf = (r: Values) => keys.map((k) => String(r[k])).join('\u0000');
  const wanted = new Map(wantedRows.map((r) => [keyOf(r), r]));
  for (const row of current) {
    if (!wanted.has(keyOf(row))) {
      await tx.query(`DELETE FROM ${table} WHERE ${[`${parentColumn} = $1`, ...keys.map((k, i) => `${k} = $${i + 2}`)].join(' AND ')}`, [
        parentId,
        ...keys.map((k) => row[k]),
      ]);
    }
  }
  for (const row of wantedRows) {
    const have = current.find((c) => keyOf(c) === keyOf(row));
    const columns = Object.keys(row);
    if (have && columns.every((c) => same(have[c], row[c]))) continue;
    const all = [parentColumn, ...columns];
    const updates = columns.filter((c) => !keys.includes(c));
    await tx.query(
      `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (${[parentColumn, ...keys].join(', ')}) DO ${updates.length ? `UPDATE SET ${updates.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'NOTHING'}`,
      [parentId, ...columns.map((c) => row[c])],
    );
  }
}

/**
 * Database values against input values: numeric text "87.50" equals 87.5, arrays element by element, a jsonb
 * value against the JSON text written for it.
 */
function same(a: unknown, b: unknown): boolean {
  if (typeof b === 'string' && a !== null && typeof a === 'object') return canonical(a) === canonical(JSON.parse(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (typeof a === 'string' && typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return Number(a) === Number(b);
  return a === b || (a === null && b === undefined) || (a === undefined && b === null);
}

/** JSON with object keys sorted, so that two equal values give the same text whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v,
  );
}
