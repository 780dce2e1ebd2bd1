/**
 * What a file says about its author, taken out before it is stored. Pure: bytes in, bytes out.
 *
 * The type is read from the content (never from the name or what the browser claims): PDF, JPEG and PNG only.
 * - JPEG: every APPn segment is dropped except APP0 "JFIF" and APP14 "Adobe" (colour transform only), every COM
 *   segment too: EXIF (camera, serial number, GPS, time, thumbnail), XMP, IPTC/Photoshop, ICC profiles; so is
 *   anything after the end-of-image marker (some phones append a second picture with its own EXIF there). The
 *   image data is copied as it is: the picture is unchanged. An image whose colours relied on its ICC profile may
 *   look slightly different.
 * - PNG: only the chunks that draw the picture are kept (IHDR, PLTE, IDAT, IEND, transparency, gamma, colour
 *   space, significant bits, background, physical size, histogram and the animation chunks); text (tEXt, zTXt,
 *   iTXt), eXIf, tIME, iCCP and unknown chunks go.
 * - PDF: the document information dictionaries (author, creator, producer, title, dates) named by every trailer
 *   are blanked, every XMP metadata stream is blanked, and the file identifiers are zeroed, all in place, byte for
 *   byte, so that the cross-reference offsets stay right and the file stays valid. What cannot be done in place is
 *   reported, not hidden (`complete: false`): an encrypted PDF, an information dictionary inside a compressed
 *   object stream, a metadata stream with another filter than Flate. Pictures inside a PDF keep their own EXIF.
 */
import { crc32 } from 'node:zlib';

export type MediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface Cleaned {
  readonly mediaType: MediaType;
  readonly bytes: Uint8Array;
  /** What was taken out ("EXIF", "XMP", "tEXt", "PDF Info", …), in order, without repeats. */
  readonly removed: readonly string[];
  /** False when some metadata may remain (a PDF that could not be cleaned in place). */
  readonly complete: boolean;
  /** Why it may remain, in Thai and English. */
  readonly notes: readonly { readonly th: string; readonly en: string }[];
}

/** A file that is not what it says, or is damaged. */
export class UnreadableFile extends Error {
  override readonly name = 'UnreadableFile';
}

/** The type of a file from its first bytes, or null when it is none of the accepted types. */
export function sniff(bytes: Uint8Array): MediaType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE)) return 'image/png';
  if (Buffer.from(bytes.subarray(0, 1024)).indexOf('%PDF-') >= 0) return 'application/pdf';
  return null;
}

/** Cleans a file of an accepted type; throws UnreadableFile for anything else or a damaged file. */
export function stripMetadata(input: Uint8Array): Cleaned {
  const type = sniff(input);
  if (type === 'image/jpeg') return stripJpeg(input);
  if (type === 'image/png') return stripPng(input);
  if (type === 'application/pdf') return stripPdf(input);
  throw new UnreadableFile('not a PDF, JPEG or PNG file');
}

const unique = (list: readonly string[]) => [...new Set(list)];
/** The byte at `i`, or -1 past the end. */
const byte = (b: Uint8Array, i: number): number => b[i] ?? -1;

// ---------------------------------------------------------------------------------------------------------
// JPEG

function jpegSegmentName(marker: number, data: Uint8Array): string {
  const ascii = Buffer.from(data.subarray(0, 32)).toString('latin1');
  if (marker === 0xfe) return 'JPEG comment';
  if (marker === 0xe1 && ascii.startsWith('Exif\0')) return 'EXIF';
  if (marker === 0xe1 && ascii.startsWith('http://ns.adobe.com/xap/1.0/')) return 'XMP';
  if (marker === 0xe1 && ascii.startsWith('http://ns.adobe.com/xmp/extension/')) return 'XMP';
  if (marker === 0xe2 && ascii.startsWith('ICC_PROFILE')) return 'ICC profile';
  if (marker === 0xe2 && ascii.startsWith('MPF')) return 'MPF';
  if (marker === 0xed) return 'IPTC/Photoshop';
  return `APP${marker - 0xe0}`;
}

function nextMarker(b: Uint8Array, from: number): number {
  for (let i = from; i + 1 < b.length; i++) {
    if (b[i] !== 0xff) continue;
    const next = byte(b, i + 1);
    if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) return i;
  }
  throw new UnreadableFile('damaged JPEG: no end-of-image marker');
}

export function stripJpeg(input: Uint8Array): Cleaned {
  const b = input;
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new UnreadableFile('not a JPEG file');
  const out: Uint8Array[] = [b.subarray(0, 2)];
  const removed: string[] = [];
  let pos = 2;
  let ended = false;
  while (pos < b.length) {
    if (b[pos] !== 0xff) throw new UnreadableFile('damaged JPEG: a marker was expected');
    while (b[pos + 1] === 0xff) pos++; // fill bytes
    const marker = b[pos + 1];
    if (marker === undefined) throw new UnreadableFile('damaged JPEG: cut off');
    if (marker === 0xd9) {
      out.push(b.subarray(pos, pos + 2));
      ended = true;
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      out.push(b.subarray(pos, pos + 2));
      pos += 2;
      continue;
    }
    if (pos + 4 > b.length) throw new UnreadableFile('damaged JPEG: cut off');
    const length = (byte(b, pos + 2) << 8) | byte(b, pos + 3);
    const end = pos + 2 + length;
    if (length < 2 || end > b.length) throw new UnreadableFile('damaged JPEG: a segment runs past the end');
    const data = b.subarray(pos + 4, end);
    const ascii = Buffer.from(data.subarray(0, 6)).toString('latin1');
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keep = !(isApp || marker === 0xfe) || (marker === 0xe0 && ascii.startsWith('JFIF\0')) || (marker === 0xee && ascii.startsWith('Adobe'));
    if (keep) out.push(b.subarray(pos, end));
    else removed.push(jpegSegmentName(marker, data));
    pos = end;
    if (marker === 0xda) {
      // The entropy-coded data runs to the next marker: an 0xFF that is not a stuffed byte (0xFF00) or a restart.
      const scan = nextMarker(b, pos);
      out.push(b.subarray(pos, scan));
      pos = scan;
    }
  }
  if (!ended) throw new UnreadableFile('damaged JPEG: no end-of-image marker');
  if (pos + 2 < b.length) removed.push('data after the image');
  return { mediaType: 'image/jpeg', bytes: Buffer.concat(out), removed: unique(removed), complete: true, notes: [] };
}

// ---------------------------------------------------------------------------------------------------------
// PNG

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'cICP', 'sBIT', 'bKGD', 'pHYs', 'hIST', 'acTL', 'fcTL', 'fdAT']);

export function stripPng(input: Uint8Array): Cleaned {
  const b = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!b.subarray(0, 8).equals(PNG_SIGNATURE)) throw new UnreadableFile('not a PNG file');
  const out: Buffer[] = [PNG_SIGNATURE];
  const removed: string[] = [];
  let pos = 8;
  let ended = false;
  while (pos + 12 <= b.length) {
    const length = b.readUInt32BE(pos);
    const type = b.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > b.length) throw new UnreadableFile('damaged PNG: a chunk runs past the end');
    if (crc32(b.subarray(pos + 4, pos + 8 + length)) !== b.readUInt32BE(pos + 8 + length)) throw new UnreadableFile(`damaged PNG: bad checksum in ${type}`);
    if (PNG_KEEP.has(type)) out.push(b.subarray(pos, end));
    else removed.push(type);
    pos = end;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) throw new UnreadableFile('damaged PNG: no IEND chunk');
  if (pos < b.length) removed.push('data after the image');
  return { mediaType: 'image/png', bytes: Buffer.concat(out), removed: unique(removed), complete: true, notes: [] };
}

// ---------------------------------------------------------------------------------------------------------
// PDF

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
/** PDF white space (NUL included): `~` in a pattern given to `pdfRegExp`. */
const WS = '[\\x00\\t\\n\\f\\r ]';
const pdfRegExp = (pattern: string, flags = 'g') => new RegExp(pattern.replaceAll('~', WS), flags);

/** The end (exclusive) of the literal string starting at `start` ("("). */
function literalEnd(b: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < b.length; i++) {
    const c = b[i];
    if (c === 0x5c) i++; // backslash escapes the next byte
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  throw new UnreadableFile('damaged PDF: a string is not closed');
}

/**
 * Blanks the strings of the dictionary that starts at `start` ("<<"), in place: `(text)` becomes `()` and spaces,
 * `<hex>` becomes `<>` and spaces. Returns the end of the dictionary.
 */
function blankDictionary(b: Buffer, start: number): number {
  let depth = 0;
  let i = start;
  while (i < b.length) {
    const c = byte(b, i);
    if (c === 0x3c && b[i + 1] === 0x3c) {
      depth++;
      i += 2;
    } else if (c === 0x3e && b[i + 1] === 0x3e) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else if (c === 0x28) {
      const end = literalEnd(b, i);
      b.fill(0x20, i + 2, end);
      b[i + 1] = 0x29;
      i = end;
    } else if (c === 0x3c) {
      const end = b.indexOf(0x3e, i);
      if (end < 0) throw new UnreadableFile('damaged PDF: a hex string is not closed');
      b.fill(0x20, i + 2, end + 1);
      b[i + 1] = 0x3e;
      i = end + 1;
    } else if (c === 0x25) {
      while (i < b.length && b[i] !== 0x0a && b[i] !== 0x0d) i++;
    } else i++;
  }
  throw new UnreadableFile('damaged PDF: a dictionary is not closed');
}

/** The offsets of "N G obj" (a definition of object N G, possibly several in an updated file). */
function objectStarts(text: string, num: number, gen: number): number[] {
  const starts: number[] = [];
  const re = pdfRegExp(`(^|[^0-9])${num}~+${gen}~+obj(?![A-Za-z])`);
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + (m[1] ?? '').length);
  return starts;
}

/** The start of the dictionary of the object defined at `at`, or -1. */
function dictionaryAfter(b: Buffer, at: number): number {
  let i = b.indexOf('obj', at, 'latin1') + 3;
  while (i < b.length && isSpace(byte(b, i))) i++;
  return b[i] === 0x3c && b[i + 1] === 0x3c ? i : -1;
}

/** A zlib stream of exactly `length` bytes that inflates to spaces (stored blocks), for a Flate metadata stream. */
function zlibBlank(length: number): Buffer | null {
  const blocks = Math.max(1, Math.ceil((length - 6) / 65_540));
  const content = length - 6 - 5 * blocks;
  if (content < 0) return null;
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  let left = content;
  for (let i = 0; i < blocks; i++) {
    const n = i === blocks - 1 ? left : Math.min(left, 65_535);
    if (n > 65_535) return null;
    left -= n;
    parts.push(Buffer.from([i === blocks - 1 ? 1 : 0, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff]), Buffer.alloc(n, 0x20));
  }
  // Adler-32 of `content` spaces.
  let a = 1;
  let s = 0;
  for (let i = 0; i < content; i++) {
    a = (a + 0x20) % 65_521;
    s = (s + a) % 65_521;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((s << 16) | a) >>> 0);
  parts.push(adler);
  const out = Buffer.concat(parts);
  return out.length === length ? out : null;
}

export function stripPdf(input: Uint8Array): Cleaned {
  const b = Buffer.from(input); // a copy: cleaned in place
  const text = b.toString('latin1');
  const removed: string[] = [];
  const notes: { th: string; en: string }[] = [];
  if (/\/Encrypt[\s/<]/.test(text) || /\/Encrypt\s+\d+\s+\d+\s+R/.test(text)) {
    return {
      mediaType: 'application/pdf',
      bytes: b,
      removed: [],
      complete: false,
      notes: [{ th: 'แฟ้ม PDF นี้ถูกเข้ารหัสไว้ จึงลบข้อมูลกำกับ (ชื่อผู้สร้าง วันที่ โปรแกรม) ไม่ได้', en: 'this PDF is encrypted: its metadata (author, dates, program) could not be removed' }],
    };
  }

  // Document information dictionaries named by any trailer (or cross-reference stream).
  const infos = new Set<string>();
  for (const m of text.matchAll(pdfRegExp('/Info~+(\\d+)~+(\\d+)~+R'))) infos.add(`${m[1]} ${m[2]}`);
  let infoLeft = false;
  for (const ref of infos) {
    const [num, gen] = ref.split(' ').map(Number) as [number, number];
    const starts = objectStarts(text, num, gen);
    let found = false;
    for (const at of starts) {
      const dict = dictionaryAfter(b, at);
      if (dict < 0) continue;
      blankDictionary(b, dict);
      found = true;
    }
    if (found) removed.push('PDF Info');
    else infoLeft = true;
  }
  if (infoLeft) {
    notes.push({
      th: 'ข้อมูลกำกับของแฟ้ม PDF นี้ (ชื่อผู้สร้าง วันที่ โปรแกรม) อยู่ในส่วนที่บีบอัดไว้ จึงลบออกไม่ได้',
      en: "this PDF keeps its document information (author, dates, program) in a compressed object stream: it could not be removed",
    });
  }

  // XMP metadata streams (streams are never inside object streams, so every one is found here).
  let metadataLeft = false;
  const objects = [...text.matchAll(pdfRegExp('(?:^|[^0-9])\\d+~+\\d+~+obj(?![A-Za-z])'))].map((m) => m.index);
  for (const m of text.matchAll(pdfRegExp('/Type~*/Metadata(?![A-Za-z])'))) {
    const objAt = objects.filter((at) => at < m.index).at(-1);
    if (objAt === undefined) continue;
    const dict = dictionaryAfter(b, objAt);
    if (dict < 0 || dict > m.index) continue;
    const dictEnd = blankDictionaryEnd(b, dict);
    if (dictEnd < m.index) continue;
    const header = text.slice(dict, dictEnd);
    if (!pdfRegExp('/Subtype~*/XML', '').test(header)) continue;
    let data = dictEnd;
    while (data < b.length && isSpace(byte(b, data))) data++;
    if (text.slice(data, data + 6) !== 'stream') continue;
    data += 6;
    if (b[data] === 0x0d && b[data + 1] === 0x0a) data += 2;
    else if (b[data] === 0x0a || b[data] === 0x0d) data += 1;
    const end = streamEnd(text, b, header, data);
    if (end < 0) {
      metadataLeft = true;
      continue;
    }
    const filter = pdfRegExp('/Filter~*(\\[[^\\]]*\\]|/[A-Za-z0-9]+)', '').exec(header)?.[1]?.replace(/[[\]\s]/g, '') ?? '';
    const blank = filter === '/FlateDecode' ? zlibBlank(end - data) : null;
    if (filter === '') b.fill(0x20, data, end);
    else if (filter === '/FlateDecode' && blank) blank.copy(b, data);
    else {
      metadataLeft = true;
      continue;
    }
    removed.push('XMP');
  }
  if (metadataLeft) {
    notes.push({ th: 'ข้อมูล XMP บางส่วนในแฟ้ม PDF นี้ลบออกไม่ได้', en: 'some XMP metadata in this PDF could not be removed' });
  }

  // File identifiers (two hex strings in a trailer): zeroed, the same length.
  for (const m of text.matchAll(pdfRegExp('/ID~*\\[~*<[0-9A-Fa-f\\s]*>~*<[0-9A-Fa-f\\s]*>~*\\]'))) {
    for (let i = m.index + 3; i < m.index + m[0].length; i++) {
      const c = byte(b, i);
      if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) b[i] = 0x30;
    }
    removed.push('PDF ID');
  }
  return { mediaType: 'application/pdf', bytes: b, removed: unique(removed), complete: !infoLeft && !metadataLeft, notes };
}

/** The end of the dictionary at `start` without changing it. */
function blankDictionaryEnd(b: Buffer, start: number): number {
  const copy = Buffer.from(b.subarray(start, Math.min(b.length, start + 1_000_000)));
  return start + blankDictionary(copy, 0);
}

/** The end (exclusive) of a stream's data that starts at `data`: by a direct /Length, else before "endstream". */
function streamEnd(text: string, b: Buffer, header: string, data: number): number {
  const direct = pdfRegExp('/Length~+(\\d+)(?!~+\\d+~+R)', '').exec(header);
  if (direct) {
    const end = data + Number(direct[1]);
    if (end <= b.length && /^[\r\n]*endstream/.test(text.slice(end, end + 12))) return end;
  }
  let end = text.indexOf('endstream', data);
  if (end < 0) return -1;
  if (b[end - 1] === 0x0a) end--;
  if (b[end - 1] === 0x0d) end--;
  return end;
}

// Exported for the tests.
export const pdfInternals = { zlibBlank };
