/**
 * Benchmark: how long the `prongsai` command takes to start, against `node -e 1` measured in the same run. Builds
 * dist/ first (as `npm ci` does), then runs each command N times, interleaved (so that a load that comes and goes
 * touches every command alike), and prints for each the median wall time, the median CPU time (user + system) and
 * their ratios to `node -e 1`, and the median peak RSS. A round during which dist/ went out of date (a source was
 * edited: the command then ran through tsx) is built again and not counted. Prints figures; asserts nothing.
 * Target (issue 16): `score`, `criteria` and `analyze` within about 4× `node -e 1`.
 *
 *   node --import tsx bench/cli-start.ts [runs=15]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { distIsFresh } from '../scripts/dist.js';

const runs = Number(process.argv[2] ?? 15);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'prongsai.js');
const scores = '1=93.55,2=87.72,3=90.77,4=94.51,5=91.36,6=84.41,7=89.04,8=90.95,9=78.75,10=85.00';

const commands: readonly { name: string; args: readonly string[] }[] = [
  { name: 'node -e 1', args: ['-e', '1'] },
  { name: 'prongsai --version', args: [bin, '--version'] },
  { name: 'prongsai score', args: [bin, 'score', '--year', '2566', '--indicators', scores] },
  { name: 'prongsai criteria', args: [bin, 'criteria', '--year', '2566'] },
  { name: 'prongsai analyze', args: [bin, 'analyze', '--year', '2566', '--indicators', scores, '--previous', scores] },
];

// Each process writes its own CPU time and peak RSS when it exits (process.resourceUsage()), through a preload
// that every command gets alike, `node -e 1` included.
const dir = mkdtempSync(join(tmpdir(), 'prongsai-cli-start-'));
const usageFile = join(dir, 'usage.json');
const preload = `data:text/javascript,import{writeFileSync}from'node:fs';process.on('exit',()=>writeFileSync(process.env.BENCH_USAGE_FILE,JSON.stringify(process.resourceUsage())))`;

interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb: number;
}

function runOnce(args: readonly string[]): Sample {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', preload, ...args], { cwd: dir, env: { ...process.env, BENCH_USAGE_FILE: usageFile }, encoding: 'utf8' });
  const wallMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
  return { wallMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, rssMb: usage.maxRSS / 1024 };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function build(): string {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.js')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the build failed: ${result.stderr}`);
  return result.stdout.trim();
}

console.log(build());
const samples = new Map(commands.map((c) => [c.name, [] as Sample[]]));
for (const c of commands) runOnce(c.args); // warm the file system cache
let discarded = 0;
for (let counted = 0; counted < runs; ) {
  if (!distIsFresh(root)) build();
  const round = commands.map((c) => runOnce(c.args));
  if (!distIsFresh(root)) {
    discarded++;
    continue;
  }
  commands.forEach((c, i) => samples.get(c.name)?.push(round[i] as Sample));
  counted++;
}
rmSync(dir, { recursive: true, force: true });

const figures = commands.map((c) => {
  const s = samples.get(c.name) ?? [];
  return { name: c.name, wall: median(s.map((x) => x.wallMs)), cpu: median(s.map((x) => x.cpuMs)), rss: median(s.map((x) => x.rssMb)) };
});
const base = figures[0] as (typeof figures)[number];
console.log(`cli-start: ${runs} runs each, interleaved, Node.js ${process.version} (medians)${discarded ? `; ${discarded} rounds not counted (src/ changed)` : ''}`);
console.log(`  ${'command'.padEnd(20)} ${'wall'.padStart(8)} ${'× node'.padStart(7)} ${'CPU'.padStart(8)} ${'× node'.padStart(7)} ${'peak RSS'.padStart(9)}`);
for (const f of figures) {
  console.log(
    `  ${f.name.padEnd(20)} ${`${f.wall.toFixed(0)} ms`.padStart(8)} ${(f.wall / base.wall).toFixed(1).padStart(7)} ${`${f.cpu.toFixed(0)} ms`.padStart(8)} ${(f.cpu / base.cpu).toFixed(1).padStart(7)} ${`${f.rss.toFixed(0)} MB`.padStart(9)}`,
  );
}
const worst = Math.max(...figures.filter((f) => /score|criteria|analyze/.test(f.name)).map((f) => f.wall / base.wall));
console.log(`  target: score, criteria, analyze within ~4× node -e 1 (wall) -> ${worst <= 4 ? 'met' : 'NOT met'} (${worst.toFixed(1)}×)`);
