import type { Command } from 'commander';

/** Every CLI command registers itself here; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
