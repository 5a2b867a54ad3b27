import { readFile } from 'node:fs/promises';
import { LossyvisionError } from '../../errors.js';

/** Reads and parses a JSON file; a missing file or bad JSON becomes an error naming the file and the spot. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LossyvisionError('FILE_NOT_FOUND', 'file not found', { file }, { cause: error });
    if (code === 'EISDIR') throw new LossyvisionError('INVALID_FILE', 'expected a JSON file but found a folder', { file }, { cause: error });
    throw new LossyvisionError('INVALID_FILE', `cannot read: ${(error as Error).message}`, { file }, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const match = /at position (\d+)/.exec(message);
    const where = match ? ` (line ${lineColumn(text, Number(match[1]))})` : '';
    // V8's own message quotes a slice of the input; keep only its first clause.
    const reason = message.replace(/,\s*(\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    throw new LossyvisionError('INVALID_FILE', `malformed JSON${where}: ${reason}`, { file }, { cause: error });
  }
}

function lineColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}, column ${position - lineStart + 1}`;
}
