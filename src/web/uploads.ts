/**
 * Which requests may bring files, decided before a byte of their body is read. @fastify/multipart reads every
 * file of a form into memory before the handler runs, so without this anyone could make the server hold
 * 5 × 20 MB per request, on any route, signed in or not:
 * - only a route that says so (`config.uploads`) takes a multipart body; any other answers 415;
 * - the body must state its length (411) and stay within the route's limit (413);
 * - people who are not signed in (the complaint form) have their files read a few requests at a time; the
 *   others wait for a moment (503 with Retry-After) instead of the server running out of memory;
 * - of those places, one client address (an IPv6 /64 counts as one) holds only a small share, so that a few
 *   clients that send the head of a form and then nothing cannot keep everyone else from filing;
 * - a body that stalls (less than UPLOAD_MIN_PROGRESS_BYTES in `stallMs`) gives its place back and its connection
 *   is closed; the server's own timeouts (src/web/server.ts) bound the head and the whole request besides.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';
import type { Message } from '../messages.ts';
import { webMessages } from './messages.ts';

/** The route takes files (multipart/form-data), up to `maxBytes` for the whole body (default: 5 largest files). */
export interface UploadRule {
  readonly maxBytes?: number;
}

/** Room for a form's text fields and multipart framing besides its files. */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;
/** How many bodies with files from people not signed in are read at once, by default. */
export const PUBLIC_UPLOADS_AT_ONCE = 16;
/** How many of those one client address may hold, by default. */
export const PUBLIC_UPLOADS_PER_ADDRESS = 2;
/** A body with files that brings less than UPLOAD_MIN_PROGRESS_BYTES in this time is stalled, by default. */
export const UPLOAD_STALL_MS = 15_000;
/** 1 KB in 15 s: any real connection does far better; one byte every few seconds does not. */
export const UPLOAD_MIN_PROGRESS_BYTES = 1024;
/** The largest body that is not a form with files (JSON, a form without files): fastify's bodyLimit. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** A request the server will not read now: status, the words, and when to try again (503). */
export class UploadRefused extends Error {
  override readonly name = 'UploadRefused';
  constructor(
    readonly statusCode: 411 | 413 | 415 | 503,
    /** What is said (src/web/messages.ts). */
    readonly said: Message,
    readonly retryAfter: number | null = null,
  ) {
    super(said.en);
  }

  get th(): string {
    return this.said.th;
  }

  get en(): string {
    return this.said.en;
  }
}

export interface UploadGate {
  (request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Bodies with files from people not signed in being read now. */
  readonly open: () => number;
}

export interface UploadGateOptions {
  readonly maxUploadBytes: number;
  /** Anonymous bodies with files read at once, from everyone (default PUBLIC_UPLOADS_AT_ONCE). */
  readonly publicAtOnce?: number;
  /** Of those, from one client address (default PUBLIC_UPLOADS_PER_ADDRESS). */
  readonly publicPerAddress?: number;
  /** A body that brings less than UPLOAD_MIN_PROGRESS_BYTES in this many ms is dropped (default UPLOAD_STALL_MS). */
  readonly stallMs?: number;
}

/** Whose share a request counts in: its address, or the /64 network of an IPv6 address (one subscriber's). */
export function addressShare(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  return `${(address as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16)).join(':')}::/64`;
}

/** The onRequest hook; it runs after the one that finds who is asking (request.account). */
export function uploadGate(options: UploadGateOptions): UploadGate {
  const atOnce = options.publicAtOnce ?? PUBLIC_UPLOADS_AT_ONCE;
  const perAddress = options.publicPerAddress ?? PUBLIC_UPLOADS_PER_ADDRESS;
  const stallMs = options.stallMs ?? UPLOAD_STALL_MS;
  let open = 0;
  // Places held per share; an address is kept only while one of its requests is being read.
  const held = new Map<string, number>();
  const gate = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!/^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '')) return;
    // The body of a refused request is never read: the connection closes after the answer.
    const refuse = (status: UploadRefused['statusCode'], said: Message, retryAfter: number | null = null) => {
      reply.header('connection', 'close');
      return new UploadRefused(status, said, retryAfter);
    };
    const rule = request.routeOptions.config?.uploads;
    if (!rule) throw refuse(415, webMessages.uploadNotTaken());
    const limit = rule.maxBytes ?? 5 * options.maxUploadBytes + FORM_OVERHEAD_BYTES;
    const length = Number(request.headers['content-length']);
    if (request.headers['content-length'] === undefined || !Number.isSafeInteger(length)) throw refuse(411, webMessages.uploadLengthRequired());
    if (length > limit) throw refuse(413, webMessages.uploadTooLarge({ mb: Math.floor(limit / 1024 / 1024) }));
    if (request.account) return;
    const share = addressShare(request.ip);
    if (open >= atOnce || (held.get(share) ?? 0) >= perAddress) throw refuse(503, webMessages.uploadBusy(), 10);
    open++;
    held.set(share, (held.get(share) ?? 0) + 1);
    let holding = true;
    const release = () => {
      if (!holding) return;
      holding = false;
      clearInterval(watchdog);
      open--;
      const left = (held.get(share) ?? 1) - 1;
      if (left > 0) held.set(share, left);
      else held.delete(share);
    };
    // The body's progress, read from the socket's counter (reading the stream here would take it from the parser).
    const socket = request.raw.socket;
    let seen = socket.bytesRead;
    const watchdog = setInterval(() => {
      if (request.raw.complete) return clearInterval(watchdog);
      if (socket.bytesRead - seen >= UPLOAD_MIN_PROGRESS_BYTES) {
        seen = socket.bytesRead;
        return undefined;
      }
      release();
      request.log.info('upload stalled: connection closed');
      socket.destroy();
      return undefined;
    }, stallMs);
    watchdog.unref();
    // 'close' comes once: when the answer is sent, or when the client goes away first.
    reply.raw.once('close', release);
  };
  return Object.assign(gate, { open: () => open });
}
