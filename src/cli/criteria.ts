/**
 * `prongsai criteria import pack.json [--dry-run]` and `prongsai criteria export --year Y [--revision R] [--out FILE]`
 * (criteria packs: src/ita/pack.ts, src/criteria/criteria.ts), and `--criteria-pack FILE`, which `score`, `analyze` and
 * `criteria` take to use a pack for one command without any database.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CriteriaDiff, PackImportResult } from '../criteria/criteria.ts';
import { InputError } from '../errors.ts';
import type { Io } from './main.ts';
import { cliMessages } from './messages.ts';

// src/cli/main.ts loads this module to define the commands: what the commands need is imported when they run.
const criteriaModule = () => import('../criteria/criteria.ts');

export const CRITERIA_PACK_OPTION = ['--criteria-pack <file>', 'ใช้ชุดเกณฑ์จากแฟ้ม JSON (ไม่เปิดฐานข้อมูล) / use a criteria pack file (no database)'] as const;

/** Runs `fn` with the pack of `file` registered (when given), and forgets it afterwards. */
export async function withCriteriaPack<T>(file: string | undefined, fn: () => Promise<T> | T): Promise<T> {
  if (!file) return fn();
  const [{ readPackFile }, { forgetRegisteredPacks, registerPack }] = await Promise.all([criteriaModule(), import('../ita/index.ts')]);
  registerPack(await readPackFile(file));
  try {
    return await fn();
  } finally {
    forgetRegisteredPacks();
  }
}

/** The differences between two revisions, one line each (Thai / English); `isEmpty`: app/criteria.ts's diffIsEmpty. */
export function diffText(d: CriteriaDiff, isEmpty: (d: CriteriaDiff) => boolean): string {
  if (isEmpty(d)) return 'ไม่มีความแตกต่าง / no differences';
  const lines: string[] = [];
  for (const t of d.tools) lines.push(`เครื่องมือ / tool ${t.code}: ${t.fields.includes('weight') ? `น้ำหนัก / weight ${t.from ?? '-'} → ${t.to ?? '-'}` : t.fields.join(', ')}`);
  const list = (th: string, en: string, l: { added: readonly unknown[]; removed: readonly unknown[]; changed: readonly { key: unknown; fields: readonly string[] }[] }) => {
    if (l.added.length) lines.push(`${th}ที่เพิ่ม / ${en} added: ${l.added.join(', ')}`);
    if (l.removed.length) lines.push(`${th}ที่ตัดออก / ${en} removed: ${l.removed.join(', ')}`);
    for (const c of l.changed) lines.push(`${th}ที่เปลี่ยน / ${en} changed: ${String(c.key)} (${c.fields.join(', ')})`);
  };
  list('ตัวชี้วัด', 'indicators', d.indicators);
  list('ข้อ OIT', 'OIT items', d.oitItems);
  list('ข้อคำถาม', 'questions', d.questions);
  if (d.other.length) lines.push(`ส่วนอื่นที่เปลี่ยน / other changes: ${d.other.join(', ')}`);
  return lines.join('\n');
}

function importText(r: PackImportResult, dryRun: boolean, isEmpty: (d: CriteriaDiff) => boolean): string {
  const lines = [
    `${r.titleTh}`,
    `ปี / year ${r.year} ฉบับปรับปรุงที่ / revision ${r.revision}${r.previousRevision !== null ? ` (แทนฉบับที่ / after revision ${r.previousRevision})` : ' (ปีใหม่ / a new year)'} · OIT ${r.oitItems} ข้อ / items`,
  ];
  if (r.diff) lines.push(diffText(r.diff, isEmpty));
  lines.push(dryRun ? 'ตรวจแล้ว ยังไม่ได้นำเข้า (--dry-run) / checked, nothing written (--dry-run)' : 'นำเข้าแล้ว / imported');
  return lines.join('\n');
}

/** True when there is a database to read stored packs from (a server URL, or the data folder exists). */
async function hasDatabase(): Promise<boolean> {
  const { dataDirOf, optionsFromEnv } = await import('../db/index.ts');
  const options = optionsFromEnv();
  return options.url !== undefined || existsSync(dataDirOf(options));
}

export function addCriteriaPackCommands(criteria: Command, io: Io): void {
  criteria
    .command('import')
    .description('นำเข้าชุดเกณฑ์ (แฟ้ม JSON) / import a criteria pack (JSON file)')
    .argument('<file>', 'แฟ้มชุดเกณฑ์ / the pack file (docs/criteria-pack.schema.json)')
    .option('--dry-run', 'ตรวจอย่างเดียว ไม่บันทึก / check only, write nothing')
    .action(async (file: string, opts: { dryRun?: boolean }) => {
      const [{ diffIsEmpty, importPack, readPackFile }, { loadStoredPacks }, { withDb }, { cliActor }, { cliPrincipal }] = await Promise.all([
        criteriaModule(),
        import('../criteria/packs-store.ts'),
        import('./data.ts'),
        import('../app/actor.ts'),
        import('../app/authz.ts'),
      ]);
      const pack = await readPackFile(file);
      const result = await withDb(async (db) => {
        await loadStoredPacks(db);
        return importPack(db, cliPrincipal(cliActor('criteria import')), pack, { dryRun: opts.dryRun === true });
      });
      io.out(importText(result, opts.dryRun === true, diffIsEmpty));
    });

  criteria
    .command('export')
    .description('ส่งออกเกณฑ์ของปีเป็นชุดเกณฑ์ (JSON) / write a year’s criteria as a pack (JSON)')
    .requiredOption('--year <year>', 'ปีงบประมาณ พ.ศ. / fiscal year (Buddhist era)')
    .option('--revision <n>', 'ฉบับปรับปรุง (ค่าเริ่มต้น: ล่าสุด) / revision (default: the newest)')
    .option('--out <file>', 'แฟ้มผลลัพธ์ (ค่าเริ่มต้น: แสดงผล) / output file (default: stdout)')
    .option(...CRITERIA_PACK_OPTION)
    .action(async (opts: { year: string; revision?: string; out?: string; criteriaPack?: string }) => {
      const [{ exportPack }, { forgetRegisteredPacks, parseFiscalYear }] = await Promise.all([criteriaModule(), import('../ita/index.ts')]);
      const year = parseFiscalYear(opts.year);
      if (opts.revision !== undefined && !/^\d{1,6}$/.test(opts.revision)) {
        throw new InputError('revision', cliMessages.revisionWhole({ given: opts.revision }));
      }
      const revision = opts.revision === undefined ? undefined : Number(opts.revision);
      const text = await withCriteriaPack(opts.criteriaPack, async () => {
        // Packs imported into the database count too, when there is one (never created here).
        if (!opts.criteriaPack && (await hasDatabase())) {
          const [{ withDb }, { loadStoredPacks }] = await Promise.all([import('./data.ts'), import('../criteria/packs-store.ts')]);
          return withDb(async (db) => {
            await loadStoredPacks(db);
            try {
              return JSON.stringify(exportPack(year, revision), null, 2);
            } finally {
              forgetRegisteredPacks();
            }
          });
        }
        return JSON.stringify(exportPack(year, revision), null, 2);
      });
      if (opts.out) await writeFile(opts.out, `${text}\n`);
      else io.out(text);
    });
}
