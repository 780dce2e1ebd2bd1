/**
 * The OIT pre-audit's answers and history (issue 21, part E1): where the agency answers each OIT item (its own
 * website's URLs and an explanation, or the portal page), who may read and change that, what is refused, the
 * answer sheet showing it; and the checks' history kept as stretches of the same outcome.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Forbidden, type Principal } from '../src/app/authz.ts';
import { NotFound } from '../src/app/errors.ts';
import { InputError } from '../src/errors.ts';
import { getCriteria } from '../src/ita/index.ts';
import { answerSheet, answerSheetCsv } from '../src/portal/answer-sheet.ts';
import { oitAnswers, setOitAnswer } from '../src/preaudit/answers.ts';
import { countFailing, recordCheck, selectItemHistory, selectLatestChecks, type CheckInsert } from '../src/preaudit/repo.ts';
import { setYearStatus } from '../src/years/years.ts';
import { DEMO, OTHER, principal, thaiErrors, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';
import { demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

const T0 = new Date('2023-03-15T03:00:00.000Z');
const ORIGIN = 'https://portal.example.go.th';
const SITE = 'https://www.huaithong.go.th';

describe.each(backends())('OIT answers (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;

  const stored = async () => w.t.db.query<{ item_code: string; urls: string[]; explanation: string }>('SELECT item_code, urls, explanation FROM oit_answers ORDER BY item_code');
  const audit = async () => w.t.db.query<{ action: string; actor_label: string; entity_id: string }>(`SELECT action, actor_label, entity_id FROM audit_log WHERE entity = 'oit_answers' ORDER BY at, id`);
  const item = async (p: Principal, code: string) => (await oitAnswers(w.t.db, p, DEMO, ORIGIN, T0)).items.find((i) => i.code === code);

  beforeEach(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId, null, 'ผู้ประสานงาน');
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  it('sets, replaces and clears an answer, every change in the audit log', async () => {
    const before = await oitAnswers(w.t.db, coordinator, DEMO, ORIGIN, T0);
    expect(before.items.map((i) => i.code)).toEqual(getCriteria(2566).oitItems.map((i) => i.code));
    expect(before.items.every((i) => i.source === 'portal' && i.urls[0] === i.portalUrl && i.portalUrl.startsWith(ORIGIN))).toBe(true);
    expect(before.mayWrite).toBe(true);

    const set = await setOitAnswer(w.t.db, coordinator, DEMO, 'O1', { urls: ` ${SITE}/o1\n\n${SITE}/o1.pdf \n`, explanation: ' โครงสร้างฝ่ายการเมืองและฝ่ายประจำ ' });
    expect(set).toEqual({ code: 'O1', source: 'site', urls: [`${SITE}/o1`, `${SITE}/o1.pdf`], explanation: 'โครงสร้างฝ่ายการเมืองและฝ่ายประจำ' });
    const o1 = await item(coordinator, 'O1');
    expect(o1).toMatchObject({ source: 'site', urls: [`${SITE}/o1`, `${SITE}/o1.pdf`], explanation: 'โครงสร้างฝ่ายการเมืองและฝ่ายประจำ' });
    expect(o1?.portalUrl.startsWith(ORIGIN)).toBe(true);
    expect((await item(coordinator, 'O2'))?.source).toBe('portal');

    await setOitAnswer(w.t.db, coordinator, DEMO, 'O1', { urls: [`${SITE}/structure`] });
    expect(await stored()).toEqual([{ item_code: 'O1', urls: [`${SITE}/structure`], explanation: '' }]);

    expect(await setOitAnswer(w.t.db, coordinator, DEMO, 'O1', { urls: '', explanation: '' })).toMatchObject({ source: 'portal', urls: [] });
    expect(await stored()).toEqual([]);
    expect((await item(coordinator, 'O1'))?.source).toBe('portal');

    const log = await audit();
    expect(log.map((l) => l.action)).toEqual(['insert', 'update', 'delete']);
    expect(log.every((l) => l.actor_label === 'ผู้ประสานงาน' && l.entity_id === `${w.demo.orgId}:2566:O1`)).toBe(true);
  });

  it('refuses bad input, an unknown item and a closed year in Thai and English, and changes nothing', async () => {
    await setOitAnswer(w.t.db, coordinator, DEMO, 'O1', { urls: [`${SITE}/o1`], explanation: 'เดิม' });
    const kept = await stored();
    const logged = (await audit()).length;
    const refused = async (code: string, raw: unknown, expected: string) => {
      const error = await setOitAnswer(w.t.db, coordinator, DEMO, code, raw).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe(expected);
      expect((error as InputError).th).not.toBe((error as InputError).en);
    };
    await refused('O1', { urls: 'ftp://files.huaithong.go.th/o1' }, 'preaudit.badUrl');
    await refused('O1', { urls: 'www.huaithong.go.th/o1' }, 'preaudit.badUrl');
    await refused('O1', { urls: 'javascript:alert(1)' }, 'preaudit.badUrl');
    await refused('O1', { urls: `https://user:secret@www.huaithong.go.th/o1` }, 'preaudit.urlCredentials');
    await refused('O1', { urls: Array.from({ length: 6 }, (_, i) => `${SITE}/${i}`) }, 'preaudit.tooManyUrls');
    await refused('O1', { urls: `${SITE}/${'ก'.repeat(2000)}` }, 'preaudit.urlTooLong');
    await refused('O1', { urls: SITE, explanation: 'ข'.repeat(4001) }, 'preaudit.explanationTooLong');
    await refused('O1', { urls: '', explanation: 'มีคำอธิบายแต่ไม่มีที่อยู่' }, 'preaudit.explanationWithoutUrl');
    await refused('O1', { urls: SITE, other: 1 }, 'app.atField');
    await expect(setOitAnswer(w.t.db, coordinator, DEMO, 'O99', { urls: SITE })).rejects.toBeInstanceOf(NotFound);
    expect(await thaiErrors(setOitAnswer(w.t.db, coordinator, DEMO, 'O1', { urls: 'ftp://x.go.th' }))).toEqual(['URL บรรทัดที่ 1 "ftp://x.go.th" ไม่ใช่ที่อยู่เว็บที่ขึ้นต้นด้วย http:// หรือ https://']);

    await setYearStatus(w.t.db, principal('org_admin', w.demo.orgId), DEMO, 'closed', { reason: 'ปิดปีเพื่อทดสอบ' });
    await refused('O1', { urls: `${SITE}/new` }, 'preaudit.yearClosed');
    expect((await oitAnswers(w.t.db, coordinator, DEMO, ORIGIN, T0)).mayWrite).toBe(false);

    expect(await stored()).toEqual(kept);
    expect((await audit()).length).toBe(logged);
    // The database keeps the same rules for any other writer.
    for (const urls of [[], ['ftp://x.go.th'], [`${SITE}/${'a'.repeat(2000)}`], Array.from({ length: 6 }, () => SITE)]) {
      await expect(w.t.db.query('UPDATE oit_answers SET urls = $1::text[]', [urls])).rejects.toThrow();
    }
  });

  it('lets only the organisation’s own preparers write; the auditor and the executive read; another organisation is refused', async () => {
    await setOitAnswer(w.t.db, coordinator, DEMO, 'O1', { urls: [`${SITE}/o1`] });
    const otherCoordinator = principal('coordinator', w.other.orgId);
    await expect(setOitAnswer(w.t.db, otherCoordinator, DEMO, 'O1', { urls: ['https://evil.example/o1'] })).rejects.toBeInstanceOf(Forbidden);
    await expect(oitAnswers(w.t.db, otherCoordinator, DEMO, ORIGIN, T0)).rejects.toBeInstanceOf(Forbidden);
    // Their own year is theirs: the demo's answer does not show there.
    expect((await oitAnswers(w.t.db, otherCoordinator, OTHER, ORIGIN, T0)).items.every((i) => i.source === 'portal')).toBe(true);

    for (const role of ['auditor', 'executive', 'unit_head'] as const) {
      const p = principal(role, w.demo.orgId, role === 'unit_head' ? (Object.values(w.demo.units)[0] ?? null) : null);
      const read = await oitAnswers(w.t.db, p, DEMO, ORIGIN, T0);
      expect(read.mayWrite).toBe(false);
      expect(read.items.find((i) => i.code === 'O1')?.urls).toEqual([`${SITE}/o1`]);
      await expect(setOitAnswer(w.t.db, p, DEMO, 'O1', { urls: '' })).rejects.toBeInstanceOf(Forbidden);
    }
    await setOitAnswer(w.t.db, principal('org_admin', w.demo.orgId), DEMO, 'O2', { urls: [`${SITE}/o2`] });
    expect((await stored()).map((r) => r.item_code)).toEqual(['O1', 'O2']);
  });

  it('puts the agency’s own URLs and explanation on the answer sheet where it answers with its website', async () => {
    await setOitAnswer(w.t.db, coordinator, DEMO, 'O3', { urls: [`${SITE}/o3`, `${SITE}/o3.pdf`], explanation: 'อำนาจหน้าที่ตามกฎหมาย' });
    const sheet = await answerSheet(w.t.db, coordinator, DEMO, ORIGIN, T0);
    const o3 = sheet.rows.find((r) => r.code === 'O3');
    expect(o3).toMatchObject({ source: 'site', url: `${SITE}/o3`, extraUrls: [`${SITE}/o3.pdf`], explanation: 'อำนาจหน้าที่ตามกฎหมาย' });
    expect(o3?.portalUrl.startsWith(ORIGIN)).toBe(true);
    const o4 = sheet.rows.find((r) => r.code === 'O4');
    expect(o4).toMatchObject({ source: 'portal' });
    expect(o4?.url).toBe(o4?.portalUrl);
    const csv = answerSheetCsv(sheet).toString('utf8');
    expect(csv).toContain(`${SITE}/o3`);
    expect(csv).toContain('ตอบด้วยเว็บไซต์ของหน่วยงาน');
  });
});

describe.each(backends())('OIT check history (%s)', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await world(backend);
  });
  afterEach(async () => {
    await w.t.dispose();
  });

  const check = (itemCode: string, status: CheckInsert['status'], fingerprint: string, checkedAt: string, trigger: CheckInsert['trigger'] = 'weekly'): CheckInsert => ({
    itemCode,
    status,
    reasons: status === 'pass' ? [] : [{ code: fingerprint }],
    urls: [{ url: `${SITE}/${itemCode}`, status: status === 'pass' ? 200 : 404, failure: null }],
    requirements: [],
    fingerprint,
    checkedAt,
    trigger,
  });

  it('keeps a stretch of the same outcome as one row and starts a new one when the outcome changes', async () => {
    const org = w.demo.orgId;
    const first = await recordCheck(w.t.db, org, 2566, check('O1', 'pass', 'A', '2023-03-01T00:00:00.000Z', 'now'));
    const same = await recordCheck(w.t.db, org, 2566, check('O1', 'pass', 'A', '2023-03-08T00:00:00.000Z'));
    expect(same.id).toBe(first.id);
    expect(same).toMatchObject({ first_checked_at: '2023-03-01T00:00:00.000Z', last_checked_at: '2023-03-08T00:00:00.000Z', trigger: 'weekly' });
    expect(await selectItemHistory(w.t.db, org, 2566, 'O1')).toHaveLength(1);

    const broke = await recordCheck(w.t.db, org, 2566, check('O1', 'fail', 'B', '2023-03-15T00:00:00.000Z'));
    expect(broke.id).not.toBe(first.id);
    await recordCheck(w.t.db, org, 2566, check('O1', 'fail', 'B', '2023-03-22T00:00:00.000Z'));
    await recordCheck(w.t.db, org, 2566, check('O1', 'pass', 'A', '2023-03-29T00:00:00.000Z', 'cli'));
    await recordCheck(w.t.db, org, 2566, check('O2', 'manual', 'C', '2023-03-29T00:00:00.000Z'));

    const history = await selectItemHistory(w.t.db, org, 2566, 'O1');
    expect(history.map((h) => [h.status, h.first_checked_at, h.last_checked_at])).toEqual([
      ['pass', '2023-03-29T00:00:00.000Z', '2023-03-29T00:00:00.000Z'],
      ['fail', '2023-03-15T00:00:00.000Z', '2023-03-22T00:00:00.000Z'],
      ['pass', '2023-03-01T00:00:00.000Z', '2023-03-08T00:00:00.000Z'],
    ]);
    expect(history[1]?.urls).toEqual([{ url: `${SITE}/O1`, status: 404, failure: null }]);
    expect((await selectLatestChecks(w.t.db, org, 2566)).map((c) => [c.item_code, c.status])).toEqual([
      ['O1', 'pass'],
      ['O2', 'manual'],
    ]);
    // Another organisation's history is its own.
    expect(await selectItemHistory(w.t.db, w.other.orgId, 2566, 'O1')).toEqual([]);
    // Not audited: the checks are their own log.
    expect(await w.t.db.query(`SELECT 1 FROM audit_log WHERE entity = 'oit_checks'`)).toHaveLength(0);
  });

  it('counts per item the organisations whose latest check fails', async () => {
    const { demo, other } = w;
    await recordCheck(w.t.db, demo.orgId, 2566, check('O1', 'fail', 'X', '2023-03-01T00:00:00.000Z'));
    await recordCheck(w.t.db, other.orgId, 2566, check('O1', 'fail', 'Y', '2023-03-01T00:00:00.000Z'));
    await recordCheck(w.t.db, demo.orgId, 2566, check('O2', 'fail', 'X', '2023-03-01T00:00:00.000Z'));
    await recordCheck(w.t.db, demo.orgId, 2566, check('O2', 'pass', 'P', '2023-03-08T00:00:00.000Z'));
    await recordCheck(w.t.db, other.orgId, 2566, check('O3', 'manual', 'M', '2023-03-08T00:00:00.000Z'));
    await recordCheck(w.t.db, other.orgId, 2566, check('O5', 'fail', 'Z', '2023-03-08T00:00:00.000Z'));
    expect(await countFailing(w.t.db, [demo.orgId, other.orgId], 2566)).toEqual([{ item_code: 'O1', failing: 2 }, { item_code: 'O5', failing: 1 }]);
    expect(await countFailing(w.t.db, [demo.orgId], 2566)).toEqual([{ item_code: 'O1', failing: 1 }]);
    expect(await countFailing(w.t.db, [demo.orgId, other.orgId], 2567)).toEqual([]);
  });
});

describe.each(backends())('the pre-audit page and API (%s)', (backend) => {
  let s: TestServer;
  beforeEach(async () => {
    s = await startServer(backend);
  });
  afterEach(async () => {
    await s.close();
  });
  const PAGE = '/staff/o/huai-thong/2566/oit-check';

  it('lists every OIT item with a form per item, shows a refused form back with its problem, and saves a good one', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('coordinator'), s.clock.now);
    const page = await c.get(PAGE);
    expect(page.statusCode).toBe(200);
    for (const item of getCriteria(2566).oitItems) expect(page.body).toContain(`action="${PAGE}/${item.code}"`);
    expect(page.body).toContain('เว็บไซต์เปิดเผยข้อมูล (Prongsai)');

    const bad = await c.post(`${PAGE}/O1`, { urls: 'ftp://files.huaithong.go.th/o1', explanation: 'คำอธิบาย' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('ไม่ใช่ที่อยู่เว็บที่ขึ้นต้นด้วย http:// หรือ https://');
    expect(bad.body).toContain('ftp://files.huaithong.go.th/o1</textarea>');
    expect(await s.t.db.query('SELECT 1 FROM oit_answers')).toHaveLength(0);

    const ok = await c.post(`${PAGE}/O1`, { urls: `${SITE}/o1`, explanation: 'โครงสร้าง' });
    expect(ok.statusCode).toBe(303);
    const after = await c.get(ok.headers.location as string);
    expect(after.body).toContain('บันทึกคำตอบข้อ O1 แล้ว');
    expect(after.body).toContain(`href="${SITE}/o1"`);

    const put = await c.json('PUT', '/api/v1/orgs/huai-thong/years/2566/oit-answers/O2', { urls: [`${SITE}/o2`], explanation: 'ผู้บริหาร' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ code: 'O2', source: 'site', urls: [`${SITE}/o2`], explanation: 'ผู้บริหาร' });
    const badPut = await c.json('PUT', '/api/v1/orgs/huai-thong/years/2566/oit-answers/O2', { urls: ['http://a.go.th/1', 'http://a.go.th/2', 'http://a.go.th/3', 'http://a.go.th/4', 'http://a.go.th/5', 'http://a.go.th/6'] });
    expect(badPut.statusCode).toBe(400);
    expect(badPut.json()).toMatchObject({ error: { field: 'urls', th: 'ระบุ URL ได้ไม่เกิน 5 รายการต่อข้อ (ระบุมา 6 รายการ)' } });
    const list = await c.get('/api/v1/orgs/huai-thong/years/2566/oit-answers');
    const items = (list.json() as { items: { code: string; source: string; urls: string[] }[] }).items;
    expect(items.filter((i) => i.source === 'site').map((i) => [i.code, i.urls])).toEqual([
      ['O1', [`${SITE}/o1`]],
      ['O2', [`${SITE}/o2`]],
    ]);

    const auditor = await sessionClient(s.app, s.t, demoEmail('auditor'), s.clock.now);
    const read = await auditor.get(PAGE);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain(`href="${SITE}/o1"`);
    expect(read.body).not.toContain(`action="${PAGE}/O1"`);
  });
});
