import type { Command } from 'commander';
import { registerCodecs } from './codecs.js';
import { registerCompress } from './compress.js';
import { registerEval } from './eval.js';
import { registerRun } from './run.js';

/** Every CLI command registers itself here; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [registerCompress, registerCodecs, registerRun, registerEval];
