/**
 * The text of a fetched page or document, for the OIT pre-audit's checks: HTML (htmlparser2: visible text, title,
 * links resolved against the page's base), PDF (poppler's pdftotext and pdfinfo: pdfjs-dist loses SARA AM and
 * tone marks of the PDFs Chromium prints, see docs/preaudit.md), DOCX (word/document.xml and docProps/core.xml
 * read with yauzl), XLSX (exceljs cell texts), images (no text: scanned). Bounded: a PDF's first MAX_PDF_PAGES
 * pages, MAX_TEXT characters of text, a zip that unpacks to at most MAX_UNPACKED bytes, a time limit per tool.
 * A broken file gives a message in `problem`, never a throw.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Parser } from 'htmlparser2';
import yauzl from 'yauzl';
import type { Message } from '../messages.ts';
import { extractMessages } from './extract-messages.ts';

export type DocKind = 'html' | 'pdf' | 'docx' | 'xlsx' | 'image' | 'other';

export interface ExtractedLink {
  readonly href: string;
  readonly label: string;
}

export interface Extracted {
  readonly kind: DocKind;
  /** NFC, Thai as read; '' when none. */
  readonly text: string;
  /** <title>, the PDF's Title, the DOCX/XLSX core title. */
  readonly title: string | null;
  /** HTML only: http(s), absolute, without #fragment, deduplicated, in page order. */
  readonly links: readonly ExtractedLink[];
  /** PDF: its page count. */
  readonly pages: number | null;
  /** A PDF whose pages carry no text, or an image: "เอกสารเป็นภาพสแกน ตรวจข้อความไม่ได้". */
  readonly scanned: boolean;
  /** Document dates where the format has them (PDF CreationDate/ModDate, DOCX/XLSX core properties), ISO. */
  readonly dates: readonly string[];
  /** A broken file: what is wrong, in Thai and English. */
  readonly problem: Message | null;
}

/** At most this many characters of text are kept. */
export const MAX_TEXT = 2_000_000;
/** A PDF's text is read from its first pages only. */
export const MAX_PDF_PAGES = 300;
/** A DOCX or XLSX may unpack to at most this (a zip bomb is refused before unpacking). */
export const MAX_UNPACKED = 100 * 1024 * 1024;
/** Each poppler run and each spreadsheet has this long. */
export const TOOL_TIMEOUT_MS = 30_000;

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const empty = (kind: DocKind, problem: Message | null = null): Extracted => ({
  kind,
  text: '',
  title: null,
  links: [],
  pages: null,
  scanned: kind === 'image',
  dates: [],
  problem,
});

/** NFC, capped, lines trimmed, runs of spaces and blank lines collapsed (tabs, between cells, kept). */
function tidy(text: string): string {
  return text
    .slice(0, MAX_TEXT * 2)
    .normalize('NFC')
    .replace(/\r\n?|\f/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_TEXT);
}

const oneLine = (text: string): string => text.normalize('NFC').replace(/\s+/g, ' ').trim();

const isoDate = (value: string): string | null => {
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

const urlOrNull = (href: string, base?: string | URL): URL | null => {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
};

// --- kind ---

const TYPE_KINDS: Readonly<Record<string, DocKind>> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  [DOCX_TYPE]: 'docx',
  [XLSX_TYPE]: 'xlsx',
};

const EXTENSION_KINDS: Readonly<Record<string, DocKind>> = {
  html: 'html', htm: 'html', php: 'html', asp: 'html', aspx: 'html', jsp: 'html',
  pdf: 'pdf', docx: 'docx', xlsx: 'xlsx',
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image', tif: 'image', tiff: 'image', bmp: 'image',
};

const mediaType = (contentType: string | null): string => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** The kind a content type names; null for none or a generic one (octet-stream, zip, text/plain, download). */
function kindOfType(contentType: string | null): DocKind | null {
  const type = mediaType(contentType);
  if (type.startsWith('image/')) return 'image';
  return TYPE_KINDS[type] ?? null;
}

function kindOfExtension(url: string): DocKind | null {
  const path = urlOrNull(url)?.pathname ?? '';
  const ext = path.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return ext ? (EXTENSION_KINDS[ext] ?? null) : null;
}

const isZip = (body: Buffer) => body.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

/** The kind the first bytes show (a zip is looked into: word/ is DOCX, xl/ is XLSX). */
async function kindOfBytes(body: Buffer): Promise<DocKind | null> {
  if (body.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (isZip(body)) {
    const zip = await readZip(body, () => false).catch(() => null);
    if (zip?.names.includes('word/document.xml')) return 'docx';
    if (zip?.names.includes('xl/workbook.xml')) return 'xlsx';
    return null;
  }
  const head = body.subarray(0, 12);
  const magic = head.toString('latin1');
  if (magic.startsWith('\x89PNG') || magic.startsWith('\xff\xd8\xff') || magic.startsWith('GIF8') || magic.startsWith('BM')) return 'image';
  if ((magic.startsWith('RIFF') && magic.slice(8, 12) === 'WEBP') || magic.startsWith('II*\0') || magic.startsWith('MM\0*')) return 'image';
  const start = body.subarray(0, 1024).toString('latin1').toLowerCase();
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<!doctype html/.test(start) || /<html[\s>]/.test(start)) return 'html';
  return null;
}

// --- zip (DOCX, XLSX) ---

interface Zip {
  readonly names: readonly string[];
  readonly unpacked: number;
  readonly files: ReadonlyMap<string, Buffer>;
}

/** The zip's entry names, its declared unpacked size, and the entries `want` asks for (when that size is allowed). */
function readZip(body: Buffer, want: (name: string) => boolean): Promise<Zip> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(body, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const names: string[] = [];
      const files = new Map<string, Buffer>();
      let unpacked = 0;
      zip.on('error', reject);
      zip.on('end', () => resolve({ names, unpacked, files }));
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        unpacked += entry.uncompressedSize;
        // yauzl checks the declared size against the bytes as they unpack, so the cap holds for a lying zip too.
        if (!want(entry.fileName) || unpacked > MAX_UNPACKED) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** The text of an XML part: `text` elements' contents, `breaks` elements as line ends. */
function xmlText(xml: Buffer, text: ReadonlySet<string>, breaks: ReadonlySet<string>, tab: string | null): string {
  const out: string[] = [];
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (text.has(name)) depth++;
        else if (name === tab) out.push('\t');
      },
      ontext(data) {
        if (depth > 0) out.push(data);
      },
      onclosetag(name) {
        if (text.has(name)) depth = Math.max(0, depth - 1);
        else if (breaks.has(name)) out.push('\n');
      },
    },
    { xmlMode: true },
  );
  parser.end(xml.toString('utf8'));
  return out.join('');
}

/** The title and dates of docProps/core.xml. */
function coreProperties(xml: Buffer | undefined): { title: string | null; dates: string[] } {
  if (!xml) return { title: null, dates: [] };
  const title = oneLine(xmlText(xml, new Set(['dc:title']), new Set(), null)) || null;
  const dates = ['dcterms:created', 'dcterms:modified']
    .map((name) => isoDate(xmlText(xml, new Set([name]), new Set(), null)))
    .filter((d): d is string => d !== null);
  return { title, dates };
}

const DOCX_PARTS = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes)\.xml$/;

async function extractDocx(body: Buffer): Promise<Extracted> {
  const zip = await readZip(body, (name) => DOCX_PARTS.test(name) || name === 'docProps/core.xml').catch(() => null);
  if (!zip) return empty('docx', extractMessages.zipBroken({ kind: 'DOCX' }));
  if (zip.unpacked > MAX_UNPACKED) return empty('docx', extractMessages.zipTooLarge({ kind: 'DOCX' }));
  const document = zip.files.get('word/document.xml');
  if (!document) return empty('docx', extractMessages.zipBroken({ kind: 'DOCX' }));
  const parts = [document, ...[...zip.files].filter(([n]) => n !== 'word/document.xml' && n.startsWith('word/')).map(([, b]) => b)];
  const text = parts.map((part) => xmlText(part, new Set(['w:t']), new Set(['w:p', 'w:br', 'w:cr']), 'w:tab')).join('\n');
  const core = coreProperties(zip.files.get('docProps/core.xml'));
  return { ...empty('docx'), text: tidy(text), title: core.title, dates: core.dates };
}

async function extractXlsx(body: Buffer): Promise<Extracted> {
  const zip = await readZip(body, () => false).catch(() => null);
  if (!zip?.names.includes('xl/workbook.xml')) return empty('xlsx', extractMessages.zipBroken({ kind: 'XLSX' }));
  if (zip.unpacked > MAX_UNPACKED) return empty('xlsx', extractMessages.zipTooLarge({ kind: 'XLSX' }));
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch {
    return empty('xlsx', extractMessages.zipBroken({ kind: 'XLSX' }));
  }
  const lines: string[] = [];
  let size = 0;
  for (const sheet of workbook.worksheets) {
    lines.push(sheet.name);
    sheet.eachRow({ includeEmpty: false }, (row) => {
      if (size > MAX_TEXT) return;
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells.push(cell.text);
      });
      const line = cells.join('\t');
      size += line.length + 1;
      lines.push(line);
    });
  }
  const dates = [workbook.created, workbook.modified].filter((d): d is Date => d instanceof Date && !Number.isNaN(d.getTime())).map((d) => d.toISOString());
  return { ...empty('xlsx'), text: tidy(lines.join('\n')), title: workbook.title ? oneLine(workbook.title) || null : null, dates };
}

// --- PDF (poppler) ---

interface Run {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly missing: boolean;
  readonly timedOut: boolean;
}

/** Runs a tool with a time limit, keeping at most `cap` bytes of its output (it is stopped beyond). */
function run(command: string, args: readonly string[], cap: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TOOL_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      if (size >= cap) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size >= cap) child.kill('SIGKILL');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: Buffer.alloc(0), missing: err.code === 'ENOENT', timedOut: false });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(chunks).subarray(0, cap);
      // Stopped at the cap: the text read so far is the text.
      resolve({ code: size >= cap ? 0 : code, stdout, missing: false, timedOut });
    });
  });
}

const pdfFailure = (r: Run): Message | null =>
  r.missing ? extractMessages.pdfTool() : r.timedOut ? extractMessages.tooSlow({ kind: 'PDF' }) : r.code !== 0 ? extractMessages.pdfBroken() : null;

/** pdfinfo's "Key:   value" lines. */
function infoFields(out: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = line.match(/^([A-Za-z ]+):\s*(.*)$/);
    if (m?.[1] && m[2] !== undefined && !fields.has(m[1])) fields.set(m[1], m[2].trim());
  }
  return fields;
}

async function extractPdf(body: Buffer): Promise<Extracted> {
  const dir = await mkdtemp(join(tmpdir(), 'prongsai-extract-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, body);
    const info = await run('pdfinfo', ['-enc', 'UTF-8', '-isodates', file], 1024 * 1024);
    const infoProblem = pdfFailure(info);
    if (infoProblem) return empty('pdf', infoProblem);
    const fields = infoFields(info.stdout.toString('utf8'));
    const pages = Number(fields.get('Pages'));
    const out = await run('pdftotext', ['-q', '-enc', 'UTF-8', '-l', String(MAX_PDF_PAGES), file, '-'], MAX_TEXT * 4);
    const textProblem = pdfFailure(out);
    if (textProblem) return { ...empty('pdf', textProblem), pages: Number.isInteger(pages) ? pages : null };
    const text = tidy(out.stdout.toString('utf8'));
    const dates = ['CreationDate', 'ModDate'].map((k) => fields.get(k)).filter((v): v is string => !!v).map(isoDate).filter((d): d is string => d !== null);
    return {
      ...empty('pdf'),
      text,
      title: oneLine(fields.get('Title') ?? '') || null,
      pages: Number.isInteger(pages) ? pages : null,
      scanned: pages > 0 && !/[\p{L}\p{N}]/u.test(text),
      dates: [...new Set(dates)],
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// --- HTML ---

/** The page's character set: the content type's, a BOM, a <meta charset>; else UTF-8. TIS-620 is windows-874. */
function decodeHtml(body: Buffer, contentType: string | null): string {
  const fromType = contentType?.match(/charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
  const bom = body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 'utf-8' : undefined;
  const fromMeta = body.subarray(0, 4096).toString('latin1').match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
  for (const label of [bom, fromType, fromMeta]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // an unknown label: try the next
    }
  }
  return new TextDecoder('utf-8').decode(body);
}

/** Not shown in the page (the title is read on its own). */
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'title']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tr', 'ul', 'option',
]);
const CELLS = new Set(['td', 'th']);
/** Where a page names another document: a link, or a PDF shown inside the page (common on local government sites). */
const EMBEDS: Readonly<Record<string, string>> = { iframe: 'src', embed: 'src', object: 'data' };

function extractHtml(body: Buffer, contentType: string | null, url: string): Extracted {
  const out: string[] = [];
  let size = 0;
  let hidden = 0;
  let title: string | null = null;
  let inTitle = false;
  let titleText = '';
  let base: string | null = null;
  const raw: { href: string; label: string }[] = [];
  let anchor: { href: string; label: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title' && title === null) inTitle = true;
        if (name === 'base' && base === null && attrs.href) base = attrs.href;
        if (HIDDEN.has(name)) hidden++;
        if (BLOCKS.has(name)) out.push('\n');
        if (CELLS.has(name)) out.push(' ');
        if (name === 'a') {
          anchor = attrs.href !== undefined ? { href: attrs.href, label: '' } : null;
          if (anchor) raw.push(anchor);
        }
        if (name === 'img' && anchor && attrs.alt) anchor.label += ` ${attrs.alt}`;
        const attr = EMBEDS[name];
        if (attr && attrs[attr]) raw.push({ href: attrs[attr], label: attrs.title ?? '' });
      },
      ontext(data) {
        if (inTitle) titleText += data;
        if (hidden > 0) return;
        if (size > MAX_TEXT * 2) return;
        // HTML's own white space: lines come from the block elements.
        out.push(data.replace(/\s+/g, ' '));
        size += data.length;
        if (anchor) anchor.label += data;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          title = oneLine(titleText) || null;
        }
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        if (BLOCKS.has(name)) out.push('\n');
        if (name === 'a') anchor = null;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(decodeHtml(body, contentType));

  const baseUrl = urlOrNull(base ?? url, url);
  const links = new Map<string, { href: string; label: string }>();
  for (const link of raw) {
    // A link within the page (#top) names no other document.
    const href = link.href.trim().startsWith('#') ? null : urlOrNull(link.href.trim(), baseUrl ?? undefined);
    if (!href) continue;
    if (href.protocol !== 'http:' && href.protocol !== 'https:') continue;
    href.hash = '';
    const label = oneLine(link.label);
    const seen = links.get(href.href);
    if (!seen) links.set(href.href, { href: href.href, label });
    else if (!seen.label && label) seen.label = label;
  }
  return { ...empty('html'), text: tidy(out.join('')), title, links: [...links.values()] };
}

// --- the one entry ---

/** The text and what else the checks read of one fetched body. Never throws for a broken file. */
export async function extract(body: Buffer, contentType: string | null, url: string): Promise<Extracted> {
  const kind = kindOfType(contentType) ?? (await kindOfBytes(body)) ?? kindOfExtension(url) ?? 'other';
  try {
    switch (kind) {
      case 'html':
        return extractHtml(body, contentType, url);
      case 'pdf':
        return await extractPdf(body);
      case 'docx':
        return await extractDocx(body);
      case 'xlsx':
        return await extractXlsx(body);
      case 'image':
        return empty('image');
      case 'other':
        return { ...empty('other'), text: mediaType(contentType).startsWith('text/') ? tidy(body.toString('utf8')) : '' };
    }
  } catch {
    // A parser failing on a broken file it did not foresee: the file is broken, the check goes on.
    const problem =
      kind === 'pdf' ? extractMessages.pdfBroken() : kind === 'docx' || kind === 'xlsx' ? extractMessages.zipBroken({ kind: kind.toUpperCase() }) : extractMessages.unreadable();
    return empty(kind, problem);
  }
}
