/**
 * Roll-ups (issue 18, points 3 and 5): the figures of a year for the organisations below an office, of a province,
 * of a type. A property test builds random trees with random scores and compares the figures with a computation
 * written here on its own (whole hundredths, integer arithmetic); a fixed tree checks the `prongsai rollup`
 * contract (PGlite) and the same query on every backend; bad input is exit 1 with Thai and English. Trees are made
 * with plain SQL (the tree's own use cases are another part of issue 18).
 */
import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cliPrincipal } from '../src/app/authz.ts';
import type { Db } from '../src/db/index.ts';
import { orgTypeByCode } from '../src/organisations/vocab.ts';
import { rollup, type Rollup } from '../src/supervision/rollup.ts';
import { adminSetupLink, completeAdminSetup, createApiToken } from '../src/accounts/accounts.ts';
import { runCli } from './helpers/cli.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { startServer, type TestServer } from './web-support.ts';

const PROVINCES = [
  { code: '28', nameTh: 'ขอนแก่น' },
  { code: '1', nameTh: 'กรุงเทพมหานคร' },
] as const;
const admin = cliPrincipal({ id: null, label: 'test' });

interface Node {
  readonly slug: string;
  readonly type: string;
  readonly province: 0 | 1;
  readonly parent: string | null;
  /** The year's indicator scores (1 … 10) when the organisation has a fiscal year for it; null: no fiscal year. */
  readonly scores: readonly (string | null)[] | null;
  readonly eitParts?: readonly [string, string];
}

/** Inserts the organisations (parents first) and their fiscal years of `year` with plain SQL. */
async function seed(db: Db, nodes: readonly Node[], year: number, criteriaYear = year): Promise<void> {
  const ids = new Map<string, string>();
  for (const n of nodes) {
    const type = orgTypeByCode(n.type)!;
    const p = PROVINCES[n.province];
    const [org] = await db.query<{ id: string }>(
      `INSERT INTO organisations (slug, name_th, kind, org_type, province, province_code, parent_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [n.slug, `${type.abbrTh}${n.slug}`, type.kind, type.code, p.nameTh, p.code, n.parent === null ? null : ids.get(n.parent)],
    );
    ids.set(n.slug, org!.id);
    if (n.scores === null) continue;
    const [fy] = await db.query<{ id: string }>(
      'INSERT INTO fiscal_years (org_id, year, criteria_year, eit_part1, eit_part2) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [org!.id, year, criteriaYear, n.eitParts?.[0] ?? null, n.eitParts?.[1] ?? null],
    );
    for (const [i, score] of n.scores.entries()) {
      if (score !== null) await db.query('INSERT INTO indicator_scores (fiscal_year_id, indicator, score) VALUES ($1, $2, $3)', [fy!.id, i + 1, score]);
    }
  }
}

async function clear(db: Db): Promise<void> {
  await db.query('DELETE FROM fiscal_years');
  await db.query('UPDATE organisations SET parent_id = NULL');
  await db.query('DELETE FROM organisations');
}

/** The figures without the scope. */
const figures = ({ year: _y, scope: _s, work: _w, clinic: _c, ...rest }: Rollup & { clinic?: unknown }) => rest;
/** The work counts of a tree without measures, approvals or complaint channels: every organisation counted lacks them. */
const noWork = (n: number) => ({ noMeasures: expect.any(Number), lateProgress: 0, oitOpen: n, oitStale: 0, notApproved: n, channelClosed: n });

// ---------------------------------------------------------------------------------------------------------------
// The independent computation: FY 2565's rule (tools IIT 1–5, EIT 6–8, OIT 9–10, weights 0.3/0.3/0.4; grades by
// overall: AA 95, A 85, B 75, C 65, D 55, E 50, F), on whole hundredths.

const TYPES = ['sao', 'tambon_municipality', 'district_local_office', 'provincial_local_office'] as const;
const SUPERVISING = new Set(['district_local_office', 'provincial_local_office']);
const BANDS: readonly [string, number][] = [['AA', 9500], ['A', 8500], ['B', 7500], ['C', 6500], ['D', 5500], ['E', 5000], ['F', 0]];

/** n / d rounded half-up (n, d ≥ 0). */
const roundDiv = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));
const meanCents = (list: readonly number[]) => (list.length === 0 ? null : roundDiv(list.reduce((a, b) => a + b, 0), list.length) / 100);
const sum = (list: readonly number[]) => list.reduce((a, b) => a + b, 0);

interface Case {
  readonly nodes: readonly { parent: number | null; type: (typeof TYPES)[number]; province: 0 | 1; cents: readonly (number | null)[] | null }[];
  readonly org: number | null;
  readonly province: 0 | 1 | null;
  readonly type: (typeof TYPES)[number] | null;
}

function expected(c: Case) {
  const below = (i: number, office: number): boolean => {
    for (let at: number | null = i; at !== null; at = c.nodes[at]!.parent) if (at === office) return true;
    return false;
  };
  const inScope = c.nodes.flatMap((n, i) => {
    if (n.cents === null) return [];
    if (c.org !== null && !below(i, c.org)) return [];
    if (c.province !== null && n.province !== c.province) return [];
    if (c.type !== null && n.type !== c.type) return [];
    const hasScores = n.cents.some((v) => v !== null);
    if (!hasScores && (SUPERVISING.has(n.type) || i === c.org)) return [];
    return [n.cents];
  });
  const scored = inScope.filter((s) => s.every((v) => v !== null)).map((s) => {
    const v = s as number[];
    const [iit, eit, oit] = [v.slice(0, 5), v.slice(5, 8), v.slice(8, 10)].map(sum) as [number, number, number];
    const overall = roundDiv(18 * iit + 30 * eit + 60 * oit, 300);
    return { overall, tools: { IIT: roundDiv(iit, 5), EIT: roundDiv(eit, 3), OIT: roundDiv(oit, 2) } };
  });
  const labels: Record<string, number> = {};
  for (const s of scored) {
    const grade = BANDS.find(([, min]) => s.overall >= min)![0];
    labels[grade] = (labels[grade] ?? 0) + 1;
  }
  return {
    organisations: inScope.length,
    scored: scored.length,
    passed: scored.filter((s) => s.overall >= 8500).length,
    ungraded: 0,
    meanOverall: meanCents(scored.map((s) => s.overall)),
    tools: { IIT: meanCents(scored.map((s) => s.tools.IIT)), EIT: meanCents(scored.map((s) => s.tools.EIT)), OIT: meanCents(scored.map((s) => s.tools.OIT)) },
    indicators: Object.fromEntries(Array.from({ length: 10 }, (_, k) => [String(k + 1), meanCents(inScope.flatMap((s) => (s[k] === null ? [] : [s[k]!])))])),
    labels,
  };
}

const cents = fc.integer({ min: 0, max: 10_000 });
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    nodes: fc.array(
      fc.record({
        parent: fc.option(fc.nat(), { nil: null }),
        type: fc.constantFrom(...TYPES),
        province: fc.constantFrom(0 as const, 1 as const),
        // No fiscal year (null); a year with every score, some, or none yet.
        cents: fc.option(
          fc.oneof(
            { arbitrary: fc.array(cents, { minLength: 10, maxLength: 10 }), weight: 3 },
            { arbitrary: fc.array(fc.option(cents, { nil: null }), { minLength: 10, maxLength: 10 }), weight: 2 },
            { arbitrary: fc.constant(Array<null>(10).fill(null)), weight: 2 },
          ),
          { nil: null, freq: 4 },
        ),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    org: fc.option(fc.nat(), { nil: null }),
    province: fc.option(fc.constantFrom(0 as const, 1 as const), { nil: null, freq: 2 }),
    type: fc.option(fc.constantFrom(...TYPES), { nil: null, freq: 2 }),
  })
  .map((c) => ({
    ...c,
    // A parent comes before its child (a tree, no cycles); the office is one of the nodes.
    nodes: c.nodes.map((n, i) => ({ ...n, parent: n.parent === null || i === 0 ? null : n.parent % i })),
    org: c.org === null ? null : c.org % c.nodes.length,
  }));

const slugOf = (i: number) => `org-${i}`;
const toText = (v: number | null) => (v === null ? null : (v / 100).toFixed(2));

describe.each(backends())('roll-up figures (%s)', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(backend);
  });
  afterAll(async () => t?.dispose());

  it('equal an independent computation on random trees with random scores (FY 2565)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        await clear(t.db);
        await seed(
          t.db,
          c.nodes.map((n, i) => ({ slug: slugOf(i), type: n.type, province: n.province, parent: n.parent === null ? null : slugOf(n.parent), scores: n.cents === null ? null : n.cents.map(toText) })),
          2565,
        );
        const got = await rollup(t.db, admin, {
          year: '2565',
          org: c.org === null ? null : slugOf(c.org),
          province: c.province === null ? null : PROVINCES[c.province].nameTh,
          type: c.type,
        });
        expect(figures(got)).toEqual(expected(c));
      }),
      { numRuns: backend === 'pglite' ? 80 : 40 },
    );
  }, 180_000);
});

// ---------------------------------------------------------------------------------------------------------------
// A fixed tree, FY 2569 (labels): the province office KK, two district offices under it (D without scores, D2 assessed
// itself), agencies below them, and one agency in Bangkok outside the tree.

const all = (score: string) => Array<string>(10).fill(score);
const TREE: readonly Node[] = [
  { slug: 'kk', type: 'provincial_local_office', province: 0, parent: null, scores: null },
  { slug: 'd', type: 'district_local_office', province: 0, parent: 'kk', scores: Array<null>(10).fill(null) },
  { slug: 'd2', type: 'district_local_office', province: 0, parent: 'kk', scores: all('90'), eitParts: ['90', '90'] },
  { slug: 'a1', type: 'sao', province: 0, parent: 'd', scores: all('95'), eitParts: ['95', '95'] },
  { slug: 'a2', type: 'tambon_municipality', province: 0, parent: 'd', scores: all('80') },
  { slug: 'a3', type: 'sao', province: 0, parent: 'd', scores: Array<null>(10).fill(null) },
  { slug: 'a4', type: 'sao', province: 0, parent: 'd2', scores: ['70.03', '70.01', null, null, null, null, null, null, null, null] },
  { slug: 'x1', type: 'sao', province: 1, parent: null, scores: all('100'), eitParts: ['100', '100'] },
];
const none = { IIT: null, EIT: null, OIT: null };
/**
 * The figures of the fixed tree's scopes: each scored organisation has one score for all ten indicators, so the tools'
 * and indicators 3–10's means are the overall mean; only a4's partial scores move indicators 1 and 2.
 */
const fixed = (organisations: number, scored: number, passed: number, mean: number, first: [number, number], labels: Record<string, number>) => ({
  organisations,
  scored,
  passed,
  ungraded: 1,
  meanOverall: mean,
  tools: { IIT: mean, EIT: mean, OIT: mean },
  indicators: { ...Object.fromEntries(Array.from({ length: 8 }, (_, k) => [String(k + 3), mean])), 1: first[0], 2: first[1] },
  labels,
});
// (90 + 95 + 80 + 100 + 70.03) / 5 = 87.006; (… + 70.01) / 5 = 87.002
const COUNTRY = fixed(6, 4, 3, 91.25, [87.01, 87], { ผ่านดีเยี่ยม: 2, ผ่านดี: 1 });
/** Below the province office (and so in ขอนแก่น): d2, a1, a2, a3, a4. (90 + 95 + 80 + 70.03) / 4 = 83.7575. */
const KK = fixed(5, 3, 2, 88.33, [83.76, 83.75], { ผ่านดีเยี่ยม: 1, ผ่านดี: 1 });

describe.each(backends())('the roll-up of a fixed tree (%s)', (backend) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb(backend);
    await seed(t.db, TREE, 2569);
  });
  afterAll(async () => t?.dispose());
  const of = async (request: { org?: string; province?: string; type?: string }) => figures(await rollup(t.db, admin, { year: '2569', ...request }));

  it('counts, passes, labels and means for the country, an office’s subtree, a province and a type', async () => {
    expect(await of({})).toEqual(COUNTRY);
    expect(await of({ org: 'kk' })).toEqual(KK);
    expect(await of({ province: 'ขอนแก่น' })).toEqual(KK);
    expect(await of({ province: '28' })).toEqual(KK);
    // The office without scores is not counted; the one assessed itself is.
    expect(await of({ org: 'd' })).toMatchObject({ organisations: 3, scored: 2, passed: 1, meanOverall: 87.5, labels: { ผ่านดีเยี่ยม: 1 }, ungraded: 1 });
    expect(await of({ org: 'd2' })).toMatchObject({ organisations: 2, scored: 1, passed: 1, meanOverall: 90, indicators: { 1: 80.02, 3: 90 } });
    // An agency asked for as the office: counted only with scores.
    expect(await of({ org: 'a3' })).toMatchObject({ organisations: 0, scored: 0 });
    expect(await of({ org: 'a1' })).toMatchObject({ organisations: 1, scored: 1, passed: 1, meanOverall: 95 });
    expect(await of({ type: 'อบต.' })).toMatchObject({ organisations: 4, scored: 2, passed: 2, meanOverall: 97.5 });
    expect(await of({ type: 'district_local_office' })).toMatchObject({ organisations: 1, scored: 1 });
    expect(await of({ org: 'kk', type: 'sao', province: 'กรุงเทพมหานคร' })).toMatchObject({ organisations: 0 });
  });

  it('a year without organisations: zeros and means of nothing as null', async () => {
    expect(await rollup(t.db, admin, { year: '2570' })).toEqual({
      year: 2570,
      scope: { org: null, province: null, type: null },
      organisations: 0,
      scored: 0,
      passed: 0,
      ungraded: 0,
      meanOverall: null,
      tools: none,
      indicators: Object.fromEntries(Array.from({ length: 10 }, (_, k) => [String(k + 1), null])),
      labels: {},
      work: { noMeasures: 0, lateProgress: 0, oitOpen: 0, oitStale: 0, notApproved: 0, channelClosed: 0 },
      clinic: { organisations: 0, checked: 0, items: [] },
    });
  });

  it('counts an OIT item gone stale on the portal: its newest public version no longer covers every month', async () => {
    // FY 2569's monthly procurement summary (O11) of a1: every month of the year has ended, so each must be covered.
    const [fy] = await t.db.query<{ id: string; org_id: string }>(
      "SELECT fy.id, fy.org_id FROM fiscal_years fy JOIN organisations o ON o.id = fy.org_id WHERE o.slug = 'a1' AND fy.year = 2569",
    );
    const publish = async (version: number, period: { start: string; end: string }, publishAt: string) =>
      t.db.query(
        `INSERT INTO publications (org_id, fiscal_year_id, kind, item_code, title_th, status, version, publish_at, decided_at, content)
         VALUES ($1, $2, 'oit', 'O11', 'สรุปผลการจัดซื้อจัดจ้าง', 'approved', $3, $4, now(), $5)`,
        [fy!.org_id, fy!.id, version, publishAt, JSON.stringify({ links: [{ url: 'https://example.go.th/x', label: 'สรุป', period }], coversYear: 2569 })],
      );
    const stale = async () => ({ work: (await rollup(t.db, admin, { year: '2569', org: 'a1' })).work.oitStale, country: (await rollup(t.db, admin, { year: '2569' })).work.oitStale });
    await publish(1, { start: '2025-10-01', end: '2026-09-30' }, '2026-10-15T00:00:00Z');
    expect(await stale()).toEqual({ work: 0, country: 0 });
    // A newer public version that covers October only: the other eleven months are overdue.
    await publish(2, { start: '2025-10-01', end: '2025-10-31' }, '2026-10-20T00:00:00Z');
    expect(await stale()).toEqual({ work: 1, country: 1 });
    // Scheduled (not yet public), a version covering the year again keeps it from being overdue, as the staff page says.
    await publish(3, { start: '2025-10-01', end: '2026-09-30' }, '2999-01-01T00:00:00Z');
    expect(await stale()).toEqual({ work: 0, country: 0 });
    await t.db.query("DELETE FROM publications WHERE item_code = 'O11'");
  });

  it('nobody but a system administrator or a supervisor may ask', async () => {
    const coordinator = { personId: 'p', nameTh: 'ผู้ประสานงาน', roles: [{ role: 'coordinator' as const, orgId: 'o', unitId: null }] };
    await expect(rollup(t.db, coordinator, { year: '2569' })).rejects.toMatchObject({ name: 'Forbidden' });
  });
});

describe('prongsai rollup', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb('pglite');
    await seed(t.db, TREE, 2569);
    await t.db.close();
    vi.stubEnv('PRONGSAI_DATA', t.options.dataDir!);
    vi.stubEnv('DATABASE_URL', '');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(t.options.dataDir!, { recursive: true, force: true });
  });

  it('--json prints one object with the figures (the contract other tools read)', async () => {
    const r = await runCli('rollup', '--year', '2569', '--org', 'kk', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ year: 2569, scope: { org: { slug: 'kk', nameTh: 'ท้องถิ่นจังหวัดkk' }, province: null, type: null }, ...KK, work: noWork(5), clinic: { organisations: 5, checked: 0, items: [] } });
    const country = JSON.parse((await runCli('rollup', '--year', '๒๕๖๙', '--json')).out) as Rollup;
    expect(figures(country)).toEqual(COUNTRY);
    const sao = JSON.parse((await runCli('rollup', '--year', '2569', '--province', 'ขอนแก่น', '--type', 'อบต.', '--json')).out) as Rollup;
    expect(sao).toMatchObject({ scope: { province: { code: '28', nameTh: 'ขอนแก่น' }, type: { code: 'sao', abbrTh: 'อบต.' } }, organisations: 3, scored: 1, passed: 1, meanOverall: 95 });
  });

  it('without --json, a short summary in Thai', async () => {
    const r = await runCli('rollup', '--year', '2569', '--org', 'kk');
    expect(r.code).toBe(0);
    expect(r.out).toContain('หน่วยงาน 5 แห่ง มีคะแนนครบ 3 แห่ง ผ่านเกณฑ์ (85 คะแนนขึ้นไป) 2 แห่ง');
    expect(r.out).toContain('คะแนนรวมเฉลี่ย 88.33');
    expect(r.out).toContain('ผ่านดีเยี่ยม 1, ผ่านดี 1, ไม่ระบุระดับ 1');
  });

  it('bad input: exit 1 with Thai and English, nothing printed on stdout', async () => {
    for (const args of [
      ['--year', '2569', '--org', 'no-such-office'],
      ['--year', '69'],
      ['--year', '25690'],
      [],
      ['--year', '2569', '--province', 'แอตแลนติส'],
      ['--year', '2569', '--type', 'ไม่มี'],
    ]) {
      const r = await runCli('rollup', ...args, '--json');
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/ข้อผิดพลาด: .+\nError: .+/);
    }
    const unknown = await runCli('rollup', '--year', '2569', '--org', 'no-such-office');
    expect(unknown.err).toContain('ไม่พบหน่วยงาน "no-such-office"');
    expect(unknown.err).toContain('no organisation "no-such-office"');
    expect((await runCli('rollup', '--year', '25690')).err).toContain('25690');
  });
});

describe('GET /api/v1/rollup', () => {
  let s: TestServer;
  let token = '';
  beforeAll(async () => {
    s = await startServer('pglite', { demo: false });
    const link = await adminSetupLink(s.t.db);
    const root = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: 'rollup-test-password' });
    token = (await createApiToken(s.t.db, root.account.principal, 'root')).token;
    await seed(s.t.db, TREE, 2569);
  });
  afterAll(async () => s?.close());
  const get = (query: string) => s.app.inject({ method: 'GET', url: `/api/v1/rollup?${query}`, headers: { authorization: `Bearer ${token}` } });

  it('answers the same object as the CLI and the use case', async () => {
    const res = await get('year=2569&org=kk');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ year: 2569, scope: { org: { slug: 'kk', nameTh: 'ท้องถิ่นจังหวัดkk' }, province: null, type: null }, ...KK, work: noWork(5), clinic: { organisations: 5, checked: 0, items: [] } });
    expect((await get('year=2569&province=28&type=sao')).json()).toEqual(await rollup(s.t.db, admin, { year: '2569', province: '28', type: 'sao' }));
  });

  it('says what is wrong in Thai and English', async () => {
    const year = await get('year=69');
    expect(year.statusCode).toBe(400);
    expect(year.json().error).toMatchObject({ field: 'year', th: expect.stringContaining('69'), en: expect.stringContaining('69') });
    const org = await get('year=2569&org=no-such-office');
    expect(org.statusCode).toBe(404);
    expect(org.json().error).toMatchObject({ field: 'org', th: expect.stringContaining('ไม่พบหน่วยงาน'), en: expect.stringContaining('no organisation') });
  });
});
