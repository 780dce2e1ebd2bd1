/**
 * The portal in a real browser: Chromium (playwright-core) with axe-core checks every public page and the staff
 * pages of the portal for WCAG 2.1 A/AA violations, at an office laptop's size and a phone's; no CSP errors
 * (no inline script or style anywhere); the Atom feed parses with the browser's XML parser; the complaint
 * statistics show only protected counts. Screenshots go to test/artifacts/.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/app/authz.ts';
import { approveVersion, saveDraft, submitVersion, type SlotRef } from '../src/portal/publications.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import { CHROMIUM_FLAGS } from '../src/documents/core/browser.ts';
import { portalArea } from '../src/portal/routes.tsx';
import { principal } from './app-fixtures.ts';
import { axeViolations, CHROMIUM, newPage, NO_CHROMIUM_REASON, shot, signIn, type E2e } from './e2e-support.ts';
import { demoEmail, startServer, type TestServer } from './web-support.ts';

const ORG = 'huai-thong';
const NOW = new Date('2023-03-15T03:00:00.000Z');

describe.skipIf(!CHROMIUM)(`portal in Chromium (${CHROMIUM ? 'found' : NO_CHROMIUM_REASON})`, () => {
  let server: TestServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    server = await startServer('pglite', { areas: [portalArea] });
    server.clock.now = NOW;
    const db = server.t.db;
    const [org] = await db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [ORG]);
    const orgId = org!.id;
    const coordinator: Principal = principal('coordinator', orgId, null, 'ผู้ประสานงาน');
    const executive: Principal = principal('executive', orgId, null, 'นายก');
    const publish = async (ref: SlotRef, content: Record<string, unknown>) => {
      await saveDraft(db, coordinator, ref, content, NOW);
      const v = await submitVersion(db, coordinator, ref, { now: NOW });
      await approveVersion(db, executive, ref, v.version, null, NOW);
    };
    const item = (code: string): SlotRef => ({ org: ORG, slot: { kind: 'oit', year: 2566, code } });
    // Full scores for the results (the NACC 2564 figures of ตราด).
    const year = await loadYear(db, ORG, 2566);
    const scores = { 1: 93.55, 2: 87.72, 3: 91.01, 4: 87.93, 5: 89.52, 6: 90.55, 7: 88.68, 8: 88.58, 9: 72.89, 10: 65.56 };
    await saveYear(db, { id: null, label: 'test' }, { ...year, scores: { ...year.scores, indicators: Object.fromEntries(Object.entries(scores)) } });
    await publish(item('O1'), { text: 'แผนผังโครงสร้าง ฝ่ายการเมืองและฝ่ายประจำ\n\nอำนาจหน้าที่ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล', links: [{ label: 'แผนผังโครงสร้าง', url: 'https://example.go.th/structure', period: null }] });
    await publish(item('O1'), { text: 'แผนผังโครงสร้าง (ปรับปรุง)' });
    await publish(item('O42'), { text: 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี ๒๕๖๖', documents: [{ kind: 'measures-plan', year: 2566 }, { kind: 'analysis', year: 2566 }], coversYear: 2566 });
    await publish({ org: ORG, slot: { kind: 'declaration', year: 2566 } }, { text: 'ข้าพเจ้าขอประกาศเจตจำนงว่าจะบริหารงานด้วยความซื่อสัตย์สุจริต โปร่งใส และตรวจสอบได้', signerName: 'นายประเสริฐ บริหารดี', signerPosition: 'นายกองค์การบริหารส่วนตำบลห้วยทอง', signedOn: '2022-10-03' });
    await publish({ org: ORG, slot: { kind: 'results', year: 2566 } }, { text: 'ผลการประเมิน ITA ปี 2566' });
    await saveDraft(db, coordinator, item('O43'), { text: 'รายงานผลการดำเนินการ (ร่าง)' }, NOW);
    await submitVersion(db, coordinator, item('O43'), { now: NOW });
    await saveDraft(db, coordinator, item('O2'), { text: 'ร่างข้อมูลผู้บริหาร' }, NOW);
    // A complaint channel with complaints in November 2022 (7 corruption, 2 service) and January 2023 (1).
    await db.query("INSERT INTO complaint_orgs (org_id, public_key, recovery_box, recovery_made_on) VALUES ($1, $2, $3, '2022-10-01')", [orgId, randomBytes(32), randomBytes(48)]);
    const complaint = (day: string, type: string) =>
      db.query(
        `INSERT INTO complaints (org_id, channel, type, receipt_lookup, received_on, ack_due, close_due, key_version, dek_box, body_box, message_key_box)
         VALUES ($1, 'public', $2, $3, $4, $4, $4, 1, $5, $5, $5)`,
        [orgId, type, randomBytes(32).toString('hex'), day, randomBytes(16)],
      );
    for (let i = 0; i < 7; i++) await complaint('2022-11-10', 'corruption');
    for (let i = 0; i < 2; i++) await complaint('2022-11-20', 'service');
    await complaint('2023-01-05', 'corruption');

    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: [...CHROMIUM_FLAGS] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const e2e = (): E2e => ({ server, base, browser, close: async () => undefined });

  async function audit(page: Page, url: string, name: string): Promise<void> {
    const res = await page.goto(`${base}${url}`);
    expect(res?.status(), url).toBeLessThan(400);
    await shot(page, name);
    const violations = await axeViolations(page);
    expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), url).toEqual([]);
  }

  it('has no serious WCAG 2.1 AA violations on the public pages, on a laptop and on a phone, and no CSP error', async () => {
    const { context, page, cspErrors } = await newPage(e2e());
    try {
      const pages: [string, string][] = [
        [`/o/${ORG}/`, 'portal-home'],
        [`/o/${ORG}/?lang=en`, 'portal-home-en'],
        [`/o/${ORG}/ita/2566`, 'portal-year'],
        [`/o/${ORG}/ita/2566/O42`, 'portal-item-documents'],
        [`/o/${ORG}/ita/2566/O1/v1`, 'portal-item-superseded'],
        [`/o/${ORG}/declaration/2566`, 'portal-declaration'],
        [`/o/${ORG}/results`, 'portal-results'],
        [`/o/${ORG}/results/2566`, 'portal-results-year'],
        [`/o/${ORG}/documents`, 'portal-documents'],
        [`/o/${ORG}/data`, 'portal-data'],
      ];
      for (const [url, name] of pages) await audit(page, url, name);
      // The 404 page of the portal.
      const missing = await page.goto(`${base}/o/${ORG}/ita/2566/O9`);
      expect(missing?.status()).toBe(404);
      expect(await axeViolations(page)).toEqual([]);
      expect(cspErrors).toEqual([]);
    } finally {
      await context.close();
    }
    const phone = await newPage(e2e(), { width: 360, height: 740 });
    try {
      await audit(phone.page, `/o/${ORG}/ita/2566`, 'portal-year-phone');
      // Nothing wider than the screen.
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    } finally {
      await phone.context.close();
    }
  });

  it('shows the complaint statistics protected, and the feed parses as XML in the browser', async () => {
    const { context, page } = await newPage(e2e());
    try {
      await page.goto(`${base}/o/${ORG}/ita/2566`);
      const stats = page.locator('section.card', { has: page.getByRole('heading', { level: 2, name: /^สถิติเรื่องร้องเรียน/ }) });
      await expect(stats.count()).resolves.toBe(1);
      const text = await stats.innerText();
      // On 15 March 2023 only quarter 1 (October–December 2022) is over: every count of 1 to 4 is "< 5", a type
      // with no complaint is "0" (issue 16), the largest of such a line and the total (9) are "–"; January's is not shown.
      expect(text).toContain('ไตรมาสที่ ๑ ปีงบประมาณ ๒๕๖๖');
      expect(text).not.toContain('ไตรมาสที่ ๒');
      expect(text).toContain('สถิติจะเผยแพร่เมื่อสิ้นไตรมาส');
      expect(text).toMatch(/< [5๕]/);
      expect(text).toMatch(/รวม\s+–/);
      expect(text).toMatch(/การผิดวินัยหรือจริยธรรม\s+[0๐]\n/); // no complaint of that type: 0, not "< 5" (issue 16)
      expect(text).not.toMatch(/\b7\b/);
      await expect(stats.getByRole('link', { name: /แจ้งเรื่องร้องเรียน/ }).getAttribute('href')).resolves.toBe(`/o/${ORG}/complaints`);
      // The same protected counts as open data, and in the catalogue.
      const csv = await (await fetch(`${base}/o/${ORG}/data/complaints-2566.csv`)).text();
      expect(csv).toContain('Q1,ไตรมาสที่ ๑ ปีงบประมาณ ๒๕๖๖,2022-10-01,2022-12-31,ประเภท,corruption,การทุจริตและประพฤติมิชอบ,–');
      expect(csv).toContain('Q1,ไตรมาสที่ ๑ ปีงบประมาณ ๒๕๖๖,2022-10-01,2022-12-31,ประเภท,total,รวม,–');
      expect(csv).not.toContain('Q2,');
      expect(csv).not.toMatch(/,7\r?\n/);
      const catalog = JSON.parse(await (await fetch(`${base}/o/${ORG}/catalog.jsonld`)).text()) as { 'dcat:dataset': { 'dct:identifier': string; 'thgdc:data_type': string }[] };
      expect(catalog['dcat:dataset'].find((d) => d['dct:identifier'] === 'huai-thong-complaints-2566')?.['thgdc:data_type']).toBe('ข้อมูลสถิติ');
      const feed = await page.evaluate(async (url) => {
        const xml = await (await fetch(url)).text();
        const doc = new DOMParser().parseFromString(xml, 'application/xml');
        return {
          error: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.localName,
          ns: doc.documentElement.namespaceURI,
          entries: Array.from(doc.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')).map((e) => e.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'id')[0]?.textContent),
        };
      }, `${base}/o/${ORG}/feed.atom`);
      expect(feed).toMatchObject({ error: 0, root: 'feed', ns: 'http://www.w3.org/2005/Atom' });
      expect(feed.entries).toHaveLength(5);
      expect(feed.entries.every((id) => /\/o\/huai-thong\/(ita|declaration|results)\/2566(\/O\d+)?\/v\d$/.test(id ?? ''))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('has no serious WCAG 2.1 AA violations on the staff pages of the portal', async () => {
    for (const role of ['coordinator', 'executive'] as const) {
      const { context, page, cspErrors } = await newPage(e2e());
      try {
        await signIn(page, base, demoEmail(role));
        await audit(page, `/staff/o/${ORG}/2566/portal`, `portal-staff-year-${role}`);
        await audit(page, `/staff/o/${ORG}/2566/portal/oit/O43`, `portal-staff-submitted-${role}`);
        await audit(page, `/staff/o/${ORG}/2566/portal/oit/O2`, `portal-staff-draft-${role}`);
        await audit(page, `/staff/o/${ORG}/2566/portal/answer-sheet`, `portal-staff-answers-${role}`);
        if (role === 'executive') {
          // The executive approves the submitted report for a later date, through the form.
          await page.goto(`${base}/staff/o/${ORG}/2566/portal/oit/O43`);
          await page.getByLabel(/เวลาเผยแพร่/).fill('1 เม.ย. 2566 09:00');
          await Promise.all([page.waitForURL(/done=approved/), page.getByRole('button', { name: 'อนุมัติให้เผยแพร่' }).click()]);
          await expect(page.getByText(/จะเผยแพร่เมื่อ/).count()).resolves.toBeGreaterThan(0);
        }
        expect(cspErrors).toEqual([]);
      } finally {
        await context.close();
      }
    }
    // Still not public: it is scheduled for 1 April.
    const res = await fetch(`${base}/o/${ORG}/ita/2566/O43`);
    expect(res.status).toBe(404);
  });
});
