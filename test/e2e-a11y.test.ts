/**
 * Accessibility in real Chromium: axe-core (WCAG 2.1 A and AA rules, and best practices) on every page the
 * server registers, read from its routes, as the person who may see it, in Thai, and a sample in English and on a
 * phone. No serious or critical violation is allowed, and no page may break its own Content Security Policy.
 * Also: the skip link and the focus order by keyboard alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, signIn as signInApp } from '../src/accounts/accounts.ts';
import { uploadEvidence } from '../src/measures/evidence.ts';
import { listMeasures } from '../src/measures/measures.ts';
import { addProgress } from '../src/measures/progress.ts';
import { CHROMIUM, NO_CHROMIUM_REASON, axeViolations, duplicateIds, newPage, shot, signIn, startE2e, type E2e } from './e2e-support.ts';
import { demoEmail } from './web-support.ts';

const A = 'huai-thong';

describe.skipIf(!CHROMIUM)(`accessibility of every page${CHROMIUM ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let e2e: E2e;
  let measureId = '';
  let evidenceLess = '';

  beforeAll(async () => {
    e2e = await startE2e();
    // A measure with a month of progress and a file, so that the progress table and its forms are checked too.
    const { db } = e2e.server.t;
    const coordinator = (await signInApp(db, demoEmail('coordinator'), DEMO_PASSWORD)).account.principal;
    const [measure] = await listMeasures(db, coordinator, { org: A, year: 2566 });
    const entry = await addProgress(db, coordinator, { org: A, year: 2566 }, measure!.id, { month: '2022-12', done: 'จัดประชุมชี้แจง', status: 'on_track' });
    await uploadEvidence(db, coordinator, { org: A, year: 2566 }, entry.id, { bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), filename: 'minutes.pdf', declaredType: 'application/pdf' });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** The page routes (HTML for people, not the API, assets or file downloads), with their parameters filled. */
  function pageUrls(): string[] {
    return e2e.server.app.routeRules
      .filter((r) => r.method === 'GET' && !r.url.startsWith('/api') && !r.url.startsWith('/assets') && r.url !== '/healthz' && !/(\/export|\/evidence\/:id|\/switch|\/file|-template|\.[a-z]+)$/.test(r.url))
      .map((r) =>
        r.url
          .replace(':slug', A)
          .replace(':year', '2566')
          .replace('/measures/:id', `/measures/${measureId}`)
          .replace(':token', 'no-such-link')
          .replace(':kind', 'measures-report'),
      )
      .filter((u) => !u.includes(':'));
  }

  it('finds no serious or critical violation on any page, as a coordinator and as an organisation admin', async () => {
    const { context, page, cspErrors } = await newPage(e2e);
    try {
      await signIn(page, e2e.base, demoEmail('coordinator'));
      await page.goto(`${e2e.base}/staff/o/${A}/2566/measures`);
      measureId = (await page.locator('table a[href*="/measures/"]').first().getAttribute('href'))!.split('/').pop()!;
      evidenceLess = measureId;
      const urls = pageUrls();
      expect(urls.length).toBeGreaterThan(10);
      const failures: string[] = [];
      for (const url of urls) {
        const res = await page.goto(`${e2e.base}${url}`);
        if (!res || !(res.headers()['content-type'] ?? '').includes('text/html')) continue;
        for (const v of await axeViolations(page)) failures.push(`${url}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        for (const id of await duplicateIds(page)) failures.push(`${url}: id "${id}" is used more than once`);
      }
      // The people page is the organisation admin's.
      await context.clearCookies();
      await signIn(page, e2e.base, demoEmail('org_admin'));
      await page.goto(`${e2e.base}/staff/o/${A}/people`);
      for (const v of await axeViolations(page)) failures.push(`people: ${v.id} ${v.help}`);
      for (const id of await duplicateIds(page)) failures.push(`people: id "${id}" is used more than once`);
      expect(failures).toEqual([]);
      expect(cspErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('stays accessible in English, on a phone, and with an error summary', async () => {
    const { context, page, cspErrors } = await newPage(e2e, { width: 390, height: 844 });
    try {
      await signIn(page, e2e.base, demoEmail('coordinator'));
      await page.goto(`${e2e.base}/staff/o/${A}/2566`);
      await shot(page, 'phone-dashboard-th');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: /English|เปลี่ยนภาษา/ }).click();
      await page.waitForLoadState('load');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await shot(page, 'phone-dashboard-en');
      expect(await axeViolations(page)).toEqual([]);
      // A form sent back with errors: the summary links to the fields.
      await page.goto(`${e2e.base}/staff/o/${A}/2566/measures/${evidenceLess}`);
      await page.getByLabel('Measure', { exact: true }).fill('');
      await page.getByRole('button', { name: 'Save', exact: true }).first().click();
      await page.waitForLoadState('load');
      expect(await page.locator('.error-summary a').count()).toBeGreaterThan(0);
      await shot(page, 'phone-measure-errors-en');
      expect(await axeViolations(page)).toEqual([]);
      expect(cspErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works by keyboard alone: skip link first, focus visible, sign-in without a mouse', async () => {
    const { context, page } = await newPage(e2e);
    try {
      await page.goto(`${e2e.base}/login`);
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => ({ text: document.activeElement?.textContent, href: document.activeElement?.getAttribute('href') }));
      expect(skip).toEqual({ text: 'ข้ามไปยังเนื้อหาหลัก', href: '#main' });
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(outline).not.toBe('none');
      await shot(page, 'keyboard-skip-link');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // Tab to the e-mail field and sign in with the keyboard only.
      for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.getAttribute('name'))) !== 'email'; i++) await page.keyboard.press('Tab');
      await page.keyboard.type(demoEmail('auditor'));
      await page.keyboard.press('Tab');
      await page.keyboard.type('huaithong-demo-2566');
      await Promise.all([page.waitForURL(/\/staff$/), page.keyboard.press('Enter')]);
      expect(await page.locator('h1').textContent()).toBe('หน่วยงานของฉัน');
    } finally {
      await context.close();
    }
  });
});
