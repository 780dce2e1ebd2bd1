/**
 * Issue 16's rough edges in real Chromium, desktop and a 390 px phone: the compact header and one-row year menu,
 * staff tables that scroll inside their frame with the first column kept in view and no page wider than the
 * phone, the sign-in page's "ลืมรหัสผ่าน", and the complaint receipt's copy button (the clipboard holds the code)
 * and print layout. Screenshots in test/artifacts/everyday-*.png.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../src/documents/core/browser.ts';
import { complaintsAreaWith } from '../src/complaints/routes.tsx';
import { portalArea } from '../src/portal/routes.tsx';
import { CHROMIUM, NO_CHROMIUM_REASON, shot, signIn } from './e2e-support.ts';
import { demoEmail, signedInClient, startServer, type TestServer } from './web-support.ts';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };
const PASS = 'รหัสผ่านเรื่องร้องเรียนของผู้ประสานงาน';

/** The page is no wider than the window (tables scroll inside their own frame). */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf(!CHROMIUM)(`everyday rough edges in Chromium${CHROMIUM ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let server: TestServer;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    // The real clock: the complaint form's token must age as the person types.
    server = await startServer('pglite', { now: () => new Date(), areas: [portalArea, complaintsAreaWith({ formToken: { minAgeMs: 1_000, maxAgeMs: 3600_000 } })] });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM as string, args: [...CHROMIUM_FLAGS] });
    const coordinator = await signedInClient(server.app, demoEmail('coordinator'));
    const officers = await coordinator.get('/staff/o/huai-thong/complaints');
    if (officers.body.includes('complaints/setup"')) await coordinator.post('/staff/o/huai-thong/complaints/setup', { passphrase: PASS, passphrase2: PASS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps staff pages usable on a phone: compact header, one-row menu, tables scrolling with the first column fixed', async () => {
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const context = await browser.newContext({ viewport, locale: 'th-TH', timezoneId: 'Asia/Bangkok' });
      const page = await context.newPage();
      try {
        await page.goto(`${base}/login`);
        await expect(page.getByRole('link', { name: 'ลืมรหัสผ่าน' }).getAttribute('href')).resolves.toBe('/forgot-password');
        await shot(page, `everyday-login-${name}`);
        await page.goto(`${base}/forgot-password`);
        await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('ลืมรหัสผ่าน');
        await shot(page, `everyday-forgot-password-${name}`);
        await signIn(page, base, demoEmail('coordinator'));
        for (const [path, label] of [['/staff/o/huai-thong/2566/measures', 'measures'], ['/staff/o/huai-thong/2566/scores', 'scores']] as const) {
          await page.goto(`${base}${path}`);
          expect(await pageOverflow(page), `${label} ${name}`).toBeLessThanOrEqual(0);
          await shot(page, `everyday-${label}-${name}`);
        }
        await page.goto(`${base}/staff/o/huai-thong/2566/measures`);
        const header = await page.locator('header.site-header').boundingBox();
        const menu = await page.locator('nav.year-nav ul').boundingBox();
        const firstCell = page.locator('.table-wrap tbody tr').first().locator('td, th').first();
        if (name === 'phone') {
          expect(header!.height).toBeLessThanOrEqual(90);
          expect(menu!.height).toBeLessThanOrEqual(60); // one row that scrolls sideways, not six wrapped rows
          expect(await firstCell.evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
          // Scrolled sideways, the first column stays at the frame's left edge.
          const wrap = page.locator('.table-wrap').first();
          const before = await firstCell.boundingBox();
          await wrap.evaluate((el) => el.scrollBy(200, 0));
          expect(await wrap.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
          expect(Math.abs((await firstCell.boundingBox())!.x - before!.x)).toBeLessThan(2);
          await shot(page, 'everyday-measures-phone-scrolled');
        } else {
          expect(await firstCell.evaluate((el) => getComputedStyle(el).position)).toBe('static');
        }
      } finally {
        await context.close();
      }
    }
  }, 180_000);

  it('copies the complaint receipt to the clipboard, prints it without buttons, and shows the other channels', async () => {
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
      const context = await browser.newContext({ viewport, locale: 'th-TH', timezoneId: 'Asia/Bangkok' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      const page = await context.newPage();
      try {
        await page.goto(`${base}/o/huai-thong/complaints`);
        expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
        await expect(page.getByRole('heading', { level: 2, name: 'ช่องทางอื่น' }).count()).resolves.toBe(1);
        await shot(page, `everyday-complaint-form-${name}`);
        await page.getByLabel('การให้บริการหรือเรื่องร้องทุกข์ทั่วไป').check();
        await page.getByLabel('รายละเอียดเรื่อง').fill('ไฟถนนหน้าโรงเรียนดับมาสองสัปดาห์แล้ว ขอให้ซ่อมด้วย');
        await page.waitForTimeout(1_100); // the form token's minimum age (anti-spam), not synchronisation
        await page.getByRole('button', { name: 'ส่งเรื่อง' }).click();
        await page.getByRole('heading', { level: 1, name: 'ส่งเรื่องเรียบร้อยแล้ว' }).waitFor({ timeout: 30_000 });
        const receipt = (await page.locator('pre.token').innerText()).trim();
        expect(receipt).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{4}$/);
        await page.getByRole('button', { name: 'คัดลอกรหัส' }).click();
        await expect.poll(() => page.locator('#receipt-copy-status').innerText(), { timeout: 10_000 }).toBe('คัดลอกแล้ว');
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(receipt);
        await expect(page.getByRole('button', { name: 'พิมพ์หน้านี้' }).isVisible()).resolves.toBe(true);
        await shot(page, `everyday-complaint-receipt-${name}`);
        await page.emulateMedia({ media: 'print' });
        await expect(page.getByRole('button', { name: 'คัดลอกรหัส' }).isVisible()).resolves.toBe(false);
        await expect(page.locator('pre.token').isVisible()).resolves.toBe(true);
        await shot(page, `everyday-complaint-receipt-print-${name}`);
      } finally {
        await context.close();
      }
    }
  }, 180_000);
});
