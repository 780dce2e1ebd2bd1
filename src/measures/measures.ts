/**
 * The measures (มาตรการ) of a year: list, create, change, remove, reorder, and import from a spreadsheet. Every
 * write reads the year, changes it and saves it through saveYearIn (the path of saveYear), in one transaction
 * with the year locked (src/years/edit.ts).
 *
 * Who may change what:
 * - measures.write (system administrator, organisation administrator, ITA coordinator): everything: create,
 *   remove, reorder, import, and every field of every measure.
 * - measure.unit.write alone (a unit head): only the measures their unit is responsible for (a responsible line
 *   whose unit is theirs), and only what the unit reports on as the year goes: the status (planned, in
 *   progress, done: cancelling a measure changes the plan, so it is left to the coordinator) and the result
 *   (ผลลัพธ์/ความสำเร็จ); plus its progress entries and evidence (src/measures/progress.ts, src/measures/evidence.ts).
 *   The plan itself (title, indicators, methods, actions, responsible, period, follow-up, expected outcome) is
 *   the coordinator's.
 * - Everyone else with year.read (executive, auditor) reads.
 *
 * Two people editing the same measure: a change carries the `updatedAt` of the measure as the editor read it;
 * when the measure has changed since, the change is refused with a Conflict naming the current version, and
 * nothing is written.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import {
  MEASURES_SHEET,
  readMeasuresCsv,
  readMeasuresWorkbook,
  tablesToMeasures,
  writeMeasuresCsv,
  writeMeasuresWorkbook,
  type MeasureTables,
} from '../io/measures-table.ts';
import { hasErrors, problemsOf, type Problem } from '../io/problems.ts';
import { measureSchema, type Measure, type MeasureStatus, type YearInput } from '../model/year.ts';
import { authorize, can, Forbidden, type Principal } from '../app/authz.ts';
import { resolveYear, type OrgContext, type YearContext, type YearRef } from '../app/context.ts';
import { bumpVersion, checkVersion, editYear, MEASURE_VERSION } from '../years/edit.ts';
import { NotFound } from '../app/errors.ts';
import { givenKeys, parseInput, parsePatch, periodProblems, requireUuid, throwAll } from '../app/input.ts';
import { loadYear, type SaveSummary } from '../years/years.ts';
import { measuresMessages } from './messages.ts';
import { measuresOfOrg, measureVersions } from './repo.ts';

/** What a principal may change in a measure: everything, the unit's fields, or nothing. */
export type MeasureAccess = 'all' | 'unit' | 'none';

/** The fields a unit head may change in their unit's measures. */
export const UNIT_FIELDS = ['status', 'result'] as const;
/** The statuses a unit head may set. */
export const UNIT_STATUSES: readonly MeasureStatus[] = ['planned', 'in_progress', 'done'];

export interface MeasureView extends Measure {
  /** The version to send back with a change (optimistic concurrency). */
  readonly updatedAt: string;
  /** The units responsible for the measure. */
  readonly unitIds: readonly string[];
  /** What the principal may change. Progress and evidence may be added whenever this is not 'none'. */
  readonly access: MeasureAccess;
}

/** What the unit rule needs of a measure: the units on its responsible lines. */
export interface HasUnits {
  readonly responsible: readonly { readonly unitId: string | null }[];
}

/** The units responsible for a measure. */
export function unitIdsOf(m: HasUnits): string[] {
  return [...new Set(m.responsible.flatMap((r) => (r.unitId === null ? [] : [r.unitId])))];
}

export function measureAccess(principal: Principal, org: OrgContext, m: HasUnits): MeasureAccess {
  if (can(principal, 'measures.write', { orgId: org.orgId })) return 'all';
  return can(principal, 'measure.unit.write', { orgId: org.orgId, unitIds: unitIdsOf(m) }) ? 'unit' : 'none';
}

/** The measures of a year as views, read inside `q` (a transaction sees its own changes). */
async function viewsOf(q: Queryable, principal: Principal, ctx: YearContext, year: YearInput): Promise<MeasureView[]> {
  const versions = await measureVersions(q, ctx.fiscalYearId);
  return year.measures.map((m) => ({ ...m, updatedAt: versions.get(m.id) ?? '', unitIds: unitIdsOf(m), access: measureAccess(principal, ctx, m) }));
}

export const measureNotFound = (id: string): NotFound => new NotFound('measureId', measuresMessages.noMeasure({ id }));

function findMeasure(year: YearInput, id: string): Measure {
  const m = year.measures.find((x) => x.id === id);
  if (!m) throw measureNotFound(id);
  return m;
}

/** Every measure of the year, in order. */
export async function listMeasures(db: Queryable, principal: Principal, ref: YearRef): Promise<MeasureView[]> {
  const ctx = await resolveYear(db, principal, ref);
  return viewsOf(db, principal, ctx, await loadYear(db, ctx.slug, ctx.year));
}

export async function getMeasure(db: Queryable, principal: Principal, ref: YearRef, measureId: string): Promise<MeasureView> {
  const ctx = await resolveYear(db, principal, ref);
  return viewIn(db, principal, ctx, requireUuid(measureId, 'measureId', measuresMessages.noMeasureId));
}

const fields = measureSchema.pick({
  titleTh: true,
  indicators: true,
  methods: true,
  actions: true,
  responsible: true,
  period: true,
  followUp: true,
  expectedOutcome: true,
  status: true,
  result: true,
});

/** A new measure: the title is required; `seq` places it (default: last). */
export const measureCreateSchema = fields.extend({ seq: z.number().int().min(1).optional() }).strict();
export type MeasureCreate = z.input<typeof measureCreateSchema>;

/** A change: only the fields given change (`period` and the lists are replaced as a whole; null clears a text). */
export const measurePatchSchema = fields.partial().strict();
export type MeasurePatch = z.input<typeof measurePatchSchema>;
type Fields = z.output<typeof fields>;

/** What the year cannot accept: a unit or person of another organisation, a period outside the fiscal year. */
function checkAgainstYear(year: YearInput, m: Partial<Fields>): void {
  const units = new Set(year.units.map((u) => u.id));
  const people = new Set(year.people.map((p) => p.id));
  const errors: InputError[] = [];
  (m.responsible ?? []).forEach((r, i) => {
    if (r.unitId !== null && !units.has(r.unitId)) {
      errors.push(new InputError(`measure.responsible.${i}.unitId`, measuresMessages.noUnit({ n: i + 1, unitId: r.unitId })));
    }
    if (r.personId !== null && !people.has(r.personId)) {
      errors.push(new InputError(`measure.responsible.${i}.personId`, measuresMessages.noPerson({ n: i + 1, personId: r.personId })));
    }
  });
  if (m.period) errors.push(...periodProblems('measure.period', m.period.start, m.period.end, year.year));
  throwAll(errors);
}

/** Indicators once each, in number order (as the year is read back). */
const normalIndicators = (list: readonly number[]) => [...new Set(list)].sort((a, b) => a - b);

function renumber(measures: readonly Measure[]): Measure[] {
  return measures.map((m, i) => (m.seq === i + 1 ? m : { ...m, seq: i + 1 }));
}

/** One measure as a view, read inside `q`. */
async function viewIn(q: Queryable, principal: Principal, ctx: YearContext, id: string): Promise<MeasureView> {
  const views = await viewsOf(q, principal, ctx, await loadYear(q, ctx.slug, ctx.year));
  const found = views.find((v) => v.id === id);
  if (!found) throw measureNotFound(id);
  return found;
}

export async function createMeasure(db: Db, principal: Principal, ref: YearRef, input: MeasureCreate | unknown): Promise<MeasureView> {
  const ctx = await resolveYear(db, principal, ref, 'measures.write');
  const { seq, ...values } = parseInput(measureCreateSchema, input, 'measure');
  const id = randomUUID();
  return editYear(db, principal, ctx, async ({ tx, year, save }) => {
    checkAgainstYear(year, values);
    const at = Math.min(seq ?? year.measures.length + 1, year.measures.length + 1) - 1;
    const measure: Measure = { id, seq: at + 1, ...values, indicators: normalIndicators(values.indicators), carriedFromId: null, progress: [] };
    await save({ ...year, measures: renumber([...year.measures.slice(0, at), measure, ...year.measures.slice(at)]) });
    return viewIn(tx, principal, ctx, id);
  });
}

/**
 * Changes the fields given in `patch` of one measure. `expectedUpdatedAt` is the measure's `updatedAt` as the
 * editor read it. A unit head may give only `status` (not cancelled) and `result`.
 */
export async function updateMeasure(
  db: Db,
  principal: Principal,
  ref: YearRef,
  measureId: string,
  patch: MeasurePatch | unknown,
  expectedUpdatedAt: string,
): Promise<MeasureView> {
  const ctx = await resolveYear(db, principal, ref, ['measures.write', 'measure.unit.write']);
  const planner = can(principal, 'measures.write', { orgId: ctx.orgId });
  if (!planner && [...givenKeys(patch)].some((k) => !(UNIT_FIELDS as readonly string[]).includes(k))) throw new Forbidden('measures.write');
  const id = requireUuid(measureId, 'measureId', measuresMessages.noMeasureId);
  const changes: Partial<Fields> = parsePatch(measurePatchSchema, patch, 'measure');
  return editYear(db, principal, ctx, async ({ tx, year, save }) => {
    const current = findMeasure(year, id);
    const access = measureAccess(principal, ctx, current);
    if (access === 'none') throw new Forbidden('measure.unit.write');
    // A unit head neither cancels a measure nor brings a cancelled one back: that changes the plan.
    if (access === 'unit' && changes.status !== undefined && (current.status === 'cancelled' || !UNIT_STATUSES.includes(changes.status))) {
      throw new Forbidden('measures.write');
    }
    await checkVersion(tx, MEASURE_VERSION, id, expectedUpdatedAt);
    checkAgainstYear(year, changes);
    const next: Measure = { ...current, ...changes, ...(changes.indicators ? { indicators: normalIndicators(changes.indicators) } : {}) };
    await save({ ...year, measures: year.measures.map((m) => (m.id === id ? next : m)) });
    await bumpVersion(tx, MEASURE_VERSION, id);
    return viewIn(tx, principal, ctx, id);
  });
}

/** Removes a measure with its progress and evidence records (the audit log keeps them); the others close up. */
export async function deleteMeasure(db: Db, principal: Principal, ref: YearRef, measureId: string, expectedUpdatedAt?: string): Promise<void> {
  const ctx = await resolveYear(db, principal, ref, 'measures.write');
  const id = requireUuid(measureId, 'measureId', measuresMessages.noMeasureId);
  await editYear(db, principal, ctx, async ({ tx, year, save }) => {
    findMeasure(year, id);
    if (expectedUpdatedAt !== undefined) await checkVersion(tx, MEASURE_VERSION, id, expectedUpdatedAt);
    await save({ ...year, measures: renumber(year.measures.filter((m) => m.id !== id)) });
  });
}

/** Puts the measures in the order given: every measure of the year, once. */
export async function reorderMeasures(db: Db, principal: Principal, ref: YearRef, orderedIds: readonly string[]): Promise<MeasureView[]> {
  const ctx = await resolveYear(db, principal, ref, 'measures.write');
  const ids = parseInput(z.array(z.string()).max(1000), orderedIds, 'order').map((s) => s.toLowerCase());
  return editYear(db, principal, ctx, async ({ tx, year, save }) => {
    const have = new Set(year.measures.map((m) => m.id));
    if (ids.length !== have.size || new Set(ids).size !== ids.length || ids.some((i) => !have.has(i))) {
      throw new InputError('order', measuresMessages.orderIncomplete({ count: have.size }));
    }
    const byId = new Map(year.measures.map((m) => [m.id, m]));
    await save({ ...year, measures: renumber(ids.map((i) => byId.get(i) as Measure)) });
    return viewsOf(tx, principal, ctx, await loadYear(tx, ctx.slug, ctx.year));
  });
}

// ---------------------------------------------------------------------------------------------------------
// Spreadsheets: export, and import in the same format

export type MeasuresFile =
  | { readonly workbook: Uint8Array }
  | { readonly measuresCsv: Uint8Array; readonly progressCsv?: Uint8Array | null };

export interface MeasuresImportOutcome {
  /** Every problem of the file by sheet, row and column (errors and warnings). */
  readonly problems: readonly Problem[];
  /** True only when the measures were written (never on a dry run, never when a problem is an error). */
  readonly written: boolean;
  /** The measures as they would be (dry run) or were written. Empty when a problem is an error. */
  readonly measures: readonly Measure[];
  readonly summary: SaveSummary['measures'] | null;
}

/** The file's tables, read once and before any transaction (unpacking a workbook takes a while); a broken file is a problem. */
async function tablesOf(file: MeasuresFile): Promise<{ tables: MeasureTables | null; problems: Problem[] }> {
  try {
    return { tables: 'workbook' in file ? await readMeasuresWorkbook(file.workbook) : readMeasuresCsv(file.measuresCsv, file.progressCsv ?? null), problems: [] };
  } catch (error) {
    return { tables: null, problems: problemsOf(error) };
  }
}

/**
 * Reads the tables against the year; the measures come back in the file's order of numbers, numbered 1, 2, 3 …
 * A measure said to be carried from another (ยกมาจาก) must name a measure of this organisation.
 */
async function measuresOf(q: Queryable, ctx: YearContext, tables: MeasureTables, year: YearInput): Promise<{ measures: Measure[]; problems: Problem[] }> {
  const read = tablesToMeasures(tables, { ...year, knownEvidence: year.measures.flatMap((m) => m.progress.flatMap((p) => p.evidence)) });
  const from = read.measures.flatMap((m) => (m.carriedFromId === null ? [] : [m.carriedFromId.toLowerCase()]));
  const ours = await measuresOfOrg(q, ctx.orgId, from);
  const problems = [...read.problems];
  for (const m of read.measures) {
    if (m.carriedFromId !== null && !ours.has(m.carriedFromId.toLowerCase())) {
      const { th, en } = measuresMessages.noCarriedFrom({ seq: m.seq, id: m.carriedFromId });
      problems.push({ sheet: MEASURES_SHEET, row: null, column: 'ยกมาจาก', th, en, severity: 'error' });
    }
  }
  return hasErrors(problems) ? { problems, measures: [] } : { problems, measures: renumber([...read.measures].sort((a, b) => a.seq - b.seq)) };
}

/**
 * Imports the measures (and progress) of a workbook or CSV into the year, replacing its measures: what the file
 * does not list is removed. A dry run lists the problems and the measures and writes nothing; otherwise the
 * import is all or nothing. The file is read once, outside the transaction; its rows are checked inside it,
 * against the year as it is then.
 */
export async function importMeasures(
  db: Db,
  principal: Principal,
  ref: YearRef,
  file: MeasuresFile,
  options: { readonly dryRun?: boolean } = {},
): Promise<MeasuresImportOutcome> {
  const ctx = await resolveYear(db, principal, ref, 'measures.write');
  const { tables, problems: unreadable } = await tablesOf(file);
  if (!tables) return { problems: unreadable, written: false, measures: [], summary: null };
  if (options.dryRun) {
    const read = await measuresOf(db, ctx, tables, await loadYear(db, ctx.slug, ctx.year));
    return { problems: read.problems, written: false, measures: read.measures, summary: null };
  }
  let problems: readonly Problem[] = [];
  try {
    return await editYear(db, principal, ctx, async ({ tx, year, save }) => {
      const read = await measuresOf(tx, ctx, tables, year);
      problems = read.problems;
      if (hasErrors(read.problems)) return { problems: read.problems, written: false, measures: [], summary: null };
      const summary = await save({ ...year, measures: read.measures });
      return { problems: read.problems, written: true, measures: read.measures, summary: summary.measures };
    });
  } catch (error) {
    // What only saving finds (an id of another year's measure): the transaction is rolled back, nothing written.
    return { problems: [...problems, ...problemsOf(error)], written: false, measures: [], summary: null };
  }
}

export interface ExportedFile {
  readonly bytes: Buffer;
  readonly mediaType: string;
  readonly fileName: string;
}

/** The measures and progress of the year as a workbook (or either table as CSV), in the format the import reads. */
export async function exportMeasures(
  db: Queryable,
  principal: Principal,
  ref: YearRef,
  format: 'xlsx' | 'measures-csv' | 'progress-csv' = 'xlsx',
): Promise<ExportedFile> {
  const ctx = await resolveYear(db, principal, ref);
  const year = await loadYear(db, ctx.slug, ctx.year);
  const base = `${ctx.slug}-${ctx.year}-measures`;
  if (format !== 'xlsx') {
    const csv = writeMeasuresCsv(year);
    const progress = format === 'progress-csv';
    return { bytes: progress ? csv.progress : csv.measures, mediaType: 'text/csv; charset=utf-8', fileName: `${base}${progress ? '-progress' : ''}.csv` };
  }
  return { bytes: await writeMeasuresWorkbook(year), mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${base}.xlsx` };
}

/**
 * May the principal report on this measure (add or change its progress entries and evidence)? progress.write
 * on any measure, or measure.unit.write as one of its responsible units. Throws Forbidden if not.
 */
export function authorizeReporting(principal: Principal, org: OrgContext, m: HasUnits): void {
  if (can(principal, 'progress.write', { orgId: org.orgId })) return;
  authorize(principal, 'measure.unit.write', { orgId: org.orgId, unitIds: unitIdsOf(m) });
}
