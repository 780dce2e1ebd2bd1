/**
 * The scores of a year: typed in (indicator scores, the EIT parts, what the NACC published and where the scores
 * come from), or imported from a table in the one-agency-per-row format (agency, year, 1 … 10, eit1, eit2: what
 * `prongsai export` writes and `prongsai score --indicators FILE` reads) restricted to the organisation. Both
 * check every value the same way against the year's criteria: the indicator exists, 0–100, at most the published
 * decimals (2), Thai digits welcome. Only scores.write may change scores.
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { InputError } from '../errors.ts';
import type { Message } from '../messages.ts';
import { criteriaOf, getCriteria, getCriteriaFromText, type CriteriaYear } from '../ita/index.ts';
import { problemsOf, hasErrors, type Problem } from '../io/problems.ts';
import { requireRows } from '../io/tables.ts';
import { deriveYear } from '../model/derive.ts';
import { SCORE_SOURCE_TH, SCORE_SOURCES, type ScoreSource, type YearInput, type YearScores } from '../model/year.ts';
import { parseScore, type ScoreResult } from '../scoring/index.ts';
import { toArabicDigits } from '../thai/index.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { resolveOrg, resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import { editYear, lockYear } from './edit.ts';
import { inputErrorsOf, parseInput, throwAll } from '../app/input.ts';
import { indicatorRows } from './scoring.ts';
import { scoresTableFrom } from './transfer.ts';
import { yearsMessages } from './messages.ts';
import { selectYearHeads, type YearHeadRow } from './repo.ts';
import { loadYear, saveYearIn } from './years.ts';

const scoreValue = z.union([z.number(), z.string()]);

/** A change of scores: only what is given changes; null removes a score (or the parts, the official result). */
export const scoresPatchSchema = z
  .object({
    /** Indicator number → score (number or decimal text, Thai digits allowed), or null for no score. */
    indicators: z.record(z.string().regex(/^\d{1,2}$/, { error: yearsMessages.code('indicatorNumber') }), scoreValue.nullable()).optional(),
    eitParts: z.array(scoreValue).length(2).nullable().optional(),
    official: z
      .object({ overall: scoreValue.nullable().default(null), grade: z.string().trim().max(50).nullable().default(null) })
      .strict()
      .nullable()
      .optional(),
    source: z
      .enum(SCORE_SOURCES)
      .refine((s): boolean => s !== 'demo', { error: yearsMessages.code('demoSourceRefused') })
      .nullable()
      .optional(),
  })
  .strict();
export type ScoresPatch = z.input<typeof scoresPatchSchema>;

export interface ScoresView {
  readonly scores: YearScores;
  /** Where the scores come from, in Thai ("ข้อมูลตัวอย่าง (สมมติ)" for the demo's made-up scores); null when not said. */
  readonly sourceTh: string | null;
  /** The computed result, when every indicator has a score. */
  readonly computed: ScoreResult | null;
}

/**
 * One score checked as the criteria publish it: a number 0–100 with at most `criteria.decimals` decimals.
 * @throws InputError naming the field.
 */
export function checkScore(criteria: CriteriaYear, value: number | string, field: string, labelTh: string): number {
  const exact = parseScore(value, field, labelTh);
  if (!exact.round(criteria.decimals).eq(exact)) {
    throw new InputError(field, yearsMessages.tooManyDecimals({ labelTh, field, value: String(value), decimals: criteria.decimals }));
  }
  return exact.toNumber(criteria.decimals);
}

/** Applies a checked change to the scores of a year; every problem is reported at once. */
export function applyScores(criteria: CriteriaYear, current: YearScores, patch: z.output<typeof scoresPatchSchema>): YearScores {
  const errors: InputError[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      errors.push(error);
      return undefined;
    }
  };
  const indicators = { ...current.indicators };
  for (const [key, value] of Object.entries(patch.indicators ?? {})) {
    const def = criteria.indicators.find((i) => String(i.number) === String(Number(key)));
    if (!def) {
      errors.push(new InputError(`indicators.${key}`, yearsMessages.noIndicatorOf({ key, criteriaYear: criteria.year, count: criteria.indicators.length })));
      continue;
    }
    const checked = value === null ? null : attempt(() => checkScore(criteria, value, `indicators.${def.number}`, `ตัวชี้วัดที่ ${def.number} ${def.nameTh}`));
    if (checked !== undefined) indicators[String(def.number)] = checked;
  }
  let eitParts = current.eitParts;
  if (patch.eitParts !== undefined) {
    if (patch.eitParts !== null && !criteria.tools.find((t) => t.code === 'EIT')?.parts) {
      errors.push(new InputError('eitParts', yearsMessages.eitNotSplit({ criteriaYear: criteria.year })));
    } else if (patch.eitParts !== null && patch.eitParts.length !== 2) {
      // An imported row with one of the two parts blank (the schema's length check is not run on imports).
      errors.push(new InputError('eitParts', yearsMessages.eitBothParts()));
    } else {
      const parts = patch.eitParts?.map((v, i) => attempt(() => checkScore(criteria, v, `eitParts.${i + 1}`, `EIT ส่วนที่ ${i + 1}`)));
      eitParts = parts === undefined ? null : parts.every((p) => p !== undefined) ? (parts as number[]) : eitParts;
    }
  }
  let official = current.official;
  const o = patch.official;
  if (o === null) official = null;
  else if (o !== undefined) {
    const given = o.overall;
    const overall = given === null ? null : (attempt(() => checkScore(criteria, given, 'official.overall', 'คะแนนรวมที่ประกาศ')) ?? null);
    official = overall === null && o.grade === null ? null : { overall, grade: o.grade };
  }
  throwAll(errors);
  return { ...current, indicators, eitParts, official, source: patch.source === undefined ? current.source : patch.source };
}

/** Where scores a person brings without saying come from: as before, but never the demo's (then, as when unknown, manual). */
export const keptSource = (before: ScoreSource | null): ScoreSource => (before === null || before === 'demo' ? 'manual' : before);

/** The scores of a year as the pages and the API show them. */
export function scoresViewOf(year: YearInput): ScoresView {
  return { scores: year.scores, sourceTh: year.scores.source === null ? null : SCORE_SOURCE_TH[year.scores.source], computed: deriveYear(year).computed.score };
}

/** The scores of a year and the result computed from them. */
export async function getScores(db: Queryable, principal: Principal, ref: YearRef): Promise<ScoresView> {
  const ctx = await resolveYear(db, principal, ref);
  return scoresViewOf(await loadYear(db, ctx.slug, ctx.year));
}

/** Changes the scores given; a source given with them says where they come from (default: unchanged). */
export async function setScores(db: Db, principal: Principal, ref: YearRef, patch: ScoresPatch | unknown): Promise<ScoresView> {
  const ctx = await resolveYear(db, principal, ref, 'scores.write');
  const parsed = parseInput(scoresPatchSchema, patch, 'scores');
  return editYear(db, principal, ctx, async ({ year, save }) => {
    const next = { ...year, scores: applyScores(criteriaOf(year), year.scores, parsed) };
    await save(next);
    return scoresViewOf(next);
  });
}

export interface ScoresFile {
  readonly bytes: Uint8Array;
  /** .xlsx (first sheet) or .csv */
  readonly filename: string;
}

export interface ScoresImportRow {
  readonly row: number;
  readonly year: number;
  readonly scores: YearScores;
  /** The year's scores the row replaces (what the import check shows as "9: 100.00 → 72.89"). */
  readonly before: YearScores;
}

export interface ScoresImportOutcome {
  /** Every problem by row and column. */
  readonly problems: readonly Problem[];
  /** What each row would set (dry run) or set: the row's scores replace the year's indicator scores and EIT parts. */
  readonly rows: readonly ScoresImportRow[];
  readonly written: boolean;
}

const rowProblem = (row: number | null, column: string | null, said: Message): Problem => ({ sheet: null, row, column, th: said.th, en: said.en, severity: 'error', said });
/** A problem of a row whose texts start "แถวที่ N: " (atRow); `said` is what is wrong, without the row. */
const atRowProblem = (row: number, column: string, said: Message): Problem => ({ ...rowProblem(row, column, yearsMessages.atRow({ row, said })), said });

export interface ScoresRowPatch {
  readonly row: number;
  readonly year: number;
  /** The row's indicator scores (a blank cell: no score) and EIT parts, checked against the year's criteria. */
  readonly patch: z.output<typeof scoresPatchSchema>;
}

/**
 * Turns a scores table (XLSX or CSV in the one-agency-per-row format) into checked score changes for one
 * organisation, one per row: every row must be the organisation (its slug or its Thai name), a year
 * `criteriaFor` knows (null: the organisation has no such year) and appear once; its cells are checked as typed
 * scores are (applyScores). With `onlyYear`, rows of other years are passed over. Every problem comes by row and
 * column; nothing is written. Used by importScores and by the new-year step (startYear).
 */
export async function scoresPatchesFrom(
  file: ScoresFile,
  org: { readonly slug: string; readonly nameTh: string },
  criteriaFor: (year: number) => CriteriaYear | null,
  onlyYear?: number,
): Promise<{ problems: Problem[]; patches: ScoresRowPatch[] }> {
  // A fiscal year of the organisation is taken even when the catalogue has no criteria of that number.
  const yearOf = (text: string) => {
    const own = Number(toArabicDigits(text.trim()));
    return criteriaFor(own) ? own : getCriteriaFromText(text).year;
  };
  let outcomes;
  let warnings: readonly Problem[];
  try {
    const table = await scoresTableFrom(file.bytes, file.filename);
    requireRows(table, file.filename);
    warnings = table.warnings ?? [];
    outcomes = indicatorRows(table, undefined, yearOf);
  } catch (error) {
    return { problems: problemsOf(error), patches: [] };
  }
  const problems: Problem[] = [...warnings];
  const patches: ScoresRowPatch[] = [];
  const seen = new Map<number, number>();
  for (const o of outcomes) {
    if (!o.ok) {
      problems.push(rowProblem(o.row, o.error.field.replace(/^row \d+, /, ''), o.error.said));
      continue;
    }
    const { agency, year, row } = o.value;
    if (onlyYear !== undefined && year !== onlyYear) continue;
    if (agency !== org.slug && agency !== org.nameTh) {
      problems.push(
        atRowProblem(row, 'agency', yearsMessages.notThisOrg({ agency, nameTh: org.nameTh, slug: org.slug })),
      );
      continue;
    }
    const criteria = criteriaFor(year);
    if (!criteria) {
      problems.push(atRowProblem(row, 'year', yearsMessages.rowNoYear({ nameTh: org.nameTh, slug: org.slug, year })));
      continue;
    }
    const before = seen.get(year);
    if (before !== undefined) {
      problems.push(atRowProblem(row, 'year', yearsMessages.rowYearTwice({ year, before })));
      continue;
    }
    seen.set(year, row);
    const indicators: Record<string, string | number | null> = Object.fromEntries(criteria.indicators.map((i) => [String(i.number), null]));
    for (const [n, v] of Object.entries(o.value.indicators)) if (v !== undefined) indicators[n] = v as string;
    const patch = { indicators, eitParts: o.value.eitParts?.length ? [...o.value.eitParts] : null };
    try {
      applyScores(criteria, { indicators: {}, eitParts: null, source: null, official: null }, patch);
      patches.push({ row, year, patch });
    } catch (error) {
      for (const e of inputErrorsOf(error)) {
        const column = e.field.startsWith('indicators.') ? e.field.slice('indicators.'.length) : e.field.startsWith('eitParts') ? `eit${e.field.endsWith('2') ? 2 : 1}` : e.field;
        problems.push(atRowProblem(row, column, e.said));
      }
    }
  }
  return { problems, patches };
}

/** An import's problem as an InputError of `field`, its place (row, column) said first. */
export function problemAsInputError(field: string, p: Problem): InputError {
  return new InputError(field, yearsMessages.problemAt({ row: p.row, column: p.column, said: p.said ?? { code: 'io.problem', params: {}, th: p.th, en: p.en } }));
}

/**
 * Imports the organisation's scores from a table in the one-agency-per-row format. Every row must be this
 * organisation (its slug, or its Thai name) and one of its fiscal years; a blank cell is no score. A dry run
 * returns every problem by row and column and writes nothing; otherwise all rows are written in one transaction,
 * or none when any problem is an error. `source` (default: as it was, else manual) says where the scores come from.
 */
export async function importScores(
  db: Db,
  principal: Principal,
  org: string,
  file: ScoresFile,
  options: { readonly dryRun?: boolean; readonly source?: ScoreSource } = {},
): Promise<ScoresImportOutcome> {
  const ctx = await resolveOrg(db, principal, org, 'scores.write');
  if (options.source === 'demo') throw new InputError('source', yearsMessages.demoSourceRefused());
  const years = new Map((await selectYearHeads(db, ctx.orgId)).map((r) => [r.year, r]));
  const criteriaFor = (year: number) => {
    const stored = years.get(year);
    return stored ? getCriteria(stored.criteria_year, stored.criteria_revision) : null;
  };
  const { problems, patches: wanted } = await scoresPatchesFrom(file, ctx, criteriaFor);
  const closed = wanted.filter((w) => years.get(w.year)?.status === 'closed');
  for (const w of closed) problems.push(atRowProblem(w.row, 'year', yearsMessages.rowYearClosed({ year: w.year })));
  const preview = async (q: Queryable, save: boolean): Promise<ScoresImportRow[]> => {
    const rows: ScoresImportRow[] = [];
    for (const w of wanted) {
      const current = await loadYear(q, ctx.slug, w.year);
      const scores = applyScores(criteriaOf(current), current.scores, { ...w.patch, source: options.source ?? keptSource(current.scores.source) });
      if (save) await saveYearIn(q, actorOf(principal), { ...current, scores });
      rows.push({ row: w.row, year: w.year, scores, before: current.scores });
    }
    return rows;
  };
  if (hasErrors(problems)) return { problems, rows: [], written: false };
  if (options.dryRun) return { problems, rows: await preview(db, false), written: false };
  const rows = await write(db, actorOf(principal), ctx.orgId, async (tx) => {
    for (const w of wanted) {
      const fy = years.get(w.year) as YearHeadRow;
      await lockYear(tx, { ...ctx, fiscalYearId: fy.id, year: w.year, criteriaYear: fy.criteria_year, criteriaRevision: fy.criteria_revision, status: 'open' } satisfies YearContext);
    }
    return preview(tx, true);
  });
  return { problems, rows, written: true };
}
