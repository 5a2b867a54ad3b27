import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { LossyvisionError } from '../errors.js';
import { maxFileBytes } from './limits.js';

/**
 * Reading a file the user pointed at (an image, a mask, an annotation file): only regular files,
 * and only up to a size cap. A FIFO would block `readFile` forever waiting for a writer, and a
 * link to /dev/zero or /dev/urandom never ends; both are refused with the reason before a byte
 * is read. The file is opened non-blocking (so opening a FIFO returns at once) and checked with
 * fstat on that very descriptor, so what is read is what was checked.
 */

export interface InputFileOptions {
  /** "an image file", "a JSON file": how messages name what was expected. */
  what: string;
  /** Default: the process-wide cap (limits.ts). */
  maxBytes?: number;
  /** The message for a missing file; default "Expected <what> but it does not exist". */
  missing?: string;
  /** The message for a folder; default "Expected <what> but it is a folder". */
  folder?: string;
}

const KIND_NAMES: [test: 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket', name: string][] = [
  ['isFIFO', 'a FIFO (named pipe)'],
  ['isCharacterDevice', 'a character device'],
  ['isBlockDevice', 'a block device'],
  ['isSocket', 'a socket'],
];

/** Bytes of a regular file no larger than the cap; anything else is a LossyvisionError naming the file and why. */
export async function readInputFile(file: string, options: InputFileOptions): Promise<Buffer> {
  const limit = options.maxBytes ?? maxFileBytes();
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LossyvisionError('FILE_NOT_FOUND', options.missing ?? `Expected ${options.what} but it does not exist`, { file }, { cause: error });
    if (code === 'EISDIR') throw new LossyvisionError('INVALID_FILE', options.folder ?? `Expected ${options.what} but it is a folder`, { file }, { cause: error });
    throw new LossyvisionError('INVALID_FILE', `Could not read ${options.what}: ${code ?? (error as Error).message}`, { file }, { cause: error });
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new LossyvisionError('INVALID_FILE', options.folder ?? `Expected ${options.what} but it is a folder`, { file });
    if (!stats.isFile()) {
      const kind = KIND_NAMES.find(([test]) => stats[test]())?.[1] ?? 'not a regular file';
      throw new LossyvisionError('INVALID_FILE', `Expected ${options.what} (a regular file) but it is ${kind}; only regular files are read`, { file });
    }
    if (stats.size > limit) {
      throw new LossyvisionError('INVALID_FILE', `Expected ${options.what} of at most ${limit} bytes (the file size limit) but it is ${stats.size} bytes`, { file });
    }
    // Read what fstat promised, plus one byte to notice a file that grows while being read.
    const buffer = Buffer.allocUnsafe(stats.size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > stats.size) {
        throw new LossyvisionError('INVALID_FILE', `Expected ${options.what} of ${stats.size} bytes but it grew while being read`, { file });
      }
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    if (error instanceof LossyvisionError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new LossyvisionError('INVALID_FILE', `Could not read ${options.what}: ${code ?? (error as Error).message}`, { file }, { cause: error });
  } finally {
    await handle.close();
  }
}

/** The same, as UTF-8 text (annotation files, label lists); a file too long for one string is refused, not a crash. */
export async function readInputText(file: string, options: InputFileOptions): Promise<string> {
  return inputText(await readInputFile(file, options), file, options);
}

/** The bytes of a file read by readInputFile as UTF-8 text, with readInputText's refusal of a too-long one. */
export function inputText(bytes: Buffer, file: string, options: InputFileOptions): string {
  try {
    return bytes.toString('utf8');
  } catch (error) {
    throw new LossyvisionError('INVALID_FILE', `Expected ${options.what} small enough to read as text (${bytes.length} bytes is more than one string holds)`, { file }, { cause: error });
  }
}
