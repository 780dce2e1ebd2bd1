/**
 * Scoring use cases: what the CLI (and later the web app) asks for. Reads files through io/, scores with the
 * pure core, and turns every problem into an InputError that names the row and column.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { findings, sentences, type Findings, type FindingSentences } from '../analysis/index.ts';
import { CsvParseError } from '../csv/parser.ts';
import { InputError, InputErrors } from '../errors.ts';
import { yearsMessages } from './messages.ts';
import { getCriteria, getCriteriaFromText, type CriteriaYear } from '../ita/index.ts';
import { columnIndex, readTable, requireRows, type Table } from '../io/tables.ts';
import {
  partialScores,
  parseMet,
  scoreIndicators,
  scoreOitChecklist,
  SurveyTally,
  type OitResult,
  type ScoreResult,
  type ScoreValue,
  type SurveyScores,
} from '../scoring/index.ts';
import { toArabicDigits, type DigitStyle } from '../thai/index.ts';

export type IndicatorValues = Partial<Record<number, ScoreValue>>;

/**
 * Parses "1=93.55,2=87.72,…" (also with Thai digits, spaces, or ";" between pairs). Throws InputError naming
 * the pair that is wrong.
 */
export function parseIndicatorList(text: string): IndicatorValues {
  const values: IndicatorValues = {};
  const pairs = toArabicDigits(text)
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (pairs.length === 0) {
    throw new InputError('indicators', yearsMessages.noIndicatorScores());
  }
  for (const pair of pairs) {
    const m = /^(\d+)\s*[=:]\s*(.*)$/.exec(pair);
    if (!m) {
      throw new InputError('indicators', yearsMessages.notAPair({ pair }));
    }
    const n = Number(m[1]);
    if (values[n] !== undefined) {
      throw new InputError(`indicators.${n}`, yearsMessages.indicatorTwice({ n }));
    }
    values[n] = m[2] as string;
  }
  return values;
}

/** Parses "88.5,91.2" as the EIT part 1 and part 2 scores. */
export function parseEitParts(text: string): string[] {
  return toArabicDigits(text)
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** One row of a scores table (the CLI's one-agency-per-row format: agency, year, 1 … 10, optional eit1, eit2). */
export interface IndicatorRow {
  readonly row: number;
  readonly agency: string;
  readonly year: number;
  readonly indicators: IndicatorValues;
  readonly eitParts?: readonly string[];
}

export type RowOutcome<T> =
  | { readonly row: number; readonly agency: string; readonly ok: true; readonly value: T }
  | { readonly row: number; readonly agency: string; readonly ok: false; readonly error: InputError };

const AGENCY_NAMES = ['agency', 'หน่วยงาน', 'ชื่อหน่วยงาน'];
export const YEAR_NAMES = ['year', 'ปี', 'ปีงบประมาณ'];

/**
 * Reads a scores table. Rows keep their own year (column `year`); `defaultYear` fills rows without one. A bad
 * row is returned as an error with its row number; the other rows are unaffected.
 */
export async function readIndicatorTable(path: string, defaultYear?: number): Promise<RowOutcome<IndicatorRow>[]> {
  const table = await readTable(path);
  requireRows(table, path);
  return indicatorRows(table, defaultYear);
}

/**
 * `yearOf` reads a row's year (default: a year the criteria catalogue has; an organisation's own import also takes
 * its fiscal years pinned to another criteria year).
 */
export function indicatorRows(table: Table, defaultYear?: number, yearOf: (text: string) => number = (text) => getCriteriaFromText(text).year): RowOutcome<IndicatorRow>[] {
  const agencyCol = columnIndex(table, AGENCY_NAMES);
  const yearCol = columnIndex(table, YEAR_NAMES);
  const indicatorCols = new Map<number, number>();
  const partCols: number[] = [];
  table.header.forEach((raw, i) => {
    const h = toArabicDigits(raw).trim().toLowerCase();
    const m = /^(?:ตัวชี้วัดที่\s*)?(\d{1,2})$/.exec(h);
    if (m) indicatorCols.set(Number(m[1]), i);
    const part = /^eit\s*(?:part\s*|ส่วนที่\s*)?([12])$/.exec(h);
    if (part) partCols[Number(part[1]) - 1] = i;
  });
  if (indicatorCols.size === 0) {
    throw new InputError('header', yearsMessages.noIndicatorColumns());
  }
  if (yearCol < 0 && defaultYear === undefined) {
    throw new InputError('header', yearsMessages.noYearColumn());
  }
  return table.rows.map((r): RowOutcome<IndicatorRow> => {
    const cell = (i: number) => (i >= 0 ? (r.cells[i] ?? '') : '');
    const agency = cell(agencyCol);
    try {
      const yearText = cell(yearCol);
      const year = yearText !== '' ? yearOf(yearText) : getCriteria(defaultYear as number).year;
      const indicators: IndicatorValues = {};
      for (const [n, col] of indicatorCols) if (cell(col) !== '') indicators[n] = cell(col);
      const parts = partCols.map((c) => cell(c)).filter((v) => v !== '');
      return {
        row: r.row,
        agency,
        ok: true,
        value: { row: r.row, agency, year, indicators, ...(parts.length ? { eitParts: parts } : {}) },
      };
    } catch (error) {
      return { row: r.row, agency, ok: false, error: atRow(error, r.row) };
    }
  });
}

/** Puts the row number in front of an InputError raised while handling that row. */
export function atRow(error: unknown, row: number): InputError {
  if (!(error instanceof InputError)) throw error;
  return new InputError(`row ${row}, ${error.field}`, yearsMessages.atRow({ row, said: error.said }));
}

/** Largest survey file accepted (about 5 million responses of 30 answers). */
export const MAX_RESPONSES_BYTES = 2 * 1024 * 1024 * 1024;

/** Streams a response file through the survey tally; memory stays flat whatever the file size. */
export async function tallyResponsesFile(criteria: CriteriaYear, path: string, options: { keepAnswers?: boolean } = {}): Promise<SurveyScores[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new InputError('responses', yearsMessages.responsesNotFound({ path }));
  }
  if (size > MAX_RESPONSES_BYTES) {
    throw new InputError('responses', yearsMessages.responsesTooLarge({ path }));
  }
  if (!path.toLowerCase().endsWith('.csv')) {
    throw new InputError('responses', yearsMessages.responsesNotCsv());
  }
  const tally = new SurveyTally(criteria, options);
  const parser = tally.parser();
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) parser.push(chunk as Buffer);
    parser.end();
  } catch (error) {
    if (error instanceof CsvParseError) {
      throw new InputError(`row ${error.line}`, yearsMessages.responsesCsv({ line: error.line, detail: error.message }));
    }
    throw error;
  }
  return tally.results();
}

/**
 * Reads an OIT checklist table (columns `code` and `met`, optional `agency`) and scores it per agency.
 * Every problem is reported with its row.
 */
export async function readOitChecklist(criteria: CriteriaYear, path: string): Promise<Map<string, OitResult>> {
  const table = await readTable(path);
  const codeCol = columnIndex(table, ['code', 'item', 'ข้อ', 'รหัส']);
  const metCol = columnIndex(table, ['met', 'result', 'ผล', 'ผ่าน']);
  const agencyCol = columnIndex(table, AGENCY_NAMES);
  if (codeCol < 0 || metCol < 0) {
    throw new InputError('header', yearsMessages.oitColumns());
  }
  const byAgency = new Map<string, Map<string, boolean>>();
  const errors: InputError[] = [];
  for (const r of table.rows) {
    const code = (r.cells[codeCol] ?? '').toUpperCase();
    const metText = r.cells[metCol] ?? '';
    const met = parseMet(metText);
    const agency = agencyCol >= 0 ? (r.cells[agencyCol] ?? '') : '';
    if (met === null) {
      errors.push(new InputError(`row ${r.row}, met`, yearsMessages.oitNotMet({ row: r.row, code, text: metText })));
      continue;
    }
    const items = byAgency.get(agency) ?? new Map<string, boolean>();
    if (items.has(code)) {
      errors.push(new InputError(`row ${r.row}, code`, yearsMessages.oitTwice({ row: r.row, code })));
    }
    items.set(code, met);
    byAgency.set(agency, items);
  }
  if (errors.length > 0) throw new InputErrors(errors);
  const results = new Map<string, OitResult>();
  for (const [agency, items] of byAgency) {
    try {
      results.set(agency, scoreOitChecklist(criteria, items));
    } catch (error) {
      if (error instanceof InputError && agency !== '') {
        throw new InputError(error.field, yearsMessages.ofAgency({ agency, said: error.said }));
      }
      throw error;
    }
  }
  return results;
}

/** What the scores of one agency were computed from. */
export interface ScoreSources {
  readonly indicators?: IndicatorValues;
  readonly eitParts?: readonly ScoreValue[];
  readonly survey?: SurveyScores;
  readonly oit?: OitResult;
}

export interface ScoredAgency extends ScoreResult {
  readonly agency?: string;
  readonly respondents?: SurveyScores['respondents'];
  /** OIT items not met, when scored from a checklist: the list to fix. */
  readonly oitNotMet?: readonly string[];
}

/**
 * Merges the indicator scores from all sources (given scores, survey answers, OIT checklist) and scores them.
 * An indicator given by two sources is an error: we never pick one silently.
 */
export function scoreFromSources(criteria: CriteriaYear, sources: ScoreSources, agency?: string): ScoredAgency {
  const merged = mergeSources(criteria, sources);
  const result = scoreIndicators(criteria, { indicators: merged, ...(sources.eitParts ? { eitParts: sources.eitParts } : {}) });
  return {
    ...(agency !== undefined && agency !== '' ? { agency } : {}),
    ...result,
    ...(sources.survey ? { respondents: sources.survey.respondents } : {}),
    ...(sources.oit ? { oitNotMet: sources.oit.notMet } : {}),
  };
}

export function mergeSources(criteria: CriteriaYear, sources: ScoreSources): IndicatorValues {
  const merged: IndicatorValues = {};
  const from = new Map<number, string>();
  const put = (n: number, value: ScoreValue, source: string) => {
    const before = from.get(n);
    if (before !== undefined) {
      throw new InputError(`indicators.${n}`, yearsMessages.twoSources({ n, before, source }));
    }
    from.set(n, source);
    merged[n] = value;
  };
  for (const [n, v] of Object.entries(sources.indicators ?? {})) if (v !== undefined) put(Number(n), v, 'คะแนนที่ระบุ');
  for (const [n, v] of sources.survey?.indicators ?? []) put(n, v, 'แบบสอบถาม');
  for (const [n, v] of sources.oit?.indicators ?? []) put(n, v, 'รายการตรวจ OIT');
  const missing = criteria.indicators.filter((i) => merged[i.number] === undefined).map((i) => i.number);
  if (missing.length > 0 && (sources.survey || sources.oit)) {
    throw new InputError(`indicators.${missing[0]}`, yearsMessages.missingScores({ missing }));
  }
  return merged;
}

export interface AnalysisResult {
  readonly score: ScoreResult | null;
  readonly findings: Findings;
  readonly sentences: FindingSentences;
}

/**
 * Analyses one year's scores (partial scores are allowed: what is missing is reported), against the previous
 * year's when given.
 */
export function analyzeScores(
  criteria: CriteriaYear,
  indicators: IndicatorValues,
  options: { previous?: { criteria: CriteriaYear; indicators: IndicatorValues }; digits?: DigitStyle; eitParts?: readonly ScoreValue[] } = {},
): AnalysisResult {
  const exact = (c: CriteriaYear, values: IndicatorValues) => partialScores(c, values);
  const scores = exact(criteria, indicators);
  const complete = criteria.indicators.every((i) => scores.has(i.number));
  const score = complete
    ? scoreIndicators(criteria, { indicators, ...(options.eitParts ? { eitParts: options.eitParts } : {}) })
    : null;
  const f = findings({
    criteria,
    scores,
    ...(options.previous
      ? { previous: { criteria: options.previous.criteria, scores: exact(options.previous.criteria, options.previous.indicators) } }
      : {}),
  });
  return { score, findings: f, sentences: sentences(f, options.digits ? { digits: options.digits } : {}) };
}
