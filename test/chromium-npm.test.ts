/**
 * The optional npm package's headless Chromium (@sparticuz/chromium), the PDF browser of a machine with none of its
 * own: unpacked once, whatever the number of callers, with its own libraries, and printing a Thai PDF. Skipped, with
 * the reason in its name, when npm did not install the package (a Node.js its engines exclude) or poppler is missing.
 * .ci/run also runs the PDF tests with it (PRONGSAI_CHROMIUM=npm).
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentBrowser, findChromium, npmChromium, prepareChromium } from '../src/documents/core/browser.ts';
import { renderDocument } from '../src/documents/core/render.ts';
import { demoYear, missingTools, normalise, run } from './fixtures/documents/helpers.ts';

const npm = npmChromium();
const missing = [...(npm ? [] : ['@sparticuz/chromium']), ...missingTools(['pdftotext', 'pdffonts'])];
const title = `the npm Chromium${missing.length ? ` (skipped: ${missing.join(', ')} not installed)` : ''}`;

describe.skipIf(missing.length > 0)(title, () => {
  const path = npm?.path ?? '';
  const browser = new DocumentBrowser({ executablePath: path });
  afterAll(() => browser.close());

  it('PRONGSAI_CHROMIUM=npm chooses it', () => {
    expect(findChromium({ PRONGSAI_CHROMIUM: 'npm', PATH: process.env['PATH'] })).toBe(path);
  });

  it('is unpacked once for callers at the same time, with the libraries it needs', async () => {
    const [a, b] = await Promise.all([prepareChromium(path), prepareChromium(path)]);
    expect(a).toEqual(b);
    expect(a.executablePath).toBe(path);
    const lib = join(dirname(path), 'lib');
    expect(a.env?.['LD_LIBRARY_PATH']?.split(':')[0]).toBe(lib);
    expect(existsSync(join(lib, 'libnss3.so'))).toBe(true);
    // Its software GL, which it loads from its own folder (with --in-process-gpu it stops without it).
    expect(existsSync(join(dirname(path), 'libGLESv2.so'))).toBe(true);
    // This process left nothing half-unpacked beside it (other test files may be unpacking at this moment).
    const building = `${basename(dirname(path))}.building-${process.pid}-`;
    expect(readdirSync(dirname(dirname(path))).filter((f) => f.startsWith(building))).toEqual([]);
  });

  it('prints a Thai PDF with the Sarabun fonts embedded', async () => {
    const out = await renderDocument(demoYear(), { kind: 'analysis', format: 'pdf', browser });
    expect(out.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = await mkdtemp(join(tmpdir(), 'prongsai-npm-chromium-'));
    try {
      const file = join(dir, 'analysis.pdf');
      await writeFile(file, out.bytes);
      expect(normalise(run('pdftotext', [file, '-']))).toContain(normalise('องค์การบริหารส่วนตำบลห้วยทอง'));
      expect(run('pdffonts', [file])).toMatch(/Sarabun/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
