/**
 * Criteria packs in the browser and the API: the system administrator checks then imports a pack (a file), the
 * year's criteria page names the pack and revision it is assessed under, offers the newer revision, shows the diff
 * and the result before and after, and moves the year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSetupLink, completeAdminSetup } from '../src/accounts/accounts.ts';
import { exportPack } from '../src/criteria/criteria.ts';
import { forgetRegisteredPacks, type CriteriaPack } from '../src/ita/index.ts';
import { Client, demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

const PASSWORD = 'criteria-packs-password';
const CRITERIA = '/staff/o/huai-thong/2566/criteria';

function multipart(fields: Record<string, string>, file: { filename: string; bytes: Buffer }, csrf: string) {
  const boundary = `----prongsai${Math.random().toString(16).slice(2)}`;
  const all = { _csrf: csrf, ...fields };
  const parts: Buffer[] = Object.entries(all).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: application/json\r\n\r\n`), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The 2566 criteria as revision 2, O43 taken out. */
function revision2(): CriteriaPack {
  const pack = structuredClone(exportPack(2566, 1)) as CriteriaPack;
  return { ...pack, revision: 2, oitItems: pack.oitItems.filter((i) => i.code !== 'O43') };
}

describe('criteria packs on the web', () => {
  let s: TestServer;
  let root: Client;
  let coordinator: Client;

  beforeAll(async () => {
    s = await startServer('pglite');
    const link = await adminSetupLink(s.t.db);
    await completeAdminSetup(s.t.db, link!, { nameTh: 'ผู้ดูแลระบบ', email: 'root@example.org', password: PASSWORD });
    root = await sessionClient(s.app, s.t, 'root@example.org', s.clock.now, PASSWORD);
    coordinator = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
  });
  afterAll(async () => {
    await s.close();
    forgetRegisteredPacks();
  });

  it('a system administrator checks, then imports a pack; others may not', async () => {
    expect((await root.get('/staff')).body).toContain('/staff/system/criteria');
    const page = await root.get('/staff/system/criteria');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2570');
    const bytes = Buffer.from(JSON.stringify(revision2()));
    const checked = await root.request({ method: 'POST', url: '/staff/system/criteria', ...multipart({ mode: 'check' }, { filename: 'p.json', bytes }, root.csrf) });
    expect(checked.statusCode).toBe(200);
    expect(checked.body).toContain('O43');
    expect(await s.t.db.query('SELECT 1 FROM criteria_packs')).toEqual([]);

    const broken = Buffer.from(JSON.stringify({ ...revision2(), schemaVersion: 7 }));
    const refused = await root.request({ method: 'POST', url: '/staff/system/criteria', ...multipart({ mode: 'import' }, { filename: 'p.json', bytes: broken }, root.csrf) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('schemaVersion');

    const done = await root.request({ method: 'POST', url: '/staff/system/criteria', ...multipart({ mode: 'import' }, { filename: 'p.json', bytes }, root.csrf) });
    expect(done.statusCode).toBe(200);
    expect(await s.t.db.query('SELECT year, revision FROM criteria_packs')).toEqual([{ year: 2566, revision: 2 }]);
    expect((await coordinator.get('/staff/system/criteria')).statusCode).toBe(403);

    // The API: a dry run of an older revision is refused with both messages.
    const api = await root.json('POST', '/api/v1/criteria-packs?dryRun=true', revision2());
    expect(api.statusCode).toBe(409);
    expect(api.json().error).toMatchObject({ field: 'revision', th: expect.stringContaining('ฉบับปรับปรุงที่ 2'), en: expect.stringContaining('already have revision 2') });
    const list = await coordinator.json('GET', '/api/v1/criteria-packs');
    expect(list.json()).toContainEqual({ year: 2566, revision: 2, titleTh: expect.any(String), builtIn: false, provisional: false, oitItems: 42 });
  });

  it('the year shows its pack and revision, the diff first, then moves', async () => {
    const before = await coordinator.get(CRITERIA);
    expect(before.body).toContain('ฉบับปรับปรุงที่ 1 (มากับโปรแกรม)');
    expect(before.body).toContain(`${CRITERIA}/revision?to=2`);
    const preview = await coordinator.get(`${CRITERIA}/revision?to=2`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('ข้อ OITที่ตัดออก: O43');
    const api = await coordinator.json('GET', '/api/v1/orgs/huai-thong/years/2566/criteria/revision?to=2');
    expect(api.json()).toMatchObject({ from: 1, to: 2, applied: false, diff: { oitItems: { removed: ['O43'] } } });
    expect((await (await sessionClient(s.app, s.t, demoEmail('executive'), s.clock.now)).post(`${CRITERIA}/revision`, { to: '2' })).statusCode).toBe(403);

    const moved = await coordinator.post(`${CRITERIA}/revision`, { to: '2' });
    expect(moved.statusCode).toBe(303);
    const after = await coordinator.get(String(moved.headers.location));
    expect(after.body).toContain('ฉบับปรับปรุงที่ 2 (นำเข้าโดยผู้ดูแลระบบ)');
    expect(after.body).not.toContain('/revision?to=');
    const [fy] = await s.t.db.query<{ criteria_revision: number }>("SELECT criteria_revision FROM fiscal_years f JOIN organisations o ON o.id = f.org_id WHERE o.slug = 'huai-thong' AND f.year = 2566");
    expect(fy?.criteria_revision).toBe(2);
  });
});
