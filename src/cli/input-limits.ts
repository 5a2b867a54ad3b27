import type { Command } from 'commander';
import { integerFlag } from '../validate.js';
import { DEFAULT_MAX_PIXELS, setMaxPixels } from '../media/limits.js';

/**
 * `--max-pixels N` on every command that reads images: images, masks and depth maps whose
 * header declares more pixels are refused before decoding (media/limits.ts). Applied in a
 * preAction hook, so the limit is in force before the command reads anything.
 */
export function addInputLimitFlags(command: Command): Command {
  return command
    .option('--max-pixels <n>', `refuse images, masks and depth maps whose header declares more than n pixels (default ${DEFAULT_MAX_PIXELS})`)
    .hook('preAction', (cmd) => {
      const n = integerFlag((cmd.opts() as { maxPixels?: string }).maxPixels, '--max-pixels', 1);
      if (n !== undefined) setMaxPixels(n);
    });
}
