import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every atomic write in lossyvision goes through `<file>.<pid>[-<thread>-<random>].tmp`, then a
 * rename. A process killed between the two leaves that temporary file behind; the next run
 * that writes into the same folder removes the ones whose process is gone. A temporary file
 * of a process that still runs (another run writing into the same --out) is left alone.
 */
const TEMP = /^.+\.(\d+)(?:-\d+-[0-9a-f]+)?\.tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files of dead processes directly in `dir` (not below it); returns their names. */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    const match = TEMP.exec(entry.name);
    if (!match || !entry.isFile() || alive(Number(match[1]))) continue;
    await rm(join(dir, entry.name), { force: true });
    removed.push(entry.name);
  }
  return removed;
}
