/**
 * Every atomic write in lossyvision goes through a temporary file named after its host and
 * process (temp-files.ts), then a rename. A process killed between the two leaves that file
 * behind; the next run that writes into the same folder removes the ones whose process is gone.
 * A temporary file of a process that still runs (another run writing into the same --out) is
 * left alone. Kept under this name for its callers; the rules live in temp-files.ts.
 */
export { removeStaleTempFiles as removeStaleTemps } from '../temp-files.js';
