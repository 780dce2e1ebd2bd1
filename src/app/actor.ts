/**
 * Who is acting. Every write runs in a transaction that names its actor, so that the audit log (a trigger on
 * every table, src/db/migrations) records who, when, before and after, whatever code path made the change.
 */
import { pickConfig } from '../config.ts';
import type { Db, Queryable } from '../db/index.ts';

export interface Actor {
  /** The person's id, or null for the system itself (migrations, the demo loader, a CLI run without an account). */
  readonly id: string | null;
  /** How the actor is shown in the audit log: a name, or "ระบบ (prongsai demo)". */
  readonly label: string;
}

export const SYSTEM: Actor = { id: null, label: 'ระบบ' };

export function cliActor(command: string): Actor {
  const { USER, USERNAME } = pickConfig(['USER', 'USERNAME']);
  const user = USER ?? USERNAME;
  return { id: null, label: `prongsai ${command}${user ? ` (${user})` : ''}` };
}

let committed = 0;

/**
 * How many transactions of `write` this process has committed: what a cache of the data they change (the
 * roll-ups: src/supervision/cache.ts) keys on to read this process's own changes at once.
 */
export const writesCommitted = (): number => committed;

/** Runs `fn` in one transaction on behalf of `actor`, in the context of an organisation when there is one. */
export async function write<T>(db: Db, actor: Actor, orgId: string | null, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const result = await db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('prongsai.actor', $1, true)`, [JSON.stringify({ id: actor.id, label: actor.label, org: orgId })]);
    return fn(tx);
  });
  committed++;
  return result;
}
