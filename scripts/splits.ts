/**
 * The command line and split loop the dataset generators share: `--out`, `--train/--val/--test`
 * counts and `--seed`, plus each generator's own options. Split i is written from seed
 * 3·seed + base + i, so splits never share a stream whatever --seed is, and generators with
 * different bases never share one either.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Split {
  name: 'train' | 'val' | 'test';
  out: string;
  count: number;
  seed: number;
}

/**
 * Parses the arguments and writes every split with a non-zero count through `write`, printing the
 * line it returns and the time it took.
 */
export async function generateSplits<O extends Options>(
  defaults: { out: string; train: number; val: number; test: number; seedBase: number },
  own: O,
  write: (split: Split, values: Record<keyof O, string>) => Promise<string>,
): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: defaults.out },
      train: { type: 'string', default: String(defaults.train) },
      val: { type: 'string', default: String(defaults.val) },
      test: { type: 'string', default: String(defaults.test) },
      seed: { type: 'string', default: '0' },
      ...own,
    },
  });
  const all = values as Record<string, string>;
  const seed = Number(all.seed);
  for (const [i, name] of (['train', 'val', 'test'] as const).entries()) {
    const count = Number(all[name]);
    if (count === 0) continue;
    const started = performance.now();
    const line = await write({ name, out: path.join(all.out, name), count, seed: 3 * seed + defaults.seedBase + i }, all as Record<keyof O, string>);
    console.log(`${line} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
