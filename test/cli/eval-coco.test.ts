import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'lossyvision-eval-'));
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/coco/${name}`, import.meta.url), 'utf8'));

/** Writes a pycocotools vector's ground truth and results as files; returns their paths and stats. */
function files(set: string, name: string) {
  const c = fixture(`${set}-cases.json`).find((x: { name: string }) => x.name === name);
  const gt = join(dir, `${set}-${name}-gt.json`);
  const pred = join(dir, `${set}-${name}-results.json`);
  writeFileSync(gt, JSON.stringify(c.gt));
  writeFileSync(pred, JSON.stringify(c.results));
  return { gt, pred, stats: c.stats as (number | null)[], raw: c };
}

function cli(...args: string[]) {
  const r = spawnSync('node', ['--import', 'tsx', 'src/cli/main.ts', 'eval', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lossyvision eval (COCO)', () => {
  it('prints the 12 bbox statistics as JSON, equal to pycocotools', () => {
    const { gt, pred, stats } = files('bbox', 'random');
    const r = cli('--task', 'detection', '--gt', gt, '--pred', pred, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.task).toBe('detection');
    expect(out.protocol).toBe('coco');
    const keys = ['AP', 'AP50', 'AP75', 'APs', 'APm', 'APl', 'AR1', 'AR10', 'AR100', 'ARs', 'ARm', 'ARl'];
    keys.forEach((k, i) => expect(Math.abs(out.metrics[k] - stats[i]!), k).toBeLessThanOrEqual(1e-9));
  });

  it('prints the 10 keypoint statistics as a table, undefined ones as n/a', () => {
    const { gt, pred, stats } = files('keypoints', 'visibility-crowd-ignore');
    const r = cli('--task', 'pose', '--gt', gt, '--pred', pred);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('task pose · protocol coco');
    expect(r.stdout).toMatch(new RegExp(`AP\\s+${stats[0]!.toFixed(4)}\\s+AP @\\[ OKS=0\\.50:0\\.95 \\| area=all \\| maxDets=20 \\]`));
    expect(r.stdout).toMatch(/APl\s+n\/a/);
    const json = JSON.parse(cli('--task', 'pose', '--gt', gt, '--pred', pred, '--json').stdout);
    expect(json.metrics.APl).toBeNull();
  });

  it('exits 2 with the file, the entry and what was expected, and no stack', () => {
    const { gt, raw } = files('bbox', 'basic');
    const pred = join(dir, 'bad-results.json');
    writeFileSync(pred, JSON.stringify([...raw.results, { image_id: 424242, category_id: 1, bbox: [0, 0, 1, 1], score: 0.5 }]));
    const r = cli('--task', 'detection', '--gt', gt, '--pred', pred);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lossyvision: ${pred}: [${raw.results.length}]: Expected the id of an image in the ground truth ${gt} for image_id but received 424242 of type number\n`);

    const missing = cli('--task', 'detection', '--gt', join(dir, 'none.json'), '--pred', pred);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`lossyvision: ${join(dir, 'none.json')}: file not found\n`);

    const task = cli('--task', 'tracking', '--gt', gt, '--pred', pred);
    expect(task.code).toBe(2);
    expect(task.stderr).toMatch(/Unknown task "tracking", expected one of: detection, pose, /);
    expect(task.stderr).not.toMatch(/\n\s+at /);
  });
});
