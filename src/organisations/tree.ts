/**
 * The tree of organisations (issue 18, point 1): an organisation may come under a parent, the office that
 * supervises it (ท้องถิ่นอำเภอ, สถจ., a department, a ministry, the NACC: organisations too); one without a parent is
 * not yet placed. The system administrator (or the CLI operator) places it when creating it (organisations.ts),
 * moves it (`prongsai org move`, PUT /api/v1/orgs/{slug}/parent, the organisations page), or loads the whole tree
 * from a CSV (`prongsai org tree`). A move changes only organisations.parent_id: the organisation's history stays
 * its own, and the audit trigger on organisations records the move.
 *
 * A move that would put an organisation under itself or under one of its own descendants is refused with the
 * catalogue's message, checked in the move's transaction before the database trigger (migration 0020) would
 * refuse it with its own words; the moves of the tree take one lock (lockTree), so two at once cannot together
 * make a cycle that each alone would not.
 */
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { write } from '../app/actor.ts';
import { actorOf, type Principal } from '../app/authz.ts';
import { NotFound } from '../app/errors.ts';
import { parseInput } from '../app/input.ts';
import { InputError } from '../errors.ts';
import type { Problem } from '../io/problems.ts';
import { columnIndex, requireRows, type Table } from '../io/tables.ts';
import type { Message } from '../messages.ts';
import { organisationMessages as msg } from './messages.ts';
import { optionalText, organisationDetail, parentIdOf, refuseSystemOnly, type OrganisationDetail } from './organisations.ts';
import { lockTree, orgIdOfSlug, selectAncestors, selectTreeNodes, updateParent, type TreeNode } from './repo.ts';
import { orgTypeByCode } from './vocab.ts';

export const moveSchema = z.object({ parent: z.string().max(64).nullable() }).strict();

/** The cycle a parent would make: the chain from the parent up to the organisation itself, or null. */
function cycleOf(orgId: string, parentId: string, parentOf: (id: string) => string | null | undefined, slugOf: (id: string) => string): string[] | null {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let id: string | null | undefined = parentId; typeof id === 'string' && !seen.has(id); id = parentOf(id)) {
    seen.add(id);
    chain.push(slugOf(id));
    if (id === orgId) return chain;
  }
  return null;
}

/** Why `orgId` cannot come under `parentId` (itself, or one of its own descendants), or null. */
function placeRefused(orgId: string, slug: string, parentId: string, parent: string, parentOf: (id: string) => string | null | undefined, slugOf: (id: string) => string): Message | null {
  if (parentId === orgId) return msg.ownParent({ slug });
  const chain = cycleOf(orgId, parentId, parentOf, slugOf);
  return chain ? msg.cycle({ slug, parent, chain }) : null;
}

/**
 * Places the organisation `slug` under the organisation `parent` (a slug), or unplaces it (null). System
 * administrator only; audited. An unknown organisation is NotFound (field slug); an unknown parent, the
 * organisation itself or one of its descendants is an InputError (field parent); none changes anything.
 */
export async function moveOrganisation(db: Db, principal: Principal, slug: string, input: unknown): Promise<OrganisationDetail> {
  refuseSystemOnly(principal);
  const parent = optionalText(parseInput(moveSchema, input).parent, 'parent');
  const orgId = await orgIdOfSlug(db, slug);
  if (orgId === undefined) throw new NotFound('slug', msg.noOrg({ slug }));
  await write(db, actorOf(principal), orgId, async (tx) => {
    await lockTree(tx);
    const parentId = parent === null ? null : await parentIdOf(tx, parent);
    if (parentId !== null && parent !== null) {
      const above = new Map((await selectAncestors(tx, parentId)).map((n) => [n.id, n]));
      const refused = placeRefused(orgId, slug, parentId, parent, (id) => above.get(id)?.parent_id, (id) => above.get(id)?.slug ?? id);
      if (refused) throw new InputError('parent', refused);
    }
    await updateParent(tx, orgId, parentId);
  });
  const moved = await organisationDetail(db, slug);
  if (!moved) throw new Error(`the organisation ${slug} just moved is not there`);
  return moved;
}

export interface TreeMove {
  readonly slug: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface TreeLoad {
  /** Every problem of the file, each with its row (the row number a spreadsheet shows) and column. */
  readonly problems: readonly Problem[];
  /** The organisations whose parent changes (or would change, in a dry run). */
  readonly moves: readonly TreeMove[];
  /** Rows that give an organisation the parent it already has. */
  readonly unchanged: number;
  /** True when the moves were written: no errors and not a dry run. */
  readonly written: boolean;
}

const AGENCY = 'agency';
const PARENT = 'parent';

/** A problem of the file that blocks the load. */
const problemAt = (row: number, column: string | null, said: Message): Problem => ({ sheet: null, row, column, th: said.th, en: said.en, severity: 'error', said });

interface Given {
  readonly node: TreeNode;
  readonly parentId: string | null;
  readonly row: number;
}

/** The rows of the file as moves on the tree `nodes`, and the problems of each row that is not one. */
function readMoves(table: Table, nodes: readonly TreeNode[]): { given: Given[]; problems: Problem[] } {
  const agencyAt = columnIndex(table, [AGENCY]);
  const parentAt = columnIndex(table, [PARENT]);
  const missing = [agencyAt < 0 ? AGENCY : null, parentAt < 0 ? PARENT : null].filter((c) => c !== null);
  if (missing.length > 0) {
    return { given: [], problems: missing.map((column) => problemAt(table.headerRow ?? 1, column, msg.treeNoColumn({ column }))) };
  }
  const bySlug = new Map(nodes.map((n) => [n.slug, n]));
  const firstRow = new Map<string, number>();
  const given: Given[] = [];
  const problems: Problem[] = [];
  for (const r of table.rows) {
    const agency = r.cells[agencyAt] ?? '';
    const parent = r.cells[parentAt] ?? '';
    const say = (column: number, said: Message) => problems.push(problemAt(r.row, table.header[column] ?? null, said));
    if (agency === '') {
      if (parent !== '') say(agencyAt, msg.treeNoAgency());
      continue;
    }
    const first = firstRow.get(agency);
    if (first !== undefined) {
      say(agencyAt, msg.treeDuplicate({ slug: agency, first }));
      continue;
    }
    firstRow.set(agency, r.row);
    const node = bySlug.get(agency);
    const parentNode = parent === '' ? null : bySlug.get(parent);
    if (!node) say(agencyAt, msg.noOrg({ slug: agency }));
    if (parentNode === undefined) say(parentAt, msg.noParent({ parent }));
    if (node && parentNode !== undefined) given.push({ node, parentId: parentNode?.id ?? null, row: r.row });
  }
  return { given, problems };
}

/**
 * Loads the tree from a table with the columns `agency` (a slug) and `parent` (a slug, or empty: not placed);
 * organisations the file does not name keep their parent. All or nothing, in one transaction: every problem is
 * listed by row (an unknown slug, an organisation under itself or its own descendant, an organisation given twice)
 * and any of them writes nothing; a dry run checks and writes nothing. System administrator only; each move is
 * audited.
 */
export async function loadTree(db: Db, principal: Principal, table: Table, options: { readonly dryRun?: boolean } = {}): Promise<TreeLoad> {
  refuseSystemOnly(principal);
  requireRows(table, 'CSV');
  return write(db, actorOf(principal), null, async (tx) => {
    await lockTree(tx);
    const nodes = await selectTreeNodes(tx);
    const { given, problems } = readMoves(table, nodes);
    const slugs = new Map(nodes.map((n) => [n.id, n.slug]));
    const slugOf = (id: string) => slugs.get(id) ?? id;
    // The tree as the file would leave it.
    const parentOf = new Map(nodes.map((n) => [n.id, n.parent_id]));
    for (const g of given) parentOf.set(g.node.id, g.parentId);
    for (const g of given) {
      if (g.parentId === null) continue;
      const refused = placeRefused(g.node.id, g.node.slug, g.parentId, slugOf(g.parentId), (id) => parentOf.get(id), slugOf);
      if (refused) problems.push(problemAt(g.row, table.header[columnIndex(table, [PARENT])] ?? PARENT, refused));
    }
    problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const changed = given.filter((g) => g.parentId !== g.node.parent_id);
    const moves = changed.map((g): TreeMove => ({ slug: g.node.slug, from: g.node.parent_id && slugOf(g.node.parent_id), to: g.parentId && slugOf(g.parentId) }));
    const result = { problems, moves, unchanged: given.length - changed.length };
    if (problems.length > 0 || options.dryRun) return { ...result, written: false };
    // Parents before their children (by depth in the new tree): no step on the way makes a cycle the trigger refuses.
    const depth = (id: string): number => {
      let d = 0;
      for (let p = parentOf.get(id); p; p = parentOf.get(p)) d += 1;
      return d;
    };
    const ordered = changed.map((g) => ({ g, depth: depth(g.node.id) })).sort((a, b) => a.depth - b.depth);
    for (const { g } of ordered) await updateParent(tx, g.node.id, g.parentId);
    return { ...result, written: true };
  });
}

export interface TreeBranch {
  readonly organisation: OrganisationDetail;
  /** The organisations directly under it, in the list's order. */
  readonly children: readonly TreeBranch[];
}

/** Whether the organisation's type is a supervising office (vocab.ts). */
export const isSupervising = (o: OrganisationDetail): boolean => orgTypeByCode(o.type)?.supervising ?? false;

/**
 * The tree for the organisations page, from a list in Thai order (listOrganisationDetails): every organisation
 * without a parent that has organisations under it, with those under it (in the list's order); and the
 * organisations not yet placed (without a parent), in the list's order.
 */
export function organisationTree(list: readonly OrganisationDetail[]): { roots: TreeBranch[]; unplaced: OrganisationDetail[] } {
  const under = new Map<string, OrganisationDetail[]>();
  for (const o of list) if (o.parent !== null) under.set(o.parent, [...(under.get(o.parent) ?? []), o]);
  const branch = (o: OrganisationDetail): TreeBranch => ({ organisation: o, children: (under.get(o.slug) ?? []).map(branch) });
  const unplaced = list.filter((o) => o.parent === null);
  return { roots: unplaced.filter((o) => under.has(o.slug)).map(branch), unplaced };
}
