/**
 * The `prongsai` command. Each command is a thin shell over app/: parse options, call a use case, print.
 * Exit codes: 0 ok, 1 bad input, 2 usage.
 */
import { Command, CommanderError, Option } from 'commander';
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
} from '../app/scoring.ts';
import { InputError, InputErrors } from '../errors.ts';
import { criteriaYears, getCriteria, getCriteriaFromText, type CriteriaYear } from '../ita/index.ts';
import type { OitResult, SurveyScores } from '../scoring/index.ts';
import type { DigitStyle } from '../thai/index.ts';
import { analysisText, criteriaText, scoreText, scoreTableText } from './format.ts';
import { addDataCommands, withDb } from './data.ts';
import { addComplaintsCommands } from './complaints.ts';
import { addOrgCommands } from './org.ts';
import { addDocumentCommands } from './report.ts';
import { addServeCommand } from './serve.ts';
import { addCriteriaPackCommands, CRITERIA_PACK_OPTION, withCriteriaPack } from './criteria.ts';
import { loadYear } from '../app/years.ts';
import { yearLintContext } from '../app/documents.ts';

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;
export const EXIT_USAGE = 2;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Raised inside a command to end with a given exit code after printing. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

interface ScoreOptions {
  year?: string;
  indicators?: string;
  eitParts?: string;
  responses?: string;
  oit?: string;
  json?: boolean;
  digits: DigitStyle;
  criteriaPack?: string;
}

interface AnalyzeOptions extends ScoreOptions {
  previous?: string;
  previousYear?: string;
  lang: 'th' | 'en';
}

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[]);
    return EXIT_OK;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: Io): number {
  if (error instanceof Exit) return error.code;
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (error instanceof InputError || error instanceof InputErrors) {
    printInputError(error, io);
    return EXIT_BAD_INPUT;
  }
  throw error;
}

function printInputError(error: InputError | InputErrors, io: Io): void {
  const list = error instanceof InputErrors ? error.errors : [error];
  for (const e of list) io.err(`ข้อผิดพลาด: ${e.th}\nError: ${e.en}`);
}

function buildProgram(io: Io): Command {
  const program = new Command('prongsai')
    .description('Prongsai (โปร่งใส): ITA scoring, analysis and criteria for Thai public agencies')
    .exitOverride()
    // A command's options come after its name (so that `criteria --year` and `criteria export --year` differ).
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(prongsai --help แสดงวิธีใช้ / shows usage)');

  const digitsOption = () =>
    new Option('--digits <style>', 'เลขไทยหรือเลขอารบิก / Thai or Arabic digits in text output').choices(['thai', 'arabic']).default('thai');
  const inputOptions = (cmd: Command) =>
    cmd
      .option('--year <year>', 'ปีงบประมาณ พ.ศ. / fiscal year (Buddhist era), e.g. 2566')
      .option('--indicators <list|file>', 'คะแนนตัวชี้วัด 1=93.55,2=87.72,… หรือแฟ้ม CSV/XLSX (agency, year, 1 … 10)')
      .option('--eit-parts <list>', 'คะแนน EIT ส่วนที่ 1 และ 2 / EIT part 1 and part 2 scores, e.g. 88.50,90.10')
      .option('--responses <file>', 'แฟ้มคำตอบแบบสอบถาม IIT/EIT (CSV) / raw survey answers (CSV)')
      .option('--oit <file>', 'รายการตรวจ OIT (CSV/XLSX: code, met) / OIT checklist')
      .option('--json', 'ผลเป็น JSON / machine-readable JSON')
      .option(...CRITERIA_PACK_OPTION)
      .addOption(digitsOption());

  inputOptions(program.command('score').description('คำนวณคะแนน ITA / compute ITA scores')).action(async (opts: ScoreOptions) => {
    await withCriteriaPack(opts.criteriaPack, async () => {
      const outcomes = await scoreCommandInputs(opts);
      printScores(outcomes, opts, io);
    });
  });

  inputOptions(program.command('analyze').description('วิเคราะห์ผลการประเมิน / analyse a result'))
    .option('--previous <list|file>', 'คะแนนปีก่อน (รูปแบบเดียวกับ --indicators) / last year’s scores')
    .option('--previous-year <year>', 'ปีงบประมาณของคะแนนปีก่อน (ค่าเริ่มต้น: ปีก่อนหน้า) / year of --previous')
    .addOption(new Option('--lang <lang>', 'ภาษาของข้อความ / language of the sentences').choices(['th', 'en']).default('th'))
    .action(async (opts: AnalyzeOptions) => {
      await withCriteriaPack(opts.criteriaPack, () => analyzeCommand(opts, io));
    });

  // `criteria` keeps its own options (positional: they come before a subcommand) and has `import` and `export`.
  const criteria = program
    .command('criteria')
    .description('เกณฑ์การประเมินของปี / the criteria catalogue of a year')
    .enablePositionalOptions()
    .option('--year <year>', 'ปีงบประมาณ พ.ศ. / fiscal year (Buddhist era)')
    .option('--json', 'ผลเป็น JSON / machine-readable JSON')
    .option(...CRITERIA_PACK_OPTION)
    .addOption(digitsOption())
    .action(async (opts: { year?: string; json?: boolean; digits: DigitStyle; criteriaPack?: string }) => {
      await withCriteriaPack(opts.criteriaPack, () => {
        if (!opts.year) {
          const years = criteriaYears();
          io.out(opts.json ? JSON.stringify({ years }) : `ปีที่มีเกณฑ์ / years: ${years.join(', ')}\nprongsai criteria --year ${years.at(-1)}`);
          return;
        }
        const criteria = getCriteriaFromText(opts.year);
        io.out(opts.json ? JSON.stringify(criteria, null, 2) : criteriaText(criteria, opts.digits));
      });
    });
  addCriteriaPackCommands(criteria, io);

  addDataCommands(program, io);
  addServeCommand(program, io);
  addComplaintsCommands(program, io);
  addOrgCommands(program, io);
  addDocumentCommands(program, io, {
    loadYear: (org, year) => withDb((db) => loadYear(db, org, year)),
    lintContext: (org, year) => withDb((db) => yearLintContext(db, org, year)),
  });

  return program;
}

function requireYear(opts: ScoreOptions): CriteriaYear {
  if (!opts.year) {
    throw new InputError('year', 'ต้องระบุ --year (ปีงบประมาณ พ.ศ. เช่น 2566)', '--year is required (Buddhist-era fiscal year, e.g. 2566)');
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
    throw new InputError(
      'indicators',
      'ต้องระบุ --indicators, --responses หรือ --oit อย่างน้อยหนึ่งอย่าง',
      'give at least one of --indicators, --responses or --oit',
    );
  }
  if (opts.indicators && !isList(opts.indicators)) {
    // A table: one agency per row, each row with its own year.
    if (opts.responses || opts.oit || opts.eitParts) {
      throw new InputError(
        'indicators',
        'ใช้แฟ้มตาราง --indicators ร่วมกับ --responses, --oit หรือ --eit-parts ไม่ได้ (ใส่คอลัมน์ eit1, eit2 ในตารางแทน)',
        'an --indicators table cannot be combined with --responses, --oit or --eit-parts (put eit1, eit2 columns in the table)',
      );
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
      return { row: i + 1, agency, ok: false, error: new InputError(error.field, `${agency}: ${error.th}`, `${agency}: ${error.en}`) };
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

async function analyzeCommand(opts: AnalyzeOptions, io: Io): Promise<void> {
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
