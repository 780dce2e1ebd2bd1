/**
 * `prongsai oit check --org S --year Y [--item CODE] [--url URL]… [--json]` (issue 21): checks the year's OIT items
 * at the addresses the agency answers (src/preaudit/service.ts `checkOit`), records the history (not with --url:
 * those addresses are checked instead of the answers, for this run only) and prints the outcome.
 *
 * `--json` prints JSON Lines, one object per item and nothing else (other tools depend on it): `item`, `status`
 * ('pass' | 'manual' | 'fail'), `reasons` ({code, th, en, todoTh, todoEn}) and `urls` ({url, status, reason}).
 * Without it, a table in Thai and English, and the estimated scores on stderr. Exit 0 whenever it ran, whatever the
 * verdicts. The portal's own pages are read in-process (a server on the same database); other addresses by the safe
 * fetcher (PRONGSAI_OIT_ALLOW_HOSTS lets local test servers through). The operator acts as the system (cliPrincipal).
 */
import type { Command } from 'commander';
import { cliActor } from '../app/actor.ts';
import { cliPrincipal } from '../app/authz.ts';
import { parseFiscalYear } from '../ita/index.ts';
import type { ItemResult, PreauditRun, UrlResult } from '../preaudit/service.ts';
import { withDb } from './data.ts';
import { cliMessages } from './messages.ts';
import { InputError } from '../errors.ts';
import type { Io } from './main.ts';

interface CheckCliOptions {
  org?: string;
  year?: string;
  item?: string;
  url: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

const urlLine = (u: UrlResult) => ({ url: u.url, finalUrl: u.finalUrl, status: u.status, reason: u.reason });

/** One item as its JSON line. */
export function itemLine(r: ItemResult): string {
  return JSON.stringify({
    item: r.item,
    titleTh: r.titleTh,
    indicator: r.indicator,
    status: r.status,
    reasons: r.reasons.map((x) => ({ code: x.code, th: x.th, en: x.en, todoTh: x.todoTh, todoEn: x.todoEn })),
    urls: r.urls.map((u) => ({ ...urlLine(u), documents: u.documents.map(urlLine) })),
    answeredOn: r.answeredOn,
    checkedAt: r.checkedAt,
    since: r.since,
  });
}

const STATUS: Readonly<Record<ItemResult['status'], string>> = { pass: 'ผ่าน / pass', manual: 'ให้คนตรวจ / manual', fail: 'ไม่ผ่าน / fail' };

/** The run as a readable table: one line per item, its reasons and addresses below. */
export function checkTable(run: PreauditRun): string {
  const lines = [`ตรวจความพร้อม OIT ${run.nameTh} ปีงบประมาณ ${run.year} / OIT pre-audit of ${run.slug}, FY ${run.year}`];
  for (const r of run.items) {
    lines.push(`${r.item.padEnd(4)} ${STATUS[r.status]}  ${r.titleTh}`);
    for (const x of r.reasons) lines.push(`       - ${x.th} / ${x.en}`);
    for (const u of r.urls) lines.push(`       ${u.status ?? '–'} ${u.url}${u.reason ? ` (${u.reason.th} / ${u.reason.en})` : ''}`);
  }
  const count = (s: ItemResult['status']) => run.items.filter((r) => r.status === s).length;
  lines.push(`ผ่าน ${count('pass')} ให้คนตรวจ ${count('manual')} ไม่ผ่าน ${count('fail')} / pass ${count('pass')}, manual ${count('manual')}, fail ${count('fail')}`);
  if (!run.recorded) lines.push('ตรวจ URL ที่ระบุเท่านั้น ไม่บันทึกประวัติ / the given URLs only: not recorded');
  return lines.join('\n');
}

/** The estimate (stderr, readable mode only): clearly an estimate. */
export function estimateText(run: PreauditRun): string {
  const e = run.estimate;
  return [
    `คะแนนโดยประมาณ / estimated: ตัวชี้วัดที่ 9 ${e.indicator9 ?? '–'}  ตัวชี้วัดที่ 10 ${e.indicator10 ?? '–'}  OIT ${e.oit ?? '–'}`,
    `${e.noteTh}`,
    `${e.noteEn}`,
  ].join('\n');
}

export function addOitCommands(program: Command, io: Io): void {
  const oit = program.command('oit').description('ตรวจความพร้อม OIT ก่อนการประเมิน / the OIT pre-audit');
  oit
    .command('check')
    .description('ตรวจข้อ OIT ที่ URL ที่หน่วยงานตอบ / check the OIT items at the answered addresses')
    .option('--org <slug>', 'หน่วยงาน / the organisation')
    .option('--year <year>', 'ปีงบประมาณ พ.ศ. / fiscal year (Buddhist era), e.g. 2570')
    .option('--item <code>', 'เฉพาะข้อนี้ เช่น O11 / only this item, e.g. O11')
    .option('--url <url>', 'ตรวจ URL นี้แทนคำตอบ (ระบุซ้ำได้ ไม่บันทึกประวัติ) / check this address instead (repeatable; not recorded)', collect, [])
    .option('--json', 'ผลเป็น JSON Lines หนึ่งบรรทัดต่อข้อ / JSON Lines, one object per item')
    .action(async (opts: CheckCliOptions) => {
      if (!opts.org) throw new InputError('org', cliMessages.orgRequired());
      if (opts.year === undefined) throw new InputError('year', cliMessages.yearRequired());
      const ref = { org: opts.org, year: parseFiscalYear(opts.year) };
      const [{ checkOit }, { ownSiteReader }, { buildServer }, { publicOrigin }] = await Promise.all([
        import('../preaudit/service.ts'),
        import('../preaudit/weekly.ts'),
        import('../web/server.ts'),
        import('../notifications/events.ts'),
      ]);
      const run = await withDb(async (db) => {
        const app = await buildServer({ db, logger: false });
        try {
          return await checkOit(db, cliPrincipal(cliActor('oit check')), ref, {
            trigger: 'cli',
            now: new Date(),
            origin: publicOrigin(),
            reader: ownSiteReader(app),
            ...(opts.item === undefined ? {} : { item: opts.item }),
            ...(opts.url.length > 0 ? { urls: opts.url } : {}),
          });
        } finally {
          await app.close();
        }
      });
      if (opts.json) {
        io.out(run.items.map(itemLine).join('\n'));
        return;
      }
      io.out(checkTable(run));
      io.err(estimateText(run));
    });
}
