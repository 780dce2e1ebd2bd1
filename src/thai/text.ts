/**
 * Thai text: word segmentation, grapheme clusters, safe truncation and normalisation.
 *
 * Thai is written without spaces between words, and vowels and tone marks are combining characters,
 * so neither `split(' ')` nor `slice()` is safe. Word breaks come from ICU's dictionary
 * (`Intl.Segmenter`), whose exact splits differ between ICU versions: rely on the invariants
 * (segments join back to the input, no break inside a grapheme), not on particular words.
 */

const wordSegmenter = new Intl.Segmenter('th', { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter('th', { granularity: 'grapheme' });

/** Options of {@link segmentWords}. */
export interface SegmentWordsOptions {
  /**
   * `'words'` (default): only word-like segments (Thai and Latin words, numbers); spaces and
   * punctuation are dropped. `'all'`: every segment, so that `segments.join('') === s`.
   */
  mode?: 'words' | 'all';
}

interface WordSegment {
  segment: string;
  isWordLike: boolean;
}

/**
 * ICU's word segments, merged where ICU breaks inside a grapheme cluster. ICU 78 does that on odd
 * or misspelt text, e.g. before a SARA AM (`ก้ามำ` → ก้าม|ำ although `มำ` is one cluster) or after a
 * mark with no consonant; a merged segment is word-like when any of its parts is.
 */
function wordSegments(s: string): WordSegment[] {
  const clusterStarts = new Set(Array.from(graphemeSegmenter.segment(s), ({ index }) => index));
  const merged: WordSegment[] = [];
  for (const { segment, index, isWordLike = false } of wordSegmenter.segment(s)) {
    const previous = merged.at(-1);
    if (previous && !clusterStarts.has(index)) {
      previous.segment += segment;
      previous.isWordLike ||= isWordLike;
    } else {
      merged.push({ segment, isWordLike });
    }
  }
  return merged;
}

/**
 * Split text into words with ICU's Thai dictionary (`Intl.Segmenter('th', { granularity: 'word' })`).
 * By default returns only the words; `{ mode: 'all' }` also returns spaces and punctuation.
 * A segment never ends inside a grapheme cluster (see {@link graphemes}).
 *
 * @example segmentWords('สวัสดีครับ ผม') // ['สวัสดี', 'ครับ', 'ผม'] with ICU 78
 */
export function segmentWords(s: string, opts: SegmentWordsOptions = {}): string[] {
  const all = opts.mode === 'all';
  return wordSegments(s)
    .filter(({ isWordLike }) => all || isWordLike)
    .map(({ segment }) => segment);
}

/**
 * Split text into user-perceived characters (extended grapheme clusters): a consonant with its
 * upper/lower vowels and tone marks stays together (`น้ำ` is one), while leading vowels (เ แ โ ใ ไ)
 * and SARA AA (า) are clusters of their own.
 */
export function graphemes(s: string): string[] {
  return Array.from(graphemeSegmenter.segment(s), ({ segment }) => segment);
}

/**
 * Shorten text to at most `max` graphemes, the ellipsis included, never splitting a grapheme
 * (`น้ำ` is kept whole or dropped whole). Text that fits is returned unchanged; white space
 * before the ellipsis is trimmed. When `max` is smaller than the ellipsis, the first `max`
 * graphemes are returned without it.
 *
 * @throws RangeError when `max` is not a whole number ≥ 0.
 * @example truncateGraphemes('น้ำคล้ำ', 2) // 'น้ำ…' (graphemes น้ำ|ค|ล้ำ)
 */
export function truncateGraphemes(s: string, max: number, ellipsis = '…'): string {
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`max must be a whole number ≥ 0, got ${max}`);
  const clusters = graphemes(s);
  if (clusters.length <= max) return s;
  const keep = max - graphemes(ellipsis).length;
  if (keep < 0) return clusters.slice(0, max).join('');
  return clusters.slice(0, keep).join('').trimEnd() + ellipsis;
}

const THAI_NIKHAHIT = '\u0E4D';
const THAI_SARA_AA = '\u0E32';
const THAI_SARA_AM = '\u0E33';
/** Tone marks ่ ้ ๊ ๋ (U+0E48–U+0E4B). */
const TONE = '[\u0E48-\u0E4B]';
/** NIKHAHIT + SARA AA, with an optional tone mark before or between them. */
const DECOMPOSED_SARA_AM = new RegExp(`(${TONE})?${THAI_NIKHAHIT}(${TONE})?${THAI_SARA_AA}`, 'gu');

/**
 * Normalise Thai text typed by people, for storage and comparison:
 *
 * - Unicode NFC;
 * - SARA AM typed as two characters, NIKHAHIT + SARA AA (`ํา`, U+0E4D U+0E32), becomes SARA AM
 *   (`ำ`, U+0E33); a tone mark between them (U+0E4D U+0E48 U+0E32) or before them
 *   (U+0E48 U+0E4D U+0E32) is kept before SARA AM (U+0E48 U+0E33), the standard order;
 * - every run of white space (line breaks, tabs, no-break spaces included) becomes one space,
 *   and the ends are trimmed — so use it for single-line fields such as names and titles.
 *
 * @example normalizeThai('  น\u0E4D\u0E49\u0E32   ใจ ') // 'น้ำ ใจ'
 */
export function normalizeThai(s: string): string {
  return s
    .normalize('NFC')
    .replace(DECOMPOSED_SARA_AM, (_match, before?: string, between?: string) =>
      `${before ?? ''}${between ?? ''}${THAI_SARA_AM}`)
    .replace(/\s+/gu, ' ')
    .trim();
}
