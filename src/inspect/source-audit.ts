import { LossyvisionError } from '../errors.js';
import { evenlySpaced, inspectFiles } from './inspect.js';
import { summarise, type InspectionSummary } from './summary.js';

/** What the sweep's pristine sources already lost, from a bounded sample of them; stored in provenance. */
export interface SourceAudit {
  /** Source files the sweep read. */
  readonly files: number;
  /** Of those, inspected: at most `maxFiles`, evenly spread over the sorted paths. */
  readonly inspected: number;
  readonly summary: InspectionSummary;
}

/** Default sample: enough to see a dataset's quality spread, cheap next to any sweep (headers only). */
export const SOURCE_AUDIT_FILES = 32;

/**
 * Audits a sweep's source files. Never fails the sweep: an unreadable file is counted in
 * `summary.unreadable`, and an unexpected error leaves the audit out (undefined).
 */
export async function auditSources(paths: readonly string[], maxFiles = SOURCE_AUDIT_FILES): Promise<SourceAudit | undefined> {
  const unique = [...new Set(paths)].sort();
  try {
    const files = await inspectFiles(evenlySpaced(unique, maxFiles).map((p) => ({ absolute: p, name: p })), { gopFrames: 300 });
    return { files: unique.length, inspected: files.length, summary: summarise(files) };
  } catch (error) {
    if (error instanceof LossyvisionError || (error as NodeJS.ErrnoException)?.code !== undefined) return undefined;
    throw error;
  }
}
