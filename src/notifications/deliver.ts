/**
 * Delivering once (issue 20, point 4; docs/notifications.md). E-mail and LINE cannot be exactly once, so a
 * delivery records its key (the notification, the channel and the recipient: `notification:<id>:email:<person>`)
 * as 'sending' before the send and 'sent' after it, each in its own statement outside any transaction. A retry of
 * the job that finds 'sent' does not send again; one that finds 'sending' (the send failed, or the process died)
 * sends again. The one window: a process killed after the SMTP server or LINE took the message and before 'sent'
 * is recorded sends it once more on the retry (for LINE the key also goes as X-Line-Retry-Key, which LINE itself
 * deduplicates for 24 hours: lineRetryKey in ./line.ts).
 */
import type { Queryable } from '../db/index.ts';
import { beginDelivery, markDelivered } from './repo.ts';

export type DeliveryOutcome = 'sent' | 'already-sent';

/**
 * Runs `send` unless `key` was sent already. A send that throws leaves the key 'sending' (retryable) and the
 * error goes on to the caller (the job runner retries with backoff).
 */
export async function deliverOnce(db: Queryable, key: string, send: () => Promise<void>): Promise<DeliveryOutcome> {
  const begun = await beginDelivery(db, key);
  if (!begun) return 'already-sent';
  await send();
  await markDelivered(db, key);
  return 'sent';
}
