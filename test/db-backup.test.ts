import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { write } from '../src/app/actor.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { loadYear, saveYear } from '../src/years/years.ts';
import { autoBackup, backup, restore } from '../src/db/backup.ts';
import type { Db } from '../src/db/index.ts';
import { DEMO_SLUG } from '../src/demo/huai-thong.ts';
import { backends, testDb, type Backend } from './helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'prongsai-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The backup's content without its header (which names the time and the source). */
function body(file: string): string {
  return gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(1).join('\n');
}

/** A database with the demo, a file, a progress entry with evidence, and an edit (so the audit log has history). */
async function filled(db: Db): Promise<void> {
  await ensureDemo(db);
  const year = await loadYear(db, DEMO_SLUG, 2566);
  const bytes = Buffer.from('%PDF-1.4\n% หลักฐาน\n');
  const sha = 'a'.repeat(64);
  await write(db, { id: null, label: 'ทดสอบ' }, null, (tx) =>
    tx.query('INSERT INTO files (sha256, size, bytes) VALUES ($1, $2, $3)', [sha, bytes.length, bytes]),
  );
  const m = year.measures[0]!;
  await saveYear(db, { id: null, label: 'นางสาวทดสอบ' }, {
    ...year,
    measures: [
      {
        ...m,
        status: 'in_progress',
        progress: [
          {
            id: '7d3f6f0e-52a1-4c1e-9d8e-8f6a1b2c3d4e',
            date: '2022-11-05',
            periodStart: '2022-10-01',
            periodEnd: '2022-10-31',
            done: 'ประชุมชี้แจง, "แผน" การใช้จ่าย\nบรรทัดที่สอง',
            status: 'on_track',
            outcome: null,
            createdBy: 'นางสาวทดสอบ',
            evidence: [
              {
                id: '0b0e4a8c-1111-4222-8333-944455556666',
                filename: 'รายงาน ต.ค. 65.pdf',
                mediaType: 'application/pdf',
                size: bytes.length,
                sha256: sha,
                periodStart: '2022-10-01',
                periodEnd: '2022-10-31',
                revision: 1,
                replacesId: null,
                uploadedAt: '2022-11-05T03:04:05.678Z',
                uploadedBy: 'นางสาวทดสอบ',
              },
            ],
          },
        ],
      },
      ...year.measures.slice(1),
    ],
    scores: { ...year.scores, indicators: { ...year.scores.indicators, 2: 87.725, 6: 90.5 } },
  });
}

const pairs: [Backend, Backend][] = backends().flatMap((a) => backends().map((b): [Backend, Backend] => [a, b]));

describe.each(pairs)('backup from %s, restore into %s', (from, to) => {
  it('reproduces the data exactly, files and audit log included', async () => {
    const source = await testDb(from);
    const target = await testDb(to);
    try {
      await filled(source.db);
      const first = join(dir, `${from}-${to}-1.jsonl.gz`);
      const summary = await backup(source.db, first);
      expect(summary.tables.measures).toBe(8); // the demo's four of FY 2566 and the four carried into FY 2570
      expect(summary.tables.audit_log).toBeGreaterThan(10);
      await restore(target.db, first);
      const second = join(dir, `${from}-${to}-2.jsonl.gz`);
      await backup(target.db, second);
      expect(body(second)).toBe(body(first));
      expect(await loadYear(target.db, DEMO_SLUG, 2566)).toEqual(await loadYear(source.db, DEMO_SLUG, 2566));
      const [file] = await target.db.query<{ bytes: Uint8Array }>('SELECT bytes FROM files');
      expect(Buffer.from(file!.bytes).toString()).toBe('%PDF-1.4\n% หลักฐาน\n');
      // New rows continue after the restored ids.
      await write(target.db, { id: null, label: 'หลังกู้คืน' }, null, (tx) => tx.query(`UPDATE organisations SET name_en = 'x'`));
      const [max] = await target.db.query<{ n: number }>('SELECT count(*)::int - count(DISTINCT id)::int AS n FROM audit_log');
      expect(max!.n).toBe(0);
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });
});

describe.each(backends())('restore refuses and changes nothing (%s)', (backend) => {
  it('into a database that holds data, from a damaged or cut-off file, or from a non-backup', async () => {
    const source = await testDb(backend);
    const target = await testDb(backend);
    try {
      await filled(source.db);
      const good = join(dir, `${backend}-good.jsonl.gz`);
      await backup(source.db, good);
      await expect(restore(source.db, good)).rejects.toThrow(/already holds data/);

      const lines = gunzipSync(readFileSync(good)).toString('utf8').split('\n');
      const cut = join(dir, `${backend}-cut.jsonl.gz`);
      writeFileSync(cut, gzipSync(lines.slice(0, Math.floor(lines.length * 0.7)).join('\n')));
      await expect(restore(target.db, cut)).rejects.toThrow(/damaged or incomplete|cut off/);
      // Cut exactly between two tables: still known to be incomplete.
      const boundary = lines.findIndex((l) => l.startsWith('{"end":"organisations"'));
      writeFileSync(cut, gzipSync(`${lines.slice(0, boundary + 1).join('\n')}\n`));
      await expect(restore(target.db, cut)).rejects.toThrow(/ends before its last line/);
      const truncatedGzip = join(dir, `${backend}-trunc.jsonl.gz`);
      const raw = readFileSync(good);
      writeFileSync(truncatedGzip, raw.subarray(0, Math.floor(raw.length / 2)));
      await expect(restore(target.db, truncatedGzip)).rejects.toThrow();
      const notBackup = join(dir, `${backend}-not.jsonl.gz`);
      writeFileSync(notBackup, gzipSync('{"hello":1}\n'));
      await expect(restore(target.db, notBackup)).rejects.toThrow(/not a Prongsai backup/);
      const [row] = await target.db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
      expect(row!.n).toBe(0);
      await restore(target.db, good);
      expect(await loadYear(target.db, DEMO_SLUG, 2566)).toEqual(await loadYear(source.db, DEMO_SLUG, 2566));
    } finally {
      await source.dispose();
      await target.dispose();
    }
  });
});

describe('automatic daily backup', () => {
  it('makes one a day and keeps the newest ones', async () => {
    const t = await testDb('pglite');
    const backups = join(dir, 'auto');
    try {
      await ensureDemo(t.db);
      let now = new Date('2026-01-01T01:00:00Z');
      const clock = () => now;
      expect(await autoBackup(t.db, { dir: backups, keep: 3, now: clock })).toMatch(/prongsai-20260101T010000Z/);
      expect(await autoBackup(t.db, { dir: backups, keep: 3, now: clock })).toBeNull();
      for (let day = 2; day <= 6; day++) {
        now = new Date(`2026-01-0${day}T01:30:00Z`);
        expect(await autoBackup(t.db, { dir: backups, keep: 3, now: clock })).not.toBeNull();
      }
      const files = readdirSync(backups).sort();
      expect(files).toEqual(['prongsai-20260104T013000Z.jsonl.gz', 'prongsai-20260105T013000Z.jsonl.gz', 'prongsai-20260106T013000Z.jsonl.gz']);
    } finally {
      await t.dispose();
    }
  });
});
