/**
 * Sets the document information (Title, Author, Subject, Creator) of a PDF printed by Chromium. Chromium writes
 * Title (from <title>) and, for a tagged PDF, /Lang in the catalogue (from <html lang>), but no Author. Rather
 * than rewrite the file, this appends a PDF incremental update (ISO 32000-1 §7.5.6): a new version of the Info
 * dictionary, a one-entry cross-reference section and a trailer pointing back to the previous one. The bytes
 * Chromium wrote are not touched, so the update cannot damage the pages. Pure.
 *
 * Only a classic cross-reference table (what Skia writes) is handled; any other layout is returned unchanged.
 */

export interface PdfInfo {
  readonly title: string;
  readonly author: string;
  readonly subject?: string;
  readonly creator?: string;
}

/** A PDF text string in UTF-16BE with its byte-order mark, as hex: <FEFF...>. */
function pdfText(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** The offset of object `num` in the classic xref section at `xrefOffset`, or null. */
function objectOffset(latin1: string, xrefOffset: number, num: number): number | null {
  if (!latin1.startsWith('xref', xrefOffset)) return null;
  const section = /xref\s+([\s\S]*?)trailer/y;
  section.lastIndex = xrefOffset;
  const match = section.exec(latin1);
  if (!match?.[1]) return null;
  const lines = match[1].split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean);
  let i = 0;
  while (i < lines.length) {
    const [first, count] = (lines[i] as string).split(/\s+/).map(Number);
    if (first === undefined || count === undefined || Number.isNaN(first) || Number.isNaN(count)) return null;
    if (num >= first && num < first + count) {
      const entry = lines[i + 1 + (num - first)];
      const offset = entry?.match(/^(\d{10}) \d{5} n$/)?.[1];
      return offset === undefined ? null : Number(offset);
    }
    i += 1 + count;
  }
  return null;
}

export function withPdfInfo(pdf: Uint8Array, info: PdfInfo): Buffer {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const latin1 = bytes.toString('latin1');
  const startxref = [...latin1.matchAll(/startxref\s+(\d+)\s+%%EOF/g)].at(-1);
  const trailerAt = latin1.lastIndexOf('trailer');
  if (!startxref?.[1] || trailerAt < 0) return bytes;
  const prev = Number(startxref[1]);
  const trailer = latin1.slice(trailerAt, startxref.index);
  const size = Number(trailer.match(/\/Size\s+(\d+)/)?.[1]);
  const root = trailer.match(/\/Root\s+(\d+\s+\d+\s+R)/)?.[1];
  const id = trailer.match(/\/ID\s*(\[[^\]]*\])/)?.[1];
  if (!Number.isInteger(size) || !root) return bytes;

  // Keep what Chromium recorded about the making of the file.
  const oldInfo = trailer.match(/\/Info\s+(\d+)\s+(\d+)\s+R/);
  let kept = '';
  let num = size;
  if (oldInfo?.[1] && oldInfo[2] === '0') {
    num = Number(oldInfo[1]);
    const at = objectOffset(latin1, prev, num);
    const end = at === null ? -1 : latin1.indexOf('endobj', at);
    if (at === null || end < 0) return bytes;
    const old = latin1.slice(at, end);
    for (const key of ['Producer', 'CreationDate', 'ModDate']) {
      const value = old.match(new RegExp(`/${key}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>)`))?.[1];
      if (value) kept += `/${key} ${value}\n`;
    }
  }
  const dict =
    `<</Title ${pdfText(info.title)}\n/Author ${pdfText(info.author)}\n` +
    (info.subject ? `/Subject ${pdfText(info.subject)}\n` : '') +
    (info.creator ? `/Creator ${pdfText(info.creator)}\n` : '') +
    `${kept}>>`;
  const head = bytes.at(-1) === 0x0a ? '' : '\n';
  const objectAt = bytes.length + head.length;
  const object = `${num} 0 obj\n${dict}\nendobj\n`;
  const xrefAt = objectAt + Buffer.byteLength(object, 'latin1');
  const newSize = Math.max(size, num + 1);
  const update =
    head +
    object +
    `xref\n${num} 1\n${String(objectAt).padStart(10, '0')} 00000 n \n` +
    `trailer\n<</Size ${newSize}\n/Root ${root}\n/Info ${num} 0 R\n/Prev ${prev}${id ? `\n/ID ${id}` : ''}>>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([bytes, Buffer.from(update, 'latin1')]);
}
