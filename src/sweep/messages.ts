import { LossyvisionError, type ErrorCode } from '../errors.js';
import type { ModelInfo, WorkerInit } from './context.js';
import type { SampleOutcome } from './outcome.js';
import type { SamplePart } from './parts.js';

/** Main thread → worker. */
export type ToWorker = { type: 'init'; init: WorkerInit } | { type: 'sample'; position: number; sampleId: string; part?: SamplePart } | { type: 'close' };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'ready'; models: ModelInfo[] }
  | { type: 'cell'; cell: number }
  | { type: 'done'; outcome: SampleOutcome }
  | { type: 'error'; error: SerializedError };

export interface SerializedError {
  message: string;
  stack?: string;
  code?: ErrorCode;
  file?: string;
  entry?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof LossyvisionError) return { message: error.message, code: error.code, file: error.file, entry: error.entry, stack: error.stack };
  if (error instanceof Error) return { message: error.message, stack: error.stack };
  return { message: String(error) };
}

/** Rebuilds a worker's error so user errors stay user errors (exit 2, no stack) in the main thread. */
export function deserializeError(e: SerializedError): Error {
  if (e.code) {
    const error = new LossyvisionError(e.code, e.message);
    Object.assign(error, { file: e.file, entry: e.entry });
    return error;
  }
  const error = new Error(e.message);
  if (e.stack) error.stack = e.stack;
  return error;
}
