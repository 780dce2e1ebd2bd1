/**
 * The web server: fastify with its official plugins for every security concern, the accounts of the requests,
 * the authorisation rule of every route, and the route areas.
 *
 * HOW TO ADD AN AREA (a public portal under /o/<slug>/, a complaints channel under /api/o/<slug>/complaints, …)
 * 1. Write a fastify plugin `async function portalArea(app: FastifyInstance, { deps }: AreaOptions)` in its own
 *    folder (src/portal/routes.tsx), calling only src/app/ use cases with `deps.db`.
 * 2. Give every route its rule: `app.get('/o/:slug', { config: { access: PUBLIC } }, handler)`. The rules are
 *    in src/web/access.ts: PUBLIC, SIGNED_IN, SYSTEM_ADMIN, inOrg(...actions) for routes with a `:slug`
 *    parameter. A route without a rule stops the server from starting, and test/web-routes.test.ts calls every
 *    route as every role, anonymously and from another organisation, and checks the answers against the rules
 *    (add the area's expectations there if its routes need more than the rule says, as the staff measures do).
 * 3. Register it below in AREAS (core: always there) or PUBLIC_AREAS (`options.areas` replaces these, so that a
 *    test can register an area built with its own settings).
 * Every POST/PUT/PATCH/DELETE needs the CSRF token (form field _csrf, or header x-csrf-token as htmx sends it),
 * except requests with an API token (Authorization: Bearer). Pages are server-rendered TSX (src/web/view.tsx);
 * errors are answered by src/web/errors.tsx (JSON under /api/, a page elsewhere); strings live in src/web/i18n.ts.
 */
import { randomUUID } from 'node:crypto';
import cookie, { signerFactory } from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { serverSecret, sessionAccount, tokenAccount } from '../accounts/accounts.ts';
import type { Account } from '../app/authz.ts';
import { Forbidden } from '../app/authz.ts';
import { loadStoredPacks } from '../criteria/packs-store.ts';
import { maxEvidenceBytes } from '../measures/evidence.ts';
import { configValue, logLevelOf, pickConfig } from '../config.ts';
import { authorizeOrg, recordSupervisorRead, type OrgContext } from '../app/context.ts';
import type { Db } from '../db/index.ts';
import { announce, ChangeBus, type Change } from '../db/notify.ts';
import { sharedBrowser, type DocumentBrowser } from '../documents/core/index.ts';
import { MissingAccessRule, type Access, type RouteRule } from './access.ts';
import { apiArea } from './api/index.ts';
import type { ApiOperation } from './route.ts';
import { assetRoutes } from './assets.ts';
import { authArea } from '../accounts/sign-in-pages.tsx';
import type { AreaOptions, Deps } from './deps.ts';
import { YearCache } from './cache.ts';
import { BODY_LIMIT_BYTES, UPLOAD_STALL_MS, uploadGate } from './uploads.ts';
import { refuseControlChars } from './control-chars.ts';
import { CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE } from './cookies.ts';
import { isApi, sendError, Unauthenticated, Unavailable } from './errors.tsx';
import { oldSlugRedirect } from '../portal/old-slugs.ts';
import { isLang, type Lang } from './i18n.ts';
import { staffArea } from './staff/index.tsx';
import { signupPages } from '../accounts/signup-pages.tsx';
import { passwordResetPages } from '../accounts/password-reset-pages.tsx';
import { PASSWORD_RESET_KIND, sendPasswordResetMail } from '../accounts/password-reset.ts';
import { portalArea } from '../portal/routes.tsx';
import { complaintsArea } from '../complaints/routes.tsx';
import { surveysArea } from '../surveys/routes-public.tsx';
import { queueHandlers, type JobHandlers } from '../jobs/queue.ts';
import { notificationHandlers } from '../notifications/event-jobs.ts';
import { REMINDERS_KIND, remindersJob } from '../notifications/reminders.ts';
import { ownSiteReader, preauditHandlers } from '../preaudit/weekly.ts';
import type { Injectable } from '../preaudit/check.ts';

export type Area = FastifyPluginAsync<AreaOptions>;

/**
 * The handlers of the background jobs (src/jobs/queue.ts) that every `prongsai serve` process runs: the queue's own
 * daily clean-up; a capability registers its kinds here (`.on(kind, handler)`).
 */
export function jobHandlers(server?: Injectable): JobHandlers {
  const handlers = notificationHandlers(queueHandlers().on(PASSWORD_RESET_KIND, sendPasswordResetMail).on(REMINDERS_KIND, remindersJob));
  // The weekly OIT pre-audit reads the portal's own pages in-process: through `server` (serve's own), else through a
  // server of the job's database made for the job (the CLI's drain).
  if (server) {
    const reader = ownSiteReader(server);
    return preauditHandlers(handlers, async () => ({ reader, close: async () => {} }));
  }
  return preauditHandlers(handlers, async (db) => {
    const app = await buildServer({ db, logger: false });
    return { reader: ownSiteReader(app), close: () => app.close() };
  });
}

/** The route areas every server has, registered in this order. */
export const AREAS: readonly Area[] = [authArea, passwordResetPages, staffArea, apiArea, signupPages];

/** The areas for the public, after AREAS: the transparency portal, the complaint channel and the surveys' links. */
export const PUBLIC_AREAS: readonly Area[] = [portalArea, complaintsArea, surveysArea];

export interface ServerOptions {
  /** The database, or the promise of it (migrated): requests are answered 503 until it resolves. */
  readonly db: Db | Promise<Db>;
  /** Logging: false (tests), or pino options (level…). Secrets are never logged whatever the level. */
  readonly logger?: boolean | { readonly level?: string; readonly stream?: NodeJS.WritableStream };
  /** Cookies with the Secure flag (the server is behind HTTPS). Default: PRONGSAI_SECURE_COOKIES=1. */
  readonly secureCookies?: boolean;
  /**
   * Trust X-Forwarded-* from a reverse proxy (src/cli/serve.ts reads PRONGSAI_TRUST_PROXY): the proxies' addresses
   * or CIDRs (a list, or comma-separated), or a number of hops (the client is that many hops back from this
   * server); true trusts every hop (tests only: anyone could then choose their address). Cookies are then Secure
   * on requests the proxy received over HTTPS.
   */
  readonly trustProxy?: boolean | number | string | readonly string[];
  /** How long clients may take (default DEFAULT_TIMEOUTS; tests set them short). */
  readonly timeouts?: Partial<ServerTimeouts>;
  readonly browser?: DocumentBrowser;
  readonly now?: () => Date;
  /** Sign-in requests per minute from one address (the per-account lockout is separate). Default 10. */
  readonly signInPerMinute?: number;
  /** Largest uploaded file in bytes. Default: the evidence limit (PRONGSAI_EVIDENCE_MAX_MB, else 20 MB). */
  readonly maxUploadBytes?: number;
  /** How many requests with files from people not signed in are read at once (src/web/uploads.ts). */
  readonly publicUploadsAtOnce?: number;
  /** Of those, how many from one client address (src/web/uploads.ts). */
  readonly publicUploadsPerAddress?: number;
  /** The areas registered after AREAS, instead of PUBLIC_AREAS (tests: an area with its own settings). */
  readonly areas?: readonly Area[];
  /**
   * The changes announced by the other processes on the same PostgreSQL database (src/db/notify.ts; src/cli/serve.ts
   * listens): the caches drop what they concern. Default: a bus nobody else speaks on (one process).
   */
  readonly changes?: ChangeBus;
  /** The read replica for the roll-ups (DATABASE_READ_URL; src/cli/serve.ts opens it). Default: `db`. */
  readonly readDb?: Db;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: from the session cookie, or from an API token; null when nobody is signed in. */
    account: Account | null;
    /** The session id from the cookie (to sign out, or keep this session when the password changes). */
    sessionId: string | null;
    /** True when the account comes from an API token (no CSRF token is needed then). */
    bearer: boolean;
    lang: Lang;
    /** The organisation of an inOrg route, resolved and authorised before the handler. */
    org: OrgContext | null;
  }
  interface FastifyInstance {
    /** Every route with its access rule, for the route matrix test. */
    readonly routeRules: readonly RouteRule[];
  }
}

/** How long a client may take, in ms, before the server closes its connection. */
export interface ServerTimeouts {
  /** The head of a request (its first line and headers): 408. */
  readonly headersMs: number;
  /** A whole request, body included (five 20 MB files on a slow line): 408. */
  readonly requestMs: number;
  /** A connection on which nothing comes or goes, also while an answer is being prepared. */
  readonly idleMs: number;
  /** A kept-alive connection between two requests. */
  readonly keepAliveMs: number;
  /** A body with files from someone not signed in that stops coming (src/web/uploads.ts). */
  readonly uploadStallMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 20_000,
  requestMs: 10 * 60_000,
  idleMs: 2 * 60_000,
  keepAliveMs: 72_000,
  uploadStallMs: UPLOAD_STALL_MS,
};

/** fastify's trustProxy: a hop count trusts that many hops (fastify itself trusts no hop for a number). */
function fastifyTrustProxy(option: NonNullable<ServerOptions['trustProxy']>): boolean | string | string[] | ((address: string, hop: number) => boolean) {
  if (typeof option === 'number') return (_address, hop) => hop < option;
  return typeof option === 'object' ? [...option] : option;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A field of a parsed body (or of a multipart part), whatever the body is; undefined when it has none. */
function fieldOf(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const field: unknown = Reflect.get(value, name);
  return field;
}

/** The organisation slug of the route (its :slug parameter); '' on a route without one. */
function slugOf(request: FastifyRequest): string {
  const slug = fieldOf(request.params, 'slug');
  return typeof slug === 'string' ? slug : '';
}

/** The URL as logged: one-time links and tokens in paths or queries are replaced. */
export function redactUrl(url: string): string {
  return url.replace(/\/setup\/[^/?#]+/g, '/setup/[redacted]').replace(/([?&](?:token|password|next)=)[^&#]*/gi, '$1[redacted]');
}

function loggerOptions(option: ServerOptions['logger']): FastifyServerOptions['logger'] {
  if (option === false || option === undefined) return false;
  return {
    level: (option === true ? undefined : option.level) ?? logLevelOf(pickConfig(['LOG_LEVEL', 'PRONGSAI_LOG_FILE'])),
    ...(option !== true && option.stream ? { stream: option.stream } : {}),
    // Never a header, a body, a password, a token or a session id; no client address either (PDPA: nothing
    // identifying is needed to run the service).
    redact: { paths: ['password', '*.password', 'token', '*.token', 'sessionId', '*.sessionId', 'headers', '*.headers', 'body', '*.body'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const maxUploadBytes = options.maxUploadBytes ?? maxEvidenceBytes();
  const secureAlways = options.secureCookies ?? configValue('PRONGSAI_SECURE_COOKIES');
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    logger: loggerOptions(options.logger),
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    bodyLimit: BODY_LIMIT_BYTES,
    // A client that sends its request slowly, or nothing, does not hold a connection for long (408, then closed).
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // How often node looks for heads and requests past their time (its default, 30 s, is longer than both in tests).
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(Math.min(timeouts.headersMs, timeouts.requestMs) / 4))),
    },
    genReqId: () => randomUUID(),
    forceCloseConnections: true,
  });

  // The database, once ready; the cookie-signing key comes from it (shared by every process).
  let db: Db | null = null;
  let signer: ReturnType<typeof signerFactory> | null = null;
  const ready = Promise.resolve(options.db).then(async (d) => {
    signer = signerFactory(await serverSecret(d, 'cookie'));
    // The criteria packs imported into the database (src/criteria/criteria.ts), beside the built-in ones.
    await loadStoredPacks(d);
    db = d;
  });
  ready.catch((error: unknown) => app.log.error({ err: error }, 'database not ready'));
  // A database given as it is (not a promise): ready before the first request.
  if (!(options.db instanceof Promise)) await ready;
  const deps: Deps = {
    get db(): Db {
      if (!db) throw new Unavailable('database not ready');
      return db;
    },
    browser: options.browser ?? sharedBrowser(),
    now: options.now ?? (() => new Date()),
    maxUploadBytes,
    signInPerMinute: options.signInPerMinute ?? 10,
    get readDb(): Db {
      return options.readDb ?? deps.db;
    },
    cache: new YearCache(),
    changes: options.changes ?? new ChangeBus(),
  };
  // What other processes announce (src/db/notify.ts). Registering packs reads the database: requests wait for the
  // registrations under way (onRequest below), so that one answered after the announcement arrived knows them.
  // Before the database is ready there is nothing to reload: getting ready loads every pack.
  let registering: Promise<void> = Promise.resolve();
  const reloadPacks = (d: Db) => {
    registering = registering
      .then(() => loadStoredPacks(d))
      .then(
        () => undefined,
        (error: unknown) => app.log.error({ err: error }, 'criteria packs not reloaded'),
      );
  };
  const stopHearing = deps.changes.on((change: Change) => {
    if (change.kind === 'org') deps.cache.invalidate(change.slug);
    if (change.kind === 'all') deps.cache.clear();
    if ((change.kind === 'pack' || change.kind === 'all') && db) reloadPacks(db);
  });
  app.addHook('onClose', async () => {
    stopHearing();
  });
  app.addHook('onRequest', async () => {
    await registering;
  });
  // Every cookie is Secure behind HTTPS: always when told so, else when the (trusted) proxy received HTTPS.
  const secure = secureAlways ? true : 'auto';

  // Every route states who may call it.
  const rules: RouteRule[] = [];
  app.decorate('routeRules', rules);
  app.decorate('apiOperations', [] as ApiOperation[]);
  app.addHook('onRoute', (route) => {
    const access: Access | undefined = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (!access) throw new MissingAccessRule(method, route.url);
      if (access.kind === 'org' && !route.url.includes(':slug')) throw new Error(`route ${method} ${route.url}: an inOrg rule needs a :slug parameter`);
      rules.push({ method, url: route.url, access, csrf: route.config?.csrf !== false });
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameSrc: ["'self'"],
        frameAncestors: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        ...(secureAlways ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: secureAlways ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
  await app.register(cookie, {
    // The options every reply.setCookie starts from (@fastify/cookie calls them parseOptions).
    parseOptions: { secure },
    secret: {
      sign: (value: string) => (signer as NonNullable<typeof signer>).sign(value),
      unsign: (value: string) => (signer ? signer.unsign(value) : { valid: false, renew: false, value: null }),
    },
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, signed: true, secure },
    getToken: (request: FastifyRequest) => {
      const header = request.headers['x-csrf-token'];
      if (typeof header === 'string') return header;
      const field = fieldOf(request.body, '_csrf');
      if (typeof field === 'string') return field;
      // multipart (attachFieldsToBody): { value }
      const value = fieldOf(field, 'value');
      return typeof value === 'string' ? value : '';
    },
  });
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: maxUploadBytes, files: 5, fields: 100, parts: 110, fieldSize: 200_000 },
  });
  await app.register(rateLimit, { global: false });

  app.decorateRequest('account', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('bearer', false);
  app.decorateRequest('lang', 'th');
  app.decorateRequest('org', null);

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error, maxUploadBytes));
  app.setNotFoundHandler((request, reply) => sendError(request, reply, { statusCode: 404 }, maxUploadBytes));

  // Who is asking, and may they call this route at all (before any body is read).
  app.addHook('onRequest', async (request, reply) => {
    const lang = request.cookies[LANG_COOKIE];
    request.lang = isLang(lang) ? lang : 'th';
    if (!db) {
      if (request.routeOptions.url === '/healthz') return;
      throw new Unavailable('database not ready');
    }
    const access = request.routeOptions.config?.access ?? { kind: 'public' };
    if (request.routeOptions.config?.complainant) return;
    const authorization = request.headers.authorization;
    const now = deps.now();
    if (authorization !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      const account = token ? await tokenAccount(db, token, now) : null;
      if (!account) {
        if (access.kind === 'public') return;
        throw new Unauthenticated();
      }
      request.account = account;
      request.bearer = true;
    } else {
      const sid = request.cookies[SESSION_COOKIE];
      if (sid) {
        const account = await sessionAccount(db, sid, now);
        if (account) {
          request.account = account;
          request.sessionId = sid;
        } else {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }
    if (access.kind === 'public') return;
    if (!request.account) {
      if (!isApi(request) && (request.method === 'GET' || request.method === 'HEAD')) {
        const next = encodeURIComponent(request.url);
        return reply.redirect(`/login?next=${next}${request.cookies[SESSION_COOKIE] ? '&ended=1' : ''}`, 303);
      }
      throw new Unauthenticated();
    }
    if (access.kind === 'system' && !request.account.principal.roles.some((r) => r.role === 'system_admin')) throw new Forbidden('org.admin');
    if (access.kind === 'supervision' && !request.account.principal.roles.some((r) => r.role === 'system_admin' || r.role === 'supervisor')) throw new Forbidden('year.read');
  });
  // The public URLs of an organisation's old slug redirect to its current slug (src/portal/old-slugs.ts).
  app.addHook('onRequest', oldSlugRedirect(() => db));
  // Files only where a route takes them, within its limit, a few anonymous ones at a time: before the body is read.
  app.addHook(
    'onRequest',
    uploadGate({ maxUploadBytes, publicAtOnce: options.publicUploadsAtOnce, publicPerAddress: options.publicUploadsPerAddress, stallMs: timeouts.uploadStallMs }),
  );
  // No control character in a path, query or body (a 400 naming the field), once the body is read (multipart too).
  app.addHook('preValidation', refuseControlChars);

  // A change to an organisation's data drops what the cache holds of it, before and after the change; only a
  // request that passed its access rule and CSRF check counts, so nobody can empty the cache from outside.
  const changing = new WeakSet<FastifyRequest>();
  const invalidate = (request: FastifyRequest) => deps.cache.invalidate(slugOf(request));
  app.addHook('onResponse', async (request) => {
    if (changing.has(request)) invalidate(request);
  });
  // …and, when it succeeded, the other processes are told before the answer goes (src/db/notify.ts).
  app.addHook('onSend', async (request, reply, payload) => {
    if (changing.has(request) && reply.statusCode < 400 && db) {
      await announce(db, { kind: 'org', slug: slugOf(request) }).catch((error: unknown) => request.log.error({ err: error }, 'change not announced'));
    }
    return payload;
  });

  // CSRF on every state-changing request made with cookies, then the organisation of the route.
  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config;
    if (UNSAFE.has(request.method) && !request.bearer && config?.csrf !== false) {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
      });
      if (reply.sent) return reply;
    }
    const access = config?.access;
    if (access?.kind === 'org' && request.account) {
      const slug = slugOf(request);
      const principal = request.account.principal;
      // Authorised by the app layer (resolveOrg); the answer for the same person, grants and actions is kept
      // with the organisation's other entries in the year cache, and a refusal is never kept (cache.ts).
      const key = `org:${access.actions.join(',')}:${principal.personId}:${JSON.stringify(principal.roles)}`;
      // A supervisor's access hangs on the tree above the organisation, which a move changes without dropping this
      // organisation's entries: it is checked on every request (one query).
      const authorize = () => authorizeOrg(deps.db, principal, slug, access.actions);
      request.org = principal.roles.some((g) => g.role === 'supervisor') ? await authorize() : ((await deps.cache.get(slug, key, deps.now().getTime(), authorize)) as OrgContext);
      // A supervisor's read is recorded in the organisation's log once per request, whatever the cache answered.
      const year = fieldOf(request.params, 'year');
      await recordSupervisorRead(deps.db, principal, request.org, access.actions, typeof year === 'string' ? `${request.org.slug}/${year}` : request.org.slug, `${request.method} ${redactUrl(request.url.split('?')[0] ?? '')}`);
    }
    if (UNSAFE.has(request.method) && slugOf(request) !== '') {
      changing.add(request);
      invalidate(request);
    }
    return undefined;
  });

  app.get('/healthz', { config: { access: { kind: 'public' } } }, async (_request, reply) => {
    if (!db) return reply.code(503).header('cache-control', 'no-store').send({ status: 'starting' });
    await db.query('SELECT 1');
    return reply.header('cache-control', 'no-store').send({ status: 'ok', database: db.kind });
  });
  app.get('/', { config: { access: { kind: 'public' } } }, async (request, reply) => reply.redirect(request.account ? '/staff' : '/login', 303));

  await app.register(assetRoutes);
  for (const area of [...AREAS, ...(options.areas ?? PUBLIC_AREAS)]) await app.register(area, { deps });
  return app;
}
