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
  constructor(field: string, said: Message, current?: string | null);
  /** @deprecated Inline texts: name a message of a catalogue instead (src/messages.ts). */
  constructor(field: string, th: string, en: string, current?: string | null);
  constructor(field: string, said: Message | string, en?: string | null, current?: string | null) {
    if (typeof said === 'string') {
      super(field, said, en ?? said);
      this.current = current ?? null;
    } else {
      super(field, said);
      this.current = en ?? null;
    }
  }
}
