/**
 * What an uploaded evidence file really is, decided by its content (magic bytes), never by its name or the type
 * the browser declared: PDF, PNG, JPEG, GIF, WebP, and Word/Excel documents (DOCX/XLSX: a ZIP whose
 * [Content_Types].xml declares the main document part, and which holds that part). Everything else is refused,
 * whatever its name says: HTML, SVG, scripts, executables, macro-enabled Office files, other archives. The name's
 * extension and the declared type must agree with the content, so that what is shown is what is stored. Pure.
 */
import { inflateRawSync } from 'node:zlib';
import { InputError } from '../errors.ts';
import { measuresMessages, UNACCEPTED, type Unaccepted } from './messages.ts';

export const FILE_KINDS = ['pdf', 'png', 'jpeg', 'gif', 'webp', 'docx', 'xlsx'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

interface KindInfo {
  readonly mediaType: string;
  readonly extensions: readonly string[];
  /** Other types browsers declare for it. */
  readonly aliases: readonly string[];
  readonly label: string;
}

export const KINDS: Readonly<Record<FileKind, KindInfo>> = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], aliases: ['application/x-pdf'], label: 'PDF' },
  png: { mediaType: 'image/png', extensions: ['png'], aliases: [], label: 'PNG' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], aliases: ['image/jpg', 'image/pjpeg'], label: 'JPEG' },
  gif: { mediaType: 'image/gif', extensions: ['gif'], aliases: [], label: 'GIF' },
  webp: { mediaType: 'image/webp', extensions: ['webp'], aliases: [], label: 'WebP' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    aliases: ['application/zip', 'application/x-zip-compressed'],
    label: 'Word (DOCX)',
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    aliases: ['application/zip', 'application/x-zip-compressed', 'application/vnd.ms-excel'],
    label: 'Excel (XLSX)',
  },
};

/** Declared types that say nothing about the content. */
const GENERIC = ['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown'];

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

// ---------------------------------------------------------------------------------------------------------
// ZIP (only as much as DOCX/XLSX need: the central directory and one small entry)

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

function zipEntries(b: Uint8Array): ZipEntry[] | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // End of central directory: 22 bytes, after which only a comment of up to 65,535 bytes.
  for (let eocd = b.length - 22; eocd >= Math.max(0, b.length - 22 - 65535); eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const count = view.getUint16(eocd + 10, true);
    const dirOffset = view.getUint32(eocd + 16, true);
    const entries: ZipEntry[] = [];
    let p = dirOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > b.length || view.getUint32(p, true) !== 0x02014b50) return null;
      const nameLength = view.getUint16(p + 28, true);
      entries.push({
        method: view.getUint16(p + 10, true),
        compressedSize: view.getUint32(p + 20, true),
        size: view.getUint32(p + 24, true),
        localOffset: view.getUint32(p + 42, true),
        name: new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLength)),
      });
      p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return entries;
  }
  return null;
}

/** The text of a small entry (at most 1 MB unpacked: a content-types part is a few kilobytes). */
function zipText(b: Uint8Array, e: ZipEntry): string | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (e.localOffset + 30 > b.length || view.getUint32(e.localOffset, true) !== 0x04034b50 || e.size > 1 << 20) return null;
  const start = e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
  const data = b.subarray(start, start + e.compressedSize);
  try {
    if (e.method === 0) return new TextDecoder().decode(data);
    if (e.method === 8) return new TextDecoder().decode(inflateRawSync(data, { maxOutputLength: 1 << 20 }));
  } catch {
    return null;
  }
  return null;
}

/** DOCX or XLSX when the ZIP is one, without macros; what it is otherwise. */
function officeKind(b: Uint8Array): FileKind | Unaccepted {
  const entries = zipEntries(b);
  if (!entries) return 'zipUnreadable';
  const names = new Set(entries.map((e) => e.name));
  const types = entries.find((e) => e.name === '[Content_Types].xml');
  const text = types ? zipText(b, types) : null;
  if (text === null) return 'zipNotOffice';
  if (/macroEnabled/i.test(text) || [...names].some((n) => /vbaProject\.bin$/i.test(n))) return 'officeMacros';
  if (text.includes('wordprocessingml.document.main+xml') && names.has('word/document.xml')) return 'docx';
  if (text.includes('spreadsheetml.sheet.main+xml') && names.has('xl/workbook.xml')) return 'xlsx';
  return 'zipOther';
}

const isKind = (found: FileKind | Unaccepted): found is FileKind => (FILE_KINDS as readonly string[]).includes(found);

/** The kind of the content, or what it is when it is not one we take. */
function contentOf(b: Uint8Array): FileKind | Unaccepted {
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return officeKind(b);
  if (startsWith(b, [0x4d, 0x5a])) return 'exe';
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'elf';
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((s) => startsWith(b, s))) return 'machO';
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0])) return 'oldOffice';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (head.startsWith('#!')) return 'script';
  if (/<svg[\s>]/.test(head)) return 'svg';
  if (/^<(?:!doctype html|html|head|body|script|iframe|meta)[\s>]/.test(head) || /<script[\s>]/.test(head)) return 'html';
  if (head.startsWith('<?xml')) return 'xml';
  return 'unknown';
}

/** The kind of the content, or what it is said to be ("ไทย / English", for people) when it is not one we take. */
export function sniff(b: Uint8Array): FileKind | { what: string } {
  const found = contentOf(b);
  return isKind(found) ? found : { what: `${UNACCEPTED[found].th} / ${UNACCEPTED[found].en}` };
}

/** A file name safe to store and to show: no folders, no control characters, at most 255 characters. */
export function cleanFilename(raw: string): string {
  const base = (raw.split(/[/\\]/).pop() ?? '').normalize('NFC').replace(/[\p{Cc}"]/gu, '').replace(/\s+/g, ' ').trim();
  if (base.length <= 255) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, 255 - ext.length) + ext;
}

export interface CheckedFile {
  readonly kind: FileKind;
  readonly mediaType: string;
  /** The cleaned name, with the right extension added when it had none. */
  readonly filename: string;
}

/**
 * Checks an upload: not empty, not larger than `maxBytes`, a content of a kind we take, with a name and a
 * declared type that agree with it. @throws InputError saying what is wrong, in Thai and English.
 */
export function checkFile(bytes: Uint8Array, rawName: string, declaredType: string | null, maxBytes: number): CheckedFile {
  if (bytes.length === 0) throw new InputError('file', measuresMessages.fileEmpty());
  if (bytes.length > maxBytes) throw new InputError('file', measuresMessages.fileTooLarge({ size: bytes.length, max: maxBytes }));
  const found = contentOf(bytes);
  if (!isKind(found)) throw new InputError('file', measuresMessages.contentRefused({ what: found }));
  const info = KINDS[found];
  const name = cleanFilename(rawName);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (ext !== '' && !info.extensions.includes(ext)) {
    throw new InputError('filename', measuresMessages.extensionDisagrees({ ext, label: info.label, want: info.extensions[0] ?? '' }));
  }
  const declared = ((declaredType ?? '').split(';')[0] ?? '').trim().toLowerCase();
  if (!GENERIC.includes(declared) && declared !== info.mediaType && !info.aliases.includes(declared)) {
    throw new InputError('declaredType', measuresMessages.declaredDisagrees({ declared, label: info.label }));
  }
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return { kind: found, mediaType: info.mediaType, filename: `${stem || 'evidence'}.${ext || info.extensions[0]}` };
}

/** The media type to send a stored file with: one we take, checked again by content; anything else as bytes. */
export function safeMediaType(bytes: Uint8Array): string {
  const found = contentOf(bytes);
  return isKind(found) ? KINDS[found].mediaType : 'application/octet-stream';
}

/** Content-Disposition for a download: always an attachment; the Thai name in filename*, an ASCII one beside it. */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'evidence';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
