/**
 * `prongsai reminders [--now ISO-TIME] [--json]` (issue 20, point 4; for cron and tests): computes the reminders
 * due at that time for every organisation (src/notifications/reminders.ts: one transaction per organisation),
 * delivers them and every other job due (the handlers `serve` runs: e-mail over PRONGSAI_SMTP_URL, LINE), prints a
 * summary and exits. Run twice at the same time, the second notifies nothing new.
 */
import type { Command } from 'commander';
import { drain, parseNow, type RunResult } from '../jobs/queue.ts';
import { runReminders, type ReminderSummary } from '../notifications/reminders.ts';
import { withDb } from './data.ts';
import type { Io } from './main.ts';

export interface RemindersOutcome extends ReminderSummary {
  readonly jobs: RunResult;
}

/** The summary in Thai and English. */
export function remindersSummary(r: RemindersOutcome): string {
  const kinds = Object.entries(r.events).map(([kind, n]) => `${kind} ${n}`);
  return [
    `ตรวจ ${r.organisations} หน่วยงาน / organisations checked: ${r.organisations}`,
    `การแจ้งเตือนที่ถึงกำหนด / reminders due: ${kinds.length ? kinds.join(', ') : '–'}`,
    `แจ้งเตือนใหม่ ${r.new} เรื่อง ถึง ${r.notified} คน / new reminders: ${r.new}, to ${r.notified} people`,
    `งานส่ง: เสร็จ ${r.jobs.done} ลองใหม่ภายหลัง ${r.jobs.retried} ล้มเหลว ${r.jobs.failed} / jobs: done ${r.jobs.done}, to retry ${r.jobs.retried}, failed ${r.jobs.failed}`,
  ].join('\n');
}

export function addRemindersCommand(program: Command, io: Io): void {
  program
    .command('reminders')
    .description('ส่งการแจ้งเตือนที่ถึงกำหนดแล้วจบ (สำหรับ cron) / send the reminders due, then exit (for cron)')
    .option('--now <time>', 'เวลาอ้างอิง ISO 8601 / the time to run at (ISO 8601 with a zone; default now)')
    .option('--json', 'ผลเป็น JSON / machine-readable JSON')
    .action(async (opts: { now?: string; json?: boolean }) => {
      const now = opts.now === undefined ? new Date() : parseNow(opts.now);
      const { jobHandlers } = await import('../web/server.ts');
      const handlers = jobHandlers();
      // The handlers' pooled SMTP connections are closed when done, so the command exits.
      const outcome = await withDb(async (db): Promise<RemindersOutcome> => {
        const summary = await runReminders(db, now);
        return { ...summary, jobs: await drain(db, handlers, { now }) };
      }).finally(() => handlers.close());
      io.out(opts.json ? JSON.stringify(outcome, null, 2) : remindersSummary(outcome));
    });
}
