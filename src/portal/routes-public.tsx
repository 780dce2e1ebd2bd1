/**
 * The public pages of an organisation, under /o/<slug>/ (addresses: src/portal/paths.ts). No sign-in; every
 * route is PUBLIC. What they show comes only from src/portal/publications-public.ts (approved versions whose time
 * has come), rendered once per visibility epoch (public-views.tsx) and served from the cache (cache.ts) with ETag,
 * Last-Modified and Cache-Control. Files and frozen documents are read from the database on each request, after
 * the check that a public version carries them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFound } from '../app/errors.ts';
import { configValue } from '../config.ts';
import { fiscalYearOf } from '../thai/index.ts';
import { PUBLIC } from '../web/access.ts';
import type { Deps } from '../web/deps.ts';
import type { Lang } from '../web/i18n.ts';
import { pageRoute } from '../web/route.ts';
import { bodyKey, maxAgeFor, sendCached, type PortalCache, type PortalView } from './cache.ts';
import { inLang } from './components.tsx';
import { sendStored } from './files.ts';
import { portalMessages } from './i18n.ts';
import { portalErrors } from './messages.ts';
import { portalHome, type Slot } from './paths.ts';
import { lookupVersion, publicComplaintStatistics, publicFile } from './publications-public.ts';
import type { FileView } from './publications.ts';
import { documentsPage, homePage, notFoundPage, resultsPage, versionPage, yearPage, type PublicContext } from './views-public.tsx';

/** The query of a public page: its language (?lang=en; anything else is Thai). */
export const langQuery = z.object({ lang: z.unknown().optional() });

/** The page's language: the address says it (?lang=en); Thai otherwise. */
export const langOf = (query: z.output<typeof langQuery>): Lang => (query.lang === 'en' ? 'en' : 'th');

/** The origin for absolute addresses: PRONGSAI_PUBLIC_URL when set (behind a proxy), else the request's. */
export function originOf(request: FastifyRequest): string {
  const configured = configValue('PRONGSAI_PUBLIC_URL');
  if (configured) return configured;
  return `${request.protocol}://${request.host}`;
}

export interface PublicOptions {
  readonly deps: Deps;
  readonly cache: PortalCache;
}

const YEAR = /^\d{4}$/;
const VERSION = /^[1-9]\d{0,5}$/;
const CODE = /^O\d{1,2}$/;
const PAGE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Complaint statistics change with time, not with publications: what shows them is kept 10 minutes at most. */
const STATS_BUCKET_MS = 10 * 60_000;
export const statsBucket = (now: Date): string => String(Math.floor(now.getTime() / STATS_BUCKET_MS));

const notFound = () => new NotFound('path', portalErrors.noPage());

/** A number of the path (a year, a version); anything else is not found. */
function numberParam(value: string | undefined, pattern: RegExp): number {
  if (!pattern.test(value ?? '')) throw notFound();
  return Number(value);
}
const yearParam = (value: string | undefined) => numberParam(value, YEAR);
const versionParam = (value: string | undefined) => numberParam(value, VERSION);

/** The path parameters of the public routes (any text: what does not fit is the portal's own 404 page). */
const slotParams = z.object({ slug: z.string(), year: z.string().optional(), code: z.string().optional(), page: z.string().optional() });
type SlotParams = z.output<typeof slotParams>;

/** The slot named by a route's parameters. */
function slotParam(kind: Slot['kind'], p: SlotParams): Slot {
  switch (kind) {
    case 'oit':
      if (!CODE.test(p.code ?? '')) throw notFound();
      return { kind, year: yearParam(p.year), code: p.code as string };
    case 'page':
      if (!PAGE.test(p.page ?? '') || (p.page ?? '').length > 64) throw notFound();
      return { kind, page: p.page as string };
    default:
      return { kind, year: yearParam(p.year) };
  }
}

export interface Rendered {
  readonly body: string | Buffer;
  readonly type: string;
  readonly status?: number;
}

/** What a public request asks for: its organisation's slug and its page's language. */
export interface PublicRequest {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly slug: string;
  readonly lang: Lang;
}

/** The public request of a route's parsed input. */
export const askedOf = (input: { params: { slug: string }; query: z.output<typeof langQuery>; request: FastifyRequest; reply: FastifyReply }): PublicRequest => ({
  request: input.request,
  reply: input.reply,
  slug: input.params.slug,
  lang: langOf(input.query),
});

/**
 * Answers a public request from the cache: the organisation's view at the request's clock, the body rendered
 * once per epoch (and `extra` key part), conditional requests answered 304. A NotFound while rendering is the
 * portal's own 404 page (not cached: any path can be asked for).
 */
export async function servePublic(opts: PublicOptions, asked: PublicRequest, render: (c: PublicContext) => Promise<Rendered> | Rendered, extra = ''): Promise<FastifyReply> {
  const { deps, cache } = opts;
  const { request, reply, slug, lang } = asked;
  const now = deps.now();
  const view = await cache.view(deps.db, slug, now);
  if (!view) throw new NotFound('org', portalErrors.noOrg({ slug }));
  const origin = originOf(request);
  const key = bodyKey(view, [request.url.split('?')[0] as string, lang, origin, extra]);
  try {
    const cached = await cache.body(key, async () => render({ lang, m: portalMessages(lang), origin, view, data: await view.data(), now }));
    return sendCached(request, reply, cached, view.epoch, maxAgeFor(view.epoch, now, cache.maxAgeSeconds));
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    const body = notFoundPage({ lang, m: portalMessages(lang), origin, data: await view.data(), now });
    // Not found now may be found at the next scheduled instant: kept no longer than the pages are.
    return reply
      .code(404)
      .header('cache-control', `public, max-age=${maxAgeFor(view.epoch, now, cache.maxAgeSeconds)}`)
      .type('text/html; charset=utf-8')
      .send(body);
  }
}

const HTML = 'text/html; charset=utf-8';

/** Sends a stored file of a public version (content-addressed: its SHA-256 is its ETag). */
async function sendFile(request: FastifyRequest, reply: FastifyReply, opts: PublicOptions, view: PortalView, ref: FileView): Promise<FastifyReply> {
  const etag = `"${ref.sha256}"`;
  reply.header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).header('cache-control', 'public, max-age=300').send();
  const file = await publicFile(opts.deps.db, await view.data(), ref.sha256);
  return sendStored(reply, file.bytes, { filename: ref.filename, mediaType: ref.docFormat === 'html' ? HTML : ref.mediaType }, 'public, max-age=300');
}

const orgParams = z.object({ slug: z.string() });

export async function publicRoutes(app: FastifyInstance, opts: PublicOptions): Promise<void> {
  const { deps } = opts;
  const page = { access: PUBLIC, params: slotParams, query: langQuery } as const;
  const bucket = () => statsBucket(deps.now());

  pageRoute(app, 'GET', '/o/:slug', { access: PUBLIC, params: orgParams, query: langQuery }, async ({ params, query, reply }) =>
    reply.redirect(inLang(langOf(query), portalHome(params.slug)), 301),
  );

  pageRoute(app, 'GET', '/o/:slug/', page, async (input) =>
    servePublic(
      opts,
      askedOf(input),
      async (c) => ({ body: homePage(c, await publicComplaintStatistics(deps.db, c.data.org.orgId, fiscalYearOf(c.now), c.now)), type: HTML }),
      bucket(),
    ),
  );

  // The parameters are read while rendering, so that a malformed one gets the portal's own 404 page.
  pageRoute(app, 'GET', '/o/:slug/ita/:year', page, async (input) =>
    servePublic(
      opts,
      askedOf(input),
      async (c) => {
        const year = yearParam(input.params.year);
        return { body: yearPage(c, year, await publicComplaintStatistics(deps.db, c.data.org.orgId, year, c.now)), type: HTML };
      },
      bucket(),
    ),
  );

  const versionParams = slotParams.extend({ version: z.string() });
  const versionRoutes = (kind: Slot['kind'], base: string) => {
    pageRoute(app, 'GET', base, page, async (input) => servePublic(opts, askedOf(input), (c) => ({ ...versionPage(c, slotParam(kind, input.params), null), type: HTML })));
    pageRoute(app, 'GET', `${base}/v:version`, { ...page, params: versionParams }, async (input) =>
      servePublic(opts, askedOf(input), (c) => ({ ...versionPage(c, slotParam(kind, input.params), versionParam(input.params.version)), type: HTML })),
    );
  };
  versionRoutes('oit', '/o/:slug/ita/:year/:code');
  versionRoutes('declaration', '/o/:slug/declaration/:year');
  versionRoutes('results', '/o/:slug/results/:year');
  versionRoutes('page', '/o/:slug/p/:page');

  const documentParams = versionParams.extend({ document: z.string() });
  pageRoute(app, 'GET', '/o/:slug/ita/:year/:code/v:version/documents/:document', { access: PUBLIC, params: documentParams }, async ({ params, request, reply }) => {
    const slot = slotParam('oit', params);
    const version = versionParam(params.version);
    const [kind, format] = params.document.split('.');
    const now = deps.now();
    const view = await opts.cache.view(deps.db, params.slug, now);
    if (!view) throw notFound();
    const found = lookupVersion(await view.data(), slot, version);
    const ref = found.kind === 'ok' ? found.version.files.find((f) => f.role === 'document' && f.docKind === kind && f.docFormat === format) : undefined;
    if (!ref) throw notFound();
    return sendFile(request, reply, opts, view, ref);
  });

  const fileParams = z.object({ slug: z.string(), sha256: z.string(), name: z.string() });
  pageRoute(app, 'GET', '/o/:slug/files/:sha256/:name', { access: PUBLIC, params: fileParams }, async ({ params, request, reply }) => {
    const { slug, sha256 } = params;
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw notFound();
    const view = await opts.cache.view(deps.db, slug, deps.now());
    if (!view) throw notFound();
    const ref = (await view.data()).versions.flatMap((v) => v.files).find((f) => f.sha256 === sha256);
    if (!ref) throw notFound();
    return sendFile(request, reply, opts, view, ref);
  });

  pageRoute(app, 'GET', '/o/:slug/documents', page, async (input) => servePublic(opts, askedOf(input), (c) => ({ body: documentsPage(c), type: HTML })));
  pageRoute(app, 'GET', '/o/:slug/results', page, async (input) => servePublic(opts, askedOf(input), (c) => ({ body: resultsPage(c), type: HTML })));
}
