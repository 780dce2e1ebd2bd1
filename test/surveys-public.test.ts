/**
 * Answering a survey in public (issue 19, point 2), on both databases: the form of a survey's link and of a service
 * point's link (the public form's contract: formToken, one radio group per item code with values "1".."k", `code`
 * for IIT), the answers counted in the results, the IIT one-time code used once, every refusal (closed, not yet
 * open, draft, unknown link, bad / early / reused form token, missing or invalid answers, too many from one address)
 * as a Thai page that writes nothing, each page under 50 KB without script or outside request, the anonymity grep
 * (no address, browser, code or time of day in any table or in the log), axe on the pages in Chromium at 360 px,
 * and the staff's poster (PDF text, HTML) and QR image (decoded back to the link).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import jsqr from 'jsqr';
import { chromium, type Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { assetUrl } from '../src/web/assets.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/app/authz.ts';
import { DEMO_SLUG } from '../src/demo/huai-thong.ts';
import { CHROMIUM_FLAGS } from '../src/documents/core/browser.ts';
import { DocumentBrowser } from '../src/documents/core/index.ts';
import { getCriteria } from '../src/ita/index.ts';
import { SURVEY_LIMITS, surveysAreaWith } from '../src/surveys/routes-public.tsx';
import { addPoint, closeSurvey, createSurvey, generateCodes, getSurvey, publishSurvey, surveyResultsOf, type Survey, type SurveyPoint } from '../src/surveys/service.ts';
import { PUBLIC_TEXT } from '../src/surveys/views-public.tsx';
import { principal } from './app-fixtures.ts';
import { axeViolations, CHROMIUM, duplicateIds } from './e2e-support.ts';
import { missingTools, normalise, run } from './fixtures/documents/helpers.ts';
import { backends, type Backend } from './helpers/db.ts';
import { demoEmail, sessionClient, startServer, type TestServer } from './web-support.ts';

// jsqr is CommonJS: its module object is the function, and the function is also its own `default` (what the types say).
const jsQR = jsqr.default;
const decodePng = (bytes: Buffer): string | null => {
  const png = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)?.data ?? null;
};

const REF = { org: DEMO_SLUG, year: 2569 } as const;
const PERIOD = { opensOn: '2026-03-01', closesOn: '2026-06-30' } as const;
/** A time of day unlike the real one (the audit log's times are real): the answers' time must not be kept. */
const HOUR = (new Date().getUTCHours() + 5) % 24;
const DURING = new Date(Date.UTC(2026, 3, 15, HOUR, 47, 0));
const hhmm = (d: Date, offsetHours: number) => {
  const h = (d.getUTCHours() + offsetHours) % 24;
  return `${String(h).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};
const EIT_2569 = getCriteria(2569).questions.filter((q) => q.tool === 'EIT');
const IIT_2569 = getCriteria(2569).questions.filter((q) => q.tool === 'IIT');
/** A full form of a tool: every four-level item "3", every yes/no item "2". */
const formOf = (questions: typeof EIT_2569): Record<string, string> =>
  Object.fromEntries(questions.flatMap((q) => q.items.map((i) => [i.code, i.scale === 'yes-no' ? '2' : '3'])));

const tokenOf = (html: string) => /name="formToken" value="([^"]+)"/.exec(html)?.[1] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'prongsai-surveys-public-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PDF_TOOLS_MISSING = missingTools(['pdftotext']).length > 0;

/** What a public page must be: Thai, small, without script, with its one small stylesheet and nothing else to fetch. */
function expectLightPage(html: string): void {
  expect(Buffer.byteLength(html)).toBeLessThan(50_000);
  expect(html).toContain('<html lang="th"');
  expect(html).not.toMatch(/<script|<img |src=|url\(|<style/i);
  expect([...html.matchAll(/<link [^>]*>/g)].map((l) => l[0])).toEqual([`<link rel="stylesheet" href="${assetUrl('survey.css')}"/>`]);
}

describe.each(backends())('answering a survey in public on %s', (backend: Backend) => {
  let s: TestServer;
  let docs: DocumentBrowser;
  const logs: string[] = [];
  let coordinator: Principal;
  let eit: Survey;
  let iit: Survey;
  let point: SurveyPoint;
  let codes: string[];
  const links: Record<'draft' | 'closed' | 'notYet', string> = { draft: '', closed: '', notYet: '' };
  /** Each flow its own client address, so that the per-address limit (3 here) is tested on its own. */
  let address = 10;
  const nextAddress = () => `192.0.2.${address++}`;

  beforeAll(async () => {
    docs = new DocumentBrowser();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    s = await startServer(backend, {
      logger: { level: 'info', stream },
      trustProxy: true,
      browser: docs,
      areas: [surveysAreaWith({ limits: { ...SURVEY_LIMITS, filingsPerAddress: { capacity: 3, windowMs: 3600_000 } } })],
    });
    s.clock.now = DURING;
    const [org] = await s.t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [DEMO_SLUG]);
    coordinator = principal('coordinator', org!.id);
    const db = s.t.db;
    eit = await createSurvey(db, coordinator, REF, { kind: 'EIT', title: 'แบบสำรวจความพึงพอใจผู้รับบริการ ทดสอบ', ...PERIOD, ownQuestions: [{ code: 's1', textTh: 'พอใจการบริการโดยรวม', scale: 'four-level' }] });
    eit = await publishSurvey(db, coordinator, REF, eit.id);
    point = await addPoint(db, coordinator, REF, eit.id, 'เคาน์เตอร์กองคลัง');
    iit = await publishSurvey(db, coordinator, REF, (await createSurvey(db, coordinator, REF, { kind: 'IIT', title: 'แบบสำรวจบุคลากร ทดสอบ', ...PERIOD })).id);
    codes = await generateCodes(db, coordinator, REF, iit.id, 3);
    links.draft = (await createSurvey(db, coordinator, REF, { kind: 'EIT', title: 'ร่าง', ...PERIOD })).linkToken;
    const closed = await publishSurvey(db, coordinator, REF, (await createSurvey(db, coordinator, REF, { kind: 'EIT', title: 'ปิดแล้ว', ...PERIOD })).id);
    links.closed = (await closeSurvey(db, coordinator, REF, closed.id)).linkToken;
    links.notYet = (await publishSurvey(db, coordinator, REF, (await createSurvey(db, coordinator, REF, { kind: 'EIT', title: 'ยังไม่เปิด', opensOn: '2026-05-01', closesOn: '2026-06-30' })).id)).linkToken;
  }, 120_000);
  afterAll(async () => {
    await s?.close();
    await docs?.close();
  });

  const later = (ms: number) => {
    s.clock.now = new Date(s.clock.now.getTime() + ms);
  };
  const get = (token: string, headers: Record<string, string> = {}) => s.app.inject({ method: 'GET', url: `/s/${token}`, headers });
  const post = (token: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    s.app.inject({ method: 'POST', url: `/s/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextAddress(), ...headers }, payload: new URLSearchParams(fields).toString() });
  /** A respondent: opens the form, takes its time (the form token's minimum age: the server's clock moves, no sleep), sends. */
  async function answer(token: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    const form = await get(token, headers);
    expect(form.statusCode).toBe(200);
    later(5_000);
    return post(token, { formToken: tokenOf(form.body), ...fields }, headers);
  }
  const counts = async () => {
    const [row] = await s.t.db.query<{ responses: number; codes: number }>('SELECT (SELECT count(*)::int FROM survey_responses) AS responses, (SELECT count(*)::int FROM survey_codes) AS codes');
    return row!;
  };
  /** The request refused as a Thai page, and nothing written. */
  async function refused(request: () => Promise<{ statusCode: number; body: string }>, status: number, text: string): Promise<string> {
    const before = await counts();
    const res = await request();
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain(text);
    expectLightPage(res.body);
    expect(await counts()).toEqual(before);
    return res.body;
  }

  it('serves the form of the contract: formToken, one radio group per item with values 1..k, own questions, Thai, light', async () => {
    const res = await get(eit.linkToken);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    const html = res.body;
    expectLightPage(html);
    expect(html).toContain(`<form method="post" action="/s/${eit.linkToken}"`);
    expect(tokenOf(html)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    for (const q of EIT_2569) {
      for (const i of q.items) {
        const k = i.scale === 'yes-no' ? 2 : 4;
        for (let v = 1; v <= k; v++) expect(html).toContain(`name="${i.code}" value="${v}"`);
        expect(html).not.toContain(`name="${i.code}" value="${k + 1}"`);
      }
    }
    expect(html).toContain('name="s1" value="4"');
    expect(html).not.toContain('name="code"');
    expect(html).toContain('แบบสำรวจความพึงพอใจผู้รับบริการ ทดสอบ');
    expect(html).toContain('องค์การบริหารส่วนตำบลห้วยทอง');
    expect(html).toContain(PUBLIC_TEXT.anonymity);
    expect(html).toMatch(/<fieldset[^>]*><legend>/);
    const iitForm = await get(iit.linkToken);
    expect(iitForm.statusCode).toBe(200);
    expectLightPage(iitForm.body);
    expect(iitForm.body).toContain('name="code"');
    expect(iitForm.body).toContain(`name="${IIT_2569[0]!.items[0]!.code}" value="1"`);
  });

  it('takes EIT answers through HTTP and counts them in the results', async () => {
    const before = await counts();
    for (let n = 0; n < 5; n++) {
      const res = await answer(eit.linkToken, { ...formOf(EIT_2569), s1: '4' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(PUBLIC_TEXT.thanksTitle);
      expectLightPage(res.body);
    }
    expect((await counts()).responses).toBe(before.responses + 5);
    const [result] = await surveyResultsOf(s.t.db, coordinator, REF, eit.id);
    expect(result!.results.respondents).toBe(5);
    expect(result!.results.indicators.find((i) => i.indicator === 6)?.score).not.toBeNull();
    expect(result!.results.own[0]?.score).toBe(100);
  });

  it('records the service point of a point’s link', async () => {
    const res = await answer(point.linkToken, formOf(EIT_2569));
    expect(res.statusCode).toBe(200);
    expect((await get(point.linkToken)).body).toContain('เคาน์เตอร์กองคลัง');
    const rows = await s.t.db.query<{ point_id: string | null }>('SELECT point_id FROM survey_responses WHERE survey_id = $1 AND point_id IS NOT NULL', [eit.id]);
    expect(rows.map((r) => r.point_id)).toEqual([point.id]);
  });

  it('takes an IIT answer with a one-time code once (any case, without dashes), then refuses the code', async () => {
    const code = codes[0]!;
    const before = await counts();
    const res = await answer(iit.linkToken, { ...formOf(IIT_2569), code: code.replace(/-/g, '').toLowerCase() });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(PUBLIC_TEXT.thanksTitle);
    expect(await counts()).toEqual({ responses: before.responses + 1, codes: before.codes - 1 });
    await refused(() => answer(iit.linkToken, { ...formOf(IIT_2569), code }), 400, 'รหัสนี้ใช้ไม่ได้');
    await refused(() => answer(iit.linkToken, { ...formOf(IIT_2569), code: 'ABCD-EFGH-JK' }), 400, 'รหัสนี้ใช้ไม่ได้');
    await refused(() => answer(iit.linkToken, formOf(IIT_2569)), 400, 'แบบสำรวจนี้ต้องใช้รหัสใช้ครั้งเดียว');
  });

  it('refuses a closed, not yet open, draft or unknown survey with a Thai page and writes nothing', async () => {
    await refused(() => get(links.closed), 409, 'แบบสำรวจนี้ปิดรับคำตอบแล้ว');
    await refused(() => post(links.closed, { formToken: 'x', ...formOf(EIT_2569) }), 409, 'แบบสำรวจนี้ปิดรับคำตอบแล้ว');
    await refused(() => get(links.notYet), 409, 'แบบสำรวจนี้ยังไม่เปิดรับคำตอบ');
    await refused(() => post(links.notYet, { formToken: 'x', ...formOf(EIT_2569) }), 409, 'ยังไม่เปิดรับคำตอบ');
    await refused(() => get(links.draft), 404, PUBLIC_TEXT.notFound);
    await refused(() => post(links.draft, formOf(EIT_2569)), 404, PUBLIC_TEXT.notFound);
    await refused(() => get('no-such-survey-link-0000'), 404, PUBLIC_TEXT.notFound);
    await refused(() => get('bad'), 404, PUBLIC_TEXT.notFound);
  });

  it('refuses a bad, early or reused form token, and missing or invalid answers, keeping the answers given', async () => {
    await refused(() => post(eit.linkToken, { formToken: 'not-a-token', ...formOf(EIT_2569) }), 400, PUBLIC_TEXT.expired);
    await refused(() => post(eit.linkToken, formOf(EIT_2569)), 400, PUBLIC_TEXT.expired);
    const early = tokenOf((await get(eit.linkToken)).body);
    await refused(() => post(eit.linkToken, { formToken: early, ...formOf(EIT_2569) }), 400, PUBLIC_TEXT.tooSoon);
    // Another survey's token is not this survey's.
    const other = tokenOf((await get(iit.linkToken)).body);
    later(5_000);
    await refused(() => post(eit.linkToken, { formToken: other, ...formOf(EIT_2569) }), 400, PUBLIC_TEXT.expired);
    // Used once: the second time is refused.
    const once = tokenOf((await get(eit.linkToken)).body);
    later(5_000);
    expect((await post(eit.linkToken, { formToken: once, ...formOf(EIT_2569) })).statusCode).toBe(200);
    await refused(() => post(eit.linkToken, { formToken: once, ...formOf(EIT_2569) }), 400, PUBLIC_TEXT.expired);
    // No answer at all; an answer out of its scale (the others stay checked on the page shown again).
    await refused(() => answer(eit.linkToken, {}), 400, 'ยังไม่ได้ตอบข้อใดเลย');
    const item = EIT_2569[0]!.items[0]!.code;
    const page = await refused(() => answer(eit.linkToken, { [item]: '9', s1: '2' }), 400, `คำตอบของข้อ ${item} ต้องเป็นตัวเลือกที่ 1 ถึง`);
    expect(page).toContain('class="error-summary"');
    expect(page).toContain('name="s1" value="2" checked');
    // An expired token (a day old).
    const old = tokenOf((await get(eit.linkToken)).body);
    s.clock.now = new Date(Date.UTC(2026, 3, 20, HOUR, 47, 0));
    await refused(() => post(eit.linkToken, { formToken: old, ...formOf(EIT_2569) }), 400, PUBLIC_TEXT.expired);
  });

  it('limits the answers from one address (429, in memory), counting only the answers taken', async () => {
    const from = { 'x-forwarded-for': '203.0.113.9' };
    for (let n = 0; n < 3; n++) expect((await answer(eit.linkToken, formOf(EIT_2569), from)).statusCode).toBe(200);
    const res = await refused(() => answer(eit.linkToken, formOf(EIT_2569), from), 429, 'มีการส่งคำตอบจากเครือข่ายนี้มากเกินไป');
    expect(res).toContain('name="formToken"');
  });

  it('keeps no address, browser, code or time of day with a response: every table and the log grepped', async () => {
    const marker = { ua: 'SurveyMarkerBrowser/9.7 (anon-grep)', ip: '198.51.100.231' };
    const code = codes[1]!;
    s.clock.now = DURING;
    const headers = { 'user-agent': marker.ua, 'x-forwarded-for': marker.ip };
    const form = await get(iit.linkToken, headers);
    later(60_000);
    const when = s.clock.now;
    const res = await post(iit.linkToken, { formToken: tokenOf(form.body), ...formOf(IIT_2569), code }, headers);
    expect(res.statusCode).toBe(200);
    // The log works (a staff request is logged), and holds nothing of the respondent's requests.
    await s.app.inject({ method: 'GET', url: '/login' });
    const log = logs.join('');
    expect(log).toContain('/login');
    const tables = await s.t.db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1");
    expect(tables.map((t) => t.name)).toContain('survey_responses');
    let dump = '';
    for (const { name } of tables) {
      for (const row of await s.t.db.query<{ r: string }>(`SELECT t::text AS r FROM "${name}" t`)) dump += `${name}: ${row.r}\n`;
    }
    const columns = await s.t.db.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'survey_responses' AND table_schema = current_schema() ORDER BY ordinal_position");
    expect(columns.map((c) => c.c)).toEqual(['id', 'survey_id', 'point_id', 'month', 'answers', 'own_answers']);
    for (const [where, text] of [['tables', dump], ['log', log]] as const) {
      for (const secret of [marker.ua, 'SurveyMarkerBrowser', marker.ip, code, code.replace(/-/g, ''), hhmm(when, 0), hhmm(when, 7)]) {
        expect(text.includes(secret), `${secret} in the ${where}`).toBe(false);
      }
    }
    expect(log).not.toContain('/s/');
    expect(dump).toContain('2026-04-01');
  });

  it('prints the poster of a survey and of a service point (PDF text, HTML) and a QR image that decodes to the link', async () => {
    const c = await sessionClient(s.app, s.t, demoEmail('auditor'), new Date());
    const base = `/staff/o/${DEMO_SLUG}/2569/surveys/${eit.id}`;
    const html = await c.get(`${base}/poster.html`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('@page{size:A4 portrait');
    expect(html.body).toContain(eit.title);
    expect(html.body).toMatch(new RegExp(`https?://[^<"]+/s/${eit.linkToken}`));
    const pointHtml = await c.get(`${base}/poster.html?point=${point.id}`);
    expect(pointHtml.body).toContain(`/s/${point.linkToken}`);
    expect(pointHtml.body).toContain('เคาน์เตอร์กองคลัง');
    for (const [query, token] of [['', eit.linkToken], [`?point=${point.id}`, point.linkToken]] as const) {
      const png = await c.get(`${base}/qr.png${query}`);
      expect(png.statusCode).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(decodePng(png.rawPayload)).toMatch(new RegExp(`^https?://[^/]+/s/${token}$`));
    }
    expect((await c.get(`${base}/qr.png?point=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    const pdf = await c.get(`${base}/poster.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    if (!PDF_TOOLS_MISSING) {
      const file = join(dir, `${backend}-poster.pdf`);
      writeFileSync(file, pdf.rawPayload);
      const text = normalise(run('pdftotext', [file, '-']));
      expect(text).toContain(normalise(eit.title));
      expect(text).toContain(normalise(`/s/${eit.linkToken}`));
    }
    expect((await getSurvey(s.t.db, coordinator, REF, eit.id)).respondents).toBeGreaterThan(5);
  }, 120_000);

  describe.skipIf(!CHROMIUM || backend !== 'pglite')('in Chromium at 360 px', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM as string, args: [...CHROMIUM_FLAGS] });
    });
    afterAll(async () => browser?.close());

    it('has no axe violations and no sideways scrolling on the form, its errors, the thanks and the refusals', async () => {
      s.clock.now = DURING;
      const pages: Record<string, string> = {
        eitForm: (await get(eit.linkToken)).body,
        iitForm: (await get(iit.linkToken)).body,
        errors: (await answer(iit.linkToken, { code: 'ABCD-EFGH-JK', [IIT_2569[0]!.items[0]!.code]: '9' })).body,
        thanks: (await answer(point.linkToken, formOf(EIT_2569))).body,
        closed: (await get(links.closed)).body,
        missing: (await get(links.draft)).body,
      };
      expect(pages['errors']).toContain('class="error-summary"');
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: true });
      const page = await context.newPage();
      const outside: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('data:') && r.url() !== 'about:blank') outside.push(r.url());
      });
      for (const [name, html] of Object.entries(pages)) {
        await page.setContent(html, { waitUntil: 'load' });
        expect(await axeViolations(page), name).toEqual([]);
        expect(await duplicateIds(page), name).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(360);
      }
      expect(outside).toEqual([]);
      await context.close();
    }, 120_000);
  });
});
