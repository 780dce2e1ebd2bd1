/**
 * Moving to the next fiscal year: the next year is created pinned to a criteria year (by default the same
 * number when the catalogue has it, else the nearest criteria known: see defaultCriteriaYear), and chosen measures (by default every
 * unfinished one: planned or in progress) are carried into it as copies: status back to planned, no result, no
 * progress, `carriedFromId` pointing to the original, the period moved on by one year. A measure already
 * carried into that year is not copied twice. An organisation's first year is opened with createYear. Both
 * need measures.write. startYear does the whole move in one step (เริ่มปีงบประมาณใหม่): the new year, the previous
 * year's published scores, the measures carried.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { criteriaOf, criteriaYears, getCriteria, provisionalFor, type ProvisionalMark } from '../ita/index.ts';
import { yearInputSchema, type Measure, type YearInput, type YearScores } from '../model/year.ts';
import { fiscalYearOfDate, toThaiDigits } from '../thai/index.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { resolveOrg, resolveYear, type OrgContext, type YearContext, type YearRef } from '../app/context.ts';
import { lockYear } from './edit.ts';
import { NotFound } from '../app/errors.ts';
import { inputErrorsOf, parseInput, throwAll } from '../app/input.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { applyScores, keptSource, problemAsInputError, scoresPatchesFrom, scoresPatchSchema, type ScoresFile } from './scores.ts';
import { yearsMessages } from './messages.ts';
import { selectYearHead } from './repo.ts';
import { loadYear, requireOrg, saveYearIn } from './years.ts';

/**
 * The criteria a fiscal year is assessed under by default: its own when the catalogue has them (2569 and 2570 too,
 * both provisional); a year beyond the newest known gets the newest (provisionalFor in src/ita says so), and a
 * year before the oldest the oldest.
 */
export function defaultCriteriaYear(year: number): number {
  const known = criteriaYears();
  if (known.includes(year)) return year;
  return year < (known[0] as number) ? (known[0] as number) : (known.at(-1) as number);
}

const criteriaYearSchema = z.number().int().refine((y) => criteriaYears().includes(y), { error: yearsMessages.code('criteriaYearUnknown') });

/** A year moved on by one: dates a year later (29 February becomes 28), the year named in the text the next. */
function nextPeriod(period: Measure['period'], from: number): Measure['period'] {
  const shift = (d: string | null) => {
    if (d === null) return null;
    const y = Number(d.slice(0, 4)) + 1;
    const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
    return `${String(y).padStart(4, '0')}-${md}`;
  };
  const text = period.textTh?.replaceAll(String(from), String(from + 1)).replaceAll(toThaiDigits(from), toThaiDigits(from + 1)) ?? null;
  return { start: shift(period.start), end: shift(period.end), textTh: text };
}

function emptyYear(source: Pick<YearInput, 'organisation' | 'units' | 'people'>, year: number, criteriaYear: number): YearInput {
  return yearInputSchema.parse({
    organisation: source.organisation,
    units: source.units,
    people: source.people,
    year,
    criteriaYear,
    scores: { indicators: Object.fromEntries(getCriteria(criteriaYear).indicators.map((i) => [String(i.number), null])) },
  });
}

export const createYearSchema = z
  .object({ year: z.number().int().min(2500).max(2700), criteriaYear: criteriaYearSchema.optional() })
  .strict();
export type CreateYear = z.input<typeof createYearSchema>;

/** Opens a fiscal year with no data yet (an organisation's first year in Prongsai). */
export async function createYear(db: Db, principal: Principal, org: string, input: CreateYear): Promise<YearContext> {
  const ctx = await resolveOrg(db, principal, org, 'measures.write');
  const { year, criteriaYear } = parseInput(createYearSchema, input, 'year');
  await write(db, actorOf(principal), ctx.orgId, (tx) => openYearIn(tx, principal, ctx, year, criteriaYear, 'year.year'));
  return resolveYear(db, principal, { org: ctx.slug, year });
}

/** Opens `year` (empty) inside the caller's transaction; refused when the organisation has it already. */
async function openYearIn(tx: Queryable, principal: Principal, ctx: OrgContext, year: number, criteriaYear: number | undefined, field: string): Promise<YearContext> {
  if (await selectYearHead(tx, ctx.orgId, year)) throw new InputError(field, yearsMessages.yearExists({ nameTh: ctx.nameTh, slug: ctx.slug, year }));
  // Units and people belong to the organisation, not to a year: saving a year without them keeps them.
  const { id: _id, ...organisation } = await requireOrg(tx, ctx.slug);
  const criteria = criteriaYear ?? defaultCriteriaYear(year);
  await saveYearIn(tx, actorOf(principal), emptyYear({ organisation, units: [], people: [] }, year, criteria));
  return resolveYear(tx, principal, { org: ctx.slug, year });
}

export const carrySchema = z
  .object({
    /** The criteria of the next year when it is created (default: see defaultCriteriaYear). */
    criteriaYear: criteriaYearSchema.optional(),
    /** The measures to carry (ids of this year); default every measure planned or in progress. */
    measureIds: z.array(z.string()).max(1000).optional(),
  })
  .strict();
export type CarryOptions = z.input<typeof carrySchema>;

export interface CarryResult {
  readonly year: number;
  readonly criteriaYear: number;
  /** True when this call created the next year. */
  readonly created: boolean;
  readonly carried: readonly { readonly fromId: string; readonly id: string; readonly seq: number; readonly titleTh: string }[];
  /** Measures not copied, and why. */
  readonly skipped: readonly { readonly fromId: string; readonly th: string; readonly en: string }[];
  /** Indicators a copy lost because the next year's criteria do not have them. */
  readonly droppedIndicators: readonly { readonly id: string; readonly indicators: readonly number[] }[];
}

/** Carries measures of `ref`'s year into the next fiscal year, creating it when needed, in one transaction. */
export async function carryForward(db: Db, principal: Principal, ref: YearRef, options: CarryOptions = {}): Promise<CarryResult> {
  const ctx = await resolveYear(db, principal, ref, 'measures.write');
  const o = parseInput(carrySchema, options, 'carry');
  return write(db, actorOf(principal), ctx.orgId, (tx) => carryIn(tx, principal, ctx, o));
}

/** carryForward inside the caller's transaction, from the year `ctx`. */
async function carryIn(tx: Queryable, principal: Principal, ctx: YearContext, o: z.output<typeof carrySchema>): Promise<CarryResult> {
  const target = ctx.year + 1;
  const source = await loadYear(tx, ctx.slug, ctx.year);
  const wanted = o.measureIds?.map((id) => id.toLowerCase());
  for (const id of wanted ?? []) {
    if (!source.measures.some((m) => m.id === id)) throw new NotFound('carry.measureIds', yearsMessages.noMeasureInYear({ id, year: ctx.year }));
  }
  const chosen = source.measures.filter((m) => (wanted ? wanted.includes(m.id) : m.status === 'planned' || m.status === 'in_progress'));
  const existing = await selectYearHead(tx, ctx.orgId, target);
  if (existing && o.criteriaYear !== undefined && o.criteriaYear !== existing.criteria_year) {
    throw new InputError('carry.criteriaYear', yearsMessages.targetCriteria({ year: target, criteriaYear: existing.criteria_year }));
  }
  if (existing) await lockYear(tx, { ...ctx, fiscalYearId: existing.id, year: target, criteriaYear: existing.criteria_year, criteriaRevision: existing.criteria_revision, status: existing.status });
  const into = existing ? await loadYear(tx, ctx.slug, target) : emptyYear(source, target, o.criteriaYear ?? defaultCriteriaYear(target));
  const known = new Set(criteriaOf(into).indicators.map((i) => i.number as number));
  const already = new Set(into.measures.flatMap((m) => (m.carriedFromId ? [m.carriedFromId] : [])));
  const skipped: { fromId: string; th: string; en: string }[] = [];
  const dropped: { id: string; indicators: number[] }[] = [];
  const copies: Measure[] = [];
  for (const m of chosen) {
    if (already.has(m.id)) {
      const said = yearsMessages.alreadyCarried({ titleTh: m.titleTh, year: target });
      skipped.push({ fromId: m.id, th: said.th, en: said.en });
      continue;
    }
    const id = randomUUID();
    const lost = m.indicators.filter((n) => !known.has(n));
    if (lost.length) dropped.push({ id, indicators: lost });
    copies.push({
      ...m,
      id,
      seq: into.measures.length + copies.length + 1,
      indicators: m.indicators.filter((n) => known.has(n)),
      period: nextPeriod(m.period, ctx.year),
      status: 'planned',
      result: null,
      carriedFromId: m.id,
      progress: [],
    });
  }
  await saveYearIn(tx, actorOf(principal), { ...into, measures: [...into.measures, ...copies] });
  return {
    year: target,
    criteriaYear: into.criteriaYear,
    created: !existing,
    carried: copies.map((c) => ({ fromId: c.carriedFromId as string, id: c.id, seq: c.seq, titleTh: c.titleTh })),
    skipped,
    droppedIndicators: dropped,
  };
}

export const startYearSchema = z
  .object({
    /** The new fiscal year (default: the current one: from 1 October on the Bangkok calendar, the next). */
    year: z.number().int().min(2500).max(2700).optional(),
    /** Its criteria (default: see defaultCriteriaYear). */
    criteriaYear: criteriaYearSchema.optional(),
    /**
     * The previous year's published scores, as the score entry takes them (source default: manual): saved on the
     * previous year, which is created when the organisation does not have it, so that its findings appear.
     */
    previousScores: scoresPatchSchema.optional(),
    /** The previous year's measures to carry (ids); default every unfinished one (planned or in progress). */
    measureIds: z.array(z.string()).max(1000).optional(),
  })
  .strict();
export type StartYear = z.input<typeof startYearSchema> & {
  /**
   * The previous year's scores as a file instead of typed (XLSX or CSV in the format of the scores import: one
   * agency per row, agency, year, 1 … 10, eit1, eit2): the row of the previous year is used.
   */
  readonly previousScoresFile?: ScoresFile;
};

export interface StartYearResult {
  readonly year: number;
  readonly criteriaYear: number;
  /** Why the new year is assessed provisionally (src/ita provisionalFor), or null. */
  readonly provisional: ProvisionalMark | null;
  readonly previousYear: number;
  /** True when the previous year was created to hold its scores. */
  readonly previousCreated: boolean;
  readonly scoresSaved: boolean;
  readonly carried: CarryResult['carried'];
  readonly skipped: CarryResult['skipped'];
  readonly droppedIndicators: CarryResult['droppedIndicators'];
}

/** The previous year's row of a scores file as a change of scores; any problem refuses it, by row and column. */
async function scoresFromFile(db: Queryable, ctx: OrgContext, previous: number, file: ScoresFile, typedToo: boolean): Promise<z.output<typeof scoresPatchSchema>> {
  const field = 'year.previousScoresFile';
  if (typedToo) throw new InputError(field, yearsMessages.scoresTypedAndFile());
  const held = await selectYearHead(db, ctx.orgId, previous);
  // The criteria the previous year has, or will have when this step creates it (openYearIn).
  const criteria = held ? getCriteria(held.criteria_year, held.criteria_revision) : getCriteria(defaultCriteriaYear(previous));
  const { problems, patches } = await scoresPatchesFrom(file, ctx, (y) => (y === previous ? criteria : null), previous);
  throwAll(problems.filter((p) => p.severity === 'error').map((p) => problemAsInputError(field, p)));
  const row = patches[0];
  if (!row) throw new InputError(field, yearsMessages.fileNoRowForYear({ filename: file.filename, year: previous }));
  return row.patch;
}

/**
 * Starts a new fiscal year in one step and one transaction: opens it under its criteria, saves the previous
 * year's published scores, typed or the previous year's row of a scores file (creating that year when missing),
 * and carries the previous year's chosen measures.
 * Any problem (a bad score, a year that exists) refuses the whole step: nothing is created. Needs measures.write,
 * and scores.write when scores are given.
 */
export async function startYear(db: Db, principal: Principal, org: string, input: StartYear, today: string = todayInBangkok()): Promise<StartYearResult> {
  const ctx = await resolveOrg(db, principal, org, 'measures.write');
  const { previousScoresFile, ...typed } = input;
  const parsed = parseInput(startYearSchema, typed, 'year');
  if (parsed.previousScores || previousScoresFile) await resolveOrg(db, principal, org, 'scores.write');
  const year = parsed.year ?? fiscalYearOfDate(today);
  const previous = year - 1;
  const o = previousScoresFile ? { ...parsed, previousScores: await scoresFromFile(db, ctx, previous, previousScoresFile, parsed.previousScores !== undefined) } : parsed;
  return write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const had = await selectYearHead(tx, ctx.orgId, previous);
    let before: YearContext | null = had ? await resolveYear(tx, principal, { org: ctx.slug, year: previous }) : null;
    if (o.previousScores) {
      if (before) await lockYear(tx, before);
      else before = await openYearIn(tx, principal, ctx, previous, undefined, 'year.previousScores');
      const last = await loadYear(tx, ctx.slug, previous);
      const patch = { ...o.previousScores, source: o.previousScores.source === undefined ? keptSource(last.scores.source) : o.previousScores.source };
      let scores;
      try {
        scores = applyScores(criteriaOf(last), last.scores, patch);
      } catch (error) {
        throwAll(inputErrorsOf(error).map((e) => new InputError(`year.previousScores.${e.field}`, e.said)));
      }
      await saveYearIn(tx, actorOf(principal), { ...last, scores: scores as YearScores });
    }
    const opened = await openYearIn(tx, principal, ctx, year, o.criteriaYear, 'year.year');
    if (!before && o.measureIds?.length) {
      throw new NotFound('year.measureIds', yearsMessages.noPreviousYear({ nameTh: ctx.nameTh, slug: ctx.slug, year: previous }));
    }
    const carry = before ? await carryIn(tx, principal, before, { measureIds: o.measureIds }) : null;
    return {
      year,
      criteriaYear: opened.criteriaYear,
      provisional: provisionalFor(year, getCriteria(opened.criteriaYear, opened.criteriaRevision)),
      previousYear: previous,
      previousCreated: !had && before !== null,
      scoresSaved: o.previousScores !== undefined,
      carried: carry?.carried ?? [],
      skipped: carry?.skipped ?? [],
      droppedIndicators: carry?.droppedIndicators ?? [],
    };
  });
}
