/**
 * Doubled words ("การการ", "ที่ที่") found with ICU's Thai word segments: the same word twice in a row, written
 * together or with one space between, unless the word is one Thai correctly writes twice (data below). A doubling
 * written with ไม้ยมก (ๆ) is one segment for ICU ("ต่างๆ") and never a doubled word.
 */
import { segmentWords } from './text.ts';

export interface AllowedDouble {
  readonly word: string;
  /** Allowed only when the word before the pair is one of these ("ในที่ที่…": the second ที่ is "the place"). */
  readonly after?: readonly string[];
  /** Allowed only when the word after the pair is one of these ("คนคนนี้": a noun and its classifier). */
  readonly before?: readonly string[];
  readonly why: string;
}

/**
 * Words correctly written twice. ICU keeps most such words whole (นานา, จะจะ, ดีดี are one segment each); they are
 * listed for ICU versions that split them.
 */
export const ALLOWED_DOUBLES: readonly AllowedDouble[] = [
  { word: 'นา', why: 'นานา (ต่าง ๆ): one word' },
  { word: 'จะ', why: 'จะจะ (ชัดเจน): one word' },
  { word: 'ที่', after: ['ใน', 'ณ', 'ไป', 'มา', 'จาก', 'สู่', 'ถึง', 'ยัง', 'ทุก', 'บาง', 'ตาม'], why: 'ในที่ที่…: a preposition, then ที่ (place) and ที่ (which)' },
  { word: 'คน', before: ['นี้', 'นั้น', 'เดียว', 'เดียวกัน', 'หนึ่ง', 'ใด', 'โน้น'], why: 'คนคนนี้, คนคนเดียว: the noun, then its classifier' },
];

export interface DoubledWord {
  readonly word: string;
  /** The doubled text as written ("การการ", "คะแนน คะแนน") and where it starts. */
  readonly text: string;
  readonly index: number;
}

const HAS_LETTER = /\p{L}/u;
/** The longest word looked for, in UTF-16 code units ("ประชาสัมพันธ์" has 13). */
const LONGEST = 30;
const SPACE = 0x20;
const WHITE = /\s/u;

/**
 * How long the repeat at `at` is: the same 2 to {@link LONGEST} code units again right after, or after one space;
 * 0 when there is none. Compared code by code (a regular expression with a back-reference took longer than ICU).
 */
function repeatAt(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first <= SPACE) return 0;
  for (let length = 2; length <= LONGEST && at + 2 * length <= text.length; length++) {
    for (let gap = 0; gap <= 1; gap++) {
      const again = at + length + gap;
      if (text.charCodeAt(again) !== first || (gap === 1 && text.charCodeAt(at + length) !== SPACE) || again + length > text.length) continue;
      let k = 1;
      while (k < length && text.charCodeAt(at + k) === text.charCodeAt(again + k)) k++;
      if (k === length) return again + length - at;
    }
  }
  return 0;
}

/**
 * The stretches of `text` around each repeat, from the white space before it to the white space after it, merged
 * where they meet. Every doubled word is a repeat and most texts have none, so ICU's Thai segmentation (slow) runs
 * only there; and ICU's dictionary never joins words across white space, so a stretch segments exactly as it does
 * inside the whole text.
 */
function stretchesOfRepeats(text: string): { start: number; end: number }[] {
  const stretches: { start: number; end: number }[] = [];
  for (let at = 0; at < text.length; at++) {
    const length = repeatAt(text, at);
    if (length === 0) continue;
    let start = at;
    while (start > 0 && !WHITE.test(text[start - 1] as string)) start--;
    let end = at + length;
    while (end < text.length && !WHITE.test(text[end] as string)) end++;
    const last = stretches.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else stretches.push({ start, end });
  }
  return stretches;
}

function allowed(word: string, previous: string | undefined, next: string | undefined): boolean {
  return ALLOWED_DOUBLES.some(
    (a) =>
      a.word === word &&
      (a.after === undefined || (previous !== undefined && a.after.includes(previous))) &&
      (a.before === undefined || (next !== undefined && a.before.includes(next))),
  );
}

/** Every doubled word in `text`, in order. */
export function findDoubledWords(text: string): DoubledWord[] {
  const found: DoubledWord[] = [];
  for (const { start, end } of stretchesOfRepeats(text)) {
    const segments = segmentWords(text.slice(start, end), { mode: 'all' });
    const starts: number[] = [];
    segments.reduce((at, s) => (starts.push(at), at + s.length), start);
    for (let i = 0; i < segments.length; i++) {
      const word = segments[i] as string;
      if (!HAS_LETTER.test(word) || word.trim() !== word) continue;
      const gap = segments[i + 1] === ' ' ? 1 : 0;
      const j = i + 1 + gap;
      if (segments[j] !== word) continue;
      if (allowed(word, segments[i - 1], segments[j + 1])) continue;
      const index = starts[i] as number;
      found.push({ word, text: text.slice(index, (starts[j] as number) + word.length), index });
      i = j;
    }
  }
  return found;
}
