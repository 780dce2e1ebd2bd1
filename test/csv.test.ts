import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvByteParser, CsvParseError, parseCsv, rowStrings } from '../src/csv/parser.ts';

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
