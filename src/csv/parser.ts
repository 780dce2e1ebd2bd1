/**
 * A streaming CSV parser over bytes (RFC 4180: comma-separated, double-quoted cells with "" for a quote, CRLF or
 * LF line ends, or CR alone as Excel's "CSV (Macintosh)" writes them; an optional UTF-8 byte-order mark). Pure:
 * the caller pushes chunks and receives whole rows.
 *
 * It hands each row over as offsets into a byte buffer instead of strings, so that a survey file of a million
 * rows can be tallied without allocating a string per cell; `rowStrings` decodes a row when strings are wanted.
 */
import type { Message } from '../messages.ts';
import { csvMessages } from './messages.ts';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** One parsed row: cell i is bytes[starts[i], ends[i]) with quotes removed and "" unescaped. */
export interface CsvRow {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly length: number;
  /** 1-based line number of the row's first line in the file. */
  readonly line: number;
}

export type RowHandler = (row: CsvRow) => void;

export class CsvParseError extends Error {
  override readonly name = 'CsvParseError';
  constructor(
    readonly line: number,
    /** What is wrong (src/csv/messages.ts); the error's message says it in English, then in Thai. */
    readonly said: Message,
  ) {
    super(`line ${line}: ${said.en} / ${said.th}`);
  }
}

export class CsvByteParser {
  private carry: Uint8Array = new Uint8Array(0);
  private line = 1;
  private first = true;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private readonly onRow: RowHandler;

  constructor(onRow: RowHandler) {
    this.onRow = onRow;
  }

  /** Parses every complete row in carry + chunk and keeps the incomplete rest for the next push. */
  push(chunk: Uint8Array): void {
    let buf: Uint8Array;
    if (this.carry.length === 0) {
      // Copy: rows are unescaped in place, and the caller's chunk is not ours to change.
      buf = chunk.slice();
    } else {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry, 0);
      buf.set(chunk, this.carry.length);
    }
    let start = 0;
    if (this.first) {
      this.first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    }
    const end = lastRowEnd(buf, start);
    if (end < 0) {
      this.carry = start > 0 ? buf.subarray(start) : buf;
      return;
    }
    this.parseRows(buf, start, end + 1);
    this.carry = buf.slice(end + 1);
  }

  /** Parses what is left (a last row without a line end). Throws CsvParseError on an unclosed quote. */
  end(): void {
    const buf = this.carry;
    this.carry = new Uint8Array(0);
    if (buf.length > 0) this.parseRows(buf, 0, buf.length);
  }

  private parseRows(buf: Uint8Array, from: number, to: number): void {
    let i = from;
    while (i < to) {
      const rowLine = this.line;
      let count = 0;
      // A row: cells until LF (or `to`).
      for (;;) {
        if (count === this.starts.length) this.grow();
        let cellStart = i;
        let cellEnd: number;
        if (i < to && buf[i] === QUOTE) {
          // Quoted cell: unescape "" in place, moving bytes left.
          i++;
          cellStart = i;
          let w = i;
          for (;;) {
            if (i >= to) throw new CsvParseError(rowLine, csvMessages.unclosedQuote());
            const b = buf[i] as number;
            if (b === QUOTE) {
              if (i + 1 < to && buf[i + 1] === QUOTE) {
                buf[w++] = QUOTE;
                i += 2;
                continue;
              }
              i++;
              break;
            }
            if (b === LF || (b === CR && buf[i + 1] !== LF)) this.line++;
            buf[w++] = b;
            i++;
          }
          cellEnd = w;
          // Only a separator or line end may follow a closing quote.
          if (i < to && buf[i] !== COMMA && buf[i] !== LF && buf[i] !== CR) {
            throw new CsvParseError(rowLine, csvMessages.textAfterQuote());
          }
        } else {
          while (i < to && buf[i] !== COMMA && buf[i] !== LF && buf[i] !== CR) i++;
          cellEnd = i;
        }
        this.starts[count] = cellStart;
        this.ends[count] = cellEnd;
        count++;
        if (i >= to) break;
        const sep = buf[i];
        i++;
        if (sep !== COMMA) {
          // The row ends: LF, CRLF or CR alone.
          if (sep === CR && i < to && buf[i] === LF) i++;
          this.line++;
          break;
        }
      }
      this.onRow({ bytes: buf, starts: this.starts, ends: this.ends, length: count, line: rowLine });
    }
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

/**
 * Index of the last line end outside quotes (the LF of a CRLF), or -1. Quote parity is enough: "" toggles twice.
 * A CR as the last byte is left for the next chunk, which may begin with its LF.
 */
function lastRowEnd(buf: Uint8Array, from: number): number {
  let inQuotes = false;
  let last = -1;
  for (let i = from; i < buf.length; i++) {
    const b = buf[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && (b === LF || (b === CR && i + 1 < buf.length && buf[i + 1] !== LF))) last = i;
  }
  return last;
}

const decoder = new TextDecoder('utf-8');

export function cellString(row: CsvRow, i: number): string {
  return decoder.decode(row.bytes.subarray(row.starts[i] as number, row.ends[i] as number));
}

export function rowStrings(row: CsvRow): string[] {
  const out: string[] = [];
  for (let i = 0; i < row.length; i++) out.push(cellString(row, i));
  return out;
}

/** Parses a whole CSV text or buffer into rows of strings (for small files: tables, checklists). */
export function parseCsv(input: string | Uint8Array): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  const parser = new CsvByteParser((row) => rows.push({ line: row.line, cells: rowStrings(row) }));
  parser.push(typeof input === 'string' ? new TextEncoder().encode(input) : input);
  parser.end();
  return rows;
}
