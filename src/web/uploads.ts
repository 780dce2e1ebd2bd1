/**
 * Which requests may bring files, decided before a byte of their body is read. @fastify/multipart reads every
 * file of a form into memory before the handler runs, so without this anyone could make the server hold
 * 5 × 20 MB per request, on any route, signed in or not:
 * - only a route that says so (`config.uploads`) takes a multipart body; any other answers 415;
 * - the body must state its length (411) and stay within the route's limit (413);
 * - people who are not signed in (the complaint form) have their files read a few requests at a time; the
 *   others wait for a moment (503 with Retry-After) instead of the server running out of memory.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { both } from './i18n.ts';

/** The route takes files (multipart/form-data), up to `maxBytes` for the whole body (default: 5 largest files). */
export interface UploadRule {
  readonly maxBytes?: number;
}

/** Room for a form's text fields and multipart framing besides its files. */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;
/** How many bodies with files from people not signed in are read at once, by default. */
export const PUBLIC_UPLOADS_AT_ONCE = 16;

/** A request the server will not read now: status, the words, and when to try again (503). */
export class UploadRefused extends Error {
  override readonly name = 'UploadRefused';
  constructor(
    readonly statusCode: 411 | 413 | 415 | 503,
    readonly th: string,
    readonly en: string,
    readonly retryAfter: number | null = null,
  ) {
    super(en);
  }
}

export interface UploadGate {
  (request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Bodies with files from people not signed in being read now. */
  readonly open: () => number;
}

/** The onRequest hook; it runs after the one that finds who is asking (request.account). */
export function uploadGate(options: { readonly maxUploadBytes: number; readonly publicAtOnce?: number }): UploadGate {
  const atOnce = options.publicAtOnce ?? PUBLIC_UPLOADS_AT_ONCE;
  let open = 0;
  const gate = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) return;
    const rule = request.routeOptions.config?.uploads;
    if (!rule) {
      const said = both((m) => m.uploadNotTaken);
      throw new UploadRefused(415, said.th, said.en);
    }
    const limit = rule.maxBytes ?? 5 * options.maxUploadBytes + FORM_OVERHEAD_BYTES;
    const length = Number(request.headers['content-length']);
    if (request.headers['content-length'] === undefined || !Number.isSafeInteger(length)) {
      const said = both((m) => m.uploadLengthRequired);
      throw new UploadRefused(411, said.th, said.en);
    }
    if (length > limit) {
      const mb = Math.floor(limit / 1024 / 1024);
      const said = both((m) => m.uploadTooLarge(mb));
      throw new UploadRefused(413, said.th, said.en);
    }
    if (request.account) return;
    if (open >= atOnce) {
      const said = both((m) => m.uploadBusy);
      throw new UploadRefused(503, said.th, said.en, 10);
    }
    open++;
    // 'close' comes once: when the answer is sent, or when the client goes away first.
    reply.raw.once('close', () => open--);
  };
  return Object.assign(gate, { open: () => open });
}
