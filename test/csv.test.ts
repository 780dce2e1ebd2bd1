import { cpSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { CsvByteParser, CsvParseError, parseCsv, rowStrings } from '../src/csv/parser.ts';
import { InputErrors } from '../src/errors.ts';
import { importMeasuresCsv } from '../src/io/measures-table.ts';
import { QUOTE_MAX, quoted } from '../src/errors.ts';
import { CellError, formatProblems, hasErrors } from '../src/io/problems.ts';
import { requireRows, tableFromCsv } from '../src/io/tables.ts';
import type { YearInputDraft } from '../src/model/year.ts';

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

describe('CSV parser', () => {
  it('reads plain rows with LF or CRLF, and a last row without a line end', () => {
    expect(cells('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(cells('a,b\r\n1,2\r\n3,4')).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(cells('a,,c\n')).toEqual([['a', '', 'c']]);
  });

  it('reads quoted cells with commas, quotes and line breaks inside', () => {
    const rows = parseCsv('name,note\n"อบต.ก, ตำบล","บรรทัด 1\nบรรทัด ""2"""\nx,y\n');
    expect(rows.map((r) => r.cells)).toEqual([
      ['name', 'note'],
      ['อบต.ก, ตำบล', 'บรรทัด 1\nบรรทัด "2"'],
      ['x', 'y'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('skips a UTF-8 byte-order mark (Excel’s CSV UTF-8)', () => {
    expect(cells('\uFEFFagency,year\n')).toEqual([['agency', 'year']]);
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => parseCsv('a,b\n"open,2\n')).toThrow(CsvParseError);
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/line 2/);
  });

  it('gives the same rows whatever the chunk boundaries (property)', () => {
    const cell = fc.oneof(fc.constantFrom('', 'ก', 'น้ำ', '1', 'a,b', 'say "hi"', 'two\nlines'), fc.string({ maxLength: 6 }));
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 40 }), (rows, sizes) => {
        const quote = (c: string) => (/[",\n\r]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c);
        const text = `${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;
        const bytes = new TextEncoder().encode(text);
        const out: string[][] = [];
        const parser = new CsvByteParser((row) => out.push(rowStrings(row)));
        let at = 0;
        for (let i = 0; at < bytes.length; i = (i + 1) % sizes.length) {
          const size = sizes[i] as number;
          parser.push(bytes.subarray(at, at + size));
          at += size;
        }
        parser.end();
        expect(out).toEqual(rows);
      }),
    );
  });
});

describe('CSV line ends: CR alone (Excel’s “CSV (Macintosh)”)', () => {
  it('reads CR-only rows like LF and CRLF ones, with their line numbers', () => {
    const mac = parseCsv('a,b\r1,2\r"x\ry",3\r4,5');
    expect(mac.map((r) => r.cells)).toEqual([['a', 'b'], ['1', '2'], ['x\ry', '3'], ['4', '5']]);
    expect(mac.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    for (const end of ['\n', '\r\n', '\r']) {
      expect(cells(['agency,year', 'huai-thong,2566', 'na-kham,2566', ''].join(end)), JSON.stringify(end)).toEqual([
        ['agency', 'year'],
        ['huai-thong', '2566'],
        ['na-kham', '2566'],
      ]);
    }
  });

  it('gives the same rows whatever the chunk boundaries, a CRLF split between two chunks included (property)', () => {
    const row = fc.array(fc.constantFrom('ก', '1', 'a b', '"q"', ''), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.integer({ min: 1, max: 9 }), (rows, end, size) => {
        const quote = (c: string) => (c === '' || c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c);
        const bytes = new TextEncoder().encode(rows.map((r) => r.map(quote).join(',')).join(end) + end);
        const out: string[][] = [];
        const parser = new CsvByteParser((r) => out.push(rowStrings(r)));
        for (let at = 0; at < bytes.length; at += size) parser.push(bytes.subarray(at, at + size));
        parser.end();
        expect(out).toEqual(rows);
      }),
    );
  });
});

describe('tables read from CSV: rows, extra cells, control characters, long cells', () => {
  const csv = (text: string) => new TextEncoder().encode(text);

  it('imports a CR-only file of scores like any other', () => {
    const table = tableFromCsv(csv('agency,year,1\rhuai-thong,2566,93.55\rna-kham,2566,90\r'), 'scores.csv');
    expect(table.header).toEqual(['agency', 'year', '1']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['huai-thong', '2566', '93.55'],
      ['na-kham', '2566', '90'],
    ]);
  });

  it('a header and no rows is an error, not “0 rows ready to import”', () => {
    const table = tableFromCsv(csv('agency,year,1\r\n'), 'scores.csv');
    expect(() => requireRows(table, 'scores.csv')).toThrow(/ไม่มีแถวข้อมูล[\s\S]*|no rows to import/);
    const measures = importMeasuresCsv(csv('ลำดับ,มาตรการ\n'), null, { year: 2566, criteriaYear: 2566 });
    expect(hasErrors(measures.problems)).toBe(true);
    expect(measures.problems[0]).toMatchObject({ sheet: 'มาตรการ', en: expect.stringContaining('no rows to import') });
  });

  it('cells beyond the header are a warning naming the row', () => {
    const table = tableFromCsv(csv('agency,year\nhuai-thong,2566,extra,\nna-kham,2566,,\n'), 'scores.csv');
    expect(table.warnings).toEqual([expect.objectContaining({ row: 2, column: 'C', severity: 'warning', th: expect.stringContaining('"extra"'), en: expect.stringContaining('beyond the header') })]);
  });

  it('a cell with NUL or another control character is refused, naming its row and column in Thai and English', () => {
    for (const bad of ['\u0000', '\u001b', '\u007f', '\u0008']) {
      let error: unknown;
      try {
        tableFromCsv(csv(`agency,year\nhuai-thong,2566\nna${bad}kham,2566\n`), 'scores.csv');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputErrors);
      const [first] = (error as InputErrors).errors;
      expect(first).toBeInstanceOf(CellError);
      expect(first).toMatchObject({ row: 3, column: 'agency', th: expect.stringContaining('แถวที่ 3 คอลัมน์ "agency"'), en: expect.stringContaining('row 3, column "agency"') });
      expect(first!.en).toMatch(/control character U\+00(00|1B|7F|08)/);
    }
    // Tab and line breaks are text.
    expect(tableFromCsv(csv('a,b\n"x\ty\nz",1\n'), 'ok.csv').rows[0]!.cells[0]).toBe('x\ty\nz');
    // In a measures file, the problem is listed at its sheet, row and column like any other.
    const measures = importMeasuresCsv(csv('ลำดับ,มาตรการ\n1,ก\u0000\n'), null, { year: 2566, criteriaYear: 2566 });
    expect(measures.measures).toEqual([]);
    expect(measures.problems).toEqual([expect.objectContaining({ sheet: 'มาตรการ', row: 2, column: 'มาตรการ', severity: 'error', en: expect.stringContaining('U+0000') })]);
  });

  it('a message quotes at most 80 characters of a cell (a cell of megabytes does not make megabytes of output)', () => {
    const huge = 'ก'.repeat(1024 * 1024);
    const measures = importMeasuresCsv(csv(`ลำดับ,มาตรการ,สถานะ,ระยะเวลา เริ่ม\n${huge},ก,${huge},${huge}\n`), null, { year: 2566, criteriaYear: 2566 });
    expect(measures.problems.length).toBeGreaterThanOrEqual(3);
    const report = formatProblems(measures.problems);
    expect(report.length).toBeLessThan(5000);
    expect(report).toContain(`"${'ก'.repeat(QUOTE_MAX)}…"`);
    // Messages made elsewhere are cut as they are printed; a short quote stays whole.
    const long = formatProblems([{ sheet: null, row: 2, column: 'agency', th: `ไม่พบหน่วยงาน "${huge}"`, en: `no organisation "${huge}"`, severity: 'error' }]);
    expect(long.length).toBeLessThan(1000);
    expect(quoted('huai-thong')).toBe('"huai-thong"');
    expect(quoted('a\u0000b\nc')).toBe('"a\uFFFDb c"');
    expect(quoted('😀'.repeat(100))).toBe(`"${'😀'.repeat(40)}…"`);
  });
});

describe('prongsai import: bad tables and year files exit 1, naming where', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prongsai-csv-'));
    // The migrated database the test setup prepared (test/helpers/db.ts), instead of an initdb of its own.
    const template = inject('pgliteTemplate');
    if (template) cpSync(template, join(dir, 'data', 'pgdata'), { recursive: true });
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('PRONGSAI_DATA', join(dir, 'data'));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['node', 'prongsai', ...args], { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
    return { code, out, err };
  }

  it('a scores CSV with NUL in a cell, or with a header only: exit 1 naming the row and column, no database error', async () => {
    const nul = join(dir, 'nul.csv');
    await writeFile(nul, 'agency,year,1\rhuai-thong,2566,93.55\rna\u0000kham,2566,90\r');
    const r = await run('import', nul, '--dry-run');
    expect(r.code).toBe(1);
    expect(r.err).toContain('แถวที่ 3 คอลัมน์ "agency"');
    expect(r.err).toContain('row 3, column "agency"');
    expect(r.err).not.toMatch(/DatabaseError|invalid byte sequence/);
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, 'agency,year,1\r');
    const e = await run('import', empty, '--dry-run');
    expect(e.code).toBe(1);
    expect(e.err).toContain('no rows to import');
    expect(e.out).not.toContain('ready to import');
  });

  it('a year JSON with NUL in a text: exit 1 naming the field, nothing written', async () => {
    const year = join(dir, 'year.json');
    const input: YearInputDraft = {
      organisation: { slug: 'control-chars', nameTh: 'อบต.ทดสอบ', kind: 'sao' },
      year: 2566,
      criteriaYear: 2566,
      scores: { indicators: {} },
      measures: [{ id: 'm1', seq: 1, titleTh: 'มาตรการ\u0000ทดสอบ' }],
    };
    await writeFile(year, JSON.stringify(input));
    const r = await run('import', year);
    expect(r.code).toBe(1);
    expect(r.err).toContain('measures.0.titleTh');
    expect(r.err).toContain('U+0000');
    expect(r.err).not.toMatch(/DatabaseError|invalid byte sequence/);
    expect((await run('export', '--org', 'control-chars', '--year', '2566')).code).toBe(1);
  });
});
