/**
 * The two kinds of bad input that the web layer answers differently from a plain InputError (400): something
 * that does not exist for this organisation and year (404), and a change made on top of data that someone
 * else changed in the meantime (409). Both are InputErrors, so a caller that knows only InputError still shows
 * the Thai and English messages.
 */
import { InputError } from '../errors.ts';
import type { Message } from '../messages.ts';

/** No such record in this organisation's year: also what a guessed id of another organisation gets. */
export class NotFound extends InputError {
  readonly notFound = true;
}

/** The record changed since the caller read it: reload, then apply the change again. */
export class Conflict extends InputError {
  readonly conflict = true;
  /** The record's current version (its updated_at), when it still exists. */
  readonly current: string | null;
  constructor(field: string, said: Message, current: string | null = null) {
    super(field, said);
    this.current = current;
  }
}

/** Sign-in refused. The same words for an unknown address and a wrong password. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly code: 'invalid-credentials' | 'locked' | 'slowed',
    /** What is said: the message's code, parameters and texts (src/messages.ts). */
    readonly said: Message,
    /** Seconds until the lock ends (code 'locked') or the next attempt is taken (code 'slowed'). */
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
