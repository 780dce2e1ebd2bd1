/**
 * The digit rule (README, "Digits"): public pages in Thai write Thai digits (๐–๙), staff pages and data files
 * Arabic digits (0–9). Public pages are rendered from texts shared with the staff pages and the data files (item
 * names of the criteria, titles, numbers), so the Thai public pages turn the digits of their text into Thai digits
 * once, when the page is written, rather than at each of the places a number is shown.
 */
import { toThaiDigits } from '../thai/index.ts';

/** Kept as they are: elements whose text is code or typed input, tags (attributes: addresses, ids), character references. */
const HTML_PART = /(<(script|style|code|pre|kbd|samp|textarea)\b[\s\S]*?<\/\2\s*>)|(<[^>]*>)|([^<]+)/gi;
/** Kept as they are inside text: web and e-mail addresses, character references, and the NACC's codes of OIT items (O1–O43). */
const KEPT_IN_TEXT = /\S*(?:https?:\/\/|www\.|@)\S*|&#?\w+;|\bO\d{1,2}\b|[0-9]+/g;

/** The HTML of a page with Thai digits in its text (not in tags, scripts, code, addresses or item codes). */
export function thaiDigitsInText(html: string): string {
  return html.replace(HTML_PART, (part: string, kept?: string, _name?: string, tag?: string, text?: string) =>
    text === undefined ? part : text.replace(KEPT_IN_TEXT, (token) => (/^[0-9]+$/.test(token) ? toThaiDigits(token) : token)),
  );
}
