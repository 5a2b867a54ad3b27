/**
 * One error type for everything the user can fix: bad input, bad flags, bad files.
 * The CLI prints `message` (no stack) and exits with `exitCode`; anything else is a bug
 * and keeps its stack.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_FILE'
  | 'FILE_NOT_FOUND'
  | 'UNSAFE_PATH'
  | 'UNKNOWN_ID'
  | 'MODEL_LOAD'
  | 'MODEL_OUTPUT'
  | 'DECODE_FAILED'
  | 'UNSUPPORTED';

export interface ErrorContext {
  /** The file the problem is in, when there is one. */
  file?: string;
  /** The entry inside that file (a JSON path, an annotation id, a line number). */
  entry?: string;
}

/** Quoted values are cut to this many characters: a bad 2 MB field must not become a 2 MB message. */
export const MAX_QUOTED_CHARS = 200;
/** The last resort for a whole message (lists of names, several quoted values). */
const MAX_MESSAGE_CHARS = 2000;

/**
 * A received value as a message shows it: control characters escaped (the message stays one
 * line), and cut after `max` characters with how long it was.
 */
export function quote(value: string, max = MAX_QUOTED_CHARS): string {
  const cut = value.length > max ? value.slice(0, max) : value;
  // Control characters are what this escapes, so the pattern has to name them.
  // eslint-disable-next-line no-control-regex
  const escaped = cut.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return value.length > max ? `${escaped}… (${value.length} characters in all)` : escaped;
}

function capped(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_MESSAGE_CHARS)}… (message cut: ${message.length} characters in all)`;
}

export class LossyvisionError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly entry?: string;
  /** User errors exit 2, as the CLI reference says. */
  readonly exitCode = 2;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    const where = [context.file && quote(context.file, 1000), context.entry && quote(context.entry)].filter(Boolean).join(': ');
    super(capped(where ? `${where}: ${message}` : message), options);
    this.name = 'LossyvisionError';
    this.code = code;
    this.file = context.file;
    this.entry = context.entry;
  }
}

/** Describes a received value the way error messages show it: `0 of type number`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `"${quote(value)}" of type string`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${String(value)} of type ${typeof value}`;
}

/** The one message template: "Expected integer between 1 and 100 for quality but received 0 of type number". */
export function invalidParameter(expected: string, name: string, value: unknown, context?: ErrorContext): LossyvisionError {
  return new LossyvisionError('INVALID_ARGUMENT', `Expected ${expected} for ${name} but received ${describe(value)}`, context);
}

/** "unknown codec "foo", expected one of: jpeg, webp, …" built from a registry's keys. */
export function unknownId(kind: string, id: string, known: Iterable<string>, context?: ErrorContext): LossyvisionError {
  return new LossyvisionError('UNKNOWN_ID', `Unknown ${kind} "${quote(id)}", expected one of: ${[...known].join(', ')}`, context);
}
