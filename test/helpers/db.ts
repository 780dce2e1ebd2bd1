/**
 * Databases for tests. Every database test runs on the embedded PGlite and, when PRONGSAI_TEST_DATABASE_URL
 * names a PostgreSQL server (as .ci/run does), on that server too: `describe.each(backends())`.
 *
 * PGlite: initdb takes seconds, so test/global-setup.ts prepares one migrated data folder and each test copies
 * it. PostgreSQL: each test gets a fresh database, created and dropped through the URL's server.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { migrate, openDb, type Db } from '../../src/db/index.ts';
import { scratchDatabase } from './pg-scratch.ts';

export type Backend = 'pglite' | 'postgres';

export function backends(): Backend[] {
  return process.env.PRONGSAI_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDb {
  readonly db: Db;
  /** The options that open this same database again (a second process, a reopen after a crash). */
  readonly options: { url?: string; dataDir?: string };
  /** Closes and deletes the database. */
  dispose(): Promise<void>;
}

/** A new, migrated, empty database. */
export async function testDb(backend: Backend): Promise<TestDb> {
  if (backend === 'pglite') {
    const template = inject('pgliteTemplate');
    const dir = mkdtempSync(join(tmpdir(), 'prongsai-test-'));
    if (template) cpSync(template, join(dir, 'pgdata'), { recursive: true });
    const options = { dataDir: dir };
    const db = await openDb(options);
    await migrate(db);
    return {
      db,
      options,
      async dispose() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const scratch = await scratchDatabase(process.env.PRONGSAI_TEST_DATABASE_URL as string, 'prongsai_t');
  const options = { url: scratch.url };
  const db = await openDb(options);
  await migrate(db);
  return {
    db,
    options,
    async dispose() {
      await db.close();
      await scratch.drop();
    },
  };
}
