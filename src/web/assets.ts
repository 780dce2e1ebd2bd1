/**
 * The few static files of the web application, read once at start and served from memory with a content hash
 * (ETag) and long caching: the stylesheets (the portal's on top of the staff app's; the survey respondents' own, small), htmx (node_modules/htmx.org/dist, so that no script is inline and the
 * CSP can forbid inline scripts), the receipt's copy and print buttons (copy.js), the icon (also at /favicon.ico), and the two Sarabun faces (SIL OFL) from @expo-google-fonts/sarabun.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { FONT_FILES } from '../documents/core/fonts.ts';
import { PUBLIC } from './access.ts';

const require = createRequire(import.meta.url);

interface Asset {
  readonly bytes: Buffer;
  readonly type: string;
  readonly etag: string;
}

function asset(path: string, type: string): Asset {
  const bytes = readFileSync(path);
  return { bytes, type, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"` };
}

let loaded: ReadonlyMap<string, Asset> | null = null;

function assets(): ReadonlyMap<string, Asset> {
  loaded ??= new Map([
    ['app.css', asset(fileURLToPath(new URL('./assets/app.css', import.meta.url)), 'text/css; charset=utf-8')],
    ['portal.css', asset(fileURLToPath(new URL('../portal/portal.css', import.meta.url)), 'text/css; charset=utf-8')],
    ['survey.css', asset(fileURLToPath(new URL('../surveys/survey.css', import.meta.url)), 'text/css; charset=utf-8')],
    ['favicon.svg', asset(fileURLToPath(new URL('./assets/favicon.svg', import.meta.url)), 'image/svg+xml')],
    ['htmx.min.js', asset(require.resolve('htmx.org/dist/htmx.min.js'), 'text/javascript; charset=utf-8')],
    ['copy.js', asset(fileURLToPath(new URL('./assets/copy.js', import.meta.url)), 'text/javascript; charset=utf-8')],
    ['fonts/sarabun-300.ttf', asset(require.resolve(FONT_FILES.body), 'font/ttf')],
    ['fonts/sarabun-400.ttf', asset(require.resolve(FONT_FILES.regular), 'font/ttf')],
    ['fonts/sarabun-700.ttf', asset(require.resolve(FONT_FILES.bold), 'font/ttf')],
  ]);
  return loaded;
}

/** The URL of an asset with its version, for pages: /assets/app.css?v=… */
export function assetUrl(name: 'app.css' | 'portal.css' | 'survey.css' | 'htmx.min.js' | 'favicon.svg' | 'copy.js'): string {
  const a = assets().get(name) as Asset;
  return `/assets/${name}?v=${a.etag.slice(1, 11)}`;
}

export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const files = assets();
  const serve = (name: string) =>
    app.get(`/assets/${name}`, { config: { access: PUBLIC } }, async (request, reply) => {
      const a = files.get(name) as Asset;
      reply.header('cache-control', 'public, max-age=31536000, immutable').header('etag', a.etag).type(a.type);
      if (request.headers['if-none-match'] === a.etag) return reply.code(304).send();
      return reply.send(a.bytes);
    });
  for (const name of files.keys()) serve(name);
  // Browsers ask for /favicon.ico whatever the page links: the same SVG (every current browser takes an SVG icon).
  app.get('/favicon.ico', { config: { access: PUBLIC } }, async (_request, reply) => {
    const a = files.get('favicon.svg') as Asset;
    return reply.header('cache-control', 'public, max-age=86400').header('etag', a.etag).type(a.type).send(a.bytes);
  });
}
