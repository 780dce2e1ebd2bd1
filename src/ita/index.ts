import { InputError } from '../errors.ts';
import { itaMessages } from './messages.ts';
import { toArabicDigits } from '../thai/index.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { deepFreeze } from './freeze.ts';
import { criteriaOfPack, packSchema, type CriteriaPack } from './pack.ts';
import type {
  CriteriaNote,
  CriteriaYear,
  IndicatorDefinition,
  IndicatorNumber,
  NoteTopic,
  OitItem,
  OitItemRole,
  ProvisionalMark,
  ToolCode,
  ToolDefinition,
} from './types.ts';

export type * from './types.ts';
export { OIT_ITEM_ROLES, TOOL_CODES } from './types.ts';
export { criteriaOfPack, packJsonSchema, packOf, packSchema, PACK_SCHEMA_VERSION, type CriteriaPack } from './pack.ts';

/**
 * The registry of criteria: the built-in packs (src/ita/packs/<year>.json, the source of truth for the years this
 * release knows), plus packs registered at run time (`--criteria-pack FILE`, the packs the server keeps in the
 * database). Each (year, revision) is one frozen CriteriaYear.
 */
const PACKS_DIR = new URL('./packs/', import.meta.url);

/** The years of the built-in packs (their file names). */
const BUILT_IN_YEARS: readonly number[] = readdirSync(PACKS_DIR)
  .filter((f) => /^\d{4}\.json$/.test(f))
  .map((f) => Number(f.slice(0, 4)))
  .sort((a, b) => a - b);
const builtInRead = new Map<number, CriteriaYear>();

/**
 * A year's built-in pack, read and validated the first time it is asked for (a command that scores one year reads
 * one file; test/criteria-packs.test.ts reads them all).
 */
function builtIn(year: number): CriteriaYear | undefined {
  if (!BUILT_IN_YEARS.includes(year)) return undefined;
  let criteria = builtInRead.get(year);
  if (!criteria) {
    const file = `${year}.json`;
    const raw = JSON.parse(readFileSync(new URL(file, PACKS_DIR), 'utf8')) as CriteriaPack;
    const parsed = packSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`built-in criteria pack ${file} is invalid: ${parsed.error.message}`);
    if (raw.year !== year) throw new Error(`built-in criteria pack ${file} is of the year ${raw.year}`);
    // The file's own object (valid, so equal to parsed.data), which keeps the file's field order in every output.
    criteria = deepFreeze(criteriaOfPack(raw));
    builtInRead.set(year, criteria);
  }
  return criteria;
}
/** Packs registered at run time, by year and revision. */
const registered = new Map<number, Map<number, CriteriaYear>>();

/** The revisions known for a year (built-in and registered), oldest first. */
function revisionsOf(year: number): Map<number, CriteriaYear> {
  const all = new Map<number, CriteriaYear>();
  const own = builtIn(year);
  if (own) all.set(own.revision, own);
  for (const [revision, c] of registered.get(year) ?? []) all.set(revision, c);
  return new Map([...all].sort(([a], [b]) => a - b));
}

/**
 * Makes a pack's criteria available (already validated with packSchema): to getCriteria, to the years that move to
 * it. A pack of a year and revision already registered replaces it (a built-in one stays underneath). Returns the
 * frozen criteria.
 */
export function registerPack(pack: CriteriaPack): CriteriaYear {
  const criteria = deepFreeze(structuredClone(criteriaOfPack(pack)));
  const byRevision = registered.get(criteria.year) ?? new Map<number, CriteriaYear>();
  byRevision.set(criteria.revision, criteria);
  registered.set(criteria.year, byRevision);
  return criteria;
}

/** Forgets every pack registered at run time (the built-in ones stay). */
export function forgetRegisteredPacks(): void {
  registered.clear();
}

/** True when the criteria of (year, revision) are a built-in pack of this release. */
export function isBuiltIn(year: number, revision: number): boolean {
  return builtIn(year)?.revision === revision;
}

/** Fiscal years (Buddhist era) that have criteria, oldest first. */
export function criteriaYears(): number[] {
  return [...new Set([...BUILT_IN_YEARS, ...registered.keys()])].sort((a, b) => a - b);
}

/** The revisions of a year's criteria that are known, oldest first (empty for an unknown year). */
export function criteriaRevisions(year: number): number[] {
  return [...revisionsOf(year).keys()];
}

/**
 * The criteria of a fiscal year: the given revision, or the newest known; else a clear error naming the years (or
 * the revisions) we have.
 */
export function getCriteria(year: number, revision?: number): CriteriaYear {
  const revisions = Number.isInteger(year) ? revisionsOf(year) : new Map<number, CriteriaYear>();
  const criteria = revision === undefined ? [...revisions.values()].at(-1) : revisions.get(revision);
  if (criteria) return criteria;
  if (revisions.size > 0) {
    const known = [...revisions.keys()].join(', ');
    throw new InputError('revision', itaMessages.noRevision({ year, revision, known }));
  }
  const known = criteriaYears().join(', ');
  throw new InputError('year', itaMessages.noCriteria({ year, known }));
}

/**
 * The revision a year recorded at `revision` is computed under: that one when it is known; else the first newer one
 * (a release replaced a built-in revision by its correction, as 2568 went from 1 to 2); else the newest. A year
 * without criteria keeps `revision` (getCriteria then says which years there are).
 */
export function effectiveRevision(criteriaYear: number, revision: number | undefined): number | undefined {
  const known = criteriaRevisions(criteriaYear);
  if (known.length === 0 || revision === undefined || known.includes(revision)) return revision;
  return known.find((r) => r > revision) ?? known.at(-1);
}

/** The criteria a fiscal year is assessed under: its criteria year and revision (the newest when none is recorded). */
export function criteriaOf(year: { readonly criteriaYear: number; readonly criteriaRevision?: number | undefined }): CriteriaYear {
  return getCriteria(year.criteriaYear, effectiveRevision(year.criteriaYear, year.criteriaRevision));
}

/** A fiscal year given as text: a 4-digit Buddhist-era year, in Arabic or Thai digits. */
export function parseFiscalYear(text: string): number {
  const normal = toArabicDigits(text.trim());
  if (!/^\d{4}$/.test(normal)) {
    throw new InputError('year', itaMessages.yearDigits({ given: text }));
  }
  return Number(normal);
}

/** Parses a year given as text (Arabic or Thai digits) and returns its criteria. */
export function getCriteriaFromText(text: string): CriteriaYear {
  return getCriteria(parseFiscalYear(text));
}

export function indicatorOf(criteria: CriteriaYear, n: IndicatorNumber): IndicatorDefinition {
  const found = criteria.indicators.find((i) => i.number === n);
  if (!found) throw new Error(`catalogue ${criteria.year} has no indicator ${n}`);
  return found;
}

export function toolOf(criteria: CriteriaYear, code: ToolCode): ToolDefinition {
  const found = criteria.tools.find((t) => t.code === code);
  if (!found) throw new Error(`catalogue ${criteria.year} has no tool ${code}`);
  return found;
}

/** The year's notes on any of the given topics, in catalogue order. */
export function notesOn(criteria: CriteriaYear, topics: readonly NoteTopic[]): CriteriaNote[] {
  return criteria.notes.filter((note) => note.topics.some((t) => topics.includes(t)));
}

/** The year's OIT item with this role, if the year has one. */
export function oitItemWithRole(criteria: CriteriaYear, role: OitItemRole): OitItem | undefined {
  return criteria.oitItems.find((i) => i.role === role);
}

/**
 * Why fiscal year `year`, assessed under `criteria`, is assessed provisionally, or null when it is not: the
 * criteria's own mark (2569, 2570), or, for a year beyond the newest criteria known, a mark saying that the newest
 * stand in for it until the NACC announces that year. A year deliberately assessed under an older year's final
 * criteria is not provisional.
 */
export function provisionalFor(year: number, criteria: CriteriaYear): ProvisionalMark | null {
  const newest = criteriaYears().at(-1) as number;
  if (year > newest && criteria.year === newest) {
    return {
      th: `เกณฑ์ชั่วคราวจนกว่าสำนักงาน ป.ป.ช. จะประกาศเกณฑ์ปี ${year}: ระบบนี้ใช้เกณฑ์ปี ${newest} ซึ่งเป็นปีล่าสุดที่มีในระบบ`,
      en: `Provisional until the NACC announces FY ${year}: the FY ${newest} criteria, the newest known, are used.`,
      basedOn: newest,
    };
  }
  return criteria.provisional ?? null;
}
