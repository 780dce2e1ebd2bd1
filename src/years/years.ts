/**
 * An organisation's fiscal year as a whole: read it from the database as the year model (src/model/year.ts),
 * and write a whole year back in one transaction (an import, the demo, a restore of one year). Finer edits (one
 * measure, one progress entry) live in their own use cases; this is the unit of export and import.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import type { Message } from '../messages.ts';
import { findingText, introText } from '../documents/core/parts.ts';
import { criteriaOf, getCriteria, type ToolCode } from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import { yearInputSchema, type Organisation, type Progress, type YearInput } from '../model/year.ts';
import { write, type Actor } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { ensureStoredPack, resolveYear, type YearRef } from '../app/context.ts';
import { isUuid } from '../app/input.ts';
import { yearsMessages } from './messages.ts';
import {
  insertOrg,
  lockYearRow,
  selectOrgBySlug,
  selectStatus,
  selectYearHead,
  selectYearScores,
  setAuditActor,
  updateOrgIfChanged,
  updateStatus,
  upsertFiscalYear,
  type OrgRow,
} from './repo.ts';
import {
  deleteChildrenExcept,
  deleteMeasures,
  insertMeasure,
  insertUnit,
  ownedElsewhere,
  selectAnalysisBasis,
  selectFileSize,
  selectMeasureIds,
  selectPersonIds,
  selectUnitNames,
  selectYearContent,
  sync,
  updateMeasureIfChanged,
  updateUnit,
  upsertById,
} from './repo-year.ts';


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
  const row = await selectOrgBySlug(q, slug);
  return row ? { id: row.id, ...orgFromRow(row) } : null;
}

export async function requireOrg(q: Queryable, slug: string): Promise<Organisation & { id: string }> {
  const org = await findOrg(q, slug);
  if (!org) throw new InputError('org', yearsMessages.noOrg({ slug }));
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
  const fy = await selectYearScores(db, org.id, year);
  if (!fy) {
    throw new InputError('year', yearsMessages.noYearData({ nameTh: org.nameTh, slug: org.slug, year }));
  }
  await ensureStoredPack(db, fy.criteria_year, fy.criteria_revision);
  const criteria = criteriaOf({ criteriaYear: fy.criteria_year, criteriaRevision: fy.criteria_revision });
  const { units, people, scores, previous, questions, oit, texts, measures, indicators, responsibles, progress, evidence, approvals } = await selectYearContent(db, org.id, fy.id, year);

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
    ? await selectAnalysisBasis(tx, fyId)
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
      throw new InputError(`scores.indicators.${key}`, yearsMessages.unknownIndicator({ key, criteriaYear: criteria.year }));
    }
  }
  for (const m of input.measures) {
    for (const n of m.indicators) {
      if (!known.has(String(n))) {
        throw new InputError(`measures.${m.seq}.indicators`, yearsMessages.measureUnknownIndicator({ seq: m.seq, n, criteriaYear: criteria.year }));
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
    if (await updateOrgIfChanged(tx, orgId, o)) orgState = 'updated';
  } else {
    orgId = await insertOrg(tx, o);
    orgState = 'created';
  }
  await setAuditActor(tx, { id: actor.id, label: actor.label, org: orgId });

  // Units: by id within this organisation, else by name; new ones are added. Units are never removed by a
  // year's import (other years refer to them).
  const unitRows = await selectUnitNames(tx, orgId);
  for (const [i, u] of input.units.entries()) {
    const byId = unitRows.find((r) => r.id === (isUuid(u.id) ? u.id.toLowerCase() : ''));
    const byName = unitRows.find((r) => r.name_th === u.nameTh);
    const target = byId ?? byName;
    if (target) {
      ids.set(u.id, target.id);
      await updateUnit(tx, target.id, u.nameTh, u.shortTh, i + 1);
    } else {
      const id = isUuid(u.id) && !(await ownedElsewhere(tx, 'units', u.id, orgId)) ? u.id.toLowerCase() : randomUUID();
      ids.set(u.id, id);
      await insertUnit(tx, id, orgId, u.nameTh, u.shortTh, i + 1);
    }
  }
  const unitId = (id: string | null) => {
    if (id === null) return null;
    const mapped = ids.get(id);
    if (!mapped) throw new InputError('units', yearsMessages.unitNotListed({ id }));
    return mapped;
  };
  for (const p of input.people) {
    const id = idFor(p.id);
    await refuseForeign(tx, 'people', id, orgId);
    await upsertById(tx, 'people', { id, org_id: orgId, name_th: p.nameTh, position_th: p.positionTh, unit_id: unitId(p.unitId) }, ['name_th', 'position_th', 'unit_id'], true);
  }
  // A responsible person is one of this organisation's people (listed in the year, or already stored).
  const ownPeople = new Set(await selectPersonIds(tx, orgId));
  const personId = (id: string | null) => {
    if (id === null) return null;
    const mapped = ids.get(id) ?? (isUuid(id) ? id.toLowerCase() : undefined);
    if (mapped === undefined || !ownPeople.has(mapped)) {
      throw new InputError('people', yearsMessages.noPerson({ id }));
    }
    return mapped;
  };

  // The fiscal year and its scores; a closed year is frozen. What the analysis texts were based on is read before
  // the scores change (analysisRows).
  const stored = await selectYearHead(tx, orgId, input.year);
  if (stored?.status === 'closed') {
    throw new InputError('year', yearsMessages.yearClosed({ nameTh: o.nameTh, slug: o.slug, year: input.year }));
  }
  const analysis = await analysisRows(tx, stored?.id ?? null, input);
  const s = input.scores;
  const fyId = await upsertFiscalYear(tx, orgId, {
    year: input.year,
    criteriaYear: input.criteriaYear,
    criteriaRevision: criteria.revision,
    source: s.source,
    eitParts: [s.eitParts?.[0] ?? null, s.eitParts?.[1] ?? null],
    officialOverall: s.official?.overall ?? null,
    officialGrade: s.official?.grade ?? null,
  });
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
  const before = await selectMeasureIds(tx, fyId);
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
    const existed = before.includes(id);
    if (existed) {
      if (await updateMeasureIfChanged(tx, values)) updated++;
    } else {
      await insertMeasure(tx, values);
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
  const removed = before.filter((id) => !keep.has(id));
  if (removed.length) await deleteMeasures(tx, removed);

  // Approvals.
  const approvalIds = input.approvals.map((ap) => idFor(ap.id));
  await deleteChildrenExcept(tx, 'approvals', fyId, approvalIds);
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
  await deleteChildrenExcept(tx, 'progress_entries', measureId, keep);
  for (const [i, p] of entries.entries()) {
    const id = keep[i] as string;
    await refuseForeign(tx, 'progress_entries', id, measureId, 'measure_id');
    const entry = { entry_date: p.date, period_start: p.periodStart, period_end: p.periodEnd, done_th: p.done, status: p.status, outcome_th: p.outcome, created_by: p.createdBy };
    await upsertById(tx, 'progress_entries', { id, measure_id: measureId, ...entry }, Object.keys(entry), true);
    const evidenceIds = p.evidence.map((e) => idFor(e.id));
    await deleteChildrenExcept(tx, 'evidence', id, evidenceIds);
    for (const [j, e] of p.evidence.entries()) {
      const eid = evidenceIds[j] as string;
      await refuseForeign(tx, 'evidence', eid, id, 'progress_id');
      const size = await selectFileSize(tx, e.sha256);
      if (size === undefined) throw new InputError('evidence', yearsMessages.evidenceFileMissing({ filename: e.filename, sha256: e.sha256 }));
      const replacesId = e.replacesId === null ? null : idFor(e.replacesId);
      const row = { id: eid, progress_id: id, sha256: e.sha256, filename: e.filename, media_type: e.mediaType, size, period_start: e.periodStart,
        period_end: e.periodEnd, revision: e.revision, replaces_id: replacesId, uploaded_by: e.uploadedBy, uploaded_at: e.uploadedAt ?? new Date().toISOString() };
      // The file and who uploaded it are fixed; its name and the period it covers may be corrected.
      await upsertById(tx, 'evidence', row, ['filename', 'period_start', 'period_end']);
    }
  }
}

async function refuseForeign(tx: Queryable, table: string, id: string, parentId: string, parentColumn = 'org_id'): Promise<void> {
  if (await ownedElsewhere(tx, table, id, parentId, parentColumn)) {
    throw new InputError(`${table}.id`, yearsMessages.foreignId({ id }));
  }
}

async function refuseForeignMeasure(tx: Queryable, id: string, fyId: string, seq: number): Promise<void> {
  if (await ownedElsewhere(tx, 'measures', id, fyId, 'fiscal_year_id')) {
    throw new InputError(`measures.${seq}.id`, yearsMessages.foreignMeasure({ seq, id }));
  }
}

type Values = Record<string, unknown>;

/** Makes the rows of `table` under one fiscal year equal to `rows`, keyed by `keys` (sync). */
async function syncRows(tx: Queryable, table: string, fyId: string, keys: readonly string[], rows: readonly Values[]): Promise<void> {
  await sync(tx, table, 'fiscal_year_id', fyId, keys, rows);
}

async function syncChildren(tx: Queryable, table: string, measureId: string, keys: readonly string[], rows: readonly Values[]): Promise<void> {
  await sync(tx, table, 'measure_id', measureId, keys, rows);
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
  const r = await selectStatus(q, fiscalYearId);
  if (!r) throw new InputError('year', yearsMessages.yearGone({ year }));
  return { year, status: r.status, changedBy: r.status_changed_by, changedAt: r.status_changed_at, reason: r.status_reason };
}

/** The reason a year is closed or reopened: required, at most 4,000 characters. */
function reasonOf(body: unknown, missing: Message): string {
  const given = body !== null && typeof body === 'object' && 'reason' in body ? body.reason : undefined;
  const reason = typeof given === 'string' ? given.trim() : '';
  if (!reason) throw new InputError('reason', missing);
  if (reason.length > 4000) throw new InputError('reason', yearsMessages.reasonTooLong());
  return reason;
}

/**
 * Closes the year (status closed: read-only, every change refused by saveYearIn and lockYear, its documents frozen
 * as they are) or reopens it, with a reason. Only an organisation administrator (year.close) may; the audit log
 * records the change of status with its reason.
 */
export async function setYearStatus(db: Db, principal: Principal, ref: YearRef, status: 'open' | 'closed', body: { reason?: unknown } | unknown): Promise<YearStatusView> {
  const ctx = await resolveYear(db, principal, ref, 'year.close');
  const reason = reasonOf(body, status === 'closed' ? yearsMessages.closeReason() : yearsMessages.reopenReason());
  return write(db, actorOf(principal), ctx.orgId, async (tx) => {
    if ((await lockYearRow(tx, ctx.fiscalYearId)) === status) {
      throw new InputError('status', status === 'closed' ? yearsMessages.alreadyClosed({ year: ctx.year }) : yearsMessages.alreadyOpen({ year: ctx.year }));
    }
    await updateStatus(tx, ctx.fiscalYearId, status, reason, principal.nameTh);
    return statusOf(tx, ctx.fiscalYearId, ctx.year);
  });
}
