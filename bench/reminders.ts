/**
 * Benchmark: a month's reminders for a whole country on PostgreSQL (issue 20, point 8). The organisations of
 * bench/national-data.ts (8,300 at scale 1, the offices included); each assessed one has FY 2570 with three units,
 * a head each and a coordinator, and three measures in progress (one per unit) with progress for October and
 * November 2026 only. At 2027-01-10 09:00 (Bangkok) December's progress is overdue: each measure reminds its unit
 * head and the coordinator, and the monthly OIT item reminds the coordinator (due and stale): 8 e-mails per
 * organisation, about 58,000 in all. Phases, each timed with the peak RSS of this process (sampled every 50 ms):
 * load; compute and notify (runReminders: one transaction per organisation, inbox items and delivery jobs);
 * deliver (drain with the server's handlers, as `prongsai reminders` does) to a local SMTP server in this process
 * that accepts and discards; the second run at the same time (nothing new). The handlers pool their SMTP connections
 * (--unpooled: a connection per message) and are closed at the end. The drain's jobs are also reported by kind:
 * one `notify.deliver` per e-mail, plus the day's two clean-ups (`jobs.cleanup`, `notify.cleanup`) that a drain
 * queues once a Bangkok day — why "done" is two more than the e-mails. Prints figures; asserts nothing.
 *
 *   node --import tsx bench/reminders.ts [--scale 1] [--unpooled] [--keep] [--no-deliver]
 *
 * --no-deliver: computes and notifies only (the second run then times computing alone, everything being known).
 *
 * PostgreSQL: PRONGSAI_BENCH_DATABASE_URL or DATABASE_URL names a server where the benchmark may create a scratch
 * database (default postgres://prongsai:prongsai@127.0.0.1:5432/postgres), dropped at the end unless --keep.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { migrate, openDb, type Db, type Queryable } from '../src/db/index.ts';
import { doneByKind, drain } from '../src/jobs/queue.ts';
import { runReminders } from '../src/notifications/reminders.ts';
import { scratchDatabase } from '../test/helpers/pg-scratch.ts';
import { generateCountry, type Country } from './national-data.ts';

const NOW = new Date('2027-01-10T09:00:00+07:00');
const BATCH = 20_000;

/** Peak RSS while `fn` runs (sampled every 50 ms), and its time. */
async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const start = performance.now();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`  ${name.padEnd(34)} ${((performance.now() - start) / 1000).toFixed(2).padStart(8)} s   peak RSS ${(peak / 2 ** 20).toFixed(0).padStart(5)} MiB`);
  }
}

async function count(db: Queryable, sql: string): Promise<number> {
  const [row] = await db.query(sql);
  return Number((row as { n: unknown }).n);
}

/** The organisations, and for the assessed ones FY 2570, units, people, roles, measures and two months of progress. */
async function load(db: Db, country: Country): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('prongsai.actor', $1, true)`, [JSON.stringify({ id: null, label: 'bench reminders', org: null })]);
    for (const level of [0, 1, 2, 3]) {
      const orgs = country.organisations.filter((o) => o.level === level);
      for (let i = 0; i < orgs.length; i += BATCH) {
        const slice = orgs.slice(i, i + BATCH);
        await tx.query(
          `INSERT INTO organisations (id, slug, name_th, kind, org_type, province, province_code, district, district_code, parent_id)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::uuid[])`,
          [
            slice.map((o) => o.id), slice.map((o) => o.slug), slice.map((o) => o.nameTh), slice.map((o) => o.type.kind), slice.map((o) => o.type.code),
            slice.map((o) => o.province), slice.map((o) => o.provinceCode), slice.map((o) => o.district), slice.map((o) => o.districtCode), slice.map((o) => o.parentId),
          ],
        );
      }
    }
    const assessed = country.organisations.filter((o) => o.assessed).map((o) => o.id);
    await tx.query(`INSERT INTO fiscal_years (org_id, year, criteria_year) SELECT unnest($1::uuid[]), 2570, 2570`, [assessed]);
    await tx.query(`INSERT INTO units (org_id, name_th, seq) SELECT f.org_id, u.name, u.seq FROM fiscal_years f
                     CROSS JOIN (VALUES ('สำนักปลัด', 1), ('กองคลัง', 2), ('กองช่าง', 3)) AS u (name, seq)`);
    await tx.query(`WITH p AS (INSERT INTO people (org_id, name_th, email)
                      SELECT o.id, 'ผู้ประสานงาน ITA (ทดสอบ)', 'coordinator@' || o.slug || '.bench' FROM organisations o JOIN fiscal_years f ON f.org_id = o.id
                      RETURNING id, org_id)
                    INSERT INTO roles (person_id, org_id, role) SELECT id, org_id, 'coordinator' FROM p`);
    await tx.query(`WITH p AS (INSERT INTO people (org_id, unit_id, name_th, email)
                      SELECT u.org_id, u.id, 'หัวหน้า' || u.name_th || ' (ทดสอบ)', 'unit' || u.seq || '@' || o.slug || '.bench' FROM units u JOIN organisations o ON o.id = u.org_id
                      RETURNING id, org_id, unit_id)
                    INSERT INTO roles (person_id, org_id, role, unit_id) SELECT id, org_id, 'unit_head', unit_id FROM p`);
    await tx.query(`INSERT INTO measures (fiscal_year_id, seq, title_th, status, period_start, period_end)
                    SELECT f.id, u.seq, 'มาตรการส่งเสริมคุณธรรมที่ ' || u.seq, 'in_progress', DATE '2026-10-01', DATE '2027-09-30'
                      FROM fiscal_years f JOIN units u ON u.org_id = f.org_id`);
    await tx.query(`INSERT INTO measure_responsibles (measure_id, seq, unit_id, label_th)
                    SELECT m.id, 1, u.id, u.name_th FROM measures m JOIN fiscal_years f ON f.id = m.fiscal_year_id JOIN units u ON u.org_id = f.org_id AND u.seq = m.seq`);
    await tx.query(`INSERT INTO progress_entries (measure_id, entry_date, period_start, period_end, done_th, status, created_by)
                    SELECT m.id, (p.s + interval '1 month' + interval '4 days')::date, p.s, (p.s + interval '1 month' - interval '1 day')::date, 'ดำเนินการตามแผน', 'on_track', 'bench'
                      FROM measures m CROSS JOIN (VALUES (DATE '2026-10-01'), (DATE '2026-11-01')) AS p (s)`);
  });
  await db.exec('ANALYZE');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, keep: { type: 'boolean', default: false }, unpooled: { type: 'boolean', default: false }, 'no-deliver': { type: 'boolean', default: false } } });
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error('--scale takes a positive number');
  let mails = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // No reverse DNS of 127.0.0.1 per connection (a slow resolver would be measured, not the queue).
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        mails++;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  // The handlers pool their SMTP connections; --unpooled (?pool=false) opens a connection per message instead.
  process.env.PRONGSAI_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}${values.unpooled ? '/?pool=false' : ''}`;
  process.env.PRONGSAI_MAIL_FROM = 'ITA <ita@bench.example>';
  process.env.PRONGSAI_PUBLIC_URL = 'https://ita.bench.example';
  process.env.PRONGSAI_SECRET_KEY ??= randomBytes(32).toString('base64');
  const { jobHandlers } = await import('../src/web/server.ts');
  const handlers = jobHandlers();

  const adminUrl = process.env.PRONGSAI_BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://prongsai:prongsai@127.0.0.1:5432/postgres';
  const scratch = await scratchDatabase(adminUrl, 'prongsai_bench_reminders');
  const db = await openDb({ url: scratch.url });
  try {
    await migrate(db);
    const country = generateCountry(scale);
    const assessed = country.organisations.filter((o) => o.assessed).length;
    console.log(`reminders: PostgreSQL, ${cpus().length} cores, scale ${scale}: ${country.organisations.length.toLocaleString('en')} organisations (${assessed.toLocaleString('en')} with FY 2570), at ${NOW.toISOString()}`);
    await phase('load', () => load(db, country));
    const summary = await phase('compute and notify', () => runReminders(db, NOW));
    const queued = await count(db, `SELECT count(*)::int AS n FROM jobs WHERE status = 'queued'`);
    console.log(`    reminders ${JSON.stringify(summary.events)}; new ${summary.new.toLocaleString('en')}; people reached ${summary.notified.toLocaleString('en')}; jobs queued ${queued.toLocaleString('en')}`);
    if (values['no-deliver']) {
      const again = await phase('second run, compute only', () => runReminders(db, NOW));
      console.log(`    new ${again.new}`);
      return;
    }
    const delivered = await phase('deliver (drain, SMTP)', () => drain(db, handlers, { now: NOW }));
    console.log(`    jobs ${JSON.stringify(delivered)}; e-mails received by the SMTP server ${mails.toLocaleString('en')}`);
    // Exactly what "done" counts: the deliveries (one per e-mail) and the day's clean-ups.
    console.log(`    jobs done by kind ${JSON.stringify(await doneByKind(db, NOW))} (notify.deliver: one per e-mail; jobs.cleanup, notify.cleanup: once a day)`);
    const again = await phase('second run (nothing new)', async () => ({ ...(await runReminders(db, NOW)), jobs: await drain(db, handlers, { now: NOW }) }));
    console.log(`    new ${again.new}; jobs ${JSON.stringify(again.jobs)}; e-mails ${mails.toLocaleString('en')}`);
  } finally {
    await handlers.close();
    await db.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
    if (values.keep) console.log(`kept: ${scratch.url.replace(/:[^:@/]*@/, ':***@')}`);
    else await scratch.drop();
  }
}

await main();
