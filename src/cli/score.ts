/**
 * `prongsai score`, `analyze` and `criteria` (src/cli/main.ts defines their options and imports this module when
 * one of them runs): the criteria of a year, scores from a list, a table, survey answers or an OIT checklist, and
 * the analysis in Thai or English. No database.
 */
import {
  analyzeScores,
  atRow,
  parseEitParts,
  parseIndicatorList,
  mergeSources,
  readIndicatorTable,
  readOitChecklist,
  scoreFromSources,
  tallyResponsesFile,
  type IndicatorRow,
  type IndicatorValues,
  type RowOutcome,
  type ScoredAgency,
} from '../years/scoring.ts';
import { InputError, InputErrors } from '../errors.ts';
import { criteriaYears, getCriteria, getCriteriaFromText, type CriteriaYear } from '../ita/index.ts';
import type { OitResult, SurveyScores } from '../scoring/index.ts';
import type { DigitStyle } from '../thai/index.ts';
import { analysisText, criteriaText, scoreText, scoreTableText } from './format.ts';
import { withCriteriaPack } from './criteria.ts';
import { cliMessages } from './messages.ts';
import { EXIT_BAD_INPUT, Exit, printInputError, type Io } from './main.ts';

export interface ScoreOptions {
  year?: string;
  indicators?: string;
  eitParts?: string;
  responses?: string;
  oit?: string;
  json?: boolean;
  digits: DigitStyle;
  criteriaPack?: string;
}

export interface AnalyzeOptions extends ScoreOptions {
  previous?: string;
  previousYear?: string;
  lang: 'th' | 'en';
}

export interface CriteriaOptions {
  year?: string;
  json?: boolean;
  digits: DigitStyle;
  criteriaPack?: string;
}

export async function scoreCommand(opts: ScoreOptions, io: Io): Promise<void> {
  await withCriteriaPack(opts.criteriaPack, async () => {
    const outcomes = await scoreCommandInputs(opts);
    printScores(outcomes, opts, io);
  });
}

export async function analyzeCommand(opts: AnalyzeOptions, io: Io): Promise<void> {
  await withCriteriaPack(opts.criteriaPack, () => analyze(opts, io));
}

export async function criteriaCommand(opts: CriteriaOptions, io: Io): Promise<void> {
  await withCriteriaPack(opts.criteriaPack, () => {
    if (!opts.year) {
      const years = criteriaYears();
      io.out(opts.json ? JSON.stringify({ years }) : `ปีที่มีเกณฑ์ / years: ${years.join(', ')}\nprongsai criteria --year ${years.at(-1)}`);
      return;
    }
    const criteria = getCriteriaFromText(opts.year);
    io.out(opts.json ? JSON.stringify(criteria, null, 2) : criteriaText(criteria, opts.digits));
  });
}

function requireYear(opts: ScoreOptions): CriteriaYear {
  if (!opts.year) {
    throw new InputError('year', cliMessages.yearRequired());
  }
  return getCriteriaFromText(opts.year);
}

const isList = (value: string) => value.includes('=');

/**
 * Collects what `score` and `analyze` are asked to score: a list on the command line, a table file (one agency
 * per row), survey answers and an OIT checklist, merged per agency.
 */
interface Scored {
  readonly scored: ScoredAgency;
  /** The merged inputs, exact (survey means are not rounded), for the analysis. */
  readonly indicators: IndicatorValues;
  readonly eitParts?: readonly string[];
}

async function scoreCommandInputs(opts: ScoreOptions): Promise<RowOutcome<Scored>[]> {
  if (!opts.indicators && !opts.responses && !opts.oit) {
    throw new InputError('indicators', cliMessages.noScores());
  }
  if (opts.indicators && !isList(opts.indicators)) {
    // A table: one agency per row, each row with its own year.
    if (opts.responses || opts.oit || opts.eitParts) {
      throw new InputError('indicators', cliMessages.tableAlone());
    }
    const rows = await readIndicatorTable(opts.indicators, opts.year ? getCriteriaFromText(opts.year).year : undefined);
    return rows.map((r) => (r.ok ? scoreRow(r.value) : r));
  }
  const criteria = requireYear(opts);
  const indicators: IndicatorValues | undefined = opts.indicators ? parseIndicatorList(opts.indicators) : undefined;
  const eitParts = opts.eitParts ? parseEitParts(opts.eitParts) : undefined;
  const surveys: SurveyScores[] = opts.responses ? await tallyResponsesFile(criteria, opts.responses) : [];
  const oit: Map<string, OitResult> = opts.oit ? await readOitChecklist(criteria, opts.oit) : new Map();
  const agencies = new Set<string>([...surveys.map((s) => s.agency), ...oit.keys()]);
  if (agencies.size === 0) agencies.add('');
  return [...agencies].map((agency, i): RowOutcome<Scored> => {
    const survey = surveys.find((s) => s.agency === agency);
    const checklist = oit.get(agency) ?? (oit.size === 1 && agencies.size === 1 ? [...oit.values()][0] : undefined);
    try {
      const sources = {
        ...(indicators ? { indicators } : {}),
        ...(eitParts ? { eitParts } : {}),
        ...(survey ? { survey } : {}),
        ...(checklist ? { oit: checklist } : {}),
      };
      const scored = scoreFromSources(criteria, sources, agency);
      const value = { scored, indicators: mergeSources(criteria, sources), ...(eitParts ? { eitParts } : {}) };
      return { row: i + 1, agency, ok: true, value };
    } catch (error) {
      if (!(error instanceof InputError) || agency === '') throw error;
      return { row: i + 1, agency, ok: false, error: new InputError(error.field, cliMessages.ofAgency({ agency, said: error.said })) };
    }
  });
}

function scoreRow(row: IndicatorRow): RowOutcome<Scored> {
  try {
    const criteria = getCriteria(row.year);
    const parts = row.eitParts ? { eitParts: row.eitParts } : {};
    const scored = scoreFromSources(criteria, { indicators: row.indicators, ...parts }, row.agency);
    return { row: row.row, agency: row.agency, ok: true, value: { scored, indicators: row.indicators, ...parts } };
  } catch (error) {
    return { row: row.row, agency: row.agency, ok: false, error: atRow(error, row.row) };
  }
}

function printScores(outcomes: readonly RowOutcome<Scored>[], opts: ScoreOptions, io: Io): void {
  const good = outcomes.flatMap((o) => (o.ok ? [{ row: o.row, value: o.value.scored }] : []));
  const bad = outcomes.filter((o) => !o.ok);
  const fromTable = opts.indicators !== undefined && !isList(opts.indicators);
  if (opts.json) {
    for (const o of good) {
      const value = fromTable ? { row: o.row, ...o.value } : o.value;
      io.out(outcomes.length === 1 && !fromTable ? JSON.stringify(value, null, 2) : JSON.stringify(value));
    }
  } else if (outcomes.length === 1 && good[0] && !fromTable) {
    io.out(scoreText(good[0].value, getCriteria(good[0].value.year), opts.digits));
  } else if (good.length > 0) {
    io.out(scoreTableText(good.map((o) => ({ row: o.row, ...o.value })), opts.digits));
  }
  for (const o of bad) printInputError(o.error, io);
  if (bad.length > 0) throw new Exit(EXIT_BAD_INPUT);
}

async function analyze(opts: AnalyzeOptions, io: Io): Promise<void> {
  const outcomes = await scoreCommandInputs(opts);
  const previousRows = opts.previous ? await previousScores(opts) : undefined;
  const results: unknown[] = [];
  let failed = false;
  for (const o of outcomes) {
    if (!o.ok) {
      printInputError(o.error, io);
      failed = true;
      continue;
    }
    const { scored } = o.value;
    const criteria = getCriteria(scored.year);
    let previous: { criteria: CriteriaYear; indicators: IndicatorValues } | undefined;
    if (previousRows) {
      const match = previousRows.get(scored.agency ?? '') ?? (previousRows.size === 1 ? [...previousRows.values()][0] : undefined);
      if (match) previous = match;
    }
    const analysis = analyzeScores(criteria, o.value.indicators, {
      digits: opts.digits,
      ...(previous ? { previous } : {}),
      ...(o.value.eitParts ? { eitParts: o.value.eitParts } : {}),
    });
    if (opts.json) {
      results.push({ ...(scored.agency ? { agency: scored.agency } : {}), year: criteria.year, score: scored, findings: analysis.findings, sentences: analysis.sentences });
    } else {
      if (scored.agency) io.out(`\n${scored.agency}`);
      io.out(analysisText(analysis, opts.lang));
    }
  }
  if (opts.json) {
    for (const r of results) io.out(results.length === 1 ? JSON.stringify(r, null, 2) : JSON.stringify(r));
  }
  if (failed) throw new Exit(EXIT_BAD_INPUT);
}

/** Last year's scores by agency ("" for a single list). */
async function previousScores(opts: AnalyzeOptions): Promise<Map<string, { criteria: CriteriaYear; indicators: IndicatorValues }>> {
  const text = opts.previous as string;
  const yearOf = () => {
    if (opts.previousYear) return getCriteriaFromText(opts.previousYear);
    return getCriteria(requireYear(opts).year - 1);
  };
  if (isList(text)) return new Map([['', { criteria: yearOf(), indicators: parseIndicatorList(text) }]]);
  const rows = await readIndicatorTable(text, opts.previousYear ? getCriteriaFromText(opts.previousYear).year : undefined);
  const errors = rows.filter((r) => !r.ok).map((r) => (r.ok ? null : r.error)).filter((e) => e !== null);
  if (errors.length > 0) throw new InputErrors(errors);
  return new Map(
    rows.flatMap((r) => (r.ok ? [[r.value.agency, { criteria: getCriteria(r.value.year), indicators: r.value.indicators }] as const] : [])),
  );
}
