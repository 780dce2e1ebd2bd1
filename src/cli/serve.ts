/**
 * `prongsai serve` (what `npm start` runs): the staff web application on http://127.0.0.1:3000 (PORT, HOST), on
 * the database named by the environment (DATABASE_URL, else the embedded one in PRONGSAI_DATA, default ./data).
 *
 * The server listens at once and answers /healthz 503 until the database is open and migrated; on the first
 * start of an empty database it loads the demo organisation (อบต.ห้วยทอง) with its demo users, and as long as
 * no system administrator can sign in it prints a one-time set-up link (valid 24 hours) on the console. The
 * embedded database is backed up daily (src/db/backup.ts), and closed complaints past their retention period are
 * purged daily. SIGINT and SIGTERM close the server, the documents browser and the database, in that order.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import ipaddr from 'ipaddr.js';
import { adminSetupLink, DEMO_PASSWORD, ensureDemoAccounts, purgeExpired } from '../app/accounts.ts';
import { cliActor } from '../app/actor.ts';
import { cliPrincipal, ROLE_TH } from '../app/authz.ts';
import { purgeClosedComplaints } from '../app/complaints-cases.ts';
import { todayInBangkok } from '../app/reporting.ts';
import { DEMO_HOLDS, DEMO_SLUG, ensureDemo } from '../app/demo.ts';
import { autoBackup } from '../db/backup.ts';
import { dataDirOf, migrate, openDb, optionsFromEnv, type Db, type OpenOptions } from '../db/index.ts';
import { closeSharedBrowser } from '../documents/index.ts';
import { InputError } from '../errors.ts';
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

/** The names @fastify/proxy-addr gives to address ranges, besides addresses and CIDRs. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * PRONGSAI_TRUST_PROXY: whom X-Forwarded-For and X-Forwarded-Proto are taken from. Unset (or 0): nobody. A number:
 * that many proxies in front of this server (1: the client is the address the nearest proxy saw, the last hop of
 * X-Forwarded-For, whatever the client wrote before it). Otherwise the proxies' addresses or CIDRs, comma-separated
 * (the safe setting: a client that reaches the port directly is not believed). "true" (every hop, so anyone could
 * choose their address) and anything else are refused.
 */
export function trustProxyFromEnv(value: string | undefined): false | number | string[] {
  const text = (value ?? '').trim();
  if (text === '' || text === '0') return false;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim());
  const wrong = entries.find((e) => !PROXY_RANGES.has(e) && !ipaddr.isValid(e) && !ipaddr.isValidCIDR(e));
  if (wrong !== undefined) {
    throw new InputError(
      'PRONGSAI_TRUST_PROXY',
      `PRONGSAI_TRUST_PROXY="${wrong}" ใช้ไม่ได้: ระบุจำนวนพร็อกซีที่อยู่หน้าเซิร์ฟเวอร์ (เช่น 1) หรือที่อยู่ IP/CIDR ของพร็อกซีคั่นด้วยจุลภาค (เช่น 127.0.0.1 หรือ 10.0.0.0/8) ไม่ใช่ true ซึ่งทำให้ใครก็ตั้งที่อยู่ของตนเองได้`,
      `PRONGSAI_TRUST_PROXY="${wrong}" is not allowed: give the number of proxies in front of the server (e.g. 1) or the proxies' IP addresses/CIDRs, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8), not true, with which anyone can choose their own address`,
    );
  }
  return entries;
}

async function prepare(options: OpenOptions, io: Io, baseUrl: () => string): Promise<Db> {
  const db = await openDb(options);
  try {
    await migrate(db);
    if (await ensureDemo(db)) {
      const users = await ensureDemoAccounts(db);
      io.out(`\nโหลดข้อมูลตัวอย่าง ${DEMO_SLUG} แล้ว: ${DEMO_HOLDS.th} / demo organisation loaded (${DEMO_HOLDS.en}): ${baseUrl()}/login`);
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
  // Read before anything is opened: a wrong value stops the start with its message.
  const trustProxy = trustProxyFromEnv(process.env.PRONGSAI_TRUST_PROXY);
  const loopback = host === 'localhost' || (ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback');
  if (typeof trustProxy === 'number' && !loopback) {
    options.io.out(
      `คำเตือน: PRONGSAI_TRUST_PROXY=${trustProxy} และรับการเชื่อมต่อที่ ${host}: ผู้ที่ต่อเข้าพอร์ตนี้ได้โดยตรงจะตั้งที่อยู่ของตนเองได้ ควรระบุที่อยู่ของพร็อกซีแทน / ` +
        `warning: PRONGSAI_TRUST_PROXY=${trustProxy} while listening on ${host}: whoever reaches this port directly can choose their address; give the proxy's address instead`,
    );
  }
  const dbOptions = options.db ?? optionsFromEnv();
  let url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const dbPromise = prepare(dbOptions, options.io, () => url);
  const app = await buildServer({
    db: dbPromise,
    logger: { level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info' },
    trustProxy,
  });
  const address = await app.listen({ port, host });
  url = host === '0.0.0.0' || host === '::' ? `http://localhost:${port}` : address;
  options.io.out(`Prongsai: ${url} (${dbOptions.url ? 'PostgreSQL' : `PGlite ${dataDirOf(dbOptions)}`})`);

  const timers: NodeJS.Timeout[] = [];
  const ready = dbPromise.then((db) => {
    let purgedOn: string | null = null;
    const housekeeping = async () => {
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
