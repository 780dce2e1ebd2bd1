/**
 * One process per embedded data folder. PGlite is a single-process database: two processes writing the same
 * folder corrupt it. The first process takes `<dir>/prongsai.lock` (created exclusively, holding its pid and host);
 * a second one gets a clear error naming the holder. A lock left by a process that no longer runs (killed, power
 * cut) is taken over.
 */
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { dbMessages } from './messages.ts';

export interface DirLock {
  readonly path: string;
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, host: String(parsed.host ?? ''), since: String(parsed.since ?? '') } : null;
  } catch {
    return null;
  }
}

/** Locks this process holds: a second open of the same folder in the same process is refused too. */
const HELD = new Set<string>();

export function lockDataDir(dir: string): DirLock {
  const path = join(dir, 'prongsai.lock');
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      HELD.add(path);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          HELD.delete(path);
          const holder = readHolder(path);
          if (holder?.pid === process.pid) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    const sameHost = holder !== null && holder.host === me.host;
    const ours = holder?.pid === process.pid && sameHost;
    if (holder && (ours ? HELD.has(path) : !sameHost || isRunning(holder.pid))) {
      throw new InputError('PRONGSAI_DATA', dbMessages.locked({ dir, pid: holder.pid, host: sameHost ? null : holder.host, since: holder.since }));
    }
    // A stale lock (its process is gone, or it is unreadable): move it aside atomically, then try again.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      unlinkSync(`${path}.stale-${process.pid}`);
    } catch {
      // another process took it over first; the next attempt sees its lock
    }
  }
  throw new Error(`could not lock ${dir}`);
}
