/**
 * The roll-ups' inputs held in memory (issue 18, points 3 and 7). A roll-up of the country reads every
 * organisation's year and scores each one with the scoring core: too much to do for every request of 50
 * supervisors at once. So each process holds, per year, every organisation's line of that year (the table
 * src/supervision/repo.ts reads, already scored) and the tree; a roll-up of any office, province or type is then a
 * filter and a sum in memory.
 *
 * Held only while nothing they come from has changed — never for a time:
 * - changes made by this process: on the embedded database its count of changes (Db.changes: every write, PGlite
 *   has no other writer); on PostgreSQL the count of `write` transactions committed here (src/app/actor.ts), so a
 *   roll-up read after a change made here is computed again (read-your-writes);
 * - changes made by another process (PostgreSQL): the triggers of migration 0023 announce `{kind: 'data'}` on the
 *   change bus at their commit (`{kind: 'all'}` after the bus lost its connection), which moves the stamp's
 *   generation.
 * A computation that a change overtakes is stamped with the stamp from before it began, so it is never served
 * after that change. Without a source registered (the CLI: one roll-up and out), nothing is held.
 */
import { writesCommitted } from '../app/actor.ts';
import type { Queryable } from '../db/index.ts';
import type { ChangeBus } from '../db/notify.ts';
import type { Deps } from '../web/deps.ts';

interface Source {
  /** Moves with every change this process makes. */
  readonly local: () => number;
  generation: number;
  /** The stamp of what is held: everything held is of this one (a new stamp drops the rest). */
  stamp: string;
  readonly held: Map<string, Promise<unknown>>;
}

/**
 * At most this many values held (the years' tables, scopes' picks per office asked for, peer groups); beyond it the
 * one asked for longest ago goes, so the years' tables, asked for by every roll-up, stay.
 */
const HELD_MAX = 2_000;

const sources = new WeakMap<Queryable, Source>();

/**
 * Holds roll-up inputs read through `reader` (the read replica, or the database itself), valid while `local` (this
 * process's changes) stays the same and `changes` announces no change of the data. Returns what stops listening.
 * Registering the same reader again keeps the first registration.
 */
export function holdRollups(reader: Queryable, local: () => number, changes: ChangeBus): () => void {
  const known = sources.get(reader);
  if (known) return () => undefined;
  const source: Source = { local, generation: 0, stamp: '', held: new Map() };
  sources.set(reader, source);
  const stop = changes.on((change) => {
    if (change.kind === 'data' || change.kind === 'all') source.generation++;
  });
  return () => {
    stop();
    sources.delete(reader);
  };
}

/**
 * The value of `key` read through `reader`: the one held if nothing changed since it was computed, else `compute()`
 * (shared by every request that asks meanwhile). A failed computation is not held.
 */
export function held<T>(reader: Queryable, key: string, compute: () => Promise<T>): Promise<T> {
  const source = sources.get(reader);
  if (!source) return compute();
  const stamp = `${source.local()}.${source.generation}`;
  if (stamp !== source.stamp) {
    source.held.clear();
    source.stamp = stamp;
  }
  const hit = source.held.get(key);
  if (hit) {
    // Asked for again: last in the map's order, the last to go.
    source.held.delete(key);
    source.held.set(key, hit);
    return hit as Promise<T>;
  }
  if (source.held.size >= HELD_MAX) source.held.delete(source.held.keys().next().value as string);
  const value = compute();
  source.held.set(key, value);
  value.catch(() => {
    if (source.held.get(key) === value) source.held.delete(key);
  });
  return value;
}

/** The handle a server's roll-ups read through (the replica, else the database), holding what they read. */
export function rollupReader(deps: Pick<Deps, 'db' | 'readDb' | 'changes'>): Queryable {
  holdRollups(deps.readDb, () => deps.db.changes() ?? writesCommitted(), deps.changes);
  return deps.readDb;
}
