/**
 * The roll-up of one year for an office (issue 18, point 3): how many organisations, scored, passed, by label, the
 * means of the overall, tool and indicator scores, and the work in between, over the organisations below the office
 * (or every one), of a province, of a type. The same figures for `prongsai rollup --json`, GET /api/v1/rollup and
 * the roll-up page; the computation is src/scoring/rollup.ts. Who may ask: src/supervision/access.ts.
 *
 * The work in between, counted over the organisations counted (`work`, additive to the contract's fields):
 * - `noMeasures`: with an indicator under 85 that no measure of the year (not cancelled) cites;
 * - `lateProgress`: with a measure in progress whose last monthly progress is for a month before last month;
 * - `oitOpen`: with OIT items of the year's criteria that the year's OIT checklist does not mark as met;
 * - `oitStale`: with OIT items published on the portal that no longer cover what they must (a month overdue, the
 *   wrong fiscal year: src/portal/freshness.ts's "bad"); items published elsewhere cannot be seen here;
 * - `notApproved`: whose measures plan or report on the measures the executive has not approved;
 * - `channelClosed`: whose complaint channel is not set up or does not take complaints from the public.
 */
import type { Principal } from '../app/authz.ts';
import { ensureStoredPack } from '../app/context.ts';
import { NotFound } from '../app/errors.ts';
import type { Queryable } from '../db/index.ts';
import { criteriaOf, parseFiscalYear, type CriteriaYear, type ToolCode } from '../ita/index.ts';
import { coverageFreshness } from '../portal/freshness.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { resolvePlace } from '../organisations/places.ts';
import { orgTypeByCode, parseOrgType } from '../organisations/vocab.ts';
import { counted, rollupFigures, scoredMember, type MemberScores, type RollupFigures, type RollupMember } from '../scoring/rollup.ts';
import { authorizeOffice, supervisesAny } from './access.ts';
import { Forbidden } from '../app/authz.ts';
import { supervisionMessages as msg } from './messages.ts';
import { held } from './cache.ts';
import { oitClinic, type OitClinic } from '../preaudit/clinic.ts';
import { selectTree, selectYearTable, type YearRow } from './repo.ts';

export interface RollupRequest {
  /** The fiscal year (4 digits, Arabic or Thai). */
  readonly year: string;
  /** The office's slug: the organisations below it. */
  readonly org?: string | null | undefined;
  /** A province: Thai name or code. */
  readonly province?: string | null | undefined;
  /** A type: code or Thai abbreviation (as `org create --type`). */
  readonly type?: string | null | undefined;
}

export interface Work {
  readonly noMeasures: number;
  readonly lateProgress: number;
  readonly oitOpen: number;
  readonly oitStale: number;
  readonly notApproved: number;
  readonly channelClosed: number;
}
export const WORK_KEYS = ['noMeasures', 'lateProgress', 'oitOpen', 'oitStale', 'notApproved', 'channelClosed'] as const satisfies readonly (keyof Work)[];

export interface RollupScope {
  readonly org: { readonly slug: string; readonly nameTh: string } | null;
  readonly province: { readonly code: string; readonly nameTh: string } | null;
  readonly type: { readonly code: string; readonly abbrTh: string } | null;
}

export interface Rollup extends RollupFigures {
  readonly year: number;
  readonly scope: RollupScope;
  readonly work: Work;
}

/** One organisation of the roll-up, as the page's table and the downloads show it. */
export interface OrgLine {
  readonly slug: string;
  readonly nameTh: string;
  readonly type: string | null;
  readonly province: string | null;
  readonly district: string | null;
  /** Null until every indicator is scored. */
  readonly overall: number | null;
  readonly tools: Readonly<Record<ToolCode, number | null>>;
  /** Indicator number → score, where known. */
  readonly indicators: Readonly<Record<string, number>>;
  readonly label: string | null;
  readonly passed: boolean | null;
  readonly weakUnmeasured: number;
  readonly lateMeasures: number;
  readonly oitOpen: number;
  /** OIT items published on the portal that are out of date. */
  readonly oitStale: number;
  readonly notApproved: number;
  readonly channelOpen: boolean;
}

/** A scope resolved and authorised: its year, what it is, and its organisations' lines and members. */
export interface ScopeData {
  readonly year: number;
  readonly scope: RollupScope;
  readonly officeId: string | null;
  readonly lines: readonly OrgLine[];
  readonly members: readonly RollupMember[];
  /** The ids of the organisations in `lines`, in the same order. */
  readonly ids: readonly string[];
}

const given = (text: string | null | undefined): string | null => (text === undefined || text === null || text.trim() === '' ? null : text.trim());

/** The first day of the month before `today` (YYYY-MM-DD): progress for an earlier month only is late. */
export function lastMonthStart(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/**
 * Scores derived once per distinct input (criteria, indicator scores, EIT parts), across the year tables read
 * again after a change: most organisations' scores have not changed, and scoring each costs more than reading it.
 */
const scoredInputs = new Map<string, MemberScores>();
const SCORED_MAX = 200_000;

function scoredOnce(key: string, derive: () => MemberScores): MemberScores {
  const known = scoredInputs.get(key);
  if (known) return known;
  if (scoredInputs.size >= SCORED_MAX) scoredInputs.clear();
  const scored = derive();
  scoredInputs.set(key, scored);
  return scored;
}

/**
 * An organisation's year as the roll-ups hold it: where it is, its line, its member (not yet the scope's office),
 * and what the peers (src/supervision/peers.ts) read besides: the score source, the criteria year, the EIT parts as
 * stored (exact text, each or both missing).
 */
export interface Entry {
  readonly id: string;
  readonly provinceCode: string | null;
  readonly province: string | null;
  readonly type: string | null;
  readonly source: string | null;
  readonly criteriaYear: number;
  readonly eitParts: readonly [string | null, string | null];
  readonly line: OrgLine;
  readonly member: RollupMember;
}

/**
 * The OIT items of the year that the portal publishes but that no longer cover what they must, as of `today`: the
 * freshness rules' "bad" (a period overdue, the wrong fiscal year), over the newest public version of each item and
 * the scheduled ones. Constant within a month (periods fall due at month ends), as the held year's key is.
 */
function staleItems(criteria: CriteriaYear, fiscalYear: number, versions: YearRow['oit_versions'], today: string): number {
  let stale = 0;
  for (const item of criteria.oitItems) {
    const mine = versions.filter((v) => v.code === item.code);
    const current = mine.find((v) => v.public);
    if (!current) continue;
    const cover = { publication: 'public' as const, current: current.periods, scheduled: mine.filter((v) => !v.public).flatMap((v) => v.periods), pending: [], given: current.coversYear };
    if (coverageFreshness(item, fiscalYear, cover, today).severity === 'bad') stale++;
  }
  return stale;
}

async function entryOf(db: Queryable, row: YearRow, fiscalYear: number, today: string): Promise<Entry> {
  await ensureStoredPack(db, row.criteria_year, row.criteria_revision);
  const criteria = criteriaOf({ criteriaYear: row.criteria_year, criteriaRevision: row.criteria_revision });
  const eitParts = row.eit_part1 !== null && row.eit_part2 !== null ? [row.eit_part1, row.eit_part2] : null;
  const type = orgTypeByCode(row.org_type);
  const inputs = { criteria, indicators: row.indicators, eitParts };
  const scored = scoredOnce(`${row.criteria_year}.${row.criteria_revision}:${JSON.stringify(row.indicators)}:${eitParts?.join('/') ?? ''}`, () => scoredMember(inputs));
  const member: RollupMember = { ...inputs, supervising: type?.supervising ?? false, office: false, scored };
  const { present, result } = scored;
  const line: OrgLine = {
    slug: row.slug,
    nameTh: row.name_th,
    type: type?.abbrTh ?? null,
    province: row.province,
    district: row.district,
    overall: result?.overall ?? null,
    tools: { IIT: result?.tools.IIT ?? null, EIT: result?.tools.EIT ?? null, OIT: result?.tools.OIT ?? null },
    indicators: Object.fromEntries([...present].map(([n, v]) => [String(n), v.toNumber(2)])),
    label: result?.grade ?? null,
    passed: result?.pass ?? null,
    weakUnmeasured: row.weak_unmeasured,
    lateMeasures: row.late_measures,
    oitOpen: Math.max(0, criteria.oitItems.length - row.oit_met),
    oitStale: row.oit_versions.length ? staleItems(criteria, fiscalYear, row.oit_versions, today) : 0,
    notApproved: (row.plan_approved ? 0 : 1) + (row.report_approved ? 0 : 1),
    channelOpen: row.channel_open,
  };
  return {
    id: row.id,
    provinceCode: row.province_code,
    province: row.province,
    type: row.org_type,
    source: row.score_source,
    criteriaYear: row.criteria_year,
    eitParts: [row.eit_part1, row.eit_part2],
    line,
    member,
  };
}

/** Every organisation's year `year`, scored, in slug order (held: src/supervision/cache.ts). */
function yearEntries(db: Queryable, year: number, lateBefore: string): Promise<readonly Entry[]> {
  return held(db, `year:${year}:${lateBefore}`, async () => {
    const now = new Date();
    const today = todayInBangkok(now);
    const entries: Entry[] = [];
    for (const row of await selectYearTable(db, year, lateBefore, now)) entries.push(await entryOf(db, row, year, today));
    return entries;
  });
}

/**
 * Every organisation's year `year` as held for the roll-ups (src/supervision/cache.ts), with the key it is held
 * under (`today` decides the late measures, so it is part of the key): the peers pick from the same held entries.
 */
export async function heldYear(db: Queryable, year: number, today: string = todayInBangkok()): Promise<{ readonly key: string; readonly entries: readonly Entry[] }> {
  const lateBefore = lastMonthStart(today);
  return { key: `${year}:${lateBefore}`, entries: await yearEntries(db, year, lateBefore) };
}

/** An organisation as the held tree knows it. */
export interface TreeOrg {
  readonly id: string;
  readonly slug: string;
  readonly nameTh: string;
  readonly parentId: string | null;
}

/** The tree of organisations (held): each by slug and by id, and the organisations below each. */
export interface Tree {
  readonly bySlug: ReadonlyMap<string, TreeOrg>;
  readonly byId: ReadonlyMap<string, TreeOrg>;
  readonly children: ReadonlyMap<string, readonly string[]>;
}

export function heldTree(db: Queryable): Promise<Tree> {
  return held(db, 'tree', async () => {
    const bySlug = new Map<string, TreeOrg>();
    const byId = new Map<string, TreeOrg>();
    const children = new Map<string, string[]>();
    for (const row of await selectTree(db)) {
      const org: TreeOrg = { id: row.id, slug: row.slug, nameTh: row.name_th, parentId: row.parent_id };
      bySlug.set(org.slug, org);
      byId.set(org.id, org);
      if (org.parentId !== null) children.set(org.parentId, [...(children.get(org.parentId) ?? []), org.id]);
    }
    return { bySlug, byId, children };
  });
}

/** The organisation's ancestors, its parent first. */
function ancestorsOf(tree: Tree, org: TreeOrg): string[] {
  const found: string[] = [];
  for (let up = org.parentId; up !== null && !found.includes(up); up = tree.byId.get(up)?.parentId ?? null) found.push(up);
  return found;
}

/** The office and every organisation below it. */
function subtree(children: ReadonlyMap<string, readonly string[]>, officeId: string): Set<string> {
  const found = new Set([officeId]);
  const waiting = [officeId];
  for (let next = waiting.pop(); next !== undefined; next = waiting.pop()) {
    for (const child of children.get(next) ?? []) {
      if (found.has(child)) continue;
      found.add(child);
      waiting.push(child);
    }
  }
  return found;
}

/**
 * The scope of a request, authorised (src/supervision/access.ts), with its organisations of `year` (default: the
 * request's), picked from every organisation's year held in memory. Only the organisations the roll-up counts are
 * in `lines`.
 */
export async function loadScope(db: Queryable, principal: Principal, request: RollupRequest, today: string, year?: number): Promise<ScopeData> {
  if (!supervisesAny(principal)) throw new Forbidden('year.read');
  const fiscalYear = year ?? parseFiscalYear(request.year);
  const orgSlug = given(request.org);
  const provinceText = given(request.province);
  const typeText = given(request.type);
  const province = provinceText === null ? null : resolvePlace(provinceText).province;
  const type = typeText === null ? null : parseOrgType(typeText);
  const tree = await heldTree(db);
  const office = orgSlug === null ? null : tree.bySlug.get(orgSlug);
  if (office === undefined) throw new NotFound('org', msg.noOffice({ slug: String(orgSlug) }));
  authorizeOffice(principal, office && { id: office.id, ancestors: ancestorsOf(tree, office) });
  const lateBefore = lastMonthStart(today);
  const key = `scope:${fiscalYear}:${lateBefore}:${office?.id ?? ''}:${province?.code ?? ''}:${type?.code ?? ''}`;
  const { lines, members, ids } = await held(db, key, async () => {
    const below = office ? subtree(tree.children, office.id) : null;
    const inScope = (e: Entry) =>
      (below === null || below.has(e.id)) &&
      (province === null || e.provinceCode === province.code || (e.provinceCode === null && e.province === province.nameTh)) &&
      (type === null || e.type === type.code);
    const picked = { lines: [] as OrgLine[], members: [] as RollupMember[], ids: [] as string[] };
    for (const entry of await yearEntries(db, fiscalYear, lateBefore)) {
      if (!inScope(entry)) continue;
      const member = entry.id === office?.id ? { ...entry.member, office: true } : entry.member;
      if (!counted(member)) continue;
      picked.lines.push(entry.line);
      picked.members.push(member);
      picked.ids.push(entry.id);
    }
    return picked;
  });
  return {
    year: fiscalYear,
    scope: {
      org: office ? { slug: office.slug, nameTh: office.nameTh } : null,
      province: province ? { code: province.code, nameTh: province.nameTh } : null,
      type: type ? { code: type.code, abbrTh: type.abbrTh } : null,
    },
    officeId: office?.id ?? null,
    lines,
    members,
    ids,
  };
}

export function workOf(lines: readonly OrgLine[]): Work {
  const count = (test: (l: OrgLine) => boolean) => lines.filter(test).length;
  return {
    noMeasures: count((l) => l.weakUnmeasured > 0),
    lateProgress: count((l) => l.lateMeasures > 0),
    oitOpen: count((l) => l.oitOpen > 0),
    oitStale: count((l) => l.oitStale > 0),
    notApproved: count((l) => l.notApproved > 0),
    channelClosed: count((l) => !l.channelOpen),
  };
}

/** The figures of the organisations picked, by the arrays held (src/supervision/cache.ts): computed once. */
const figuresOf = new WeakMap<readonly RollupMember[], RollupFigures & { readonly work: Work }>();

/** The roll-up of a loaded scope. */
export function rollupOf(data: ScopeData): Rollup {
  let figures = figuresOf.get(data.members);
  if (!figures) figuresOf.set(data.members, (figures = { ...rollupFigures(data.members), work: workOf(data.lines) }));
  return { year: data.year, scope: data.scope, ...figures };
}

/**
 * The roll-up with the ITA clinic's agenda (src/preaudit/clinic.ts): the OIT items its organisations fail most in
 * their latest pre-audit. Read on every request, not held: the checks are written by the weekly job in any process.
 */
export interface RollupReport extends Rollup {
  readonly clinic: OitClinic;
}

export async function rollup(db: Queryable, principal: Principal, request: RollupRequest, today: string = todayInBangkok()): Promise<RollupReport> {
  const data = await loadScope(db, principal, request, today);
  return { ...rollupOf(data), clinic: await oitClinic(db, data.ids, data.year) };
}
