/**
 * `prongsai report` (a year's official document as PDF, DOCX, HTML or XLSX) and `prongsai lint` (the problems
 * of a year's data before its documents are rendered). Both read the year from the database through
 * `deps.loadYear`, or from `--input FILE`: the JSON that `prongsai export` prints (its `computed` key is
 * ignored and recomputed), so that documents can be made without a database.
 *
 * Exit codes as the rest of the command: 0 ok (a document with problems is still written, the problems go to
 * stderr), 1 bad input — and for `lint`, problems of severity error —, 2 usage.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { ChromiumNotFoundError, closeSharedBrowser } from '../documents/core/browser.ts';
import { lintYear, type LintContext, type LintProblem } from '../documents/core/lint.ts';
import { DOCUMENT_KINDS, DOCUMENT_KIND_NAMES, type DocumentKind } from '../documents/core/model.ts';
import { DOCX_FONTS, type DocxFontName } from '../documents/core/docx.ts';
import { DOCUMENT_FORMATS, renderDocument, type DocumentFormat } from '../documents/core/render.ts';
import { documentDate, type SignOff } from '../documents/core/signoff.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { InputError } from '../errors.ts';
import { deriveYear } from '../model/derive.ts';
import { messageOfIssue } from '../model/messages.ts';
import { yearInputSchema, type YearInput } from '../model/year.ts';
import { parseFiscalYear } from '../ita/index.ts';
import { applyDigits, type DigitStyle } from '../thai/index.ts';
import type { Io } from './main.ts';
import { cliMessages } from './messages.ts';

export interface DocumentDeps {
  readonly loadYear: (org: string, year: number) => Promise<YearInput>;
  /** What the database knows beyond the year's data (the analysis texts marked stale); absent: nothing. */
  readonly lintContext?: (org: string, year: number) => Promise<LintContext>;
  /** Who signs a document of the year and when (src/documents/service.ts yearSignOff); absent: the date only. */
  readonly signOff?: (input: YearInput, kind: DocumentKind, today: string) => Promise<SignOff>;
}

interface YearOptions {
  org?: string;
  year?: string;
  input?: string;
  digits: DigitStyle;
}

interface ReportOptions extends YearOptions {
  kind: DocumentKind;
  format?: DocumentFormat;
  out: string;
  /** The report: each measure's monthly progress (false from --no-progress). */
  progress?: boolean;
  /** DOCX: the national font named (default) or Sarabun embedded (docs/decisions/0007-docx-fonts.md). */
  docxFont?: DocxFontName;
}

interface LintOptions extends YearOptions {
  kind?: DocumentKind;
  json?: boolean;
}

/** The year from `--input FILE` (checked against --org/--year when given) or from the database. */
export async function loadYearInput(opts: YearOptions, deps: DocumentDeps): Promise<YearInput> {
  const year = opts.year === undefined ? undefined : parseFiscalYear(opts.year);
  if (opts.input) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(opts.input, 'utf8'));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new InputError('input', cliMessages.notJson({ file: opts.input, why }));
    }
    const parsed = yearInputSchema.safeParse(json);
    if (!parsed.success) {
      // A message of the model is said in both languages, Thai first; zod's own in its English.
      const said = (i: (typeof parsed.error.issues)[number]) => {
        const m = messageOfIssue(i);
        return m ? `${m.th} / ${m.en}` : i.message;
      };
      const issues = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${said(i)}`).join('; ');
      throw new InputError('input', cliMessages.notAYear({ file: opts.input, issues }));
    }
    const input = parsed.data;
    if (opts.org && opts.org !== input.organisation.slug) {
      throw new InputError('org', cliMessages.otherOrg({ inFile: input.organisation.slug, given: opts.org }));
    }
    if (year !== undefined && year !== input.year) {
      throw new InputError('year', cliMessages.otherYear({ inFile: input.year, given: year }));
    }
    return input;
  }
  if (!opts.org || year === undefined) {
    throw new InputError('org', cliMessages.orgAndYear());
  }
  return deps.loadYear(opts.org, year);
}

/** The lint context of the year of `input`: from the database, unless the year was read from `--input FILE`. */
async function lintContextFor(opts: YearOptions, input: YearInput, deps: DocumentDeps): Promise<LintContext> {
  if (opts.input || !deps.lintContext) return {};
  return deps.lintContext(input.organisation.slug, input.year);
}

/**
 * Who signs the document and when: from the database (the organisation's settings and the approval), or, for a
 * year read from `--input FILE`, only the date, with empty lines for the names.
 */
async function signOffFor(opts: ReportOptions, input: YearInput, deps: DocumentDeps): Promise<SignOff> {
  const today = todayInBangkok();
  if (opts.input || !deps.signOff) {
    return { date: documentDate(opts.kind, input.year, today, null), preparer: { name: null, position: null }, approver: { name: null, position: null } };
  }
  return deps.signOff(input, opts.kind, today);
}

/** One problem in two lines, Thai then English. */
export function problemText(p: LintProblem, digits: DigitStyle): string {
  const th = p.severity === 'error' ? 'ข้อผิดพลาด' : 'คำเตือน';
  // A suggestion quotes the text to find: its digits stay as written.
  const fix = p.suggestion ? `\n  แนะนำ / suggestion: ${p.suggestion.th} / ${p.suggestion.en}` : '';
  return `${th}: ${applyDigits(`${p.whereTh}: ${p.th}`, digits)}\n  ${p.severity} (${p.where}): ${p.en}${fix}`;
}

function formatOf(opts: ReportOptions): DocumentFormat {
  if (opts.format) return opts.format;
  const ext = extname(opts.out).slice(1).toLowerCase();
  const known = DOCUMENT_FORMATS.find((f) => f === ext);
  if (known) return known;
  throw new InputError('format', cliMessages.format({ formats: DOCUMENT_FORMATS.join(', ') }));
}

export async function reportCommand(opts: ReportOptions, io: Io, deps: DocumentDeps): Promise<void> {
  const format = formatOf(opts);
  const input = await loadYearInput(opts, deps);
  const lint = await lintContextFor(opts, input, deps);
  try {
    const signOff = await signOffFor(opts, input, deps);
    const rendered = await renderDocument(input, { kind: opts.kind, format, digits: opts.digits, lint, signOff, ...(opts.progress === false ? { progress: false } : {}), ...(opts.docxFont ? { docxFont: opts.docxFont } : {}) });
    await writeFile(opts.out, rendered.bytes);
    for (const p of rendered.problems) io.err(problemText(p, opts.digits));
    const size = `${Math.max(1, Math.round(rendered.bytes.length / 1024))} KB`;
    io.out(`${DOCUMENT_KIND_NAMES[opts.kind].th} (${format}): ${opts.out}, ${applyDigits(size, opts.digits)}` + (rendered.problems.length > 0 ? ` — ${applyDigits(String(rendered.problems.length), opts.digits)} ข้อควรตรวจ / problems to check (stderr)` : ''));
  } catch (error) {
    if (error instanceof ChromiumNotFoundError) throw new InputError('format', cliMessages.passedOn({ said: error }));
    throw error;
  } finally {
    await closeSharedBrowser();
  }
}

export async function lintCommand(opts: LintOptions, io: Io, deps: DocumentDeps): Promise<void> {
  const input = await loadYearInput(opts, deps);
  const all = lintYear(deriveYear(input), await lintContextFor(opts, input, deps));
  const problems = opts.kind ? all.filter((p) => p.documents.includes(opts.kind as DocumentKind)) : all;
  if (opts.json) {
    io.out(JSON.stringify({ org: input.organisation.slug, year: input.year, problems }, null, 2));
  } else if (problems.length === 0) {
    io.out('ไม่พบปัญหา / no problems found');
  } else {
    io.out(problems.map((p) => problemText(p, opts.digits)).join('\n'));
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) {
    throw new InputError('lint', cliMessages.lintErrors({ errors, digits: opts.digits }));
  }
}

export function addDocumentCommands(program: Command, io: Io, deps: DocumentDeps): void {
  const yearOptions = (cmd: Command) =>
    cmd
      .option('--org <slug>', 'หน่วยงาน (slug) เช่น huai-thong / the organisation')
      .option('--year <year>', 'ปีงบประมาณ พ.ศ. เช่น 2566 / fiscal year (Buddhist era)')
      .option('--input <file>', 'แฟ้ม JSON จาก prongsai export แทนฐานข้อมูล / a year exported as JSON, instead of the database')
      .addOption(new Option('--digits <style>', 'เลขไทยหรือเลขอารบิก / Thai or Arabic digits').choices(['thai', 'arabic']).default('thai'));

  yearOptions(program.command('report').description('สร้างเอกสารทางการของปี / make an official document of a year'))
    .addOption(new Option('--kind <kind>', 'ชนิดเอกสาร / document kind').choices([...DOCUMENT_KINDS]).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'รูปแบบแฟ้ม (ค่าเริ่มต้น: ตามนามสกุลของ --out) / file format').choices([...DOCUMENT_FORMATS]))
    .requiredOption('--out <file>', 'แฟ้มผลลัพธ์ / output file')
    .option('--no-progress', 'รายงานผล: ไม่รวมผลการดำเนินงานรายเดือนและหลักฐาน / the report: without the monthly progress and evidence')
    .addOption(
      new Option(
        '--docx-font <font>',
        'DOCX: national = ระบุ TH SarabunPSK สำหรับ Word (ค่าเริ่มต้น), sarabun = ฝังแบบอักษร Sarabun ในแฟ้ม สำหรับ LibreOffice / DOCX: name TH SarabunPSK for Word (default), or embed Sarabun for LibreOffice',
      ).choices(Object.keys(DOCX_FONTS)),
    )
    .action(async (opts: ReportOptions) => {
      await reportCommand(opts, io, deps);
    });

  yearOptions(program.command('lint').description('ตรวจข้อมูลของปีก่อนสร้างเอกสาร / check a year’s data before its documents are made'))
    .addOption(new Option('--kind <kind>', 'เฉพาะปัญหาที่ปรากฏในเอกสารชนิดนี้ / only problems that show in this document').choices([...DOCUMENT_KINDS]))
    .option('--json', 'ผลเป็น JSON / machine-readable JSON')
    .action(async (opts: LintOptions) => {
      await lintCommand(opts, io, deps);
    });
}
