import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary files and folders, named so that the run that made them can be told from their name
 * alone: the machine (a short hash of its host name) and the process id. Whatever a killed run
 * leaves behind (SIGKILL gives it no chance to clean up) is removed by the next run that looks in
 * the same place, once the process that made it is gone; a live run's files are never touched,
 * and neither are another machine's (a results folder on a shared disk).
 *
 * - Files written atomically: `<target>.lv-<host>-<pid>-<rand>.tmp`, renamed onto `<target>`.
 * - Working folders (raw pristine frames, bitstreams): `<root>/lossyvision-<kind>.<host>.<pid>.XXXXXX`,
 *   under the temp root the CLI sets (`--tmp`, default `<out>/tmp`), else the system temp folder.
 */

/** This machine, as 8 hex digits. */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** A fresh temporary name beside `target`, for a write-then-rename. */
export function tempPathFor(target: string): string {
  return `${target}.lv-${HOST_TAG}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

/** Whether the process `pid` of this machine still runs (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The host tag (undefined: a name from before host tags, taken as this machine's) and pid a temporary file's name carries. */
function tempFileOwner(name: string): { host?: string; pid: number } | undefined {
  const tagged = /\.lv-([0-9a-f]{8})-(\d+)-[0-9a-f]+\.tmp$/.exec(name);
  if (tagged) return { host: tagged[1], pid: Number(tagged[2]) };
  // Earlier names: `<file>.<pid>.tmp`, `<file>.<pid>-<thread>-<hex>.tmp`, `<file>.tmp-<pid>`.
  const legacy = /\.(\d+)(?:-\d+-[0-9a-f]+)?\.tmp$/.exec(name) ?? /\.tmp-(\d+)$/.exec(name);
  return legacy ? { pid: Number(legacy[1]) } : undefined;
}

function stale(owner: { host?: string; pid: number } | undefined): boolean {
  return owner !== undefined && (owner.host === undefined || owner.host === HOST_TAG) && !processAlive(owner.pid);
}

/** Removes the temporary files in `dir` (not below it) whose process is gone; returns their names. */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !stale(tempFileOwner(entry.name))) continue;
    await unlink(join(dir, entry.name)).then(
      () => removed.push(entry.name),
      () => undefined,
    );
  }
  return removed;
}

const DIR_PATTERN = /^lossyvision-[a-z]+\.([0-9a-f]{8})\.(\d+)\.[A-Za-z0-9]+$/;

let root: string | undefined;
const liveDirs = new Set<string>();
const liveFileAreas = new Set<string>();

/** Where working folders go from now on (the CLI: `--tmp`, else `<out>/tmp`); undefined: the system temp folder. */
export function setTempRoot(dir: string | undefined): void {
  root = dir;
}

export function tempRoot(): string {
  return root ?? tmpdir();
}

/** Listeners told of every working folder made and removed (the ffmpeg lifeline removes them if this process is killed). */
const dirListeners = new Set<(event: 'add' | 'remove', dir: string) => void>();

export function onTempDir(listener: (event: 'add' | 'remove', dir: string) => void): () => void {
  dirListeners.add(listener);
  return () => dirListeners.delete(listener);
}

/** A fresh working folder `lossyvision-<kind>.<host>.<pid>.XXXXXX` under the temp root (or `base`). */
export async function makeTempDir(kind: string, base = tempRoot()): Promise<string> {
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(join(base, `lossyvision-${kind}.${HOST_TAG}.${process.pid}.`));
  liveDirs.add(dir);
  for (const listener of dirListeners) listener('add', dir);
  return dir;
}

/** The working folders of this process that exist now. */
export function liveTempDirs(): string[] {
  return [...liveDirs];
}

/** Deletes a working folder made by `makeTempDir`. */
export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
  for (const listener of dirListeners) listener('remove', dir);
}

/** Removes working folders of gone processes of this machine under `base`; returns how many. */
export async function removeStaleTempDirs(base = tempRoot()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(base);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = DIR_PATTERN.exec(name);
    if (!match || match[1] !== HOST_TAG || processAlive(Number(match[2]))) continue;
    await rm(join(base, name), { recursive: true, force: true }).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

/**
 * Folders in which this process writes temporary files (a results folder, the cache's tmp/): on
 * an interrupt, `removeOwnTempSync` deletes this process's files there.
 */
export function registerTempFileArea(dir: string): void {
  liveFileAreas.add(dir);
}

/**
 * What an interrupt handler calls before exiting: deletes every working folder of this process
 * and its temporary files in the registered areas. Synchronous, so it can run in a signal or
 * 'exit' handler.
 */
export function removeOwnTempSync(): void {
  for (const dir of liveDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // nothing more to do on the way out
    }
  }
  liveDirs.clear();
  for (const area of liveFileAreas) {
    let names: string[];
    try {
      names = readdirSync(area);
    } catch {
      continue;
    }
    for (const name of names) {
      const owner = tempFileOwner(name);
      if (owner?.pid === process.pid && (owner.host === undefined || owner.host === HOST_TAG)) {
        try {
          rmSync(join(area, name), { force: true });
        } catch {
          // ignore
        }
      }
    }
  }
}
