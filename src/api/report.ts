/** lossyvision's `report` namespace: Analysis (threshold, bootstrap, BD-rate, mPC/rPC, recovery), charts and the report. */
export { resultsOfSweep } from '../report/in-memory.js';
export { verdictLines, resultsVerdict, levelText, FIRM_SAMPLES } from '../report/verdict.js';
export { writeReport, type ReportOptions, type ReportFiles } from '../report/report.js';
export { writeFiftyOne, FIFTYONE_SAMPLES, type FiftyOneExport } from '../report/fiftyone.js';
export type { ReportProgress } from '../report/report.js';
export { loadResults, loadSampleStates, type LoadedResults, type LoadedCell, type LoadedRun, type MetricColumn } from '../report/load.js';
export { analyse, type Analysis, type AnalysisOptions, type ModelAnalysis, type CodecAnalysis } from '../report/analysis.js';
export { safeThreshold, compressionOrder, DEFAULT_TOLERANCE, type Tolerance, type SafeThreshold } from '../report/threshold.js';
export { bootstrapStatistic, SampleStates, resampleIndices, type BootstrapOptions, type ResampleSpec } from '../report/bootstrap.js';
export { bdRate, type BdResult, type RatePoint } from '../report/bdrate.js';
export { pchip, evaluatePchip, integratePchip } from '../report/pchip.js';
export { corruptionPerformance, type CorruptionPerformance } from '../report/mpc.js';
export { recovery, pairRetrained } from '../report/retrained.js';
export { renderCharts, chartSpecs, type Chart } from '../report/charts.js';
