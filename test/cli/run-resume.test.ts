import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cliArgs = (out: string): string[] => [
  '--import', 'tsx', 'src/cli/main.ts', 'run',
  '--model', 'zoo:centernet', '--data', 'demo/photos', '--codec', 'jpeg:50,10,5', '--workers', '1', '--out', out,
];

async function countFiles(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const shard of await readdir(dir)) n += (await readdir(join(dir, shard))).filter((f) => f.endsWith('.json')).length;
  return n;
}

const computed = (stdout: string): number => Number(/(\d+) predictions computed/.exec(stdout)?.[1]);

describe('lossyvision run, resumed after SIGKILL', () => {
  it('continues where it stopped and ends with the numbers of an uninterrupted run', async () => {
    const base = await mkdtemp(join(tmpdir(), 'lv-resume-'));
    const straight = spawnSync(process.execPath, cliArgs(join(base, 'straight')), { cwd: root, encoding: 'utf8' });
    expect(straight.status, straight.stderr).toBe(0);
    expect(computed(straight.stdout)).toBe(16);

    // Kill the second run once some predictions are on disk, well before it can finish.
    const out = join(base, 'killed');
    const child = spawn(process.execPath, cliArgs(out), { cwd: root, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const predictions = join(out, 'cache', 'predictions');
    const deadline = Date.now() + 120_000;
    while ((await countFiles(predictions)) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const done = await countFiles(predictions);
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(16);
    expect(existsSync(join(out, 'table.csv'))).toBe(false);

    const resumed = spawnSync(process.execPath, cliArgs(out), { cwd: root, encoding: 'utf8' });
    expect(resumed.status, resumed.stderr).toBe(0);
    // Only the unfinished work was done again...
    expect(computed(resumed.stdout)).toBe(16 - done);
    // ...and every number, to the last digit, equals the uninterrupted run's.
    for (const file of ['table.csv', 'results.csv', 'failures.csv']) {
      expect(await readFile(join(out, file), 'utf8'), file).toBe(await readFile(join(base, 'straight', file), 'utf8'));
    }
  }, 300_000);
});
