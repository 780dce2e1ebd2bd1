/**
 * LINE Messaging API (issue 20, point 2) at PRONGSAI_LINE_API_URL (default https://api.line.me; tests: a local
 * server). Push: POST /v2/bot/message/push with the organisation's channel access token as a Bearer token and
 * X-Line-Retry-Key (a UUID made from the delivery's key: LINE accepts a retry with the same key once in 24 hours,
 * answering 409 to the repeat, which counts as sent). Webhook: X-Line-Signature is the base64 HMAC-SHA256 of the
 * raw body with the channel secret, compared in constant time before anything in the body is read. Reply: POST
 * /v2/bot/message/reply with the event's replyToken (the webhook's answers to a link code or to joining a group).
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

/** The messages of texts: at most 5, each cut to LINE's limit. */
const textMessages = (texts: readonly string[]) => texts.slice(0, 5).map((text) => ({ type: 'text', text: text.slice(0, LINE_TEXT_MAX) }));

/** POSTs JSON to the Messaging API with the Bearer token; the answer's status (its body is read and dropped). */
async function postLine(apiUrl: string, path: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${apiUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

/** Pushes text messages (at most 5, each cut to LINE's limit); a 2xx or 409 (already accepted) is sent, anything else throws. */
export async function pushLine(push: LinePush): Promise<void> {
  const status = await postLine(push.apiUrl, '/v2/bot/message/push', push.token, { to: push.to, messages: textMessages(push.texts) }, { 'x-line-retry-key': push.retryKey });
  if ((status >= 200 && status < 300) || status === 409) return;
  throw new LinePushError(status);
}

export interface LineReply {
  readonly apiUrl: string;
  readonly token: string;
  /** The webhook event's replyToken (valid once, for a short time). */
  readonly replyToken: string;
  readonly texts: readonly string[];
}

/** Answers a webhook event: POST /v2/bot/message/reply with its replyToken; anything but a 2xx throws. */
export async function replyLine(reply: LineReply): Promise<void> {
  const status = await postLine(reply.apiUrl, '/v2/bot/message/reply', reply.token, { replyToken: reply.replyToken, messages: textMessages(reply.texts) });
  if (status < 200 || status >= 300) throw new LinePushError(status);
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
