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

export class LossyvisionError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly entry?: string;
  /** User errors exit 2, as the CLI reference says. */
  readonly exitCode = 2;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    const where = [context.file, context.entry].filter(Boolean).join(': ');
    super(where ? `${where}: ${message}` : message, options);
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
  if (typeof value === 'string') return `"${value}" of type string`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${String(value)} of type ${typeof value}`;
}

/** The one message template: "Expected integer between 1 and 100 for quality but received 0 of type number". */
export function invalidParameter(expected: string, name: string, value: unknown, context?: ErrorContext): LossyvisionError {
  return new LossyvisionError('INVALID_ARGUMENT', `Expected ${expected} for ${name} but received ${describe(value)}`, context);
}

/** "unknown codec "foo", expected one of: jpeg, webp, …" built from a registry's keys. */
export function unknownId(kind: string, id: string, known: Iterable<string>, context?: ErrorContext): LossyvisionError {
  return new LossyvisionError('UNKNOWN_ID', `Unknown ${kind} "${id}", expected one of: ${[...known].join(', ')}`, context);
}
