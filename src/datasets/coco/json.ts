import { LossyvisionError } from '../../errors.js';
import { inputText, readInputFile } from '../../media/input-file.js';

/**
 * Deeper nesting than any annotation or results format uses (COCO polygons are 4 levels). A
 * deeper file is refused before parsing: V8 parses it, but every recursive walk afterwards
 * (JSON.stringify in a message, structured clone to a worker) would overflow the stack.
 */
export const MAX_JSON_DEPTH = 256;

/** Reads and parses a JSON file; a missing file or bad JSON becomes an error naming the file and the spot. */
export async function readJsonFile(file: string): Promise<unknown> {
  const options = { what: 'a JSON file', missing: 'file not found', folder: 'expected a JSON file but found a folder' };
  const bytes = await readInputFile(file, options);
  // The depth scan on the bytes is about 3× faster than on the decoded string, and finds the
  // same thing: brackets, quotes and backslashes are ASCII, which UTF-8 never uses inside a
  // multi-byte character.
  const deep = nestingBeyond(bytes, MAX_JSON_DEPTH) !== undefined;
  return parseJson(inputText(bytes, file, options), file, deep);
}

/**
 * JSON.parse with the depth limit, and an error a user can act on: the line and column of the
 * first character that is not JSON (V8 gives no position for an unexpected token such as
 * Python's NaN), the reason without V8's echo of the input, and a hint for NaN / Infinity.
 */
export function parseJsonText(text: string, file: string): unknown {
  return parseJson(text, file, nestingBeyond(text, MAX_JSON_DEPTH) !== undefined);
}

/** parseJsonText once the depth scan has been done (`deep`: the text nests too deep). */
function parseJson(text: string, file: string, deep: boolean): unknown {
  if (deep) {
    const at = nestingBeyond(text, MAX_JSON_DEPTH)!;
    throw new LossyvisionError('INVALID_FILE', `Expected JSON nested at most ${MAX_JSON_DEPTH} levels deep but it goes deeper at line ${lineColumn(text, at)}`, { file });
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

/**
 * Position of the first bracket that opens level `limit + 1` (outside strings), or undefined:
 * a character index in a string, a byte offset in UTF-8 bytes.
 */
export function nestingBeyond(text: string | Uint8Array, limit: number): number | undefined {
  return typeof text === 'string' ? nestingInText(text, limit) : nestingInBytes(text, limit);
}

// The same scan twice, each loop kept to one kind of input so V8 compiles it monomorphic.
function nestingInText(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Most characters are digits, separators or spaces: below '[' and not a quote, nothing to do.
    if (c < 91 && c !== 34) continue;
    if (c === 34) {
      // A string: on to its closing quote, stepping over escaped characters.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92) i++;
        else if (s === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return undefined;
}

function nestingInBytes(bytes: Uint8Array, limit: number): number | undefined {
  // Results files are mostly runs of numbers: read them four bytes at a time (an aligned
  // Int32Array view over the middle of the buffer) and step only into words that may matter.
  const head = Math.min((4 - (bytes.byteOffset & 3)) & 3, bytes.length);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + head, (bytes.length - head) >>> 2);
  let depth = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (((i - head) & 3) === 0) {
      let w = (i - head) >>> 2;
      while (w < words.length && plainWord(words[w])) w++;
      i = head + 4 * w;
      if (i >= bytes.length) break;
    }
    const c = bytes[i];
    if (c < 91 && c !== 34) continue;
    if (c === 34) {
      for (i++; i < bytes.length; i++) {
        const s = bytes[i];
        if (s === 92) i++;
        else if (s === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return undefined;
}

/**
 * Whether none of a word's four bytes is a quote or ≥ 91 (brackets, braces, backslash, letters,
 * any byte of a multi-byte character): SWAR tests, exact for the quote, and for ≥ 91 never
 * missing one (a carry out of a byte ≥ 219 can only flag its neighbour too).
 */
function plainWord(x: number): boolean {
  // `| 0` keeps the sums in 32-bit integers (wrapping), which V8 compiles without doubles.
  const q = x ^ 0x22222222;
  return ((((x + 0x25252525) | 0) | x) & 0x80808080) === 0 && (((q - 0x01010101) | 0) & ~q & 0x80808080) === 0;
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
