import type { Command } from 'commander';
import { lockResults } from '../sweep/lock.js';
import { mergeShards } from '../sweep/merge.js';
import { storeResults } from '../sweep/store.js';
import { studyTable } from '../sweep/table.js';
import { formatTable } from './table.js';
import { formatStreams, storeStreams } from '../sweep/video-streams.js';

/** `lossyvision merge`: shard results folders into the folder one machine's `run` would have written. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge the results folders of `run --shard K/N` into one, equal to an unsharded run (report works on it unchanged)')
    .argument('<shard-dirs...>', 'results folders of the shards (each with its shard.json)')
    .requiredOption('-o, --out <dir>', 'merged results folder')
    .option('--allow-missing', 'merge even when some samples are in no shard (they are left out of every number)')
    .action(async (dirs: string[], flags: { out: string; allowMissing?: boolean }) => {
      lockResults(flags.out);
      const merged = await mergeShards(dirs, { allowMissing: flags.allowMissing });
      const { unit } = merged;
      if (merged.duplicates.length > 0) process.stderr.write(`lossyvision: note: ${merged.duplicates.length} ${unit} were finished by two shards; each is counted once\n`);
      if (merged.missing.length > 0) process.stderr.write(`lossyvision: warning: ${merged.missing.length} ${unit} are in no shard and left out: ${merged.missing.slice(0, 20).join(', ')}${merged.missing.length > 20 ? ', …' : ''}\n`);
      for (const warning of merged.result.warnings ?? []) process.stderr.write(`lossyvision: warning: ${warning}\n`);
      const files = await storeResults(merged.result, flags.out);
      process.stdout.write(formatTable(studyTable(merged.result)));
      if (merged.result.streams) {
        process.stdout.write(`\n${formatStreams(merged.result.streams)}`);
        await storeStreams(merged.result.streams, flags.out);
      }
      const hosts = [...new Set(merged.shards.map((s) => s.host))];
      process.stdout.write(`\n${merged.result.stats.samples} samples from ${merged.shards.length} shards on ${hosts.length} host${hosts.length === 1 ? '' : 's'} (${hosts.join(', ')})\n`);
      process.stdout.write(`results: ${files.database}, ${files.table.markdown}, ${files.results.csv}\n`);
    });
}
