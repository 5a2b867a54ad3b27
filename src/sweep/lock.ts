import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import { processAlive } from '../temp-files.js';

export const LOCK_FILE = '.lossyvision.lock';

interface Holder {
  host: string;
  pid: number;
  since: string;
}

/**
 * Takes `<dir>/.lossyvision.lock` for this process (created exclusively, so two runs that start at
 * once cannot both have it, also over NFS v3+), or refuses naming the holder. A lock left by a
 * dead process of this machine is taken over; one from another machine is only ever reported,
 * since its pid cannot be checked from here. Returns the release, also run at exit.
 */
export function lockResults(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: Holder = { host: hostname(), pid: process.pid, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      const stale = holder !== undefined && holder.host === me.host && !processAlive(holder.pid);
      if (!stale || attempt > 0) {
        const who = holder ? `process ${holder.pid} on ${holder.host} (since ${holder.since})` : 'another run (the lock file is unreadable)';
        throw new LossyvisionError(
          'INVALID_ARGUMENT',
          `results folder is in use by ${who}; two runs cannot write one --out. Wait for it, use another --out, or delete ${path} if that run is gone`,
          { file: dir },
        );
      }
      rmSync(path, { force: true }); // a dead run's lock: taken over
    }
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Only our own lock goes: a taken-over one belongs to someone else now.
    if (readHolder(path)?.pid === me.pid && readHolder(path)?.host === me.host) rmSync(path, { force: true });
  };
  process.on('exit', release);
  return release;
}

function readHolder(path: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return typeof holder?.pid === 'number' && typeof holder.host === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}
