/**
 * `prongsai rollup --year Y [--org SLUG] [--province P] [--type T] [--json]`: the roll-up of a year
 * (src/supervision/rollup.ts) for the organisations below an office, of a province, of a type. `--json` prints one
 * JSON object (issue 18, point 5: other tools depend on its fields); without it, a short summary in Thai. The
 * operator acts as a system administrator (cliPrincipal).
 */
import type { Command } from 'commander';
import { cliActor } from '../app/actor.ts';
import { cliPrincipal } from '../app/authz.ts';
import { InputError } from '../errors.ts';
import { openReadDb, optionsFromEnv } from '../db/index.ts';
import { rollup, type Rollup } from '../supervision/rollup.ts';
import { withDb } from './data.ts';
import { cliMessages } from './messages.ts';
import type { Io } from './main.ts';

interface RollupOptions {
  year?: string;
  org?: string;
  province?: string;
  type?: string;
  json?: boolean;
}

const figure = (n: number | null) => (n === null ? '–' : n.toFixed(2));

/** The roll-up as a few lines of Thai (and the English words where a script reads them). */
export function rollupSummary(r: Rollup): string {
  const scope = [
    r.scope.org ? `ภายใต้ ${r.scope.org.nameTh} (${r.scope.org.slug})` : 'ทุกหน่วยงาน',
    r.scope.province ? `จ.${r.scope.province.nameTh}` : null,
    r.scope.type ? `ประเภท ${r.scope.type.abbrTh}` : null,
  ].filter(Boolean).join(' ');
  const labels = Object.entries(r.labels).map(([label, n]) => `${label} ${n}`);
  if (r.ungraded > 0) labels.push(`ไม่ระบุระดับ ${r.ungraded}`);
  return [
    `ผลการประเมิน ITA ปีงบประมาณ ${r.year} ${scope}`,
    `หน่วยงาน ${r.organisations} แห่ง มีคะแนนครบ ${r.scored} แห่ง ผ่านเกณฑ์ (85 คะแนนขึ้นไป) ${r.passed} แห่ง`,
    `คะแนนรวมเฉลี่ย ${figure(r.meanOverall)}  IIT ${figure(r.tools.IIT)}  EIT ${figure(r.tools.EIT)}  OIT ${figure(r.tools.OIT)}`,
    `ตัวชี้วัดเฉลี่ย ${Object.entries(r.indicators).map(([n, v]) => `${n}=${figure(v)}`).join(' ')}`,
    `ระดับ ${labels.length ? labels.join(', ') : '–'}`,
  ].join('\n');
}

export function addRollupCommand(program: Command, io: Io): void {
  program
    .command('rollup')
    .description('สรุปผลของหน่วยงานภายใต้การกำกับดูแล / the roll-up of the organisations below an office')
    .option('--year <year>', 'ปีงบประมาณ พ.ศ. / fiscal year (Buddhist era), e.g. 2569')
    .option('--org <slug>', 'ชื่อย่อของสำนักงานที่กำกับดูแล / the supervising office (its whole subtree)')
    .option('--province <province>', 'จังหวัด (ชื่อภาษาไทยหรือรหัส) / the province (Thai name or code)')
    .option('--type <type>', 'ประเภท: อักษรย่อหรือรหัส (prongsai org types) / the type: Thai abbreviation or code')
    .option('--json', 'ผลเป็น JSON / machine-readable JSON')
    .action(async (opts: RollupOptions) => {
      if (opts.year === undefined) throw new InputError('year', cliMessages.yearRequired());
      const request = { year: opts.year, org: opts.org, province: opts.province, type: opts.type };
      // On the read replica when there is one (DATABASE_READ_URL).
      const result = await withDb(async (db) => {
        const replica = await openReadDb(optionsFromEnv());
        try {
          return await rollup(replica ?? db, cliPrincipal(cliActor('rollup')), request);
        } finally {
          await replica?.close();
        }
      });
      io.out(opts.json ? JSON.stringify(result, null, 2) : rollupSummary(result));
    });
}
