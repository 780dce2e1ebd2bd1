/**
 * Safe fetching for the OIT pre-audit. The checker is a server reading addresses that people typed, so it must not
 * become a way into the network it runs in (SSRF): only http(s), no credentials in a link, every address a name
 * resolves to checked BEFORE any connection (loopback, private, link-local incl. 169.254.169.254, unique-local,
 * CGNAT, multicast, unspecified, reserved and their IPv4-mapped forms are refused), and the connection pinned to the
 * checked addresses (the `lookup` given to Node validates and hands back only what it validated: there is no second
 * resolution to rebind). Every redirect is checked the same way. TLS is verified (Node's default, never turned off).
 * Bounded: one deadline for the whole request with its redirects and body, a byte cap on the decoded body (a gzip
 * bomb stays capped), at most `perHost` requests at a time to one host.
 *
 * One path: node:http / node:https with a validating `lookup` (see docs/preaudit.md for why not
 * `request-filtering-agent`). A caller's AbortSignal cancels: fetch then rejects with the signal's reason (a
 * cancelled check is not an outcome to record).
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import ipaddr from 'ipaddr.js';
import { pickConfig } from '../config.ts';
import type { Message } from '../messages.ts';
import { fetchMessages } from './fetch-messages.ts';

export interface FetchPolicy {
  /** 'host:port' pairs let through even when loopback/private (tests only: PRONGSAI_OIT_ALLOW_HOSTS). */
  readonly allowHosts: ReadonlySet<string>;
  readonly maxRedirects: number;
  /** Over it (raw or decoded): 'too-large'; reading stops there. */
  readonly maxBytes: number;
  /** For the whole request: redirects, headers and body (waiting for a per-host slot before the first one excluded). */
  readonly timeoutMs: number;
  /** At most this many requests at a time to one host name (per fetcher). */
  readonly perHost: number;
  readonly userAgent: string;
}

export type FetchRefusal = 'bad-url' | 'bad-scheme' | 'refused-address' | 'too-many-redirects' | 'redirect-loop';
export type FetchFailure = FetchRefusal | 'dns' | 'connect' | 'tls' | 'timeout' | 'too-large' | 'http-status' | 'bad-response';

export interface Fetched {
  readonly ok: true;
  /** As asked. */
  readonly url: string;
  readonly finalUrl: string;
  readonly redirects: readonly string[];
  readonly status: number;
  readonly contentType: string | null;
  /** Decoded bytes. */
  readonly size: number;
  /** ISO, from Last-Modified. */
  readonly lastModified: string | null;
  readonly body: Buffer;
  readonly fetchedAt: string;
}

export interface NotFetched {
  readonly ok: false;
  readonly url: string;
  /** Where it stopped (the asked address, or the redirect target refused or failing); null when the address does not parse. */
  readonly finalUrl: string | null;
  readonly redirects: readonly string[];
  /** Set for 'http-status' (and a 'bad-response' that had a status). */
  readonly status: number | null;
  readonly failure: FetchFailure;
  readonly message: Message;
}

/** How the fetcher resolves a host name (every address it returns is checked); tests inject one. */
export type Resolve = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface FetcherOptions {
  readonly resolve?: Resolve;
}

const MIB = 1024 * 1024;

/** package.json's version and, when it names one, its homepage (src/preaudit/ and dist/preaudit/ are two folders down). */
function userAgent(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; homepage?: unknown };
  // An HTTP header carries Latin-1 only: the Thai words of the design ("ตรวจความพร้อม OIT") cannot be sent as such.
  const contact = typeof pkg.homepage === 'string' ? `+${pkg.homepage}; ` : '';
  return `Prongsai-OIT-preaudit/${pkg.version} (${contact}OIT readiness check)`;
}

export const DEFAULT_POLICY: FetchPolicy = Object.freeze({
  allowHosts: new Set<string>(),
  maxRedirects: 5,
  maxBytes: 20 * MIB,
  timeoutMs: 20_000,
  perHost: 2,
  userAgent: userAgent(),
});

/** DEFAULT_POLICY with PRONGSAI_OIT_ALLOW_HOSTS (comma-separated host:port, for tests only); a bad entry is a ConfigError. */
export function policyFromEnv(env: NodeJS.ProcessEnv = process.env): FetchPolicy {
  const allowed = pickConfig(['PRONGSAI_OIT_ALLOW_HOSTS'], env).PRONGSAI_OIT_ALLOW_HOSTS;
  if (allowed === undefined || allowed.length === 0) return DEFAULT_POLICY;
  return Object.freeze({ ...DEFAULT_POLICY, allowHosts: new Set(allowed) });
}

const fetchers = new Map<string, SafeFetcher>();

/**
 * The process's fetcher for the environment's policy: the staff pages, the API and the weekly jobs of one process
 * share it, and so its polite limit per host.
 */
export function sharedFetcher(env: NodeJS.ProcessEnv = process.env): SafeFetcher {
  const policy = policyFromEnv(env);
  const key = [...policy.allowHosts].join(',');
  let fetcher = fetchers.get(key);
  if (!fetcher) fetchers.set(key, (fetcher = new SafeFetcher(policy)));
  return fetcher;
}

/** A public unicast address (IPv4-mapped IPv6 judged as its IPv4); anything else, or not an address, is false. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
  return ip.range() === 'unicast';
}

const REFUSED = 'PRONGSAI_REFUSED_ADDRESS';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL', 'ENOTIMP', 'EREFUSED']);

const defaultResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** Node's `lookup` for one request: resolve once, refuse if ANY address is not public (unless allowed), pin to what was checked. */
function pinnedLookup(resolve: Resolve, allowed: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        if (!allowed && found.some((a) => !isPublicAddress(a.address))) {
          callback(Object.assign(new Error(`refused address for ${hostname}`), { code: REFUSED }), '', 0);
          return;
        }
        const usable = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        const first = usable[0];
        if (!first) callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        else if (options.all) callback(null, [...usable]);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

type Target = { readonly ok: true; readonly url: URL; readonly allowed: boolean } | { readonly ok: false; readonly failure: FetchFailure; readonly message: Message };

type Hop =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'body'; readonly status: number; readonly res: IncomingMessage; readonly body: Buffer }
  | { readonly kind: 'failed'; readonly failure: FetchFailure; readonly message: Message; readonly status: number | null }
  | { readonly kind: 'aborted' };

function failureOf(error: unknown, host: string): { failure: FetchFailure; message: Message } {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === REFUSED) return { failure: 'refused-address', message: fetchMessages.refusedAddress({ host }) };
  if (DNS_CODES.has(code)) return { failure: 'dns', message: fetchMessages.dns({ host }) };
  if (code === 'EPROTO' || /CERT|SSL|TLS|SIGNATURE|ISSUER/.test(code)) return { failure: 'tls', message: fetchMessages.tls({ host }) };
  if (code.startsWith('HPE_')) return { failure: 'bad-response', message: fetchMessages.badResponse() };
  return { failure: 'connect', message: fetchMessages.connect({ host }) };
}

function decoderOf(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null | undefined {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

interface Slots {
  active: number;
  readonly waiting: (() => void)[];
}

export class SafeFetcher {
  readonly #policy: FetchPolicy;
  readonly #resolve: Resolve;
  readonly #slots = new Map<string, Slots>();

  constructor(policy: FetchPolicy, options: FetcherOptions = {}) {
    this.#policy = policy;
    this.#resolve = options.resolve ?? defaultResolve;
  }

  async fetch(url: string, signal?: AbortSignal): Promise<Fetched | NotFetched> {
    signal?.throwIfAborted();
    const redirects: string[] = [];
    const seen = new Set<string>();
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const notFetched = (finalUrl: string | null, failure: FetchFailure, message: Message, status: number | null = null): NotFetched => ({
      ok: false,
      url,
      finalUrl,
      redirects: [...redirects],
      status,
      failure,
      message,
    });
    const stopped = (at: string): NotFetched => {
      if (timedOut) return notFetched(at, 'timeout', fetchMessages.timeout({ seconds: Math.ceil(this.#policy.timeoutMs / 1000) }));
      throw signal?.reason ?? new Error('aborted');
    };
    try {
      let current = url;
      for (;;) {
        const target = this.#target(current);
        if (!target.ok) return notFetched(target.failure === 'bad-url' && redirects.length === 0 ? null : current, target.failure, target.message);
        seen.add(target.url.href);
        let release: () => void;
        try {
          release = await this.#acquire(target.url.hostname, controller.signal);
        } catch {
          return stopped(current);
        }
        timer ??= setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, this.#policy.timeoutMs);
        let hop: Hop;
        try {
          hop = await this.#hop(target.url, target.allowed, controller.signal);
        } finally {
          release();
        }
        if (hop.kind === 'aborted') return stopped(current);
        if (hop.kind === 'failed') return notFetched(current, hop.failure, hop.message, hop.status);
        if (hop.kind === 'body') {
          const modified = hop.res.headers['last-modified'];
          const when = modified ? new Date(modified) : null;
          return {
            ok: true,
            url,
            finalUrl: current,
            redirects,
            status: hop.status,
            contentType: hop.res.headers['content-type'] ?? null,
            size: hop.body.length,
            lastModified: when && !Number.isNaN(when.getTime()) ? when.toISOString() : null,
            body: hop.body,
            fetchedAt: new Date().toISOString(),
          };
        }
        let next: string;
        try {
          next = new URL(hop.location, target.url).href;
        } catch {
          return notFetched(current, 'bad-response', fetchMessages.badResponse());
        }
        if (seen.has(next)) return notFetched(next, 'redirect-loop', fetchMessages.redirectLoop());
        if (redirects.length >= this.#policy.maxRedirects) {
          return notFetched(next, 'too-many-redirects', fetchMessages.tooManyRedirects({ max: this.#policy.maxRedirects }));
        }
        redirects.push(next);
        current = next;
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The checks made before any connection: scheme, credentials, and an address written as a literal. */
  #target(text: string): Target {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, failure: 'bad-url', message: fetchMessages.badUrl({ url: text }) };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, failure: 'bad-scheme', message: fetchMessages.badScheme({ scheme: url.protocol.slice(0, -1) }) };
    }
    if (url.username !== '' || url.password !== '' || url.hostname === '') {
      url.username = '';
      url.password = '';
      return { ok: false, failure: 'bad-url', message: fetchMessages.badUrl({ url: url.href }) };
    }
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const allowed = this.#policy.allowHosts.has(`${url.hostname}:${port}`);
    const literal = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (!allowed && isIP(literal) !== 0 && !isPublicAddress(literal)) {
      return { ok: false, failure: 'refused-address', message: fetchMessages.refusedAddress({ host: url.hostname }) };
    }
    return { ok: true, url, allowed };
  }

  /** A slot for one request to `host`; resolves to its release. Rejects when `signal` aborts while waiting. */
  async #acquire(host: string, signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    let slots = this.#slots.get(host);
    if (!slots) this.#slots.set(host, (slots = { active: 0, waiting: [] }));
    const held = slots;
    const release = (): void => {
      const next = held.waiting.shift();
      if (next) next(); // the slot passes on: active stays
      else if (--held.active === 0) this.#slots.delete(host);
    };
    if (held.active < this.#policy.perHost) {
      held.active += 1;
      return release;
    }
    await new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        held.waiting.splice(held.waiting.indexOf(wake), 1);
        reject(signal.reason);
      };
      held.waiting.push(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return release;
  }

  /** One request: a redirect's Location, the body read within the caps, or why not. Never rejects. */
  #hop(url: URL, allowed: boolean, signal: AbortSignal): Promise<Hop> {
    const { maxBytes, userAgent: agentName } = this.#policy;
    const host = url.hostname;
    if (signal.aborted) return Promise.resolve({ kind: 'aborted' });
    return new Promise<Hop>((resolve) => {
      let settled = false;
      const cleanups: (() => void)[] = [];
      const settle = (hop: Hop): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        for (const cleanup of cleanups) cleanup();
        resolve(hop);
      };
      const onAbort = (): void => settle({ kind: 'aborted' });
      const failed = (failure: FetchFailure, message: Message, status: number | null = null): void => settle({ kind: 'failed', failure, message, status });
      const tooLarge = (): void => failed('too-large', fetchMessages.tooLarge({ mib: Math.round((maxBytes / MIB) * 100) / 100 }));
      signal.addEventListener('abort', onAbort, { once: true });

      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'GET',
        agent: false,
        lookup: pinnedLookup(this.#resolve, allowed),
        headers: { 'user-agent': agentName, accept: '*/*', 'accept-encoding': 'gzip, deflate, br' },
      });
      cleanups.push(() => request.destroy());
      request.on('error', (error) => {
        if (signal.aborted) return onAbort();
        const { failure, message } = failureOf(error, host);
        failed(failure, message);
      });
      request.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status)) {
          const location = res.headers.location;
          return location ? settle({ kind: 'redirect', location }) : failed('bad-response', fetchMessages.badResponse(), status);
        }
        if (status >= 400) return failed('http-status', fetchMessages.httpStatus({ status }), status);
        if (status < 200 || status >= 300) return failed('bad-response', fetchMessages.badResponse(), status);
        if (Number(res.headers['content-length'] ?? 0) > maxBytes) return tooLarge();
        const decoder = decoderOf((res.headers['content-encoding'] ?? '').trim().toLowerCase());
        if (decoder === undefined) return failed('bad-response', fetchMessages.badResponse(), status);

        const chunks: Buffer[] = [];
        let raw = 0;
        let decoded = 0;
        const take = (chunk: Buffer): void => {
          decoded += chunk.length;
          if (decoded > maxBytes) return tooLarge();
          chunks.push(chunk);
        };
        const done = (): void => settle({ kind: 'body', status, res, body: Buffer.concat(chunks, decoded) });
        // The connection broke before the body's end (a short Content-Length, a reset).
        const broken = (): void => (signal.aborted ? onAbort() : failed('connect', fetchMessages.connect({ host })));
        res.on('error', broken);
        res.on('close', () => !res.complete && broken());
        res.on('data', (chunk: Buffer) => {
          raw += chunk.length;
          if (raw > maxBytes) return tooLarge();
          if (!decoder) return take(chunk);
          if (!decoder.write(chunk)) {
            res.pause();
            decoder.once('drain', () => res.resume());
          }
        });
        if (!decoder) {
          res.on('end', done);
          return;
        }
        cleanups.push(() => decoder.destroy());
        decoder.on('data', (chunk: Buffer) => !settled && take(chunk));
        decoder.on('error', () => failed('bad-response', fetchMessages.badResponse(), status));
        decoder.on('end', done);
        res.on('end', () => decoder.end());
      });
      request.end();
    });
  }
}
