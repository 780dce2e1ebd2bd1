import type { Message } from './messages.ts';

/**
 * Bad input from a person or a file: a wrong score, an unknown year, a broken row. It names the field and
 * says, in Thai and in English, what is wrong and what is allowed. The CLI prints both and exits 1; the API
 * will answer 400 with both.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** Where the problem is: "indicators.3", "year", "row 4, column 7", ... */
  readonly field: string;
  /** What is wrong: a stable code, its parameters and its texts (src/messages.ts). */
  readonly said: Message;

  constructor(field: string, said: Message) {
    super(`${field}: ${said.en}`);
    this.field = field;
    this.said = said;
  }

  get code(): string {
    return this.said.code;
  }

  get th(): string {
    return this.said.th;
  }

  get en(): string {
    return this.said.en;
  }
}

/** Several problems found at once (an import file with many bad rows), each with its place. */
export class InputErrors extends Error {
  override readonly name = 'InputErrors';
  readonly errors: readonly InputError[];

  constructor(errors: readonly InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.errors = errors;
  }
}

/**
 * Environment variables with wrong values (src/config.ts), found before anything was started: one message per
 * variable, in Thai and English. `field` names the variables. The CLI prints them and exits 2 (a usage error).
 */
export class ConfigError extends InputError {
  readonly errors: readonly InputError[];

  constructor(errors: readonly InputError[]) {
    super(errors.map((e) => e.field).join(', '), {
      code: 'config.invalid',
      params: { variables: errors.map((e) => e.field) },
      th: errors.map((e) => e.th).join('\n'),
      en: errors.map((e) => e.en).join('\n'),
    });
    this.errors = errors;
  }
}

/**
 * The control characters no text may hold: C0 but tab, LF and CR, and DEL. They are not text a person writes, and
 * PostgreSQL refuses a NUL outright. A path, a query or an id (one line) may not hold tab, LF or CR either.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS_IN_LINE = /[\u0000-\u001f\u007f]/;

/** What is said of a value holding one: `code` names the character (U+0000). */
export function controlCharText(code: string): { th: string; en: string } {
  return { th: `มีอักขระควบคุม ${code} ซึ่งไม่ใช่ข้อความ: ลบออกแล้วลองใหม่`, en: `holds the control character ${code}, which is not text: remove it and try again` };
}

/** The first control character of `value` as U+XXXX (`inLine`: tab, LF and CR count too); null when there is none. */
export function controlCharIn(value: string, inLine = false): string | null {
  const found = (inLine ? CONTROL_CHARS_IN_LINE : CONTROL_CHARS).exec(value);
  return found ? `U+${(found[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** At most this many characters of a cell are quoted in a message: a 10 MB cell is not said back in full. */
export const QUOTE_MAX = 80;

/**
 * A cell's text as a message quotes it: in double quotes, cut after QUOTE_MAX characters with "…", line breaks as
 * spaces and other control characters as "�" (a message is printed on a terminal).
 */
export function quoted(text: string): string {
  let cut = text.length > QUOTE_MAX ? text.slice(0, QUOTE_MAX) : text;
  // Not half a surrogate pair.
  if (cut.length < text.length && /[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const shown = cut.replace(new RegExp(CONTROL_CHARS_IN_LINE.source, 'g'), (c) => (c === '\t' || c === '\n' || c === '\r' ? ' ' : '\uFFFD'));
  return `"${shown}${cut.length < text.length ? '…' : ''}"`;
}
