/**
 * The change bus: how the processes that share one PostgreSQL database keep their in-memory caches coherent
 * (issue 18, point 6; docs/decisions/0011-several-processes.md).
 *
 * A process that changes something another process may hold in memory announces it on the channel
 * {@link CHANGES_CHANNEL} (`pg_notify`, inside the transaction of the change when there is one, so it is
 * delivered at the commit, never for a change rolled back). Each server process LISTENs on one dedicated
 * connection ({@link listenForChanges}) and passes what it hears to its {@link ChangeBus}, whose listeners drop
 * the cache entries concerned. The connection is opened again after an error; as notifications may have been
 * missed meanwhile, every (re)connection is followed by the change `{kind: 'all'}`: drop everything.
 *
 * On the embedded database (PGlite, one process) the announcement is harmless and nobody listens: the process
 * that made the change already dropped its own entries.
 */
import pg from 'pg';
import { z } from 'zod';
import type { Queryable } from './connection.ts';

export const CHANGES_CHANNEL = 'prongsai_changes';

const changeSchema = z.discriminatedUnion('kind', [
  /** Something of an organisation changed (its data, its people's roles, its portal): drop what is held of it. */
  z.strictObject({ kind: z.literal('org'), slug: z.string().min(1).max(64) }),
  /**
   * The tables the roll-ups are computed from changed (a trigger says so, migration 0023): drop the roll-ups held
   * (src/supervision/cache.ts).
   */
  z.strictObject({ kind: z.literal('data') }),
  /** A criteria pack was stored: register it. */
  z.strictObject({ kind: z.literal('pack'), year: z.number().int(), revision: z.number().int() }),
  /** Announcements may have been missed (the listening connection was lost): drop everything, reload the packs. */
  z.strictObject({ kind: z.literal('all') }),
]);

export type Change = z.infer<typeof changeSchema>;

/** The change as its announcement's payload says it; null for a payload that is not one (ignored). */
export function parseChange(payload: string | undefined): Change | null {
  try {
    const parsed = changeSchema.safeParse(JSON.parse(payload ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Announces a change to every process listening (delivered at the commit when `q` is a transaction). */
export async function announce(q: Queryable, change: Change): Promise<void> {
  await q.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(change)]);
}

export type ChangeListener = (change: Change) => void;

/** The changes heard by this process, passed on to the caches that listen. */
export class ChangeBus {
  private readonly listeners = new Set<ChangeListener>();

  /** Calls `listener` for every change from now on; returns what stops it. */
  on(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }
}

export interface Listening {
  /** Resolves once the first LISTEN is in place; rejects when that first connection fails (nothing is retried then). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** An error of the listening connection (it is opened again). */
  readonly onError?: (error: unknown) => void;
  /** First wait before opening it again (doubled each time, at most 30 s; default 200 ms). */
  readonly retryMs?: number;
}

/**
 * LISTENs on {@link CHANGES_CHANNEL} through one dedicated connection to `url`, passing every change to `bus`;
 * opened again after an error, each time followed by `{kind: 'all'}` (what was missed is unknown).
 */
export function listenForChanges(url: string, bus: ChangeBus, options: ListenOptions = {}): Listening {
  const firstWait = options.retryMs ?? 200;
  let wait = firstWait;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let connected = false;
  let markReady: () => void = () => undefined;
  let failReady: (error: unknown) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });

  const retry = (error: unknown) => {
    if (closed) return;
    options.onError?.(error);
    const lost = client;
    client = null;
    lost?.end().catch(() => undefined);
    // At the start, a database that cannot be listened to stops the start (as one that cannot be opened).
    if (!connected) {
      closed = true;
      failReady(error);
      return;
    }
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, wait);
    timer.unref();
    wait = Math.min(wait * 2, 30_000);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('error', (error) => {
      if (client === c) retry(error);
    });
    c.on('end', () => {
      if (client === c) retry(new Error('the listening connection ended'));
    });
    c.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL) return;
      const change = parseChange(message.payload);
      if (change) bus.emit(change);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      if (client === c) retry(error);
      return;
    }
    if (closed) return;
    connected = true;
    wait = firstWait;
    bus.emit({ kind: 'all' });
    markReady();
  };
  void connect();

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
