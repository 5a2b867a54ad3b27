import { stringify } from 'yaml';
import { posix } from 'node:path';

/** The cluster engines `plan --emit` writes a submission for. */
export const ENGINES = ['slurm', 'k8s', 'aws-batch'] as const;
export type Engine = (typeof ENGINES)[number];

/** A sharded sweep as the engines run it: shards into `<out>/shards/<index>`, one shared cache, a merge into `<out>`. */
export interface ClusterPlan {
  /** `lossyvision run` flags as the user gave them (no --out, --shard or --cache). */
  readonly runArgs: readonly string[];
  readonly out: string;
  readonly shards: number;
  /** How a node starts lossyvision: "lossyvision", or "node /opt/lv/dist/cli/main.js". */
  readonly launcher: string;
  /** Job name prefix. */
  readonly name: string;
  /** Container image (Kubernetes, AWS Batch). */
  readonly image?: string;
  /** SLURM partition, time limit (sbatch --time), GPUs per shard (also Kubernetes and AWS Batch). */
  readonly partition?: string;
  readonly time?: string;
  readonly gpus?: number;
  /** Kubernetes: the PersistentVolumeClaim shared by every pod (ReadWriteMany), mounted as the working folder. */
  readonly pvc?: string;
  /** AWS Batch: job queue and the EFS file system shared by every job, mounted as the working folder. */
  readonly queue?: string;
  readonly efs?: string;
}

/** Single-quoted for a POSIX shell: the only character to escape is the quote itself. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const words = (list: readonly string[]): string => list.map(shellQuote).join(' ');

/** The shard's command line; `index` is a shell expression for the array index (unquoted, expanded). */
function shardCommand(plan: ClusterPlan, index: string): string {
  const out = `${shellQuote(posix.join(plan.out, 'shards'))}/"${index}"`;
  return `exec ${plan.launcher} run ${words(plan.runArgs)} --shard auto --shards ${plan.shards} --cache ${shellQuote(posix.join(plan.out, 'cache'))} --out ${out}`;
}

function mergeCommand(plan: ClusterPlan): string {
  return `exec ${plan.launcher} merge ${shellQuote(posix.join(plan.out, 'shards'))}/*/ --out ${shellQuote(plan.out)}`;
}

/**
 * A bash script that submits the array (one task per shard, numbered 1…N) and a merge job that
 * starts only when every array task succeeded (`--dependency=afterok`).
 */
export function slurmScript(plan: ClusterPlan): string {
  const common = [
    ...(plan.partition ? [`#SBATCH --partition=${plan.partition}`] : []),
    ...(plan.time ? [`#SBATCH --time=${plan.time}`] : []),
  ];
  const shards = posix.join(plan.out, 'shards');
  return [
    '#!/usr/bin/env bash',
    `# lossyvision plan --emit slurm: ${plan.shards} shards, merged into ${plan.out}. Submit with: bash <this file>`,
    'set -euo pipefail',
    `mkdir -p ${shellQuote(shards)}`,
    "array_job=$(sbatch --parsable <<'SHARD'",
    '#!/usr/bin/env bash',
    `#SBATCH --job-name=${plan.name}-shard`,
    `#SBATCH --array=1-${plan.shards}`,
    `#SBATCH --output=${shards}/slurm-%A_%a.log`,
    ...common,
    ...(plan.gpus ? [`#SBATCH --gpus=${plan.gpus}`] : []),
    'set -euo pipefail',
    shardCommand(plan, '$SLURM_ARRAY_TASK_ID'),
    'SHARD',
    ')',
    "merge_job=$(sbatch --parsable --dependency=afterok:\"${array_job%%;*}\" <<'MERGE'",
    '#!/usr/bin/env bash',
    `#SBATCH --job-name=${plan.name}-merge`,
    `#SBATCH --output=${posix.join(plan.out, 'slurm-merge-%j.log')}`,
    ...common,
    'set -euo pipefail',
    mergeCommand(plan),
    'MERGE',
    ')',
    'echo "submitted shards ${array_job%%;*} and merge ${merge_job%%;*}"',
    '',
  ].join('\n');
}

/**
 * A Kubernetes List (printed as YAML, `kubectl apply -f`): an Indexed Job, one pod per
 * shard (`completionMode: Indexed`, index 0…N−1 in JOB_COMPLETION_INDEX), and a merge Job whose
 * init container waits until every shard's manifest is on the shared volume.
 */
export function kubernetesManifest(plan: ClusterPlan): Record<string, unknown> {
  const image = plan.image ?? 'lossyvision:latest';
  const volume = { name: 'work', persistentVolumeClaim: { claimName: plan.pvc ?? `${plan.name}-work` } };
  const mount = { name: 'work', mountPath: '/work' };
  const resources = plan.gpus ? { limits: { 'nvidia.com/gpu': plan.gpus } } : undefined;
  const container = (name: string, script: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    image,
    workingDir: '/work',
    command: ['sh', '-c', script],
    volumeMounts: [mount],
    ...extra,
  });
  const shards = posix.join(plan.out, 'shards');
  const wait = `until [ "$(ls ${shellQuote(shards)}/*/shard.json 2>/dev/null | wc -l)" -ge ${plan.shards} ]; do sleep 30; done`;
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: `${plan.name}-shards` },
        spec: {
          completionMode: 'Indexed',
          completions: plan.shards,
          parallelism: plan.shards,
          // A failed shard is retried on its own, without failing the others (Kubernetes ≥ 1.29).
          backoffLimitPerIndex: 2,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [container('shard', shardCommand(plan, '$JOB_COMPLETION_INDEX'), resources ? { resources } : {})],
              volumes: [volume],
            },
          },
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: `${plan.name}-merge` },
        spec: {
          completions: 1,
          backoffLimit: 2,
          template: {
            spec: {
              restartPolicy: 'Never',
              initContainers: [{ ...container('wait-for-shards', wait), image: 'busybox:1.36' }],
              containers: [container('merge', mergeCommand(plan))],
              volumes: [volume],
            },
          },
        },
      },
    ],
  };
}

/**
 * AWS Batch: the job definition (aws batch register-job-definition --cli-input-json), the array
 * job (submit-job, `arrayProperties.size` = shards, index 0…N−1 in AWS_BATCH_JOB_ARRAY_INDEX) and
 * the merge job, which depends on the array job's id and so starts when every child succeeded.
 */
export function awsBatchJobs(plan: ClusterPlan): Record<string, unknown> {
  const definition = `${plan.name}-sweep`;
  const queue = plan.queue ?? `${plan.name}-queue`;
  return {
    jobDefinition: {
      jobDefinitionName: definition,
      type: 'container',
      retryStrategy: { attempts: 2 },
      containerProperties: {
        image: plan.image ?? 'lossyvision:latest',
        command: ['sh', '-c', shardCommand(plan, '$AWS_BATCH_JOB_ARRAY_INDEX')],
        workingDir: '/work',
        resourceRequirements: [
          { type: 'VCPU', value: '4' },
          { type: 'MEMORY', value: '16384' },
          ...(plan.gpus ? [{ type: 'GPU', value: String(plan.gpus) }] : []),
        ],
        volumes: [{ name: 'work', efsVolumeConfiguration: { fileSystemId: plan.efs ?? 'fs-REPLACE-ME', transitEncryption: 'ENABLED' } }],
        mountPoints: [{ sourceVolume: 'work', containerPath: '/work' }],
      },
    },
    shardJob: { jobName: `${plan.name}-shards`, jobQueue: queue, jobDefinition: definition, arrayProperties: { size: plan.shards } },
    mergeJob: {
      jobName: `${plan.name}-merge`,
      jobQueue: queue,
      jobDefinition: definition,
      // An array job's id as a dependency: the merge waits for all its children.
      dependsOn: [{ jobId: '<jobId of shardJob>' }],
      containerOverrides: { command: ['sh', '-c', mergeCommand(plan)] },
    },
  };
}

/** The submission `plan --emit` prints. */
export function emitPlan(engine: Engine, plan: ClusterPlan): string {
  if (engine === 'slurm') return slurmScript(plan);
  // Kubernetes users keep manifests as YAML; AWS's CLI takes JSON (`--cli-input-json`).
  if (engine === 'k8s') return stringify(kubernetesManifest(plan), { lineWidth: 0, aliasDuplicateObjects: false });
  return `${JSON.stringify(awsBatchJobs(plan), null, 2)}\n`;
}
