/**
 * `prongsai serve` as `npm start` runs it: a real process on an empty data folder answers /healthz 503 then 200,
 * loads the demo with its demo users and prints them, prints a one-time set-up link that works, and on SIGTERM
 * closes everything (the data folder's lock is released) and exits 0. A second start loads nothing again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'prongsai.js');

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly url: Promise<string>;
  readonly exited: Promise<number | null>;
}

function start(dataDir: string): Running {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    env: { ...process.env, PRONGSAI_DATA: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Prongsai: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('exit', () => reject(new Error(`serve exited early:\n${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, url, exited };
}

async function healthy(url: string, timeoutMs = 60_000): Promise<number[]> {
  const seen: number[] = [];
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res) {
      seen.push(res.status);
      if (res.status === 200) return seen;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not healthy in time: ${seen.join(',')}`);
}

describe('prongsai serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prongsai-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on an empty folder with the demo and a set-up link, and stops cleanly on SIGTERM', async () => {
    const first = start(dir);
    try {
      const url = await first.url;
      const statuses = await healthy(url);
      expect(statuses.at(-1)).toBe(200);
      const out = first.output();
      expect(out).toContain('coordinator@huai-thong.demo');
      expect(out).toContain('huaithong-demo-2566');
      const link = /(http:\/\/127\.0\.0\.1:\d+\/setup\/[A-Za-z0-9_-]{43})/.exec(out)?.[1];
      expect(link).toBeDefined();
      const setup = await fetch(link!);
      expect(setup.status).toBe(200);
      expect(await setup.text()).toContain('ตั้งค่าผู้ดูแลระบบ');
      // The set-up link is on the console only: never in the log lines.
      expect(out.split('\n').filter((l) => l.startsWith('{') && l.includes('/setup/') && !l.includes('[redacted]'))).toEqual([]);
      expect(existsSync(join(dir, 'prongsai.lock'))).toBe(true);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('SIGTERM, stopped');
    expect(existsSync(join(dir, 'prongsai.lock'))).toBe(false);

    // Again on the same folder: the data is there, the demo is not loaded twice.
    const second = start(dir);
    try {
      await healthy(await second.url);
      expect(second.output()).not.toContain('huaithong-demo-2566');
      expect(second.output()).toContain('/setup/'); // still no system administrator
    } finally {
      second.child.kill('SIGINT');
    }
    expect(await second.exited).toBe(0);
  });
});
