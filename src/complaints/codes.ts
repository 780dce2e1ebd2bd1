/**
 * Codes handed to people: the complainant's receipt code and the organisation's recovery code. Pure.
 *
 * 26 random symbols of Crockford's base32 (0–9 and A–Z without I, L, O, U: 130 bits of entropy) and 2 check
 * symbols, written in 7 groups of 4: "7KQ2-M9XD-…". Case does not matter; I and L are read as 1, O as 0; spaces,
 * dashes and Thai digits are accepted. The check symbols catch any one mistyped symbol and most swapped pairs
 * without asking the database (so a typing mistake is told as such and costs no guess), and differ between kinds,
 * so a recovery code is never taken for a receipt. A code is a secret: the database keeps only what is derived from it (src/complaints/crypto.ts).
 */
import { randomInt } from 'node:crypto';
import { toArabicDigits } from '../thai/index.ts';

export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random symbols in a code: 26 × 5 = 130 bits. */
export const RANDOM_SYMBOLS = 26;
const CHECK_SYMBOLS = 2;
export const CODE_LENGTH = RANDOM_SYMBOLS + CHECK_SYMBOLS;

export type CodeKind = 'receipt' | 'recovery';

/** A code without separators, upper case, check symbols included: what keys are derived from. */
export type NormalCode = string & { readonly __normalCode: unique symbol };

/**
 * The two check symbols: the sum of the symbols' values mod 32 (catches every changed symbol) and their weighted sum
 * mod 31 (catches swapped neighbours), each shifted by the kind.
 */
function check(kind: CodeKind, symbols: string): string {
  let plain = kind === 'recovery' ? 16 : 0;
  let weighted = kind === 'recovery' ? 7 : 0;
  [...symbols].forEach((ch, i) => {
    const v = ALPHABET.indexOf(ch);
    plain += v;
    weighted += (i + 1) * v;
  });
  return ALPHABET.charAt(plain % 32) + ALPHABET.charAt(weighted % 31);
}

/** A new code of that kind (normal form). */
export function newCode(kind: CodeKind): NormalCode {
  let symbols = '';
  for (let i = 0; i < RANDOM_SYMBOLS; i++) symbols += ALPHABET[randomInt(32)];
  return (symbols + check(kind, symbols)) as NormalCode;
}

/** How a code is shown and printed: groups of 4 joined by dashes. */
export function formatCode(code: NormalCode): string {
  return (code.match(/.{1,4}/g) ?? []).join('-');
}

/**
 * The normal form of a typed code, or null when it cannot be one of that kind (wrong length, a symbol outside the
 * alphabet, or check symbols that do not match: a typing mistake).
 */
export function parseCode(kind: CodeKind, input: unknown): NormalCode | null {
  if (typeof input !== 'string' || input.length > 100) return null;
  let text = '';
  for (const ch of toArabicDigits(input.normalize('NFKC').toUpperCase())) {
    if (/[\s\-–—_.]/.test(ch)) continue;
    text += ch === 'I' || ch === 'L' ? '1' : ch === 'O' ? '0' : ch;
  }
  if (text.length !== CODE_LENGTH || [...text].some((ch) => !ALPHABET.includes(ch))) return null;
  const symbols = text.slice(0, RANDOM_SYMBOLS);
  return check(kind, symbols) === text.slice(RANDOM_SYMBOLS) ? (text as NormalCode) : null;
}
