/**
 * Export and import of years as files, for the CLI and the supervisors' bulk work: the year as JSON, scores in the
 * one-agency-per-row table (many organisations at once). (Measures and progress as a workbook or CSV: measures.ts.)
 * Every import has a dry run that lists every problem by row and column, and writes all or nothing.
 */
import type { Db, Queryable } from '../db/index.ts';
import { InputError, InputErrors } from '../errors.ts';
import type { Message } from '../messages.ts';
import { getCriteria } from '../ita/index.ts';
import { tableFromCsv, loadWorkbook, sheetTable, type Table } from '../io/tables.ts';
import { hasErrors, issueText, problemsOf, type Problem } from '../io/problems.ts';
import type { ScoresRow } from '../io/scores-table.ts';
import type { z } from 'zod';
import { deriveYear, type YearData } from '../model/derive.ts';
import { yearInputSchema, type YearInput } from '../model/year.ts';
import type { DigitStyle } from '../thai/index.ts';
import { write, type Actor } from '../app/actor.ts';
import { indicatorRows } from './scoring.ts';
import { yearsMessages } from './messages.ts';
import {
  insertManualYears,
  replaceIndicatorScores,
  selectOrgIdsBySlugs,
  selectOwnMeasureIds,
  selectScoresOfYear,
  selectYearIdsOfPairs,
  selectYearsOfSlugs,
  updateEitParts,
} from './repo.ts';
import { loadYear, saveYearIn } from './years.ts';

/** A year with its computed scores and findings: what `prongsai export --format json` prints. */
export async function exportYear(db: Db, slug: string, year: number, digits?: DigitStyle): Promise<YearData> {
  return deriveYear(await loadYear(db, slug, year), digits ? { digits } : {});
}

/** The scores of every organisation (or the given ones) for a fiscal year, one row per organisation. */
export async function scoresRows(db: Db, year: number, slugs?: readonly string[]): Promise<ScoresRow[]> {
  const rows = await selectScoresOfYear(db, year, slugs ?? null);
  const out = new Map<string, { indicators: Record<string, number | null>; eitParts: number[] | null }>();
  for (const r of rows) {
    const entry = out.get(r.slug) ?? {
      indicators: {},
      eitParts: r.eit_part1 !== null && r.eit_part2 !== null ? [Number(r.eit_part1), Number(r.eit_part2)] : null,
    };
    if (r.indicator !== null) entry.indicators[String(r.indicator)] = Number(r.score);
    out.set(r.slug, entry);
  }
  return [...out].map(([agency, v]) => ({ agency, year, ...v }));
}

export interface ImportOutcome {
  readonly problems: readonly Problem[];
  /** False on a dry run and whenever a problem is an error. */
  readonly written: boolean;
  /** What was written: counts per kind (printed by the CLI as JSON). */
  readonly summary?: object;
}

const fileProblem = (said: Message): Problem => ({ sheet: null, row: null, column: null, th: said.th, en: said.en, severity: 'error' });

/** A schema's complaint about a value of a JSON file, at its path, in Thai and English (a JSON value can have the wrong type). */
function jsonProblem(issue: z.core.$ZodIssue): Problem {
  const place = issue.path.join('.');
  const said =
    issue.code === 'invalid_type' ? yearsMessages.jsonWrongType({ place, expected: issue.expected }) : yearsMessages.jsonAt({ place, said: issueText({ ...issue, path: [] }) });
  return { ...fileProblem(said), column: place || null };
}

/** A measure carried from another (ยกมาจาก) must name a measure of the same organisation, as in a measures import. */
async function checkCarriedFrom(q: Queryable, year: YearInput): Promise<void> {
  const from = year.measures.flatMap((m) => (m.carriedFromId === null ? [] : [m.carriedFromId.toLowerCase()]));
  if (from.length === 0) return;
  const known = new Set(await selectOwnMeasureIds(q, year.organisation.slug, from));
  const errors = year.measures.flatMap((m, i) =>
    m.carriedFromId === null || known.has(m.carriedFromId.toLowerCase())
      ? []
      : [new InputError(`measures.${i}.carriedFromId`, yearsMessages.noCarriedFrom({ seq: m.seq }))],
  );
  if (errors.length) throw new InputErrors(errors);
}

/** Imports a year exported as JSON (`prongsai export --format json`), replacing that year of that organisation. */
export async function importYearJson(db: Db, actor: Actor, text: string, options: { dryRun?: boolean } = {}): Promise<ImportOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { written: false, problems: [fileProblem(yearsMessages.brokenJson({ detail: (error as Error).message }))] };
  }
  const parsed = yearInputSchema.safeParse(json);
  if (!parsed.success) {
    return {
      written: false,
      problems: parsed.error.issues.map(jsonProblem),
    };
  }
  if (options.dryRun) return { written: false, problems: [] };
  try {
    const summary = await write(db, actor, null, async (tx) => {
      await checkCarriedFrom(tx, parsed.data);
      return saveYearIn(tx, actor, parsed.data);
    });
    return { written: true, problems: [], summary };
  } catch (error) {
    return { written: false, problems: problemsOf(error) };
  }
}

/**
 * Imports scores in the one-agency-per-row format (agency = the organisation's slug, year, 1 … 10, eit1, eit2)
 * for many organisations at once. A blank cell means "no score" and removes a score held before; a row for an
 * organisation without that fiscal year creates it under the criteria of the same year. All rows or none.
 */
export async function importScores(db: Db, actor: Actor, table: Table, options: { dryRun?: boolean } = {}): Promise<ImportOutcome> {
  let plan: ScoresPlan;
  try {
    plan = await planScores(db, table);
  } catch (error) {
    return { written: false, problems: problemsOf(error) };
  }
  const { problems, valid } = plan;
  if (hasErrors(problems) || options.dryRun) return { written: false, problems };
  try {
    await write(db, actor, null, (tx) => writeScoresIn(tx, plan));
  } catch (error) {
    return { written: false, problems: problemsOf(error) };
  }
  return { written: true, problems, summary: { organisations: valid.length } };
}

/** The checked rows of a scores table: every problem by row and column, and what would be written. */
export interface ScoresPlan {
  readonly problems: Problem[];
  readonly valid: readonly { slug: string; row: number; year: number; indicators: Record<string, number | null>; eitParts: number[] | null }[];
}

/**
 * Checks a scores table against the database. `defaultYear` is the year of rows without one; `creating` names
 * organisations that do not exist yet but will be made in the same transaction (a national import).
 * @throws InputError when the table's header has no indicator or year column.
 */
export async function planScores(q: Queryable, table: Table, options: { defaultYear?: number; creating?: ReadonlySet<string> } = {}): Promise<ScoresPlan> {
  const outcomes = indicatorRows(table, options.defaultYear);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const agencies = outcomes.flatMap((o) => (o.ok ? [o.value.agency] : []));
  const known = await selectYearsOfSlugs(q, agencies);
  const existing = new Set([...known.map((r) => r.slug), ...(options.creating ?? [])]);
  const yearsKnown = new Map(known.flatMap((r) => (r.year === null ? [] : [[`${r.slug}/${r.year}`, r] as const])));
  const valid: { slug: string; row: number; year: number; indicators: Record<string, number | null>; eitParts: number[] | null }[] = [];
  for (const o of outcomes) {
    if (!o.ok) {
      problems.push({ sheet: null, row: o.row, column: o.error.field.replace(/^row \d+, /, ''), th: o.error.th, en: o.error.en, severity: 'error' });
      continue;
    }
    const { agency, year, row } = o.value;
    const at = (column: string, said: Message) => problems.push({ sheet: null, row, column, th: said.th, en: said.en, severity: 'error' });
    if (!existing.has(agency)) {
      at('agency', yearsMessages.noOrgSlug({ agency }));
      continue;
    }
    if (seen.has(`${agency}/${year}`)) {
      at('agency', yearsMessages.agencyYearTwice({ agency, year }));
      continue;
    }
    seen.add(`${agency}/${year}`);
    const stored = yearsKnown.get(`${agency}/${year}`);
    if (stored?.status === 'closed') {
      at('year', yearsMessages.agencyYearClosed({ agency, year }));
      continue;
    }
    // A year already stored is scored by its own criteria; a new one by the criteria of its number.
    const criteria = getCriteria(stored?.criteria_year ?? year);
    const indicators: Record<string, number | null> = {};
    for (const def of criteria.indicators) indicators[String(def.number)] = null;
    for (const [n, v] of Object.entries(o.value.indicators)) {
      const value = Number(v);
      if (!(n in indicators)) at(n, yearsMessages.unknownIndicator({ key: n, criteriaYear: criteria.year }));
      else if (!Number.isFinite(value) || value < 0 || value > 100) at(n, yearsMessages.scoreRange({ value: String(v) }));
      else indicators[n] = value;
    }
    const parts = (o.value.eitParts ?? []).map(Number);
    if (parts.length === 1 || parts.some((p) => !Number.isFinite(p) || p < 0 || p > 100)) {
      at('eit1', yearsMessages.eitPartsRange());
    }
    valid.push({ slug: agency, row, year, indicators, eitParts: parts.length === 2 ? parts : null });
  }
  return { problems, valid };
}

/** Writes checked scores (creating the fiscal years that are missing) inside the caller's transaction. */
export async function writeScoresIn(tx: Queryable, plan: ScoresPlan): Promise<void> {
  const { valid } = plan;
  // Set-based, so that a national file of 8,300 agencies is a handful of statements, not 8,300 round trips.
  const orgs = await selectOrgIdsBySlugs(tx, valid.map((v) => v.slug));
  const orgId = new Map(orgs.map((o) => [o.slug, o.id]));
  const ids = valid.map((v) => orgId.get(v.slug) as string);
  const years = valid.map((v) => v.year);
  await insertManualYears(tx, ids, years);
  const fys = await selectYearIdsOfPairs(tx, ids, years);
  const fyOf = new Map(fys.map((f) => [`${f.org_id}/${f.year}`, f.id]));
  const fyIds = valid.map((v, i) => fyOf.get(`${ids[i]}/${v.year}`) as string);
  await updateEitParts(tx, fyIds, valid.map((v) => v.eitParts?.[0] ?? null), valid.map((v) => v.eitParts?.[1] ?? null));
  const want = { fy: [] as string[], indicator: [] as number[], score: [] as string[] };
  valid.forEach((v, i) => {
    for (const [n, score] of Object.entries(v.indicators)) {
      if (score === null) continue;
      want.fy.push(fyIds[i] as string);
      want.indicator.push(Number(n));
      want.score.push(String(score));
    }
  });
  // Only real changes are written (and so logged): removed scores, new ones, changed ones.
  await replaceIndicatorScores(tx, fyIds, want);
}

/** Reads a scores table from bytes: XLSX (first sheet) or CSV. */
export async function scoresTableFrom(bytes: Uint8Array, filename: string): Promise<Table> {
  if (/\.xlsx$/i.test(filename)) {
    const workbook = await loadWorkbook(bytes, filename);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new InputError('file', yearsMessages.noSheet({ filename }));
    return sheetTable(sheet, sheet.name);
  }
  return tableFromCsv(bytes, filename);
}
