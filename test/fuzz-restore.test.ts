/**
 * Fuzzing `restore` (docs/fuzzing.md): a backup of the demo, its gzip bytes mutated, its JSON lines mutated
 * (deleted, repeated, swapped, cut, values of the wrong type) and gzip'd again, and random files. A restore must
 * either succeed or reject with an InputError in Thai and English, and a refused restore must leave the empty
 * database empty. (A restore that succeeds is emptied again before the next run.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemo } from '../src/demo/demo.ts';
import { backup, readBackupHeader, restore } from '../src/db/backup.ts';
import { backends, testDb, type TestDb } from './helpers/db.ts';
import {
  byteMutations,
  dump,
  expectInputError,
  fuzzOptions,
  fuzzTimeout,
  jsonMutations,
  mutateBytes,
  mutateJson,
  oddCell,
  settle,
  tableNames,
  watchUnhandled,
  type ByteMutation,
  type JsonMutation,
} from './helpers/fuzz.ts';

type LineMutation =
  | { readonly kind: 'delete' | 'duplicate'; readonly at: number }
  | { readonly kind: 'swap'; readonly at: number; readonly with: number }
  | { readonly kind: 'replace'; readonly at: number; readonly text: string }
  | { readonly kind: 'cut'; readonly at: number; readonly length: number }
  | { readonly kind: 'value'; readonly at: number; readonly mutations: JsonMutation[] };

const lineMutations: fc.Arbitrary<LineMutation[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.oneof(oddCell, fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v))) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.nat() }),
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('value' as const), at: fc.nat(), mutations: jsonMutations }) },
  ),
  { minLength: 1, maxLength: 4 },
);

function mutateLines(text: string, mutations: readonly LineMutation[]): string {
  const lines = text.split('\n');
  for (const m of mutations) {
    const at = m.at % lines.length;
    if (m.kind === 'delete') lines.splice(at, 1);
    else if (m.kind === 'duplicate') lines.splice(at, 0, lines[at]!);
    else if (m.kind === 'swap') [lines[at], lines[m.with % lines.length]] = [lines[m.with % lines.length]!, lines[at]!];
    else if (m.kind === 'replace') lines[at] = m.text;
    else if (m.kind === 'cut') lines[at] = lines[at]!.slice(0, m.length % (lines[at]!.length + 1));
    else if (m.kind === 'value') {
      let value: unknown;
      try {
        value = JSON.parse(lines[at]!);
      } catch {
        continue;
      }
      lines[at] = JSON.stringify(mutateJson(value, m.mutations));
    }
    if (lines.length === 0) lines.push('');
  }
  return lines.join('\n');
}

type RestoreInput =
  | { readonly from: 'bytes'; readonly mutations: ByteMutation[] }
  | { readonly from: 'lines'; readonly mutations: LineMutation[] }
  | { readonly from: 'random-gzip'; readonly text: string }
  | { readonly from: 'random'; readonly bytes: Uint8Array };

const restoreInput: fc.Arbitrary<RestoreInput> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ from: fc.constant('bytes' as const), mutations: byteMutations }) },
  { weight: 4, arbitrary: fc.record({ from: fc.constant('lines' as const), mutations: lineMutations }) },
  fc.record({ from: fc.constant('random-gzip' as const), text: fc.string({ unit: 'binary', maxLength: 300 }) }),
  fc.record({ from: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 1024 }) }),
);

const dir = mkdtempSync(join(tmpdir(), 'prongsai-fuzz-restore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Empties every table again after a restore that succeeded. */
async function empty(t: TestDb): Promise<void> {
  await t.db.exec(`TRUNCATE ${(await tableNames(t.db)).map((name) => `"${name}"`).join(', ')} CASCADE`);
}

describe.each(backends())('fuzzing restore (%s)', (backend) => {
  let target: TestDb;
  let seed: Buffer;
  let unhandled: ReturnType<typeof watchUnhandled>;
  beforeAll(async () => {
    const source = await testDb(backend);
    try {
      await ensureDemo(source.db);
      await backup(source.db, join(dir, 'seed.jsonl.gz'));
      seed = readFileSync(join(dir, 'seed.jsonl.gz'));
    } finally {
      await source.dispose();
    }
    target = await testDb(backend);
    unhandled = watchUnhandled();
  });
  afterAll(async () => {
    unhandled.stop();
    await target.dispose();
  });

  it(
    'a damaged or random backup is refused with an InputError and leaves the database empty',
    async () => {
      const text = gunzipSync(seed).toString('utf8');
      const emptyDump = await dump(target.db);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(restoreInput, async (input) => {
          const bytes =
            input.from === 'bytes'
              ? mutateBytes(seed, input.mutations)
              : input.from === 'lines'
                ? gzipSync(mutateLines(text, input.mutations))
                : input.from === 'random-gzip'
                  ? gzipSync(input.text)
                  : input.bytes;
          const file = join(dir, `run-${n++}.jsonl.gz`);
          writeFileSync(file, bytes);
          const header = await settle(() => readBackupHeader(file));
          if (!header.ok) expectInputError(header.error);
          const result = await settle(() => restore(target.db, file));
          rmSync(file, { force: true });
          if (result.ok) await empty(target);
          else expectInputError(result.error);
          expect(await dump(target.db)).toEqual(emptyDump);
          await unhandled.check();
        }),
        fuzzOptions(),
      );
    },
    fuzzTimeout(1000),
  );

  describe('what fuzzing found, as examples', () => {
    /** Restores the seed's lines as changed by `edit`: an InputError, and the database still empty. */
    async function refused(edit: (lines: string[]) => string[] | Buffer): Promise<void> {
      const emptyDump = await dump(target.db);
      const edited = edit(gunzipSync(seed).toString('utf8').split('\n'));
      const file = join(dir, 'example.jsonl.gz');
      writeFileSync(file, Buffer.isBuffer(edited) ? edited : gzipSync(edited.join('\n')));
      const result = await settle(() => restore(target.db, file));
      expect(result.ok).toBe(false);
      if (!result.ok) expectInputError(result.error);
      expect(await dump(target.db)).toEqual(emptyDump);
      await unhandled.check();
    }
    const firstEnd = (lines: string[]) => lines.findIndex((l) => l.startsWith('{"end":'));
    const firstRow = (lines: string[]) => lines.findIndex((l) => l.startsWith('['));

    it('a table end naming another table (its name went into the SQL)', () =>
      refused((lines) => lines.map((l, i) => (i === firstEnd(lines) ? JSON.stringify({ end: 'x" WHERE false; --', rows: 0 }) : l))));
    it('a line that is not JSON, a header that is not an object', async () => {
      await refused((lines) => lines.map((l, i) => (i === firstRow(lines) ? l.slice(0, 5) : l)));
      await refused((lines) => ['null', ...lines.slice(1)]);
    });
    it('a value of the wrong type, a row with too few values', async () => {
      await refused((lines) => lines.map((l, i) => (i === firstRow(lines) ? JSON.stringify((JSON.parse(l) as unknown[]).map(() => ({ x: [1] }))) : l)));
      await refused((lines) => lines.map((l, i) => (i === firstRow(lines) ? '[]' : l)));
    });
    it('gzip damaged after the header: refused, and no uncaught error once the header has been read', async () => {
      const damaged = Buffer.from(seed);
      const middle = Math.floor(damaged.length / 2);
      damaged[middle] = damaged[middle]! ^ 0x86;
      writeFileSync(join(dir, 'damaged.jsonl.gz'), damaged);
      expect((await readBackupHeader(join(dir, 'damaged.jsonl.gz'))).format).toBe('prongsai-backup');
      await refused(() => damaged);
    });
  });
});
