/**
 * Shared by the end-to-end tests: the web application on a real port over a fresh database with the demo, and
 * one Chromium (playwright-core, the system browser as src/documents/core/browser.ts finds it, the project's flags,
 * a fresh profile). Screenshots go to test/artifacts/ (git-ignored). axe-core is injected from node_modules
 * through the debugging protocol, so the page's strict CSP stays on while it runs.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from '../src/documents/core/browser.ts';
import { startServer, type TestServer } from './web-support.ts';

const require = createRequire(import.meta.url);

export const CHROMIUM = findChromium();
export const NO_CHROMIUM_REASON = 'skipped: no Chromium found (install chromium, or set PRONGSAI_CHROMIUM)';
export const ARTIFACTS = join(import.meta.dirname, 'artifacts');

export interface E2e {
  readonly server: TestServer;
  readonly base: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** A server with the demo (or, `demo: false`, an empty database) on a port, and a Chromium. */
export async function startE2e({ demo = true }: { demo?: boolean } = {}): Promise<E2e> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer('pglite', { demo });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({ executablePath: CHROMIUM as string, args: [...CHROMIUM_FLAGS] });
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A fresh browser context (no cookies) at a viewport: the office laptop by default. */
export async function newPage(e2e: E2e, viewport = { width: 1366, height: 768 }): Promise<{ context: BrowserContext; page: Page; cspErrors: string[] }> {
  const context = await e2e.browser.newContext({ viewport, locale: 'th-TH', timezoneId: 'Asia/Bangkok', acceptDownloads: true });
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
  });
  return { context, page, cspErrors };
}

export async function signIn(page: Page, base: string, email: string, password = 'huaithong-demo-2566'): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel(/อีเมล|E-mail/).fill(email);
  await page.getByLabel(/^รหัสผ่าน|^Password/).fill(password);
  await Promise.all([page.waitForURL(/\/staff/), page.getByRole('button', { name: /ลงชื่อเข้าใช้|Sign in/ }).click()]);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** Ids used more than once on the page (labels and error links would point to the wrong field). */
export async function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    Array.from(document.querySelectorAll('[id]')).forEach((el) => seen.set(el.id, (seen.get(el.id) ?? 0) + 1));
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
}

/** The serious and critical WCAG 2.1 A/AA violations axe finds on the page as it is. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const present = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
