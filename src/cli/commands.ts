import type { Command } from 'commander';
import { registerCodecs } from './codecs.js';
import { registerCompress } from './compress.js';
import { registerEval } from './eval.js';
import { registerExport } from './export.js';
import { registerRetrain } from './retrain.js';
import { registerRun } from './run.js';
import { registerCompressVideo } from './video.js';
import { registerReport } from './report.js';
import { registerPredict } from './predict.js';
import { registerInspect } from './inspect.js';
import { registerCheckModel } from './check-model.js';
import { registerModelConfig } from './model-config.js';
import { registerMerge } from './merge.js';
import { registerPlan } from './plan.js';
import { registerStudy } from './study.js';

/** Every CLI command registers itself here; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerCompress, registerCodecs, registerRun, registerEval, registerReport, registerCompressVideo, registerRetrain, registerExport, registerPredict, registerInspect, registerCheckModel, registerModelConfig, registerMerge, registerPlan, registerStudy];
