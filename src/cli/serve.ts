/**
 * `prongsai serve` (what `npm start` runs): the staff web application on http://127.0.0.1:3000 (PORT, HOST), on
 * the database named by the environment (DATABASE_URL, else the embedded one in PRONGSAI_DATA, default ./data).
 *
 * The server listens at once and answers /healthz 503 until the database is open and migrated; on the first
 * start of an empty database it loads the demo organisation (อบต.ห้วยทอง) with its demo users, and as long as
 * no system administrator can sign in it prints a one-time set-up link (valid 24 hours) on the console. The
 * embedded database is backed up daily (src/db/backup.ts). SIGINT and SIGTERM close the server, the documents
 * browser and the database, in that order.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { adminSetupLink, DEMO_PASSWORD, ensureDemoAccounts, purgeExpired } from '../app/accounts.ts';
import { ROLE_TH } from '../app/authz.ts';
import { DEMO_SLUG, DEMO_YEAR, ensureDemo } from '../app/demo.ts';
import { autoBackup } from '../db/backup.ts';
import { dataDirOf, migrate, openDb, optionsFromEnv, type Db, type OpenOptions } from '../db/index.ts';
import { closeSharedBrowser } from '../documents/index.ts';
import { buildServer } from '../web/server.ts';
import type { Io } from './main.ts';

export interface ServeOptions {
  readonly port?: number;
  readonly host?: string;
  readonly db?: OpenOptions;
  /** Where the console messages go (the set-up link, the demo users). */
  readonly io: Io;
  /** pino log level (default LOG_LEVEL or info). */
  readonly logLevel?: string;
}

export interface RunningServer {
  /** http://127.0.0.1:3000 */
  readonly url: string;
  /** Resolves when the database is ready (or rejects when it could not be opened). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const HOUR = 3600_000;

async function prepare(options: OpenOptions, io: Io, baseUrl: () => string): Promise<Db> {
  const db = await openDb(options);
  try {
    await migrate(db);
    if (await ensureDemo(db)) {
      const users = await ensureDemoAccounts(db);
      io.out(`\nโหลดข้อมูลตัวอย่าง ${DEMO_SLUG} ปีงบประมาณ ${DEMO_YEAR} แล้ว / demo organisation loaded: ${baseUrl()}/login`);
      io.out(`บัญชีตัวอย่าง (รหัสผ่าน / password: ${DEMO_PASSWORD}) / demo users:`);
      for (const u of users) io.out(`  ${u.email.padEnd(32)} ${ROLE_TH[u.role]}`);
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
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const dbOptions = options.db ?? optionsFromEnv();
  let url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const dbPromise = prepare(dbOptions, options.io, () => url);
  const app = await buildServer({
    db: dbPromise,
    logger: { level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info' },
    trustProxy: process.env.PRONGSAI_TRUST_PROXY ? (process.env.PRONGSAI_TRUST_PROXY === '1' ? true : process.env.PRONGSAI_TRUST_PROXY) : false,
  });
  const address = await app.listen({ port, host });
  url = host === '0.0.0.0' || host === '::' ? `http://localhost:${port}` : address;
  options.io.out(`Prongsai: ${url} (${dbOptions.url ? 'PostgreSQL' : `PGlite ${dataDirOf(dbOptions)}`})`);

  const timers: NodeJS.Timeout[] = [];
  const ready = dbPromise.then((db) => {
    const housekeeping = async () => {
      try {
        await purgeExpired(db);
        if (db.kind === 'pglite') await autoBackup(db, { dir: join(dataDirOf(dbOptions), 'backups') });
      } catch (error) {
        app.log.error({ err: error }, 'housekeeping failed');
      }
    };
    void housekeeping();
    timers.push(setInterval(() => void housekeeping(), HOUR).unref());
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
        await closeSharedBrowser();
        const db = await dbPromise.catch(() => null);
        await db?.close();
      })();
      return closing;
    },
  };
}

/** `prongsai serve`: runs until SIGINT or SIGTERM, then shuts down gracefully. */
export function addServeCommand(program: Command, io: Io): void {
  program
    .command('serve')
    .description('เปิดเว็บแอปสำหรับเจ้าหน้าที่ (PORT, HOST) / run the staff web application')
    .option('--port <port>', 'พอร์ต / port (default PORT or 3000)')
    .option('--host <host>', 'ที่อยู่ที่รับการเชื่อมต่อ / address to listen on (default HOST or 127.0.0.1)')
    .action(async (opts: { port?: string; host?: string }) => {
      const server = await serve({ io, ...(opts.port ? { port: Number(opts.port) } : {}), ...(opts.host ? { host: opts.host } : {}) });
      // Until a signal, or until the database turns out not to open (another process holds it…).
      const stop = await new Promise<string | Error>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
        server.ready.catch((error: unknown) => resolve(error instanceof Error ? error : new Error(String(error))));
      });
      await server.close();
      if (stop instanceof Error) throw stop;
      io.out(`Prongsai: ${stop}, stopped`);
    });
}
