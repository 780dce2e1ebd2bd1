/**
 * Zip bombs and oversized workbooks (issue 12, point 1): a small XLSX that unpacks to a gigabyte, or to too many
 * rows, cells or entries, is refused by every importer with a Thai and English message, before ExcelJS parses it
 * (and in the CLI before the database is opened), and nothing is written. The bombs are built in memory
 * (test/helpers/zip-bomb.ts) and cross the real caps; the tests assert which cap was hit, never timings.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, DEMO_PASSWORD, signIn } from '../src/accounts/accounts.ts';
import type { Principal } from '../src/app/authz.ts';
import { importMeasures } from '../src/measures/measures.ts';
import { importScores } from '../src/years/scores.ts';
import { scoresTableFrom } from '../src/years/transfer.ts';
import { main } from '../src/cli/main.ts';
import { InputError } from '../src/errors.ts';
import { writeMeasuresWorkbook } from '../src/io/measures-table.ts';
import { loadWorkbook, readTable } from '../src/io/tables.ts';
import { checkZip, MAX_SHEET_CELLS, MAX_SHEET_ROWS, MAX_ZIP_ENTRIES, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES, ZipLimitError } from '../src/io/zip-guard.ts';
import { DEMO, otherYear, principal, world, type World } from './app-fixtures.ts';
import { repeated, xlsxBomb, xlsxOfGrid, zipOf } from './helpers/zip-bomb.ts';
import { startServer, type TestServer } from './web-support.ts';

const GiB = 1024 ** 3;
/** 1 GiB of spaces in a 1 MB file: refused on the size it declares. */
const bomb = xlsxBomb(GiB);
/** The same, declaring a size of 1 KB: refused when the bytes inflated pass the size declared. */
const liar = xlsxBomb(GiB, { declaredSize: 1000 });
/** A sheet of empty rows (2 MB unpacked, 160,000 rows), under the byte caps. */
const rows = xlsxBomb(2 * 1024 * 1024, { fill: 'rows' });
/** A row of empty cells (8 MB unpacked, 2,000,000 cells). */
const cells = xlsxBomb(8 * 1024 * 1024, { fill: 'cells' });
/** Tiny entries, more than allowed. */
const entries = xlsxBomb(1000, { extraEntries: MAX_ZIP_ENTRIES });

/** The error a promise is rejected with. */
const failure = (p: Promise<unknown>) => p.then(
  () => expect.unreachable('it was accepted'),
  (e: unknown) => e,
);

function expectLimit(error: unknown, limit: ZipLimitError['limit']): asserts error is ZipLimitError {
  expect(error).toBeInstanceOf(ZipLimitError);
  const e = error as ZipLimitError;
  expect(e.limit).toBe(limit);
  expect(e.field).toBe('file');
  expect(e.th).toMatch(/[\u0E00-\u0E7F]/);
  expect(e.en).toMatch(/too large|too many|damaged or forged/);
}

describe('checkZip: the caps, checked while the archive is inflated', () => {
  it('documents caps generous for real data', () => {
    expect(MAX_ZIP_ENTRY_BYTES).toBe(50 * 1024 * 1024);
    expect(MAX_ZIP_TOTAL_BYTES).toBe(200 * 1024 * 1024);
    expect(MAX_SHEET_ROWS).toBeGreaterThanOrEqual(100_000);
    expect(MAX_SHEET_CELLS).toBeGreaterThanOrEqual(200_000);
  });

  it('the test bombs are small files', () => {
    for (const b of [bomb, liar, rows, cells]) expect(b.length).toBeLessThan(1.2 * 1024 * 1024);
  });

  it('refuses a 1 GiB sheet on its declared size, and one that lies about its size once it unpacks past it', async () => {
    const declared = await failure(checkZip(bomb, 'bomb.xlsx'));
    expectLimit(declared, 'entryBytes');
    expect(declared.en).toBe('"bomb.xlsx" unpacks too large: its part xl/worksheets/sheet1.xml is over 50 MB (at most 50 MB per part)');
    expect(declared.th).toContain('คลายออกมาใหญ่เกินไป');
    const lying = await failure(checkZip(liar, 'liar.xlsx'));
    expectLimit(lying, 'declared');
    expect(lying.th).toContain('คลายออกมาใหญ่กว่าที่แฟ้มระบุไว้');
  });

  it('refuses too many rows, too many cells and too many entries', async () => {
    expectLimit(await failure(checkZip(rows, 'rows.xlsx')), 'rows');
    expectLimit(await failure(checkZip(cells, 'cells.xlsx')), 'cells');
    const many = await failure(checkZip(entries, 'many.xlsx'));
    expectLimit(many, 'entries');
    expect(many.en).toContain('(10,005; at most 10,000)');
  });

  it('refuses parts that are each under the cap but over it together', async () => {
    const part = (i: number) => ({ name: `xl/media/part${i}.bin`, runs: repeated(' ', 45 * 1024 * 1024) });
    expectLimit(await failure(checkZip(zipOf([0, 1, 2, 3, 4].map(part)), 'parts.xlsx')), 'totalBytes');
  });

  it('counts the rows and cells of a real workbook, tags split between chunks included, and passes it', async () => {
    expect(await checkZip(xlsxOfGrid(5000, 3), 'grid.xlsx')).toMatchObject({ entries: 5, rows: 5000, cells: 15_000 });
    const tally = await checkZip(await writeMeasuresWorkbook(otherYear()), 'measures.xlsx');
    expect(tally.rows).toBeGreaterThanOrEqual(2);
    expect(tally.bytes).toBeGreaterThan(0);
  });

  it('lets the caller word other damage: loadWorkbook says the file is not an XLSX', async () => {
    await expect(checkZip(Buffer.from('not a zip'), 'x.xlsx')).rejects.not.toBeInstanceOf(InputError);
    const e = await failure(loadWorkbook(Buffer.from('PK\u0003\u0004 broken'), 'broken.xlsx'));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).en).toContain('damaged or not an .xlsx file');
  });
});

describe('readTable and the CLI: refused before parsing, and before the database is opened', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prongsai-zip-bomb-'));
    await writeFile(join(dir, 'bomb.xlsx'), bomb);
    await writeFile(join(dir, 'rows.xlsx'), rows);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('readTable refuses a bomb and a sheet of too many rows', async () => {
    expectLimit(await failure(readTable(join(dir, 'bomb.xlsx'))), 'entryBytes');
    expectLimit(await failure(readTable(join(dir, 'rows.xlsx'))), 'rows');
  });

  it('`prongsai import` refuses a bomb of scores or of measures with exit 1, without opening the database', async () => {
    const saved = { url: process.env.DATABASE_URL, data: process.env.PRONGSAI_DATA };
    const dataDir = join(dir, 'never-opened');
    process.env.DATABASE_URL = '';
    process.env.PRONGSAI_DATA = dataDir;
    try {
      for (const args of [['import', join(dir, 'bomb.xlsx')], ['import', join(dir, 'bomb.xlsx'), '--org', DEMO.org, '--year', String(DEMO.year), '--dry-run'], ['import', join(dir, 'rows.xlsx')]]) {
        let out = '';
        let err = '';
        const code = await main(['node', 'prongsai', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
        expect(code, args.join(' ')).toBe(1);
        expect(out).toBe('');
        expect(err).toMatch(/คลายออกมาใหญ่เกินไป|มีแถวมากเกินไป/);
        expect(err).toMatch(/unpacks too large|too many rows/);
      }
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      if (saved.url === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved.url;
      if (saved.data === undefined) delete process.env.PRONGSAI_DATA;
      else process.env.PRONGSAI_DATA = saved.data;
    }
  });
});

describe('the use cases and the API: refused with the problem named, nothing written', () => {
  let w: World;
  let coordinator: Principal;
  const count = async (table: string) => ((await w.t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0] as { n: number }).n;
  const state = async () => ({ audit: await count('audit_log'), measures: await count('measures'), scores: await count('indicator_scores') });

  beforeAll(async () => {
    w = await world('pglite');
    coordinator = principal('coordinator', w.demo.orgId, null, 'นายนำเข้า ระวังภัย');
  });
  afterAll(async () => w.t.dispose());

  it('the measures import (dry run or not) and the scores imports', async () => {
    const before = await state();
    for (const dryRun of [true, false]) {
      for (const [file, hit] of [[bomb, /unpacks too large/], [liar, /damaged or forged/], [cells, /too many cells/]] as const) {
        const measures = await importMeasures(w.t.db, coordinator, DEMO, { workbook: file }, { dryRun });
        expect(measures.written).toBe(false);
        expect(measures.measures).toEqual([]);
        expect(measures.problems).toEqual([expect.objectContaining({ severity: 'error', th: expect.stringMatching(/[\u0E00-\u0E7F]/), en: expect.stringMatching(hit) })]);
        const scores = await importScores(w.t.db, coordinator, DEMO.org, { bytes: file, filename: 'scores.xlsx' }, { dryRun });
        expect(scores.written).toBe(false);
        expect(scores.problems).toEqual([expect.objectContaining({ severity: 'error', en: expect.stringMatching(hit) })]);
      }
    }
    // The CLI's import of many organisations' scores reads its table the same way.
    expectLimit(await failure(scoresTableFrom(rows, 'scores.xlsx')), 'rows');
    expect(await state()).toEqual(before);
  });

  describe('POST /api/v1/orgs/:slug/years/:year/measures/import', () => {
    let s: TestServer;
    let token = '';
    beforeAll(async () => {
      s = await startServer('pglite');
      const who = await signIn(s.t.db, 'coordinator@huai-thong.demo', DEMO_PASSWORD);
      token = (await createApiToken(s.t.db, who.account.principal, 'zip bomb test')).token;
    });
    afterAll(async () => s.close());

    it('answers the problem in Thai and English, writes nothing, and keeps answering', async () => {
      const measures = async () => ((await s.t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM measures'))[0] as { n: number }).n;
      const before = await measures();
      const boundary = 'prongsai-zip-bomb';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\nfalse\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="measures.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
        bomb,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await s.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${DEMO.org}/years/${DEMO.year}/measures/import`,
        headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { written: boolean; problems: { th: string; en: string }[] };
      expect(body.written).toBe(false);
      expect(body.problems).toEqual([expect.objectContaining({ th: expect.stringContaining('คลายออกมาใหญ่เกินไป'), en: expect.stringContaining('unpacks too large') })]);
      expect(await measures()).toBe(before);
      expect((await s.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    });
  });
});
