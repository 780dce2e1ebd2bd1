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
 */
import type { Principal } from '../app/authz.ts';
import { resolveYear, type YearContext, type YearRef } from '../app/context.ts';
import type { Queryable } from '../db/index.ts';
import { criteriaOf, type IndicatorNumber } from '../ita/index.ts';
import { orgTypeByCode } from '../organisations/vocab.ts';
import { scoresViewOf } from '../years/scores.ts';
import { loadYear } from '../years/years.ts';
import { selectPeerCounts, type PeerRow } from './repo-peers.ts';

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

function groupOf(row: PeerRow | undefined, own: number | null): PeerGroup {
  if (!row) return NO_PEERS;
  const percentile = own === null || row.peers < MIN_PEERS ? null : midRankPercent(row.lower, row.ties, row.peers);
  return { peers: row.peers, lower: row.lower, ties: row.ties, percentile, median: row.median === null ? null : Number(row.median) };
}

/** The standing of a year already resolved (the dashboard's own context and scores): one query. */
export async function peerStanding(db: Queryable, ctx: YearContext, own: OwnScores): Promise<PeerStanding> {
  const criteria = criteriaOf(ctx);
  const ownItems: { item: number; score: string }[] = [];
  if (own.overall !== null) ownItems.push({ item: 0, score: String(own.overall) });
  for (const def of criteria.indicators) {
    const v = own.indicators[String(def.number)];
    if (v !== null && v !== undefined) ownItems.push({ item: def.number, score: String(v) });
  }
  const found = await selectPeerCounts(db, {
    orgId: ctx.orgId,
    year: ctx.year,
    sources: PUBLISHED_SOURCES,
    criteriaYear: ctx.criteriaYear,
    indicatorTools: criteria.indicators.map((i) => ({ indicator: i.number, tool: i.tool })),
    toolWeights: criteria.tools.map((t) => ({ tool: t.code, weight: t.weight })),
    eitParts: criteria.tools.some((t) => t.code === 'EIT' && t.parts !== undefined),
    decimals: criteria.decimals,
    own: ownItems,
  });
  const at = (area: PeerArea, item: number) => found.find((r) => r.area === area && r.item === item);
  const itemOf = (item: 'overall' | IndicatorNumber, own: number | null): PeerItem => {
    const n = item === 'overall' ? 0 : item;
    return { item, own, province: groupOf(at('province', n), own), country: groupOf(at('country', n), own) };
  };
  const first = found[0];
  const type = orgTypeByCode(first?.org_type ?? null);
  return {
    year: ctx.year,
    type: type ? { code: type.code, abbrTh: type.abbrTh, nameTh: type.nameTh, nameEn: type.nameEn } : null,
    province: first?.province ?? null,
    minPeers: MIN_PEERS,
    publishedSources: PUBLISHED_SOURCES,
    items: [itemOf('overall', own.overall), ...criteria.indicators.map((def) => itemOf(def.number, own.indicators[String(def.number)] ?? null))],
  };
}

/** The standing of an organisation's year among its peers (year.read on the organisation). */
export async function peers(db: Queryable, principal: Principal, ref: YearRef): Promise<PeerStanding> {
  const ctx = await resolveYear(db, principal, ref);
  const view = scoresViewOf(await loadYear(db, ctx.slug, ctx.year));
  return peerStanding(db, ctx, { indicators: view.scores.indicators, overall: view.computed?.overall ?? null });
}
