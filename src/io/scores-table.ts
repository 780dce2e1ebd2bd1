/**
 * Scores in the CLI's one-agency-per-row format (agency, year, 1 … 10, eit1, eit2), so that an export is read back
 * by the same reader as `prongsai score --indicators FILE` (src/years/scoring.ts `indicatorRows`). A score the agency
 * does not have is a blank cell, which that reader leaves out of the row's indicators.
 */
import { InputError } from '../errors.ts';
import { writeCsv, writeXlsx, type ColumnSpec, type TextTable } from './workbook.ts';
import { ioMessages } from './messages.ts';

export interface ScoresRow {
  /** The organisation's slug. */
  readonly agency: string;
  /** The fiscal year (Buddhist era). */
  readonly year: number;
  /** Indicator number ("1" … "10") → score, or null where there is none. */
  readonly indicators: Readonly<Record<string, number | null>>;
  /** EIT part 1 and part 2, when published. */
  readonly eitParts: readonly number[] | null;
}

const INDICATORS = Array.from({ length: 10 }, (_, i) => String(i + 1));

export const SCORE_COLUMNS: readonly ColumnSpec[] = [
  { key: 'agency', th: 'agency', width: 24 },
  { key: 'year', th: 'year', width: 8, kind: 'number' },
  ...INDICATORS.map((n): ColumnSpec => ({ key: n, th: n, width: 8, kind: 'number' })),
  { key: 'eit1', th: 'eit1', width: 8, kind: 'number' },
  { key: 'eit2', th: 'eit2', width: 8, kind: 'number' },
];

/** The same columns with Thai headers, which the reader also takes: the import template beside the import forms. */
export const SCORE_TEMPLATE_COLUMNS: readonly ColumnSpec[] = [
  { key: 'agency', th: 'หน่วยงาน', width: 30 },
  { key: 'year', th: 'ปีงบประมาณ', width: 12, kind: 'number' },
  ...INDICATORS.map((n): ColumnSpec => ({ key: n, th: `ตัวชี้วัดที่ ${n}`, width: 12, kind: 'number' })),
  { key: 'eit1', th: 'EIT ส่วนที่ 1', width: 12, kind: 'number' },
  { key: 'eit2', th: 'EIT ส่วนที่ 2', width: 12, kind: 'number' },
];

/** @throws InputError for a score of an indicator other than 1 … 10 (no criteria year has one). */
export function scoresToTable(rows: readonly ScoresRow[]): TextTable {
  const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  return {
    header: SCORE_COLUMNS.map((c) => c.th),
    rows: rows.map((r) => {
      const other = Object.keys(r.indicators).find((k) => !INDICATORS.includes(k) && r.indicators[k] !== null);
      if (other !== undefined) {
        throw new InputError(`indicators.${other}`, ioMessages.noIndicator({ agency: r.agency, year: r.year, indicator: other }));
      }
      return [r.agency, String(r.year), ...INDICATORS.map((n) => text(r.indicators[n])), text(r.eitParts?.[0]), text(r.eitParts?.[1])];
    }),
  };
}

/** One sheet, คะแนน: the first sheet, which is what the scores reader reads. */
export async function writeScoresWorkbook(rows: readonly ScoresRow[]): Promise<Buffer> {
  return writeXlsx([{ name: 'คะแนน', columns: SCORE_COLUMNS, table: scoresToTable(rows) }]);
}

export function writeScoresCsv(rows: readonly ScoresRow[]): Buffer {
  return writeCsv(scoresToTable(rows));
}

/** The import template: the rows given (the organisation and the year, blank scores to fill) under Thai headers. */
export async function writeScoresTemplate(rows: readonly ScoresRow[], format: 'xlsx' | 'csv'): Promise<Buffer> {
  const table = { ...scoresToTable(rows), header: SCORE_TEMPLATE_COLUMNS.map((c) => c.th) };
  return format === 'csv' ? writeCsv(table) : writeXlsx([{ name: 'คะแนน', columns: SCORE_TEMPLATE_COLUMNS, table }]);
}
