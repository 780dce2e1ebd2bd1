/**
 * The portal's in-process cache, and its HTTP caching headers.
 *
 * What the public may see of an organisation changes only when a version is approved, withdrawn, or becomes due
 * (a scheduled version), or when the organisation's record or portal settings change. The "visibility epoch"
 * (src/portal/publications-public.ts: portalState) names that state; rendered pages are cached under
 * organisation + epoch + path + language + origin, so a page of one epoch is never served in another, and a
 * scheduled version cannot show before its instant: the epoch is computed against the request's clock and is
 * recomputed at the instant the next scheduled version becomes due.
 *
 * Checking the epoch costs one small query; it is kept for `revalidateMs` (default 1 s) and never past the next
 * scheduled instant, and dropped at once when this process publishes or withdraws (invalidate). Another server
 * process sharing the PostgreSQL database announces its changes (src/db/notify.ts), and the organisation's epoch is
 * dropped when that arrives (forget); a change made otherwise (the CLI) is seen within `revalidateMs`. The rendered pages are bounded in bytes (least recently
 * used out).
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadPortal, portalState, type PortalData, type PortalEpoch, type PortalOrg } from './publications-public.ts';
import type { Queryable } from '../db/index.ts';

export interface CachedBody {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
  readonly status: number;
}

interface OrgEntry {
  readonly org: PortalOrg;
  readonly epoch: PortalEpoch;
  /** The request instant it was computed at, and until when it holds. */
  readonly computedAt: number;
  readonly validUntil: number;
  data: Promise<PortalData> | null;
}

export interface PortalCacheOptions {
  /** How long an epoch is trusted without asking the database (other processes' changes). Default 1000 ms. */
  readonly revalidateMs?: number;
  /** Bytes of rendered bodies kept (the least recently used go first). Default 64 MB. */
  readonly maxBytes?: number;
  /** Longest max-age sent to browsers and proxies, in seconds. Default 60. */
  readonly maxAgeSeconds?: number;
}

export interface PortalView {
  readonly org: PortalOrg;
  readonly epoch: PortalEpoch;
  /** Everything public of the organisation at this epoch (read once per epoch). */
  data(): Promise<PortalData>;
}

export class PortalCache {
  private readonly orgs = new Map<string, OrgEntry>();
  private readonly bodies = new Map<string, CachedBody>();
  private readonly revalidateMs: number;
  private readonly maxBytes: number;
  private bytes = 0;
  readonly maxAgeSeconds: number;

  constructor(options: PortalCacheOptions = {}) {
    this.revalidateMs = options.revalidateMs ?? 1000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxAgeSeconds = options.maxAgeSeconds ?? 60;
  }

  /** The organisation of a slug and its epoch at `now`; null when there is no such organisation. */
  async view(db: Queryable, slug: string, now: Date): Promise<PortalView | null> {
    const t = now.getTime();
    let entry = this.orgs.get(slug);
    if (!entry || t < entry.computedAt || t >= entry.validUntil) {
      const state = await portalState(db, slug, now);
      if (!state) {
        this.orgs.delete(slug);
        return null;
      }
      const next = state.epoch.nextChange === null ? Infinity : Date.parse(state.epoch.nextChange);
      const reuse = entry && entry.epoch.key === state.epoch.key && entry.org.orgId === state.org.orgId ? entry.data : null;
      entry = { org: state.org, epoch: state.epoch, computedAt: t, validUntil: Math.min(t + this.revalidateMs, next), data: reuse };
      this.orgs.set(slug, entry);
    }
    const held = entry;
    return {
      org: held.org,
      epoch: held.epoch,
      data: () => {
        held.data ??= loadPortal(db, held.org, new Date(held.computedAt)).catch((error: unknown) => {
          held.data = null;
          throw error;
        });
        return held.data;
      },
    };
  }

  /** Forget what is known of an organisation (after this process published or withdrew something there). */
  invalidate(orgId: string): void {
    for (const [slug, entry] of this.orgs) if (entry.org.orgId === orgId) this.orgs.delete(slug);
    const prefix = `${orgId}|`;
    for (const [key, entry] of this.bodies) {
      if (!key.startsWith(prefix)) continue;
      this.bodies.delete(key);
      this.bytes -= entry.body.length;
    }
  }

  /** Forget what is known of the organisation of `slug` (another process changed something there). */
  forget(slug: string): void {
    const entry = this.orgs.get(slug);
    this.orgs.delete(slug);
    if (entry) this.invalidate(entry.org.orgId);
  }

  /** Forget everything (announcements may have been missed: src/db/notify.ts). */
  clear(): void {
    this.orgs.clear();
    this.bodies.clear();
    this.bytes = 0;
  }

  /** A rendered body under its key, made by `render` when missing. */
  async body(key: string, render: () => Promise<{ body: string | Buffer; type: string; status?: number }>): Promise<CachedBody> {
    const hit = this.bodies.get(key);
    if (hit) {
      this.bodies.delete(key);
      this.bodies.set(key, hit);
      return hit;
    }
    const made = await render();
    const body = typeof made.body === 'string' ? Buffer.from(made.body, 'utf8') : made.body;
    const entry: CachedBody = { body, type: made.type, status: made.status ?? 200, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    const previous = this.bodies.get(key);
    if (previous) this.bytes -= previous.body.length;
    this.bodies.set(key, entry);
    this.bytes += body.length;
    for (const [oldest, old] of this.bodies) {
      if (this.bytes <= this.maxBytes || oldest === key) break;
      this.bodies.delete(oldest);
      this.bytes -= old.body.length;
    }
    return entry;
  }

  /** Bodies and bytes held. */
  get size(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.bodies.size, bytes: this.bytes };
  }
}

/** The cache key of a public response: organisation, epoch, path, language, origin and any extra part. */
export function bodyKey(view: PortalView, parts: readonly string[]): string {
  return [view.org.orgId, view.epoch.key, ...parts].join('|');
}

const httpDate = (iso: string) => new Date(iso).toUTCString();

/** Seconds a browser or proxy may keep the page: at most `max`, and never past the next scheduled change. */
export function maxAgeFor(epoch: PortalEpoch, now: Date, max: number): number {
  if (epoch.nextChange === null) return max;
  return Math.max(0, Math.min(max, Math.floor((Date.parse(epoch.nextChange) - now.getTime()) / 1000)));
}

/** Sends a cached body with ETag, Last-Modified and Cache-Control, or 304 when the client has it. */
export function sendCached(request: FastifyRequest, reply: FastifyReply, cached: CachedBody, epoch: PortalEpoch, maxAge: number): FastifyReply {
  reply
    .header('cache-control', `public, max-age=${maxAge}`)
    .header('etag', cached.etag)
    .header('last-modified', httpDate(epoch.lastModified))
    .header('x-content-type-options', 'nosniff');
  const inm = request.headers['if-none-match'];
  const ims = request.headers['if-modified-since'];
  const fresh =
    cached.status === 200 &&
    (typeof inm === 'string'
      ? inm.split(',').some((t) => t.trim().replace(/^W\//, '') === cached.etag)
      : typeof ims === 'string' && !Number.isNaN(Date.parse(ims)) && Math.floor(Date.parse(epoch.lastModified) / 1000) <= Math.floor(Date.parse(ims) / 1000));
  if (fresh) return reply.code(304).send();
  return reply.code(cached.status).type(cached.type).send(cached.body);
}
