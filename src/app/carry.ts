/**
 * Moving to the next fiscal year: the next year is created pinned to a criteria year (by default the same
 * number when the catalogue has it, else the latest criteria known), and chosen measures (by default every
 * unfinished one: planned or in progress) are carried into it as copies: status back to planned, no result, no
 * progress, `carriedFromId` pointing to the original, the period moved on by one year. A measure already
 * carried into that year is not copied twice. An organisation's first year is opened with createYear. Both
 * need measures.write.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { criteriaYears, getCriteria } from '../ita/index.ts';
import { yearInputSchema, type Measure, type YearInput } from '../model/year.ts';
import { toThaiDigits } from '../thai/index.ts';
import { write } from './actor.ts';
import { actorOf, type Principal } from './authz.ts';
import { resolveOrg, resolveYear, type YearContext, type YearRef } from './context.ts';
import { lockYear } from './edit.ts';
import { NotFound } from './errors.ts';
import { parseInput } from './input.ts';
import { loadYear, requireOrg, saveYearIn } from './years.ts';

/** The criteria a fiscal year is assessed under by default: its own when the catalogue has them, else the latest. */
export function defaultCriteriaYear(year: number): number {
  const known = criteriaYears();
  return known.includes(year) ? year : (known.at(-1) as number);
}

const criteriaYearSchema = z.number().int().refine((y) => criteriaYears().includes(y), {
  message: `ต้องเป็นปีที่มีเกณฑ์ในระบบ (${criteriaYears().join(', ')}) / must be a year the catalogue has (${criteriaYears().join(', ')})`,
});

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
  await write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const [exists] = await tx.query('SELECT 1 FROM fiscal_years WHERE org_id = $1 AND year = $2', [ctx.orgId, year]);
    if (exists) throw new InputError('year.year', `${ctx.nameTh} มีปีงบประมาณ ${year} อยู่แล้ว`, `${ctx.slug} already has fiscal year ${year}`);
    // Units and people belong to the organisation, not to a year: saving a year without them keeps them.
    const { id: _id, ...organisation } = await requireOrg(tx, ctx.slug);
    const criteria = criteriaYear ?? defaultCriteriaYear(year);
    await saveYearIn(tx, actorOf(principal), emptyYear({ organisation, units: [], people: [] }, year, criteria));
  });
  return resolveYear(db, principal, { org: ctx.slug, year });
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
  const target = ctx.year + 1;
  return write(db, actorOf(principal), ctx.orgId, async (tx) => {
    const source = await loadYear(tx, ctx.slug, ctx.year);
    const wanted = o.measureIds?.map((id) => id.toLowerCase());
    for (const id of wanted ?? []) {
      if (!source.measures.some((m) => m.id === id)) throw new NotFound('carry.measureIds', `ไม่พบมาตรการ "${id}" ในปี ${ctx.year}`, `no measure "${id}" in ${ctx.year}`);
    }
    const chosen = source.measures.filter((m) => (wanted ? wanted.includes(m.id) : m.status === 'planned' || m.status === 'in_progress'));
    const [existing] = await tx.query<{ id: string; criteria_year: number; status: 'open' | 'closed' }>(
      'SELECT id, criteria_year, status FROM fiscal_years WHERE org_id = $1 AND year = $2',
      [ctx.orgId, target],
    );
    if (existing && o.criteriaYear !== undefined && o.criteriaYear !== existing.criteria_year) {
      throw new InputError(
        'carry.criteriaYear',
        `ปีงบประมาณ ${target} มีอยู่แล้วและใช้เกณฑ์ปี ${existing.criteria_year}`,
        `fiscal year ${target} already exists under the ${existing.criteria_year} criteria`,
      );
    }
    if (existing) await lockYear(tx, { ...ctx, fiscalYearId: existing.id, year: target, criteriaYear: existing.criteria_year, status: existing.status });
    const into = existing ? await loadYear(tx, ctx.slug, target) : emptyYear(source, target, o.criteriaYear ?? defaultCriteriaYear(target));
    const known = new Set(getCriteria(into.criteriaYear).indicators.map((i) => i.number as number));
    const already = new Set(into.measures.flatMap((m) => (m.carriedFromId ? [m.carriedFromId] : [])));
    const skipped: { fromId: string; th: string; en: string }[] = [];
    const dropped: { id: string; indicators: number[] }[] = [];
    const copies: Measure[] = [];
    for (const m of chosen) {
      if (already.has(m.id)) {
        skipped.push({ fromId: m.id, th: `มาตรการ "${m.titleTh}" ยกไปปี ${target} แล้ว`, en: `"${m.titleTh}" was already carried into ${target}` });
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
  });
}
