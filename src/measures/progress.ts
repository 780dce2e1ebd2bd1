/**
 * Monthly progress entries of a measure (what was done in the period, its status, the outcome so far), the
 * records that src/measures/reporting.ts checks month by month. Those who hold progress.write report on any measure;
 * a unit head reports on the measures of their unit (measure.unit.write). Entries are written through the year
 * (saveYearIn) with the year locked; a change carries the entry's `updatedAt` as read, and a change on top of an
 * older version is refused with a Conflict.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { progressSchema, type Measure, type Progress, type YearInput } from '../model/year.ts';
import type { Principal } from '../app/authz.ts';
import { resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import { bumpVersion, checkVersion, editYear, MEASURE_VERSION, PROGRESS_VERSION } from '../years/edit.ts';
import { NotFound } from '../app/errors.ts';
import { isCalendarDate, parseInput, parsePatch, periodProblems, requireUuid, throwAll } from '../app/input.ts';
import { authorizeReporting, measureNotFound } from './measures.ts';
import { monthRange, todayInBangkok } from './reporting.ts';
import { loadYear } from '../years/years.ts';
import { measuresMessages } from './messages.ts';
import { progressVersions } from './repo.ts';

export interface ProgressView extends Progress {
  readonly measureId: string;
  /** The version to send back with a change. */
  readonly updatedAt: string;
}

const base = progressSchema.pick({ date: true, periodStart: true, periodEnd: true, done: true, status: true, outcome: true });

/**
 * A new entry: what was done and its status; the period as `periodStart` and `periodEnd`, or as a `month`
 * (YYYY-MM, the whole month); the date of the entry defaults to today (Bangkok).
 */
export const progressCreateSchema = base
  .extend({
    date: base.shape.date.optional(),
    periodStart: base.shape.periodStart.optional(),
    periodEnd: base.shape.periodEnd.optional(),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: measuresMessages.code('monthFormat') })
      .optional(),
  })
  .strict();
export type ProgressCreate = z.input<typeof progressCreateSchema>;

/** A change: only the fields given change. */
export const progressPatchSchema = base.partial().strict();
export type ProgressPatch = z.input<typeof progressPatchSchema>;

/** Real dates, the period inside the fiscal year and not reversed, the entry not dated before its period. */
function checkEntry(p: Pick<Progress, 'date' | 'periodStart' | 'periodEnd'>, fiscalYear: number): void {
  const errors = periodProblems('progress.period', p.periodStart, p.periodEnd, fiscalYear);
  if (!isCalendarDate(p.date)) {
    errors.push(new InputError('progress.date', measuresMessages.notCalendarDate({ date: p.date })));
  } else if (p.date < p.periodStart) {
    errors.push(new InputError('progress.date', measuresMessages.dateBeforePeriod({ date: p.date, start: p.periodStart })));
  }
  throwAll(errors);
}

/**
 * The measure as a progress entry leaves it: work reported on a measure not yet started (planned, ยังไม่เริ่ม)
 * means it has started (in progress, กำลังดำเนินการ), whatever the entry's status; other statuses stay as the
 * coordinator or the unit set them (done and cancelled are their decision).
 */
export function startedBy(measure: Pick<Measure, 'status'>): Pick<Measure, 'status'> {
  return { status: measure.status === 'planned' ? 'in_progress' : measure.status };
}

const entryNotFound = (id: string) => new NotFound('progressId', measuresMessages.noEntry({ id }));

/** A progress entry of the year with its measure; NotFound when the year has no such entry. */
export function findEntry(year: YearInput, id: string): { measure: Measure; entry: Progress } {
  for (const measure of year.measures) {
    const entry = measure.progress.find((p) => p.id === id);
    if (entry) return { measure, entry };
  }
  throw entryNotFound(id);
}

async function viewsOf(q: Queryable, measure: Measure): Promise<ProgressView[]> {
  const versions = await progressVersions(q, measure.id);
  return measure.progress.map((p) => ({ ...p, measureId: measure.id, updatedAt: versions.get(p.id) ?? '' }));
}

async function entryView(tx: Queryable, ctx: YearContext, id: string): Promise<ProgressView> {
  const { measure } = findEntry(await loadYear(tx, ctx.slug, ctx.year), id);
  return (await viewsOf(tx, measure)).find((v) => v.id === id) as ProgressView;
}

/** The progress entries of a measure, by period. */
export async function listProgress(db: Queryable, principal: Principal, ref: YearRef, measureId: string): Promise<ProgressView[]> {
  const ctx = await resolveYear(db, principal, ref);
  const id = requireUuid(measureId, 'measureId', measuresMessages.noMeasureId);
  const measure = (await loadYear(db, ctx.slug, ctx.year)).measures.find((m) => m.id === id);
  if (!measure) throw measureNotFound(id);
  return viewsOf(db, measure);
}

export async function addProgress(db: Db, principal: Principal, ref: YearRef, measureId: string, input: ProgressCreate | unknown): Promise<ProgressView> {
  const ctx = await resolveYear(db, principal, ref, ['progress.write', 'measure.unit.write']);
  const mid = requireUuid(measureId, 'measureId', measuresMessages.noMeasureId);
  const { month, ...values } = parseInput(progressCreateSchema, input, 'progress');
  if (month === undefined && (values.periodStart === undefined || values.periodEnd === undefined)) {
    throw new InputError('progress.period', measuresMessages.givePeriod());
  }
  const period = month !== undefined ? monthRange(month) : { start: values.periodStart as string, end: values.periodEnd as string };
  const id = randomUUID();
  return editYear(db, principal, ctx, async ({ tx, year, save }) => {
    const measure = year.measures.find((m) => m.id === mid);
    if (!measure) throw measureNotFound(mid);
    authorizeReporting(principal, ctx, measure);
    const entry: Progress = {
      id,
      date: values.date ?? todayInBangkok(),
      periodStart: period.start,
      periodEnd: period.end,
      done: values.done,
      status: values.status,
      outcome: values.outcome === '' ? null : values.outcome,
      evidence: [],
      createdBy: principal.nameTh,
    };
    checkEntry(entry, year.year);
    const started = startedBy(measure);
    await save({ ...year, measures: year.measures.map((m) => (m.id === mid ? { ...m, status: started.status, progress: [...m.progress, entry] } : m)) });
    if (started.status !== measure.status) await bumpVersion(tx, MEASURE_VERSION, mid);
    return entryView(tx, ctx, id);
  });
}

export async function updateProgress(
  db: Db,
  principal: Principal,
  ref: YearRef,
  progressId: string,
  patch: ProgressPatch | unknown,
  expectedUpdatedAt: string,
): Promise<ProgressView> {
  const ctx = await resolveYear(db, principal, ref, ['progress.write', 'measure.unit.write']);
  const id = requireUuid(progressId, 'progressId', measuresMessages.noEntryId);
  const changes = parsePatch(progressPatchSchema, patch, 'progress');
  return editYear(db, principal, ctx, async ({ tx, year, save }) => {
    const { measure, entry } = findEntry(year, id);
    authorizeReporting(principal, ctx, measure);
    await checkVersion(tx, PROGRESS_VERSION, id, expectedUpdatedAt);
    const next: Progress = { ...entry, ...changes, ...(changes.outcome === '' ? { outcome: null } : {}) };
    checkEntry(next, year.year);
    await save({ ...year, measures: year.measures.map((m) => (m.id === measure.id ? { ...m, progress: m.progress.map((p) => (p.id === id ? next : p)) } : m)) });
    await bumpVersion(tx, PROGRESS_VERSION, id);
    return entryView(tx, ctx, id);
  });
}

/** Removes an entry with its evidence records (the files stay; the audit log keeps the records). */
export async function deleteProgress(db: Db, principal: Principal, ref: YearRef, progressId: string, expectedUpdatedAt?: string): Promise<void> {
  const ctx = await resolveYear(db, principal, ref, ['progress.write', 'measure.unit.write']);
  const id = requireUuid(progressId, 'progressId', measuresMessages.noEntryId);
  await editYear(db, principal, ctx, async ({ tx, year, save }) => {
    const { measure } = findEntry(year, id);
    authorizeReporting(principal, ctx, measure);
    if (expectedUpdatedAt !== undefined) await checkVersion(tx, PROGRESS_VERSION, id, expectedUpdatedAt);
    await save({ ...year, measures: year.measures.map((m) => (m.id === measure.id ? { ...m, progress: m.progress.filter((p) => p.id !== id) } : m)) });
  });
}
