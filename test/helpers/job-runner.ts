/**
 * A job runner in its own process, for test/jobs-processes.test.ts: `node --import tsx test/helpers/job-runner.ts
 * URL MODE NAME`, on the PostgreSQL database at URL.
 * - share: says "ready", waits for a line on stdin, then drains the jobs of kind test.append (each appends its id
 *   and NAME to the table appended) and prints how many it did, as JSON.
 * - hang: takes due jobs of kind test.hang with a 1-second lease; their handler never ends (the test kills it).
 */
import { createInterface } from 'node:readline';
import { openDb } from '../../src/db/index.ts';
import { drain, JobHandlers, runOnce } from '../../src/jobs/queue.ts';

const [url, mode, name] = process.argv.slice(2);
if (!url || !name || (mode !== 'share' && mode !== 'hang')) throw new Error('usage: job-runner.ts URL share|hang NAME');
const db = await openDb({ url });

if (mode === 'share') {
  const handlers = new JobHandlers().on('test.append', async (job, { db: d }) => {
    await d.query('INSERT INTO appended (job_id, worker) VALUES ($1, $2)', [job.id, name]);
  });
  process.stdout.write('ready\n');
  const input = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => input.once('line', () => resolve()));
  input.close();
  process.stdin.destroy();
  const result = await drain(db, handlers, { now: new Date(), worker: name, batch: 5 });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await db.close();
} else {
  const handlers = new JobHandlers().on('test.hang', () => new Promise<void>(() => undefined));
  process.stdout.write('ready\n');
  await runOnce(db, handlers, { now: new Date(), worker: name, leaseMs: 1000 });
}
