/**
 * The filing form's token: spam resistance without an outside service. Pure.
 *
 * The form carries a token made when the page was served: when (seconds), a random nonce and an HMAC over them and
 * what the form is for (organisation and channel). A filing is taken only with a token that is genuine, at least
 * `minAgeMs` old (a person takes longer than that to write a complaint; a script that posts at once does not) and
 * at most `maxAgeMs` old, and, in the web layer, used once. The token's time is checked and forgotten: it is not
 * stored with the complaint.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface FormTokenRules {
  readonly minAgeMs: number;
  readonly maxAgeMs: number;
}

export const FORM_TOKEN_RULES: FormTokenRules = { minAgeMs: 3_000, maxAgeMs: 24 * 3600_000 };

const mac = (key: string, purpose: string, head: Buffer) => createHmac('sha256', key).update(purpose).update('\0').update(head).digest().subarray(0, 16);

export function issueFormToken(key: string, purpose: string, now: Date): string {
  const head = Buffer.alloc(4 + 12);
  head.writeUInt32BE(Math.floor(now.getTime() / 1000));
  randomBytes(12).copy(head, 4);
  return Buffer.concat([head, mac(key, purpose, head)]).toString('base64url');
}

export type FormTokenCheck =
  | { readonly ok: true; readonly nonce: string }
  | { readonly ok: false; readonly reason: 'invalid' | 'too-soon' | 'expired' };

export function checkFormToken(key: string, purpose: string, token: unknown, now: Date, rules: FormTokenRules = FORM_TOKEN_RULES): FormTokenCheck {
  if (typeof token !== 'string' || token.length > 64) return { ok: false, reason: 'invalid' };
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 32) return { ok: false, reason: 'invalid' };
  const head = raw.subarray(0, 16);
  if (!timingSafeEqual(raw.subarray(16), mac(key, purpose, head))) return { ok: false, reason: 'invalid' };
  const age = now.getTime() - head.readUInt32BE(0) * 1000;
  if (age < rules.minAgeMs) return { ok: false, reason: 'too-soon' };
  if (age > rules.maxAgeMs) return { ok: false, reason: 'expired' };
  return { ok: true, nonce: head.subarray(4).toString('base64url') };
}
