import type { Command } from 'commander';

/** Every CLI command registers itself here; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

/**
 * Each command's module, loaded only when needed: a command's imports (DuckDB, sharp, TF.js,
 * onnxruntime, vega…) cost a second or more of start-up, paid by every process — every shard of
 * a sharded sweep — so a process loads only the command it runs (all of them for `--help`).
 */
export const commands: Record<string, () => Promise<RegisterCommand>> = {
  compress: async () => (await import('./compress.js')).registerCompress,
  codecs: async () => (await import('./codecs.js')).registerCodecs,
  run: async () => (await import('./run.js')).registerRun,
  eval: async () => (await import('./eval.js')).registerEval,
  report: async () => (await import('./report.js')).registerReport,
  'compress-video': async () => (await import('./video.js')).registerCompressVideo,
  retrain: async () => (await import('./retrain.js')).registerRetrain,
  export: async () => (await import('./export.js')).registerExport,
  predict: async () => (await import('./predict.js')).registerPredict,
  inspect: async () => (await import('./inspect.js')).registerInspect,
  'check-model': async () => (await import('./check-model.js')).registerCheckModel,
  'model-config': async () => (await import('./model-config.js')).registerModelConfig,
  merge: async () => (await import('./merge.js')).registerMerge,
  plan: async () => (await import('./plan.js')).registerPlan,
  study: async () => (await import('./study.js')).registerStudy,
};

/** The commands to register for these arguments: the one named first, none for --version, or every command (for help, or an unknown name's error). */
export async function commandsFor(args: readonly string[]): Promise<RegisterCommand[]> {
  const name = args[0];
  if (name === '--version' || name === '-V') return [];
  const chosen = name !== undefined && Object.hasOwn(commands, name) ? [commands[name]] : Object.values(commands);
  return Promise.all(chosen.map((load) => load()));
}
