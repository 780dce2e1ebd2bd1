/**
 * The surveys' data: the tables surveys, survey_points, survey_codes and survey_responses (migration 0024), their
 * rows checked as they are read (src/db/rows.ts).
 */
import { z } from 'zod';
import type { Queryable } from '../db/index.ts';
import { col, oneRow, rows } from '../db/rows.ts';
import { SURVEY_KINDS, SURVEY_STATUSES } from './model.ts';

const SurveyRow = z.strictObject({
  id: col.uuid,
  org_id: col.uuid,
  year: col.int,
  kind: z.enum(SURVEY_KINDS),
  title: col.text,
  questions: col.json,
  own_questions: col.json,
  opens_on: col.date,
  closes_on: col.date,
  target_respondents: col.int.nullable(),
  status: z.enum(SURVEY_STATUSES),
  publish_results: col.bool,
  link_token: col.text,
  demo: col.bool,
  created_at: col.timestamp,
});
export type SurveyRow = z.output<typeof SurveyRow>;
const SURVEY_COLUMNS = `s.id, s.org_id, s.year, s.kind, s.title, s.questions, s.own_questions, s.opens_on::text AS opens_on,
  s.closes_on::text AS closes_on, s.target_respondents, s.status, s.publish_results, s.link_token, s.demo, s.created_at`;

export interface SurveyInsert {
  readonly orgId: string;
  readonly year: number;
  readonly kind: (typeof SURVEY_KINDS)[number];
  readonly title: string;
  readonly questions: unknown;
  readonly ownQuestions: unknown;
  readonly opensOn: string;
  readonly closesOn: string;
  readonly targetRespondents: number | null;
  readonly linkToken: string;
  readonly demo: boolean;
}

const IdRow = z.strictObject({ id: col.uuid });

export async function insertSurvey(tx: Queryable, s: SurveyInsert): Promise<string> {
  const row = await oneRow(
    tx,
    IdRow,
    `INSERT INTO surveys (org_id, year, kind, title, questions, own_questions, opens_on, closes_on, target_respondents, link_token, demo)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::date, $8::date, $9, $10, $11) RETURNING id`,
    [s.orgId, s.year, s.kind, s.title, JSON.stringify(s.questions), JSON.stringify(s.ownQuestions), s.opensOn, s.closesOn, s.targetRespondents, s.linkToken, s.demo],
  );
  if (!row) throw new Error('surveys: insert returned no row');
  return row.id;
}

export interface SurveyUpdate {
  readonly title: string;
  readonly ownQuestions: unknown;
  readonly opensOn: string;
  readonly closesOn: string;
  readonly targetRespondents: number | null;
  readonly publishResults: boolean;
}

export async function updateSurveyRow(tx: Queryable, id: string, u: SurveyUpdate): Promise<void> {
  await tx.query(
    `UPDATE surveys SET title = $2, own_questions = $3::jsonb, opens_on = $4::date, closes_on = $5::date, target_respondents = $6, publish_results = $7
      WHERE id = $1`,
    [id, u.title, JSON.stringify(u.ownQuestions), u.opensOn, u.closesOn, u.targetRespondents, u.publishResults],
  );
}

export async function updateSurveyStatus(tx: Queryable, id: string, status: (typeof SURVEY_STATUSES)[number]): Promise<void> {
  await tx.query('UPDATE surveys SET status = $2 WHERE id = $1', [id, status]);
}

/** The organisation's surveys of a year, oldest first. */
export function selectSurveys(db: Queryable, orgId: string, year: number): Promise<SurveyRow[]> {
  return rows(db, SurveyRow, `SELECT ${SURVEY_COLUMNS} FROM surveys s WHERE s.org_id = $1 AND s.year = $2 ORDER BY s.created_at, s.id`, [orgId, year]);
}

/** The organisation's surveys whose results it publishes (not drafts), by year, oldest first. */
export function selectPublishedSurveys(db: Queryable, orgId: string): Promise<SurveyRow[]> {
  return rows(db, SurveyRow, `SELECT ${SURVEY_COLUMNS} FROM surveys s WHERE s.org_id = $1 AND s.publish_results AND s.status <> 'draft' ORDER BY s.year, s.created_at, s.id`, [orgId]);
}

/** One survey of the organisation's year (locked FOR UPDATE when `lock`). */
export function selectSurvey(db: Queryable, orgId: string, year: number, id: string, lock = false): Promise<SurveyRow | undefined> {
  return oneRow(db, SurveyRow, `SELECT ${SURVEY_COLUMNS} FROM surveys s WHERE s.org_id = $1 AND s.year = $2 AND s.id = $3${lock ? ' FOR UPDATE' : ''}`, [orgId, year, id]);
}

const LinkRow = SurveyRow.extend({ point_id: col.uuid.nullable(), point_name: col.text.nullable(), org_name_th: col.text });
export type LinkRow = z.output<typeof LinkRow>;

/** The survey (and service point) of a public link token. */
export function selectByLink(db: Queryable, token: string): Promise<LinkRow | undefined> {
  return oneRow(
    db,
    LinkRow,
    `SELECT l.*, o.name_th AS org_name_th FROM (
       SELECT ${SURVEY_COLUMNS}, NULL::uuid AS point_id, NULL::text AS point_name FROM surveys s WHERE s.link_token = $1
       UNION ALL
       SELECT ${SURVEY_COLUMNS}, p.id AS point_id, p.name AS point_name FROM survey_points p JOIN surveys s ON s.id = p.survey_id WHERE p.link_token = $1
     ) l JOIN organisations o ON o.id = l.org_id`,
    [token],
  );
}

const PointRow = z.strictObject({ id: col.uuid, survey_id: col.uuid, name: col.text, link_token: col.text });
export type PointRow = z.output<typeof PointRow>;

export async function insertPoint(tx: Queryable, surveyId: string, name: string, linkToken: string): Promise<PointRow> {
  const row = await oneRow(tx, PointRow, 'INSERT INTO survey_points (survey_id, name, link_token) VALUES ($1, $2, $3) RETURNING id, survey_id, name, link_token', [surveyId, name, linkToken]);
  if (!row) throw new Error('surveys: point insert returned no row');
  return row;
}

/** Deletes a service point of the survey; false when there is none. Its responses stay, without a point. */
export async function deletePoint(tx: Queryable, surveyId: string, pointId: string): Promise<boolean> {
  const gone = await rows(tx, IdRow, 'DELETE FROM survey_points WHERE survey_id = $1 AND id = $2 RETURNING id', [surveyId, pointId]);
  return gone.length > 0;
}

/** The service points of some surveys, by name. */
export function selectPoints(db: Queryable, surveyIds: readonly string[]): Promise<PointRow[]> {
  return rows(db, PointRow, 'SELECT id, survey_id, name, link_token FROM survey_points WHERE survey_id = ANY($1::uuid[]) ORDER BY name, id', [surveyIds]);
}

/** Stores one-time code hashes (a hash already there is skipped); returns the new ones, as hex. */
export async function insertCodeHashes(tx: Queryable, surveyId: string, hashes: readonly Uint8Array[]): Promise<string[]> {
  const added = await rows(
    tx,
    z.strictObject({ hex: col.text }),
    `INSERT INTO survey_codes (survey_id, code_hash) SELECT $1, decode(h, 'hex') FROM unnest($2::text[]) AS h
     ON CONFLICT DO NOTHING RETURNING encode(code_hash, 'hex') AS hex`,
    [surveyId, hashes.map((h) => Buffer.from(h).toString('hex'))],
  );
  return added.map((r) => r.hex);
}

const CountRow = z.strictObject({ survey_id: col.uuid, n: col.int });

/** Unused one-time codes per survey. */
export function countCodes(db: Queryable, surveyIds: readonly string[]): Promise<z.output<typeof CountRow>[]> {
  return rows(db, CountRow, 'SELECT survey_id, count(*)::int AS n FROM survey_codes WHERE survey_id = ANY($1::uuid[]) GROUP BY survey_id', [surveyIds]);
}

/** Responses per survey. */
export function countResponses(db: Queryable, surveyIds: readonly string[]): Promise<z.output<typeof CountRow>[]> {
  return rows(db, CountRow, 'SELECT survey_id, count(*)::int AS n FROM survey_responses WHERE survey_id = ANY($1::uuid[]) GROUP BY survey_id', [surveyIds]);
}

export interface ResponseInsert {
  readonly surveyId: string;
  readonly pointId: string | null;
  /** First day of the month, YYYY-MM-01. */
  readonly month: string;
  readonly answers: Uint8Array;
  readonly own: Uint8Array;
}

export async function insertResponse(tx: Queryable, r: ResponseInsert): Promise<void> {
  await tx.query('INSERT INTO survey_responses (survey_id, point_id, month, answers, own_answers) VALUES ($1, $2, $3::date, $4, $5)', [r.surveyId, r.pointId, r.month, r.answers, r.own]);
}

const TakenRow = z.strictObject({ org_name_th: col.text });

/** A public answer to be taken if its survey still takes answers on `today` (YYYY-MM-DD, Bangkok). */
export interface OpenResponse extends ResponseInsert {
  readonly today: string;
}

const TakenManyRow = z.strictObject({ n: col.int, org_name_th: col.text });

/**
 * Public answers without a code, in one statement (one round trip, atomic): each inserted only if its survey is
 * published and its `today` within the survey's period, and its service point (if any) still exists. Returns, per
 * answer in order, the organisation's name, or undefined when it was not taken (the caller finds out why).
 */
export async function insertOpenResponses(db: Queryable, list: readonly OpenResponse[]): Promise<(string | undefined)[]> {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  const taken = await rows(
    db,
    TakenManyRow,
    `WITH v AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::text[], $6::date[]) WITH ORDINALITY
                     AS v (survey_id, point_id, month, answers, own, today, n)
     ), ok AS (
       SELECT v.*, s.org_id FROM v JOIN surveys s ON s.id = v.survey_id
        WHERE s.status = 'published' AND v.today BETWEEN s.opens_on AND s.closes_on
          AND (v.point_id IS NULL OR EXISTS (SELECT 1 FROM survey_points p WHERE p.id = v.point_id AND p.survey_id = s.id))
     ), inserted AS (
       INSERT INTO survey_responses (survey_id, point_id, month, answers, own_answers)
       SELECT survey_id, point_id, month, decode(answers, 'hex'), decode(own, 'hex') FROM ok
     )
     SELECT ok.n::int AS n, o.name_th AS org_name_th FROM ok JOIN organisations o ON o.id = ok.org_id`,
    [list.map((r) => r.surveyId), list.map((r) => r.pointId), list.map((r) => r.month), list.map((r) => hex(r.answers)), list.map((r) => hex(r.own)), list.map((r) => r.today)],
  );
  const names: (string | undefined)[] = list.map(() => undefined);
  for (const t of taken) names[t.n - 1] = t.org_name_th;
  return names;
}

/**
 * A public answer with a one-time code, in one statement (one round trip, atomic): taken only if the survey takes
 * answers (as insertOpenResponses) and the code existed; the code is deleted by the same statement (two answers
 * racing for one code: one wins). Returns the organisation's name, or undefined when nothing was taken.
 */
export function insertCodedResponse(db: Queryable, r: OpenResponse & { readonly codeHash: Uint8Array }): Promise<z.output<typeof TakenRow> | undefined> {
  return oneRow(
    db,
    TakenRow,
    `WITH used AS (
       DELETE FROM survey_codes c
        USING (SELECT s.id FROM surveys s
                WHERE s.id = $1 AND s.status = 'published' AND $2::date BETWEEN s.opens_on AND s.closes_on
                  AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM survey_points p WHERE p.id = $3 AND p.survey_id = s.id))) o
        WHERE c.survey_id = o.id AND c.code_hash = $7 RETURNING c.survey_id
     )
     INSERT INTO survey_responses (survey_id, point_id, month, answers, own_answers) SELECT survey_id, $3, $4::date, $5, $6 FROM used
     RETURNING (SELECT o.name_th FROM surveys s JOIN organisations o ON o.id = s.org_id WHERE s.id = survey_id) AS org_name_th`,
    [r.surveyId, r.today, r.pointId, r.month, r.answers, r.own, r.codeHash],
  );
}

const ResponseGroupRow = z.strictObject({ month: col.text, point_id: col.uuid.nullable(), n: col.int, answers: col.bytes, own_answers: col.bytes });
export type ResponseGroupRow = z.output<typeof ResponseGroupRow>;

/**
 * A survey's responses by month and service point: per group, how many and their records end to end (each record
 * has the same length, so the caller cuts them apart). One row per group instead of one per respondent: reading
 * 100,000 responses is then a few hundred rows, not 100,000 to decode.
 */
export function selectResponseGroups(db: Queryable, surveyId: string): Promise<ResponseGroupRow[]> {
  return rows(
    db,
    ResponseGroupRow,
    `SELECT to_char(month, 'YYYY-MM') AS month, point_id, count(*)::int AS n,
            string_agg(answers, ''::bytea) AS answers, coalesce(string_agg(own_answers, ''::bytea), ''::bytea) AS own_answers
       FROM survey_responses WHERE survey_id = $1
      GROUP BY month, point_id ORDER BY month, point_id`,
    [surveyId],
  );
}
