/**
 * Forgotten passwords by e-mail (issue 20, point 5; docs/accounts-security.md §3).
 *
 * - A request names an e-mail address. Whether or not an account has it, the same happens while the person waits:
 *   the per-address limit (the route), the per-e-mail limit (here, in memory) and one job queued
 *   (src/jobs/queue.ts). The page answers the same, with the same status, in both cases; the SMTP conversation
 *   happens later, in the job, so its time tells nothing either.
 * - The job looks the address up. For an active account it makes a 256-bit token, keeps its SHA-256 only
 *   (migration 0030: expires 1 hour after, used once) and e-mails the link /reset/<token>; otherwise it sends
 *   nothing. A job older than the link's life is dropped: a mail hours late would only confuse.
 * - Using the link sets the new password (the same rules as everywhere), ends every session of the person, clears
 *   their sign-in lockout and marks that link and any other of theirs used, in one transaction. API tokens stay
 *   (scripts do not break because someone forgot a password; the person revokes them in their settings).
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/index.ts';
import { pickConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import { write } from '../app/actor.ts';
import { enqueue, type JobHandler } from '../jobs/queue.ts';
import { mailerFromEnv } from '../notifications/mail.ts';
import { emailSchema, hashPassword, randomSecret, sha256 } from './accounts.ts';
import { accountMessages } from './messages.ts';
import * as repo from './repo.ts';

/** A reset link works for 1 hour from the e-mail (the migration checks the same). */
export const PASSWORD_RESET_MS = 3600_000;
/** The job that looks the address up and sends the e-mail. */
export const PASSWORD_RESET_KIND = 'accounts.password-reset';
/**
 * Per e-mail address, whether or not an account has it: at most 3 requests in 15 minutes, counted in this
 * process's memory (each process of several counts its own). Per client address, the route's limit
 * (`signInPerMinute`, like the sign-in form).
 */
export const RESET_PER_EMAIL = { requests: 3, windowMs: 15 * 60_000 } as const;
const TRACKED_EMAILS_MAX = 10_000;

/** Whether e-mail can be sent at all: without PRONGSAI_SMTP_URL the pages say to ask the administrator. */
export function resetByEmailEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return pickConfig(['PRONGSAI_SMTP_URL'], env).PRONGSAI_SMTP_URL !== undefined;
}

/** Request times by e-mail address, by database (so that separate servers, and tests, do not share them). */
const requestsByEmail = new WeakMap<Queryable, Map<string, number[]>>();

/** Counts a request for `email`; returns the seconds to wait when over {@link RESET_PER_EMAIL} (0: go on). */
function countRequest(db: Queryable, email: string, now: Date): number {
  let all = requestsByEmail.get(db);
  if (!all || all.size >= TRACKED_EMAILS_MAX) requestsByEmail.set(db, (all = new Map()));
  const since = now.getTime() - RESET_PER_EMAIL.windowMs;
  const times = (all.get(email) ?? []).filter((t) => t > since);
  if (times.length >= RESET_PER_EMAIL.requests) {
    all.set(email, times);
    return Math.max(1, Math.ceil(((times[0] as number) + RESET_PER_EMAIL.windowMs - now.getTime()) / 1000));
  }
  all.set(email, [...times, now.getTime()]);
  return 0;
}

export type ResetRequest = { readonly queued: true } | { readonly queued: false; readonly retryAfter: number; readonly said: InputError };

/**
 * Asks for a reset link to be e-mailed to `emailInput`. The same work whether or not an account has the address:
 * an InputError only for a malformed address, `queued: false` when the address asked too often.
 */
export async function requestPasswordReset(db: Db, emailInput: unknown, lang: 'th' | 'en', now: Date): Promise<ResetRequest> {
  const parsed = emailSchema.safeParse(emailInput);
  if (!parsed.success) throw new InputError('email', accountMessages.emailInvalid());
  const email = parsed.data;
  const wait = countRequest(db, email, now);
  if (wait > 0) {
    const said = accountMessages.resetTooOften({ times: RESET_PER_EMAIL.requests, minutes: RESET_PER_EMAIL.windowMs / 60_000, wait: Math.ceil(wait / 60) });
    return { queued: false, retryAfter: wait, said: new InputError('email', said) };
  }
  await enqueue(db, { kind: PASSWORD_RESET_KIND, payload: { email, lang, requestedAt: now.toISOString() }, runAt: now, maxAttempts: 3 });
  return { queued: true };
}

const ResetPayload = z.object({ email: emailSchema, lang: z.enum(['th', 'en']), requestedAt: z.iso.datetime({ offset: true }) });

/** Where the links point: PRONGSAI_PUBLIC_URL when set, else the local server (never a request's Host header). */
function linkBase(): string {
  const config = pickConfig(['PRONGSAI_PUBLIC_URL', 'PORT']);
  return (config.PRONGSAI_PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');
}

/** The job: for an active account of the address, a new link and the e-mail; for no account, nothing. */
export const sendPasswordResetMail: JobHandler = async (job, { db, now }) => {
  const payload = ResetPayload.parse(job.payload);
  if (now.getTime() - Date.parse(payload.requestedAt) > PASSWORD_RESET_MS) return;
  const person = await repo.selectResetPerson(db, payload.email);
  if (!person) return;
  const token = randomSecret();
  await repo.insertPasswordReset(db, sha256(token), person.id, now.toISOString(), new Date(now.getTime() + PASSWORD_RESET_MS).toISOString());
  const pick = (said: { th: string; en: string }) => said[payload.lang];
  const text = [
    pick(accountMessages.resetMailGreeting({ name: person.name_th })),
    '',
    pick(accountMessages.resetMailAsked({ email: payload.email })),
    pick(accountMessages.resetMailLink({ minutes: PASSWORD_RESET_MS / 60_000 })),
    '',
    `${linkBase()}/reset/${token}`,
    '',
    pick(accountMessages.resetMailNotYou()),
    '',
  ].join('\n');
  const mailer = mailerFromEnv();
  try {
    await mailer.transport.sendMail({ from: mailer.from, to: payload.email, subject: pick(accountMessages.resetMailSubject()), text });
  } finally {
    mailer.close();
  }
};

/** Whether a reset link is usable now (not used, not expired, its account active). */
export async function resetLinkUsable(db: Queryable, token: string, now: Date): Promise<boolean> {
  if (!token || token.length > 100) return false;
  return (await repo.selectPasswordReset(db, sha256(token), now.toISOString())) !== undefined;
}

/**
 * Uses a reset link: the new password (checked like every password), every session of the person ended, their
 * sign-in lockout cleared, this link and their other unused ones spent. All or nothing; the link works once.
 */
export async function resetPassword(db: Db, token: string, password: string, now: Date): Promise<void> {
  const hash = await hashPassword(password);
  await write(db, { id: null, label: 'ตั้งรหัสผ่านใหม่ด้วยลิงก์ทางอีเมล' }, null, async (tx) => {
    const row = token.length <= 100 ? await repo.usePasswordReset(tx, sha256(token), now.toISOString()) : undefined;
    if (!row) throw new InputError('token', accountMessages.resetGone());
    await repo.spendPasswordResets(tx, row.person_id, now.toISOString());
    await repo.updatePassword(tx, row.person_id, hash, now.toISOString());
    await repo.deleteSessionsOf(tx, row.person_id, '');
    await repo.deleteFailedAttempts(tx, row.email);
  });
}
