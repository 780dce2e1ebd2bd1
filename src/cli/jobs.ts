/**
 * `prongsai jobs [--failed] [--json]`: the queued, running and failed jobs of the queue (src/jobs/queue.ts), with
 * their last error; `prongsai jobs retry ID`: a failed job queued again, with all its attempts; `prongsai jobs run
 * [--now ISO-TIME]`: every job due at that time (default: now), with the handlers `serve` runs, then exit (cron).
 * The operator acts as a system administrator (cliPrincipal).
 */
import type { Command } from 'commander';
import { cliActor } from '../app/actor.ts';
import { cliPrincipal } from '../app/authz.ts';
import { drain, listJobs, parseNow, retryJob, type JobView } from '../jobs/queue.ts';
import { withDb } from './data.ts';
import type { Io } from './main.ts';

const STATUS_TH: Readonly<Record<JobView['status'], string>> = { queued: 'รอทำ', running: 'กำลังทำ', done: 'เสร็จ', failed: 'ล้มเหลว' };

/** One job as a line (and its error on the next). */
export function jobLine(job: JobView): string {
  const org = job.orgSlug ? ` ${job.orgSlug}` : '';
  const line = `#${job.id} ${job.kind}${org} ${STATUS_TH[job.status]} / ${job.status} ครั้งที่ / attempt ${job.attempts}/${job.maxAttempts} กำหนด / due ${job.runAt}`;
  return job.lastError ? `${line}\n    ${job.lastError}` : line;
}

export function addJobsCommands(program: Command, io: Io): void {
  const principal = () => cliPrincipal(cliActor('jobs'));
  const jobs = program
    .command('jobs')
    .description('งานเบื้องหลังที่รอ กำลังทำ หรือล้มเหลว / the background jobs queued, running or failed')
    .option('--failed', 'เฉพาะงานที่ล้มเหลว / failed jobs only')
    .option('--json', 'ผลเป็น JSON / machine-readable JSON')
    .action(async (opts: { failed?: boolean; json?: boolean }) => {
      const found = await withDb((db) => listJobs(db, principal(), { failed: opts.failed === true }));
      if (opts.json) return io.out(JSON.stringify(found, null, 2));
      io.out(found.length === 0 ? 'ไม่มีงาน / no jobs' : found.map(jobLine).join('\n'));
    });
  jobs
    .command('retry <id>')
    .description('สั่งทำงานที่ล้มเหลวใหม่ / queue a failed job again')
    .action(async (id: string) => {
      const job = await withDb((db) => retryJob(db, principal(), id, new Date()));
      io.out(`สั่งทำใหม่แล้ว / queued again: ${jobLine(job)}`);
    });
  jobs
    .command('run')
    .description('ทำงานที่ถึงกำหนดทั้งหมดแล้วจบ (สำหรับ cron) / run every job due, then exit (for cron)')
    .option('--now <time>', 'เวลาอ้างอิง ISO 8601 / the time to run at (ISO 8601 with a zone; default now)')
    .action(async (opts: { now?: string }) => {
      const now = opts.now === undefined ? new Date() : parseNow(opts.now);
      const { jobHandlers } = await import('../web/server.ts');
      const handlers = jobHandlers();
      const result = await withDb((db) => drain(db, handlers, { now })).finally(() => handlers.close());
      io.out(`เสร็จ ${result.done} งาน ลองใหม่ภายหลัง ${result.retried} ล้มเหลว ${result.failed} / done ${result.done}, to retry ${result.retried}, failed ${result.failed}`);
    });
}
