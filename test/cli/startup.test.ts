/**
 * What a CLI process imports: only the command it runs, and of that only what its work needs
 * (src/cli/commands.ts, models/load.ts, cli/verdict.ts). Every shard of a sharded sweep pays its
 * imports again, so a regression here is seconds per shard. An ESM loader hook, registered before
 * the CLI starts, prints every module URL the process loads.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { root } from './lv.js';

let register = '';
/** The URLs of the modules `lossyvision ARGS` loads (with its exit status). */
function loaded(...args: string[]): { status: number | null; urls: string[] } {
  const r = spawnSync(process.execPath, ['--import', register, '--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, urls: r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice(7)) };
}
const heavy = (urls: string[], part: string): string[] => urls.filter((u) => u.includes(part));

describe('CLI start-up', () => {
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-startup-'));
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, 'export async function load(url, context, next) { process.stderr.write(`LOADED ${url}\\n`); return next(url, context); }\n');
    register = join(dir, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  });

  it('run loads neither the report (vega), the action path, other commands nor a model runtime before a model needs one', () => {
    const { status, urls } = loaded('run', '--help');
    expect(status).toBe(0);
    expect(heavy(urls, 'src/sweep/run.ts')).toHaveLength(1); // the hook sees the CLI's modules
    for (const part of ['/node_modules/vega', '/node_modules/onnxruntime-node/', 'src/models/runtimes/tfjs.ts', 'src/report/report.ts', 'src/cli/run-action.ts', 'src/cli/retrain.ts', 'src/cli/study.ts']) {
      expect(heavy(urls, part), part).toEqual([]);
    }
  });

  it('--help still lists every command (and so loads them all)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', '--help'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const name of ['compress', 'codecs', 'run', 'eval', 'report', 'compress-video', 'retrain', 'export', 'predict', 'inspect', 'check-model', 'model-config', 'merge', 'plan', 'study']) {
      expect(r.stdout).toMatch(new RegExp(`\\n  ${name} `));
    }
  });
});
