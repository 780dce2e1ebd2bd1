/**
 * Benchmark: a cached public portal page against nginx serving the same page as a static file. The portal runs
 * the whole web server (buildServer with the portal area: helmet, cookies, CSRF, access rules, the cache's epoch
 * check) in a child process, on PGlite with the demo organisation and every OIT item of 2566 published; nginx
 * (Debian's, `apt-get install -y nginx`) is started by this script with a temporary configuration on a free
 * port, one worker process like the one Node process, serving the bytes the portal answered, from a temporary
 * folder. autocannon loads each in turn, alternating for several rounds so that a change in the machine's load
 * (a shared machine) falls on both; the medians are compared. Prints requests per second, latency and the
 * ratio, and, because on a busy machine requests per second measure the neighbours as much as the server, the
 * requests served per second of CPU the server itself used (utime + stime from /proc, nginx master and workers,
 * the Node process): what each would serve with a core of its own. Asserts nothing. Target: the portal at 50%
 * or more of nginx's requests per second.
 *
 *   node --import tsx bench/portal.ts [seconds=10] [connections=50] [rounds=3] [path=/o/huai-thong/ita/2566]
 *   node --import tsx bench/portal.ts --seed DIR          only the data folder (to profile the server by hand)
 *   node --import tsx bench/portal.ts --serve DIR PORT    only the server on that folder
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Principal } from '../src/app/authz.ts';
import { ensureDemo } from '../src/demo/demo.ts';
import { approveVersion, saveDraft, submitVersion } from '../src/portal/publications.ts';
import { migrate, openDb } from '../src/db/index.ts';
import { getCriteria } from '../src/ita/index.ts';

/** The part of autocannon's result read here (the package ships no types). */
interface AutocannonResult {
  readonly requests: { readonly average: number; readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly throughput: { readonly average: number };
  readonly errors: number;
  readonly non2xx: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: { url: string; connections: number; duration: number }) => Promise<AutocannonResult>;

const ORG = 'huai-thong';
const YEAR = 2566;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The demo organisation with every OIT item of the year published (text and a link each). */
async function seed(dataDir: string): Promise<void> {
  const db = await openDb({ dataDir });
  try {
    await migrate(db);
    await ensureDemo(db);
    const [org] = await db.query<{ id: string }>('SELECT id FROM organisations WHERE slug = $1', [ORG]);
    const orgId = (org as { id: string }).id;
    const who = (role: 'coordinator' | 'executive', n: number): Principal => ({
      personId: `00000000-0000-4000-8000-00000000000${n}`,
      nameTh: role,
      roles: [{ role, orgId, unitId: null }],
    });
    const coordinator = who('coordinator', 1);
    const executive = who('executive', 2);
    const now = new Date();
    for (const item of getCriteria(YEAR).oitItems) {
      const ref = { org: ORG, slot: { kind: 'oit' as const, year: YEAR, code: item.code } };
      await saveDraft(
        db,
        coordinator,
        ref,
        {
          text: `องค์การบริหารส่วนตำบลห้วยทองเผยแพร่ข้อมูล${item.titleTh} ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ตามรายการตรวจการเปิดเผยข้อมูลสาธารณะ ของสำนักงาน ป.ป.ช.`,
          links: [{ label: `${item.titleTh} (เอกสารฉบับเต็ม)`, url: `https://www.huaithong.go.th/ita/2566/${item.code}`, period: null }],
        },
        now,
      );
      const v = await submitVersion(db, coordinator, ref, { now });
      await approveVersion(db, executive, ref, v.version, null, now);
    }
  } finally {
    await db.close();
  }
}

/** The child: the web server with the portal on the seeded data folder. */
async function serve(dataDir: string, port: number): Promise<void> {
  const { buildServer } = await import('../src/web/server.ts');
  const { portalArea } = await import('../src/portal/routes.tsx');
  const db = await openDb({ dataDir });
  const app = await buildServer({ db, logger: false, areas: [portalArea] });
  await app.listen({ port, host: '127.0.0.1' });
  process.send?.('ready');
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
}

function waitFor(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready`)));
  });
}

async function waitForHttp(url: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

function nginxConfig(dir: string, port: number): string {
  const p = (name: string) => join(dir, name);
  return `worker_processes 1;
daemon off;
pid ${p('nginx.pid')};
error_log ${p('error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${p('tmp-body')};
  proxy_temp_path ${p('tmp-proxy')};
  fastcgi_temp_path ${p('tmp-fastcgi')};
  uwsgi_temp_path ${p('tmp-uwsgi')};
  scgi_temp_path ${p('tmp-scgi')};
  types { text/html html; }
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${port};
    root ${p('www')};
    location / { index index.html; }
  }
}
`;
}

interface Run {
  readonly rps: number;
  /** Requests served per second of CPU the server used (Linux /proc; NaN elsewhere). */
  readonly perCpuSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly bytes: number;
  readonly errors: number;
  readonly non2xx: number;
}

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** CPU time (user + system, in clock ticks) of a process and its children, from /proc; NaN without /proc. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return Number(fields[11]) + Number(fields[12]) + children.reduce((sum, child) => sum + cpuTicks(child), 0);
  } catch {
    return NaN;
  }
}

async function load(url: string, seconds: number, connections: number, pid: number): Promise<Run> {
  const before = cpuTicks(pid);
  const r = await autocannon({ url, connections, duration: seconds });
  const cpuSeconds = (cpuTicks(pid) - before) / TICKS_PER_SECOND;
  return { rps: r.requests.average, perCpuSecond: r.requests.total / cpuSeconds, p50: r.latency.p50, p99: r.latency.p99, bytes: r.throughput.average, errors: r.errors, non2xx: r.non2xx };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 50);
  const rounds = Number(process.argv[4] ?? 3);
  const path = process.argv[5] ?? `/o/${ORG}/ita/${YEAR}`;
  const dir = mkdtempSync(join(tmpdir(), 'prongsai-bench-portal-'));
  const children: ChildProcess[] = [];
  try {
    const dataDir = join(dir, 'data');
    await seed(dataDir);
    const portalPort = await freePort();
    const self = fileURLToPath(import.meta.url);
    const server = spawn(process.execPath, ['--import', 'tsx', self, '--serve', dataDir, String(portalPort)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(server);
    await waitFor(server, 'the portal');
    const portalUrl = `http://127.0.0.1:${portalPort}${path}`;
    const page = await fetch(portalUrl);
    if (!page.ok) throw new Error(`the portal answered ${page.status} for ${path}`);
    const body = Buffer.from(await page.arrayBuffer());

    // nginx serves the same bytes as a static file.
    chmodSync(dir, 0o755);
    const www = join(dir, 'www');
    mkdirSync(www, { recursive: true });
    writeFileSync(join(www, 'index.html'), body);
    const nginxPort = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, nginxPort));
    const nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(nginx);
    const nginxUrl = `http://127.0.0.1:${nginxPort}/index.html`;
    await waitForHttp(nginxUrl);

    console.log(`page ${path}: ${body.length} bytes; ${rounds} rounds of ${seconds} s each, ${connections} connections; ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const row = (name: string, r: Run) =>
      console.log(`${name.padEnd(8)} ${r.rps.toFixed(0).padStart(8)} req/s   ${r.perCpuSecond.toFixed(0).padStart(6)} req per CPU-second   latency p50 ${r.p50} ms, p99 ${r.p99} ms   ${(r.bytes / 1048576).toFixed(1)} MB/s   errors ${r.errors}, non-2xx ${r.non2xx}`);
    // Warm-up of both, then alternating rounds.
    const portalPid = server.pid as number;
    const nginxPid = nginx.pid as number;
    await load(portalUrl, 2, connections, portalPid);
    await load(nginxUrl, 2, connections, nginxPid);
    const portal: Run[] = [];
    const ng: Run[] = [];
    for (let i = 0; i < rounds; i++) {
      portal.push(await load(portalUrl, seconds, connections, portalPid));
      row(`portal ${i + 1}`, portal.at(-1) as Run);
      ng.push(await load(nginxUrl, seconds, connections, nginxPid));
      row(`nginx ${i + 1}`, ng.at(-1) as Run);
    }
    const median = (runs: readonly Run[]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)] as Run;
    console.log('median of the rounds:');
    row('portal', median(portal));
    row('nginx', median(ng));
    const ratio = median(portal).rps / median(ng).rps;
    const perCpu = (runs: readonly Run[]) => [...runs].sort((a, b) => a.perCpuSecond - b.perCpuSecond)[Math.floor(runs.length / 2)]?.perCpuSecond ?? NaN;
    const cpuRatio = perCpu(portal) / perCpu(ng);
    console.log(`ratio    ${(ratio * 100).toFixed(1)}% of nginx's requests per second (target ≥ 50%: ${ratio >= 0.5 ? 'met' : 'not met'})`);
    console.log(`         ${(cpuRatio * 100).toFixed(1)}% of nginx's requests per CPU-second (median ${perCpu(portal).toFixed(0)} against ${perCpu(ng).toFixed(0)}); load after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') {
  await serve(process.argv[3] as string, Number(process.argv[4]));
} else if (process.argv[2] === '--seed') {
  // Only the data folder (to profile the server by hand: --seed DIR, then --serve DIR PORT).
  await seed(process.argv[3] as string);
} else {
  await main();
}
