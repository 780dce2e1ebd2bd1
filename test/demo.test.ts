/**
 * What the demo holds (src/demo/huai-thong.ts, src/demo/demo.ts): FY 2566 as in the seed and open; FY 2569 with
 * made-up scores said to be demo data, and its findings; FY 2570, the current year under the provisional 2570
 * criteria, with the seed's measures for the indicators FY 2569 left under the pass mark, carried forward and
 * under way, with progress for ต.ค. and พ.ย. ๒๕๖๙ only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/app/authz.ts';
import { dashboard } from '../src/years/dashboard.ts';
import { DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import { fileComplaint } from '../src/complaints/complaints.ts';
import { channelState, unlockComplaints } from '../src/complaints/keys.ts';
import { DEMO_COMPLAINT_PASSPHRASE, ensureDemo, resetDemo } from '../src/demo/demo.ts';
import { completeDemo, demoLines } from '../src/demo/demo-setup.ts';
import { loadPortal, portalOrg, publicYear } from '../src/portal/publications-public.ts';
import { DocumentBrowser } from '../src/documents/core/index.ts';
import { listYears } from '../src/app/context.ts';
import { getScores } from '../src/years/scores.ts';
import { loadYear } from '../src/years/years.ts';
import { DEMO_DATA_TH, huaiThong2566 } from '../src/demo/huai-thong.ts';
import { criteriaOf, provisionalFor } from '../src/ita/index.ts';
import { yearInputSchema } from '../src/model/year.ts';
import { principal } from './app-fixtures.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

describe.each(backends())('the demo (%s)', (backend) => {
  let t: TestDb;
  let reader: Principal;
  beforeAll(async () => {
    t = await testDb(backend);
    expect(await ensureDemo(t.db)).toBe(true);
    reader = principal('system_admin', null); // sees the organisation again after a reset (a new id)
  }, 120_000);
  afterAll(() => t.dispose());

  it('holds FY 2566 as in the seed, FY 2569 and FY 2570, all open', async () => {
    const years = await listYears(t.db, reader, 'huai-thong');
    expect(years.map((y) => [y.year, y.status]).sort()).toEqual([
      [2566, 'open'],
      [2569, 'open'],
      [2570, 'open'],
    ]);
    const y2566 = await loadYear(t.db, 'huai-thong', 2566);
    const seed = yearInputSchema.parse(huaiThong2566);
    expect(y2566.scores.indicators).toEqual(seed.scores.indicators);
    expect(y2566.measures.map((m) => [m.seq, m.titleTh, m.status, m.actions])).toEqual(seed.measures.map((m) => [m.seq, m.titleTh, m.status, m.actions]));
  });

  it('gives FY 2569 ten made-up scores, said to be demo data, overall under 85 with the OIT weakest, and their findings', async () => {
    const view = await getScores(t.db, reader, { org: 'huai-thong', year: 2569 });
    expect(view.scores.source).toBe('demo');
    expect(view.sourceTh).toBe(DEMO_DATA_TH);
    expect(Object.values(view.scores.indicators).every((s) => typeof s === 'number')).toBe(true);
    const d = await dashboard(t.db, reader, { org: 'huai-thong', year: 2569 });
    expect(d.overall.score).toBeGreaterThan(80);
    expect(d.overall.score).toBeLessThan(85);
    const byTool = Object.fromEntries(d.findings.tools.map((x) => [x.tool, x.score as number]));
    expect(byTool.OIT).toBeLessThan(Math.min(byTool.IIT as number, byTool.EIT as number));
    expect(d.findings.belowPass.map((i) => i.indicator)).toEqual(expect.arrayContaining([2, 6, 9, 10]));
    expect(d.sentences).toBeTruthy();
  });

  it('makes FY 2570 the current year under the provisional 2570 criteria, with carried measures late from December', async () => {
    const y = await loadYear(t.db, 'huai-thong', 2570);
    expect(y.criteriaYear).toBe(2570);
    expect(provisionalFor(2570, criteriaOf(y))).not.toBeNull();
    const seed = await loadYear(t.db, 'huai-thong', 2566);
    expect(y.measures.length).toBeGreaterThanOrEqual(4);
    expect(y.measures.length).toBeLessThanOrEqual(6);
    for (const m of y.measures) {
      const from = seed.measures.find((s) => s.id === m.carriedFromId);
      expect(from?.titleTh).toBe(m.titleTh);
      expect(['in_progress', 'planned']).toContain(m.status);
      expect(m.period.start! >= '2026-10-01' && m.period.end! <= '2027-09-30').toBe(true);
      expect(m.actions.join(' ')).not.toContain('๒๕๖๖');
      // Progress for October and November 2026 (ต.ค. and พ.ย. ๒๕๖๙) only.
      for (const p of m.progress) expect(['2026-10', '2026-11']).toContain(p.periodStart.slice(0, 7));
    }
    expect(y.measures.filter((m) => m.status === 'in_progress').every((m) => m.progress.length === 2)).toBe(true);
    expect(y.measures.some((m) => m.status === 'planned' && m.progress.length === 0)).toBe(true);

    const early = await dashboard(t.db, reader, { org: 'huai-thong', year: 2570 }, { today: '2026-12-10' });
    const missing = (d: typeof early) => d.late.flatMap((r) => r.missingProgress.map((x) => `${r.seq}:${x.month}`));
    // On 10 December only the measure not started is behind (October and November); December has not ended.
    expect(missing(early).every((x) => !x.endsWith('2026-12'))).toBe(true);
    const later = await dashboard(t.db, reader, { org: 'huai-thong', year: 2570 }, { today: '2027-01-05' });
    const started = y.measures.filter((m) => m.status === 'in_progress').map((m) => m.seq);
    for (const seq of started) expect(missing(later)).toContain(`${seq}:2026-12`);
  });

  it('is loaded again the same by a reset', async () => {
    await resetDemo(t.db);
    const years = await listYears(t.db, reader, 'huai-thong');
    expect(years.map((y) => y.year).sort()).toEqual([2566, 2569, 2570]);
    expect((await loadYear(t.db, 'huai-thong', 2570)).measures.every((m) => m.carriedFromId !== null)).toBe(true);
  });
});

/**
 * The first start as a new user meets it (completeDemo, as `prongsai serve` and `prongsai demo` run it): the demo
 * users, the complaint channel open and unlocked by the officer's made-up passphrase, and FY 2566 on the portal by
 * its OIT items (the approved measures plan, analysis and six-month report, published without preparing them
 * again); done once: a second call finds everything there; FY 2569 and 2570 unchanged.
 */
describe.each(backends())('the demo on the first start (%s)', (backend) => {
  let t: TestDb;
  const browser = new DocumentBrowser();
  const now = new Date('2026-12-04T03:00:00.000Z');
  const cheap = { kdfCost: { m: 1024, t: 1, p: 1 } };
  beforeAll(async () => {
    t = await testDb(backend);
    expect(await ensureDemo(t.db)).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await browser.close();
    await t.dispose();
  });

  it('makes the users, opens the complaint channel and publishes FY 2566, once', async () => {
    const first = await completeDemo(t.db, { now, browser, ...cheap });
    expect(first.users.map((u) => u.role).sort()).toEqual(['auditor', 'coordinator', 'executive', 'org_admin', 'unit_head']);
    expect(first.channel).toBe(true);
    expect(first.publishProblem).toBeNull();
    expect(first.published.map((p) => p.code)).toEqual(['O42', 'O43']);
    expect(demoLines(first, 'http://x').join('\n')).toContain(`http://x/o/huai-thong/ita/2566`);
    expect(demoLines(first, 'http://x').join('\n')).toContain(DEMO_COMPLAINT_PASSPHRASE);

    const { org } = await portalOrg(t.db, 'huai-thong', now);
    const year = publicYear(await loadPortal(t.db, org, now), 2566);
    const kinds = (code: string) => year.items.find((i) => i.item.code === code)?.latest?.files.filter((f) => f.docFormat === 'pdf').map((f) => f.docKind);
    expect(kinds('O42')).toEqual(['measures-plan', 'analysis']);
    expect(kinds('O43')).toEqual(['measures-progress']);
    expect(year.items.find((i) => i.item.code === 'O42')?.latest?.decidedBy).toBe('นายประเสริฐ บริหารดี');

    // Anyone may file a complaint; the officer opens the channel with the passphrase of the README.
    const filed = await fileComplaint(t.db, 'huai-thong', { channel: 'public', type: 'service', text: 'ไฟถนนหน้าหมู่บ้านดับมาหลายสัปดาห์แล้ว' }, [], now);
    expect(filed.receipt).toMatch(/^[0-9A-Z-]+$/);
    const officer = await signIn(t.db, 'coordinator@huai-thong.demo', DEMO_PASSWORD, now);
    await unlockComplaints(t.db, officer.account.principal, 'huai-thong', officer.sessionId, DEMO_COMPLAINT_PASSPHRASE, now);
    expect((await channelState(t.db, officer.account.principal, 'huai-thong', officer.sessionId, now)).me.unlocked).toBe(true);

    const again = await completeDemo(t.db, { now, browser, ...cheap });
    expect(again).toEqual({ users: [], channel: false, published: [], publishProblem: null });
    const reader = principal('system_admin', null);
    expect((await listYears(t.db, reader, 'huai-thong')).map((y) => y.year).sort()).toEqual([2566, 2569, 2570]);
    expect((await getScores(t.db, reader, { org: 'huai-thong', year: 2569 })).scores.source).toBe('demo');
    expect((await loadYear(t.db, 'huai-thong', 2570)).measures.every((m) => m.carriedFromId !== null)).toBe(true);
  }, 300_000);

  it('does it all again after a reset', async () => {
    await resetDemo(t.db);
    const after = await completeDemo(t.db, { now, browser, ...cheap });
    expect(after.users).toHaveLength(5);
    expect(after.channel).toBe(true);
    expect(after.published.map((p) => p.code)).toEqual(['O42', 'O43']);
  }, 300_000);
});
