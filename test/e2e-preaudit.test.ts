/**
 * The OIT pre-audit journey in real Chromium (issue 21, point 7), with a screenshot of each step in test/artifacts/:
 * the demo coordinator opens the answer sheet, goes to the pre-audit page (the year's menu), answers O1 with a page of the agency's
 * own website (a local fixture server: its structure page never names the organisation), presses "ตรวจข้อนี้", sees O1
 * fail with its reason in Thai, then opens the item's history.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CURRENT_YEAR, DEMO_SLUG } from '../src/demo/huai-thong.ts';
import { axeViolations, CHROMIUM, NO_CHROMIUM_REASON, newPage, shot, signIn, startE2e, type E2e } from './e2e-support.ts';
import { demoEmail } from './web-support.ts';

const YEAR = `/staff/o/${DEMO_SLUG}/${DEMO_CURRENT_YEAR}`;

/** Clicks and waits for the page it leads to. */
async function go(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForNavigation(), click()]);
}

describe.skipIf(!CHROMIUM)(`the OIT pre-audit journey in Chromium${CHROMIUM ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let e2e: E2e;
  let site: Server;
  let siteBase = '';
  const saved = process.env.PRONGSAI_OIT_ALLOW_HOSTS;

  beforeAll(async () => {
    // The agency's own CMS: its structure page (a template) never names the organisation.
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!doctype html><html><head><title>โครงสร้างองค์กร</title></head><body><h1>โครงสร้างองค์กร ประจำปีงบประมาณ พ.ศ. 2570</h1>' +
          '<p>โครงสร้างฝ่ายการเมือง นายกองค์การบริหารส่วนตำบล</p><p>โครงสร้างฝ่ายประจำ ปลัด สำนักปลัด กองคลัง</p><p>หน้าที่และอำนาจ</p></body></html>',
      );
    });
    await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
    siteBase = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    // Read by policyFromEnv when the server's routes are registered.
    process.env.PRONGSAI_OIT_ALLOW_HOSTS = siteBase.slice('http://'.length);
    e2e = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
    await new Promise<void>((done) => site.close(() => done()));
    if (saved === undefined) delete process.env.PRONGSAI_OIT_ALLOW_HOSTS;
    else process.env.PRONGSAI_OIT_ALLOW_HOSTS = saved;
  });

  it('answers O1 with the agency’s own page, checks it, sees why it fails in Thai, and opens its history', async () => {
    const { context, page, cspErrors } = await newPage(e2e);
    try {
      await signIn(page, e2e.base, demoEmail('coordinator'));
      await page.goto(`${e2e.base}${YEAR}/portal/answer-sheet`);
      await expect(page.getByText('O1').first().isVisible()).resolves.toBe(true);
      await shot(page, 'preaudit-1-answer-sheet');
      // The answer sheet has no year menu: from the year's dashboard, the menu's "ตรวจความพร้อม OIT".
      await page.goto(`${e2e.base}${YEAR}`);
      await go(page, () => page.locator('nav.year-nav').getByRole('link', { name: 'ตรวจความพร้อม OIT' }).click());
      expect(page.url()).toBe(`${e2e.base}${YEAR}/oit-check`);
      await expect(page.getByText('ประมาณการ (ไม่ใช่คะแนนจริง)').first().isVisible()).resolves.toBe(true);

      const row = page.locator('#item-O1');
      await row.getByText('แก้ไขคำตอบ').click();
      await row.getByLabel('URL (บรรทัดละ 1 รายการ)').fill(`${siteBase}/structure`);
      await row.getByLabel('คำอธิบายเพิ่มเติม').fill('โครงสร้างและหน้าที่และอำนาจ บนเว็บไซต์ของ อบต.');
      await go(page, () => row.getByRole('button', { name: 'บันทึกคำตอบ' }).click());
      await expect(page.getByText('บันทึกคำตอบข้อ O1 แล้ว').isVisible()).resolves.toBe(true);
      await shot(page, 'preaudit-2-answered');

      await go(page, () => page.locator('#item-O1').getByRole('button', { name: 'ตรวจข้อนี้ (O1)' }).click());
      const checked = page.locator('#item-O1');
      await expect(page.getByText('ตรวจข้อ O1 แล้ว: ไม่ผ่าน').isVisible()).resolves.toBe(true);
      expect(await checked.locator('.badge.bad').textContent()).toBe('ไม่ผ่าน');
      expect(await checked.textContent()).toContain('ไม่พบชื่อหน่วยงาน (องค์การบริหารส่วนตำบลห้วยทอง)');
      expect(await checked.textContent()).toContain('สิ่งที่ต้องทำ: ');
      expect(await checked.textContent()).toContain('HTTP 200');
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, 'preaudit-3-checked');

      await go(page, () => checked.getByRole('link', { name: 'ประวัติการตรวจ' }).click());
      expect(page.url()).toBe(`${e2e.base}${YEAR}/oit-check/O1`);
      expect(await page.locator('h1').textContent()).toContain('ประวัติการตรวจข้อ O1');
      expect(await page.locator('main ol').textContent()).toMatch(/ไม่ผ่าน ตั้งแต่ .+ \(ตรวจล่าสุด /);
      expect(await page.locator('main ol').textContent()).toContain('ไม่พบชื่อหน่วยงาน (องค์การบริหารส่วนตำบลห้วยทอง)');
      await shot(page, 'preaudit-4-history');
      expect(cspErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
