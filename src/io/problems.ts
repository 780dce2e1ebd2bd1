/**
 * The problems an import finds, each with its place (sheet, the row number Excel shows, the column's header as
 * written in the file) and said in Thai and in English; and the dry-run report that lists them all.
 */
import type { z } from 'zod';
import { InputError, InputErrors, quoted, QUOTE_MAX } from '../errors.ts';
import type { Message } from '../messages.ts';
import { messageOfIssue } from '../model/messages.ts';
import { ioMessages } from './messages.ts';

export interface Problem {
  /** The sheet (or the CSV's table) as named in the file: มาตรการ, ความก้าวหน้า; null for the file as a whole. */
  readonly sheet: string | null;
  /** The row number Excel shows; null for the file or a whole sheet. */
  readonly row: number | null;
  /** The column's header as written in the file (or the expected header when the column is missing). */
  readonly column: string | null;
  readonly th: string;
  readonly en: string;
  /** An error blocks the import; a warning is shown and the import may go on. */
  readonly severity: 'error' | 'warning';
  /**
   * What is wrong without its place, when the texts above put the place (a row) in front of it: for saying the
   * problem again with its place written another way.
   */
  readonly said?: Message;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Every quoted text of a message cut as {@link quoted} cuts it (messages made elsewhere, before they are printed). */
function clipQuotes(message: string): string {
  return message.replace(/"([^"]*)"/g, (whole, inner: string) => (inner.length > QUOTE_MAX ? quoted(inner) : whole));
}

/** A problem of one cell found while reading a table: an InputError that keeps the table, row and column. */
export class CellError extends InputError {
  constructor(
    readonly table: string,
    readonly row: number,
    readonly column: string,
    /** What is wrong with the cell, without its place. */
    readonly what: Message,
  ) {
    super(`row ${row}, column ${column}`, ioMessages.atCell({ table, row, column, said: what }));
  }
}

/** Reading errors (a damaged file, a broken CSV) as problems of the whole file, or of their cell; anything else is rethrown. */
export function problemsOf(error: unknown, sheet: string | null = null): Problem[] {
  const errors = error instanceof InputErrors ? error.errors : error instanceof InputError ? [error] : null;
  if (!errors) throw error;
  return errors.map((e) =>
    e instanceof CellError
      ? { sheet: sheet ?? e.table, row: e.row, column: e.column, th: e.what.th, en: e.what.en, severity: 'error' }
      : { sheet, row: null, column: null, th: e.th, en: e.en, severity: 'error' },
  );
}

/**
 * A schema's complaint about a value read from a cell, in Thai and English (the limits come from
 * src/model/year.ts). The readers turn every cell into the right type themselves, so a value of the wrong type
 * can only be a blank cell where one is required.
 */
export function issueText(issue: z.core.$ZodIssue): Message {
  const said = ((): Message => {
    if (issue.code === 'too_big' && issue.origin === 'string') return ioMessages.tooLong({ max: issue.maximum });
    if (issue.code === 'too_small' && issue.origin === 'string') {
      return Number(issue.minimum) <= 1 ? ioMessages.notEmpty() : ioMessages.tooShort({ min: issue.minimum });
    }
    if (issue.code === 'invalid_type') return ioMessages.notEmpty();
    if (issue.code === 'too_big') return ioMessages.atMost({ max: issue.maximum });
    if (issue.code === 'too_small') return ioMessages.atLeast({ min: issue.minimum });
    // The model's own messages (src/model/messages.ts).
    const model = issue.code === 'custom' || issue.code === 'invalid_format' ? messageOfIssue(issue) : undefined;
    return model ?? ioMessages.invalid({ message: issue.message });
  })();
  const item = issue.path.findLast((p) => typeof p === 'number');
  return typeof item === 'number' ? ioMessages.onLine({ line: item + 1, said }) : said;
}

/**
 * The dry-run report: every problem with its sheet, row and column, in Thai with the English below, then a
 * count. Empty input gives the one line saying that nothing is wrong.
 */
export function formatProblems(problems: readonly Problem[]): string {
  const lines = problems.flatMap((p) => {
    const error = p.severity === 'error';
    const th = [p.sheet && `แผ่นงาน ${p.sheet}`, p.row !== null && `แถวที่ ${p.row}`, p.column !== null && `คอลัมน์ ${quoted(p.column)}`];
    const en = [p.sheet && `sheet ${p.sheet}`, p.row !== null && `row ${p.row}`, p.column !== null && `column ${quoted(p.column)}`];
    const place = (parts: (string | false | null)[]) => parts.filter(Boolean).join(' ') || '-';
    return [
      `${error ? 'ผิดพลาด' : 'คำเตือน'}  ${place(th)}: ${clipQuotes(p.th)}`,
      `${error ? 'error  ' : 'warning'}  ${place(en)}: ${clipQuotes(p.en)}`,
    ];
  });
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  lines.push(
    errors > 0
      ? `พบข้อผิดพลาด ${errors} รายการ คำเตือน ${warnings} รายการ: แก้ข้อผิดพลาดก่อน จึงจะนำเข้าได้ / ` +
          `${errors} error(s), ${warnings} warning(s): fix the errors before importing`
      : `ไม่พบข้อผิดพลาด คำเตือน ${warnings} รายการ: นำเข้าได้ / no errors, ${warnings} warning(s): ready to import`,
  );
  return lines.join('\n');
}
