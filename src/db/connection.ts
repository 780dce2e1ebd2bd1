/**
 * The database: embedded PGlite in a folder by default, or a PostgreSQL server when DATABASE_URL is set. Both
 * speak the same SQL; this module hides the two drivers behind one small interface and makes them return the
 * same JavaScript values:
 * - numeric → string (exact; scores are parsed with Exact), int8 → number, date → 'YYYY-MM-DD',
 * - timestamptz → ISO string ('2026-11-25T04:05:06.789Z'; columns are timestamptz(3), so nothing is lost),
 * - bytea → Uint8Array, jsonb → value, arrays → arrays.
 * Every session runs in UTC; calendar dates never shift.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { configValue, pickConfig } from '../config.ts';
import { lockDataDir, type DirLock } from './lock.ts';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * Bulk load rows with COPY … FROM STDIN (text format); `rows` yields lines already escaped for COPY's text
   * format, each ending in "\n". The fastest way in on both databases.
   */
  copyIn(table: string, columns: readonly string[], rows: Iterable<string>): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data is: the folder (PGlite) or the server URL without its password. */
  readonly location: string;
  /** Runs `fn` in one transaction: everything or nothing. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * How many statements that may change data this handle has been given so far, when it is the only writer
   * (PGlite: one process per folder, src/db/lock.ts); null when other processes may write too (PostgreSQL).
   * A value read while this number stayed the same is still the database's value: an exact cache key.
   */
  changes(): number | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL URL; when absent, the embedded database in `dataDir`. */
  readonly url?: string | undefined;
  /** Folder of the embedded database (default ./data). */
  readonly dataDir?: string | undefined;
  /** A read replica of `url` (DATABASE_READ_URL), for the roll-ups: {@link openReadDb}. */
  readonly readUrl?: string | undefined;
}

/** The options from the environment (src/config.ts): DATABASE_URL, DATABASE_READ_URL, PRONGSAI_DATA. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  const config = pickConfig(['DATABASE_URL', 'DATABASE_READ_URL', 'PRONGSAI_DATA'], env);
  return { url: config.DATABASE_URL, dataDir: config.PRONGSAI_DATA, readUrl: config.DATABASE_READ_URL };
}

/** The folder that holds the embedded database, backups and the lock. */
export function dataDirOf(options: OpenOptions): string {
  return resolve(options.dataDir ?? './data');
}

const identity = (text: string) => text;
const timestamp = (text: string) => {
  // '2026-11-25 04:05:06.789+00' (session time zone UTC) → ISO
  const d = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
};
/** A statement that only reads (a plain SELECT: the app's writes all start with another word, WITH included). */
const READ_ONLY = /^\s*SELECT\b/i;
const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

export async function openDb(options: OpenOptions = optionsFromEnv()): Promise<Db> {
  return options.url ? openPostgres(options.url) : openPglite(dataDirOf(options));
}

/**
 * The read replica of the options, when there is one (DATABASE_READ_URL beside DATABASE_URL; never beside the
 * embedded database, which has none): only reads that may lag a little behind the primary go to it (the roll-ups).
 */
export async function openReadDb(options: OpenOptions): Promise<Db | null> {
  return options.url && options.readUrl ? openPostgres(options.readUrl) : null;
}

async function openPglite(dir: string): Promise<Db> {
  mkdirSync(dir, { recursive: true });
  const lock: DirLock = lockDataDir(dir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(resolve(dir, 'pgdata'), {
      parsers: {
        [OID.int8]: Number,
        [OID.numeric]: identity,
        [OID.date]: identity,
        [OID.timestamp]: timestamp,
        [OID.timestamptz]: timestamp,
      },
    });
    await pglite.exec("SET TIME ZONE 'UTC'");
  } catch (error) {
    lock.release();
    throw error;
  }
  // Counted when given, before they run. PGlite runs one statement (or transaction) at a time, in the order
  // given, so a read begun at count n sees at least the changes counted up to n; one counted later makes the
  // count differ, and what was read is no longer trusted.
  let changes = 0;
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      if (!READ_ONLY.test(text)) changes++;
      return (await q.query<T>(text, params as unknown[])).rows;
    },
    async exec(text: string) {
      changes++;
      await q.exec(text);
    },
    async copyIn(table, columns, rows) {
      changes++;
      const blob = new Blob([...chunked(rows)]);
      await q.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob });
    },
  });
  const root = wrap(pglite);
  let closed = false;
  return {
    kind: 'pglite',
    location: dir,
    ...root,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    changes: () => changes,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}

/** Joins COPY lines into blocks of about 1 MB, so that a million rows do not become a million Blob parts. */
function* chunked(rows: Iterable<string>): Generator<string> {
  let block = '';
  for (const row of rows) {
    block += row;
    if (block.length >= 1 << 20) {
      yield block;
      block = '';
    }
  }
  if (block) yield block;
}

async function openPostgres(url: string): Promise<Db> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      switch (oid) {
        case OID.int8:
          return Number;
        case OID.numeric:
        case OID.date:
          return identity;
        case OID.timestamp:
        case OID.timestamptz:
          return timestamp;
        default:
          return pg.types.getTypeParser(oid, format);
      }
    },
  };
  // No JIT: the app's statements are short, and compiling them cost more than it saved (the national roll-up
  // spent 1.4 of its 3.4 s compiling, on every request: bench/national.ts).
  const pool = new pg.Pool({ connectionString: url, types: types as pg.CustomTypesConfig, max: configValue('PRONGSAI_DB_POOL'), options: '-c TimeZone=UTC -c jit=off' });
  // A broken idle connection must not crash the process; the next query gets a fresh one.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await client.query(text, params as unknown[])).rows as T[];
    },
    async exec(text: string) {
      await client.query(text);
    },
    async copyIn(table, columns, rows) {
      const conn = 'release' in client ? client : await (client as pg.Pool).connect();
      try {
        const stream = conn.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(chunked(rows)), stream);
      } finally {
        if (conn !== client) conn.release();
      }
    },
  });
  const safe = new URL(url);
  safe.password = '';
  return {
    kind: 'postgres',
    location: safe.toString(),
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    changes: () => null,
    close: () => pool.end(),
  };
}
