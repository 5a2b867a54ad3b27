import { Command, Option } from 'commander';
import { ENGINES, emitPlan, type Engine } from '../cluster/emit.js';
import { invalidParameter, LossyvisionError } from '../errors.js';
import { parseShards } from '../sweep/shard.js';

interface PlanFlags {
  emit: Engine;
  shards?: string;
  out: string;
  launcher: string;
  name: string;
  image?: string;
  partition?: string;
  time?: string;
  gpus?: string;
  pvc?: string;
  queue?: string;
  efs?: string;
}

/** Flags a shard sets itself: given to `plan`, they would fight the emitted ones. */
const OWN_FLAGS = new Set(['--shard', '--cache']);

/** `lossyvision plan --emit ENGINE [run flags]`: prints a submission for a cluster engine (src/cluster/emit.ts). */
export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('print a ready submission of a sharded sweep for a cluster engine: the run flags, split into --shards N array tasks and a merge job')
    .usage('--emit <engine> --shards <n> [options] [run flags: --model … --data … --codec …]')
    .addOption(new Option('--emit <engine>', 'cluster engine').choices(ENGINES).makeOptionMandatory())
    .option('--shards <n>', 'number of shards (array tasks)')
    .option('-o, --out <dir>', 'results folder: shards in <dir>/shards/<index>, the shared cache in <dir>/cache, the merge in <dir>', 'results')
    .option('--launcher <command>', 'how a node starts lossyvision', 'lossyvision')
    .option('--name <name>', 'job name prefix', 'lossyvision')
    .option('--image <image>', 'Kubernetes / AWS Batch: container image with lossyvision')
    .option('--partition <partition>', 'SLURM: partition')
    .option('--time <limit>', 'SLURM: time limit per task (sbatch --time)')
    .option('--gpus <n>', 'GPUs per shard (add --device cuda to the run flags to use them)')
    .option('--pvc <claim>', 'Kubernetes: PersistentVolumeClaim (ReadWriteMany) mounted as the working folder')
    .option('--queue <queue>', 'AWS Batch: job queue')
    .option('--efs <id>', 'AWS Batch: EFS file system mounted as the working folder')
    .allowUnknownOption()
    .allowExcessArguments()
    .action((flags: PlanFlags, command: Command) => {
      const shards = parseShards(flags.shards);
      if (shards === undefined) throw new LossyvisionError('INVALID_ARGUMENT', 'plan: expected --shards N, the number of array tasks');
      const runArgs = command.args;
      const own = runArgs.find((a) => OWN_FLAGS.has(a.split('=')[0]));
      if (own) throw new LossyvisionError('INVALID_ARGUMENT', `plan: ${own.split('=')[0]} is set by the emitted jobs; leave it out of the run flags`);
      if (!runArgs.some((a) => a === '--data' || a === '-d' || a.startsWith('--data='))) throw new LossyvisionError('INVALID_ARGUMENT', 'plan: expected the run flags of the sweep (at least --model, --data and --codec)');
      const gpus = flags.gpus === undefined ? undefined : Number(flags.gpus);
      if (gpus !== undefined && !(Number.isInteger(gpus) && gpus >= 1)) throw invalidParameter('integer of at least 1', 'gpus', flags.gpus);
      process.stdout.write(emitPlan(flags.emit, { ...flags, runArgs, shards, gpus }));
    });
}
