/**
 * `prongsai serve` (what `npm start` runs): the staff web application on http://127.0.0.1:3000 (PORT, HOST), on
 * the database named by the environment (DATABASE_URL, else the embedded one in PRONGSAI_DATA, default ./data).
 *
 * The server listens at once and answers /healthz 503 until the database is open and migrated; on the first
 * start of an empty database it loads the demo organisation (อบต.ห้วยทอง) with its demo users, and as long as
 * no system administrator can sign in it prints a one-time set-up link (valid 24 hours) on the console. The
 * embedded database is backed up daily (src/db/backup.ts), and closed complaints past their retention period are
 * purged daily. SIGINT and SIGTERM close the server, the documents browser and the database, in that order.
 *
 * On PostgreSQL, each server process LISTENs for the changes the others announce (src/db/notify.ts) and its caches
 * drop what they concern; `--workers N` runs N such processes sharing one port (node:cluster), the start's
 * one-time work (migrations, the demo, the set-up link) done once before them; roll-ups read from
 * DATABASE_READ_URL when it is set (docs/decisions/0011-several-processes.md).
 */
import cluster from 'node:cluster';
import { createWriteStream, openSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import ipaddr from 'ipaddr.js';
import { configValue, loadConfig, logLevelOf, type Config } from '../config.ts';
import { adminSetupLink, DEMO_PASSWORD, purgeExpired } from '../accounts/accounts.ts';
import { cliActor } from '../app/actor.ts';
import { cliPrincipal, ROLE_TH } from '../app/authz.ts';
import { purgeClosedComplaints } from '../complaints/cases.ts';
import { todayInBangkok } from '../measures/reporting.ts';
import { DEMO_HOLDS, DEMO_SLUG, ensureDemo } from '../demo/demo.ts';
import { completeDemo, demoLines } from '../demo/demo-setup.ts';
import { autoBackup } from '../db/backup.ts';
import { dataDirOf, migrate, openDb, openReadDb, optionsFromEnv, type Db, type OpenOptions } from '../db/index.ts';
import { ChangeBus, listenForChanges, type Listening } from '../db/notify.ts';
import { closeSharedBrowser } from '../documents/core/index.ts';
import { ConfigError, InputError } from '../errors.ts';
import { startRunner, type Runner } from '../jobs/queue.ts';
import { scheduleReminders } from '../notifications/reminders.ts';
import { schedulePreaudit } from '../preaudit/weekly.ts';
import { buildServer, jobHandlers } from '../web/server.ts';
import type { Io } from './main.ts';
import { cliMessages } from './messages.ts';

export interface ServeOptions {
  readonly port?: number;
  readonly host?: string;
  readonly db?: OpenOptions;
  /** Where the console messages go (the set-up link, the demo users). */
  readonly io: Io;
  /** pino log level (default LOG_LEVEL, else info when logging to a file, else warn: {@link logLevelOf}). */
  readonly logLevel?: string;
  /** The environment the settings are read from (src/config.ts; default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** One of several processes (--workers): the start's one-time work (the demo, the set-up link) was done already. */
  readonly worker?: boolean;
}

export interface RunningServer {
  /** http://127.0.0.1:3000 */
  readonly url: string;
  /** Resolves when the database is ready (or rejects when it could not be opened). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const HOUR = 3600_000;

/** PRONGSAI_TRUST_PROXY's value (src/config.ts): false (nobody), a number of proxies, or their addresses and CIDRs. */
export function trustProxyFromEnv(value: string | undefined): false | number | string[] {
  return configValue('PRONGSAI_TRUST_PROXY', { PRONGSAI_TRUST_PROXY: value });
}

const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

interface LogLine {
  level?: number;
  time?: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; stack?: string };
}

/**
 * The log as short human lines for a terminal ("21:56:01 WARN message"; a request as "GET /login 200 3 ms", one
 * line when it completes): pino's JSON lines in, text out. A few lines of our own rather than pino-pretty, whose
 * dozen dependencies would serve the same few fields; only warnings and errors come here unless LOG_LEVEL asks.
 */
export function prettyLog(out: NodeJS.WritableStream): Writable {
  const requests = new Map<string, string>();
  let rest = '';
  const format = (text: string): string | null => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return text;
    }
    const time = new Date(line.time ?? Date.now()).toTimeString().slice(0, 8);
    const level = LEVEL_NAMES[line.level ?? 30] ?? String(line.level);
    if (line.req && line.reqId !== undefined) {
      requests.set(line.reqId, `${line.req.method ?? ''} ${line.req.url ?? ''}`);
      // An aborted request never completes: keep the latest ones only.
      if (requests.size > 1000) requests.delete(requests.keys().next().value as string);
      return null;
    }
    if (line.res && line.reqId !== undefined) {
      const request = requests.get(line.reqId) ?? line.reqId;
      requests.delete(line.reqId);
      return `${time} ${level} ${request} ${line.res.statusCode ?? ''} ${Math.round(line.responseTime ?? 0)} ms`;
    }
    const err = line.err ? `: ${line.err.stack ?? line.err.message ?? ''}` : '';
    return `${time} ${level} ${line.msg ?? ''}${err}`;
  };
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      const shown = lines.filter(Boolean).map(format).filter((l) => l !== null);
      if (shown.length > 0) out.write(`${shown.join('\n')}\n`);
      done();
    },
  });
}

/**
 * Where the log goes: PRONGSAI_LOG_FILE (JSON lines, appended; opened now, so that a wrong path stops the start),
 * else the console, as JSON or as short human lines (PRONGSAI_LOG; pretty when stdout is a terminal).
 */
function logStream(config: Config): NodeJS.WritableStream {
  const file = config.PRONGSAI_LOG_FILE;
  if (file) {
    let fd: number;
    try {
      fd = openSync(file, 'a');
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new ConfigError([
        new InputError('PRONGSAI_LOG_FILE', cliMessages.logFile({ file, why })),
      ]);
    }
    return createWriteStream('', { fd });
  }
  return (config.PRONGSAI_LOG ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty' ? prettyLog(process.stdout) : process.stdout;
}

async function prepare(options: OpenOptions, io: Io, baseUrl: () => string, worker = false): Promise<Db> {
  const db = await openDb(options);
  try {
    await migrate(db);
    if (worker) return db;
    if (await ensureDemo(db)) {
      const demo = await completeDemo(db);
      io.out(`\nโหลดข้อมูลตัวอย่าง ${DEMO_SLUG} แล้ว: ${DEMO_HOLDS.th} / demo organisation loaded (${DEMO_HOLDS.en}): ${baseUrl()}/login`);
      io.out(`บัญชีตัวอย่าง (รหัสผ่าน / password: ${DEMO_PASSWORD}) / demo users:`);
      for (const u of demo.users) io.out(`  ${u.email.padEnd(32)} ${ROLE_TH[u.role]}`);
      for (const line of demoLines(demo, baseUrl())) io.out(line);
    }
    const link = await adminSetupLink(db);
    if (link) {
      io.out(`\nตั้งค่าผู้ดูแลระบบ (ใช้ได้ครั้งเดียว ภายใน 24 ชั่วโมง) / set up the system administrator (one use, within 24 hours):`);
      io.out(`  ${baseUrl()}/setup/${link}\n`);
    }
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Starts the web application and returns once it listens. */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  // Every variable is read before anything is opened: a wrong value stops the start with its message.
  const config = loadConfig(options.env);
  const port = options.port ?? config.PORT;
  const host = options.host ?? config.HOST;
  const trustProxy = config.PRONGSAI_TRUST_PROXY;
  const loopback = host === 'localhost' || (ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback');
  if (typeof trustProxy === 'number' && !loopback) {
    options.io.out(
      `คำเตือน: PRONGSAI_TRUST_PROXY=${trustProxy} และรับการเชื่อมต่อที่ ${host}: ผู้ที่ต่อเข้าพอร์ตนี้ได้โดยตรงจะตั้งที่อยู่ของตนเองได้ ควรระบุที่อยู่ของพร็อกซีแทน / ` +
        `warning: PRONGSAI_TRUST_PROXY=${trustProxy} while listening on ${host}: whoever reaches this port directly can choose their address; give the proxy's address instead`,
    );
  }
  const dbOptions = options.db ?? optionsFromEnv(options.env);
  if (dbOptions.readUrl && !dbOptions.url) throw new InputError('DATABASE_READ_URL', cliMessages.readNeedsPostgres());
  let url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const log = logStream(config);
  const readDb = await openReadDb(dbOptions);
  // What the other processes on the same PostgreSQL change (src/db/notify.ts): listened for before the database
  // counts as ready (/healthz), so that nothing announced after that is missed.
  const changes = new ChangeBus();
  let listening: Listening | null = null;
  const dbPromise = prepare(dbOptions, options.io, () => url, options.worker).then(async (db) => {
    if (db.kind === 'postgres' && dbOptions.url) {
      listening = listenForChanges(dbOptions.url, changes, { onError: (error) => app.log.warn({ err: error }, 'listening for changes: connecting again') });
      await listening.ready.catch(async (error: unknown) => {
        await db.close();
        throw error;
      });
    }
    return db;
  });
  const app = await buildServer({
    db: dbPromise,
    ...(readDb ? { readDb } : {}),
    changes,
    logger: { level: options.logLevel ?? logLevelOf(config), stream: log },
    trustProxy,
  });
  const address = await app.listen({ port, host });
  url = host === '0.0.0.0' || host === '::' ? `http://localhost:${port}` : address;
  options.io.out(`Prongsai: ${url} (${dbOptions.url ? 'PostgreSQL' : `PGlite ${dataDirOf(dbOptions)}`})`);

  const timers: NodeJS.Timeout[] = [];
  /** The housekeeping under way, if any: closing waits for it, so that the database is not closed under it. */
  let housekeeping: Promise<void> = Promise.resolve();
  // The job runner of this process (src/jobs/queue.ts): on PostgreSQL every process runs one and they share the work.
  let runner: Runner | null = null;
  // Its handlers hold a pooled SMTP connection, closed after the runner stops.
  const handlers = jobHandlers(app);
  const ready = dbPromise.then((db) => {
    runner = startRunner(db, handlers, { onError: (error) => app.log.error({ err: error }, 'job runner') });
    scheduleReminders(db, new Date()).catch((error: unknown) => app.log.error({ err: error }, 'reminders'));
    schedulePreaudit(db, new Date()).catch((error: unknown) => app.log.error({ err: error }, 'preaudit'));
    let purgedOn: string | null = null;
    const keepHouse = async () => {
      try {
        await purgeExpired(db);
        if (db.kind === 'pglite') await autoBackup(db, { dir: join(dataDirOf(dbOptions), 'backups') });
        // Closed complaints past their organisation's retention period, once a day (prongsai complaints purge).
        const today = todayInBangkok(new Date());
        if (purgedOn !== today) {
          await purgeClosedComplaints(db, cliPrincipal(cliActor('serve')));
          purgedOn = today;
        }
      } catch (error) {
        app.log.error({ err: error }, 'housekeeping failed');
      }
    };
    const run = () => {
      housekeeping = housekeeping.then(keepHouse);
    };
    run();
    timers.push(setInterval(run, HOUR).unref());
  });
  ready.catch(() => undefined);

  let closing: Promise<void> | null = null;
  return {
    url,
    ready,
    close() {
      closing ??= (async () => {
        for (const t of timers) clearInterval(t);
        await app.close();
        await listening?.close();
        await runner?.stop();
        await handlers.close();
        await housekeeping;
        await closeSharedBrowser();
        const db = await dbPromise.catch(() => null);
        await db?.close();
        await readDb?.close();
        // Last: anything above may still log.
        if (log !== process.stdout) log.end();
      })();
      return closing;
    },
  };
}

/** What a worker tells its primary once its database is ready. */
const READY = 'prongsai:ready';

/** The most processes `--workers` starts. */
export const MAX_WORKERS = 64;

/** `--workers`' value: a whole number from 1 to {@link MAX_WORKERS}; more than one only on PostgreSQL. */
export function parseWorkers(given: string | undefined, options: OpenOptions): number {
  if (given === undefined) return 1;
  const n = /^\d{1,3}$/.test(given.trim()) ? Number(given.trim()) : NaN;
  if (!(n >= 1 && n <= MAX_WORKERS)) throw new InputError('workers', cliMessages.workersWhole({ given, max: MAX_WORKERS }));
  if (n > 1 && !options.url) throw new InputError('workers', cliMessages.workersNeedPostgres());
  return n;
}

/** Resolves on SIGINT or SIGTERM with its name. */
const stopSignal = (): Promise<string> =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

/**
 * `--workers N` (N > 1), the primary: the start's one-time work (migrations, the demo, the set-up link), then N
 * processes of `prongsai serve` sharing the port (node:cluster hands out the connections); one that dies is
 * started again; SIGINT and SIGTERM are passed on, and it returns once they all stopped.
 */
async function serveWorkers(workers: number, io: Io, opts: { port?: string; host?: string }): Promise<void> {
  const config = loadConfig();
  const host = opts.host ?? config.HOST;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${opts.port ?? config.PORT}`;
  await (await prepare(optionsFromEnv(), io, () => base)).close();
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stopping = true));
  const fork = () => cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    io.err(`Prongsai: โปรเซส ${worker.process.pid} หยุด (${signal ?? code}) เริ่มใหม่ / process ${worker.process.pid} stopped (${signal ?? code}), starting another`);
    fork();
  });
  // Said once every process is ready (its database open: /healthz 200), on the port they share.
  let port = 0;
  cluster.on('listening', (_worker, address) => (port = address.port));
  const listening = new Promise<number>((resolve) => {
    let count = 0;
    cluster.on('message', (_worker, message) => {
      if (message === READY && ++count === workers) resolve(port);
    });
  });
  for (let i = 0; i < workers; i++) fork();
  const shared = await Promise.race([listening, stopSignal()]);
  if (typeof shared === 'number') {
    io.out(`Prongsai: ${base.replace(/:\d+$/, `:${shared}`)} (PostgreSQL, ${workers} processes)`);
  }
  const stop = typeof shared === 'string' ? shared : await stopSignal();
  stopping = true;
  const all = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  await Promise.all(
    all.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.isDead()) return resolve();
          w.once('exit', () => resolve());
          w.process.kill('SIGTERM');
        }),
    ),
  );
  io.out(`Prongsai: ${stop}, stopped`);
}

/** `prongsai serve`: runs until SIGINT or SIGTERM, then shuts down gracefully. */
export function addServeCommand(program: Command, io: Io): void {
  program
    .command('serve')
    .description('เปิดเว็บแอปสำหรับเจ้าหน้าที่ (PORT, HOST) / run the staff web application')
    .option('--port <port>', 'พอร์ต / port (default PORT or 3000)')
    .option('--host <host>', 'ที่อยู่ที่รับการเชื่อมต่อ / address to listen on (default HOST or 127.0.0.1)')
    .option('--workers <n>', 'จำนวนโปรเซส (ต้องใช้ PostgreSQL) / processes sharing the port (PostgreSQL only; default 1)')
    .action(async (opts: { port?: string; host?: string; workers?: string }) => {
      // Started by serveWorkers (node:cluster runs this command again in each process).
      const worker = cluster.isWorker;
      if (!worker) {
        const workers = parseWorkers(opts.workers, optionsFromEnv());
        if (workers > 1) return serveWorkers(workers, io, opts);
      }
      // A worker says nothing on the console (its primary did); errors still show.
      const said: Io = worker ? { ...io, out: () => undefined } : io;
      const server = await serve({ io: said, worker, ...(opts.port ? { port: Number(opts.port) } : {}), ...(opts.host ? { host: opts.host } : {}) });
      if (worker) void server.ready.then(() => process.send?.(READY), () => undefined);
      // Until a signal, or until the database turns out not to open (another process holds it…).
      const stop = await new Promise<string | Error>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
        server.ready.catch((error: unknown) => resolve(error instanceof Error ? error : new Error(String(error))));
      });
      await server.close();
      // A worker's channel to its primary would keep it running: it ends here.
      if (worker) process.disconnect?.();
      if (stop instanceof Error) throw stop;
      said.out(`Prongsai: ${stop}, stopped`);
    });
}
