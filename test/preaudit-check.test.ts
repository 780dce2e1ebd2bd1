/**
 * The OIT check end to end (issue 21, wave 2, W1): checkOit against a local อปท.-style website (test/helpers/
 * oit-site.ts) through the safe fetcher, the portal's own pages read in-process, the history's stretches and the
 * 'oit.broken' notice, and the weekly planner and job.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/actor.ts';
import { cliPrincipal } from '../src/app/authz.ts';
import { ensureDemoAccounts } from '../src/accounts/accounts.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { drain, JobHandlers, listJobs } from '../src/jobs/queue.ts';
import { setNaccCalendar } from '../src/notifications/calendar.ts';
import { oitAnswers, setOitAnswer } from '../src/preaudit/answers.ts';
import { injectOf, isDocumentLink, readableUrl, withOwnSite } from '../src/preaudit/check.ts';
import { DEFAULT_POLICY, SafeFetcher } from '../src/preaudit/fetch.ts';
import { checkOit, preauditHistory, preauditResults, type CheckOptions } from '../src/preaudit/service.ts';
import { isoWeek, planWeekly, preauditHandlers, schedulePreaudit, weekdayOf, weekdayOfDay } from '../src/preaudit/weekly.ts';
import { portalHome } from '../src/portal/paths.ts';
import { buildServer } from '../src/web/server.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import { BROKEN, GOOD, startOitSite, type OitSite } from './helpers/oit-site.ts';

const ORIGIN = 'https://ita.huai-thong.example';
const ref = { org: 'huai-thong', year: 2570 };
const admin = cliPrincipal(cliActor('test'));
const NOW = new Date('2027-03-10T09:00:00+07:00');

describe.each(backends())('the OIT check (%s)', (backend) => {
  let t: TestDb;
  let site: OitSite;
  let app: FastifyInstance;
  let options: (now: Date, more?: Partial<CheckOptions>) => CheckOptions;

  beforeAll(async () => {
    t = await testDb(backend);
    await ensureDemo(t.db);
    await ensureDemoAccounts(t.db, new Date('2026-10-01T00:00:00Z'));
    site = await startOitSite();
    app = await buildServer({ db: t.db, logger: false });
    const fetcher = new SafeFetcher({ ...DEFAULT_POLICY, allowHosts: new Set([site.host]), timeoutMs: 1500, maxBytes: 1024 * 1024 });
    const reader = withOwnSite(ORIGIN, injectOf(app), fetcher);
    options = (now, more = {}) => ({ trigger: 'now', now, origin: ORIGIN, reader, ...more });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await site?.close();
    await t?.dispose();
  });

  /** One item checked at one address of the site (not recorded). */
  const one = async (path: string, item = 'O12') => {
    const run = await checkOit(t.db, admin, ref, options(NOW, { item, urls: [`${site.base}${path}`] }));
    expect(run.recorded).toBe(false);
    expect(run.items).toHaveLength(1);
    return run.items[0]!;
  };
  const said = (r: { reasons: readonly { th: string; en: string }[] }) => r.reasons.map((x) => x.th).join('\n');

  it('a page naming the organisation and the year passes; one naming neither fails', async () => {
    const good = await one('/o12');
    expect(good).toMatchObject({ item: 'O12', status: 'pass', reasons: [], answeredOn: 'given' });
    expect(good.urls[0]).toMatchObject({ url: `${site.base}/o12`, status: 200, reason: null, kind: 'html' });
    const none = await one('/none');
    expect(none.status).toBe('fail');
    expect(said(none)).toContain('ไม่ระบุชื่อหน่วยงานและปีงบประมาณ พ.ศ. ๒๕๖๙');
    expect(none.reasons.every((r) => r.en.length > 0 && r.todoTh.length > 0 && r.todoEn.length > 0)).toBe(true);
  });

  it('a monthly item missing a month fails with the month in Thai; none after the OIT closed is asked for', async () => {
    const o11 = await one('/o11', 'O11');
    expect(o11.status).toBe('fail');
    expect(o11.reasons.map((r) => r.code)).toEqual(['missing:month-2027-02']);
    expect(said(o11)).toBe('ไม่พบข้อมูลเดือน ก.พ. ๒๕๗๐');
    // The OIT closed on 20 January (the calendar): no month after it is asked for.
    await setNaccCalendar(t.db, admin, ref, { dueDay: '5', dates: { oit_close: '2027-01-20' } });
    try {
      const closed = await one('/o11', 'O11');
      expect(closed.requirements.map((r) => r.code).filter((c) => c.startsWith('month-'))).toEqual(['month-2026-10', 'month-2026-11', 'month-2026-12']);
      expect(closed.status).toBe('pass');
    } finally {
      await setNaccCalendar(t.db, admin, ref, { dueDay: '5', dates: { oit_close: '' } });
    }
  });

  it('a scanned image is for a person to look at', async () => {
    const scan = await one('/scan.png');
    expect(scan.status).toBe('manual');
    expect(said(scan)).toContain('เอกสารเป็นภาพสแกน ตรวจข้อความไม่ได้');
  });

  it('addresses that cannot be read fail with their reason, and nothing is connected to inside the network', async () => {
    const cases: [string, number | null, string][] = [
      ['/missing', 404, 'ลิงก์ตอบกลับ 404'],
      ['/loop', null, 'วนกลับมาที่เดิม'],
      ['/to-other', null, 'ที่อยู่ภายในเครือข่าย'],
      ['/to-metadata', null, 'ไม่ตรวจ "169.254.169.254"'],
      ['/slow', null, 'ไม่ตอบภายใน'],
      ['/huge', null, 'ไฟล์ใหญ่เกิน 1 MiB'],
    ];
    for (const [path, status, reason] of cases) {
      const r = await one(path);
      expect(r.status, path).toBe('fail');
      expect(r.reasons.map((x) => x.code), path).toContain('not-fetched');
      expect(r.urls[0]?.status, path).toBe(status);
      expect(r.urls[0]?.reason?.th, path).toContain(reason);
      expect(r.urls[0]?.reason?.en.length, path).toBeGreaterThan(0);
      expect(said(r), path).toContain(reason);
    }
  });

  it('the portal’s own pages are read in-process, by their content; an item it does not publish is unanswered', async () => {
    // The portal's home page (a local address: the safe fetcher alone would refuse it) names the organisation.
    const home = await checkOit(t.db, admin, ref, options(NOW, { item: 'O3', urls: [`${ORIGIN}${portalHome('huai-thong')}`] }));
    expect(home.items[0]!.urls[0]).toMatchObject({ status: 200, reason: null, kind: 'html' });
    expect(home.items[0]!.status).toBe('pass');
    const missing = await checkOit(t.db, admin, ref, options(NOW, { item: 'O3', urls: [`${ORIGIN}/o/huai-thong/no-such-page`] }));
    expect(missing.items[0]!.urls[0]).toMatchObject({ status: 404 });
    // The demo publishes no OIT item on the portal yet: answered nowhere, it fails as unanswered.
    const answers = await oitAnswers(t.db, admin, ref, ORIGIN, NOW);
    expect(answers.items.find((a) => a.code === 'O3')).toMatchObject({ source: 'portal', portalState: 'none' });
    const unanswered = await checkOit(t.db, admin, ref, options(NOW, { item: 'O3' }));
    expect(unanswered.items[0]).toMatchObject({ status: 'fail', answeredOn: 'portal', urls: [] });
    expect(unanswered.items[0]!.reasons.map((r) => [r.code, r.th])).toEqual([['no-url', 'ยังไม่ได้ระบุ URL']]);
  });

  it('history: the same outcome twice is one stretch; pass then fail is two, and the coordinator hears of it once', async () => {
    await setOitAnswer(t.db, admin, ref, 'O12', { urls: [`${site.base}/o12`] });
    const at = (day: string) => new Date(`${day}T09:00:00+07:00`);
    site.o12 = GOOD;
    const first = await checkOit(t.db, admin, ref, options(at('2027-03-01'), { item: 'O12' }));
    expect(first).toMatchObject({ recorded: true, broken: [] });
    expect(first.items[0]).toMatchObject({ status: 'pass', answeredOn: 'site' });
    await checkOit(t.db, admin, ref, options(at('2027-03-02'), { item: 'O12' }));
    expect((await preauditHistory(t.db, admin, ref, 'O12')).stretches).toMatchObject([{ status: 'pass', from: at('2027-03-01').toISOString(), to: at('2027-03-02').toISOString() }]);

    site.o12 = BROKEN;
    const broke = await checkOit(t.db, admin, ref, options(at('2027-03-03'), { item: 'O12' }));
    expect(broke.broken).toEqual(['O12']);
    const stretches = (await preauditHistory(t.db, admin, ref, 'O12')).stretches;
    expect(stretches.map((s) => s.status)).toEqual(['fail', 'pass']);
    const again = await checkOit(t.db, admin, ref, options(at('2027-03-04'), { item: 'O12' }));
    expect(again.broken).toEqual([]);

    const inbox = await t.db.query<{ name_th: string; subject: string; title_th: string; title_en: string; link: string }>(
      `SELECT p.name_th, i.subject, i.title_th, i.title_en, i.link FROM inbox_items i JOIN people p ON p.id = i.person_id WHERE i.subject LIKE 'oit-broken:%'`,
    );
    expect(inbox.length).toBeGreaterThan(0);
    expect(inbox.some((r) => r.name_th === 'นางสาวสุดา ประสานงาน')).toBe(true);
    for (const r of inbox) {
      expect(r.title_th.startsWith('ข้อ O12 ผ่านการตรวจครั้งก่อน แต่ตอนนี้ไม่ผ่าน: ')).toBe(true);
      expect(r.title_en.startsWith('item O12 passed its previous check but fails now: ')).toBe(true);
      expect(r.link).toBe('/staff/o/huai-thong/2570/oit-check');
      expect(r.subject).toBe('oit-broken:2570:O12:2027-03-03');
    }
    const coordinator = inbox.filter((r) => r.name_th === 'นางสาวสุดา ประสานงาน');
    expect(coordinator).toHaveLength(1);
    site.o12 = GOOD;
  });

  it('the weekly planner queues an organisation in its OIT window on its weekday only, and the job runs the check', async () => {
    await setNaccCalendar(t.db, admin, ref, { dueDay: '5', dates: { oit_open: '2027-03-08', oit_close: '2027-03-31' } });
    await setOitAnswer(t.db, admin, ref, 'O12', { urls: [`${site.base}/o12`] });
    site.o12 = GOOD;
    const orgId = (await t.db.query<{ id: string }>("SELECT id FROM organisations WHERE slug = 'huai-thong'"))[0]!.id;
    const week = ['2027-03-15', '2027-03-16', '2027-03-17', '2027-03-18', '2027-03-19', '2027-03-20', '2027-03-21'];
    const day = week.find((d) => weekdayOfDay(d) === weekdayOf(orgId))!;
    const other = week.find((d) => d !== day)!;
    const morning = (d: string) => new Date(`${d}T06:00:00+07:00`);
    const next = (d: string) => new Date(new Date(`${d}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(isoWeek(day)).toBe('2027-W11');
    expect(await planWeekly(t.db, morning(other))).toBe(0);
    // Its weekday, but after the window closed.
    const after = new Date(new Date(`${day}T00:00:00Z`).getTime() + 21 * 86_400_000).toISOString().slice(0, 10);
    expect(await planWeekly(t.db, morning(after))).toBe(0);

    // The day's planner (serve starts the chain) queues the check, and tomorrow's planner first.
    let closed = 0;
    const handlers = preauditHandlers(new JobHandlers(), async () => ({ reader: options(NOW).reader, close: async () => void closed++ }));
    await schedulePreaudit(t.db, morning(day));
    const result = await drain(t.db, handlers, { now: morning(day) });
    expect(result).toMatchObject({ done: 2, failed: 0 });
    expect(closed).toBe(1);
    const queued = (await listJobs(t.db, admin)).filter((j) => j.kind.startsWith('preaudit.'));
    expect(queued.map((j) => [j.kind, j.status, j.runAt])).toEqual([['preaudit.plan', 'queued', new Date(`${next(day)}T00:00:00+07:00`).toISOString()]]);
    // Once a week: the same week does not queue it again.
    expect(await planWeekly(t.db, morning(day))).toBe(0);
    const results = await preauditResults(t.db, admin, ref);
    expect(results.items.every((i) => i.result !== null && i.result.checkedAt === morning(day).toISOString())).toBe(true);
    const history = await preauditHistory(t.db, admin, ref, 'O12');
    expect(history.stretches[0]).toMatchObject({ status: 'pass', trigger: 'weekly' });
  });
});

describe('which addresses are read as documents', () => {
  it('reads a Google Drive file from its download address and follows links to files only', () => {
    expect(readableUrl('https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view?usp=sharing')).toBe('https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOp');
    expect(readableUrl('https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOp')).toBe('https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOp');
    expect(readableUrl('https://example.go.th/file/d/1AbCdEfGhIjKlMnOp/view')).toBe('https://example.go.th/file/d/1AbCdEfGhIjKlMnOp/view');
    expect(readableUrl('not a url')).toBe('not a url');
    expect(isDocumentLink('https://example.go.th/files/%E0%B8%AA%E0%B8%A3%E0%B8%B8%E0%B8%9B.PDF')).toBe(true);
    expect(isDocumentLink('https://example.go.th/uploads/plan.xlsx?v=2')).toBe(true);
    expect(isDocumentLink('https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view')).toBe(true);
    expect(isDocumentLink('https://example.go.th/news.php?id=4')).toBe(false);
  });
});
