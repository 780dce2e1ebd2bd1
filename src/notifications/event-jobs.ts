/**
 * The events' delivery jobs (issue 20, points 2 and 6): 'notify.deliver' sends one notification on one channel to
 * one person (e-mail by src/notifications/mail.ts to their address; LINE by ./line.ts to their linked LINE account)
 * or to one of the organisation's LINE groups; 'notify.digest' sends a person's daily digest e-mail. Each send runs
 * inside deliverOnce (./deliver.ts), so a retry after a send does not send again. A failing channel throws: the
 * queue retries with backoff. A channel not configured (no SMTP server, no LINE channel access token), or a person
 * without an address or LINE link, ends the job without error and is recorded (delivery_skips). The daily
 * 'notify.cleanup' deletes the idempotency records older than KEEP_DELIVERIES_DAYS. The e-mail goes over one pooled
 * SMTP transport per handler set, closed by `handlers.close()`.
 */
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { pickConfig } from '../config.ts';
import { KEEP_DONE_DAYS, type JobHandler, type JobHandlers } from '../jobs/queue.ts';
import { deliverOnce } from './deliver.ts';
import { eventMessages } from './events-messages.ts';
import { DELIVER_KIND, deliveryKey, DIGEST_KIND, EVENT_KINDS, publicOrigin, unsubscribeUrl, type DeliverPayload, type DigestPayload } from './events.ts';
import { lineApiUrl, lineRetryKey, pushLine } from './line.ts';
import { mailer, sendMail, type Mailer } from './mail.ts';
import { recordSkip, selectDigest, selectPersonPrefs, type SkipReason } from './repo-events.ts';
import { deleteDeliveriesBefore, selectChannel } from './repo.ts';
import { linePushTarget } from './service.ts';
import { envSecretBox } from './secret-box.ts';

type Env = Readonly<Record<string, string | undefined>>;

const lang = z.enum(['th', 'en']);
const DeliverShape = z.strictObject({
  channel: z.enum(['email', 'line']),
  orgId: z.string(),
  personId: z.string().nullable(),
  groupId: z.string().nullable(),
  kind: z.enum(EVENT_KINDS),
  subject: z.string(),
  titleTh: z.string(),
  titleEn: z.string(),
  link: z.string(),
  lang,
});
const DigestShape = z.strictObject({ personId: z.string(), day: z.string(), lang });

/**
 * The e-mail configuration of the environment, or null when PRONGSAI_SMTP_URL is unset: one pooled mailer per
 * handler set, made at the first e-mail and closed by `handlers.close()` (the CLI after its drain, `serve` on
 * shutdown), so the process exits.
 */
function mailerOf(env: Env): { get: () => Mailer | null; close: () => void } {
  let made: Mailer | null | undefined;
  return {
    get: () => {
      if (made === undefined) {
        const config = pickConfig(['PRONGSAI_SMTP_URL', 'PRONGSAI_MAIL_FROM'], env);
        made = config.PRONGSAI_SMTP_URL === undefined ? null : mailer(config.PRONGSAI_SMTP_URL, config.PRONGSAI_MAIL_FROM, { pool: true });
      }
      return made;
    },
    close: () => {
      made?.close();
      made = undefined;
    },
  };
}

/** The daily clean-up of the idempotency records (the job 'notify.cleanup'). */
export const DELIVERIES_CLEANUP_KIND = 'notify.cleanup';
/**
 * How long an idempotency record is kept: as long as the queue keeps a done job (KEEP_DONE_DAYS, 30 days), which is
 * the longest any job with the same key may run again — a delivery job's own retries end within about 2 hours
 * (8 attempts, backoff 30 s · 2^n capped at 1 h, 5-minute leases), LINE's X-Line-Retry-Key holds for 24 hours, and
 * while the done job is kept its dedupe key stops the same delivery from being queued again.
 */
export const KEEP_DELIVERIES_DAYS = KEEP_DONE_DAYS;

const cleanUpDeliveries: JobHandler = async (_job, { db, now }) => {
  await deleteDeliveriesBefore(db, new Date(now.getTime() - KEEP_DELIVERIES_DAYS * 86_400_000));
};

const skip = async (db: Db, key: string, reason: SkipReason): Promise<void> => recordSkip(db, key, reason);

/** Sends one notification on one channel (the job 'notify.deliver'). */
function deliverHandler(env: Env, mail: () => Mailer | null): JobHandler {
  return async (job, { db }) => {
    const p: DeliverPayload = DeliverShape.parse(job.payload);
    const key = deliveryKey(p);
    const title = p.lang === 'en' ? p.titleEn : p.titleTh;
    const link = `${publicOrigin(env)}${p.link}`;
    const words = (m: { th: string; en: string }) => m[p.lang];
    if (p.channel === 'email') {
      const m = mail();
      if (!m) return skip(db, key, 'no-smtp');
      const person = p.personId ? await selectPersonPrefs(db, p.personId) : undefined;
      if (!person?.email) return skip(db, key, 'no-address');
      if (person.email_off.includes(p.kind)) return skip(db, key, 'nothing');
      await deliverOnce(db, key, async () => {
        await sendMail(m, {
          to: person.email as string,
          subject: title,
          lines: [title],
          link,
          linkLabel: words(eventMessages.openLink()),
          unsubscribeUrl: await unsubscribeUrl(db, p.personId as string, p.kind, env),
          unsubscribeLabel: words(eventMessages.unsubscribe()),
          lang: p.lang,
        });
      });
      return;
    }
    const box = envSecretBox(env);
    let target: { token: string; to: string } | null = null;
    if (p.groupId) {
      const channel = await selectChannel(db, p.orgId);
      target = channel?.token_sealed ? { token: box.open(channel.token_sealed), to: p.groupId } : null;
    } else if (p.personId) target = await linePushTarget(db, p.orgId, p.personId, box);
    if (!target) return skip(db, key, p.groupId ? 'no-line-channel' : 'no-line-link');
    const { token, to } = target;
    await deliverOnce(db, key, () => pushLine({ apiUrl: lineApiUrl(env), token, to, texts: [`${title}\n${link}`], retryKey: lineRetryKey(key) }));
  };
}

/** Sends a person's digest of one day (the job 'notify.digest'): one e-mail listing the day's notifications. */
function digestHandler(env: Env, mail: () => Mailer | null): JobHandler {
  return async (job, { db }) => {
    const p: DigestPayload = DigestShape.parse(job.payload);
    const key = `digest:${p.day}:email:${p.personId}`;
    const m = mail();
    if (!m) return skip(db, key, 'no-smtp');
    const person = await selectPersonPrefs(db, p.personId);
    if (!person?.email) return skip(db, key, 'no-address');
    const entries = await selectDigest(db, p.personId, p.day);
    if (entries.length === 0) return skip(db, key, 'nothing');
    const origin = publicOrigin(env);
    const words = (msg: { th: string; en: string }) => msg[p.lang];
    await deliverOnce(db, key, async () => {
      await sendMail(m, {
        to: person.email as string,
        subject: words(eventMessages.digestSubject({ day: p.day, n: entries.length })),
        lines: [words(eventMessages.digestIntro()), ...entries.map((e) => `• ${p.lang === 'en' ? e.title_en : e.title_th}: ${origin}${e.link}`)],
        link: `${origin}/staff/inbox`,
        linkLabel: words(eventMessages.openLink()),
        unsubscribeUrl: await unsubscribeUrl(db, p.personId, 'all', env),
        unsubscribeLabel: words(eventMessages.unsubscribeAll()),
        lang: p.lang,
      });
    });
  };
}

/**
 * Registers the events' handlers ('notify.deliver', 'notify.digest', the daily 'notify.cleanup') on `handlers`, and
 * the closing of their pooled mailer on `handlers.close()`.
 */
export function notificationHandlers(handlers: JobHandlers, env: Env = process.env): JobHandlers {
  const mail = mailerOf(env);
  return handlers
    .on(DELIVER_KIND, deliverHandler(env, mail.get))
    .on(DIGEST_KIND, digestHandler(env, mail.get))
    .daily(DELIVERIES_CLEANUP_KIND, cleanUpDeliveries)
    .onClose(mail.close);
}
