/**
 * `prongsai complaints purge [--org S] [--dry-run]`: deletes the closed complaints past their organisation's
 * retention period (PDPA; docs/complaints-security.md §10), as `prongsai serve` does every day. Without --org,
 * every organisation with a complaint channel; with --dry-run, counts and changes nothing.
 */
import type { Command } from 'commander';
import { cliActor } from '../app/actor.ts';
import { cliPrincipal } from '../app/authz.ts';
import { purgeClosedComplaints, type PurgeResult } from '../complaints/cases.ts';
import { withDb } from './data.ts';
import type { Io } from './main.ts';

/** One line per organisation, Thai and English. */
export function purgeLine(r: PurgeResult, dryRun: boolean): string {
  const what = dryRun ? ['จะถูกลบ (--dry-run: ยังไม่ได้ลบ)', 'would be purged (--dry-run: nothing changed)'] : ['ลบแล้ว', 'purged'];
  return `${r.slug} ${r.nameTh}: ${r.cases} เรื่องที่ปิดก่อน ${r.closedBefore} (เก็บ ${r.retentionYears} ปี) ${what[0]} / ${r.cases} closed before ${r.closedBefore} (kept ${r.retentionYears} years) ${what[1]}`;
}

export function addComplaintsCommands(program: Command, io: Io): void {
  const complaints = program.command('complaints').description('ช่องทางรับเรื่องร้องเรียน / the complaint channel');
  complaints
    .command('purge')
    .description('ลบเรื่องที่ปิดแล้วเกินระยะเวลาเก็บรักษาของหน่วยงาน / delete closed cases past the organisation’s retention period')
    .option('--org <slug>', 'เฉพาะหน่วยงานนี้ / only this organisation')
    .option('--dry-run', 'นับอย่างเดียว ไม่ลบ / count only, delete nothing')
    .action(async (opts: { org?: string; dryRun?: boolean }) => {
      const dryRun = opts.dryRun === true;
      const results = await withDb((db) => purgeClosedComplaints(db, cliPrincipal(cliActor('complaints purge')), { ...(opts.org ? { slug: opts.org } : {}), dryRun }));
      if (results.length === 0) io.out('ยังไม่มีหน่วยงานใดตั้งค่าช่องทางรับเรื่องร้องเรียน / no organisation has set up its complaint channel');
      for (const r of results) io.out(purgeLine(r, dryRun));
    });
}
