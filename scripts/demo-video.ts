/**
 * `npm run demo:video`: the study's video half on a clip shipped in the repository — 60 frames
 * of OpenCV's pedestrian video (demo/video, Apache-2.0) swept with the CenterNet COCO detector
 * at the paper's H.264 CRFs and, frame by frame on the same frames, JPEG 50 and 10; every 5th
 * frame is scored, in reference mode. Prints the study table, the stream table (kbps) and the
 * verdict, and writes the report; everything is in results/demo-video. A second run is served
 * from its cache.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_VIDEO_ARGS = [
  'run',
  '--task', 'detection',
  '--model', 'zoo:centernet',
  '--data', 'demo/video/vtest-60.avi',
  '--codec', 'h264:23,25,30,40,50',
  '--codec', 'jpeg:50,10',
  '--frame-stride', '5',
  '--out', 'results/demo-video',
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...DEMO_VIDEO_ARGS, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  if (run.status === 0) {
    console.log(`video demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`open the report: ${join(root, 'results/demo-video/report/report.html')}`);
  }
  process.exitCode = run.status ?? 1;
}
