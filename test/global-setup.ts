/**
 * Once per test run: a migrated PGlite data folder that database tests copy instead of running initdb each time
 * (seconds each). Kept in the system temp folder, keyed by the migrations' checksums, so later runs reuse it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate, migrations, openDb } from '../src/db/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const key = createHash('sha256')
    .update(migrations().map((m) => m.checksum).join(','))
    .digest('hex')
    .slice(0, 16);
  const root = join(tmpdir(), `prongsai-test-template-${key}`);
  const pgdata = join(root, 'pgdata');
  if (!existsSync(pgdata)) {
    const building = `${root}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    const db = await openDb({ dataDir: building });
    await migrate(db);
    await db.close();
    rmSync(root, { recursive: true, force: true });
    renameSync(building, root);
  }
  project.provide('pgliteTemplate', pgdata);
  if (!process.env.PRONGSAI_TEST_DATABASE_URL) {
    console.log(
      'PostgreSQL half skipped: the database tests ran on PGlite only. To run them on PostgreSQL too, set ' +
        'PRONGSAI_TEST_DATABASE_URL=postgres://user:password@127.0.0.1:5432/postgres (a role that may create databases), as .ci/run does.',
    );
  }
}
