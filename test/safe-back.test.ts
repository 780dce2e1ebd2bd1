/**
 * safeBack (src/web/forms.ts): the path a form goes back to is always a path of this site, also as a browser
 * reads it (tabs and line breaks dropped, "\" taken for "/", dot segments resolved) — never "//host" or "/\host",
 * which a browser follows to another site. Checked over generated paths, and through POST /lang, whose field
 * `back` is the language switch's contract.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeBack } from '../src/web/forms.ts';
import { Client, startServer, type TestServer } from './web-support.ts';

const SITE = 'https://site.example';
const FALLBACK = '/fallback';

/** What a browser does with a location before resolving it: tabs and line breaks go, "\" is "/". */
const asBrowserReads = (location: string) => location.replace(/[\t\n\r]/g, '').replace(/\\/g, '/');

/** The property every answer of safeBack has; the reason it fails, or null. */
function unsafe(out: string, fallback = FALLBACK): string | null {
  if (out === fallback) return null;
  if (out !== '/' && !/^\/[^/\\]/.test(out)) return `does not start with a single "/": ${JSON.stringify(out)}`;
  for (const location of [out, asBrowserReads(out)]) {
    const url = new URL(location, SITE);
    if (url.origin !== SITE) return `leaves the site: ${JSON.stringify(out)} → ${url.href}`;
    // Kept as a link again (a page's own back link), "//…" would be another host.
    if (url.pathname.startsWith('//')) return `resolves to "//…": ${JSON.stringify(out)}`;
  }
  return null;
}

/** Paths built from the pieces open redirects are made of. */
const pieces = fc.constantFrom(
  '/',
  '//',
  '\\',
  '.',
  '..',
  '/./',
  '/../',
  '%2e',
  '%2E%2e',
  '%2f',
  '%5c',
  '\t',
  '\n',
  '\r',
  '\u0000',
  ' ',
  '@',
  ':',
  '?',
  '#',
  'evil.example',
  'https:',
  'javascript:',
  'staff',
  'ก',
);
const crafted = fc.array(pieces, { maxLength: 10 }).map((parts) => parts.join(''));
const slashFirst = crafted.map((s) => `/${s}`);
const anyPath = fc.oneof(crafted, slashFirst, fc.string({ maxLength: 30 }), fc.webPath(), fc.webUrl({ withQueryParameters: true, withFragments: true }));

describe('safeBack', () => {
  it('never answers a path that leaves the site, for any input', () => {
    fc.assert(
      fc.property(anyPath, (input) => {
        expect(unsafe(safeBack(input, FALLBACK))).toBeNull();
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses the known ways out, and keeps the paths of this site', () => {
    for (const bad of ['/.//evil.example', '/./\\evil.example', '/a/..//evil.example', '/%2e//evil.example', '/%2E%2e//evil.example', '//evil.example', '/\\evil.example', '/\t/evil.example', 'https://evil.example/', 'evil.example']) {
      expect(safeBack(bad, FALLBACK), JSON.stringify(bad)).toBe(FALLBACK);
    }
    expect(safeBack('/staff/o/huai-thong/2566?tab=measures#m1', FALLBACK)).toBe('/staff/o/huai-thong/2566?tab=measures#m1');
    expect(safeBack('/staff/./o/../o/huai-thong', FALLBACK)).toBe('/staff/o/huai-thong');
    expect(safeBack('/', FALLBACK)).toBe('/');
    expect(safeBack('', FALLBACK)).toBe(FALLBACK);
    expect(safeBack(undefined, FALLBACK)).toBe(FALLBACK);
  });
});

describe('POST /lang with the field back', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer('pglite');
  });
  afterAll(async () => s.close());

  it('goes back to the page of this site it came from, and never to another site (generated paths)', async () => {
    const c = new Client(s.app);
    await c.get('/login');
    for (const [back, location] of [['/login?next=%2Fstaff', '/login?next=%2Fstaff'], ['/.//evil.example', '/']] as const) {
      const res = await c.post('/lang', { lang: 'th', back });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(location);
    }
    await fc.assert(
      fc.asyncProperty(anyPath, async (back) => {
        const res = await c.post('/lang', { lang: 'th', back });
        // A control character other than a tab or a line break is refused before the route (src/web/control-chars.ts).
        if (res.statusCode === 400) {
          // eslint-disable-next-line no-control-regex
          expect(back).toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
          return;
        }
        expect(res.statusCode).toBe(303);
        expect(unsafe(String(res.headers.location), '/')).toBeNull();
      }),
      { numRuns: 150 },
    );
  });
});
