/**
 * Which browser prints the PDFs: PRONGSAI_CHROMIUM, the system's, then the optional npm package's
 * (@sparticuz/chromium). Pure: the machine's files are replaced by a probe. The npm browser itself is checked in
 * chromium-npm.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { chooseChromium, type ChromiumProbe, type NpmChromium } from '../src/documents/core/browser.ts';

const NPM: NpmChromium = { bin: '/app/node_modules/@sparticuz/chromium/bin', path: '/tmp/prongsai-chromium-147.0.0/chromium' };

function probe(executables: string[], npm: NpmChromium | null = NPM): ChromiumProbe {
  return { isExecutable: (path) => executables.includes(path), npm: () => npm };
}

describe('chooseChromium', () => {
  it('takes the system Chromium before the npm one', () => {
    expect(chooseChromium({ PATH: '/usr/local/bin:/usr/bin' }, probe(['/usr/bin/chromium']))).toEqual({ source: 'system', path: '/usr/bin/chromium' });
    expect(chooseChromium({ PATH: '/opt/bin' }, probe(['/opt/bin/google-chrome']))).toEqual({ source: 'system', path: '/opt/bin/google-chrome' });
    // /usr/bin is looked at even when PATH leaves it out.
    expect(chooseChromium({ PATH: '' }, probe(['/usr/bin/chromium-browser']))).toEqual({ source: 'system', path: '/usr/bin/chromium-browser' });
  });

  it('falls back to the npm package when the system has none', () => {
    expect(chooseChromium({ PATH: '/usr/bin' }, probe([]))).toEqual({ source: 'npm', path: NPM.path });
  });

  it('finds none when the system has none and npm did not install the package', () => {
    expect(chooseChromium({ PATH: '/usr/bin' }, probe([], null))).toBeNull();
  });

  it('PRONGSAI_CHROMIUM=npm takes the npm one even beside a system Chromium, or none without the package', () => {
    expect(chooseChromium({ PRONGSAI_CHROMIUM: 'npm' }, probe(['/usr/bin/chromium']))).toEqual({ source: 'npm', path: NPM.path });
    expect(chooseChromium({ PRONGSAI_CHROMIUM: 'npm' }, probe(['/usr/bin/chromium'], null))).toBeNull();
  });

  it('PRONGSAI_CHROMIUM as a path takes that one, and no other when it is not executable', () => {
    expect(chooseChromium({ PRONGSAI_CHROMIUM: '/opt/chrome/chrome' }, probe(['/opt/chrome/chrome', '/usr/bin/chromium']))).toEqual({
      source: 'configured',
      path: '/opt/chrome/chrome',
    });
    expect(chooseChromium({ PRONGSAI_CHROMIUM: '/opt/chrome/chrome' }, probe(['/usr/bin/chromium']))).toBeNull();
  });
});
