/**
 * Benchmark: the OIT pre-audit (issue 21) end to end against local web servers standing in for the agencies' sites,
 * on PostgreSQL. Each organisation's website is a local HTTP server of its own (one port = one host, as each
 * agency has its own domain), and one more server is a shared host every organisation links to (a province's or
 * a department's site). Every response waits 20–80 ms first (a realistic round trip and server time). Each OIT item
 * of FY 2570 is answered with 3 URLs (two CMS pages on the organisation's host, one on the shared host); each page
 * names the organisation, the fiscal year and the months, and links 1–3 PDFs printed once by the project's
 * renderer (src/documents, Chromium) with Thai text.
 *
 * (a) One organisation's items checked end to end through `checkOit` (the safe fetcher, extraction, verdicts,
 *     history): the time (target ≤ 10 s), the requests made, the peak RSS.
 * (b) The weekly check at small scale: one `preaudit.check` job per organisation (src/preaudit/weekly.ts, the
 *     handler the runners use), taken by `--runners` job runners at once (organisations at once; each fetcher keeps
 *     its per-host limit), and the hours extrapolated for 8,300 organisations, with what dominates: the wait on
 *     each host (latency × requests ÷ the per-host limit) or the CPU of extraction and verdicts.
 * Prints figures; asserts nothing.
 *
 *   node --import tsx bench/preaudit.ts [--orgs 50] [--runners 8] [--keep]
 *
 * PostgreSQL: PRONGSAI_BENCH_DATABASE_URL or DATABASE_URL names a server where the benchmark may create a scratch
 * database (default postgres://prongsai:prongsai@127.0.0.1:5432/postgres), dropped at the end unless --keep.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cliPrincipal } from '../src/app/authz.ts';
import { migrate, openDb, type Db } from '../src/db/index.ts';
import { closeSharedBrowser, findChromium } from '../src/documents/core/index.ts';
import type { DocumentModel } from '../src/documents/core/model.ts';
import { renderPdf } from '../src/documents/core/pdf.ts';
import { getCriteria } from '../src/ita/index.ts';
import { drain, enqueue, JobHandlers } from '../src/jobs/queue.ts';
import { setOitAnswer } from '../src/preaudit/answers.ts';
import type { Reader } from '../src/preaudit/check.ts';
import { orgTypeByCode, type OrgType } from '../src/organisations/vocab.ts';
import { DEFAULT_POLICY, SafeFetcher } from '../src/preaudit/fetch.ts';
import { checkOit } from '../src/preaudit/service.ts';
import { CHECK_KIND, checkJob } from '../src/preaudit/weekly.ts';
import { scratchDatabase } from '../test/helpers/pg-scratch.ts';

const YEAR = 2570;
const NOW = new Date('2027-02-15T03:00:00Z');
const NATIONAL = 8_300;
const URLS_PER_ITEM = 3;
const SAO = orgTypeByCode('sao') as OrgType;
const ACTOR = cliPrincipal({ id: null, label: 'bench preaudit' });

const { values: args } = parseArgs({ options: { orgs: { type: 'string', default: '50' }, runners: { type: 'string', default: '8' }, keep: { type: 'boolean', default: false } } });
const ORGS = Number(args.orgs);
const RUNNERS = Number(args.runners);

/**
 * CPU seconds of the child processes waited for (pdftotext: extraction runs there), from /proc/self/stat's cutime
 * and cstime (Linux, 100 ticks a second); 0 elsewhere.
 */
function childCpu(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** Wall time, CPU time (this process and its children) and peak RSS (sampled every 50 ms) of `fn`. */
async function phase<T>(name: string, fn: () => Promise<T>): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const cpu = process.cpuUsage();
  const children = childCpu();
  const start = performance.now();
  try {
    const value = await fn();
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6 + (childCpu() - children);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`  ${name.padEnd(44)} ${seconds.toFixed(2).padStart(8)} s   CPU ${cpuSeconds.toFixed(2).padStart(7)} s   peak RSS ${(peak / 2 ** 20).toFixed(0).padStart(5)} MiB`);
    return { value, seconds, cpuSeconds };
  } finally {
    clearInterval(timer);
  }
}

/** A small stable hash of a text (how many PDFs a page links, which PDF, the latency). */
const hash = (text: string) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);

const MONTHS = ['ตุลาคม ๒๕๖๙', 'พฤศจิกายน ๒๕๖๙', 'ธันวาคม ๒๕๖๙', 'มกราคม ๒๕๗๐'];

interface Host {
  readonly server: Server;
  readonly origin: string;
  requests: number;
  active: number;
  peakActive: number;
}

/** The sites: a page per organisation, item and URL, linking PDFs on the same host. */
function startHost(pdfs: readonly Buffer[], nameOf: (slug: string) => string): Promise<Host> {
  const host = { requests: 0, active: 0, peakActive: 0 } as Host;
  const server = createServer((req, res) => {
    host.requests++;
    host.active++;
    host.peakActive = Math.max(host.peakActive, host.active);
    const path = req.url ?? '/';
    setTimeout(() => {
      host.active--;
      const pdf = /^\/f\/([^/]+)\/(\w+)-(\d)\.pdf$/.exec(path);
      if (pdf) {
        res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdfs[hash(path) % pdfs.length]);
        return;
      }
      const page = /^\/o\/([^/]+)\/(\w+)\/(\d)$/.exec(path);
      if (!page) {
        res.writeHead(404).end();
        return;
      }
      const [, slug, code] = page as unknown as [string, string, string];
      const links = Array.from({ length: 1 + (hash(path) % 3) }, (_, j) => `<li><a href="/f/${slug}/${code}-${j}.pdf">เอกสาร ${code} ฉบับที่ ${j + 1}</a></li>`);
      const html = `<!doctype html><html lang="th"><head><meta charset="utf-8"><title>${code} ${nameOf(slug)}</title><script>var cms = 1;</script></head>
<body><nav>หน้าหลัก | ข่าวประชาสัมพันธ์ | ติดต่อเรา</nav><main><h1>${code} ${nameOf(slug)}</h1>
<p>ข้อมูลประจำปีงบประมาณ พ.ศ. ๒๕๗๐ ของ${nameOf(slug)} ${MONTHS.join(' ')}</p><ul>${links.join('')}</ul></main></body></html>`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }, 20 + (hash(`${path}:${host.requests}`) % 61));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      Object.assign(host, { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      resolve(host);
    }),
  );
}

/** Three PDFs printed by the project's renderer (Thai text), once. */
async function renderPdfs(): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const [k, title] of ['ประกาศ', 'รายงานผลการดำเนินงาน', 'สรุปผลการจัดซื้อจัดจ้าง'].entries()) {
    const doc: DocumentModel = {
      kind: 'measures-report',
      title: `${title}องค์การบริหารส่วนตำบลทดสอบ`,
      author: 'องค์การบริหารส่วนตำบลทดสอบ',
      subject: 'เอกสารทดสอบการตรวจความพร้อม OIT',
      lang: 'th',
      year: YEAR,
      fileName: `bench-preaudit-${k}`,
      blocks: [
        { type: 'title', lines: [title, 'ประจำปีงบประมาณ พ.ศ. ๒๕๗๐'] },
        ...Array.from({ length: 4 + k * 4 }, (_, i) => ({ type: 'paragraph' as const, text: `ข้อ ${i + 1} ${MONTHS.join(' ')} ลงชื่อ นายก องค์การบริหารส่วนตำบล ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๙` })),
      ],
    };
    out.push(await renderPdf(doc));
  }
  await closeSharedBrowser();
  return out;
}

const slugOf = (i: number) => `bench-sao-${String(i).padStart(4, '0')}`;
const nameOf = (slug: string) => `องค์การบริหารส่วนตำบล${slug.replace('bench-sao-', 'ทดสอบ')}`;

/** The organisations with FY 2570 and every OIT item answered with its own site's URLs. */
async function load(db: Db, count: number, own: readonly Host[], shared: Host): Promise<void> {
  const items = getCriteria(YEAR).oitItems;
  await db.transaction(async (tx) => {
    await tx.query(`SELECT set_config('prongsai.actor', $1, true)`, [JSON.stringify({ id: null, label: 'bench preaudit', org: null })]);
    const slugs = Array.from({ length: count }, (_, i) => slugOf(i));
    await tx.query(
      `INSERT INTO organisations (slug, name_th, kind, org_type, province, province_code) SELECT s, n, $3, $4, 'ขอนแก่น', '28' FROM unnest($1::text[], $2::text[]) AS t (s, n)`,
      [slugs, slugs.map(nameOf), SAO.kind, SAO.code],
    );
    await tx.query(`INSERT INTO fiscal_years (org_id, year, criteria_year) SELECT id, $1, $1 FROM organisations`, [YEAR]);
  });
  for (let i = 0; i < count; i++) {
    const slug = slugOf(i);
    for (const item of items) {
      const urls = Array.from({ length: URLS_PER_ITEM }, (_, k) => `${k < 2 ? (own[i] as Host).origin : shared.origin}/o/${slug}/${item.code}/${k}`);
      await setOitAnswer(db, ACTOR, { org: slug, year: YEAR }, item.code, { urls, explanation: '' });
    }
  }
}

async function main(): Promise<void> {
  if (!findChromium()) throw new Error('Chromium is needed to print the PDFs (set PRONGSAI_CHROMIUM or install it)');
  const admin = process.env.PRONGSAI_BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://prongsai:prongsai@127.0.0.1:5432/postgres';
  const scratch = await scratchDatabase(admin, 'bench_preaudit');
  const db = await openDb({ url: scratch.url });
  const hosts: Host[] = [];
  try {
    await migrate(db);
    console.log(`OIT pre-audit benchmark: ${ORGS + 1} organisations (1 + ${ORGS}), FY ${YEAR} (${getCriteria(YEAR).oitItems.length} OIT items × ${URLS_PER_ITEM} URLs), ${cpus().length} cores, PostgreSQL`);
    const pdfs = (await phase('render 3 PDFs (Chromium, once)', renderPdfs)).value;
    console.log(`  PDF sizes: ${pdfs.map((p) => `${(p.length / 1024).toFixed(0)} KiB`).join(', ')}`);
    const shared = await startHost(pdfs, nameOf);
    hosts.push(shared);
    const own: Host[] = [];
    for (let i = 0; i <= ORGS; i++) own.push(await startHost(pdfs, nameOf));
    hosts.push(...own);
    await phase('load organisations and answers', () => load(db, ORGS + 1, own, shared));
    const policy = { ...DEFAULT_POLICY, allowHosts: new Set(hosts.map((h) => new URL(h.origin).host)) };
    const requests = () => hosts.reduce((n, h) => n + h.requests, 0);

    // (a) One organisation, end to end.
    console.log('(a) one organisation through checkOit');
    const one = await phase('checkOit (every item)', () =>
      checkOit(db, ACTOR, { org: slugOf(ORGS), year: YEAR }, { trigger: 'cli', now: NOW, origin: 'https://portal.bench.invalid', reader: new SafeFetcher(policy) }),
    );
    const statuses = one.value.items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }), {});
    console.log(`  items ${one.value.items.length} (${Object.entries(statuses).map(([s, n]) => `${s} ${n}`).join(', ')}), requests ${requests()}, own host peak ${(own[ORGS] as Host).peakActive} at once, shared host peak ${shared.peakActive}`);
    console.log(`  target ≤ 10 s: ${one.seconds <= 10 ? 'met' : 'NOT met'}`);

    // (b) The weekly check: one job per organisation, RUNNERS runners at once.
    console.log(`(b) the weekly job path: ${ORGS} organisations, ${RUNNERS} runners at once, per-host limit ${policy.perHost}`);
    const before = requests();
    const orgs = await db.query<{ id: string; slug: string }>(`SELECT id, slug FROM organisations WHERE slug <> $1 ORDER BY slug`, [slugOf(ORGS)]);
    for (const o of orgs) await enqueue(db, { kind: CHECK_KIND, orgId: o.id, payload: { orgId: o.id, slug: o.slug, year: YEAR }, runAt: NOW, maxAttempts: 1 });
    // One fetcher per runner, as each runner process has its own.
    const handlersOf = () => new JobHandlers().on(CHECK_KIND, checkJob(async () => ({ reader: new SafeFetcher(policy) as Reader, close: async () => undefined })));
    const weekly = await phase(`drain ${ORGS} checks (${RUNNERS} runners)`, () =>
      Promise.all(Array.from({ length: RUNNERS }, (_, r) => drain(db, handlersOf(), { now: NOW, batch: 1, worker: `bench-${r}` }))),
    );
    const done = weekly.value.reduce((n, r) => n + r.done, 0);
    const failed = weekly.value.reduce((n, r) => n + r.failed, 0);
    const [rows] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM oit_checks');
    console.log(`  jobs done ${done}, failed ${failed}; requests ${requests() - before}; oit_checks rows ${rows?.n}`);

    // The extrapolation.
    const perOrgWall = one.seconds;
    const perOrgCpu = weekly.cpuSeconds / Math.max(1, done);
    const throughput = done / weekly.seconds;
    const measuredHours = NATIONAL / throughput / 3600;
    const cores = cpus().length;
    const cpuHours = (NATIONAL * perOrgCpu) / cores / 3600;
    const networkHours = (NATIONAL * perOrgWall) / RUNNERS / 3600;
    console.log('Extrapolation to 8,300 organisations');
    console.log(`  one organisation: ${perOrgWall.toFixed(2)} s wall, ${perOrgCpu.toFixed(2)} s CPU (fetching, extraction incl. pdftotext, verdicts, database client) in the weekly run`);
    console.log(`  measured throughput ${throughput.toFixed(2)} organisations/s at ${RUNNERS} at once → ${measuredHours.toFixed(2)} h for ${NATIONAL.toLocaleString('en')}`);
    console.log(`  bound by the hosts' latency: ${NATIONAL} × ${perOrgWall.toFixed(2)} s ÷ ${RUNNERS} at once = ${networkHours.toFixed(2)} h`);
    console.log(`  bound by CPU: ${NATIONAL} × ${perOrgCpu.toFixed(2)} s ÷ ${cores} cores = ${cpuHours.toFixed(2)} h`);
    console.log(`  dominates: ${cpuHours > networkHours ? 'CPU (extraction, pdftotext included): more organisations at once do not help beyond the cores' : 'waiting on each host (latency × requests ÷ per-host limit): more organisations at once help until the CPU bound'}`);
    console.log(`  load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cores} cores (other work on the machine slows the measured run)`);
    console.log(`  the weekly plan spreads them over 7 days: about ${Math.ceil(NATIONAL / 7)} a day → ${(measuredHours / 7).toFixed(2)} h a day at this concurrency`);
  } finally {
    await Promise.all(hosts.map((h) => new Promise((resolve) => h.server.close(resolve))));
    await db.close();
    if (args.keep) console.log(`kept: ${scratch.url}`);
    else await scratch.drop();
  }
}

await main();
process.exit(0);
