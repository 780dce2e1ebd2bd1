/**
 * Fuzzing every importer (docs/fuzzing.md): the measures (XLSX, CSV), the scores of one organisation, the
 * scores of many organisations and the year as JSON get files made from the demo's own exports, mutated (bytes,
 * zip records, cells, rows, columns, JSON values of the wrong type), and purely random ones. Each call must
 * resolve with a clear problem list or reject with an InputError, never anything else, and a refused (or dry-run)
 * import must leave every table of the database exactly as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/app/authz.ts';
import { exportMeasures, importMeasures, type MeasuresFile } from '../src/measures/measures.ts';
import { importScores as importOrgScores } from '../src/years/scores.ts';
import { exportYear, importScores, importYearJson, scoresRows, scoresTableFrom } from '../src/years/transfer.ts';
import { loadYear } from '../src/years/years.ts';
import { MEASURE_COLUMNS, PROGRESS_COLUMNS, measuresToTables } from '../src/io/measures-table.ts';
import type { Problem } from '../src/io/problems.ts';
import { SCORE_COLUMNS, scoresToTable } from '../src/io/scores-table.ts';
import { writeCsv, writeXlsx, type ColumnSpec, type TextTable } from '../src/io/workbook.ts';
import { DEMO, principal, world, type World } from './app-fixtures.ts';
import { backends } from './helpers/db.ts';
import {
  byteMutations,
  cellMutations,
  dump,
  entryMutations,
  expectClearProblems,
  expectInputError,
  fuzzOptions,
  fuzzTimeout,
  jsonMutations,
  mutateBytes,
  mutateEntries,
  mutateJson,
  mutateTable,
  settle,
  watchUnhandled,
  type ByteMutation,
  type CellMutation,
  type EntryMutation,
} from './helpers/fuzz.ts';

const actor = { id: null, label: 'ผู้ทดสอบการสุ่มข้อมูลนำเข้า' };

/** A table file made from a seed: its bytes mutated, its cells mutated and written again, or random bytes. */
type TableInput =
  | { readonly from: 'bytes'; readonly xlsx: boolean; readonly mutations: ByteMutation[] }
  | { readonly from: 'cells'; readonly xlsx: boolean; readonly mutations: CellMutation[] }
  | { readonly from: 'zip'; readonly xlsx: true; readonly mutations: EntryMutation[] }
  | { readonly from: 'random'; readonly xlsx: boolean; readonly bytes: Uint8Array };

const tableInput: fc.Arbitrary<TableInput> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ from: fc.constant('bytes' as const), xlsx: fc.boolean(), mutations: byteMutations }) },
  { weight: 3, arbitrary: fc.record({ from: fc.constant('cells' as const), xlsx: fc.boolean(), mutations: cellMutations }) },
  { weight: 2, arbitrary: fc.record({ from: fc.constant('zip' as const), xlsx: fc.constant(true as const), mutations: entryMutations }) },
  fc.record({ from: fc.constant('random' as const), xlsx: fc.boolean(), bytes: fc.uint8Array({ maxLength: 2048 }) }),
);

interface Seed {
  readonly table: TextTable;
  readonly columns: readonly ColumnSpec[];
  readonly sheet: string;
  readonly xlsx: Uint8Array;
  readonly csv: Uint8Array;
}

async function seedOf(sheet: string, columns: readonly ColumnSpec[], table: TextTable): Promise<Seed> {
  return { table, columns, sheet, xlsx: await writeXlsx([{ name: sheet, columns, table }]), csv: writeCsv(table) };
}

/** The bytes of a table input; `others` are the sheets written after the seed's own (the measures' progress). */
async function bytesOf(seed: Seed, input: TableInput, others: readonly Seed[] = []): Promise<Uint8Array> {
  if (input.from === 'random') return input.bytes;
  if (input.from === 'bytes') return mutateBytes(input.xlsx ? seed.xlsx : seed.csv, input.mutations);
  if (input.from === 'zip') return mutateEntries(seed.xlsx, input.mutations);
  const table = mutateTable(seed.table, input.mutations);
  if (!input.xlsx) return writeCsv(table);
  return writeXlsx([seed, ...others].map((s) => ({ name: s.sheet, columns: s.columns, table: s === seed ? table : s.table })));
}

/** What every importer must do with any input: see the file's comment. */
async function checkImport(w: World, dryRun: boolean, call: () => Promise<{ written: boolean; problems: readonly Problem[] }>): Promise<void> {
  const before = await dump(w.t.db);
  const result = await settle(call);
  if (!result.ok) expectInputError(result.error);
  else expectClearProblems(result.value, dryRun);
  if (!result.ok || !result.value.written) expect(await dump(w.t.db)).toEqual(before);
}

describe.each(backends())('fuzzing the importers (%s)', (backend) => {
  let w: World;
  let coordinator: Principal;
  let unhandled: ReturnType<typeof watchUnhandled>;
  beforeAll(async () => {
    w = await world(backend);
    coordinator = principal('coordinator', w.demo.orgId);
    unhandled = watchUnhandled();
  });
  afterAll(async () => {
    unhandled.stop();
    await w.t.dispose();
  });

  it(
    'measures (XLSX and CSV): mutated and random files',
    async () => {
      const year = await loadYear(w.t.db, DEMO.org, DEMO.year);
      const tables = measuresToTables(year);
      const measures = await seedOf('มาตรการ', MEASURE_COLUMNS, tables.measures);
      const progress = await seedOf('ความก้าวหน้า', PROGRESS_COLUMNS, tables.progress);
      const exported = await exportMeasures(w.t.db, coordinator, DEMO, 'xlsx');
      const seeds = { measures: { ...measures, xlsx: exported.bytes }, progress };
      await fc.assert(
        fc.asyncProperty(tableInput, fc.constantFrom('measures' as const, 'progress' as const), fc.boolean(), async (input, which, dryRun) => {
          const seed = seeds[which];
          const other = which === 'measures' ? seeds.progress : seeds.measures;
          let file: MeasuresFile;
          if (input.xlsx) file = { workbook: await bytesOf(seed, input, [other]) };
          else if (which === 'measures') file = { measuresCsv: await bytesOf(seed, input), progressCsv: progress.csv };
          else file = { measuresCsv: measures.csv, progressCsv: await bytesOf(seed, input) };
          await checkImport(w, dryRun, () => importMeasures(w.t.db, coordinator, DEMO, file, { dryRun }));
          await unhandled.check();
        }),
        fuzzOptions(),
      );
    },
    fuzzTimeout(400),
  );

  it(
    'scores of one organisation (XLSX and CSV): mutated and random files',
    async () => {
      const seed = await seedOf('คะแนน', SCORE_COLUMNS, scoresToTable(await scoresRows(w.t.db, DEMO.year, [DEMO.org])));
      await fc.assert(
        fc.asyncProperty(tableInput, fc.boolean(), async (input, dryRun) => {
          const file = { bytes: await bytesOf(seed, input), filename: input.xlsx ? 'scores.xlsx' : 'scores.csv' };
          await checkImport(w, dryRun, () => importOrgScores(w.t.db, coordinator, DEMO.org, file, { dryRun }));
          await unhandled.check();
        }),
        fuzzOptions(),
      );
    },
    fuzzTimeout(300),
  );

  it(
    'scores of many organisations (XLSX and CSV, as `prongsai import scores.csv`): mutated and random files',
    async () => {
      const seed = await seedOf('คะแนน', SCORE_COLUMNS, scoresToTable(await scoresRows(w.t.db, DEMO.year)));
      await fc.assert(
        fc.asyncProperty(tableInput, fc.boolean(), async (input, dryRun) => {
          const bytes = await bytesOf(seed, input);
          const name = input.xlsx ? 'scores.xlsx' : 'scores.csv';
          await checkImport(w, dryRun, async () => importScores(w.t.db, actor, await scoresTableFrom(bytes, name), { dryRun }));
          await unhandled.check();
        }),
        fuzzOptions(),
      );
    },
    fuzzTimeout(300),
  );

  it(
    'a year as JSON (as `prongsai import year.json`): mutated values, mutated text and random JSON',
    async () => {
      const seed = JSON.parse(JSON.stringify(await exportYear(w.t.db, DEMO.org, DEMO.year))) as unknown;
      const text = JSON.stringify(seed, null, 2);
      const input = fc.oneof(
        { weight: 3, arbitrary: jsonMutations.map((m) => JSON.stringify(mutateJson(seed, m))) },
        byteMutations.map((m) => Buffer.from(mutateBytes(Buffer.from(text), m)).toString('utf8')),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.string({ unit: 'binary', maxLength: 200 }),
      );
      await fc.assert(
        fc.asyncProperty(input, fc.boolean(), async (json, dryRun) => {
          await checkImport(w, dryRun, () => importYearJson(w.t.db, actor, json, { dryRun }));
          await unhandled.check();
        }),
        fuzzOptions(),
      );
    },
    fuzzTimeout(400),
  );

  it('what fuzzing found: a scores row with one EIT part blank is a problem of that row, not a crash', async () => {
    const before = await dump(w.t.db);
    const csv = Buffer.from(`agency,year,1,2,3,4,5,6,7,8,9,10,eit1,eit2\r\n${DEMO.org},${DEMO.year},,,,,,,,,,,90,\r\n`);
    for (const dryRun of [true, false]) {
      const outcome = await importOrgScores(w.t.db, coordinator, DEMO.org, { bytes: csv, filename: 'scores.csv' }, { dryRun });
      expect(outcome.written).toBe(false);
      expect(outcome.problems).toMatchObject([{ row: 2, column: 'eit1', en: 'row 2: give both EIT parts, part 1 and part 2, or neither' }]);
      expectClearProblems(outcome, dryRun);
    }
    expect(await dump(w.t.db)).toEqual(before);
  });

  it('what fuzzing found: a JSON year of the wrong shape is explained in Thai and English, nothing written', async () => {
    const before = await dump(w.t.db);
    for (const json of ['"ก"', '[]', '{"organisation": 5, "year": "x"}']) {
      const outcome = await importYearJson(w.t.db, actor, json);
      expectClearProblems(outcome, false);
      expect(outcome.written).toBe(false);
    }
    const outcome = await importYearJson(w.t.db, actor, '{"organisation": 5}');
    expect(outcome.problems.find((p) => p.column === 'organisation')).toMatchObject({
      th: 'organisation: ชนิดของค่าไม่ถูกต้อง (ต้องเป็น object)',
      en: 'organisation: wrong type of value (expected object)',
    });
    expect(await dump(w.t.db)).toEqual(before);
  });
});
