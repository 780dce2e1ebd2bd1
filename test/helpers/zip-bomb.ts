/**
 * Zip bombs for the tests and benches (issue 12): a small XLSX whose sheet unpacks to any size, built in a few
 * milliseconds without ever holding the unpacked bytes. A run of identical chunks is deflated once, with a full
 * flush (no reference back into earlier data, the output ends on a byte boundary), so the same compressed blocks
 * can be repeated as often as wanted and closed with an empty final block: 1 MiB of spaces deflates to about
 * 1 KB, so a 1 GiB sheet is a 1 MB file.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** Bytes to be written `times` times in a row. */
export interface Run {
  readonly bytes: Uint8Array;
  readonly times: number;
}

const CHUNK = 1024 * 1024;
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Raw deflate of the runs one after the other, with their size and CRC-32. */
function deflateRuns(runs: readonly Run[]): { data: Buffer; size: number; crc: number } {
  const parts: Buffer[] = [];
  let size = 0;
  let crc = 0;
  for (const { bytes, times } of runs) {
    if (times === 0 || bytes.length === 0) continue;
    const block = deflateRawSync(bytes, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
    for (let i = 0; i < times; i++) {
      parts.push(block);
      crc = crc32(bytes, crc);
    }
    size += bytes.length * times;
  }
  parts.push(deflateRawSync(Buffer.alloc(0))); // the final (empty) block
  return { data: Buffer.concat(parts), size, crc };
}

/** `total` bytes of `unit` repeated (cut to a whole number of units), as runs of about 1 MiB. */
export function repeated(unit: string, total: number): Run[] {
  const u = utf8(unit);
  const perChunk = Math.max(1, Math.floor(CHUNK / u.length));
  const units = Math.floor(total / u.length);
  const chunk = Buffer.alloc(perChunk * u.length);
  for (let i = 0; i < perChunk; i++) u.copy(chunk, i * u.length);
  const rest = units % perChunk;
  return [
    { bytes: chunk, times: Math.floor(units / perChunk) },
    { bytes: chunk.subarray(0, rest * u.length), times: 1 },
  ];
}

export interface ZipEntrySpec {
  readonly name: string;
  readonly runs: readonly Run[];
  /** The uncompressed size written in the headers (default: the true one). A bomb may lie. */
  readonly declaredSize?: number;
}

/** A ZIP archive (deflated entries, no ZIP64) of the entries. */
export function zipOf(entries: readonly ZipEntrySpec[]): Buffer<ArrayBuffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = utf8(entry.name);
    const { data, size, crc } = deflateRuns(entry.runs);
    const declared = entry.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // version made by
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16);
    dir.writeUInt32LE(data.length, 20);
    dir.writeUInt32LE(declared, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(dir, name);
    offset += local.length + name.length + data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

const text = (t: string): Run[] => [{ bytes: utf8(t), times: 1 }];

/** The parts of a one-sheet workbook other than the sheet. */
const WORKBOOK_PARTS: readonly ZipEntrySpec[] = [
  {
    name: '[Content_Types].xml',
    runs: text(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
  },
  {
    name: '_rels/.rels',
    runs: text(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
  },
  {
    name: 'xl/workbook.xml',
    runs: text(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="มาตรการ" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
  },
  {
    name: 'xl/_rels/workbook.xml.rels',
    runs: text(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
  },
];

export interface BombOptions {
  /** What the sheet is filled with: spaces (the default), empty rows `<row r="1"/>`, or empty cells `<c/>` in one row. */
  readonly fill?: 'spaces' | 'rows' | 'cells';
  /** The sheet's uncompressed size as written in the ZIP headers (default: the true size). */
  readonly declaredSize?: number;
  /** Tiny entries added to the workbook (to have too many entries). */
  readonly extraEntries?: number;
}

/** An XLSX whose first sheet unpacks to about `unpackedBytes` bytes (in memory it is about 1/1000 of that). */
export function xlsxBomb(unpackedBytes: number, options: BombOptions = {}): Buffer<ArrayBuffer> {
  const fill = options.fill ?? 'spaces';
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const open = fill === 'cells' ? '<row r="1">' : '';
  const close = fill === 'cells' ? '</row>' : '';
  const tail = '</sheetData></worksheet>';
  const body = repeated(fill === 'rows' ? '<row r="1"/>' : fill === 'cells' ? '<c/>' : ' ', Math.max(0, unpackedBytes - head.length - tail.length - open.length - close.length));
  const sheet: ZipEntrySpec = {
    name: 'xl/worksheets/sheet1.xml',
    runs: [...text(head + open), ...body, ...text(close + tail)],
    ...(options.declaredSize !== undefined ? { declaredSize: options.declaredSize } : {}),
  };
  const extra = Array.from({ length: options.extraEntries ?? 0 }, (_, i): ZipEntrySpec => ({ name: `xl/media/pad${i}.xml`, runs: text('<a/>') }));
  return zipOf([...WORKBOOK_PARTS, sheet, ...extra]);
}

/** A valid XLSX of the same shape whose sheet has `rows` rows of `cols` number cells (at most 26 columns). */
export function xlsxOfGrid(rows: number, cols = 1): Buffer<ArrayBuffer> {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const lines: string[] = [head];
  for (let r = 1; r <= rows; r++) {
    let line = `<row r="${r}">`;
    for (let c = 0; c < cols; c++) line += `<c r="${String.fromCharCode(65 + c)}${r}"><v>${r * 100 + c}</v></c>`;
    lines.push(`${line}</row>`);
  }
  lines.push('</sheetData></worksheet>');
  return zipOf([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', runs: [{ bytes: utf8(lines.join('')), times: 1 }] }]);
}
