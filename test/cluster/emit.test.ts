import { parse } from 'yaml';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { awsBatchJobs, ENGINES, kubernetesManifest, shellQuote, slurmScript, type ClusterPlan } from '../../src/cluster/emit.js';
import { expectUserError, lv } from '../cli/lv.js';

const plan: ClusterPlan = {
  runArgs: ['--model', 'zoo:centernet', '--data', 'data/coco val', '--codec', 'jpeg:95,50,10', '--preset', "it's"],
  out: 'results/study',
  shards: 6,
  launcher: 'lossyvision',
  name: 'lv',
  image: 'ghcr.io/example/lossyvision:0.1.0',
  gpus: 1,
  partition: 'gpu',
  time: '02:00:00',
};

/** What a POSIX shell makes of a command line: its words. */
const shellWords = (line: string): string[] => spawnSync('sh', ['-c', `for w in ${line}; do printf '%s\\n' "$w"; done`], { encoding: 'utf8' }).stdout.trimEnd().split('\n');

describe('plan --emit', () => {
  it('quotes run flags so the shell gives them back unchanged', () => {
    const given = ['plain', 'two words', "it's", '$HOME', '*.jpg', 'a"b'];
    expect(shellWords(given.map(shellQuote).join(' '))).toEqual(given);
  });

  it('SLURM: an array 1…N of --shard auto tasks and a merge that waits for all of them (afterok)', () => {
    const script = slurmScript(plan);
    expect(script).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(script).toContain('#SBATCH --array=1-6');
    expect(script).toContain('#SBATCH --partition=gpu');
    expect(script).toContain('#SBATCH --time=02:00:00');
    expect(script).toContain('#SBATCH --gpus=1');
    expect(script).toContain("--data 'data/coco val'");
    expect(script).toMatch(/run .* --shard auto --shards 6 --cache results\/study\/cache --out results\/study\/shards\/"\$SLURM_ARRAY_TASK_ID"/);
    expect(script).toMatch(/sbatch --parsable --dependency=afterok:"\$\{array_job%%;\*\}"/);
    expect(script).toContain('merge results/study/shards/*/ --out results/study');
    expect(spawnSync('bash', ['-n'], { input: script }).status).toBe(0);
  });

  it('Kubernetes: an Indexed Job (completions = parallelism = shards) and a merge Job, as kubectl reads them', () => {
    const list = JSON.parse(JSON.stringify(kubernetesManifest(plan)));
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    const [shards, merge] = list.items;
    expect(shards).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', completions: 6, parallelism: 6 } });
    expect(shards.spec.parallelism).toBeLessThanOrEqual(shards.spec.completions);
    const pod = shards.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0].image).toBe(plan.image);
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(pod.containers[0].command.join(' ')).toContain('--shard auto --shards 6');
    expect(pod.containers[0].command.join(' ')).toContain('"$JOB_COMPLETION_INDEX"');
    expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe('lv-work');
    expect(merge).toMatchObject({ kind: 'Job', spec: { completions: 1 } });
    expect(merge.spec.template.spec.initContainers[0].command.join(' ')).toContain('-ge 6');
    expect(merge.spec.template.spec.containers[0].command.join(' ')).toContain('merge results/study/shards/*/ --out results/study');
  });

  it('AWS Batch: a job definition, an array job of size N and a merge that depends on it', () => {
    const jobs = JSON.parse(JSON.stringify(awsBatchJobs(plan)));
    expect(jobs.jobDefinition).toMatchObject({ jobDefinitionName: 'lv-sweep', type: 'container', containerProperties: { image: plan.image } });
    expect(jobs.jobDefinition.containerProperties.resourceRequirements).toContainEqual({ type: 'GPU', value: '1' });
    expect(jobs.jobDefinition.containerProperties.command.join(' ')).toContain('"$AWS_BATCH_JOB_ARRAY_INDEX"');
    expect(jobs.shardJob).toMatchObject({ jobDefinition: 'lv-sweep', arrayProperties: { size: 6 } });
    expect(jobs.mergeJob.dependsOn).toHaveLength(1);
    expect(jobs.mergeJob.containerOverrides.command.join(' ')).toContain('merge results/study/shards/*/');
  });

  it('the CLI prints them, and refuses what a shard sets itself or a missing --shards', () => {
    const r = lv('plan', '--emit', 'k8s', '--shards', '3', '--image', 'img:1', '--model', 'zoo:centernet', '--data', 'demo', '--codec', 'jpeg:50');
    expect(r.status, r.stderr).toBe(0);
    expect((parse(r.stdout) as { items: { spec: { completions: number } }[] }).items[0].spec.completions).toBe(3);
    expectUserError(lv('plan', '--emit', 'slurm', '--model', 'zoo:centernet', '--data', 'demo', '--codec', 'jpeg:50'), /plan: expected --shards N/);
    expectUserError(lv('plan', '--emit', 'slurm', '--shards', '2', '--data', 'demo', '--shard', '1/2'), /--shard is set by the emitted jobs/);
  });

  // Video and action sweeps' flags reach every engine's shard command as given. The launcher
  // prints the words the shell hands it, one a line, so this is what a shard's `run` would parse.
  const VIDEO_FLAGS = ['--model', 'zoo:centernet', '--data', 'demo/video', '--codec', 'h264:23,30', '--codec', 'jpeg:50', '--max-frames', '4', '--frame-stride=2', '--tmp', '/scratch/lv tmp'];
  const ACTION_FLAGS = ['--task', 'action', '--model', 'r2plus1d.onnx@r2plus1d.json', '--data', 'ucf101', '--codec', 'h264:23', '--clips', '3', '--splits', '1,2', '--device', 'cuda'];
  /** The shard command of each engine's submission, from the CLI's output. */
  const shardCommands = (engine: string, flags: string[]): string => {
    const r = lv('plan', '--emit', engine, '--shards', '2', '--launcher', "printf '%s\\n'", '--out', 'o', '--gpus', '1', ...flags);
    expect(r.status, r.stderr).toBe(0);
    if (engine === 'slurm') return /<<'SHARD'\n[^]*?\n(exec .*)\nSHARD\n/.exec(r.stdout)![1];
    if (engine === 'k8s') return (parse(r.stdout) as { items: { spec: { template: { spec: { containers: { command: string[] }[] } } } }[] }).items[0].spec.template.spec.containers[0].command[2];
    return (JSON.parse(r.stdout) as { jobDefinition: { containerProperties: { command: string[] } } }).jobDefinition.containerProperties.command[2];
  };
  const INDEX = { slurm: 'SLURM_ARRAY_TASK_ID', k8s: 'JOB_COMPLETION_INDEX', 'aws-batch': 'AWS_BATCH_JOB_ARRAY_INDEX' } as const;
  for (const [kind, flags] of [['video', VIDEO_FLAGS], ['action', ACTION_FLAGS]] as const) {
    it(`every engine's shards get the ${kind} sweep's flags unchanged`, () => {
      for (const engine of ENGINES) {
        const words = spawnSync('sh', ['-c', shardCommands(engine, [...flags])], { env: { PATH: process.env.PATH, [INDEX[engine]]: '1' }, encoding: 'utf8' }).stdout.trimEnd().split('\n');
        expect(words, engine).toEqual(['run', ...flags, '--shard', 'auto', '--shards', '2', '--cache', 'o/cache', '--out', 'o/shards/1']);
      }
    });
  }
});
