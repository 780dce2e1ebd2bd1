/**
 * The Chromium that prints documents: found on the system, launched once on first use and kept warm, with a
 * queue that lets a few pages work at a time and a timeout on each job. Adapter (processes).
 *
 * Found as: env PRONGSAI_CHROMIUM (a path, or `npm` for the npm one), then /usr/bin/chromium, chromium-browser,
 * google-chrome (on PATH or in /usr/bin), then the headless Chromium of the optional npm package @sparticuz/chromium
 * (`npm ci` installs it on Node.js 20.11 or newer), unpacked on first use (docs/decisions/0004-npm-chromium.md). Flags: those that
 * work on the project's machines (ARCHITECTURE.md). Playwright gives every launch
 * a fresh temporary --user-data-dir of its own and deletes it on close (it refuses one in `args`), and closes
 * the browser when the process gets SIGINT, SIGTERM or SIGHUP; `close()` ends it earlier.
 */
import { randomUUID } from 'node:crypto';
import { accessSync, constants, createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { configValue } from '../../config.ts';
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

/**
 * Added for the document browser only: the GPU process's work (software compositing, with --disable-gpu) done in
 * the browser process, one process fewer to wake per document on a busy 2-core machine (about 10 % less time per
 * PDF, measured side by side on a busy 2-core machine; the same output).
 */
const DOCUMENT_FLAGS: readonly string[] = ['--in-process-gpu'];

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
      'ไม่พบเบราว์เซอร์ Chromium สำหรับสร้างแฟ้ม PDF: สั่ง npm ci อีกครั้ง (บน Linux x64 จะติดตั้งแพ็กเกจเสริม @sparticuz/chromium ให้เอง) ' +
      'หรือติดตั้ง chromium (apt-get install chromium) หรือกำหนดตำแหน่งใน PRONGSAI_CHROMIUM (ยังสร้างแฟ้ม HTML, DOCX และ XLSX ได้ตามปกติ)';
    const en = `no Chromium browser found to make PDF files: run npm ci again (on Linux x64 it installs the optional package @sparticuz/chromium), install chromium (apt-get install chromium) or set PRONGSAI_CHROMIUM (HTML, DOCX and XLSX still work). ${detail}`;
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

/** The optional npm package's headless Chromium: its compressed files and where it is unpacked. */
export interface NpmChromium {
  /**
   * The package's `bin` folder: chromium.br (the browser), swiftshader.tar.br (the software GL it loads from its own
   * folder, also with --disable-gpu) and al2023.tar.br (the libraries it needs: NSS, NSPR, expat).
   */
  readonly bin: string;
  /** The unpacked browser; its folder also holds the libraries in `lib/`. One folder per package version. */
  readonly path: string;
}

/**
 * The optional package @sparticuz/chromium when it is installed (npm skips it on a Node.js its engines exclude, and
 * with --omit=optional) and can run here: its browser is built for Linux on x64 only.
 */
export function npmChromium(temp: string = tmpdir()): NpmChromium | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  try {
    const root = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..');
    const bin = join(root, 'bin');
    if (!existsSync(join(bin, 'chromium.br'))) return null;
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    return { bin, path: join(temp, `prongsai-chromium-${version}`, 'chromium') };
  } catch {
    return null;
  }
}

/** What {@link chooseChromium} looks at: kept apart so that the choice can be tested without the machine's files. */
export interface ChromiumProbe {
  readonly isExecutable: (path: string) => boolean;
  readonly npm: () => NpmChromium | null;
}

export interface ChromiumChoice {
  readonly source: 'configured' | 'system' | 'npm';
  readonly path: string;
}

/**
 * The browser to use, or null when there is none: PRONGSAI_CHROMIUM when set (`npm`: the npm package's, whatever
 * the system has; a path: that one, or none when it is not executable), then the system's, then the npm package's.
 */
export function chooseChromium(env: NodeJS.ProcessEnv, probe: ChromiumProbe): ChromiumChoice | null {
  const fromNpm = (): ChromiumChoice | null => {
    const npm = probe.npm();
    return npm ? { source: 'npm', path: npm.path } : null;
  };
  const configured = configValue('PRONGSAI_CHROMIUM', env);
  if (configured === 'npm') return fromNpm();
  if (configured) return probe.isExecutable(configured) ? { source: 'configured', path: configured } : null;
  if (probe.isExecutable('/usr/bin/chromium')) return { source: 'system', path: '/usr/bin/chromium' };
  const dirs = [...(env['PATH'] ?? '').split(delimiter).filter(Boolean), '/usr/bin'];
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (probe.isExecutable(path)) return { source: 'system', path };
    }
  }
  return fromNpm();
}

/** The browser to use, or null when there is none. The npm one may still have to be unpacked: {@link prepareChromium}. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  return chooseChromium(env, { isExecutable, npm: () => npmChromium() })?.path ?? null;
}

// tar-fs 3 takes `chown: false` (its types, for tar-fs 2, do not say so): run as root, it would otherwise give the
// unpacked files the owner recorded in the archive, a user of the machine that built it, who could then change them.
declare module 'tar-fs' {
  interface ExtractOptions {
    chown?: boolean;
  }
}

const unpacking = new Map<string, Promise<void>>();

/**
 * Unpacks the npm package's browser and libraries (about 210 MB, a few seconds, once per machine and version) into a
 * folder of their own, then renames that folder into place: processes unpacking at the same time, or one killed
 * half-way, never leave a half-written browser behind. (The package's own `executablePath()` writes straight to
 * /tmp/chromium, whatever its version, and unpacks the libraries on AWS Lambda only.)
 */
function unpackNpmChromium(npm: NpmChromium): Promise<void> {
  if (isExecutable(npm.path)) return Promise.resolve();
  let job = unpacking.get(npm.path);
  if (!job) {
    job = (async () => {
      const { extract } = await import('tar-fs');
      const dir = dirname(npm.path);
      const building = `${dir}.building-${process.pid}-${randomUUID()}`;
      try {
        await mkdir(building, { recursive: true });
        await pipeline(createReadStream(join(npm.bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(building, 'chromium'), { mode: 0o755 }));
        for (const tar of ['swiftshader.tar.br', 'al2023.tar.br']) {
          await pipeline(createReadStream(join(npm.bin, tar)), createBrotliDecompress(), extract(building, { chown: false }));
        }
        await rename(building, dir).catch((error: unknown) => {
          if (!isExecutable(npm.path)) throw error; // else another process finished first
        });
      } finally {
        await rm(building, { recursive: true, force: true });
      }
    })();
    unpacking.set(npm.path, job);
    job.catch(() => unpacking.delete(npm.path));
  }
  return job;
}

/**
 * How to launch the browser at `path`: the npm package's is unpacked first and given its libraries; any other as it is.
 */
export async function prepareChromium(path: string): Promise<{ executablePath: string; env?: NodeJS.ProcessEnv }> {
  const npm = npmChromium();
  if (!npm || npm.path !== path) return { executablePath: path };
  await unpackNpmChromium(npm);
  const lib = join(dirname(npm.path), 'lib');
  const inherited = process.env['LD_LIBRARY_PATH'];
  return { executablePath: path, env: { ...process.env, LD_LIBRARY_PATH: inherited ? `${lib}${delimiter}${inherited}` : lib } };
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
  /** The pages set to show 'print' (the others show the browser's own media: 'screen', and 'print' when printing). */
  private readonly printing = new WeakSet<Page>();
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
      if (!path) return Promise.reject(new ChromiumNotFoundError('Looked at PRONGSAI_CHROMIUM, /usr/bin/chromium, chromium-browser, google-chrome, @sparticuz/chromium.'));
      const started = prepareChromium(path)
        .then((launch) => chromium.launch({ ...launch, args: [...CHROMIUM_FLAGS, ...DOCUMENT_FLAGS], timeout: LAUNCH_TIMEOUT_MS }))
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

  /**
   * Runs `job` on a page of the warm browser, after the jobs before it; fails after the timeout. With media
   * 'print', the page shows print media all along: a page kept so between PDFs is not restyled from screen to
   * print for every document when it prints (about 20 % less time per PDF; the same output). Without, it shows
   * the browser's own media, as a new page does.
   */
  async withPage<T>(job: (page: Page) => Promise<T>, options: { readonly media?: 'print' } = {}): Promise<T> {
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
      const print = options.media === 'print';
      const work = async () => {
        if (this.printing.has(current) !== print) {
          // null: no emulation, not 'screen' (an emulated 'screen' would stay so in page.pdf()).
          await current.emulateMedia({ media: print ? 'print' : null });
          if (print) this.printing.add(current);
          else this.printing.delete(current);
        }
        return job(current);
      };
      const result = await Promise.race([work(), timeout]);
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
