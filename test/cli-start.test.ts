/**
 * How the `prongsai` command starts (bin/prongsai.js, scripts/build.js): from the compiled dist/ while it is up to
 * date with src/, from the TypeScript sources through tsx otherwise, and without loading what a command does not
 * use. Works on a copy of bin/, scripts/ and src/ in a temporary folder (node_modules linked), so that building and
 * touching files there disturbs nothing else. Which modules a run loads is written down by the loader hook of
 * test/helpers/trace-imports.mjs. No timing is asserted: bench/cli-start.ts measures the start.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAZY_COMMANDS } from '../src/cli/main.ts';
import { runCli } from './helpers/cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRACE_HOOK = join(ROOT, 'test', 'helpers', 'trace-imports.mjs');
const TRAT = '1=93.55,2=87.72,3=90.77,4=94.51,5=91.36,6=84.41,7=89.04,8=90.95,9=78.75,10=85.00';
/** What a command that needs neither the database nor documents nor the web server must not load. */
const HEAVY = ['playwright-core', 'exceljs', 'docx', '@electric-sql/pglite', 'pg', 'fastify', 'preact-render-to-string', 'tsx', 'esbuild'];
const exec = promisify(execFile);

let copy: string;

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'prongsai-cli-start-'));
  for (const part of ['bin', 'scripts', 'src']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, file), join(copy, file));
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  await build();
}, 120_000);

afterAll(() => rmSync(copy, { recursive: true, force: true }));

async function build(): Promise<void> {
  const { stdout } = await exec(process.execPath, [join(copy, 'scripts', 'build.js')]);
  expect(stdout).toContain('src/ → dist/');
}

/** Runs the copy's bin/prongsai.js; answers its output and the modules it loaded (paths inside the copy, packages by name). */
async function run(...args: string[]): Promise<{ out: string; loaded: string[]; packages: Set<string> }> {
  const trace = join(copy, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const { stdout } = await exec(process.execPath, ['--import', TRACE_HOOK, join(copy, 'bin', 'prongsai.js'), ...args], {
    cwd: copy,
    env: { ...process.env, TRACE_IMPORTS_FILE: trace, PRONGSAI_DATA: join(copy, 'data'), DATABASE_URL: '' },
  });
  const urls = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  rmSync(trace);
  const inCopy = `file://${copy}/`;
  const loaded = urls.filter((u) => u.startsWith(inCopy) && !u.includes('/node_modules/')).map((u) => u.slice(inCopy.length));
  const packages = new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
  return { out: stdout, loaded, packages };
}

describe('bin/prongsai.js', () => {
  it('runs the compiled dist/ when it is up to date, and tsx on the sources once a source is newer', async () => {
    expect(existsSync(join(copy, 'dist', 'db', 'migrations', '0001_ita_cycle.sql'))).toBe(true);
    expect(existsSync(join(copy, 'dist', 'ita', 'packs', '2566.json'))).toBe(true);

    const fresh = await run('score', '--year', '2566', '--indicators', TRAT, '--json');
    expect(JSON.parse(fresh.out).overall).toBe(86.66);
    expect(fresh.loaded).toContain('dist/cli/main.js');
    expect(fresh.loaded.some((f) => f.startsWith('src/'))).toBe(false);

    // A source edited after the build: its time differs from the one the build recorded.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(copy, 'src', 'scoring', 'score.ts'), later, later);
    const stale = await run('score', '--year', '2566', '--indicators', TRAT, '--json');
    expect(JSON.parse(stale.out).overall).toBe(86.66);
    expect(stale.loaded).toContain('src/cli/main.ts');
    expect(stale.loaded.some((f) => f.startsWith('dist/'))).toBe(false);
    expect(stale.packages.has('tsx')).toBe(true);

    await build();
    expect((await run('criteria', '--json')).loaded).toContain('dist/cli/main.js');
  }, 180_000);

  it('counts a file added to src/ (a new migration) as a change, and a missing stamp as no build', async () => {
    await build();
    mkdirSync(join(copy, 'src', 'db', 'migrations'), { recursive: true });
    writeFileSync(join(copy, 'src', 'db', 'migrations', '9999_later.sql'), 'select 1;\n');
    expect((await run('--version')).loaded).toContain('src/cli/main.ts');
    rmSync(join(copy, 'src', 'db', 'migrations', '9999_later.sql'));

    await build();
    expect((await run('--version')).loaded).toContain('dist/cli/main.js');
    rmSync(join(copy, 'dist', 'build-stamp.json'));
    expect((await run('--version')).loaded).toContain('src/cli/main.ts');
    await build();
  }, 180_000);

  it('score, analyze and criteria load neither the database, nor the documents, nor the web server', async () => {
    await build();
    const runs = {
      score: await run('score', '--year', '2566', '--indicators', TRAT),
      analyze: await run('analyze', '--year', '2566', '--indicators', TRAT, '--previous', TRAT),
      criteria: await run('criteria', '--year', '2566'),
      version: await run('--version'),
    };
    for (const [name, r] of Object.entries(runs)) {
      expect(r.loaded, name).toContain('dist/cli/main.js');
      expect(HEAVY.filter((p) => r.packages.has(p)), name).toEqual([]);
      expect(r.loaded.filter((f) => /^dist\/(db|web|documents)\//.test(f)), name).toEqual([]);
    }
    expect(runs.score.out).toContain('คะแนนรวม ๘๖.๖๖ คะแนน');
    expect(runs.version.out.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    // --version reads nothing but the command's definitions.
    expect([...runs.version.packages]).toEqual(['commander']);
  }, 180_000);

  it('report and lint load their own module, not the web server', async () => {
    await build();
    const r = await run('report', '--help');
    expect(r.out).toContain('--kind');
    expect(r.loaded).toContain('dist/cli/report.js');
    expect(r.loaded).not.toContain('dist/cli/serve.js');
  }, 180_000);
});

describe('the commands defined on demand (src/cli/main.ts)', () => {
  it('every command the help lists is defined in main.ts or named in LAZY_COMMANDS', async () => {
    const help = await runCli('--help');
    expect(help.code).toBe(0);
    const names = [...help.out.slice(help.out.indexOf('Commands:')).matchAll(/^ {2}([a-z-]+)\b/gm)].map((m) => m[1]!);
    expect(names).toEqual(expect.arrayContaining(['score', 'analyze', 'criteria', 'serve', 'report', 'org']));
    const own = ['score', 'analyze', 'criteria', 'help'];
    expect(names.filter((n) => !own.includes(n) && !(n in LAZY_COMMANDS))).toEqual([]);
  });

  it('a command of another module works when it is the one asked for, and a typo still gets a suggestion', async () => {
    const serve = await runCli('serve', '--help');
    expect(serve.code).toBe(0);
    expect(serve.out).toContain('--port');
    const typo = await runCli('serv');
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('serve');
  });
});
