/**
 * Backup and restore in one portable format, the same from PGlite and from PostgreSQL, so that a backup moves
 * data between the two in either direction.
 *
 * Format: gzip of JSON lines. Line 1 is the header {format, version, createdAt, source, migrations}. Then, per
 * table, a line {table, columns: [{name, type}]} followed by one line per row: an array of values in that column
 * order, as this module reads them (numeric as exact text, dates as YYYY-MM-DD, instants as ISO text with
 * milliseconds — the columns are timestamptz(3) —, bytea as "\\x" + hex, arrays and jsonb as JSON), and a line
 * {end: table, rows: n}; the last line is {complete: true, tables: n}, so that a file cut off between two tables is
 * known to be incomplete. Everything is read in one REPEATABLE READ transaction: a consistent snapshot.
 *
 * Restore goes into a database without data (freshly migrated), in one transaction with the audit trigger off
 * (the backup holds the audit log itself), then moves the sequences past the restored ids. A backup of an older
 * schema restores into a newer one: columns it does not have take their defaults.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import type { Db, Queryable } from './connection.ts';
import { dbMessages } from './messages.ts';
import { migrations } from './migrate.ts';
import { col, oneRow, rows as checkedRows } from './rows.ts';

export const BACKUP_FORMAT = 'prongsai-backup';
export const BACKUP_VERSION = 1;
const BATCH = 2000;

interface Column {
  readonly name: string;
  readonly type: string;
}

interface TableInfo {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey: readonly string[];
  /** Columns that reference the same table (restored in a second pass). */
  readonly selfRefs: readonly string[];
}

export interface BackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly source: Db['kind'];
  readonly migrations: readonly string[];
}

export interface BackupSummary {
  readonly tables: Readonly<Record<string, number>>;
  readonly bytes: number;
}

const ColumnRow = z.strictObject({ table_name: col.text, column_name: col.text, data_type: col.text, udt_name: col.text });
const KeyRow = z.strictObject({ table_name: col.text, column_name: col.text });
const RefRow = z.strictObject({ child: col.text, parent: col.text, column_name: col.text });

/** The application's tables in an order where every table comes after the tables it references. */
async function tables(q: Queryable): Promise<TableInfo[]> {
  const cols = await checkedRows(
    q,
    ColumnRow,
    `SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position`,
  );
  const keys = await checkedRows(
    q,
    KeyRow,
    `SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY' ORDER BY tc.table_name, kcu.ordinal_position`,
  );
  const refs = await checkedRows(
    q,
    RefRow,
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent, a.attname AS column_name
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
      ORDER BY c.conrelid::regclass::text COLLATE "C", c.confrelid::regclass::text COLLATE "C", a.attname::text COLLATE "C"`,
  );
  const tablesByName = new Map<string, TableInfo>();
  for (const c of cols) {
    const t = tablesByName.get(c.table_name) ?? { name: c.table_name, columns: [], primaryKey: [], selfRefs: [] };
    (t.columns as Column[]).push({ name: c.column_name, type: c.data_type === 'ARRAY' ? `${c.udt_name.slice(1)}[]` : c.udt_name });
    tablesByName.set(c.table_name, t);
  }
  for (const k of keys) (tablesByName.get(k.table_name)?.primaryKey as string[] | undefined)?.push(k.column_name);
  for (const r of refs) if (r.child === r.parent) (tablesByName.get(r.child)?.selfRefs as string[] | undefined)?.push(r.column_name);
  // Topological order by foreign keys.
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (done.has(name) || path.has(name)) return;
    path.add(name);
    for (const r of refs) if (r.child === name && r.parent !== name) visit(r.parent, path);
    done.add(name);
    const t = tablesByName.get(name);
    if (t) ordered.push(t);
  };
  for (const name of [...tablesByName.keys()].sort()) visit(name, new Set());
  return ordered;
}

const hex = (bytes: Uint8Array) => `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
const encode = (value: unknown, type: string): unknown => (value instanceof Uint8Array && type === 'bytea' ? hex(value) : value);

/** Writes a backup of the whole database to `file` (gzip JSON lines). The file appears only when complete. */
export async function backup(db: Db, file: string): Promise<BackupSummary> {
  const partial = `${file}.partial-${process.pid}`;
  const counts: Record<string, number> = {};
  try {
    await db.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const applied = await checkedRows(tx, z.strictObject({ id: col.text }), 'SELECT id FROM schema_migrations ORDER BY id');
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        source: db.kind,
        migrations: applied.map((m) => m.id),
      };
      const list = await tables(tx);
      async function* lines(): AsyncGenerator<string> {
        yield `${JSON.stringify(header)}\n`;
        for (const t of list) {
          yield `${JSON.stringify({ table: t.name, columns: t.columns })}\n`;
          let n = 0;
          for await (const rows of pages(tx, t)) {
            let block = '';
            for (const row of rows) block += `${JSON.stringify(t.columns.map((c) => encode(row[c.name], c.type)))}\n`;
            n += rows.length;
            yield block;
          }
          counts[t.name] = n;
          yield `${JSON.stringify({ end: t.name, rows: n })}\n`;
        }
        yield `${JSON.stringify({ complete: true, tables: list.length })}\n`;
      }
      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial, { mode: 0o600 }));
    });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { tables: counts, bytes: (await stat(file)).size };
}

/** The rows of a table in primary-key order, a page at a time (keyset paging: fast on millions of rows). */
async function* pages(q: Queryable, t: TableInfo): AsyncGenerator<Record<string, unknown>[]> {
  const key = t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name);
  const list = key.map((k) => `"${k}"`).join(', ');
  let last: unknown[] | null = null;
  for (;;) {
    const where = last ? `WHERE (${list}) > (${key.map((_, i) => `$${i + 1}`).join(', ')})` : '';
    const rows: Record<string, unknown>[] = await q.query(`SELECT * FROM "${t.name}" ${where} ORDER BY ${list} LIMIT ${BATCH * 5}`, last ?? []);
    if (rows.length === 0) return;
    yield rows;
    const end = rows[rows.length - 1] as Record<string, unknown>;
    last = key.map((k) => end[k]);
    if (rows.length < BATCH * 5) return;
  }
}

/** Reads a backup's header without restoring it. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  for await (const line of backupLines(file)) return parseHeader(line);
  throw badBackup(file, 'the file is empty');
}

function parseHeader(line: string): BackupHeader {
  const header = parseLine(line) as BackupHeader | null;
  if (!isObject(header) || header.format !== BACKUP_FORMAT || !Array.isArray(header.migrations) || !header.migrations.every((m) => typeof m === 'string')) {
    throw new InputError('backup', dbMessages.notABackup());
  }
  if (header.version !== BACKUP_VERSION) {
    throw new InputError('backup', dbMessages.backupVersion({ version: header.version }));
  }
  return header;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A line as JSON; a line that is not JSON is undefined (a damaged file). */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/** What the database refuses in a row of the file (a wrong type, a broken reference, a duplicate): a damaged backup. */
async function refusedAs<T>(file: string, table: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !/^(22|23|P0)/.test(code)) throw error;
    throw badBackup(file, `${table}: the database refuses a row: ${(error as Error).message.slice(0, 200)}`);
  }
}

function badBackup(file: string, reason: string): InputError {
  return new InputError('backup', dbMessages.badBackup({ file, reason }));
}

async function* backupLines(file: string): AsyncGenerator<string> {
  try {
    await stat(file);
  } catch {
    throw new InputError('backup', dbMessages.noBackupFile({ file }));
  }
  const source = createReadStream(file);
  const input = source.pipe(createGunzip());
  source.on('error', (error) => input.destroy(error));
  // The reading below reports a damaged file; once it has stopped (the header read, a bad row), a later error of
  // the unpacking has no one to tell and must not become an uncaught exception.
  input.on('error', () => {});
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line !== '') yield line;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw badBackup(file, (error as Error).message);
  } finally {
    source.destroy();
    input.destroy();
  }
}

/**
 * Restores a backup into a database that holds no data (migrated, empty). All or nothing: a damaged file, a
 * table the database does not have, or any row the database refuses leaves the database as it was.
 */
export async function restore(db: Db, file: string): Promise<BackupSummary> {
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    await tx.exec("SET LOCAL prongsai.audit = 'off'");
    const list = await tables(tx);
    const byName = new Map(list.map((t) => [t.name, t]));
    for (const t of list) {
      const row = await oneRow(tx, z.strictObject({ one: col.int }), `SELECT 1 AS one FROM "${t.name}" LIMIT 1`);
      if (row) throw new InputError('restore', dbMessages.notEmpty({ table: t.name }));
    }
    let header: BackupHeader | null = null;
    let complete = false;
    let tablesSeen = 0;
    let current: { info: TableInfo; columns: readonly Column[] } | null = null;
    let batch: unknown[][] = [];
    const deferred: { table: TableInfo; key: readonly string[]; rows: Record<string, unknown>[] }[] = [];
    const flush = async () => {
      if (!current || batch.length === 0) return;
      const { info, columns } = current;
      const objects = batch.map((values) => {
        const o: Record<string, unknown> = {};
        columns.forEach((c, i) => {
          o[c.name] = info.selfRefs.includes(c.name) ? null : values[i];
        });
        return o;
      });
      const names = columns.map((c) => `"${c.name}"`).join(', ');
      await refusedAs(file, info.name, () =>
        tx.query(`INSERT INTO "${info.name}" (${names}) SELECT ${names} FROM json_populate_recordset(NULL::"${info.name}", $1::json)`, [JSON.stringify(objects)]),
      );
      if (info.selfRefs.length) {
        const key = info.primaryKey;
        const rows = batch
          .map((values) => Object.fromEntries(columns.map((c, i) => [c.name, values[i]])))
          .filter((r) => info.selfRefs.some((c) => r[c] !== null && r[c] !== undefined));
        if (rows.length) deferred.push({ table: info, key, rows });
      }
      batch = [];
    };
    for await (const line of backupLines(file)) {
      if (!header) {
        header = parseHeader(line);
        const known = new Set(migrations().map((m) => m.id));
        const unknown = header.migrations.filter((m) => !known.has(m));
        if (unknown.length) {
          throw new InputError('restore', dbMessages.newerBackup({ migrations: unknown.join(', ') }));
        }
        continue;
      }
      const item = parseLine(line);
      if (item === undefined) throw badBackup(file, 'a line is not JSON');
      if (complete) throw badBackup(file, 'a line after the last line');
      if (Array.isArray(item)) {
        if (!current) throw badBackup(file, 'a row outside a table');
        if (item.length !== current.columns.length) throw badBackup(file, `${current.info.name}: a row has ${item.length} values, ${current.columns.length} expected`);
        batch.push(item);
        if (batch.length >= BATCH) await flush();
      } else if (isObject(item) && 'table' in item) {
        const { table, columns } = item as { table: unknown; columns: unknown };
        if (current) throw badBackup(file, `table ${current.info.name} is cut off`);
        if (typeof table !== 'string' || !Array.isArray(columns) || !columns.every((c) => isObject(c) && typeof c.name === 'string')) {
          throw badBackup(file, 'a table line without its name or columns');
        }
        const info = byName.get(table);
        if (!info || table in counts) throw badBackup(file, `table ${table.slice(0, 100)} does not exist in this version or comes twice`);
        const missing = columns.filter((c) => !info.columns.some((k) => k.name === c.name));
        if (missing.length) throw badBackup(file, `${table} has columns this version does not have: ${missing.map((c) => c.name).join(', ').slice(0, 200)}`);
        if (new Set(columns.map((c) => c.name)).size !== columns.length) throw badBackup(file, `${table} names a column twice`);
        current = { info, columns: columns as Column[] };
        counts[table] = 0;
        tablesSeen++;
      } else if (isObject(item) && 'end' in item) {
        const { end, rows } = item as { end: unknown; rows: unknown };
        // The name is the current table's, never a name from the file in the SQL below.
        if (!current || end !== current.info.name) throw badBackup(file, 'a table ends that did not begin');
        await flush();
        const { n } = (await oneRow(tx, z.strictObject({ n: col.int }), `SELECT count(*)::int AS n FROM "${current.info.name}"`)) ?? { n: -1 };
        if (n !== rows) throw badBackup(file, `${end}: ${n} rows restored, ${rows} expected`);
        counts[end] = n;
        current = null;
      } else if (isObject(item) && 'complete' in item) {
        if ((item as { complete: unknown; tables: number }).tables !== tablesSeen) throw badBackup(file, 'tables are missing');
        complete = true;
      } else {
        throw badBackup(file, 'an unknown line');
      }
    }
    if (!header) throw badBackup(file, 'the file is empty');
    if (!complete) throw badBackup(file, 'the file ends before its last line');
    if (current) throw badBackup(file, `table ${current.info.name} is cut off`);
    for (const { table, key, rows } of deferred) {
      for (const r of rows) {
        const sets = table.selfRefs.map((c, i) => `"${c}" = $${i + 1}`).join(', ');
        const where = key.map((k, i) => `"${k}" = $${table.selfRefs.length + i + 1}`).join(' AND ');
        await refusedAs(file, table.name, () => tx.query(`UPDATE "${table.name}" SET ${sets} WHERE ${where}`, [...table.selfRefs.map((c) => r[c]), ...key.map((k) => r[k])]));
      }
    }
    // The deferred checks (the order of measures) now, while a refusal can still name the backup.
    await refusedAs(file, 'constraints', () => tx.exec('SET CONSTRAINTS ALL IMMEDIATE'));
    // Sequences continue after the restored ids.
    const serials = await checkedRows(
      tx,
      KeyRow,
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const s of serials) {
      await tx.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max("${s.column_name}") FROM "${s.table_name}"), 0) + 1, false)`,
        [s.table_name, s.column_name],
      );
    }
  });
  return { tables: counts, bytes: (await stat(file)).size };
}

export interface AutoBackupOptions {
  /** Folder of the daily backups (default <data>/backups). */
  readonly dir: string;
  /** How many daily backups to keep (default 14). */
  readonly keep?: number;
  /** Minimum age of the newest backup before a new one is made (default 24 h). */
  readonly everyMs?: number;
  readonly now?: () => Date;
}

const AUTO_NAME = /^prongsai-(\d{8}T\d{6}Z)\.jsonl\.gz$/;

/**
 * Makes a backup when the newest one in `dir` is older than a day, and keeps only the newest `keep`. Returns the
 * file written, or null when the newest backup is recent enough. Meant for the embedded database (fsync is off
 * inside PGlite: a daily copy elsewhere is the protection against a disk or power failure).
 */
export async function autoBackup(db: Db, options: AutoBackupOptions): Promise<string | null> {
  const { dir, keep = 14, everyMs = 24 * 3600_000, now = () => new Date() } = options;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = (await readdir(dir)).filter((f) => AUTO_NAME.test(f)).sort();
  const newest = existing.at(-1);
  if (newest) {
    const at = (newest.match(AUTO_NAME)?.[1] ?? '').replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
    if (now().getTime() - new Date(at).getTime() < everyMs) return null;
  }
  const stamp = now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const file = join(dir, `prongsai-${stamp}.jsonl.gz`);
  await backup(db, file);
  const all = (await readdir(dir)).filter((f) => AUTO_NAME.test(f)).sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep))) await rm(join(dir, old), { force: true });
  return file;
}
