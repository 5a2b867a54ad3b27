import { LossyvisionError } from '../../errors.js';
import { readInputText } from '../../media/input-file.js';

/**
 * Deeper nesting than any annotation or results format uses (COCO polygons are 4 levels). A
 * deeper file is refused before parsing: V8 parses it, but every recursive walk afterwards
 * (JSON.stringify in a message, structured clone to a worker) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 256;

/** Reads and parses a JSON file; a missing file or bad JSON becomes an error naming the file and the spot. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readInputText(file, { what: 'a JSON file', missing: 'file not found', folder: 'expected a JSON file but found a folder' });
  return parseJsonText(text, file);
}

/**
 * JSON.parse with the depth limit, and an error a user can act on: the line and column of the
 * first character that is not JSON (V8 gives no position for an unexpected token such as
 * Python's NaN), the reason without V8's echo of the input, and a hint for NaN / Infinity.
 */
export function parseJsonText(text: string, file: string): unknown {
  const tooDeep = nestingBeyond(text, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    throw new LossyvisionError('INVALID_FILE', `Expected JSON nested at most ${MAX_JSON_DEPTH} levels deep but it goes deeper at line ${lineColumn(text, tooDeep)}`, { file });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = errorPosition(text, message);
    const where = position === undefined ? '' : ` (line ${lineColumn(text, position)})`;
    // V8's own message quotes a slice of the input; keep only its first clause.
    const reason = message.replace(/,\s*(\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, '');
    const rest = position === undefined ? '' : text.slice(position, position + 9);
    const hint = /^-?(NaN|Infinity)/.test(rest) ? ' (JSON has no NaN or Infinity, as Python\'s json module writes them: use null or a number)' : '';
    throw new LossyvisionError('INVALID_FILE', `malformed JSON${where}: ${reason}${hint}`, { file }, { cause: error });
  }
}

/** A message for input that merely stops early: every prefix of valid JSON gives one. */
const INCOMPLETE = /Unexpected end of JSON input|Unterminated string/;

/** Where parsing failed: V8's "at position N", else the shortest prefix that is already not JSON. */
function errorPosition(text: string, message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  if (match) return Number(match[1]);
  if (INCOMPLETE.test(message)) return text.length;
  // A prefix cut mid-structure fails too ("Expected ':' after property name" at its very end): that is incompleteness, not an error.
  const bad = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (error) {
      const m = (error as Error).message;
      const at = /at position (\d+)/.exec(m);
      return !INCOMPLETE.test(m) && !/after JSON at position/.test(m) && !(at && Number(at[1]) >= k);
    }
  };
  // bad(k) is false up to the offending character and true from there on: bisect for it.
  let lo = 0;
  let hi = text.length;
  if (!bad(hi)) return undefined;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (bad(mid)) hi = mid;
    else lo = mid;
  }
  return hi - 1;
}

/** Position of the first bracket that opens level `limit + 1` (outside strings), or undefined. */
export function nestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return undefined;
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
