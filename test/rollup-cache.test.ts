/**
 * The roll-ups held in memory (src/supervision/cache.ts): a roll-up is computed once and answered again until
 * something it comes from changes — a change through this process's use cases at once (read-your-writes); a
 * change by anyone else once PostgreSQL's announcement (the triggers of migration 0023) has arrived. Checked by
 * behaviour: with the announcing trigger switched off, a change made behind the server's back is not seen (the
 * roll-up really is held); with it on, it is seen once the announcement reached the test's own connection (the
 * server's listening connection hears it a hair apart, so the server is asked a few times at most, without waits).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup, createApiToken } from '../src/accounts/accounts.ts';
import type { Principal } from '../src/app/authz.ts';
import { CHANGES_CHANNEL, ChangeBus, listenForChanges, type Listening } from '../src/db/notify.ts';
import { orgTypeByCode } from '../src/organisations/vocab.ts';
import { setScores } from '../src/years/scores.ts';
import { backends } from './helpers/db.ts';
import { startServer, type TestServer } from './web-support.ts';

const YEAR = 2569;
const ALL = (score: number) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i + 1, score]));

describe.each(backends())('the roll-ups held in memory (%s)', (backend) => {
  let s: TestServer;
  let token = '';
  let root: Principal;
  let listening: Listening | null = null;
  const bus = new ChangeBus();

  beforeAll(async () => {
    s = await startServer(backend, { demo: false, changes: bus });
    if (s.t.options.url) {
      listening = listenForChanges(s.t.options.url, bus);
      await listening.ready;
    }
    const link = await adminSetupLink(s.t.db);
    const admin = await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: 'rollup-cache-password' });
    root = admin.account.principal;
    token = (await createApiToken(s.t.db, root, 'root')).token;
    const type = orgTypeByCode('sao')!;
    for (const slug of ['c1', 'c2']) {
      const [org] = await s.t.db.query<{ id: string }>(
        "INSERT INTO organisations (slug, name_th, kind, org_type, province, province_code) VALUES ($1, $2, $3, $4, 'ขอนแก่น', '28') RETURNING id",
        [slug, `อบต.${slug}`, type.kind, type.code],
      );
      const [fy] = await s.t.db.query<{ id: string }>('INSERT INTO fiscal_years (org_id, year, criteria_year) VALUES ($1, $2, $2) RETURNING id', [org!.id, YEAR]);
      for (let i = 1; i <= 10; i++) await s.t.db.query('INSERT INTO indicator_scores (fiscal_year_id, indicator, score) VALUES ($1, $2, 80)', [fy!.id, i]);
    }
  }, 120_000);
  afterAll(async () => {
    await listening?.close();
    await s?.close();
  });

  const meanOverall = async (): Promise<number> => {
    const res = await s.app.inject({ method: 'GET', url: `/api/v1/rollup?year=${YEAR}`, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    return res.json<{ meanOverall: number }>().meanOverall;
  };

  /** c1's overall score in the roll-up page's table (the page's body is held as the figures are). */
  const c1OnPage = async (): Promise<string | undefined> => {
    const res = await s.app.inject({ method: 'GET', url: `/staff/rollup/${YEAR}`, headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    return /<th scope="row"><a [^>]*>อบต\.c1<\/a><\/th><td>[^<]*<\/td><td>[^<]*<\/td><td class="num">([^<]*)<\/td>/.exec(res.body)?.[1];
  };

  it('answers a change made through the use cases at once, in the API and on the page', async () => {
    expect(await meanOverall()).toBe(80);
    expect(await c1OnPage()).toBe('80.00');
    await setScores(s.t.db, root, { org: 'c1', year: YEAR }, { indicators: ALL(90) });
    expect(await meanOverall()).toBe(85);
    expect(await c1OnPage()).toBe('90.00');
    await setScores(s.t.db, root, { org: 'c1', year: YEAR }, { indicators: ALL(80) });
    expect(await meanOverall()).toBe(80);
    expect(await c1OnPage()).toBe('80.00');
  });

  it.runIf(backend === 'pglite')('on the embedded database, answers any change at once (its count of changes moves)', async () => {
    expect(await meanOverall()).toBe(80);
    await s.t.db.query("UPDATE indicator_scores SET score = 100 WHERE fiscal_year_id = (SELECT f.id FROM fiscal_years f JOIN organisations o ON o.id = f.org_id WHERE o.slug = 'c2')");
    expect(await meanOverall()).toBe(90);
    await s.t.db.query("UPDATE indicator_scores SET score = 80 WHERE fiscal_year_id = (SELECT f.id FROM fiscal_years f JOIN organisations o ON o.id = f.org_id WHERE o.slug = 'c2')");
    expect(await meanOverall()).toBe(80);
  });

  it.runIf(backend === 'postgres')('holds a roll-up until another process’s change is announced, then answers it', async () => {
    const other = new pg.Client({ connectionString: s.t.options.url });
    const heard = new pg.Client({ connectionString: s.t.options.url });
    await other.connect();
    await heard.connect();
    try {
      const update = (score: number) =>
        other.query("UPDATE indicator_scores SET score = $1 WHERE fiscal_year_id = (SELECT f.id FROM fiscal_years f JOIN organisations o ON o.id = f.org_id WHERE o.slug = 'c2')", [score]);
      expect(await meanOverall()).toBe(80);

      // Not announced (the trigger off): the server keeps answering what it holds.
      await other.query('ALTER TABLE indicator_scores DISABLE TRIGGER indicator_scores_rollup');
      await update(100);
      await other.query('ALTER TABLE indicator_scores ENABLE TRIGGER indicator_scores_rollup');
      expect(await meanOverall()).toBe(80);

      // Announced: once the test's own connection heard it, the server answers the new figures.
      await heard.query(`LISTEN ${CHANGES_CHANNEL}`);
      const announced = new Promise<string | undefined>((resolve) => heard.once('notification', (n) => resolve(n.payload)));
      await update(60);
      expect(await announced).toBe('{"kind":"data"}');
      let seen = 0;
      for (let ask = 0; ask < 20 && seen !== 70; ask++) seen = await meanOverall();
      expect(seen).toBe(70);
    } finally {
      await other.end();
      await heard.end();
    }
  });
});
