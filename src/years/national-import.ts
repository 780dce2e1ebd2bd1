/**
 * The national results in one step (issue 18): the NACC's file of every agency's results for a fiscal year, one
 * agency per row (agency, name, type, province, district, parent, 1 … 10, and optionally itas_code, eit1, eit2).
 * Organisations are matched by slug, else by ITAS code; with `createOrgs` the missing ones are made in the tree
 * (parents first, a parent may be another row of the file). Scores are checked and written as the scores import
 * does (transfer.ts). All rows or none, in one transaction; a dry run lists every problem and what would be made.
 */
import type { Db } from '../db/index.ts';
import { InputError } from '../errors.ts';
import type { Message } from '../messages.ts';
import type { Table } from '../io/tables.ts';
import { hasErrors, problemsOf, type Problem } from '../io/problems.ts';
import { write, type Actor } from '../app/actor.ts';
import { insertOrganisationIn, prepareOrganisation, setItasCodeIn, slugsOfItasCodes, type PreparedOrganisation } from '../organisations/organisations.ts';
import { itasCodeSchema } from '../organisations/itas.ts';
import { yearsMessages } from './messages.ts';
import { selectYearsOfSlugs } from './repo.ts';
import { YEAR_NAMES } from './scoring.ts';
import { planScores, writeScoresIn, type ImportOutcome } from './transfer.ts';

export interface NationalOptions {
  readonly year: number;
  readonly createOrgs?: boolean;
  readonly dryRun?: boolean;
}

/** What a national import made (or, on a dry run, would make). */
export interface NationalSummary {
  /** The organisations created, parents first. */
  readonly created: readonly { slug: string; parent: string | null }[];
  /** Rows matched to a stored organisation by ITAS code: the row's agency and the organisation found. */
  readonly matchedByItas: readonly { agency: string; slug: string }[];
  /** The organisations given the fiscal year, which they lacked. */
  readonly yearsCreated: readonly string[];
  /** The organisations whose scores were written. */
  readonly organisations: number;
}

/** The create-organisation field a problem names, as the file's column. */
const COLUMN_OF: Record<string, string> = { slug: 'agency', nameTh: 'name', type: 'type', province: 'province', district: 'district', parent: 'parent' };

/** Imports a national results file for fiscal year `options.year`. */
export async function importNational(db: Db, actor: Actor, table: Table, options: NationalOptions): Promise<ImportOutcome & { summary?: NationalSummary }> {
  const column = (name: string) => table.header.findIndex((h) => h.trim().toLowerCase() === name);
  const cols = { agency: column('agency'), name: column('name'), type: column('type'), province: column('province'), district: column('district'), parent: column('parent'), itas: column('itas_code') };
  const problems: Problem[] = [];
  const at = (row: number, col: string, said: Message) => problems.push({ sheet: null, row, column: col, th: said.th, en: said.en, severity: 'error' });
  const rows = table.rows.map((r) => {
    const cell = (i: number) => (i >= 0 ? (r.cells[i] ?? '').trim() : '');
    return { row: r.row, cells: r.cells, agency: cell(cols.agency), itas: cell(cols.itas), parent: cell(cols.parent), cell };
  });
  for (const r of rows) if (r.itas !== '' && !itasCodeSchema.safeParse(r.itas).success) at(r.row, 'itas_code', yearsMessages.nationalBadItasCode({ code: r.itas }));

  const known = await selectYearsOfSlugs(db, [...new Set(rows.flatMap((r) => [r.agency, r.parent]).filter((s) => s !== ''))]);
  const stored = new Set(known.map((k) => k.slug));
  const byItas = await slugsOfItasCodes(db, rows.flatMap((r) => (r.itas !== '' && !stored.has(r.agency) ? [r.itas] : [])));

  // Each row's organisation: stored (by slug, else ITAS code), or to be created.
  const matchedByItas: { agency: string; slug: string }[] = [];
  const toCreate = new Map<string, { row: number; prepared: PreparedOrganisation; itas: string }>();
  const target = new Map<number, string>();
  for (const r of rows) {
    const viaItas = r.itas !== '' ? byItas.get(r.itas) : undefined;
    if (r.agency !== '' && stored.has(r.agency)) target.set(r.row, r.agency);
    else if (viaItas !== undefined) {
      target.set(r.row, viaItas);
      matchedByItas.push({ agency: r.agency, slug: viaItas });
    } else if (!options.createOrgs) at(r.row, 'agency', yearsMessages.nationalNoOrg({ agency: r.agency }));
    else if (toCreate.has(r.agency)) target.set(r.row, r.agency); // the scores check reports the second row
    else {
      try {
        const input = { slug: r.agency, nameTh: r.cell(cols.name), type: r.cell(cols.type), province: r.cell(cols.province), district: r.cell(cols.district) || null, parent: r.parent || null };
        toCreate.set(r.agency, { row: r.row, prepared: prepareOrganisation(input), itas: r.itas });
        target.set(r.row, r.agency);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        at(r.row, COLUMN_OF[error.field] ?? error.field, error.said);
      }
    }
  }

  // Parents first: a parent is stored, or created earlier in the same transaction.
  const created: { slug: string; parent: string | null }[] = [];
  const order: { prepared: PreparedOrganisation; itas: string }[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'bad'>();
  const visit = (slug: string): boolean => {
    const entry = toCreate.get(slug);
    if (!entry) return true;
    const now = state.get(slug);
    if (now === 'done') return true;
    if (now !== undefined) return false; // refused already, or a cycle (reported by the row that closes it)
    state.set(slug, 'visiting');
    const parent = entry.prepared.parent;
    let ok = true;
    if (parent !== null && !stored.has(parent)) {
      if (!toCreate.has(parent)) {
        at(entry.row, 'parent', yearsMessages.nationalNoParent({ parent }));
        ok = false;
      } else if (state.get(parent) === 'visiting' || !visit(parent)) {
        if (state.get(parent) === 'visiting') at(entry.row, 'parent', yearsMessages.nationalParentCycle({ agency: slug }));
        ok = false;
      }
    }
    state.set(slug, ok ? 'done' : 'bad');
    if (ok) {
      order.push(entry);
      created.push({ slug, parent });
    }
    return ok;
  };
  for (const slug of toCreate.keys()) visit(slug);

  // The scores of the rows whose organisation is known, checked as the scores import checks them.
  const scoresTable: Table = {
    // The year is the one asked for: a year column of the file is not read.
    header: table.header.map((h, i) => (i === cols.agency ? 'agency' : YEAR_NAMES.includes(h.trim().toLowerCase()) ? `(${h})` : h)),
    ...(table.headerRow !== undefined ? { headerRow: table.headerRow } : {}),
    rows: rows.flatMap((r) => {
      const slug = target.get(r.row);
      if (slug === undefined) return [];
      return [{ row: r.row, cells: r.cells.map((c, i) => (i === cols.agency ? slug : c)) }];
    }),
  };
  let plan;
  try {
    plan = await planScores(db, scoresTable, { defaultYear: options.year, creating: new Set(toCreate.keys()) });
  } catch (error) {
    return { written: false, problems: [...problems, ...problemsOf(error)] };
  }
  problems.push(...plan.problems);
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const targets = [...new Set(plan.valid.map((v) => v.slug))];
  const haveYear = new Set((await selectYearsOfSlugs(db, targets)).flatMap((k) => (k.year === options.year ? [k.slug] : [])));
  const yearsCreated = targets.filter((s) => !haveYear.has(s));
  const summary: NationalSummary = { created, matchedByItas, yearsCreated, organisations: plan.valid.length };
  if (hasErrors(problems) || options.dryRun) return { written: false, problems, summary };
  try {
    await write(db, actor, null, async (tx) => {
      for (const { prepared, itas } of order) {
        await insertOrganisationIn(tx, prepared);
        if (itas !== '') await setItasCodeIn(tx, prepared.row.slug, itas);
      }
      await writeScoresIn(tx, plan);
    });
  } catch (error) {
    return { written: false, problems: problemsOf(error), summary };
  }
  return { written: true, problems, summary };
}
