/**
 * What the fuzz tests (test/fuzz-*.test.ts, docs/fuzzing.md) share: the number of runs, the mutations of bytes,
 * zip records, table cells and JSON values, the canonical dump of a database that proves nothing was written,
 * and the check that a refusal is a clear InputError or a clear list of problems in Thai and English.
 */
import { inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { InputError, InputErrors } from '../../src/errors.ts';
import type { Problem } from '../../src/io/problems.ts';
import type { TextTable } from '../../src/io/workbook.ts';
import { zipOf } from './zip-bomb.ts';

/**
 * fast-check's options: PRONGSAI_FUZZ_RUNS runs (default 30); PRONGSAI_FUZZ_SEED and PRONGSAI_FUZZ_PATH replay a
 * failure; PRONGSAI_FUZZ_SHRINK=0 reports the first failure as found, without shrinking it.
 */
export function fuzzOptions(defaultRuns = 30): fc.Parameters<unknown> {
  const runs = Number(process.env.PRONGSAI_FUZZ_RUNS ?? defaultRuns);
  const seed = process.env.PRONGSAI_FUZZ_SEED;
  const path = process.env.PRONGSAI_FUZZ_PATH;
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(path !== undefined || process.env.PRONGSAI_FUZZ_SHRINK === '0' ? { endOnFailure: true } : {}),
  };
}

/** Time a property may take: generous, and growing with the number of runs. */
export const fuzzTimeout = (perRunMs: number) => 60_000 + Number(fuzzOptions().numRuns) * perRunMs * 4;

// ---------------------------------------------------------------------------------------------------------
// Bytes

export type ByteMutation =
  | { readonly kind: 'flip'; readonly at: number; readonly mask: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'truncate'; readonly at: number }
  /** A byte of a zip record (local header, central directory entry, end of central directory). */
  | { readonly kind: 'zip'; readonly record: number; readonly offset: number; readonly value: number };

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 512 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('zip' as const), record: fc.nat(), offset: fc.nat({ max: 45 }), value: fc.nat({ max: 255 }) }),
);

export const byteMutations = fc.array(byteMutation, { minLength: 1, maxLength: 4 });

/** Where the zip records start: PK\3\4, PK\1\2, PK\5\6. */
function zipRecords(bytes: Uint8Array): number[] {
  const at: number[] = [];
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && [0x0102, 0x0304, 0x0506].includes(bytes[i + 2]! * 256 + bytes[i + 3]!)) at.push(i);
  }
  return at;
}

export function mutateBytes(input: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let b = Buffer.from(input);
  for (const m of mutations) {
    const at = 'at' in m && b.length > 0 ? m.at % b.length : 0;
    switch (m.kind) {
      case 'flip':
        if (b.length) b[at] = b[at]! ^ m.mask;
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
        break;
      case 'duplicate':
        b = Buffer.concat([b.subarray(0, at + m.length), b.subarray(at)]);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'zip': {
        const records = zipRecords(b);
        const start = records[m.record % Math.max(records.length, 1)];
        if (start !== undefined && start + 4 + m.offset < b.length) b[start + 4 + m.offset] = m.value;
        break;
      }
    }
  }
  return new Uint8Array(b);
}

// ---------------------------------------------------------------------------------------------------------
// Zip entries (an XLSX is a zip of XML files)

export type EntryMutation =
  | { readonly kind: 'drop' | 'duplicate'; readonly entry: number }
  | { readonly kind: 'bytes'; readonly entry: number; readonly mutations: ByteMutation[] }
  | { readonly kind: 'text'; readonly entry: number; readonly at: number; readonly text: string }
  | { readonly kind: 'replace'; readonly entry: number; readonly bytes: Uint8Array };

/** The entries of a zip as its central directory lists them (no ZIP64: the seeds are small). */
function unzip(bytes: Uint8Array): { name: string; data: Buffer }[] {
  const b = Buffer.from(bytes);
  const end = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const out: { name: string; data: Buffer }[] = [];
  let p = b.readUInt32LE(end + 16);
  for (let i = b.readUInt16LE(end + 10); i > 0; i--) {
    const [method, size, nameLength] = [b.readUInt16LE(p + 10), b.readUInt32LE(p + 20), b.readUInt16LE(p + 28)];
    const local = b.readUInt32LE(p + 42);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const raw = b.subarray(start, start + size);
    out.push({ name: b.toString('utf8', p + 46, p + 46 + nameLength), data: method === 8 ? inflateRawSync(raw) : raw });
    p += 46 + nameLength + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }
  return out;
}

export const entryMutations: fc.Arbitrary<EntryMutation[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constantFrom('drop' as const, 'duplicate' as const), entry: fc.nat() }),
    fc.record({ kind: fc.constant('bytes' as const), entry: fc.nat(), mutations: byteMutations }),
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('text' as const), entry: fc.nat(), at: fc.nat(), text: fc.oneof(fc.constantFrom('<', '</row>', '<c r="A1" t="s"><v>999999</v></c>', '&bogus;', ']]>'), fc.string({ maxLength: 20 })) }) },
    fc.record({ kind: fc.constant('replace' as const), entry: fc.nat(), bytes: fc.uint8Array({ maxLength: 256 }) }),
  ),
  { minLength: 1, maxLength: 3 },
);

/** The zip with its entries' contents changed, dropped or repeated, written again as a well-formed zip. */
export function mutateEntries(zip: Uint8Array, mutations: readonly EntryMutation[]): Uint8Array {
  const entries = unzip(zip);
  for (const m of mutations) {
    if (entries.length === 0) break;
    const i = m.entry % entries.length;
    const e = entries[i]!;
    if (m.kind === 'drop') entries.splice(i, 1);
    else if (m.kind === 'duplicate') entries.push({ ...e });
    else if (m.kind === 'bytes') entries[i] = { ...e, data: Buffer.from(mutateBytes(e.data, m.mutations)) };
    else if (m.kind === 'replace') entries[i] = { ...e, data: Buffer.from(m.bytes) };
    else if (m.kind === 'text') {
      const at = e.data.length ? m.at % e.data.length : 0;
      entries[i] = { ...e, data: Buffer.concat([e.data.subarray(0, at), Buffer.from(m.text), e.data.subarray(at)]) };
    }
  }
  return zipOf(entries.map((e) => ({ name: e.name, runs: [{ bytes: e.data, times: 1 }] })));
}

// ---------------------------------------------------------------------------------------------------------
// Cells

/** Odd cell text: control characters, odd and huge numbers, Thai digits, formulas, very long text. */
export const oddCell: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
  fc.constantFrom('', ' ', '\u0000', '\r', '\n', '"', "'", '\uFEFF', '\uFFFF', '\uD800', 'NaN', 'Infinity', '-Infinity', '-0', '1e308', '1e-320', '0x1F', '๙๙.๕', '١٢', '=1+1', "'=A1", '-', '2566', '2023-02-30', '9999-12-31', 'ยกเลิก', 'ดำเนินการแล้ว'),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.integer({ min: 1, max: 400 }).map((n) => '9'.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'ก'.repeat(n)),
);

export type CellMutation =
  | { readonly kind: 'cell'; readonly row: number; readonly col: number; readonly value: string }
  | { readonly kind: 'header'; readonly col: number; readonly value: string }
  | { readonly kind: 'duplicateRow'; readonly row: number }
  | { readonly kind: 'deleteRow'; readonly row: number }
  | { readonly kind: 'deleteColumn'; readonly col: number }
  | { readonly kind: 'appendRow'; readonly cells: readonly string[] };

export const cellMutations: fc.Arbitrary<CellMutation[]> = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), col: fc.nat(), value: oddCell }) },
    fc.record({ kind: fc.constant('header' as const), col: fc.nat(), value: oddCell }),
    fc.record({ kind: fc.constant('duplicateRow' as const), row: fc.nat() }),
    fc.record({ kind: fc.constant('deleteRow' as const), row: fc.nat() }),
    fc.record({ kind: fc.constant('deleteColumn' as const), col: fc.nat() }),
    fc.record({ kind: fc.constant('appendRow' as const), cells: fc.array(oddCell, { maxLength: 20 }) }),
  ),
  { minLength: 1, maxLength: 5 },
);

export function mutateTable(table: TextTable, mutations: readonly CellMutation[]): TextTable {
  let header = [...table.header];
  let rows = table.rows.map((r) => [...r]);
  for (const m of mutations) {
    const r = rows.length && 'row' in m ? m.row % rows.length : -1;
    const c = header.length && 'col' in m ? m.col % header.length : 0;
    if (m.kind === 'cell' && r >= 0) rows[r]![c] = m.value;
    else if (m.kind === 'header') header[c] = m.value;
    else if (m.kind === 'duplicateRow' && r >= 0) rows.splice(r, 0, [...rows[r]!]);
    else if (m.kind === 'deleteRow' && r >= 0) rows.splice(r, 1);
    else if (m.kind === 'deleteColumn') {
      header = header.filter((_, i) => i !== c);
      rows = rows.map((row) => row.filter((_, i) => i !== c));
    } else if (m.kind === 'appendRow') rows.push([...m.cells]);
  }
  return { header, rows };
}

// ---------------------------------------------------------------------------------------------------------
// JSON values

export type JsonMutation =
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'duplicate'; readonly at: number };

/** Wrong types, odd strings and numbers, random JSON. */
const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  oddCell,
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e-308, 2 ** 53 + 1, [], {}, [null], { '': null }, '2566', 'u-unknown'),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

export const jsonMutations: fc.Arbitrary<JsonMutation[]> = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: oddJson }) },
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 5 },
);

type Container = Record<string, unknown> | unknown[];

/** Every (container, key) of a JSON value, depth first. */
function places(value: unknown, out: [Container, string | number][] = []): [Container, string | number][] {
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : value && typeof value === 'object' ? Object.entries(value) : [];
  for (const [k, v] of entries) {
    out.push([value as Container, k]);
    places(v, out);
  }
  return out;
}

export function mutateJson(input: unknown, mutations: readonly JsonMutation[]): unknown {
  const root = { value: structuredClone(input) as unknown };
  for (const m of mutations) {
    const all = places(root);
    if (all.length === 0) break;
    const [container, key] = all[m.at % all.length]!;
    if (m.kind === 'replace') (container as Record<string | number, unknown>)[key] = structuredClone(m.value);
    else if (Array.isArray(container) && m.kind === 'delete') container.splice(key as number, 1);
    else if (Array.isArray(container)) container.splice(key as number, 0, structuredClone(container[key as number]));
    else if (m.kind === 'delete') Reflect.deleteProperty(container, key);
    else container[`${key as string}_copy`] = structuredClone(container[key as string]);
  }
  return root.value ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// The database before and after

/** The application's tables (schema_migrations aside). */
export async function tableNames(db: Db): Promise<string[]> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`,
  );
  return tables.map((t) => t.table_name);
}

/** Every table's row count and a hash of its rows: equal dumps, equal data. */
export async function dump(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await tableNames(db)) {
    const [row] = await db.query<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(x::text, E'\\n' ORDER BY x::text)) AS h FROM "${t}" x`);
    out[t] = `${row!.n} ${row!.h ?? ''}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// What an importer may answer

const THAI = /[\u0E01-\u0E5B]/;
const LATIN = /[A-Za-z]/;

function expectClear(th: string, en: string, what: string): void {
  expect(th, `${what}: Thai text`).toMatch(THAI);
  expect(en, `${what}: English text`).toMatch(LATIN);
}

export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Awaits the call and returns what it resolved or rejected with (a throw before the promise counts as a rejection). */
export async function settle<T>(call: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A rejection must be an InputError (or several) with Thai and English text; anything else fails with the error itself. */
export function expectInputError(error: unknown): void {
  const errors = error instanceof InputErrors ? error.errors : error instanceof InputError ? [error] : null;
  if (!errors) throw new Error(`expected an InputError, got ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expectClear(e.th, e.en, `InputError ${e.field}`);
}

/** Every problem says its place and what is wrong in Thai and English; a refused import names at least one error. */
export function expectClearProblems(outcome: { readonly written: boolean; readonly problems: readonly Problem[] }, dryRun: boolean): void {
  for (const p of outcome.problems) {
    expect(['error', 'warning']).toContain(p.severity);
    expectClear(p.th, p.en, `problem ${p.sheet ?? ''} ${p.row ?? ''} ${p.column ?? ''}`);
  }
  if (dryRun) expect(outcome.written).toBe(false);
  if (outcome.written) expect(outcome.problems.filter((p) => p.severity === 'error')).toEqual([]);
  else if (!dryRun) expect(outcome.problems.some((p) => p.severity === 'error'), 'a refused import names its errors').toBe(true);
}

/** Unhandled rejections and uncaught exceptions while a property runs (vitest also reports them, but later). */
export function watchUnhandled(): { readonly check: () => Promise<void>; readonly stop: () => void } {
  const seen: unknown[] = [];
  const onError = (error: unknown) => seen.push(error);
  process.on('unhandledRejection', onError);
  process.on('uncaughtException', onError);
  return {
    async check() {
      // Let the events that a finished call left queued (a stream's late 'error') be delivered first.
      await new Promise((resolve) => setImmediate(resolve));
      expect(seen.splice(0).map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e)))).toEqual([]);
    },
    stop() {
      process.off('unhandledRejection', onError);
      process.off('uncaughtException', onError);
    },
  };
}
