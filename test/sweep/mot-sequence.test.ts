import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMotSequence } from '../../src/datasets/mot-sequence.js';
import { isVideoData, openVideoData } from '../../src/datasets/video.js';
import { decodeImage } from '../../src/media/decode.js';
import type { SweepConfig } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run.js';
import { findFfmpeg } from '../../src/video/ffmpeg.js';
import { pristineFromSequence } from '../../src/video/sequence.js';

const VTEST = fileURLToPath(new URL('../../demo/video/vtest-60.avi', import.meta.url));
const gridModel = fileURLToPath(new URL('../fixtures/sweep/grid-model.ts', import.meta.url));
const SEQINFO = '[Sequence]\nname=VTEST-01\nimDir=img1\nframeRate=10\nseqLength=6\nimWidth=768\nimHeight=576\nimExt=.jpg\n';
/** Two pedestrians and one ignored (conf 0) region, on the given 1-based frames. */
const gt = (frames: number[]): string => frames.flatMap((f) => [`${f},1,380,90,60,170,1,1,1`, `${f},2,600,300,50,150,1,1,1`, `${f},3,0,0,100,100,0,1,1`]).join('\n') + '\n';

let root: string;
let seq: string;

/** A MOTChallenge sequence as distributed: six JPEG frames of the pedestrian video, seqinfo.ini, gt/gt.txt. */
async function writeSequence(dir: string, frames: number[]): Promise<void> {
  const ffmpeg = await findFfmpeg();
  await mkdir(join(dir, 'img1'), { recursive: true });
  await mkdir(join(dir, 'gt'));
  await promisify(execFile)(ffmpeg.path, ['-loglevel', 'error', '-i', VTEST, '-frames:v', '6', '-q:v', '3', join(dir, 'img1', '%06d.jpg')]);
  await writeFile(join(dir, 'seqinfo.ini'), SEQINFO);
  await writeFile(join(dir, 'gt', 'gt.txt'), gt(frames));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lv-mot-seq-'));
  seq = join(root, 'VTEST-01');
  await writeSequence(seq, [1, 2, 3, 4, 5, 6]);
}, 60_000);

const config = async (data: string, overrides: Partial<SweepConfig> = {}): Promise<SweepConfig> => ({
  task: 'detection',
  data,
  models: ['grid'],
  conditions: [{ codec: 'h264', level: 40, params: { preset: 'ultrafast' } }, { codec: 'jpeg', level: 30 }],
  seed: 0,
  referenceThreshold: 0.5,
  workers: 1,
  cacheDir: await mkdtemp(join(tmpdir(), 'lv-mot-seq-cache-')),
  modelLoader: gridModel,
  video: { frameStride: 2 },
  ...overrides,
});

describe('MOTChallenge image sequences', () => {
  it('reads seqinfo.ini and the frame list, and is video data with its gt/gt.txt', async () => {
    const sequence = await readMotSequence(seq);
    expect(sequence).toMatchObject({ name: 'VTEST-01', frameRate: '10', width: 768, height: 576 });
    expect(sequence.frames.map((f) => f.slice(seq.length))).toEqual([1, 2, 3, 4, 5, 6].map((n) => `/img1/00000${n}.jpg`));
    expect(await isVideoData(seq)).toBe(true);
    expect(await isVideoData(root)).toBe(true);
    const data = await openVideoData(seq);
    expect(data).toMatchObject({ format: 'mot', labelled: true, root });
    expect(data.videos.map((v) => [v.id, v.path, v.groundTruth])).toEqual([['VTEST-01', seq, join(seq, 'gt', 'gt.txt')]]);
  });

  it('decodes frames with the image decoder, marked as an already lossy JPEG source', async () => {
    const sequence = await readMotSequence(seq);
    const pristine = await pristineFromSequence(sequence, { maxFrames: 3 });
    try {
      expect([pristine.frameCount, pristine.width, pristine.height, pristine.fps]).toEqual([3, 768, 576, 10]);
      expect(pristine.source).toMatchObject({ lossy: true, probe: { codec: 'jpeg' } });
      let i = 0;
      for await (const frame of pristine.frames()) expect(Buffer.from(frame.data).equals(Buffer.from((await decodeImage(sequence.frames[i++])).data))).toBe(true);
      expect(i).toBe(3);
    } finally {
      await pristine.dispose();
    }
  });

  it('runs a sweep over the sequence with stride, video and image codecs and MOT scoring, then from the cache', async () => {
    const cfg = await config(seq);
    const result = await runSweep(cfg);
    expect(result.reference).toBeUndefined();
    expect(result.provenance.dataset.format).toBe('mot');
    expect(result.stats.samples).toBe(3); // frames 0, 2, 4 of 6
    expect(result.failures).toEqual([]);
    expect(result.streams!.map((s) => `${s.video} ${s.codec}:${s.level} ${s.frames} ${s.sourceCodec} ${s.sourceLossy}`)).toEqual(['VTEST-01 h264:40 6 jpeg true', 'VTEST-01 jpeg:30 3 jpeg true']);
    expect(result.streams![0].bpp).toBeCloseTo((8 * result.streams![0].bytes) / (768 * 576 * 6), 12);
    for (const cell of result.cells) {
      expect([cell.n, cell.failures]).toEqual([3, 0]);
      expect(typeof cell.metrics['coco-bbox'].AP).toBe('number');
    }
    const warm = await runSweep(cfg);
    expect(warm.stats.computed).toEqual({ encodes: 0, predictions: 0 });
    expect(warm.cells.map((c) => c.metrics)).toEqual(result.cells.map((c) => c.metrics));
  }, 120_000);

  it('scores frame index i against MOT frame i + 1: ground truth only on unscored frames leaves nothing to detect', async () => {
    const dir = join(root, 'shifted', 'VTEST-02');
    await writeSequence(dir, [2, 4, 6]);
    const [scored, unscored] = await Promise.all([runSweep(await config(seq, { conditions: [] })), runSweep(await config(join(root, 'shifted'), { conditions: [] }))]);
    expect(scored.cells[0].metrics['coco-bbox'].AP).toBeGreaterThanOrEqual(0);
    // No ground-truth object in frames 1, 3, 5: COCO AP is undefined (-1 in pycocotools, null here).
    expect(unscored.cells[0].metrics['coco-bbox'].AP).toBeNull();
  }, 60_000);

  it('names a missing frame and a missing seqinfo field', async () => {
    const dir = join(root, 'broken');
    await cp(seq, dir, { recursive: true });
    await rm(join(dir, 'img1', '000004.jpg'));
    await expect(readMotSequence(dir)).rejects.toThrow(/broken\/img1: Expected seqLength=6 frames numbered from 000001 but 000004\.jpg is missing/);
    await writeFile(join(dir, 'seqinfo.ini'), SEQINFO.replace('frameRate=10\n', ''));
    await expect(readMotSequence(dir)).rejects.toThrow(/broken\/seqinfo\.ini: frameRate: Expected frameRate= in the \[Sequence\] section/);
    await writeFile(join(dir, 'seqinfo.ini'), SEQINFO.replace('imWidth=768', 'imWidth=640').replace('seqLength=6', 'seqLength=3'));
    await expect(pristineFromSequence(await readMotSequence(dir))).rejects.toThrow(/seqinfo\.ini: Expected 640×576 frames as seqinfo\.ini says but 000001\.jpg is 768×576/);
  });
});
