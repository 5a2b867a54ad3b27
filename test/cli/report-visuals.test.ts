import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourShare, meanAbsDiff, readVisualEvidence, undrawnPanel, type ReadSample } from '../report/panels.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A real sweep and its report; the visual evidence read back with its panels decoded. */
async function sweepAndReport(name: string, ...args: string[]): Promise<{ notes: string[]; samples: ReadSample[] }> {
  const dir = await mkdtemp(join(tmpdir(), `lv-visuals-${name}-`));
  dirs.push(dir);
  const out = join(dir, 'results');
  const run = node('run', ...args, '--out', out, '--no-progress');
  expect(run.status, run.stderr).toBe(0);
  const report = node('report', out);
  expect(report.status, report.stderr).toBe(0);
  return readVisualEvidence(await readFile(join(out, 'report', 'report.html'), 'utf8'));
}

/** Every panel strip: pristine first, then the levels worst first; the worst level's pixels and crop differ from pristine. */
function expectLevelsDiffer(sample: ReadSample, labels: string[]): void {
  expect(sample.panels.map((p) => p.label)).toEqual(labels);
  const [pristine, worst] = sample.panels;
  expect(meanAbsDiff(pristine.image, worst.image)).toBeGreaterThan(1);
  expect(meanAbsDiff(pristine.crop, worst.crop)).toBeGreaterThan(1);
}

describe('report visual evidence for pose (zoo:movenet-lightning on the shipped photos)', () => {
  let visuals: { notes: string[]; samples: ReadSample[] };
  beforeAll(async () => {
    visuals = await sweepAndReport('pose', '--task', 'pose', '--model', 'zoo:movenet-lightning', '--data', 'demo/photos', '--codec', 'jpeg:50,5', '--max-samples', '4');
  }, 120_000);

  it('shows the photo with a person, ranked by OKS against the pristine pose, and skips the photos without one', () => {
    expect(visuals.samples.map((s) => s.id)).toEqual(['astronaut.png']);
    expect(visuals.samples[0].why).toMatch(/^zoo:movenet-lightning · mean OKS with the pristine pose 0\.\d\d over 1 person.* at jpeg 5$/);
    expect(visuals.notes).toContain('zoo:movenet-lightning · jpeg: 3 of 4 samples skipped, with nothing to lose (no person at pristine)');
    expectLevelsDiffer(visuals.samples[0], ['pristine', 'jpeg 5', 'jpeg 50']);
    expect(visuals.samples[0].panels[0].caption).toContain('1 person');
  });

  it('draws the skeleton: the right side\'s blue limbs appear on the panel and not on the photo', async () => {
    const drawn = visuals.samples[0].panels[0].image;
    const photo = await undrawnPanel(join(root, 'demo/photos/astronaut.png'));
    const blue: [number, number, number] = [0x1e, 0x90, 0xff];
    expect(colourShare(drawn, blue)).toBeGreaterThan(0.0002);
    expect(colourShare(drawn, blue)).toBeGreaterThan(10 * colourShare(photo, blue));
  });
});

describe('report visual evidence for segmentation (zoo:selfie on the shipped photos)', () => {
  let visuals: { notes: string[]; samples: ReadSample[] };
  beforeAll(async () => {
    visuals = await sweepAndReport('seg', '--task', 'segmentation', '--model', 'zoo:selfie', '--data', 'demo/photos', '--codec', 'jpeg:50,5', '--max-samples', '4');
  }, 120_000);

  it('ranks samples by the share of foreground pixels that changed label, worst first', () => {
    expect(visuals.samples.length).toBeGreaterThan(0);
    const shares = visuals.samples.map((s) => Number(/· ([\d.]+) % of foreground pixels changed label/.exec(s.why)![1]));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    for (const s of visuals.samples) expectLevelsDiffer(s, ['pristine', 'jpeg 5', 'jpeg 50']);
  });

  it('paints the mask in colour: the pristine panel of the worst hit photo is greener than the photo, and the mask changes at jpeg 5', async () => {
    const worst = visuals.samples[0];
    const photo = await undrawnPanel(join(root, 'demo/photos', worst.id));
    const greenness = (p: { data: Buffer }) => {
      let g = 0;
      for (let i = 0; i < p.data.length; i += 3) g += p.data[i + 1] - p.data[i];
      return g / (p.data.length / 3);
    };
    expect(greenness(worst.panels[0].image)).toBeGreaterThan(greenness(photo) + 20);
    expect(Math.abs(greenness(worst.panels[0].image) - greenness(worst.panels[1].image))).toBeGreaterThan(10);
  });
});

describe('report visual evidence for a video sweep (demo/video, 3 frames)', () => {
  let visuals: { notes: string[]; samples: ReadSample[] };
  beforeAll(async () => {
    visuals = await sweepAndReport('video', '--model', 'zoo:centernet', '--data', 'demo/video', '--codec', 'h264:51', '--codec', 'jpeg:10', '--max-frames', '3');
  }, 120_000);

  it('draws frames of the video for every codec, read from the pristine video and the level\'s frames', () => {
    expect(visuals.notes.join('\n')).not.toMatch(/unavailable|cannot/);
    const h264 = visuals.samples.filter((s) => s.panels[1]?.label === 'h264 51');
    const jpeg = visuals.samples.filter((s) => s.panels[1]?.label === 'jpeg 10');
    expect(h264.length).toBeGreaterThan(0);
    expect(jpeg.length).toBeGreaterThan(0);
    for (const s of [...h264, ...jpeg]) {
      expect(s.id).toMatch(/^vtest-60\.avi#[0-2]$/);
      expect(s.why).toMatch(/confident pristine detections? lost or moved/);
      expectLevelsDiffer(s, ['pristine', s.panels[1].label]);
      expect(s.panels[0].caption).toMatch(/\d+ detections?/);
      // The video's own frame size, downscaled to the panel width.
      expect(s.panels[0].image.width).toBe(320);
    }
  });
});
