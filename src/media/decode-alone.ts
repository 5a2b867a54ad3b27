import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { SharpOptions } from 'sharp';

/**
 * Why an image failed to decode, in its own words. libvips keeps one error buffer for the whole
 * process (lovell/sharp#902): when two images fail at once on different threads — two sweep
 * workers, or libuv's pool — one failure's message can carry the other's text or lose its own
 * (a truncated PNG reported as "VipsJpeg: premature end of JPEG image"; 300 concurrent failures
 * of three broken files gave 26 different messages here). A failure reason is a recorded result
 * (failures.csv, the per-sample states), so it must be the image's own and the same in every
 * run: the failed bytes are decoded again, alone, in a child process, with the same options.
 * Only failures pay (≈ 0.1–0.2 s each); a child that cannot run leaves the first message.
 */

let resolvedSharp: string | null | undefined;
/** sharp's entry for the child, resolved at the first failure; undefined where it cannot be resolved from here (a bundle): the first message stays. */
function sharpPath(): string | undefined {
  if (resolvedSharp === undefined) {
    try {
      resolvedSharp = createRequire(import.meta.url).resolve('sharp');
    } catch {
      resolvedSharp = null;
    }
  }
  return resolvedSharp ?? undefined;
}

// The child's pipeline is decodeImage's (decode.ts): its input options come from there (argv[2]),
// its steps are the same; test/media/decode-alone.test.ts checks its messages against that pipeline run alone.
const CHILD = `
const sharp = require(process.argv[1]);
sharp.concurrency(1);
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', () => {
  sharp(Buffer.concat(chunks), JSON.parse(process.argv[2]))
    .removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer()
    .then(() => process.stdout.write(JSON.stringify({ decoded: true })),
          (e) => process.stdout.write(JSON.stringify({ message: e instanceof Error ? e.message : String(e) })));
});`;

// A folder of broken files failing at once starts no more children than there are cores.
const limit = availableParallelism();
let running = 0;
const queue: (() => void)[] = [];

/** The message decoding `bytes` alone with sharp's `input` options fails with; undefined where it decodes there, or the child fails. */
export async function decodeAloneError(bytes: Uint8Array, input: SharpOptions): Promise<string | undefined> {
  if (running < limit) running++;
  else await new Promise<void>((resolve) => queue.push(resolve)); // a finishing child hands over its slot
  try {
    return await childMessage(bytes, input);
  } finally {
    const next = queue.shift();
    if (next) next();
    else running--;
  }
}

function childMessage(bytes: Uint8Array, input: SharpOptions): Promise<string | undefined> {
  const sharp = sharpPath();
  if (sharp === undefined) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['-e', CHILD, sharp, JSON.stringify(input)], { timeout: 60_000, maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        const answer = JSON.parse(stdout) as { message?: unknown };
        resolve(typeof answer.message === 'string' ? answer.message : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.on('error', () => undefined); // a child that exits before reading all of stdin
    child.stdin?.end(bytes);
  });
}
