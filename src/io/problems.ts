/**
 * The problems an import finds, each with its place (sheet, the row number Excel shows, the column's header as
 * written in the file) and said in Thai and in English; and the dry-run report that lists them all.
 */
import type { z } from 'zod';
import { InputError, InputErrors, quoted, QUOTE_MAX } from '../errors.ts';

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
    readonly what: { readonly th: string; readonly en: string },
  ) {
    super(`row ${row}, column ${column}`, `${table} แถวที่ ${row} คอลัมน์ ${quoted(column)}: ${what.th}`, `${table} row ${row}, column ${quoted(column)}: ${what.en}`);
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
export function issueText(issue: z.core.$ZodIssue): { th: string; en: string } {
  const item = issue.path.findLast((p) => typeof p === 'number');
  const at = typeof item === 'number' ? { th: `บรรทัดที่ ${item + 1}: `, en: `line ${item + 1}: ` } : { th: '', en: '' };
  const said = ((): { th: string; en: string } => {
    if (issue.code === 'too_big' && issue.origin === 'string') {
      return { th: `ยาวเกิน ${issue.maximum} ตัวอักษร`, en: `longer than ${issue.maximum} characters` };
    }
    if (issue.code === 'too_small' && issue.origin === 'string') {
      return Number(issue.minimum) <= 1
        ? { th: 'ต้องไม่ว่าง', en: 'must not be empty' }
        : { th: `ต้องยาวอย่างน้อย ${issue.minimum} ตัวอักษร`, en: `shorter than ${issue.minimum} characters` };
    }
    if (issue.code === 'invalid_type') return { th: 'ต้องไม่ว่าง', en: 'must not be empty' };
    if (issue.code === 'too_big') return { th: `ต้องไม่เกิน ${issue.maximum}`, en: `must be at most ${issue.maximum}` };
    if (issue.code === 'too_small') return { th: `ต้องไม่น้อยกว่า ${issue.minimum}`, en: `must be at least ${issue.minimum}` };
    // The model's own messages are written "ไทย / English".
    const at = issue.code === 'custom' || issue.code === 'invalid_format' ? issue.message.indexOf(' / ') : -1;
    if (at > 0) return { th: issue.message.slice(0, at), en: issue.message.slice(at + 3) };
    return { th: `ค่าไม่ถูกต้อง (${issue.message})`, en: `invalid value (${issue.message})` };
  })();
  return { th: at.th + said.th, en: at.en + said.en };
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
