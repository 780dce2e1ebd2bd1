/**
 * LINE Messaging API (issue 20, point 2) at PRONGSAI_LINE_API_URL (default https://api.line.me; tests: a local
 * server). Push: POST /v2/bot/message/push with the organisation's channel access token as a Bearer token and
 * X-Line-Retry-Key (a UUID made from the delivery's key: LINE accepts a retry with the same key once in 24 hours,
 * answering 409 to the repeat, which counts as sent). Webhook: X-Line-Signature is the base64 HMAC-SHA256 of the
 * raw body with the channel secret, compared in constant time before anything in the body is read.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { pickConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import { notificationMessages } from './messages.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The API's base URL of the environment. */
export const lineApiUrl = (env: Env = process.env): string => pickConfig(['PRONGSAI_LINE_API_URL'], env).PRONGSAI_LINE_API_URL;

/** LINE's limit on one text message. */
export const LINE_TEXT_MAX = 5000;

/** The X-Line-Retry-Key of a delivery key: a UUID (version 5 form) from its SHA-256, the same on every retry. */
export function lineRetryKey(deliveryKey: string): string {
  const h = createHash('sha256').update(deliveryKey).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface LinePush {
  readonly apiUrl: string;
  readonly token: string;
  /** A user id (U…) or group id (C…). */
  readonly to: string;
  readonly texts: readonly string[];
  readonly retryKey: string;
}

/** A refused push: the status only (never the token, never the body LINE sent back). */
export class LinePushError extends InputError {
  readonly status: number;
  constructor(status: number) {
    super('line', notificationMessages.lineFailed({ status }));
    this.status = status;
  }
}

/** Pushes text messages (at most 5, each cut to LINE's limit); a 2xx or 409 (already accepted) is sent, anything else throws. */
export async function pushLine(push: LinePush): Promise<void> {
  const response = await fetch(`${push.apiUrl}/v2/bot/message/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${push.token}`, 'x-line-retry-key': push.retryKey },
    body: JSON.stringify({ to: push.to, messages: push.texts.slice(0, 5).map((text) => ({ type: 'text', text: text.slice(0, LINE_TEXT_MAX) })) }),
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok || response.status === 409) return;
  throw new LinePushError(response.status);
}

/** The X-Line-Signature of a body under a channel secret. */
export const lineSignature = (secret: string, body: Buffer): string => createHmac('sha256', secret).update(body).digest('base64');

/** True when `signature` is the body's signature under `secret` (constant-time comparison). */
export function validLineSignature(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (typeof signature !== 'string' || signature === '') return false;
  const expected = Buffer.from(lineSignature(secret, body), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
