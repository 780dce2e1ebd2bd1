/**
 * Zip bombs: an XLSX or DOCX is a ZIP archive, and a 1 MB one can unpack to gigabytes (a sheet of spaces, or of
 * millions of empty rows). ExcelJS unpacks and parses everything it is given, so before any workbook is handed to
 * it, {@link checkZip} reads the archive through its central directory (as ExcelJS's JSZip does) with yauzl and
 * inflates every entry as a stream, keeping nothing: it refuses too many entries, a declared size over the caps,
 * and stops as soon as the bytes actually inflated pass a cap or the size the archive declared (declared sizes
 * lie). In the XML it counts rows (`<row`) and cells (`<c`) and shared strings (`<si`) as they stream by, and
 * stops at their caps too. Memory stays a few chunks of 16 KB whatever the file.
 *
 * The caps are far above real data: the largest table Prongsai reads is the scores of every Thai local
 * government, about 8,300 rows of 14 cells; a yearly measures workbook has hundreds of rows.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { InputError } from '../errors.ts';
import type { Message } from '../messages.ts';
import { ioMessages } from './messages.ts';

/** At most this many entries (files and folders) in the archive; a workbook has a few dozen. */
export const MAX_ZIP_ENTRIES = 10_000;
/** At most this many bytes unpacked in one entry (one sheet, the shared strings, an image). */
export const MAX_ZIP_ENTRY_BYTES = 50 * 1024 * 1024;
/** At most this many bytes unpacked in all entries together. */
export const MAX_ZIP_TOTAL_BYTES = 200 * 1024 * 1024;
/** At most this many rows (`<row>` elements) in all sheets together. */
export const MAX_SHEET_ROWS = 100_000;
/**
 * At most this many cells (`<c>` elements) in all sheets together, and as many shared strings (`<si>`): four times
 * the largest real table (the scores of every local government, about 116,000 cells). ExcelJS keeps each cell as
 * objects of a few hundred bytes and parses without yielding, so this cap also bounds what a workbook that passes
 * costs: measured in bench/zip-bomb.ts, 1,000,000 cells took 9 to 20 s and 400 to 500 MB.
 */
export const MAX_SHEET_CELLS = 500_000;

export interface ZipLimits {
  readonly entries: number;
  readonly entryBytes: number;
  readonly totalBytes: number;
  readonly rows: number;
  readonly cells: number;
}

export const ZIP_LIMITS: ZipLimits = {
  entries: MAX_ZIP_ENTRIES,
  entryBytes: MAX_ZIP_ENTRY_BYTES,
  totalBytes: MAX_ZIP_TOTAL_BYTES,
  rows: MAX_SHEET_ROWS,
  cells: MAX_SHEET_CELLS,
};

/** What was found in an archive that passed. */
export interface ZipTally {
  entries: number;
  /** Bytes unpacked, all entries together. */
  bytes: number;
  rows: number;
  cells: number;
  strings: number;
}

/** A cap that an archive passes, or a declared size it lies about: the file is refused before it is parsed. */
export class ZipLimitError extends InputError {
  /** The cap that was hit ('declared': an entry unpacks to more than the archive says). */
  readonly limit: keyof ZipLimits | 'declared';

  constructor(limit: keyof ZipLimits | 'declared', said: Message) {
    super('file', said);
    this.limit = limit;
  }
}


/**
 * Counts start tags by local name (`<c`, `<x:c`, not `</c`, `<col`) in XML that arrives in chunks; a tag may be
 * split between two chunks.
 */
class TagCounter {
  rows = 0;
  cells = 0;
  strings = 0;
  /** The name of a start tag being read ('' when none), or null between tags. */
  private name: string | null = null;

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.name === null) {
        i = chunk.indexOf(0x3c, i); // '<'
        if (i < 0) return;
        this.name = '';
        i++;
        continue;
      }
      const b = chunk[i] as number;
      if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x2f || b === 0x3e) {
        // whitespace, '/' or '>': the name is complete ('/' as its first character: an end tag).
        this.count(this.name);
        this.name = null;
      } else if (this.name.length < 16) {
        this.name += String.fromCharCode(b);
      }
      i++;
    }
  }

  private count(name: string): void {
    const local = name.slice(name.indexOf(':') + 1);
    if (local === 'row') this.rows++;
    else if (local === 'c') this.cells++;
    else if (local === 'si') this.strings++;
  }
}

/**
 * Refuses, with a {@link ZipLimitError}, an archive that has more entries, unpacks to more bytes or holds more rows
 * or cells than `limits`, checking as it inflates and stopping at the first cap. Other damage (not a ZIP, an
 * unsupported compression, an encrypted entry) is a plain Error, for the caller to word for its file type.
 */
export async function checkZip(bytes: Uint8Array, name: string, limits: ZipLimits = ZIP_LIMITS): Promise<ZipTally> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Sizes are checked here, with clearer words than yauzl's own check.
  const zip = await yauzl.fromBufferPromise(buffer, { validateEntrySizes: false });
  try {
    if (zip.entryCount > limits.entries) {
      throw new ZipLimitError('entries', ioMessages.zipEntries({ name, entries: zip.entryCount, max: limits.entries }));
    }
    const tally: ZipTally = { entries: 0, bytes: 0, rows: 0, cells: 0, strings: 0 };
    for await (const entry of zip.eachEntry()) {
      tally.entries++;
      checkDeclared(entry, tally, name, limits);
      if (!entry.fileName.endsWith('/')) await inflate(zip, entry, tally, name, limits);
    }
    return tally;
  } finally {
    zip.close();
  }
}

function checkDeclared(entry: Entry, tally: ZipTally, name: string, limits: ZipLimits): void {
  if (entry.uncompressedSize > limits.entryBytes) throw tooLargeEntry(name, entry.fileName, limits);
  if (tally.bytes + entry.uncompressedSize > limits.totalBytes) throw tooLargeTotal(name, limits);
}

const tooLargeEntry = (name: string, part: string, limits: ZipLimits) =>
  new ZipLimitError('entryBytes', ioMessages.zipEntryBytes({ name, part, max: limits.entryBytes }));

const tooLargeTotal = (name: string, limits: ZipLimits) =>
  new ZipLimitError('totalBytes', ioMessages.zipTotalBytes({ name, max: limits.totalBytes }));

/** Inflates one entry as a stream, counting bytes, rows and cells, and stops at the first cap. */
async function inflate(zip: ZipFile, entry: Entry, tally: ZipTally, name: string, limits: ZipLimits): Promise<void> {
  const xml = /\.(?:xml|rels|vml)$/i.test(entry.fileName);
  const tags = new TagCounter();
  let size = 0;
  const stream = await zip.openReadStreamPromise(entry);
  // Leaving the loop (a cap, an error) destroys the stream: nothing more is inflated.
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    tally.bytes += chunk.length;
    if (size > limits.entryBytes) throw tooLargeEntry(name, entry.fileName, limits);
    if (tally.bytes > limits.totalBytes) throw tooLargeTotal(name, limits);
    if (size > entry.uncompressedSize) {
      throw new ZipLimitError('declared', ioMessages.zipDeclared({ name, part: entry.fileName, declared: entry.uncompressedSize }));
    }
    if (!xml) continue;
    tags.push(chunk);
    if (tally.rows + tags.rows > limits.rows) {
      throw new ZipLimitError('rows', ioMessages.zipRows({ name, max: limits.rows }));
    }
    if (tally.cells + tags.cells > limits.cells || tally.strings + tags.strings > limits.cells) {
      throw new ZipLimitError('cells', ioMessages.zipCells({ name, max: limits.cells }));
    }
  }
  tally.rows += tags.rows;
  tally.cells += tags.cells;
  tally.strings += tags.strings;
}
