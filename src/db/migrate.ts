/**
 * Schema migrations: numbered SQL files in src/db/migrations, applied in order, each in its own transaction,
 * recorded in schema_migrations with a checksum. Run on every start and by `prongsai migrate`. Several
 * processes starting at once against one PostgreSQL server take turns (advisory lock).
 *
 * The numbers order the files and need not follow each other: there is no 0003 and never was (the number was
 * skipped when 0004_portal.sql was written; no database has one). A new migration takes the next number after the
 * highest, never a gap: a database records the ids it has applied, not the highest.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.ts';
import { z } from 'zod';
import type { Db } from './connection.ts';
import { dbMessages } from './messages.ts';
import { col, oneRow } from './rows.ts';

const AppliedRow = z.strictObject({ checksum: col.text });

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any constant: the advisory lock that serialises migrations across processes. */
const LOCK_KEY = 7_726_001;

export interface Migration {
  readonly id: string;
  readonly sql: string;
  readonly checksum: string;
}

export function migrations(): Migration[] {
  return readdirSync(DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(DIR + f, 'utf8');
      return { id: f.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrateResult {
  readonly applied: readonly string[];
  readonly current: string | null;
}

export async function migrate(db: Db): Promise<MigrateResult> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz(3) NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  const all = migrations();
  for (const m of all) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const found = await oneRow(tx, AppliedRow, 'SELECT checksum FROM schema_migrations WHERE id = $1', [m.id]);
      if (found) {
        if (found.checksum !== m.checksum) throw new InputError('database', dbMessages.migrationDiffers({ id: m.id }));
        return false;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [m.id, m.checksum]);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return { applied, current: all.at(-1)?.id ?? null };
}
