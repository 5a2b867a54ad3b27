import type { Command } from 'commander';
import { allTaskOptions } from '../tasks/index.js';

/** Adds every task's option flags to a command (run, predict, eval): the tasks declare them, commander parses them. */
export function addTaskFlags(command: Command): Command {
  for (const { option } of allTaskOptions()) command.option(option.flag, option.description);
  return command;
}
