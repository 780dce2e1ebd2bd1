/**
 * The database commands: migrate, demo, export, import, backup, restore. Each opens the database named by the
 * environment (DATABASE_URL, else the embedded one in PRONGSAI_DATA, default ./data), runs the migrations, does
 * its work through app/ and closes it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { DEMO_PASSWORD } from '../accounts/accounts.ts';
import { cliActor } from '../app/actor.ts';
import { DEMO_HOLDS, DEMO_SLUG, DEMO_YEAR, ensureDemo, resetDemo } from '../demo/demo.ts';
import { cliPrincipal, ROLE_TH } from '../app/authz.ts';
import { importMeasures } from '../measures/measures.ts';
import { exportYear, importScores, importYearJson, scoresRows, scoresTableFrom, type ImportOutcome } from '../years/transfer.ts';
import { importNational } from '../years/national-import.ts';
import { loadYear } from '../years/years.ts';
import { backup, readBackupHeader, restore } from '../db/backup.ts';
import { migrate, openDb, optionsFromEnv, type Db } from '../db/index.ts';
import { InputError } from '../errors.ts';
import { formatProblems } from '../io/problems.ts';
import { writeMeasuresCsv, writeMeasuresWorkbook } from '../io/measures-table.ts';
import { writeScoresCsv, writeScoresWorkbook } from '../io/scores-table.ts';
import { checkWorkbook, requireRows } from '../io/tables.ts';
import { parseFiscalYear } from '../ita/index.ts';
import { applyDigits, type DigitStyle } from '../thai/index.ts';
import type { Io } from './main.ts';
import { cliMessages } from './messages.ts';

/** Opens the database, migrates it, runs `fn`, and closes it whatever happens. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(optionsFromEnv());
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

function requireOrg(org: string | undefined): string {
  if (!org) throw new InputError('org', cliMessages.orgRequired());
  return org;
}

/** A second file beside `out` for the progress table of a CSV export: measures.csv → measures-progress.csv. */
export const progressCsvPath = (out: string) => out.replace(/(\.csv)?$/i, '-progress.csv');

function printOutcome(outcome: ImportOutcome, dryRun: boolean, io: Io): void {
  if (outcome.problems.length > 0 || dryRun) io.err(formatProblems(outcome.problems));
  if (outcome.written) io.out(`นำเข้าแล้ว / imported: ${JSON.stringify(outcome.summary)}`);
  else if (dryRun && outcome.problems.every((p) => p.severity !== 'error')) io.out('ตรวจแล้ว ยังไม่ได้นำเข้า (--dry-run) / checked, nothing written (--dry-run)');
  if (outcome.problems.some((p) => p.severity === 'error')) {
    throw new InputError('import', cliMessages.notImported());
  }
}

/** `import FILE --year Y [--create-orgs] [--dry-run]`: a national results file, all rows or none. */
async function importNationalFile(file: string, bytes: Buffer, options: { year: number; createOrgs: boolean; dryRun: boolean }, io: Io): Promise<void> {
  if (/\.xlsx$/i.test(file)) await checkWorkbook(bytes, file);
  const table = await scoresTableFrom(bytes, file);
  requireRows(table, file);
  await withDb(async (db) => {
    const outcome = await importNational(db, cliActor('import'), table, options);
    const problems = [...(table.warnings ?? []), ...outcome.problems];
    if (options.dryRun && outcome.summary) io.out(`จะสร้างและนำเข้า / would create and import: ${JSON.stringify(outcome.summary)}`);
    printOutcome({ ...outcome, problems }, options.dryRun, io);
  });
}

export function addDataCommands(program: Command, io: Io): void {
  program
    .command('migrate')
    .description('ปรับโครงสร้างฐานข้อมูลให้เป็นรุ่นล่าสุด / bring the database schema up to date')
    .action(async () => {
      const db = await openDb(optionsFromEnv());
      try {
        const result = await migrate(db);
        io.out(`${db.kind} ${db.location}: ${result.applied.length ? `ปรับแล้ว / applied ${result.applied.join(', ')}` : 'เป็นรุ่นล่าสุดแล้ว / up to date'} (${result.current})`);
      } finally {
        await db.close();
      }
    });

  program
    .command('demo')
    .description(`ข้อมูลตัวอย่าง อบต.ห้วยทอง: ${DEMO_HOLDS.th} / the demo organisation: ${DEMO_HOLDS.en}`)
    .option('--reset', 'ลบและโหลดข้อมูลตัวอย่างใหม่ / remove and reload the demo')
    .addOption(new Option('--digits <style>', 'เลขไทยหรือเลขอารบิก / Thai or Arabic digits').choices(['thai', 'arabic']).default('thai'))
    .action(async (opts: { reset?: boolean; digits: DigitStyle }) => {
      await withDb(async (db) => {
        if (opts.reset) await resetDemo(db);
        else await ensureDemo(db);
        // The demo's accounts go with its organisation: a reset removes them, so they are made again.
        // Loaded here only: it renders the FY 2566 documents (with the shared browser, closed again).
        const { completeDemo, demoLines } = await import('../demo/demo-setup.ts');
        const demo = await completeDemo(db).finally(async () => (await import('../documents/core/browser.ts')).closeSharedBrowser());
        const users = demo.users;
        const data = await exportYear(db, DEMO_SLUG, DEMO_YEAR, opts.digits);
        const lines = [
          `${data.organisation.nameTh} อำเภอ${data.organisation.district} จังหวัด${data.organisation.province} · ปีงบประมาณ พ.ศ. ${data.year}`,
          `${opts.reset ? 'โหลดข้อมูลตัวอย่างใหม่แล้ว' : 'ข้อมูลตัวอย่างพร้อมใช้'} (${db.kind}: ${db.location})`,
          '',
          ...data.computed.sentences.tools.map((s) => `- ${s.th}`),
          '',
          `มาตรการ ${data.measures.length} มาตรการ:`,
          ...data.measures.map((m) => `  ${m.seq}. ${m.titleTh} (ตัวชี้วัดที่ ${m.indicators.join(', ')}) · ${m.responsible.map((r) => r.labelTh).join(', ')}`),
        ];
        io.out(applyDigits(lines.join('\n'), opts.digits));
        // Passwords and e-mail addresses keep their digits.
        if (users.length) io.out([`\nบัญชีตัวอย่าง (รหัสผ่าน ${DEMO_PASSWORD}) / demo users:`, ...users.map((u) => `  ${u.email.padEnd(30)} ${ROLE_TH[u.role]}`)].join('\n'));
        for (const line of demoLines(demo, (await import('./org.ts')).linkBase())) io.out(line);
        io.out(`\nต่อไป / next: npx prongsai export --org ${DEMO_SLUG} --year ${DEMO_YEAR} --format json · npx prongsai lint --org ${DEMO_SLUG} --year ${DEMO_YEAR}`);
      });
    });

  program
    .command('export')
    .description('ส่งออกข้อมูลของปี / export a year: json (everything), xlsx/csv (measures and progress, or --what scores)')
    .option('--org <slug>', 'หน่วยงาน / the organisation (for scores: omit to export every organisation)')
    .requiredOption('--year <year>', 'ปีงบประมาณ พ.ศ. / fiscal year')
    .addOption(new Option('--format <format>', 'รูปแบบ / format').choices(['json', 'xlsx', 'csv']).default('json'))
    .addOption(new Option('--what <what>', 'ข้อมูลที่ส่งออกเป็นตาราง / the table to export').choices(['measures', 'scores']).default('measures'))
    .option('--out <file>', 'แฟ้มผลลัพธ์ (json: ค่าเริ่มต้นคือแสดงผล) / output file (json: default stdout)')
    .action(async (opts: { org?: string; year: string; format: 'json' | 'xlsx' | 'csv'; what: 'measures' | 'scores'; out?: string }) => {
      const year = parseFiscalYear(opts.year ?? '');
      await withDb(async (db) => {
        if (opts.format === 'json') {
          const text = JSON.stringify(await exportYear(db, requireOrg(opts.org), year), null, 2);
          if (opts.out) await writeFile(opts.out, `${text}\n`);
          else io.out(text);
          return;
        }
        if (!opts.out) throw new InputError('out', cliMessages.outRequired({ format: opts.format }));
        if (opts.what === 'scores') {
          const rows = await scoresRows(db, year, opts.org ? [opts.org] : undefined);
          await writeFile(opts.out, opts.format === 'xlsx' ? await writeScoresWorkbook(rows) : writeScoresCsv(rows));
          io.out(`คะแนน ${rows.length} หน่วยงาน / scores of ${rows.length} organisation(s): ${opts.out}`);
          return;
        }
        const input = await loadYear(db, requireOrg(opts.org), year);
        if (opts.format === 'xlsx') {
          await writeFile(opts.out, await writeMeasuresWorkbook(input));
          io.out(`มาตรการ ${input.measures.length} มาตรการ / measures: ${opts.out}`);
        } else {
          const csv = writeMeasuresCsv(input);
          await writeFile(opts.out, csv.measures);
          await writeFile(progressCsvPath(opts.out), csv.progress);
          io.out(`มาตรการ / measures: ${opts.out} · ความก้าวหน้า / progress: ${progressCsvPath(opts.out)}`);
        }
      });
    });

  program
    .command('import <file>')
    .description('นำเข้าข้อมูล: ตรวจทุกแถวก่อน แล้วนำเข้าทั้งหมดหรือไม่นำเข้าเลย / import: every row checked first, then all or nothing')
    .option('--org <slug>', 'หน่วยงาน (สำหรับมาตรการ) / the organisation (measures)')
    .option('--year <year>', 'ปีงบประมาณ (สำหรับมาตรการ) / fiscal year (measures)')
    .addOption(new Option('--what <what>', 'ชนิดข้อมูล (ค่าเริ่มต้น: ตามแฟ้ม) / what the file holds').choices(['year', 'scores', 'measures']))
    .option('--progress <file>', 'แฟ้ม CSV ความก้าวหน้า (คู่กับ CSV มาตรการ) / the progress CSV beside a measures CSV')
    .option('--create-orgs', 'ผลระดับประเทศ (ใช้กับ --year): สร้างหน่วยงานที่ยังไม่มี / national results (with --year): create the missing organisations')
    .option('--dry-run', 'ตรวจอย่างเดียว ไม่บันทึก / check only, write nothing')
    .action(async (file: string, opts: { org?: string; year?: string; what?: 'year' | 'scores' | 'measures'; progress?: string; createOrgs?: boolean; dryRun?: boolean }) => {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch {
        throw new InputError('file', cliMessages.noFile({ file }));
      }
      // A national results file (issue 18): one agency per row, the year from --year, organisations created as asked.
      if (opts.createOrgs || (opts.year !== undefined && !opts.org && (opts.what ?? 'scores') === 'scores' && !/\.json$/i.test(file))) {
        await importNationalFile(file, bytes, { year: parseFiscalYear(opts.year ?? ''), createOrgs: opts.createOrgs === true, dryRun: opts.dryRun === true }, io);
        return;
      }
      const what = opts.what ?? (/\.json$/i.test(file) ? 'year' : opts.org ? 'measures' : 'scores');
      // A zip bomb is refused before the database is opened.
      if (what !== 'year' && /\.xlsx$/i.test(file)) await checkWorkbook(bytes, file);
      // A table of scores is read (and a bad cell, or no row at all, refused) before the database is opened.
      const scores = what === 'scores' ? await scoresTableFrom(bytes, file) : null;
      if (scores) requireRows(scores, file);
      const actor = cliActor('import');
      const dryRun = opts.dryRun === true;
      await withDb(async (db) => {
        let outcome: ImportOutcome;
        if (what === 'year') outcome = await importYearJson(db, actor, bytes.toString('utf8'), { dryRun });
        else if (scores) {
          const imported = await importScores(db, actor, scores, { dryRun });
          outcome = { ...imported, problems: [...(scores.warnings ?? []), ...imported.problems] };
        } else {
          const files = /\.xlsx$/i.test(file)
            ? { workbook: bytes }
            : { measuresCsv: bytes, progressCsv: opts.progress ? await readFile(opts.progress) : null };
          const result = await importMeasures(db, cliPrincipal(actor), { org: requireOrg(opts.org), year: parseFiscalYear(opts.year ?? '') }, files, { dryRun });
          outcome = { problems: result.problems, written: result.written, ...(result.summary ? { summary: result.summary } : {}) };
        }
        printOutcome(outcome, dryRun, io);
      });
    });

  program
    .command('backup <file>')
    .description('สำรองข้อมูลทั้งหมดเป็นแฟ้มเดียว (ย้ายระหว่าง PGlite และ PostgreSQL ได้) / back up everything into one portable file')
    .action(async (file: string) => {
      await withDb(async (db) => {
        const summary = await backup(db, file);
        const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
        io.out(`สำรองแล้ว / backed up: ${file} (${rows} rows, ${Math.ceil(summary.bytes / 1024)} KB, ${db.kind})`);
      });
    });

  program
    .command('restore <file>')
    .description('กู้คืนจากแฟ้มสำรองข้อมูลลงฐานข้อมูลว่าง / restore a backup into an empty database')
    .action(async (file: string) => {
      const header = await readBackupHeader(file);
      await withDb(async (db) => {
        const summary = await restore(db, file);
        const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
        io.out(`กู้คืนแล้ว / restored: ${rows} rows from ${header.source} backup of ${header.createdAt} into ${db.kind} ${db.location}`);
      });
    });
}
