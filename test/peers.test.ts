/**
 * Peers (issue 18, point 4): where a year stands among the organisations of its type, in its province and in the
 * country. A property test generates organisations with random scores (many ties) and random score sources and
 * compares every organisation's standing with a computation written here on its own (whole hundredths, integer
 * arithmetic, FY 2565's rule for the overall); a fixed set checks a group of fewer than 5 peers, that unpublished
 * scores (survey, demo, no source) are left out, the API operation and the Thai dashboard's line, and that a
 * peer's score changed through the use cases is seen by the next view although the server holds the peers' data in
 * memory (src/supervision/cache.ts).
 */
import fc from 'fast-check';
import { SYSTEM, write } from '../src/app/actor.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createApiToken } from '../src/accounts/accounts.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import type { Db } from '../src/db/index.ts';
import { orgTypeByCode } from '../src/organisations/vocab.ts';
import { peers, type PeerGroup, type PeerStanding } from '../src/supervision/peers.ts';
import { dashboard } from '../src/years/dashboard.ts';
import { setScores } from '../src/years/scores.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { signedInClient, startServer, type TestServer } from './web-support.ts';

const admin = cliPrincipal({ id: null, label: 'test' });
const PROVINCES = [
  { code: '40', nameTh: 'ขอนแก่น' },
  { code: '10', nameTh: 'กรุงเทพมหานคร' },
] as const;
const SOURCES = ['itas', 'manual', 'survey', 'demo', null] as const;
type Source = (typeof SOURCES)[number];

interface Org {
  readonly slug: string;
  readonly type: 'sao' | 'tambon_municipality';
  readonly province: 0 | 1;
  readonly source: Source;
  /** Indicator scores 1 … 10 in hundredths; null: not scored. */
  readonly cents: readonly (number | null)[];
  /** EIT parts 1 and 2 in hundredths (FY 2566 on), or none. */
  readonly parts?: readonly [number, number] | null;
}

/** Inserts the organisations and their fiscal year `year` (criteria of the same year) with plain SQL, in bulk. */
async function seed(db: Db, orgs: readonly Org[], year: number): Promise<void> {
  const types = orgs.map((o) => orgTypeByCode(o.type)!);
  await db.query(
    `INSERT INTO organisations (slug, name_th, kind, org_type, province, province_code)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [orgs.map((o) => o.slug), orgs.map((o, i) => `${types[i]!.abbrTh}${o.slug}`), types.map((t) => t.kind), types.map((t) => t.code), orgs.map((o) => PROVINCES[o.province].nameTh), orgs.map((o) => PROVINCES[o.province].code)],
  );
  await db.query(
    `INSERT INTO fiscal_years (org_id, year, criteria_year, score_source, eit_part1, eit_part2)
     SELECT o.id, $2, $2, t.source, t.p1, t.p2 FROM unnest($1::text[], $3::text[], $4::numeric[], $5::numeric[]) AS t (slug, source, p1, p2)
       JOIN organisations o ON o.slug = t.slug`,
    [orgs.map((o) => o.slug), year, orgs.map((o) => o.source), ...[0, 1].map((k) => orgs.map((o) => (o.parts ? (o.parts[k]! / 100).toFixed(2) : null)))],
  );
  const scores = orgs.flatMap((o) => o.cents.flatMap((c, k) => (c === null ? [] : [{ slug: o.slug, n: k + 1, score: (c / 100).toFixed(2) }])));
  await db.query(
    `INSERT INTO indicator_scores (fiscal_year_id, indicator, score)
     SELECT fy.id, t.n, t.score FROM unnest($1::text[], $2::int[], $3::numeric[]) AS t (slug, n, score)
       JOIN organisations o ON o.slug = t.slug JOIN fiscal_years fy ON fy.org_id = o.id AND fy.year = $4`,
    [scores.map((s) => s.slug), scores.map((s) => s.n), scores.map((s) => s.score), year],
  );
}

async function clear(db: Db): Promise<void> {
  await db.query('DELETE FROM fiscal_years');
  await db.query('DELETE FROM organisations');
}

// ---------------------------------------------------------------------------------------------------------------
// The independent computation, on whole hundredths. FY 2565 and 2569: IIT 1–5, EIT 6–8, OIT 9–10, weights
// 0.3/0.3/0.4, so overall = 0.3·S₁/5 + 0.3·S₂/3 + 0.4·S₃/2 = (18·S₁ + 30·S₂ + 60·S₃) / 300 hundredths, rounded
// half-up; in FY 2569 the EIT is the mean of its two parts where the year has them: 0.3·(P₁ + P₂)/2 = 45·(P₁ + P₂)/300.

const PUBLISHED = new Set<Source>(['itas', 'manual']);
/** n / d rounded half-up (n, d ≥ 0). */
const roundDiv = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));
const sum = (list: readonly number[]) => list.reduce((a, b) => a + b, 0);

function valueOf(o: Org, item: number): number | null {
  if (item !== 0) return o.cents[item - 1] ?? null;
  if (o.cents.some((c) => c === null)) return null;
  const v = o.cents as number[];
  const eit = o.parts ? 45 * (o.parts[0] + o.parts[1]) : 30 * sum(v.slice(5, 8));
  return roundDiv(18 * sum(v.slice(0, 5)) + eit + 60 * sum(v.slice(8, 10)), 300);
}

function expectedGroup(own: number | null, values: readonly number[]): PeerGroup {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const median = n === 0 ? null : n % 2 === 1 ? sorted[(n - 1) / 2]! / 100 : roundDiv(sorted[n / 2 - 1]! + sorted[n / 2]!, 2) / 100;
  const lower = own === null ? 0 : values.filter((v) => v < own).length;
  const ties = own === null ? 0 : values.filter((v) => v === own).length;
  // Each peer counts 1 when lower, ½ when equal (in halves: 2 and 1); the mean of those, as a whole percent.
  const halves = own === null ? 0 : sum(values.map((v) => (v < own ? 2 : v === own ? 1 : 0)));
  return { peers: n, lower, ties, percentile: own === null || n < 5 ? null : roundDiv(100 * halves, 2 * n), median };
}

function expected(orgs: readonly Org[], me: Org): Array<{ item: 'overall' | number; own: number | null; province: PeerGroup; country: PeerGroup }> {
  const others = orgs.filter((o) => o !== me && o.type === me.type && PUBLISHED.has(o.source));
  return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((item) => {
    const own = valueOf(me, item);
    const values = (list: readonly Org[]) => list.flatMap((o) => (valueOf(o, item) === null ? [] : [valueOf(o, item)!]));
    return {
      item: item === 0 ? 'overall' : item,
      own: own === null ? null : own / 100,
      province: expectedGroup(own, values(others.filter((o) => o.province === me.province))),
      country: expectedGroup(own, values(others)),
    };
  });
}

// Scores in a narrow band, so that ties are common; a few missing.
const centsArb = fc.array(fc.option(fc.integer({ min: 8_000, max: 8_006 }), { nil: null, freq: 12 }), { minLength: 10, maxLength: 10 });
const partsArb = fc.option(fc.tuple(fc.integer({ min: 7_990, max: 8_010 }), fc.integer({ min: 7_990, max: 8_010 })), { nil: null });
const caseArb = fc.record({
  // FY 2565 has no EIT parts; FY 2569 does.
  year: fc.constantFrom(2565, 2569),
  orgs: fc.array(
    fc.record({
      type: fc.constantFrom('sao' as const, 'sao' as const, 'tambon_municipality' as const),
      province: fc.constantFrom(0 as const, 1 as const),
      source: fc.constantFrom(...SOURCES),
      cents: centsArb,
      parts: partsArb,
    }),
    { minLength: 1, maxLength: 30 },
  ),
}).map(({ year, orgs }) => ({ year, orgs: orgs.map((o, i): Org => ({ ...o, slug: `org-${i}`, parts: year === 2565 ? null : o.parts })) }));

const standingOf = (s: PeerStanding) => s.items.map((i) => ({ item: i.item, own: i.own, province: i.province, country: i.country }));

describe.each(backends())('peers (%s)', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(backend);
  });
  afterAll(async () => t?.dispose());

  it('equal an independent computation of mid-rank percentiles, counts and medians on generated scores (FY 2565, 2569)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ year, orgs }) => {
        await clear(t.db);
        await seed(t.db, orgs, year);
        for (const me of orgs) {
          const got = await peers(t.db, admin, { org: me.slug, year });
          expect(got.type?.code).toBe(me.type);
          expect(got.province).toBe(PROVINCES[me.province].nameTh);
          expect(standingOf(got)).toEqual(expected(orgs, me));
        }
      }),
      { numRuns: 16, seed: 1818 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A fixed set: อบต. me in ขอนแก่น; five published อบต. peers there (one without indicator 3), three unpublished
// ones (survey, demo, no source); four อบต. in กรุงเทพมหานคร; two ทต. in ขอนแก่น (another type).

const all = (c: number) => Array<number>(10).fill(c);
const FIXED: readonly Org[] = [
  { slug: 'me', type: 'sao', province: 0, source: 'survey', cents: all(8_500) },
  { slug: 'kk-1', type: 'sao', province: 0, source: 'itas', cents: all(8_000) },
  { slug: 'kk-2', type: 'sao', province: 0, source: 'itas', cents: all(8_500) },
  { slug: 'kk-3', type: 'sao', province: 0, source: 'manual', cents: all(9_000) },
  { slug: 'kk-4', type: 'sao', province: 0, source: 'itas', cents: all(7_000) },
  { slug: 'kk-5', type: 'sao', province: 0, source: 'manual', cents: all(8_400).map((c, k) => (k === 2 ? null : c)) },
  { slug: 'kk-survey', type: 'sao', province: 0, source: 'survey', cents: all(1_000) },
  { slug: 'kk-demo', type: 'sao', province: 0, source: 'demo', cents: all(1_000) },
  { slug: 'kk-none', type: 'sao', province: 0, source: null, cents: all(1_000) },
  ...[0, 1, 2, 3].map((i): Org => ({ slug: `bkk-${i}`, type: 'sao', province: 1, source: 'itas', cents: all(9_500) })),
  { slug: 'tt-1', type: 'tambon_municipality', province: 0, source: 'itas', cents: all(1_000) },
  { slug: 'tt-2', type: 'tambon_municipality', province: 0, source: 'itas', cents: all(1_000) },
];

describe.each(backends())('peers of a fixed set (%s)', (backend) => {
  let s: TestServer;
  let token = '';
  const password = 'peers-test-password';
  beforeAll(async () => {
    s = await startServer(backend, { demo: false });
    const link = await adminSetupLink(s.t.db);
    const root = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password });
    token = (await createApiToken(s.t.db, root.account.principal, 'root')).token;
    await seed(s.t.db, FIXED, 2565);
  });
  afterAll(async () => s?.close());

  it('counts only published scores of the same type, and gives no percentile to a group of fewer than 5', async () => {
    const got = await peers(s.t.db, admin, { org: 'me', year: 2565 });
    expect(standingOf(got)).toEqual(expected(FIXED, FIXED[0]!));
    const one = got.items.find((i) => i.item === 1)!;
    // 80, 85, 90, 70, 84 below/at/above 85: 3 lower, 1 tie of 5 → (3 + ½) / 5 = 70 %.
    expect(one.province).toEqual({ peers: 5, lower: 3, ties: 1, percentile: 70, median: 84 });
    // And the four of กรุงเทพมหานคร (95): 3.5 of 9 → 38.9 → 39 %.
    expect(one.country).toEqual({ peers: 9, lower: 3, ties: 1, percentile: 39, median: 90 });
    const three = got.items.find((i) => i.item === 3)!;
    expect(three.province).toMatchObject({ peers: 4, percentile: null });
    // The overall of kk-5 needs indicator 3: four peers there too.
    expect(got.items[0]).toMatchObject({ item: 'overall', own: 85, province: { peers: 4, percentile: null } });
  });

  it('counts a peer once its scores become published', async () => {
    // Through the app's write path, as every change is made (the peers are held in memory: src/supervision/cache.ts).
    const source = (to: string) =>
      write(s.t.db, SYSTEM, null, (tx) => tx.query("UPDATE fiscal_years SET score_source = $1 WHERE org_id = (SELECT id FROM organisations WHERE slug = 'kk-survey')", [to]));
    await source('itas');
    try {
      const one = (await peers(s.t.db, admin, { org: 'me', year: 2565 })).items.find((i) => i.item === 1)!;
      expect(one.province).toEqual({ peers: 6, lower: 4, ties: 1, percentile: 75, median: 82 });
    } finally {
      await source('survey');
    }
  });

  it('answers GET /api/v1/orgs/{slug}/years/{year}/peers with the same standing', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/orgs/me/years/2565/peers', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(await peers(s.t.db, admin, { org: 'me', year: 2565 }))));
    const missing = await s.app.inject({ method: 'GET', url: '/api/v1/orgs/me/years/2564/peers', headers: { authorization: `Bearer ${token}` } });
    expect(missing.statusCode).toBe(404);
  });

  it('shows the standing on the Thai dashboard, with the rule of published scores', async () => {
    const client = await signedInClient(s.app, 'root@example.org', password);
    const res = await client.get('/staff/o/me/2565');
    expect(res.statusCode).toBe(200);
    const text = res.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('เทียบกับหน่วยงานประเภทเดียวกัน');
    expect(text).toContain('สูงกว่าร้อยละ 70 ของ อบต. ในจังหวัดขอนแก่น (5 แห่ง)');
    expect(text).toContain('สูงกว่าร้อยละ 39 ของ อบต. ทั่วประเทศ (9 แห่ง)');
    expect(text).toContain('มีหน่วยงานเทียบเคียงน้อยกว่า 5 แห่ง (4 แห่ง)');
    expect(text).toContain('มัธยฐาน 84.00');
    expect(text).toContain('เทียบจากคะแนนที่เผยแพร่แล้วเท่านั้น');
  });

  it('sees a peer’s score changed through the use cases at the next view, though the server holds the peers', async () => {
    const viaApi = async () => {
      const res = await s.app.inject({ method: 'GET', url: '/api/v1/orgs/me/years/2565/peers', headers: { authorization: `Bearer ${token}` } });
      return res.json<PeerStanding>().items.find((i) => i.item === 1)!.province;
    };
    const viaDashboard = async () => (await dashboard(s.t.db, admin, { org: 'me', year: 2565 })).peers.items.find((i) => i.item === 1)!.province;
    const before = { peers: 5, lower: 3, ties: 1, percentile: 70, median: 84 };
    expect(await viaApi()).toEqual(before);
    expect(await viaApi()).toEqual(before);
    expect(await viaDashboard()).toEqual(before);
    // kk-3's indicator 1 from 90 to 80: 80, 85, 80, 70, 84 against 85 → 4 lower, 1 tie: (4 + ½) / 5 = 90 %, median 80.
    await setScores(s.t.db, admin, { org: 'kk-3', year: 2565 }, { indicators: { 1: 80 } });
    try {
      const after = { peers: 5, lower: 4, ties: 1, percentile: 90, median: 80 };
      expect(await viaDashboard()).toEqual(after);
      expect(await viaApi()).toEqual(after);
    } finally {
      await setScores(s.t.db, admin, { org: 'kk-3', year: 2565 }, { indicators: { 1: 90 } });
    }
    expect(await viaApi()).toEqual(before);
  });
});
