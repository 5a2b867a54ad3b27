import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeOwnTempSync, removeStaleTempDirs, removeStaleTempFiles, setTempRoot } from '../temp-files.js';
import { killAllFfmpeg } from '../video/process.js';

/** Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report it. */
const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const;

/** Everything this process started that must not outlive it: ffmpeg children, working folders, temporary files. */
function cleanUp(): void {
  killAllFfmpeg();
  removeOwnTempSync();
}

/**
 * Ctrl-C, `kill` and a closed terminal stop the run cleanly: ffmpeg children are killed, this
 * process's working folders and temporary files are removed, and it exits 130 / 143 / 129.
 * Results already on disk stay (the cache is the durable record: the same command resumes).
 * A stdout that closes early (`lossyvision run … | head -1`) ends the process quietly, exit 0.
 */
export function installInterruptHandlers(): void {
  for (const [signal, code] of SIGNALS) {
    process.on(signal, () => {
      cleanUp();
      process.stderr.write(`\nlossyvision: stopped by ${signal}\n`, () => process.exit(code));
      // stderr may be gone too: do not wait on it.
      setTimeout(() => process.exit(code), 200).unref();
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      cleanUp();
      process.exit(0);
    });
  }
}

/**
 * Working folders (raw pristine frames, bitstreams) go under `dir` from now on, so a user knows
 * where the space went; folders that killed runs left there, and in the system temp folder, are
 * removed first.
 */
export async function useTempRoot(dir: string): Promise<void> {
  setTempRoot(dir);
  await removeStaleTempDirs(dir);
  await removeStaleTempDirs(tmpdir());
}

/** Temporary files that killed runs left in a results folder and its cache (a kill while storing or caching). */
export async function removeStaleResults(out: string, cache: string): Promise<void> {
  await removeStaleTempFiles(out);
  await removeStaleTempFiles(join(cache, 'tmp'));
}
