/**
 * An organisation's fiscal year as a whole: read it from the database as the year model (src/model/year.ts),
 * and write a whole year back in one transaction (an import, the demo, a restore of one year). Finer edits (one
 * measure, one progress entry) live in their own use cases; this is the unit of export and import.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { findingText, introText } from '../documents/core/parts.ts';
import { criteriaOf, getCriteria, type ToolCode } from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import {
  yearInputSchema,
  type Approval,
  type Measure,
  type Organisation,
  type Progress,
  type YearInput,
} from '../model/year.ts';
import { write, type Actor } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { resolveYear, type YearRef } from '../app/context.ts';
import { ensureStoredPack } from '../criteria/packs-store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID.test(value);

interface OrgRow {
  id: string;
  slug: string;
  name_th: string;
  name_en: string | null;
  kind: Organisation['kind'];
  subdistrict: string | null;
  district: string | null;
  province: string | null;
  website: string | null;
}

export function orgFromRow(r: OrgRow): Organisation {
  return {
    slug: r.slug,
    nameTh: r.name_th,
    nameEn: r.name_en,
    kind: r.kind,
    subdistrict: r.subdistrict,
    district: r.district,
    province: r.province,
    website: r.website,
  };
}

export async function findOrg(q: Queryable, slug: string): Promise<(Organisation & { id: string }) | null> {
  const [row] = await q.query<OrgRow>('SELECT * FROM organisations WHERE slug = $1', [slug]);
  return row ? { id: row.id, ...orgFromRow(row) } : null;
}

export async function requireOrg(q: Queryable, slug: string): Promise<Organisation & { id: string }> {
  const org = await findOrg(q, slug);
  if (!org) throw new InputError('org', `ไม่พบหน่วยงาน "${slug}"`, `no organisation "${slug}"`);
  return org;
}

function withoutId<T extends { id: string }>(value: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = value;
  return rest;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** Reads one organisation's fiscal year. Throws InputError when the organisation or the year does not exist. */
export async function loadYear(db: Queryable, slug: string, year: number): Promise<YearInput> {
  const org = await requireOrg(db, slug);
  const [fy] = await db.query<{
    id: string;
    criteria_year: number;
    criteria_revision: number;
    score_source: YearInput['scores']['source'];
    eit_part1: string | null;
    eit_part2: string | null;
    official_overall: string | null;
    official_grade: string | null;
  }>('SELECT * FROM fiscal_years WHERE org_id = $1 AND year = $2', [org.id, year]);
  if (!fy) {
    throw new InputError('year', `${org.nameTh} ยังไม่มีข้อมูลปีงบประมาณ ${year}`, `${org.slug} has no fiscal year ${year}`);
  }
  await ensureStoredPack(db, fy.criteria_year, fy.criteria_revision);
  const criteria = criteriaOf({ criteriaYear: fy.criteria_year, criteriaRevision: fy.criteria_revision });
  const [units, people, scores, previous, questions, oit, texts, measures, indicators, responsibles, progress, evidence, approvals] =
    await inOrder([
      () => db.query<{ id: string; name_th: string; short_th: string | null }>('SELECT id, name_th, short_th FROM units WHERE org_id = $1 ORDER BY seq, name_th', [org.id]),
      () => db.query<{ id: string; name_th: string; position_th: string | null; unit_id: string | null }>(
        'SELECT id, name_th, position_th, unit_id FROM people WHERE org_id = $1 ORDER BY name_th, id',
        [org.id],
      ),
      () => db.query<{ indicator: number; score: string }>('SELECT indicator, score FROM indicator_scores WHERE fiscal_year_id = $1', [fy.id]),
      () => db.query<{ year: number; criteria_year: number; indicator: number | null; score: string | null }>(
        `SELECT p.year, p.criteria_year, s.indicator, s.score FROM fiscal_years p
           LEFT JOIN indicator_scores s ON s.fiscal_year_id = p.id
          WHERE p.org_id = $1 AND p.year = $2`,
        [org.id, year - 1],
      ),
      () => db.query<{ results: { code: string; score: number; respondents: number }[] }>('SELECT results FROM question_results WHERE fiscal_year_id = $1', [fy.id]),
      () => db.query<{ code: string; met: boolean | null; urls: string[]; note: string | null }>(
        'SELECT code, met, urls, note FROM oit_item_results WHERE fiscal_year_id = $1',
        [fy.id],
      ),
      () => db.query<{ section: string; text_th: string }>('SELECT section, text_th FROM analysis_texts WHERE fiscal_year_id = $1', [fy.id]),
      () => db.query<{
        id: string;
        seq: number;
        title_th: string;
        methods: string[];
        actions: string[];
        period_start: string | null;
        period_end: string | null;
        period_text: string | null;
        follow_up: string | null;
        expected_outcome: string | null;
        status: Measure['status'];
        result: string | null;
        carried_from_id: string | null;
      }>('SELECT * FROM measures WHERE fiscal_year_id = $1 ORDER BY seq', [fy.id]),
      () => db.query<{ measure_id: string; indicator: number }>(
        'SELECT mi.measure_id, mi.indicator FROM measure_indicators mi JOIN measures m ON m.id = mi.measure_id WHERE m.fiscal_year_id = $1 ORDER BY mi.indicator',
        [fy.id],
      ),
      () => db.query<{ measure_id: string; unit_id: string | null; person_id: string | null; label_th: string }>(
        'SELECT r.* FROM measure_responsibles r JOIN measures m ON m.id = r.measure_id WHERE m.fiscal_year_id = $1 ORDER BY r.seq',
        [fy.id],
      ),
      () => db.query<{
        id: string;
        measure_id: string;
        entry_date: string;
        period_start: string;
        period_end: string;
        done_th: string;
        status: Progress['status'];
        outcome_th: string | null;
        created_by: string | null;
      }>(
        'SELECT p.* FROM progress_entries p JOIN measures m ON m.id = p.measure_id WHERE m.fiscal_year_id = $1 ORDER BY p.period_start, p.entry_date, p.created_at, p.id',
        [fy.id],
      ),
      () => db.query<{
        id: string;
        progress_id: string;
        sha256: string;
        filename: string;
        media_type: string;
        size: number;
        period_start: string | null;
        period_end: string | null;
        revision: number;
        replaces_id: string | null;
        uploaded_by: string | null;
        uploaded_at: string;
      }>(
        `SELECT e.* FROM evidence e JOIN progress_entries p ON p.id = e.progress_id JOIN measures m ON m.id = p.measure_id
          WHERE m.fiscal_year_id = $1 ORDER BY e.uploaded_at, e.revision, e.id`,
        [fy.id],
      ),
      () => db.query<{
        id: string;
        subject: Approval['subject'];
        status: Approval['status'];
        requested_by: string | null;
        requested_at: string | null;
        decided_by: string | null;
        decided_at: string | null;
        comment: string | null;
      }>('SELECT * FROM approvals WHERE fiscal_year_id = $1 ORDER BY requested_at, id', [fy.id]),
    ]);

  const indicatorScores: Record<string, number | null> = {};
  for (const def of criteria.indicators) indicatorScores[String(def.number)] = null;
  for (const s of scores) indicatorScores[String(s.indicator)] = Number(s.score);
  const text = (section: string) => texts.find((t) => t.section === section)?.text_th ?? null;
  const prev = previous[0];
  const prevIndicators: Record<string, number | null> = {};
  if (prev) {
    for (const def of getCriteria(prev.criteria_year).indicators) prevIndicators[String(def.number)] = null;
    for (const p of previous) if (p.indicator !== null) prevIndicators[String(p.indicator)] = num(p.score);
  }

  const evidenceOf = (progressId: string) =>
    evidence
      .filter((e) => e.progress_id === progressId)
      .map((e) => ({
        id: e.id,
        filename: e.filename,
        mediaType: e.media_type,
        size: e.size,
        sha256: e.sha256,
        periodStart: e.period_start,
        periodEnd: e.period_end,
        revision: e.revision,
        replacesId: e.replaces_id,
        uploadedAt: e.uploaded_at,
        uploadedBy: e.uploaded_by,
      }));

  const input = {
    organisation: withoutId(org),
    units: units.map((u) => ({ id: u.id, nameTh: u.name_th, shortTh: u.short_th })),
    people: people.map((p) => ({ id: p.id, nameTh: p.name_th, positionTh: p.position_th, unitId: p.unit_id })),
    year,
    criteriaYear: fy.criteria_year,
    criteriaRevision: criteria.revision,
    scores: {
      indicators: indicatorScores,
      eitParts: fy.eit_part1 !== null && fy.eit_part2 !== null ? [Number(fy.eit_part1), Number(fy.eit_part2)] : null,
      source: fy.score_source,
      official:
        fy.official_overall !== null || fy.official_grade !== null
          ? { overall: num(fy.official_overall), grade: fy.official_grade }
          : null,
    },
    previousScores: prev && previous.some((p) => p.indicator !== null) ? { year: prev.year, criteriaYear: prev.criteria_year, indicators: prevIndicators } : null,
    questionResults: questions[0]?.results ?? [],
    oitItems: criteriaOrder(criteria.oitItems.map((i) => i.code), oit).map((o) => ({ code: o.code, met: o.met, urls: o.urls, note: o.note })),
    analysis: { intro: text('intro'), tools: { IIT: text('IIT'), EIT: text('EIT'), OIT: text('OIT') }, summary: text('summary') },
    measures: measures.map((m) => ({
      id: m.id,
      seq: m.seq,
      titleTh: m.title_th,
      indicators: indicators.filter((i) => i.measure_id === m.id).map((i) => i.indicator),
      methods: m.methods,
      actions: m.actions,
      responsible: responsibles
        .filter((r) => r.measure_id === m.id)
        .map((r) => ({ unitId: r.unit_id, personId: r.person_id, labelTh: r.label_th })),
      period: { start: m.period_start, end: m.period_end, textTh: m.period_text },
      followUp: m.follow_up,
      expectedOutcome: m.expected_outcome,
      status: m.status,
      result: m.result,
      carriedFromId: m.carried_from_id,
      progress: progress
        .filter((p) => p.measure_id === m.id)
        .map((p) => ({
          id: p.id,
          date: p.entry_date,
          periodStart: p.period_start,
          periodEnd: p.period_end,
          done: p.done_th,
          status: p.status,
          outcome: p.outcome_th,
          evidence: evidenceOf(p.id),
          createdBy: p.created_by,
        })),
    })),
    approvals: approvals.map((a) => ({
      id: a.id,
      subject: a.subject,
      status: a.status,
      requestedBy: a.requested_by,
      requestedAt: a.requested_at,
      decidedBy: a.decided_by,
      decidedAt: a.decided_at,
      comment: a.comment,
    })),
  };
  return yearInputSchema.parse(input);
}

/**
 * Runs the queries one after the other: on a transaction's single connection the driver cannot run them at
 * once (pg warns, and pg 9 refuses), and PGlite runs one query at a time anyway.
 */
async function inOrder<const T extends readonly (() => Promise<unknown>)[]>(queries: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

export const ANALYSIS_SECTIONS = ['intro', 'IIT', 'EIT', 'OIT', 'summary'] as const;
export type AnalysisSection = (typeof ANALYSIS_SECTIONS)[number];

/** The text of a section in the year's analysis (null: generated). */
export function sectionText(analysis: YearInput['analysis'], section: AnalysisSection): string | null {
  return section === 'intro' || section === 'summary' ? analysis[section] : analysis.tools[section];
}

const NO_ANALYSIS: YearInput['analysis'] = { intro: null, tools: { IIT: null, EIT: null, OIT: null }, summary: null };

/** The text generated from the year's data for each section (the summary is never generated: null). */
export function generatedAnalysis(year: YearInput): Record<AnalysisSection, string | null> {
  const data = deriveYear({ ...year, analysis: NO_ANALYSIS });
  const tool = (code: ToolCode) => {
    const def = criteriaOf(year).tools.find((t) => t.code === code);
    return def ? findingText(data, def) : null;
  };
  return { intro: introText(data), IIT: tool('IIT'), EIT: tool('EIT'), OIT: tool('OIT'), summary: null };
}

/**
 * The analysis rows to store for `input` (a section without a row is generated when read, so it follows the
 * scores). A text as it was stored keeps what it was based on: the generated text when it was written or last
 * confirmed (for a text stored before that was recorded, the text generated from the year as stored now, before
 * this change). A new or changed text is based on the text generated now. A text whose basis is no longer what
 * the scores generate is stale and carries the new generated text beside it (src/years/analysis.ts).
 */
async function analysisRows(tx: Queryable, fyId: string | null, input: YearInput): Promise<Values[]> {
  const wanted = ANALYSIS_SECTIONS.flatMap((section) => {
    const text = sectionText(input.analysis, section);
    return text === null || text === '' ? [] : [{ section, text }];
  });
  if (!wanted.length) return [];
  const current = fyId
    ? await tx.query<{ section: AnalysisSection; text_th: string; based_on_th: string | null }>('SELECT section, text_th, based_on_th FROM analysis_texts WHERE fiscal_year_id = $1', [fyId])
    : [];
  const now = generatedAnalysis(input);
  let before: Record<AnalysisSection, string | null> | null = null;
  const rows: Values[] = [];
  for (const { section, text } of wanted) {
    const have = current.find((r) => r.section === section && r.text_th === text);
    let basis = now[section];
    if (have && have.based_on_th !== null) basis = have.based_on_th;
    else if (have) basis = (before ??= generatedAnalysis(await loadYear(tx, input.organisation.slug, input.year)))[section];
    const stale = basis !== null && now[section] !== null && basis !== now[section];
    rows.push({ section, text_th: text, based_on_th: basis, stale, new_th: stale ? now[section] : null });
  }
  return rows;
}

/** Rows in the catalogue's order of codes; codes the catalogue does not know go last. */
function criteriaOrder<T extends { code: string }>(codes: readonly string[], rows: readonly T[]): T[] {
  const rank = new Map(codes.map((c, i) => [c, i]));
  return [...rows].sort((a, b) => (rank.get(a.code) ?? 1e6) - (rank.get(b.code) ?? 1e6) || a.code.localeCompare(b.code));
}

export interface SaveSummary {
  readonly organisation: 'created' | 'updated' | 'unchanged';
  readonly measures: { readonly added: number; readonly updated: number; readonly removed: number };
}

/**
 * Writes a whole year in one transaction: the organisation (created when new), its units and people, the fiscal
 * year and its scores, analysis, measures with responsibles, progress and evidence records, and approvals. What
 * the year held before and the input does not hold is removed. Ids that are not UUIDs (hand-written files, the
 * demo) get new UUIDs, consistently within the input. An id that belongs to another organisation or year is
 * refused: one tenant's import never touches another's data. Evidence records need their file in the store.
 */
export async function saveYear(db: Db, actor: Actor, raw: YearInput): Promise<SaveSummary> {
  return write(db, actor, null, (tx) => saveYearIn(tx, actor, raw));
}

/** {@link saveYear} inside a transaction the caller already holds (set up by `write`). */
export async function saveYearIn(tx: Queryable, actor: Actor, raw: YearInput): Promise<SaveSummary> {
  const input = yearInputSchema.parse(raw);
  const criteria = criteriaOf(input);
  const known = new Set(criteria.indicators.map((i) => String(i.number)));
  for (const key of Object.keys(input.scores.indicators)) {
    if (!known.has(key)) {
      throw new InputError(`scores.indicators.${key}`, `ไม่มีตัวชี้วัดที่ ${key} ในเกณฑ์ปี ${criteria.year}`, `indicator ${key} does not exist in the ${criteria.year} criteria`);
    }
  }
  for (const m of input.measures) {
    for (const n of m.indicators) {
      if (!known.has(String(n))) {
        throw new InputError(`measures.${m.seq}.indicators`, `มาตรการที่ ${m.seq}: ไม่มีตัวชี้วัดที่ ${n} ในเกณฑ์ปี ${criteria.year}`, `measure ${m.seq}: indicator ${n} does not exist in the ${criteria.year} criteria`);
      }
    }
  }
  const existing = await findOrg(tx, input.organisation.slug);
  const ids = new Map<string, string>();
  const idFor = (id: string) => {
    if (isUuid(id)) return id.toLowerCase();
    let mapped = ids.get(id);
    if (!mapped) ids.set(id, (mapped = randomUUID()));
    return mapped;
  };
  const o = input.organisation;
  let orgState: SaveSummary['organisation'] = 'unchanged';
  let orgId: string;
  if (existing) {
    orgId = existing.id;
    const changed = await tx.query(
      `UPDATE organisations SET name_th = $2, name_en = $3, kind = $4, subdistrict = $5, district = $6, province = $7, website = $8, updated_at = now()
        WHERE id = $1 AND (name_th, name_en, kind, subdistrict, district, province, website) IS DISTINCT FROM ($2, $3, $4, $5, $6, $7, $8)
        RETURNING id`,
      [orgId, o.nameTh, o.nameEn, o.kind, o.subdistrict, o.district, o.province, o.website],
    );
    if (changed.length) orgState = 'updated';
  } else {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO organisations (slug, name_th, name_en, kind, subdistrict, district, province, website)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [o.slug, o.nameTh, o.nameEn, o.kind, o.subdistrict, o.district, o.province, o.website],
    );
    orgId = (row as { id: string }).id;
    orgState = 'created';
  }
  await tx.query(`SELECT set_config('prongsai.actor', $1, true)`, [JSON.stringify({ id: actor.id, label: actor.label, org: orgId })]);

  // Units: by id within this organisation, else by name; new ones are added. Units are never removed by a
  // year's import (other years refer to them).
  const unitRows = await tx.query<{ id: string; name_th: string }>('SELECT id, name_th FROM units WHERE org_id = $1', [orgId]);
  for (const [i, u] of input.units.entries()) {
    const byId = unitRows.find((r) => r.id === (isUuid(u.id) ? u.id.toLowerCase() : ''));
    const byName = unitRows.find((r) => r.name_th === u.nameTh);
    const target = byId ?? byName;
    if (target) {
      ids.set(u.id, target.id);
      await tx.query(
        `UPDATE units SET name_th = $2, short_th = $3, seq = $4 WHERE id = $1 AND (name_th, short_th, seq) IS DISTINCT FROM ($2, $3, $4)`,
        [target.id, u.nameTh, u.shortTh, i + 1],
      );
    } else {
      const id = isUuid(u.id) && !(await ownedElsewhere(tx, 'units', u.id, orgId)) ? u.id.toLowerCase() : randomUUID();
      ids.set(u.id, id);
      await tx.query('INSERT INTO units (id, org_id, name_th, short_th, seq) VALUES ($1, $2, $3, $4, $5)', [id, orgId, u.nameTh, u.shortTh, i + 1]);
    }
  }
  const unitId = (id: string | null) => {
    if (id === null) return null;
    const mapped = ids.get(id);
    if (!mapped) throw new InputError('units', `ไม่พบหน่วยงานย่อย "${id}" ในรายการหน่วยงานย่อยของปีนี้`, `unit "${id}" is not in the year's list of units`);
    return mapped;
  };
  for (const p of input.people) {
    const id = idFor(p.id);
    await refuseForeign(tx, 'people', id, orgId);
    await upsertById(tx, 'people', { id, org_id: orgId, name_th: p.nameTh, position_th: p.positionTh, unit_id: unitId(p.unitId) }, ['name_th', 'position_th', 'unit_id'], true);
  }
  // A responsible person is one of this organisation's people (listed in the year, or already stored).
  const ownPeople = new Set(
    (await tx.query<{ id: string }>('SELECT id FROM people WHERE org_id = $1', [orgId])).map((r) => r.id),
  );
  const personId = (id: string | null) => {
    if (id === null) return null;
    const mapped = ids.get(id) ?? (isUuid(id) ? id.toLowerCase() : undefined);
    if (mapped === undefined || !ownPeople.has(mapped)) {
      throw new InputError('people', `ไม่พบบุคคล "${id}" ในหน่วยงานนี้`, `no person "${id}" in this organisation`);
    }
    return mapped;
  };

  // The fiscal year and its scores; a closed year is frozen. What the analysis texts were based on is read before
  // the scores change (analysisRows).
  const [stored] = await tx.query<{ id: string; status: 'open' | 'closed' }>('SELECT id, status FROM fiscal_years WHERE org_id = $1 AND year = $2', [orgId, input.year]);
  if (stored?.status === 'closed') {
    throw new InputError('year', `ปีงบประมาณ ${input.year} ของ${o.nameTh} ปิดแล้ว จึงแก้ไขไม่ได้`, `fiscal year ${input.year} of ${o.slug} is closed: it cannot be changed`);
  }
  const analysis = await analysisRows(tx, stored?.id ?? null, input);
  const s = input.scores;
  const [fyRow] = await tx.query<{ id: string }>(
    `INSERT INTO fiscal_years (org_id, year, criteria_year, criteria_revision, score_source, eit_part1, eit_part2, official_overall, official_grade)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (org_id, year) DO UPDATE SET criteria_year = EXCLUDED.criteria_year, criteria_revision = EXCLUDED.criteria_revision,
       score_source = EXCLUDED.score_source, eit_part1 = EXCLUDED.eit_part1, eit_part2 = EXCLUDED.eit_part2,
       official_overall = EXCLUDED.official_overall, official_grade = EXCLUDED.official_grade, updated_at = now()
     RETURNING id`,
    [orgId, input.year, input.criteriaYear, criteria.revision, s.source, s.eitParts?.[0] ?? null, s.eitParts?.[1] ?? null, s.official?.overall ?? null, s.official?.grade ?? null],
  );
  const fyId = (fyRow as { id: string }).id;
  await syncRows(
    tx,
    'indicator_scores',
    fyId,
    ['indicator'],
    Object.entries(s.indicators)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => ({ indicator: Number(k), score: String(v) })),
  );
  await syncRows(tx, 'question_results', fyId, [], input.questionResults.length ? [{ results: JSON.stringify(input.questionResults) }] : []);
  await syncRows(tx, 'oit_item_results', fyId, ['code'], input.oitItems.map((i) => ({ code: i.code, met: i.met, urls: i.urls, note: i.note })));
  await syncRows(tx, 'analysis_texts', fyId, ['section'], analysis);

  // Measures, with their children.
  const before = await tx.query<{ id: string }>('SELECT id FROM measures WHERE fiscal_year_id = $1', [fyId]);
  const keep = new Set<string>();
  let added = 0;
  let updated = 0;
  for (const m of input.measures) {
    const id = idFor(m.id);
    await refuseForeignMeasure(tx, id, fyId, m.seq);
    keep.add(id);
    const values = [
      id,
      fyId,
      m.seq,
      m.titleTh,
      m.methods,
      m.actions,
      m.period.start,
      m.period.end,
      m.period.textTh,
      m.followUp,
      m.expectedOutcome,
      m.status,
      m.result,
      m.carriedFromId === null ? null : idFor(m.carriedFromId),
    ];
    const existed = before.some((b) => b.id === id);
    if (existed) {
      const changed = await tx.query(
        `UPDATE measures SET seq = $3, title_th = $4, methods = $5, actions = $6, period_start = $7, period_end = $8, period_text = $9,
           follow_up = $10, expected_outcome = $11, status = $12, result = $13, carried_from_id = $14, updated_at = now()
         WHERE id = $1 AND fiscal_year_id = $2
           AND (seq, title_th, methods, actions, period_start, period_end, period_text, follow_up, expected_outcome, status, result, carried_from_id)
               IS DISTINCT FROM ($3, $4, $5::text[], $6::text[], $7::date, $8::date, $9, $10, $11, $12, $13, $14::uuid)
         RETURNING id`,
        values,
      );
      if (changed.length) updated++;
    } else {
      await tx.query(
        `INSERT INTO measures (id, fiscal_year_id, seq, title_th, methods, actions, period_start, period_end, period_text, follow_up,
           expected_outcome, status, result, carried_from_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        values,
      );
      added++;
    }
    await syncChildren(tx, 'measure_indicators', id, ['indicator'], m.indicators.map((n) => ({ indicator: n })));
    await syncChildren(
      tx,
      'measure_responsibles',
      id,
      ['seq'],
      m.responsible.map((r, i) => ({ seq: i + 1, unit_id: unitId(r.unitId), person_id: personId(r.personId), label_th: r.labelTh })),
    );
    await saveProgress(tx, id, m.progress, idFor);
  }
  const removed = before.filter((b) => !keep.has(b.id));
  if (removed.length) await tx.query('DELETE FROM measures WHERE id = ANY($1::uuid[])', [removed.map((r) => r.id)]);

  // Approvals.
  const approvalIds = input.approvals.map((ap) => idFor(ap.id));
  await tx.query('DELETE FROM approvals WHERE fiscal_year_id = $1 AND NOT (id = ANY($2::uuid[]))', [fyId, approvalIds]);
  for (const [i, ap] of input.approvals.entries()) {
    const id = approvalIds[i] as string;
    await refuseForeign(tx, 'approvals', id, fyId, 'fiscal_year_id');
    const decision = { subject: ap.subject, status: ap.status, requested_by: ap.requestedBy, requested_at: ap.requestedAt, decided_by: ap.decidedBy, decided_at: ap.decidedAt, comment: ap.comment };
    await upsertById(tx, 'approvals', { id, fiscal_year_id: fyId, ...decision }, Object.keys(decision));
  }
  return { organisation: orgState, measures: { added, updated, removed: removed.length } };
}

async function saveProgress(tx: Queryable, measureId: string, entries: readonly Progress[], idFor: (id: string) => string): Promise<void> {
  const keep = entries.map((p) => idFor(p.id));
  await tx.query('DELETE FROM progress_entries WHERE measure_id = $1 AND NOT (id = ANY($2::uuid[]))', [measureId, keep]);
  for (const [i, p] of entries.entries()) {
    const id = keep[i] as string;
    await refuseForeign(tx, 'progress_entries', id, measureId, 'measure_id');
    const entry = { entry_date: p.date, period_start: p.periodStart, period_end: p.periodEnd, done_th: p.done, status: p.status, outcome_th: p.outcome, created_by: p.createdBy };
    await upsertById(tx, 'progress_entries', { id, measure_id: measureId, ...entry }, Object.keys(entry), true);
    const evidenceIds = p.evidence.map((e) => idFor(e.id));
    await tx.query('DELETE FROM evidence WHERE progress_id = $1 AND NOT (id = ANY($2::uuid[]))', [id, evidenceIds]);
    for (const [j, e] of p.evidence.entries()) {
      const eid = evidenceIds[j] as string;
      await refuseForeign(tx, 'evidence', eid, id, 'progress_id');
      const [file] = await tx.query<{ size: number }>('SELECT size FROM files WHERE sha256 = $1', [e.sha256]);
      if (!file) {
        throw new InputError(
          'evidence',
          `ไม่มีแฟ้มหลักฐาน "${e.filename}" (sha256 ${e.sha256.slice(0, 12)}…) ในระบบ: อัปโหลดแฟ้มก่อน หรือนำเข้าจากแฟ้มสำรองข้อมูล`,
          `evidence file "${e.filename}" (sha256 ${e.sha256.slice(0, 12)}…) is not stored: upload it first or restore it from a backup`,
        );
      }
      const replacesId = e.replacesId === null ? null : idFor(e.replacesId);
      const row = { id: eid, progress_id: id, sha256: e.sha256, filename: e.filename, media_type: e.mediaType, size: file.size, period_start: e.periodStart,
        period_end: e.periodEnd, revision: e.revision, replaces_id: replacesId, uploaded_by: e.uploadedBy, uploaded_at: e.uploadedAt ?? new Date().toISOString() };
      // The file and who uploaded it are fixed; its name and the period it covers may be corrected.
      await upsertById(tx, 'evidence', row, ['filename', 'period_start', 'period_end']);
    }
  }
}

/** True when a row with this id exists under another parent. */
async function ownedElsewhere(tx: Queryable, table: string, id: string, parentId: string, parentColumn = 'org_id'): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM ${table} WHERE id = $1 AND ${parentColumn} IS DISTINCT FROM $2`, [id.toLowerCase(), parentId]);
  return rows.length > 0;
}

async function refuseForeign(tx: Queryable, table: string, id: string, parentId: string, parentColumn = 'org_id'): Promise<void> {
  if (await ownedElsewhere(tx, table, id, parentId, parentColumn)) {
    throw new InputError(`${table}.id`, `รหัส ${id} เป็นของข้อมูลหน่วยงานหรือปีอื่น จึงนำเข้าไม่ได้`, `id ${id} belongs to another organisation or year: it cannot be imported here`);
  }
}

async function refuseForeignMeasure(tx: Queryable, id: string, fyId: string, seq: number): Promise<void> {
  if (await ownedElsewhere(tx, 'measures', id, fyId, 'fiscal_year_id')) {
    throw new InputError(
      `measures.${seq}.id`,
      `มาตรการที่ ${seq}: รหัส ${id} เป็นของมาตรการในปีหรือหน่วยงานอื่น (ใช้การยกมาตรการไปปีถัดไปแทนการคัดลอกรหัส)`,
      `measure ${seq}: id ${id} belongs to a measure of another year or organisation (carry measures forward instead of copying ids)`,
    );
  }
}

type Values = Record<string, unknown>;

/**
 * Inserts a row by its id, or updates the `updates` columns of the row already there when they differ (and then
 * its updated_at, with `touch`). An unchanged row is not written, so the audit log shows only real changes.
 */
async function upsertById(tx: Queryable, table: string, row: Values, updates: readonly string[], touch = false): Promise<void> {
  const columns = Object.keys(row);
  const set = [...updates.map((c) => `${c} = EXCLUDED.${c}`), ...(touch ? ['updated_at = now()'] : [])].join(', ');
  const tuple = (prefix: string) => `(${updates.map((c) => `${prefix}.${c}`).join(', ')})`;
  await tx.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${set} WHERE ${tuple(table)} IS DISTINCT FROM ${tuple('EXCLUDED')}`,
    columns.map((c) => row[c]),
  );
}

/**
 * Makes the rows of `table` under one fiscal year equal to `rows`, keyed by `keys`: inserts the new, updates
 * the changed, deletes the rest. Unchanged rows are not touched, so the audit log shows only real changes.
 */
async function syncRows(tx: Queryable, table: string, fyId: string, keys: readonly string[], rows: readonly Values[]): Promise<void> {
  await sync(tx, table, 'fiscal_year_id', fyId, keys, rows);
}

async function syncChildren(tx: Queryable, table: string, measureId: string, keys: readonly string[], rows: readonly Values[]): Promise<void> {
  await sync(tx, table, 'measure_id', measureId, keys, rows);
}

async function sync(tx: Queryable, table: string, parentColumn: string, parentId: string, keys: readonly string[], rows: readonly Values[]): Promise<void> {
  const current = await tx.query<Values>(`SELECT * FROM ${table} WHERE ${parentColumn} = $1`, [parentId]);
  const keyOf = (r: Values) => keys.map((k) => String(r[k])).join('\u0000');
  const wanted = new Map(rows.map((r) => [keyOf(r), r]));
  for (const row of current) {
    if (!wanted.has(keyOf(row))) {
      await tx.query(`DELETE FROM ${table} WHERE ${[`${parentColumn} = $1`, ...keys.map((k, i) => `${k} = $${i + 2}`)].join(' AND ')}`, [
        parentId,
        ...keys.map((k) => row[k]),
      ]);
    }
  }
  for (const row of rows) {
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

export interface YearStatusView {
  readonly year: number;
  readonly status: 'open' | 'closed';
  /** Who closed or reopened the year last, when, and why (null: never). */
  readonly changedBy: string | null;
  readonly changedAt: string | null;
  readonly reason: string | null;
}

/** Whether the year is open or closed, and who changed that last and why. */
export async function yearStatus(db: Queryable, principal: Principal, ref: YearRef): Promise<YearStatusView> {
  const ctx = await resolveYear(db, principal, ref);
  return statusOf(db, ctx.fiscalYearId, ctx.year);
}

async function statusOf(q: Queryable, fiscalYearId: string, year: number): Promise<YearStatusView> {
  const [r] = await q.query<{ status: 'open' | 'closed'; status_changed_by: string | null; status_changed_at: string | null; status_reason: string | null }>(
    'SELECT status, status_changed_by, status_changed_at, status_reason FROM fiscal_years WHERE id = $1',
    [fiscalYearId],
  );
  if (!r) throw new InputError('year', `ไม่มีปีงบประมาณ ${year} แล้ว`, `fiscal year ${year} no longer exists`);
  return { year, status: r.status, changedBy: r.status_changed_by, changedAt: r.status_changed_at, reason: r.status_reason };
}

/** The reason a year is closed or reopened: required, at most 4,000 characters. */
function reasonOf(body: unknown, th: string, en: string): string {
  const given = body !== null && typeof body === 'object' ? (body as { reason?: unknown }).reason : undefined;
  const reason = typeof given === 'string' ? given.trim() : '';
  if (!reason) throw new InputError('reason', `โปรดระบุเหตุผลที่${th}`, `give the reason to ${en}`);
  if (reason.length > 4000) throw new InputError('reason', 'เหตุผลยาวได้ไม่เกิน 4,000 ตัวอักษร', 'the reason is at most 4,000 characters');
  return reason;
}

/**
 * Closes the year (status closed: read-only, every change refused by saveYearIn and lockYear, its documents frozen
 * as they are) or reopens it, with a reason. Only an organisation administrator (year.close) may; the audit log
 * records the change of status with its reason.
 */
export async function setYearStatus(db: Db, principal: Principal, ref: YearRef, status: 'open' | 'closed', body: { reason?: unknown } | unknown): Promise<YearStatusView> {
  const ctx = await resolveYear(db, principal, ref, 'year.close');
  const reason = status === 'closed' ? reasonOf(body, 'ปิดปีงบประมาณ', 'close the year') : reasonOf(body, 'เปิดปีงบประมาณอีกครั้ง', 'reopen the year');
  return write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const [row] = await tx.query<{ status: 'open' | 'closed' }>('SELECT status FROM fiscal_years WHERE id = $1 FOR UPDATE', [ctx.fiscalYearId]);
    if (row?.status === status) {
      throw status === 'closed'
        ? new InputError('status', `ปีงบประมาณ ${ctx.year} ปิดอยู่แล้ว`, `fiscal year ${ctx.year} is already closed`)
        : new InputError('status', `ปีงบประมาณ ${ctx.year} เปิดอยู่แล้ว`, `fiscal year ${ctx.year} is already open`);
    }
    await tx.query(
      `UPDATE fiscal_years SET status = $2, status_reason = $3, status_changed_by = $4, status_changed_at = now(), updated_at = now() WHERE id = $1`,
      [ctx.fiscalYearId, status, reason, principal.nameTh],
    );
    return statusOf(tx, ctx.fiscalYearId, ctx.year);
  });
}
