/**
 * Peers (issue 18, point 4): where an organisation's year stands among the organisations of its type, in its
 * province and in the country, per indicator (1–10) and overall: the percentile, the number of peers, the peers'
 * median. Shown on the year's dashboard (src/years/dashboard.ts) and by GET /api/v1/orgs/{slug}/years/{year}/peers.
 *
 * Published scores only. A fiscal year's scores carry a source (fiscal_years.score_source, migrations 0001 and
 * 0013): `itas` (the NACC's official results imported from ITAS) and `manual` (results entered by hand, which is
 * also what a scores file and the national import write) are the results as published, and count; `survey` (the
 * agency's own estimate, computed from its own survey), `demo` (made-up data) and no source at all (a year whose
 * scores nobody said the origin of) do not count. A preview (src/years/score-preview.ts) is never stored. The
 * organisation's own score is the one its dashboard shows, whatever its source; it is never its own peer.
 *
 * Percentile (mid-rank): with N peers having a published score for the item, L of them strictly lower than the
 * organisation's score and T equal to it, percentile = (L + T/2) / N, shown as a whole percent rounded half-up
 * ("สูงกว่าร้อยละ 62 ของ อบต. ในจังหวัดขอนแก่น (94 แห่ง)"). With fewer than MIN_PEERS peers in a group the count
 * is shown but no percentile. The median is the middle peer's score (the mean of the two middle ones), 2 decimals.
 *
 * Peers: the other organisations of the same type (organisations.org_type) whose fiscal year of that number has a
 * published score source; in the province: those with the same province code, or without a code and with the same
 * province name. Per indicator, every peer with that indicator scored. Overall, only peers under the same criteria
 * year with every indicator of the organisation's criteria scored; a peer's overall is computed from its stored
 * scores exactly (src/scoring/exact.ts) with the organisation's criteria: Σ weight × mean of the tool's indicators
 * (the EIT: the mean of its two parts where the criteria have parts and the year has part 1; none when part 2 is
 * then missing), rounded half-up to the criteria's decimals. Scores are compared exactly, never as rounded numbers.
 *
 * Computed in memory from every organisation's year as the roll-ups hold it (src/supervision/rollup.ts `heldYear`,
 * held by src/supervision/cache.ts while nothing it comes from has changed): the sorted values of a group (a type
 * under a criteria pack, in the country or in a province) are held too, so a view costs a lookup and a few binary
 * searches; the organisation itself is taken out of its group's values (never its own peer). Read through a handle
 * nobody registered (the CLI, a test), everything is computed afresh from the database for each call.
 */
import type { Principal } from '../app/authz.ts';
import { resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import type { Queryable } from '../db/index.ts';
import { criteriaOf, type IndicatorNumber } from '../ita/index.ts';
import { orgTypeByCode } from '../organisations/vocab.ts';
import { Exact } from '../scoring/exact.ts';
import { scoresViewOf } from '../years/scores.ts';
import { loadYear } from '../years/years.ts';
import type { Deps } from '../web/deps.ts';
import { held, rollupReader } from './cache.ts';
import { heldYear, type Entry } from './rollup.ts';

/** The score sources that count as published (see the header). */
export const PUBLISHED_SOURCES = ['itas', 'manual'] as const;
/** Below this many peers a group shows its count but no percentile. */
export const MIN_PEERS = 5;

export const PEER_AREAS = ['province', 'country'] as const;
export type PeerArea = (typeof PEER_AREAS)[number];

export interface PeerGroup {
  /** Peers with a published score for the item. */
  readonly peers: number;
  /** Of them, strictly lower than the organisation's score / equal to it (0 while it has no score). */
  readonly lower: number;
  readonly ties: number;
  /** Whole percent, rounded half-up; null with fewer than MIN_PEERS peers or without the organisation's score. */
  readonly percentile: number | null;
  /** The peers' median (2 decimals); null without peers. */
  readonly median: number | null;
}

export interface PeerItem {
  /** 'overall' or the indicator's number. */
  readonly item: 'overall' | IndicatorNumber;
  /** The organisation's own score; null while it has none. */
  readonly own: number | null;
  readonly province: PeerGroup;
  readonly country: PeerGroup;
}

export interface PeerStanding {
  readonly year: number;
  /** The organisation's type; null when none is recorded (then it has no peers). */
  readonly type: { readonly code: string; readonly abbrTh: string; readonly nameTh: string; readonly nameEn: string } | null;
  /** Its province as recorded (Thai); null when none is. */
  readonly province: string | null;
  readonly minPeers: number;
  readonly publishedSources: readonly string[];
  readonly items: readonly PeerItem[];
}

/** (L + T/2) / N as a whole percent, rounded half-up, in integers: floor((100·(2L+T) + N) / 2N). */
export function midRankPercent(lower: number, ties: number, peers: number): number {
  return Math.floor((100 * (2 * lower + ties) + peers) / (2 * peers));
}

export interface OwnScores {
  /** Indicator number → score. */
  readonly indicators: Readonly<Partial<Record<string, number | null>>>;
  readonly overall: number | null;
}

const NO_PEERS: PeerGroup = { peers: 0, lower: 0, ties: 0, percentile: null, median: null };
const PUBLISHED = new Set<string | null>(PUBLISHED_SOURCES);

/** How a peer's overall is computed under the organisation's criteria (see the header). */
interface Formula {
  readonly criteriaYear: number;
  readonly decimals: number;
  /** Each indicator of the criteria: weight of its tool ÷ the tool's number of indicators. */
  readonly terms: readonly { readonly indicator: number; readonly factor: Exact; readonly eit: boolean }[];
  /** The EIT's weight where the criteria have EIT parts, else null. */
  readonly eitWeight: Exact | null;
}

function formulaOf(ctx: YearContext): Formula {
  const criteria = criteriaOf(ctx);
  const weightOf = (tool: string) => Exact.parse(criteria.tools.find((t) => t.code === tool)?.weight ?? '0');
  const count = (tool: string) => criteria.indicators.filter((i) => i.tool === tool).length;
  const eitTool = criteria.tools.find((t) => t.code === 'EIT');
  return {
    criteriaYear: ctx.criteriaYear,
    decimals: criteria.decimals,
    terms: criteria.indicators.map((i) => ({ indicator: i.number, factor: weightOf(i.tool).div(Exact.int(count(i.tool))), eit: i.tool === 'EIT' })),
    eitWeight: eitTool && criteria.tools.some((t) => t.code === 'EIT' && t.parts !== undefined) ? Exact.parse(eitTool.weight) : null,
  };
}

/** A peer's overall score under `f`, or null when it has none there. */
function overallOf(e: Entry, scores: ReadonlyMap<number, Exact>, f: Formula): Exact | null {
  if (e.criteriaYear !== f.criteriaYear) return null;
  const [p1, p2] = e.eitParts;
  const parts = f.eitWeight !== null && p1 !== null ? { weight: f.eitWeight, p1, p2 } : null;
  if (parts !== null && parts.p2 === null) return null;
  let total = Exact.ZERO;
  for (const t of f.terms) {
    const score = scores.get(t.indicator);
    if (score === undefined) return null;
    if (parts === null || !t.eit) total = total.add(score.mul(t.factor));
  }
  if (parts !== null) total = total.add(parts.weight.mul(Exact.parse(parts.p1).add(Exact.parse(parts.p2 ?? '0'))).div(Exact.int(2)));
  return total.round(f.decimals);
}

/** An entry's values by item (0: overall, else the indicator). */
function valuesOf(e: Entry, f: Formula): ReadonlyMap<number, Exact> {
  const values = new Map<number, Exact>();
  for (const [n, text] of Object.entries(e.member.indicators)) {
    const v = text === undefined ? null : Exact.tryParse(text);
    if (v !== null) values.set(Number(n), v);
  }
  const overall = overallOf(e, values, f);
  if (overall !== null) values.set(0, overall);
  return values;
}

/** A group of peers as held: each item's values in ascending order, and each member's own values. */
interface Group {
  readonly sorted: ReadonlyMap<number, readonly Exact[]>;
  readonly members: ReadonlyMap<string, ReadonlyMap<number, Exact>>;
}

function groupOf(entries: readonly Entry[], type: string, f: Formula, near: ((e: Entry) => boolean) | null): Group {
  const sorted = new Map<number, Exact[]>();
  const members = new Map<string, ReadonlyMap<number, Exact>>();
  for (const e of entries) {
    if (e.type !== type || !PUBLISHED.has(e.source) || (near !== null && !near(e))) continue;
    const values = valuesOf(e, f);
    members.set(e.id, values);
    for (const [item, v] of values) {
      const list = sorted.get(item);
      if (list) list.push(v);
      else sorted.set(item, [v]);
    }
  }
  for (const list of sorted.values()) list.sort((a, b) => a.cmp(b));
  return { sorted, members };
}

/** The first index whose value is not below `v` (`above`: is above `v`). */
function bound(list: readonly Exact[], v: Exact, above: boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = (list[mid] ?? v).cmp(v);
    if (c < 0 || (above && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The standing in a group of `own` for an item, the organisation itself (`me`) taken out of the group. */
function standingIn(group: Group, item: number, me: string, own: Exact | null): PeerGroup {
  const all = group.sorted.get(item) ?? [];
  const mine = group.members.get(me)?.get(item);
  const out = mine === undefined ? -1 : bound(all, mine, false);
  const peers = all.length - (out < 0 ? 0 : 1);
  if (peers === 0) return NO_PEERS;
  const at = (k: number) => all[out < 0 || k < out ? k : k + 1] ?? Exact.ZERO;
  const median = at(Math.ceil(peers / 2) - 1).add(at(Math.floor(peers / 2))).div(Exact.int(2)).toNumber(2);
  if (own === null) return { peers, lower: 0, ties: 0, percentile: null, median };
  const below = bound(all, own, false);
  const lower = below - (mine !== undefined && mine.lt(own) ? 1 : 0);
  const ties = bound(all, own, true) - below - (mine !== undefined && mine.eq(own) ? 1 : 0);
  return { peers, lower, ties, percentile: peers < MIN_PEERS ? null : midRankPercent(lower, ties, peers), median };
}

const EMPTY: Group = { sorted: new Map(), members: new Map() };

/**
 * The standing of a year already resolved (the dashboard's own context and scores), from every organisation's
 * year held through `db` (src/supervision/cache.ts).
 */
export async function peerStanding(db: Queryable, ctx: YearContext, own: OwnScores): Promise<PeerStanding> {
  const criteria = criteriaOf(ctx);
  const { key, entries } = await heldYear(db, ctx.year);
  const me = entries.find((e) => e.id === ctx.orgId);
  const typeCode = me?.type ?? null;
  const group = (area: string, near: ((e: Entry) => boolean) | null): Promise<Group> =>
    typeCode === null
      ? Promise.resolve(EMPTY)
      : held(db, `peers:${key}:${typeCode}:${ctx.criteriaYear}.${ctx.criteriaRevision}:${area}`, async () =>
          groupOf((await heldYear(db, ctx.year)).entries, typeCode, formulaOf(ctx), near),
        );
  const code = me?.provinceCode ?? null;
  const name = me?.province ?? null;
  const [province, country] = await Promise.all([
    group(`province:${JSON.stringify([code, name])}`, (e) => (code !== null && e.provinceCode === code) || (e.provinceCode === null && name !== null && e.province === name)),
    group('country', null),
  ]);
  const itemOf = (item: 'overall' | IndicatorNumber, score: number | null): PeerItem => {
    const n = item === 'overall' ? 0 : item;
    const exact = score === null ? null : Exact.fromNumber(score);
    return { item, own: score, province: standingIn(province, n, ctx.orgId, exact), country: standingIn(country, n, ctx.orgId, exact) };
  };
  const type = orgTypeByCode(typeCode);
  return {
    year: ctx.year,
    type: type ? { code: type.code, abbrTh: type.abbrTh, nameTh: type.nameTh, nameEn: type.nameEn } : null,
    province: name,
    minPeers: MIN_PEERS,
    publishedSources: PUBLISHED_SOURCES,
    items: [itemOf('overall', own.overall), ...criteria.indicators.map((def) => itemOf(def.number, own.indicators[String(def.number)] ?? null))],
  };
}

/**
 * The database as a handle whose reads are held (src/supervision/cache.ts, registered on first use): what the peers
 * API and the dashboards pass, so that a view finds every organisation's year in memory.
 */
export function heldDb(deps: Pick<Deps, 'db' | 'changes'>): Queryable {
  return rollupReader({ db: deps.db, readDb: deps.db, changes: deps.changes });
}

/** The standing of an organisation's year among its peers (year.read on the organisation). */
export async function peers(db: Queryable, principal: Principal, ref: YearRef): Promise<PeerStanding> {
  const ctx = await resolveYear(db, principal, ref);
  const view = scoresViewOf(await loadYear(db, ctx.slug, ctx.year));
  return peerStanding(db, ctx, { indicators: view.scores.indicators, overall: view.computed?.overall ?? null });
}
