/**
 * The survey journey in real Chromium (issue 19, point 6), with a screenshot of each step in test/artifacts/: the
 * coordinator creates an EIT survey from the year's catalogue and publishes it; a respondent on a phone-sized page
 * (360×740) opens the public link, answers every question and is thanked; the coordinator sees 1 respondent, and
 * results held back (fewer than 5); after 4 more answers the scores show, as the service computes them.
 *
 * The server's clock is the test's (test/web-support.ts): the form token's minimum age (3 s) is passed by moving
 * the clock, not by waiting.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CURRENT_YEAR, DEMO_SLUG } from '../src/demo/huai-thong.ts';
import { todayInBangkok } from '../src/measures/reporting.ts';
import { surveyResultsOf } from '../src/surveys/service.ts';
import { messages } from '../src/web/i18n.ts';
import { principal } from './app-fixtures.ts';
import { axeViolations, CHROMIUM, NO_CHROMIUM_REASON, newPage, shot, signIn, startE2e, type E2e } from './e2e-support.ts';
import { demoEmail } from './web-support.ts';

const YEAR = `/staff/o/${DEMO_SLUG}/${DEMO_CURRENT_YEAR}`;
const TITLE = 'แบบสำรวจความพึงพอใจผู้รับบริการ (ทดสอบ)';
const PHONE = { width: 360, height: 740 };
const DAY = 24 * 3600_000;
const TH = messages('th');

/** Clicks and waits for the page it leads to. */
async function go(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForNavigation(), click()]);
}

const text = async (page: Page, selector: string): Promise<string> => ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe.skipIf(!CHROMIUM)(`the survey journey in Chromium${CHROMIUM ? '' : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let e2e: E2e;
  /** What the strict CSP blocked on the respondents' pages (checked by the last test). */
  const phoneCspErrors: string[] = [];

  beforeAll(async () => {
    e2e = await startE2e();
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });

  /** A respondent on a phone answers every question of the link (respondent `r` picks varied options). */
  async function answer(link: string, r: number): Promise<void> {
    const { context, page, cspErrors } = await newPage(e2e, PHONE);
    try {
      await page.goto(`${e2e.base}${link}`);
      expect(await text(page, 'h1')).toBe(TITLE);
      const names = await page.locator('form input[type=radio]').evaluateAll((inputs) => [...new Set(inputs.map((i) => (i as HTMLInputElement).name))]);
      expect(names.length).toBeGreaterThan(0);
      expect(names).toContain('s1');
      for (const [g, name] of names.entries()) {
        const options = page.locator(`form input[type=radio][name="${name}"]`);
        await options.nth((r + g) % (await options.count())).check();
      }
      if (r === 0) {
        // Fits the phone: nothing wider than the screen; and accessible.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        expect(await axeViolations(page)).toEqual([]);
        await shot(page, 'survey-02-phone-form');
      }
      // A person takes longer than the form token's minimum age (3 s): the server's clock moves on.
      e2e.server.clock.now = new Date(e2e.server.clock.now.getTime() + 5_000);
      await go(page, () => page.locator('form[method=post] button[type=submit]').click());
      expect(await text(page, 'h1')).toMatch(/ขอบคุณ/);
      if (r === 0) await shot(page, 'survey-03-phone-thanks');
      phoneCspErrors.push(...cspErrors);
    } finally {
      await context.close();
    }
  }

  it('creates, publishes, answers on a phone, and shows the results once 5 have answered', async () => {
    const { context, page, cspErrors } = await newPage(e2e);
    try {
      await signIn(page, e2e.base, demoEmail('coordinator'));
      await page.goto(`${e2e.base}${YEAR}/surveys`);
      // The coordinator creates an EIT survey for the coming month, with a question of the agency's own.
      const today = todayInBangkok(e2e.server.clock.now);
      const create = page.locator(`form[action="${YEAR}/surveys"]`);
      await create.locator('select[name=kind]').selectOption('EIT');
      await create.locator('input[name=title]').fill(TITLE);
      // Dates as a person types them (day/month/Buddhist year), as every date field of the app takes them.
      const typed = (iso: string) => iso.split('-').reverse().map(Number).map((n, i) => (i === 2 ? n + 543 : n)).join('/');
      await create.locator('input[name=opensOn]').fill(typed(today));
      await create.locator('input[name=closesOn]').fill(typed(todayInBangkok(new Date(e2e.server.clock.now.getTime() + 30 * DAY))));
      await create.locator('input[name=targetRespondents]').fill('40');
      await create.locator('textarea[name=ownQuestions]').fill('ท่านพึงพอใจการให้บริการโดยรวม');
      await shot(page, 'survey-01-new');
      await go(page, () => create.locator('button[type=submit]').click());
      expect(page.url()).toMatch(new RegExp(`${YEAR}/surveys/[0-9a-f-]{36}$`));
      const surveyId = /surveys\/([0-9a-f-]{36})$/.exec(page.url())?.[1] as string;
      expect(await text(page, 'h1')).toContain(TITLE);

      // A draft's link answers 404; published (a confirmation first), it opens.
      const link = (await page.locator('a[href^="/s/"]').first().getAttribute('href')) as string;
      expect(link).toMatch(/^\/s\/[A-Za-z0-9_-]{16,64}$/);
      expect((await page.request.get(`${e2e.base}${link}`)).status()).toBe(404);
      await go(page, () => page.locator(`form[action$="/surveys/${surveyId}/publish"] button[type=submit]`).click());
      await go(page, () => page.locator(`form[action$="/surveys/${surveyId}/publish"] button[type=submit]`).click());
      expect(page.url()).toContain(`/surveys/${surveyId}`);
      expect(await page.locator(`form[action$="/surveys/${surveyId}/close"]`).count()).toBe(1);

      // One respondent on a phone.
      await answer(link, 0);
      const [org] = await e2e.server.t.db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [DEMO_SLUG]);
      const reader = principal('coordinator', org!.id);
      const resultsNow = async () => (await surveyResultsOf(e2e.server.t.db, reader, { org: DEMO_SLUG, year: DEMO_CURRENT_YEAR }, surveyId))[0]!.results;

      // The list counts 1 respondent; the results hold the scores back (fewer than 5).
      await page.goto(`${e2e.base}${YEAR}/surveys`);
      const row = page.locator('tr', { has: page.locator(`a[href="${YEAR}/surveys/${surveyId}"]`) });
      expect(await row.locator('td.num').textContent()).toBe('1');
      await page.goto(`${e2e.base}${YEAR}/surveys/${surveyId}/results`);
      const first = await resultsNow();
      expect(first.suppressed).toBe(true);
      expect(first.indicators.every((i) => i.score === null)).toBe(true);
      expect(await text(page, 'h1 + p')).toContain(TH.surveyFewerThan5);
      const byIndicator = ((await page.locator('table').first().textContent()) ?? '').replace(/\s+/g, ' ');
      expect(byIndicator).toContain(TH.surveySuppressed);
      expect(byIndicator).not.toMatch(/\d+\.\d\d/);
      await shot(page, 'survey-04-results-held-back');

      // Four more: the scores show, as the service computes them.
      for (let r = 1; r < 5; r++) await answer(link, r);
      const results = await resultsNow();
      expect(results.respondents).toBe(5);
      expect(results.suppressed).toBe(false);
      await page.goto(`${e2e.base}${YEAR}/surveys/${surveyId}/results`);
      expect(await text(page, 'h1 + p')).toContain(`${TH.surveyRespondents}: 5`);
      const shown = ((await page.locator('table').first().textContent()) ?? '').replace(/\s+/g, ' ');
      expect(shown).not.toContain(TH.surveySuppressed);
      const scored = results.indicators.filter((i) => i.score !== null);
      expect(scored.length).toBeGreaterThan(0);
      for (const i of scored) expect(shown).toContain((i.score as number).toFixed(2));
      await shot(page, 'survey-05-results');
      expect(cspErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  // The respondents' pages take their style from /assets/survey.css, which the strict CSP (style-src 'self') allows.
  it('the respondents’ pages apply their style under the strict CSP', () => {
    expect(phoneCspErrors).toEqual([]);
  });
});
