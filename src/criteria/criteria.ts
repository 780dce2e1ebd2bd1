/**
 * Criteria as data (issue 13, point 2). A criteria pack (src/ita/pack.ts) is imported by a system administrator
 * (`prongsai criteria import`, the system page): validated, refused unless its revision is newer than every one
 * known for its year, stored in criteria_packs and registered, so that organisations' years can use it without a
 * release. A year moves to a newer revision of its criteria after seeing what changes (the diff, the scores before
 * and after), in one transaction; its stored indicator scores stay, and everything computed from them (tool
 * scores, overall, grade, findings) follows the new revision.
 */
import { readFile } from 'node:fs/promises';
import type { Db, Queryable } from '../db/index.ts';
import { announce } from '../db/notify.ts';
import { InputError } from '../errors.ts';
import {
  criteriaOfPack,
  criteriaRevisions,
  effectiveRevision,
  getCriteria,
  isBuiltIn,
  packOf,
  packSchema,
  registerPack,
  type CriteriaPack,
  type CriteriaYear,
  type ToolCode,
} from '../ita/index.ts';
import { deriveYear } from '../model/derive.ts';
import type { YearInput } from '../model/year.ts';
import { write } from '../app/actor.ts';
import { actorOf, Forbidden, orgsOf, type Principal } from '../app/authz.ts';
import { resolveYear, type YearRef } from '../app/context.ts';
import { editYear } from '../years/edit.ts';
import { Conflict, NotFound } from '../app/errors.ts';
import { parseInput } from '../app/input.ts';
import { loadYear } from '../years/years.ts';
import { criteriaMessages as msg } from './messages.ts';
import { insertPack, lockPacks, newestStoredRevision, selectYearRevision } from './repo.ts';

/** A pack given as parsed JSON: every problem named by its JSON path ("tools.0.weight"), in Thai and English. */
export function parsePack(raw: unknown): CriteriaPack {
  return parseInput(packSchema, raw, '', { jsonPaths: true });
}

/** A pack given as the text of a JSON file. */
export function parsePackText(text: string): CriteriaPack {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const why = (error as Error).message;
    throw new InputError('pack', msg.badJson({ why }));
  }
  return parsePack(raw);
}

/** Reads and validates a pack file. */
export async function readPackFile(path: string): Promise<CriteriaPack> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new InputError('file', msg.unreadableFile({ path }));
  }
  return parsePackText(text);
}

/** What differs between two revisions of a year's criteria. */
export interface CriteriaDiff {
  readonly tools: readonly { readonly code: ToolCode; readonly from: string | null; readonly to: string | null; readonly fields: readonly string[] }[];
  readonly indicators: ListDiff<number>;
  readonly oitItems: ListDiff<string>;
  readonly questions: ListDiff<string>;
  /** Other fields of the criteria that differ (passMark, gradeRule, notes, …). */
  readonly other: readonly string[];
}

export interface ListDiff<K> {
  readonly added: readonly K[];
  readonly removed: readonly K[];
  /** Entries in both, with the fields that differ. */
  readonly changed: readonly { readonly key: K; readonly fields: readonly string[] }[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changedFields(a: object, b: object): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function listDiff<T extends object, K>(from: readonly T[], to: readonly T[], key: (t: T) => K): ListDiff<K> {
  const fromKeys = new Map(from.map((t) => [key(t), t]));
  const toKeys = new Map(to.map((t) => [key(t), t]));
  return {
    added: [...toKeys.keys()].filter((k) => !fromKeys.has(k)),
    removed: [...fromKeys.keys()].filter((k) => !toKeys.has(k)),
    changed: [...toKeys].flatMap(([k, t]) => {
      const before = fromKeys.get(k);
      const fields = before ? changedFields(before, t) : [];
      return fields.length > 0 ? [{ key: k, fields }] : [];
    }),
  };
}

const LISTED = new Set(['tools', 'indicators', 'oitItems', 'questions', 'year', 'revision']);

/** The differences between two revisions: OIT items, tool weights, indicators, questions, and any other field. */
export function diffCriteria(from: CriteriaYear, to: CriteriaYear): CriteriaDiff {
  return {
    tools: to.tools.flatMap((t) => {
      const before = from.tools.find((f) => f.code === t.code);
      const fields = before ? changedFields(before, t) : ['code'];
      return fields.length > 0 ? [{ code: t.code, from: before?.weight ?? null, to: t.weight, fields }] : [];
    }),
    indicators: listDiff(from.indicators, to.indicators, (i) => i.number as number),
    oitItems: listDiff(from.oitItems, to.oitItems, (i) => i.code),
    questions: listDiff(from.questions, to.questions, (q) => q.code),
    other: changedFields(from, to).filter((k) => !LISTED.has(k)),
  };
}

/** True when a diff names no difference at all (but the revision number). */
export function diffIsEmpty(d: CriteriaDiff): boolean {
  const emptyList = (l: ListDiff<unknown>) => l.added.length + l.removed.length + l.changed.length === 0;
  return d.tools.length === 0 && emptyList(d.indicators) && emptyList(d.oitItems) && emptyList(d.questions) && d.other.length === 0;
}

function requireSystemAdmin(principal: Principal): void {
  if (orgsOf(principal) !== null) throw new Forbidden('org.admin');
}

/** The criteria known for every year: built-in or imported, with every revision. */
export interface CriteriaCatalogueEntry {
  readonly year: number;
  readonly revision: number;
  readonly titleTh: string;
  readonly builtIn: boolean;
  readonly provisional: boolean;
  readonly oitItems: number;
}

export function criteriaCatalogue(years: readonly number[]): CriteriaCatalogueEntry[] {
  return years.flatMap((year) =>
    criteriaRevisions(year).map((revision) => {
      const c = getCriteria(year, revision);
      return { year, revision, titleTh: c.titleTh, builtIn: isBuiltIn(year, revision), provisional: c.provisional !== undefined, oitItems: c.oitItems.length };
    }),
  );
}

export interface PackImportResult {
  readonly year: number;
  readonly revision: number;
  readonly titleTh: string;
  readonly oitItems: number;
  /** The newest revision known before (null: a year the system did not know). */
  readonly previousRevision: number | null;
  /** What the pack changes from that revision (null for a new year). */
  readonly diff: CriteriaDiff | null;
  /** False for a dry run. */
  readonly written: boolean;
}

/**
 * Imports a criteria pack (a system administrator only): validated, then refused unless its revision is newer than
 * every revision known for its year (built-in, registered, or stored by another process), then stored and registered.
 * `dryRun` validates and answers the same summary, writing nothing.
 */
export async function importPack(db: Db, principal: Principal, raw: unknown, options: { dryRun?: boolean } = {}): Promise<PackImportResult> {
  requireSystemAdmin(principal);
  const pack = parsePack(raw);
  const check = async (q: Queryable) => {
    const stored = await newestStoredRevision(q, pack.year);
    const known = criteriaRevisions(pack.year).at(-1) ?? null;
    const newest = Math.max(known ?? 0, stored ?? 0) || null;
    if (newest !== null && pack.revision <= newest) throw new Conflict('revision', msg.notNewer({ year: pack.year, newest, revision: pack.revision }));
    return newest;
  };
  const summary = (previousRevision: number | null, written: boolean): PackImportResult => ({
    year: pack.year,
    revision: pack.revision,
    titleTh: pack.titleTh,
    oitItems: pack.oitItems.length,
    previousRevision,
    diff: previousRevision !== null && criteriaRevisions(pack.year).includes(previousRevision) ? diffCriteria(getCriteria(pack.year, previousRevision), criteriaOfPack(pack)) : null,
    written,
  });
  if (options.dryRun) return summary(await check(db), false);
  const previous = await write(db, actorOf(principal), null, async (tx) => {
    await lockPacks(tx);
    const newest = await check(tx);
    await insertPack(tx, pack.year, pack.revision, pack, principal.nameTh);
    // The other server processes register it at the commit (src/db/notify.ts).
    await announce(tx, { kind: 'pack', year: pack.year, revision: pack.revision });
    return newest;
  });
  const result = summary(previous, true);
  registerPack(pack);
  return result;
}

/** The pack of a year's criteria (a revision, or the newest known), as `prongsai criteria export` writes it. */
export function exportPack(year: number, revision?: number): CriteriaPack {
  return packOf(getCriteria(year, revision));
}

/** A year's computed result, in short. */
export interface ResultSummary {
  readonly overall: number;
  readonly grade: string | null;
  readonly pass: boolean;
  readonly tools: Readonly<Record<ToolCode, number>>;
}

/** What moving a year to another revision of its criteria changes. */
export interface RevisionMove {
  readonly year: number;
  readonly criteriaYear: number;
  readonly from: number;
  readonly to: number;
  readonly diff: CriteriaDiff;
  /** The result under the current revision and under the new one (null while some indicator has no score). */
  readonly before: ResultSummary | null;
  readonly after: ResultSummary | null;
  /** False for the preview. */
  readonly applied: boolean;
}

function resultOf(year: YearInput): ResultSummary | null {
  const score = deriveYear(year).computed.score;
  return score ? { overall: score.overall, grade: score.grade, pass: score.pass, tools: score.tools } : null;
}

/** The revisions of the year's criteria year that a year could move to (newer than its own). */
export function newerRevisions(criteriaYear: number, current: number): number[] {
  return criteriaRevisions(criteriaYear).filter((r) => r > current);
}

function plan(year: YearInput, recorded: number, revision: unknown): RevisionMove {
  const current = effectiveRevision(year.criteriaYear, recorded) as number;
  const to = typeof revision === 'number' ? revision : typeof revision === 'string' && /^\d{1,6}$/.test(revision.trim()) ? Number(revision) : NaN;
  if (!Number.isInteger(to) || !criteriaRevisions(year.criteriaYear).includes(to)) {
    const known = criteriaRevisions(year.criteriaYear).join(', ');
    throw new NotFound('revision', msg.noRevision({ criteriaYear: year.criteriaYear, revision: String(revision), known }));
  }
  if (to <= current) {
    throw new InputError('revision', msg.moveNotNewer({ year: year.year, current }));
  }
  const moved = { ...year, criteriaRevision: to };
  return {
    year: year.year,
    criteriaYear: year.criteriaYear,
    from: current,
    to,
    diff: diffCriteria(getCriteria(year.criteriaYear, current), getCriteria(year.criteriaYear, to)),
    before: resultOf({ ...year, criteriaRevision: current }),
    after: resultOf(moved),
    applied: false,
  };
}

/** What moving the year to `revision` would change (read only: anyone who may read the year). */
export async function previewRevisionMove(db: Queryable, principal: Principal, ref: YearRef, revision: unknown): Promise<RevisionMove> {
  const ctx = await resolveYear(db, principal, ref);
  return plan(await loadYear(db, ctx.slug, ctx.year), ctx.criteriaRevision, revision);
}

/**
 * Moves the year to a newer revision of its criteria, in one transaction: the year records the new revision and its
 * results are computed under it from then on. A coordinator or an organisation administrator (measures.write); a
 * closed year is refused (lockYear), and so is a revision without an indicator the year's scores or measures use.
 */
export async function moveToRevision(db: Db, principal: Principal, ref: YearRef, revision: unknown): Promise<RevisionMove> {
  const ctx = await resolveYear(db, principal, ref, 'measures.write');
  return editYear(db, principal, ctx, async ({ tx, year, save }) => {
    const move = plan(year, (await selectYearRevision(tx, ctx.fiscalYearId)) ?? ctx.criteriaRevision, revision);
    await save({ ...year, criteriaRevision: move.to });
    return { ...move, applied: true };
  });
}
