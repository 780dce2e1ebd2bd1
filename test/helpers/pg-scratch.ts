/**
 * Scratch databases on a PostgreSQL server, for tests and benchmarks: created through an administrative URL,
 * dropped through it again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export interface ScratchDatabase {
  /** The URL of the new, empty database. */
  readonly url: string;
  /** Drops it, ending any session still in it. */
  drop(): Promise<void>;
}

export async function scratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await onServer(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}

/**
 * `WITH (FORCE)` ends the sessions a test left behind, but PostgreSQL (13 to 16 at least) refuses it with 42501
 * while an autovacuum worker is in the database, unless the role holds pg_signal_backend: the worker's session
 * belongs to no role. A plain DROP asks autovacuum to stop and waits for it, so that is the fallback; and a
 * session still closing (55006) gets a moment.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await onServer(adminUrl, async (c) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        return;
      } catch (forced) {
        if (attempt === 5 || !retryable(forced)) throw forced;
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name}`);
          return;
        } catch (plain) {
          if (!retryable(plain)) throw plain;
        }
        await sleep(250 * attempt);
      }
    }
  });
}

function retryable(error: unknown): boolean {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return code === '42501' || code === '55006';
}

async function onServer<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
