/**
 * The Chromium that prints documents: found on the system, launched once on first use and kept warm, with a
 * queue that lets a few pages work at a time and a timeout on each job. Adapter (processes).
 *
 * Found as: env PRONGSAI_CHROMIUM, then /usr/bin/chromium, chromium-browser, google-chrome (on PATH or in
 * /usr/bin). Flags: those that work on the project's machines (ARCHITECTURE.md). Playwright gives every launch
 * a fresh temporary --user-data-dir of its own and deletes it on close (it refuses one in `args`), and closes
 * the browser when the process gets SIGINT, SIGTERM or SIGHUP; `close()` ends it earlier.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PRINT_FONT_ORIGIN, printFont } from './fonts.ts';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome'];

/**
 * Longest wait for the browser to start, in ms. Not the job's timeout: a job's limit (seconds, or less in tests)
 * is too short for a launch on a busy machine, and a failed launch fails every job waiting for it.
 */
const LAUNCH_TIMEOUT_MS = 60_000;

/** No browser to print with: PDF (and the DOCX chart picture) cannot be made; HTML, DOCX and XLSX still can. */
export class ChromiumNotFoundError extends Error {
  override readonly name = 'ChromiumNotFoundError';
  readonly th: string;
  readonly en: string;

  constructor(detail: string) {
    const th =
      'ไม่พบเบราว์เซอร์ Chromium สำหรับสร้างแฟ้ม PDF: ติดตั้ง chromium (apt-get install chromium) หรือกำหนดตำแหน่งใน PRONGSAI_CHROMIUM ' +
      '(ยังสร้างแฟ้ม HTML, DOCX และ XLSX ได้ตามปกติ)';
    const en = `no Chromium browser found to make PDF files: install chromium (apt-get install chromium) or set PRONGSAI_CHROMIUM (HTML, DOCX and XLSX still work). ${detail}`;
    super(`${th}\n${en}`);
    this.th = th;
    this.en = en;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser to use, or null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env['PRONGSAI_CHROMIUM'];
  if (configured) return isExecutable(configured) ? configured : null;
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
  const dirs = [...(env['PATH'] ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return null;
}

export interface BrowserOptions {
  /** Default: {@link findChromium}; null: there is no browser (PDF fails with {@link ChromiumNotFoundError}). */
  readonly executablePath?: string | null;
  /** Pages at work at the same time; the others wait in order. Default 2 (the project's machines have 2 cores). */
  readonly concurrency?: number;
  /**
   * Longest time one job (set the page, print) may take, in ms. Default 30 s. Starting the browser
   * ({@link LAUNCH_TIMEOUT_MS}) and opening or closing a page are not part of the job.
   */
  readonly timeoutMs?: number;
  /**
   * Jobs a page does before it is closed and replaced. A reused page is much faster than a new one (no new
   * renderer), but it wears: printing 1,000 reports in a row on one page, the time per PDF rose from about
   * 110 ms to about 200 ms, and less so with the page replaced every 50 jobs (measured side by side on a busy
   * shared machine, so roughly). Replacing a page costs one new page per 50 documents. Default 50.
   */
  readonly jobsPerPage?: number;
}

/** One warm browser, its pages reused from job to job. */
export class DocumentBrowser {
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly executablePath: string | null | undefined;
  private context: Promise<BrowserContext> | null = null;
  private browser: Browser | null = null;
  private readonly jobsPerPage: number;
  private readonly idle: Page[] = [];
  private readonly jobs = new WeakMap<Page, number>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: BrowserOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.executablePath = options.executablePath;
    this.jobsPerPage = Math.max(1, options.jobsPerPage ?? 50);
  }

  private start(): Promise<BrowserContext> {
    if (!this.context) {
      const path = this.executablePath === undefined ? findChromium() : this.executablePath;
      if (!path) return Promise.reject(new ChromiumNotFoundError('Looked at PRONGSAI_CHROMIUM, /usr/bin/chromium, chromium-browser, google-chrome.'));
      const started = chromium
        .launch({ executablePath: path, args: [...CHROMIUM_FLAGS], timeout: LAUNCH_TIMEOUT_MS })
        .then(async (browser) => {
          this.browser = browser;
          browser.on('disconnected', () => this.forget(browser));
          // Scale 2: the chart pictures for DOCX are sharp when printed; PDF output is vector and unaffected.
          const context = await browser.newContext({ deviceScaleFactor: 2, javaScriptEnabled: true });
          // The fonts, served from memory; cached by the browser (fonts from another origin need CORS).
          await context.route(`${PRINT_FONT_ORIGIN}/**`, (route) => {
            const font = printFont(route.request().url());
            return font
              ? route.fulfill({ body: font, contentType: 'font/ttf', headers: { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=31536000, immutable' } })
              : route.fulfill({ status: 404 });
          });
          return context;
        });
      started.catch(() => {
        this.context = null;
      });
      this.context = started;
    }
    return this.context;
  }

  private forget(browser: Browser): void {
    if (this.browser !== browser) return;
    this.browser = null;
    this.context = null;
    this.idle.length = 0;
  }

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Runs `job` on a page of the warm browser, after the jobs before it; fails after the timeout. */
  async withPage<T>(job: (page: Page) => Promise<T>): Promise<T> {
    await this.acquire();
    let page: Page | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const context = await this.start();
      page = this.idle.pop() ?? (await context.newPage());
      page.setDefaultTimeout(this.timeoutMs);
      const current = page;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`document rendering took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
      });
      const result = await Promise.race([job(current), timeout]);
      const done = (this.jobs.get(current) ?? 0) + 1;
      this.jobs.set(current, done);
      if (done < this.jobsPerPage) {
        this.idle.push(current);
        page = undefined;
      }
      return result;
    } finally {
      clearTimeout(timer);
      // A page whose job failed or timed out may be in any state, and a worn page is slow: close them.
      if (page) await page.close().catch(() => undefined);
      this.release();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    const context = this.context;
    this.browser = null;
    this.context = null;
    this.idle.length = 0;
    if (browser) await browser.close();
    else if (context) await context.then((c) => c.browser()?.close()).catch(() => undefined);
  }
}

let shared: DocumentBrowser | null = null;

/** The process's one browser for documents (the CLI, the web server). */
export function sharedBrowser(): DocumentBrowser {
  shared ??= new DocumentBrowser();
  return shared;
}

export async function closeSharedBrowser(): Promise<void> {
  const browser = shared;
  shared = null;
  await browser?.close();
}
