#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { LossyvisionError } from '../errors.js';
import { commandsFor } from './commands.js';
import { installInterruptHandlers } from './interrupt.js';
import { toolVersion } from '../version.js';

/** The CLI is a thin shell: each command file parses its flags, calls the library, prints. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('lossyvision')
    .description('How much lossy compression can your model take, and how much does retraining win back?')
    .version(toolVersion())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    for (const register of await commandsFor(argv.slice(2))) register(program);
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version arrive here too, with exit code 0.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof LossyvisionError) {
    process.stderr.write(`lossyvision: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(`lossyvision: internal error (please report it)\n`);
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}

installInterruptHandlers();
main(process.argv).then((code) => {
  process.exitCode = code;
});
