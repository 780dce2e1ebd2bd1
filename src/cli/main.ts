/**
 * The `prongsai` command. Each command is a thin shell over app/: parse options, call a use case, print.
 * Exit codes: 0 ok, 1 bad input, 2 usage.
 *
 * This module defines the commands and imports nothing heavy: each command's code is imported when it runs (and the
 * commands of other modules are defined only when asked for, LAZY_COMMANDS), so that `prongsai score` does not load
 * the database, the web server or the document renderers (test/cli-start.test.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, InputError, InputErrors } from '../errors.ts';
import { addCriteriaPackCommands, CRITERIA_PACK_OPTION } from './criteria.ts';
import type { AnalyzeOptions, CriteriaOptions, ScoreOptions } from './score.ts';

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
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await addLazyCommands(program, io, argv);
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
    // A wrong environment variable (src/config.ts): nothing was started.
    return error instanceof ConfigError ? EXIT_USAGE : EXIT_BAD_INPUT;
  }
  throw error;
}

export function printInputError(error: InputError | InputErrors, io: Io): void {
  const list = error instanceof InputErrors ? error.errors : [error];
  for (const e of list) io.err(`ข้อผิดพลาด: ${e.th}\nError: ${e.en}`);
}

/** package.json's version (src/cli/ and dist/cli/ are both two folders down). */
const packageVersion = (): string => (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function buildProgram(io: Io): Command {
  const program = new Command('prongsai')
    .description('Prongsai (โปร่งใส): ITA scoring, analysis and criteria for Thai public agencies')
    .version(packageVersion(), '-V, --version', 'รุ่นของโปรแกรม / the version')
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

  // The commands' code (and the criteria, the scoring and the analysis it loads) is imported when one runs.
  inputOptions(program.command('score').description('คำนวณคะแนน ITA / compute ITA scores')).action(async (opts: ScoreOptions) => {
    await (await import('./score.ts')).scoreCommand(opts, io);
  });

  inputOptions(program.command('analyze').description('วิเคราะห์ผลการประเมิน / analyse a result'))
    .option('--previous <list|file>', 'คะแนนปีก่อน (รูปแบบเดียวกับ --indicators) / last year’s scores')
    .option('--previous-year <year>', 'ปีงบประมาณของคะแนนปีก่อน (ค่าเริ่มต้น: ปีก่อนหน้า) / year of --previous')
    .addOption(new Option('--lang <lang>', 'ภาษาของข้อความ / language of the sentences').choices(['th', 'en']).default('th'))
    .action(async (opts: AnalyzeOptions) => {
      await (await import('./score.ts')).analyzeCommand(opts, io);
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
    .action(async (opts: CriteriaOptions) => {
      await (await import('./score.ts')).criteriaCommand(opts, io);
    });
  addCriteriaPackCommands(criteria, io);

  return program;
}

/**
 * The other commands live in modules that load the database, the web server or the document renderers. Only the
 * module of the command asked for is loaded (so that `score` starts in a fraction of a second); without a command
 * name, or with one not listed here (`--help`, a typo), all of them, so that help and suggestions list everything.
 */
type AddCommands = (program: Command, io: Io) => Promise<void>;

const dataCommands: AddCommands = async (program, io) => (await import('./data.ts')).addDataCommands(program, io);
const orgCommands: AddCommands = async (program, io) => (await import('./org.ts')).addOrgCommands(program, io);
const documentCommands: AddCommands = async (program, io) => {
  const [{ addDocumentCommands }, { withDb }] = await Promise.all([import('./report.ts'), import('./data.ts')]);
  addDocumentCommands(program, io, {
    loadYear: async (org, year) => {
      const { loadYear } = await import('../years/years.ts');
      return withDb((db) => loadYear(db, org, year));
    },
    lintContext: async (org, year) => {
      const { yearLintContext } = await import('../documents/service.ts');
      return withDb((db) => yearLintContext(db, org, year));
    },
    signOff: async (input, kind, today) => {
      const { yearSignOff } = await import('../documents/service.ts');
      return withDb((db) => yearSignOff(db, input.organisation.slug, input, kind, today));
    },
  });
};

export const LAZY_COMMANDS: Readonly<Record<string, AddCommands>> = {
  migrate: dataCommands,
  demo: dataCommands,
  export: dataCommands,
  import: dataCommands,
  backup: dataCommands,
  restore: dataCommands,
  serve: async (program, io) => (await import('./serve.ts')).addServeCommand(program, io),
  complaints: async (program, io) => (await import('./complaints.ts')).addComplaintsCommands(program, io),
  org: orgCommands,
  unit: orgCommands,
  person: orgCommands,
  year: orgCommands,
  report: documentCommands,
  lint: documentCommands,
  rollup: async (program, io) => (await import('./rollup.ts')).addRollupCommand(program, io),
  survey: async (program, io) => (await import('./survey.ts')).addSurveyCommands(program, io),
  jobs: async (program, io) => (await import('./jobs.ts')).addJobsCommands(program, io),
  reminders: async (program, io) => (await import('./reminders.ts')).addRemindersCommand(program, io),
  oit: async (program, io) => (await import('./oit.ts')).addOitCommands(program, io),
};

/** The command named in `argv` (the first word after the script that is not an option), if any. */
export function commandName(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((a) => !a.startsWith('-'));
}

async function addLazyCommands(program: Command, io: Io, argv: readonly string[]): Promise<void> {
  const name = commandName(argv);
  // `prongsai --version` needs nothing else; `score`, `analyze` and `criteria` are defined here.
  if (name === undefined ? argv.includes('--version') || argv.includes('-V') : program.commands.some((c) => c.name() === name)) return;
  const one = name === undefined ? undefined : LAZY_COMMANDS[name];
  for (const add of new Set(one ? [one] : Object.values(LAZY_COMMANDS))) await add(program, io);
}

