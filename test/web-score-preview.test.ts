/**
 * previewScores (src/years/score-preview.ts): the result of a change of scores, checked like setScores, with
 * nothing written; only for those who may change the scores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, ensureDemoAccounts, signIn } from '../src/accounts/accounts.ts';
import type { Principal } from '../src/app/authz.ts';
import { Forbidden } from '../src/app/authz.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { previewScores } from '../src/years/score-preview.ts';
import { getScores, setScores } from '../src/years/scores.ts';
import { InputError } from '../src/errors.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';

const REF = { org: 'huai-thong', year: 2566 };
const ALL = { indicators: { 1: '90', 2: '88.5', 3: '91', 4: '87', 5: '89', 6: '86', 7: '92', 8: '90', 9: '100', 10: '100' } };

describe.each(backends())('score preview on %s', (backend) => {
  let t: TestDb;
  let coordinator: Principal;
  let auditor: Principal;
  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db);
    coordinator = (await signIn(t.db, 'coordinator@huai-thong.demo', DEMO_PASSWORD)).account.principal;
    auditor = (await signIn(t.db, 'auditor@huai-thong.demo', DEMO_PASSWORD)).account.principal;
  });
  afterAll(async () => t.dispose());

  it('computes the result of the change and writes nothing', async () => {
    const before = await getScores(t.db, coordinator, REF);
    expect(before.computed).toBeNull();
    const preview = await previewScores(t.db, coordinator, REF, ALL);
    // IIT 89.10, EIT 89.33, OIT 100: 0.3 × 89.1 + 0.3 × 89.333… + 0.4 × 100 = 93.53
    expect(preview.computed?.overall).toBe(93.53);
    expect(preview.scores.indicators['2']).toBe(88.5);
    expect(await getScores(t.db, coordinator, REF)).toEqual(before);
    // What the preview shows is what saving gives.
    const saved = await setScores(t.db, coordinator, REF, ALL);
    expect(saved.computed?.overall).toBe(preview.computed?.overall);
  });

  it('refuses what saving refuses, and those who may not change the scores', async () => {
    await expect(previewScores(t.db, coordinator, REF, { indicators: { 4: '101' } })).rejects.toBeInstanceOf(InputError);
    await expect(previewScores(t.db, coordinator, REF, { indicators: { 4: '87.123' } })).rejects.toThrow(/decimals/);
    await expect(previewScores(t.db, auditor, REF, ALL)).rejects.toBeInstanceOf(Forbidden);
  });
});
