/**
 * Table column widths from the content. A Thai line may end only between words, so the longest unbreakable piece
 * of a column — a word of ICU's dictionary (Intl.Segmenter('th')) or a protected phrase (src/thai/phrases.ts), at
 * the cell's font size, header words too — sets the column's minimum; the model's widths (Column.width) are the
 * preferred shares, adjusted so that every minimum fits. Where they can, headers also get the width that keeps
 * them to two lines ("ระยะเวลา" / "ดำเนินการ").
 *
 * Text is measured with the advance widths of the Sarabun TTF files the PDF embeds (fonts.ts), read with fontkit;
 * Thai marks above and below have no advance, so the sum of a text's advances is its width. The HTML renderer and
 * the DOCX renderer use the same widths. Pure apart from reading the two font files once.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { phraseSplitter, segmentWords, type DigitStyle, type PhraseRun, type PhraseSplitter } from '../../thai/index.ts';
import { digitsIn } from './digits.ts';
import { FONT_FILES } from './fonts.ts';
import { A4, BODY_PT, DEFAULT_LAYOUT, TABLE_PT, sarabunPt, type PageLayout } from './layout.ts';
import type { Table } from './model.ts';

const require = createRequire(import.meta.url);
const POINTS_PER_CM = 72 / 2.54;

/** A cell's horizontal padding and border in points, as html.tsx draws them (padding 3pt each side, .75pt rule). */
export const CELL_EXTRA_PT = 3 + 3 + 0.75;
/** Room for what the sum of advances does not see (rounding of shaped glyph positions). */
const SLACK_PT = 1;
/** The gap between a list marker and its text (html.tsx: .li gap .3em). */
const MARKER_GAP_EM = 0.3;

interface Face {
  readonly unitsPerEm: number;
  readonly advance: (codePoint: number) => number;
}

let faces: { readonly regular: Face; readonly bold: Face } | null = null;

function face(file: string): Face {
  const font = fontkit.create(readFileSync(require.resolve(file)));
  if (!('glyphForCodePoint' in font)) throw new Error(`${file} is a font collection, not one font`);
  const advances = new Map<number, number>();
  return {
    unitsPerEm: font.unitsPerEm,
    advance: (cp) => {
      let a = advances.get(cp);
      if (a === undefined) {
        a = font.glyphForCodePoint(cp).advanceWidth;
        advances.set(cp, a);
      }
      return a;
    },
  };
}

function sarabun(bold: boolean): Face {
  faces ??= { regular: face(FONT_FILES.body), bold: face(FONT_FILES.bold) };
  return bold ? faces.bold : faces.regular;
}

/** The width in points of `text` in Sarabun at `sizePt` (CSS points), regular or bold. */
export function textWidthPt(text: string, sizePt: number, bold = false): number {
  const f = sarabun(bold);
  let units = 0;
  for (const ch of text) units += f.advance(ch.codePointAt(0) as number);
  return (units / f.unitsPerEm) * sizePt;
}

/** A piece of text that is never broken, and whether a space separates it from the piece before. */
interface Piece {
  readonly text: string;
  readonly spaceBefore: boolean;
}

/** Opening punctuation stays with the word after it; other punctuation with the word before it. */
const OPENING = /^[([{"'“‘]+$/u;

/** Dictionary segments of the plain texts seen lately (a document repeats its words): segmenting is the slow part. */
const segmentCache = new Map<string, readonly string[]>();

function segmentsOf(text: string): readonly string[] {
  return remembered(segmentCache, text, 10_000, () => segmentWords(text, { mode: 'all' }));
}

/**
 * The unbreakable pieces of some runs: protected runs whole (or, with `keep` false, cut like plain text), plain
 * runs cut into dictionary words, runs that may wrap anywhere into letters.
 */
export function unbreakablePieces(runs: readonly PhraseRun[], keep = true): Piece[] {
  const pieces: { text: string; spaceBefore: boolean }[] = [];
  let space = false;
  let glue = false;
  const add = (text: string, attach: boolean) => {
    const last = pieces.at(-1);
    if (last && !space && (attach || glue)) last.text += text;
    else pieces.push({ text, spaceBefore: space });
    space = false;
    glue = false;
  };
  for (const run of runs) {
    if (run.kind === 'keep' && keep) add(run.text, false);
    else if (run.kind === 'wrap') for (const ch of run.text) add(ch, false);
    else {
      for (const segment of segmentsOf(run.text)) {
        if (/^\s+$/u.test(segment)) space = true;
        else if (OPENING.test(segment)) {
          add(segment, false);
          glue = true;
        } else add(segment, !/[\p{L}\p{N}]/u.test(segment));
      }
    }
  }
  return pieces;
}

interface Sized {
  readonly width: number;
  readonly space: number;
}

function sized(pieces: readonly Piece[], sizePt: number, bold: boolean): Sized[] {
  const space = textWidthPt(' ', sizePt, bold);
  return pieces.map((p) => ({ width: textWidthPt(p.text, sizePt, bold), space: p.spaceBefore ? space : 0 }));
}

/** How many lines the pieces take when filled greedily into `widthPt`. */
function lineCount(pieces: readonly Sized[], widthPt: number): number {
  let lines = 1;
  let used = 0;
  for (const p of pieces) {
    const next = used + (used > 0 ? p.space : 0) + p.width;
    if (used > 0 && next > widthPt) {
      lines += 1;
      used = p.width;
    } else used = next;
  }
  return lines;
}

const widest = (pieces: readonly Sized[]) => Math.max(0, ...pieces.map((p) => p.width));

/** The narrowest width (to a quarter point) at which the pieces take at most two lines. */
function twoLineWidth(pieces: readonly Sized[]): number {
  let low = widest(pieces);
  let high = pieces.reduce((sum, p) => sum + p.width + p.space, 0);
  if (lineCount(pieces, low) <= 2) return low;
  while (high - low > 0.25) {
    const mid = (low + high) / 2;
    if (lineCount(pieces, mid) <= 2) high = mid;
    else low = mid;
  }
  return high;
}

const NO_PHRASES: readonly string[] = [];
/** How much wider than its preferred share a column may grow to keep its protected phrases whole. */
const PHRASE_GROWTH = 1.5;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The preferred widths adjusted so that no column is under its minimum; null when the minimums do not fit. The
 * width that columns raised to their minimums need is taken from the others in proportion to `give` (default:
 * their preferred widths, so they keep their proportions).
 */
export function fitWidths(preferred: readonly number[], mins: readonly number[], total: number, give: readonly number[] = preferred): number[] | null {
  if (sum(mins) > total) return null;
  const fixed = new Set<number>();
  for (;;) {
    const free = preferred.flatMap((_, i) => (fixed.has(i) ? [] : [i]));
    if (free.length === 0) {
      // Every column is at its minimum: the rest goes to them in their preferred shares.
      const all = sum(preferred);
      return mins.map((m, i) => m + ((total - sum(mins)) * (preferred[i] as number)) / all);
    }
    const at = (xs: readonly number[], i: number) => xs[i] as number;
    // What the free columns give up for the fixed ones (negative: room they share out in their preferred shares).
    const deficit = sum([...fixed].map((i) => at(mins, i))) + sum(free.map((i) => at(preferred, i))) - total;
    const weights = deficit > 0 && sum(free.map((i) => at(give, i))) > 0 ? give : preferred;
    const weight = sum(free.map((i) => at(weights, i)));
    const widths = preferred.map((p, i) => (fixed.has(i) ? at(mins, i) : p - (deficit * at(weights, i)) / weight));
    const under = widths.flatMap((w, i) => (!fixed.has(i) && w < at(mins, i) ? [i] : []));
    if (under.length === 0) return widths;
    for (const i of under) fixed.add(i);
  }
}

export interface ColumnWidthOptions {
  readonly layout?: PageLayout;
  readonly digits?: DigitStyle;
  /** The document's phrase splitter (its organisation's names); default: one made from `phrases`. */
  readonly split?: PhraseSplitter;
  /** The document's own phrases (DocumentModel.phrases), when no splitter is given. */
  readonly phrases?: readonly string[];
}

/**
 * `cache`'s value for `key`, made by `make` the first time; a cache that reaches `limit` entries starts again
 * (documents are rendered again and again with the same texts: what is measured or split once is kept).
 */
export function remembered<K, V>(cache: Map<K, V>, key: K, limit: number, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= limit) cache.clear();
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** The caches of one splitter (a document's phrases): a new splitter starts with empty ones. */
export function cacheOf<V>(caches: WeakMap<PhraseSplitter, Map<string, V>>, split: PhraseSplitter): Map<string, V> {
  let cache = caches.get(split);
  if (!cache) caches.set(split, (cache = new Map()));
  return cache;
}

/** Splitters made for lists of phrases, so that every table and every render of a document share one. */
const splitters = new Map<string, PhraseSplitter>();

/** The phrase splitter of a document's own phrases (DocumentModel.phrases), made once per list. */
export function documentSplitter(phrases: readonly string[]): PhraseSplitter {
  return remembered(splitters, phrases.join('\n'), 100, () => phraseSplitter(phrases));
}

/** What a text asks of its column, with the protected phrases whole and as words (points, without padding). */
interface TextAsk {
  readonly kept: readonly number[];
  readonly volume: number;
  readonly words: number;
  /** Headers only: the width that keeps the text to two lines. */
  readonly twoLines: number;
}

/** Asks measured lately, per splitter: a document's texts are measured again on every render. */
const asks = new WeakMap<PhraseSplitter, Map<string, TextAsk>>();

function askOf(split: PhraseSplitter, text: string, size: number, bold: boolean, header: boolean): TextAsk {
  return remembered(cacheOf(asks, split), `${size}|${bold ? 'b' : ''}|${header ? 'h' : ''}|${text}`, 20_000, () => {
    const runs = split(text);
    const kept = sized(unbreakablePieces(runs), size, bold);
    const words = runs.some((r) => r.kind === 'keep') ? sized(unbreakablePieces(runs, false), size, bold) : kept;
    return { kept: kept.map((p) => p.width), volume: sum(kept.map((p) => p.width + p.space)), words: widest(words), twoLines: header ? twoLineWidth(kept) : 0 };
  });
}

export interface ColumnWidths {
  /** Each column's share of the table's width, in percent (they sum to 100 but for rounding). */
  readonly percents: readonly number[];
  /**
   * Each column's text width in points (its width less padding, rule and slack): a protected phrase wider than that is not
   * kept whole in that column (the splitter's `fits`), it breaks between dictionary words (never inside one).
   */
  readonly textPt: readonly number[];
}

/** The table's width in points: the page's text width. */
export function tableWidthPt(layout: PageLayout = DEFAULT_LAYOUT): number {
  return (A4.width - layout.margins.left - layout.margins.right) * POINTS_PER_CM;
}

/** The point size a table's text is printed at (CSS points of Sarabun). */
export function tableFontPt(table: Table): number {
  return sarabunPt(table.compact ? TABLE_PT : BODY_PT);
}

/** Which column each header cell starts in, with the rowSpans of earlier rows taken into account. */
export function headerPlaces(table: Table): { text: string; column: number; span: number }[] {
  const taken: number[] = table.columns.map(() => 0);
  const out: { text: string; column: number; span: number }[] = [];
  for (const row of table.header) {
    let column = 0;
    for (const cell of row) {
      while (column < taken.length && (taken[column] as number) > 0) column += 1;
      const span = cell.colSpan ?? 1;
      out.push({ text: cell.text, column, span });
      for (let c = column; c < column + span && c < taken.length; c += 1) taken[c] = cell.rowSpan ?? 1;
      column += span;
    }
    for (let c = 0; c < taken.length; c += 1) taken[c] = Math.max(0, (taken[c] as number) - 1);
  }
  return out;
}


/**
 * The widths of `table`'s columns: the model's shares where every column's longest unbreakable piece fits, else
 * adjusted (a header spanning several columns is left to them). Each column asks, most first: its header on at
 * most two lines (within its preferred width), its protected phrases whole (up to 1.5 times its preferred width),
 * its dictionary words; while the asks do not fit, the column that gives back most by asking one level less does.
 * The model's shares when even the words do not fit.
 */
export function columnWidths(table: Table, options: ColumnWidthOptions = {}): ColumnWidths {
  const total = tableWidthPt(options.layout);
  const size = tableFontPt(table);
  const digits = options.digits ?? 'thai';
  const split = options.split ?? documentSplitter(options.phrases ?? NO_PHRASES);
  const extra = CELL_EXTRA_PT + SLACK_PT;
  const preferred = table.columns.map((c) => (c.width / 100) * total);
  /** Each column's unbreakable pieces with the protected phrases whole, as the widths they ask (padding included). */
  const phrases = table.columns.map((): number[] => []);
  const words = table.columns.map(() => 0);
  /** How much text each column holds (points of line): a column full of text gives little of its width. */
  const volume = table.columns.map(() => 0);
  const headers = table.columns.map(() => 0);
  const need = (into: number[], column: number, width: number) => {
    if (column < into.length) into[column] = Math.max(into[column] as number, width + extra);
  };
  const text = (column: number, s: string, bold: boolean, marker: string | undefined, header: boolean) => {
    const ask = askOf(split, digitsIn(s, digits), size, bold, header);
    const indent = marker ? textWidthPt(digitsIn(marker, digits), size, bold) + MARKER_GAP_EM * size : 0;
    phrases[column]?.push(...ask.kept.map((w) => indent + w + extra));
    if (!header) volume[column] = (volume[column] as number) + indent + ask.volume;
    need(words, column, indent + ask.words);
    if (header) need(headers, column, ask.twoLines);
  };
  for (const h of headerPlaces(table)) if (h.span === 1) text(h.column, h.text, true, undefined, true);
  for (const row of table.rows) row.forEach((cell, column) => cell.lines.forEach((line) => text(column, line.text, cell.bold ?? false, line.marker, false)));

  // What each column asks, most first: its header on two lines (within its preferred width), its phrases whole (up
  // to PHRASE_GROWTH times its preferred width: a long name is not worth squeezing the other columns), its words.
  const levels = table.columns.map((_, i) => {
    const word = words[i] as number;
    // A phrase wider than that is not kept (html.tsx prints it as words), so it asks nothing.
    const cap = (preferred[i] as number) * PHRASE_GROWTH;
    const phrase = Math.max(word, ...(phrases[i] as number[]).filter((w) => w <= cap));
    // A header that needs more than the preferred width for two lines asks nothing for them.
    const header = (headers[i] as number) <= (preferred[i] as number) ? (headers[i] as number) : 0;
    return [Math.max(phrase, header), phrase, word];
  });
  const level = table.columns.map(() => 0);
  const mins = () => levels.map((l, i) => l[level[i] as number] as number);
  // Lines of text a column holds at its preferred width: the more, the less width it gives to the others.
  const give = preferred.map((p, i) => p / Math.max(1, (volume[i] as number) / p));
  let widths = fitWidths(preferred, mins(), total, give);
  while (!widths) {
    // The column that gives back most by asking less does, until the minimums fit.
    const lower = levels.map((l, i) => l.findIndex((w, j) => j > (level[i] as number) && w < (l[level[i] as number] as number)));
    const gains = levels.map((l, i) => ((lower[i] as number) < 0 ? 0 : (l[level[i] as number] as number) - (l[lower[i] as number] as number)));
    const worst = gains.indexOf(Math.max(...gains));
    if (!((gains[worst] as number) > 0)) break;
    level[worst] = lower[worst] as number;
    widths = fitWidths(preferred, mins(), total, give);
  }
  const final = widths ?? preferred;
  return { percents: final.map((w) => Math.round((w / total) * 10000) / 100), textPt: final.map((w) => w - extra) };
}
