import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openDb } from '../src/db/index.ts';
import { InputError } from '../src/errors.ts';
import { testDb } from './helpers/db.ts';

const WRITER = new URL('./fixtures/db/writer.ts', import.meta.url).pathname;

/** Starts the writer process; resolves with it once it has the database open. */
function startWriter(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const committed: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => (line === 'ready' ? resolve() : committed.push(line)));
    child.on('exit', (code) => reject(new Error(`writer exited (${code}): ${stderr}`)));
  });
  return { child, committed, ready };
}

describe('the embedded database under faults', () => {
  it('a second process opening the same data folder gets a clear error, and the first keeps working', async () => {
    const t = await testDb('pglite');
    try {
      const error = await openDb(t.options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).th).toMatch(/กำลังถูกใช้งานโดยโปรแกรม Prongsai อีกตัวหนึ่ง/);
      expect((error as InputError).en).toMatch(new RegExp(`pid ${process.pid}`));
      // Another process too (not only this one): the writer refuses to start while we hold the folder.
      const { child, ready } = startWriter(t.options.dataDir as string);
      await expect(ready).rejects.toThrow(/in use by another Prongsai process/);
      expect(child.exitCode).not.toBe(0);
      await t.db.query(`INSERT INTO organisations (slug, name_th, kind) VALUES ('still-works', 'ยังใช้ได้', 'sao')`);
      expect(await t.db.query(`SELECT 1 FROM organisations WHERE slug = 'still-works'`)).toHaveLength(1);
    } finally {
      await t.dispose();
    }
  });

  it('counts every statement that may change data, so that reads can be kept exactly (Db.changes)', async () => {
    const t = await testDb('pglite');
    try {
      const before = t.db.changes() as number;
      await t.db.query('SELECT count(*) FROM organisations');
      await t.db.query(' select 1');
      expect(t.db.changes()).toBe(before);
      await t.db.query(`INSERT INTO organisations (slug, name_th, kind) VALUES ('counted', 'นับแล้ว', 'sao')`);
      await t.db.query(`WITH gone AS (DELETE FROM organisations WHERE slug = 'nowhere' RETURNING id) SELECT count(*) FROM gone`);
      await t.db.transaction((tx) => tx.query(`UPDATE organisations SET name_th = 'นับอีก' WHERE slug = 'counted'`));
      await t.db.transaction(async (tx) => {
        await tx.query(`UPDATE organisations SET name_th = 'ย้อนกลับ' WHERE slug = 'counted'`);
        throw new Error('rolled back');
      }).catch(() => undefined);
      await t.db.exec('ANALYZE organisations');
      expect(t.db.changes()).toBe(before + 5);
    } finally {
      await t.dispose();
    }
  });

  it('SIGKILL during writes loses no committed transaction and leaves no half-written one', async () => {
    const t = await testDb('pglite');
    const dataDir = t.options.dataDir as string;
    await t.db.close(); // the writer process owns the folder now
    let before = 0;
    try {
      for (let round = 0; round < 3; round++) {
        const { child, committed, ready } = startWriter(dataDir);
        await ready;
        while (committed.length < 5 + round * 7) await new Promise((r) => setTimeout(r, 5));
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        const seen = [...committed];
        const db = await openDb({ dataDir }); // takes over the dead process's lock
        try {
          const orgs = await db.query<{ slug: string; units: number }>(
            `SELECT o.slug, count(u.id)::int AS units FROM organisations o LEFT JOIN units u ON u.org_id = o.id GROUP BY o.slug`,
          );
          const slugs = new Set(orgs.map((o) => o.slug));
          for (const slug of seen) expect(slugs.has(slug), `${slug} was committed`).toBe(true);
          // Every transaction is whole: an organisation never without its unit.
          expect(orgs.filter((o) => o.units !== 1)).toEqual([]);
          // Besides what it printed, at most the one transaction committed just before the kill.
          expect(orgs.length - before - seen.length).toBeGreaterThanOrEqual(0);
          expect(orgs.length - before - seen.length).toBeLessThanOrEqual(1);
          before = orgs.length;
          const [audit] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'organisations'`);
          expect(audit!.n).toBe(orgs.length);
        } finally {
          await db.close();
        }
      }
    } finally {
      await t.dispose();
    }
  });
});
