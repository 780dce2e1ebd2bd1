/**
 * Digits at render time: the model keeps text as entered (Thai or Arabic digits), each renderer writes every
 * digit in the document's style. Web addresses and e-mail addresses are left exactly as they are, so a link
 * copied from a printed document still works.
 */
import { applyDigits, type DigitStyle } from '../../thai/index.ts';

/** URLs (with a scheme or starting with www.) and e-mail addresses: never converted. */
const PROTECTED = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>"]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;

/** `text` with its digits in `style`, except inside URLs and e-mail addresses. */
export function digitsIn(text: string, style: DigitStyle): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    out += applyDigits(text.slice(last, match.index), style) + match[0];
    last = match.index + match[0].length;
  }
  return out + applyDigits(text.slice(last), style);
}
