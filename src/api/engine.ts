/** lossyvision's `engine` namespace: the sweep engine underneath `sweep`: plan, conditions, cache, store, tables, and the action sweep. */
export { sweep, type SweepRequest } from '../sweep/sweep.js';
export { SWEEP_DEFAULTS } from '../sweep/defaults.js';
export { runSweep, type SweepResult, type SweepOptions, type SweepProgress, type SweepStats } from '../sweep/run.js';
export { planCells, conditionLabel, PRISTINE, type SweepConfig, type Condition, type Cell } from '../sweep/plan.js';
export { experimentOf, experimentId } from '../sweep/experiment.js';
export { conditionsOf, resolvedParams, resolvedCondition } from '../sweep/conditions.js';
export { storeResults, storeSweep, runId, type StoredFiles, type StorableSweep, type StorableCell } from '../sweep/store.js';
export { studyTable, tableMarkdown, tableCsv, tableJson, type StudyTable, type StudyRow } from '../sweep/table.js';
export { SweepCache, type BitstreamRecord, type SampleRecord } from '../sweep/cache.js';
export { sealEntry, openEntry, type DamageListener } from '../sweep/entry.js';
export { setTempRoot, tempRoot, makeTempDir, removeTempDir, removeStaleTempDirs, removeStaleTempFiles } from '../temp-files.js';
export { csvField } from '../csv.js';
export { sampleOrder } from '../sweep/order.js';
export { defaultWorkers } from '../sweep/defaults.js';
export type { CellResult, SampleFailure } from '../sweep/accumulate.js';
export type { Provenance } from '../sweep/provenance.js';
export { runActionSweep, streamModel, type ActionSweepConfig, type ActionSweepResult, type ActionProvenance } from '../sweep/action-run.js';
