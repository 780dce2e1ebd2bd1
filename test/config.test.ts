/**
 * One configuration module (src/config.ts): every environment variable read and checked there, with its default;
 * a wrong value stops `prongsai serve` with exit code 2, naming the variable in Thai and English, before anything
 * is opened; the README's table lists exactly its variables. And the console of `prongsai serve`: the start-up
 * message (demo accounts, set-up link) is not buried in request logs.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { prettyLog, trustProxyFromEnv } from '../src/cli/serve.ts';
import { configValue, loadConfig, logLevelOf, pickConfig, VARIABLES, variablesTable } from '../src/config.ts';
import { maxEvidenceBytes } from '../src/measures/evidence.ts';
import { optionsFromEnv } from '../src/db/index.ts';
import { ConfigError, InputError } from '../src/errors.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'prongsai.js');

const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('no error');
};

describe('the configuration', () => {
  it('has every default when nothing is set, and parses what is set', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', PRONGSAI_DATA: './data', PRONGSAI_DB_POOL: 10, PRONGSAI_TRUST_PROXY: false });
    expect(defaults).toMatchObject({ PRONGSAI_SECURE_COOKIES: false, PRONGSAI_PORTAL_REVALIDATE_MS: 1000, PRONGSAI_EVIDENCE_MAX_MB: 20 });
    expect(defaults.DATABASE_URL).toBeUndefined();
    expect(defaults.PRONGSAI_PUBLIC_URL).toBeUndefined();
    // Empty is unset.
    expect(loadConfig({ PORT: '', DATABASE_URL: '', PRONGSAI_DATA: ' ' })).toMatchObject({ PORT: 3000, DATABASE_URL: undefined, PRONGSAI_DATA: './data' });

    const set = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://ita:secret@db:5432/prongsai',
      PRONGSAI_PUBLIC_URL: 'https://ita.example.go.th//',
      PRONGSAI_SECURE_COOKIES: '1',
      PRONGSAI_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8',
      PRONGSAI_EVIDENCE_MAX_MB: '2.5',
      LOG_LEVEL: 'info',
    });
    expect(set).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', DATABASE_URL: 'postgres://ita:secret@db:5432/prongsai', PRONGSAI_PUBLIC_URL: 'https://ita.example.go.th' });
    expect(set).toMatchObject({ PRONGSAI_SECURE_COOKIES: true, PRONGSAI_TRUST_PROXY: ['127.0.0.1', '10.0.0.0/8'], PRONGSAI_EVIDENCE_MAX_MB: 2.5, LOG_LEVEL: 'info' });
    expect(configValue('PORT', { PORT: '0' })).toBe(0);
    expect(pickConfig(['USER', 'USERNAME'], { USERNAME: 'somchai' })).toEqual({ USER: undefined, USERNAME: 'somchai' });
  });

  it('is what the env-parameter functions give', () => {
    expect(optionsFromEnv({})).toEqual({ url: undefined, dataDir: './data' });
    expect(optionsFromEnv({ DATABASE_URL: 'postgresql://db/x', PRONGSAI_DATA: '/srv/ita' })).toEqual({ url: 'postgresql://db/x', dataDir: '/srv/ita' });
    expect(maxEvidenceBytes({})).toBe(20 * 1024 * 1024);
    expect(maxEvidenceBytes({ PRONGSAI_EVIDENCE_MAX_MB: '1.5' })).toBe(1.5 * 1024 * 1024);
    expect(trustProxyFromEnv('2')).toBe(2);
  });

  it('logs warnings only, unless asked, and requests when the log goes to a file', () => {
    expect(logLevelOf(loadConfig({}))).toBe('warn');
    expect(logLevelOf(loadConfig({ PRONGSAI_LOG_FILE: '/tmp/x.log' }))).toBe('info');
    expect(logLevelOf(loadConfig({ PRONGSAI_LOG_FILE: '/tmp/x.log', LOG_LEVEL: 'error' }))).toBe('error');
  });

  it('refuses a wrong value naming the variable, the problem and the form expected, in Thai and English', () => {
    const cases: [string, string, string, string][] = [
      ['PORT', 'abc', 'ไม่ใช่จำนวนเต็ม', 'not a whole number'],
      ['PORT', '70000', 'มากกว่า 65535', 'above 65535'],
      ['PRONGSAI_DB_POOL', '0', 'น้อยกว่า 1', 'below 1'],
      ['PRONGSAI_EVIDENCE_MAX_MB', '0', 'ไม่มากกว่า 0', 'not above 0'],
      ['PRONGSAI_EVIDENCE_MAX_MB', 'lots', 'ไม่ใช่ตัวเลข', 'not a number'],
      ['LOG_LEVEL', 'verbose', 'ไม่ใช่ค่าที่ใช้ได้', 'not one of the values allowed'],
      ['PRONGSAI_LOG', 'xml', 'ไม่ใช่ค่าที่ใช้ได้', 'not one of the values allowed'],
      ['PRONGSAI_PUBLIC_URL', 'ita.example.go.th', 'ไม่ใช่ URL', 'not a URL'],
      ['DATABASE_URL', 'mysql://db/x', 'ไม่ใช่ URL', 'not a URL'],
      ['PRONGSAI_SECURE_COOKIES', 'on', 'ไม่ใช่ค่าเปิดหรือปิด', 'not on or off'],
      ['PRONGSAI_TRUST_PROXY', 'true', '"true" ไม่ใช่จำนวนหรือที่อยู่ IP/CIDR', '"true" is neither a number nor an IP address/CIDR'],
      ['PRONGSAI_TRUST_PROXY', '10.0.0.0/33', '"10.0.0.0/33" ไม่ใช่จำนวน', '"10.0.0.0/33" is neither a number'],
    ];
    for (const [name, value, th, en] of cases) {
      const error = errorOf(() => loadConfig({ [name]: value }));
      expect(error.field).toBe(name);
      expect(error.th).toContain(`${name}=${JSON.stringify(value)}`);
      expect(error.th).toContain(th);
      expect(error.th).toContain(`ต้องเป็น ${VARIABLES[name as keyof typeof VARIABLES].expected.th}`);
      expect(error.en).toContain(`${name}=${JSON.stringify(value)} is not valid: ${en}`);
      expect(error.en).toContain(`expected ${VARIABLES[name as keyof typeof VARIABLES].expected.en}`);
    }
  });

  it('reports every wrong variable at once', () => {
    const error = errorOf(() => loadConfig({ PORT: 'x', PRONGSAI_DB_POOL: 'y', HOST: 'localhost' }));
    expect(error.errors.map((e) => e.field)).toEqual(['PORT', 'PRONGSAI_DB_POOL']);
    expect(error.field).toBe('PORT, PRONGSAI_DB_POOL');
    expect(error).toBeInstanceOf(InputError);
  });

  it('is the only place the product reads a variable', () => {
    // PATH and LD_LIBRARY_PATH are the system's, for finding and starting Chromium (src/documents/core/browser.ts).
    const SYSTEM = new Set(['PATH', 'LD_LIBRARY_PATH']);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
      });
    const reads: string[] = [];
    for (const file of [...files(join(ROOT, 'src')), join(BIN)]) {
      if (file.endsWith(join('src', 'config.ts'))) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/process\.env(?:\.(\w+)|\[['"](\w+)['"]\])|\benv(?:\.(\w+)|\[['"](\w+)['"]\])/g)) {
        const name = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
        if (!SYSTEM.has(name)) reads.push(`${file.slice(ROOT.length)}: ${name}`);
      }
    }
    expect(reads).toEqual([]);
  });

  it('is documented in the README, one table of exactly its variables', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.split('\n').filter((l) => /^\| `[A-Z_]+` \|/.test(l));
    expect(table.map((l) => /^\| `([A-Z_]+)`/.exec(l)?.[1])).toEqual(Object.keys(VARIABLES));
    // Generated from the module: `node --import tsx -e "import('./src/config.ts').then((c) => console.log(c.variablesTable()))"`.
    expect(readme).toContain(variablesTable());
  });
});

describe('the console of prongsai serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prongsai-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** `prongsai serve` on `dataDir` with `env` over an environment without log settings. */
  function serve(dataDir: string, env: Record<string, string>) {
    const unset = new Set(['LOG_LEVEL', 'PRONGSAI_LOG', 'PRONGSAI_LOG_FILE', 'PORT', 'PRONGSAI_PUBLIC_URL']);
    const base = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !unset.has(name))), PRONGSAI_DATA: dataDir, DATABASE_URL: '' };
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: dir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let done = false;
    const waiting = new Set<() => void>();
    const changed = () => {
      for (const check of [...waiting]) check();
    };
    child.stdout.on('data', (c: Buffer) => ((out += c.toString('utf8')), changed()));
    child.stderr.on('data', (c: Buffer) => ((out += c.toString('utf8')), changed()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => ((done = true), changed(), resolve(code))));
    /** Resolves once the output matches `re` (rejects when the process ends first). */
    const waitFor = (re: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m || done) waiting.delete(check);
          if (m) resolve(m);
          else if (done) reject(new Error(`serve ended without ${String(re)}:\n${out}`));
        };
        waiting.add(check);
        check();
      });
    return { child, output: () => out, exited, waitFor };
  }

  it('stops with exit code 2 and both languages on a wrong variable, having opened nothing', async () => {
    const dataDir = join(dir, 'never');
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...process.env, PRONGSAI_DATA: dataDir, PORT: 'abc', PRONGSAI_DB_POOL: '0' } }, (_e, _out, err) =>
        resolve({ code: child.exitCode, stderr: err }),
      );
    });
    expect(code).toBe(2);
    expect(stderr).toContain('ข้อผิดพลาด: ตัวแปรสภาพแวดล้อม PORT="abc" ใช้ไม่ได้');
    expect(stderr).toContain('Error: environment variable PORT="abc" is not valid: not a whole number; expected a whole number from 0 to 65535');
    expect(stderr).toContain('PRONGSAI_DB_POOL="0"');
    expect(existsSync(dataDir)).toBe(false);
  }, 120_000);

  it('shows the start-up message and no request lines by default; requests go to PRONGSAI_LOG_FILE when asked', async () => {
    const dataDir = join(dir, 'data');
    const first = serve(dataDir, {});
    try {
      const url = (await first.waitFor(/Prongsai: (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
      await first.waitFor(/\/setup\/[A-Za-z0-9_-]{43}/);
      for (const path of ['/healthz', '/login', '/no-such-page']) await fetch(`${url}${path}`);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited, first.output()).toBe(0);
    const out = first.output();
    expect(out).toContain('coordinator@huai-thong.demo');
    expect(out).toContain('ตั้งค่าผู้ดูแลระบบ');
    expect(out).not.toMatch(/incoming request|request completed|"reqId"|GET \/login/);

    const logFile = join(dir, 'prongsai.log');
    const second = serve(dataDir, { PRONGSAI_LOG_FILE: logFile });
    try {
      const url = (await second.waitFor(/Prongsai: (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
      await second.waitFor(/\/setup\/[A-Za-z0-9_-]{43}/);
      expect((await fetch(`${url}/login`)).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited, second.output()).toBe(0);
    expect(second.output()).not.toMatch(/incoming request|request completed|"reqId"/);
    const lines = readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { req?: { url: string }; res?: { statusCode: number } });
    expect(lines.some((l) => l.req?.url === '/login')).toBe(true);
    expect(lines.some((l) => l.res?.statusCode === 200)).toBe(true);
  }, 360_000);

  it('prints the log as short lines on a terminal: a request in one line, an error with its message', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString('utf8')));
    const pretty = prettyLog(out);
    const time = new Date(2026, 11, 4, 9, 5, 7).getTime();
    const lines = [
      { level: 30, time, reqId: 'r1', req: { method: 'GET', url: '/login' }, msg: 'incoming request' },
      { level: 30, time, reqId: 'r1', res: { statusCode: 200 }, responseTime: 3.4, msg: 'request completed' },
      { level: 40, time, msg: 'database not ready' },
      { level: 50, time, msg: 'housekeeping failed', err: { message: 'disk full' } },
    ];
    const json = lines.map((l) => JSON.stringify(l)).join('\n');
    // Split anywhere: a line may come in two writes.
    await new Promise<void>((resolve) => pretty.write(json.slice(0, 50), () => resolve()));
    await new Promise<void>((resolve) => pretty.write(`${json.slice(50)}\n`, () => resolve()));
    expect(text.split('\n')).toEqual(['09:05:07 INFO GET /login 200 3 ms', '09:05:07 WARN database not ready', '09:05:07 ERROR housekeeping failed: disk full', '']);
  });
});
