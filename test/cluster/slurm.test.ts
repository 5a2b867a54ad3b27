/**
 * A real SLURM cluster: munged, slurmctld and slurmd from Debian's packages (slurm-wlm, munge)
 * on localhost with a generated slurm.conf in a temporary folder. The script `plan --emit slurm`
 * writes is submitted as a user would (bash submit.sh), the array and the afterok merge job run,
 * and the merged files must equal an unsharded run's, byte for byte: for 4 shards of the demo
 * images, and for 3 shards of a video sweep (three clips cut from the demo video, sharded by
 * video). Needs root (the daemons run as root here) and the binaries; skips saying why otherwise. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOfSample } from '../../src/sweep/shard.js';
import { findFfmpeg } from '../../src/video/ffmpeg.js';
import { lv, root } from '../cli/lv.js';

const BINARIES = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch', '/usr/bin/squeue', '/usr/bin/sinfo', '/usr/bin/scontrol'];
const missing = BINARIES.filter((b) => !existsSync(b));
const isRoot = process.getuid?.() === 0;
const skipReason = missing.length > 0 ? `missing ${missing.join(', ')} (apt-get install slurm-wlm munge)` : !isRoot ? 'the test daemons need root' : undefined;
if (skipReason) process.stdout.write(`slurm.test.ts skipped: ${skipReason}\n`);

const RUN_FLAGS = ['--model', 'zoo:centernet', '--data', 'demo', '--codec', 'jpeg:50,10', '--workers', '1', '--threads', '1', '--no-progress'];

/** A TCP port free right now, for slurmctld and slurmd (another cluster may hold the defaults). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let base = '';
const env = (): NodeJS.ProcessEnv => ({ ...process.env, SLURM_CONF: join(base, 'slurm.conf') });

async function startCluster(): Promise<void> {
  base = await mkdtemp(join(tmpdir(), 'lv-slurm-'));
  for (const d of ['state', 'spool', 'log']) mkdirSync(join(base, d));
  writeFileSync(join(base, 'munge.key'), randomBytes(1024), { mode: 0o600 });
  const socket = join(base, 'munge.sock');
  execFileSync('/usr/sbin/munged', ['--force', `--socket=${socket}`, `--key-file=${join(base, 'munge.key')}`, `--log-file=${join(base, 'log/munged.log')}`, `--pid-file=${join(base, 'munged.pid')}`, `--seed-file=${join(base, 'munged.seed')}`]);
  const node = hostname().split('.')[0];
  const [ctld, slurmd] = [await freePort(), await freePort()];
  writeFileSync(join(base, 'plugstack.conf'), '');
  writeFileSync(
    join(base, 'slurm.conf'),
    [
      'ClusterName=lvtest',
      `SlurmctldHost=${node}(127.0.0.1)`,
      'SlurmUser=root',
      'SlurmdUser=root',
      `SlurmctldPort=${ctld}`,
      `SlurmdPort=${slurmd}`,
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      `StateSaveLocation=${join(base, 'state')}`,
      `SlurmdSpoolDir=${join(base, 'spool')}`,
      `SlurmctldPidFile=${join(base, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(base, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(base, 'log/slurmctld.log')}`,
      `SlurmdLogFile=${join(base, 'log/slurmd.log')}`,
      `PlugStackConfig=${join(base, 'plugstack.conf')}`,
      // No cgroups in a container: processes tracked by parentage, no task binding.
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SwitchType=switch/none',
      'MpiDefault=none',
      'ReturnToService=2',
      'SchedulerType=sched/backfill',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  execFileSync('/usr/sbin/slurmctld', ['-f', join(base, 'slurm.conf')], { env: env() });
  execFileSync('/usr/sbin/slurmd', ['-f', join(base, 'slurm.conf')], { env: env() });
  // The node registers within seconds.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
    const state = spawnSync('/usr/bin/sinfo', ['-h', '-o', '%T'], { env: env(), encoding: 'utf8' }).stdout.trim();
    if (state === 'idle') return;
  }
  throw new Error(`slurmd did not come up: ${readFileSync(join(base, 'log/slurmd.log'), 'utf8').slice(-2000)}`);
}

function stopCluster(): void {
  if (!base) return;
  spawnSync('/usr/bin/scontrol', ['shutdown'], { env: env() });
  spawnSync('/usr/sbin/munged', ['--stop', `--socket=${join(base, 'munge.sock')}`]);
}

/**
 * Submits the script `plan --emit slurm` writes for these run flags, waits until the queue is
 * empty (the array tasks, then the merge they release), and returns the merge job's log.
 */
async function submitAndWait(out: string, shards: number, runFlags: readonly string[]): Promise<string> {
  const launcher = `${process.execPath} --import tsx ${join(root, 'src/cli/main.ts')}`;
  const plan = lv('plan', '--emit', 'slurm', '--shards', String(shards), '--launcher', launcher, '--out', out, ...runFlags);
  expect(plan.status, plan.stderr).toBe(0);
  const script = `${out}.submit.sh`;
  writeFileSync(script, plan.stdout);
  const submitted = spawnSync('bash', [script], { cwd: root, env: env(), encoding: 'utf8' });
  expect(submitted.status, submitted.stderr).toBe(0);
  const [, arrayJob, mergeJob] = /submitted shards (\d+) and merge (\d+)/.exec(submitted.stdout) ?? [];
  expect(arrayJob && mergeJob, submitted.stdout).toBeTruthy();
  for (const deadline = Date.now() + 200_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1000))) {
    const queue = spawnSync('/usr/bin/squeue', ['-h', '-o', '%i'], { env: env(), encoding: 'utf8' });
    if (queue.status === 0 && queue.stdout.trim() === '') break;
  }
  const mergeLog = join(out, `slurm-merge-${mergeJob}.log`);
  expect(existsSync(join(out, 'table.json')), existsSync(mergeLog) ? readFileSync(mergeLog, 'utf8') : 'no merge log').toBe(true);
  for (let k = 1; k <= shards; k++) expect(JSON.parse(readFileSync(join(out, 'shards', String(k), 'shard.json'), 'utf8')).shard).toBe(`${k}/${shards}`);
  return readFileSync(mergeLog, 'utf8');
}

const expectSameFiles = (a: string, b: string, files: readonly string[]): void => {
  for (const file of files) expect(readFileSync(join(b, file), 'utf8'), file).toBe(readFileSync(join(a, file), 'utf8'));
};

describe.skipIf(skipReason !== undefined)('on a real SLURM cluster', () => {
  beforeAll(startCluster, 60_000);
  afterAll(stopCluster);

  it('the script plan --emit slurm writes runs 4 shards and a merge equal to the unsharded run', async () => {
    const out = join(base, 'study');
    expect(await submitAndWait(out, 4, RUN_FLAGS)).toMatch(/6 samples from 4 shards/);

    // report reads the merged folder as it reads any run's (the shards folder beside it).
    const report = lv('report', out);
    expect(report.status, report.stderr).toBe(0);

    const full = lv('run', ...RUN_FLAGS, '--out', join(base, 'full'));
    expect(full.status, full.stderr).toBe(0);
    expectSameFiles(join(base, 'full'), out, ['table.json', 'table.csv', 'results.csv', 'failures.csv']);
  }, 300_000);

  it('a video sweep: 3 shards of 3 clips (one video each), merged to the unsharded run’s files', async () => {
    const videos = join(base, 'videos');
    mkdirSync(videos);
    const ffmpeg = await findFfmpeg();
    // Three 2-frame clips from different seconds of the demo's street video, at half size; their names put one in each shard.
    const names = ['east.avi', 'north.avi', 'west.avi'];
    expect(names.map((v) => shardOfSample(v, 3) + 1).sort()).toEqual([1, 2, 3]);
    for (const [i, name] of names.entries()) {
      await promisify(execFile)(ffmpeg.path, [
        '-loglevel', 'error', '-ss', String(2 * i), '-i', join(root, 'demo/video/vtest-60.avi'),
        '-frames:v', '2', '-vf', 'scale=384:288', '-c:v', 'mjpeg', '-q:v', '3', join(videos, name),
      ]);
    }
    const flags = ['--model', 'zoo:centernet', '--data', videos, '--codec', 'h264:30', '--max-frames', '2', '--workers', '1', '--threads', '1', '--no-progress', '--no-report'];
    const out = join(base, 'video-study');
    expect(await submitAndWait(out, 3, flags)).toMatch(/6 samples from 3 shards/);
    for (let k = 1; k <= 3; k++) expect(JSON.parse(readFileSync(join(out, 'shards', String(k), 'shard.json'), 'utf8')).samples).toHaveLength(1);

    const full = lv('run', ...flags, '--out', join(base, 'video-full'));
    expect(full.status, full.stderr).toBe(0);
    expectSameFiles(join(base, 'video-full'), out, ['table.json', 'table.csv', 'results.csv', 'failures.csv', 'streams.csv', 'streams.json']);
  }, 120_000);
});
