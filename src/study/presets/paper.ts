import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeMovingObjects } from '../../datasets/synthetic/moving-objects.js';
import { writeRenderedScenes } from '../../datasets/synthetic/rendered-scenes.js';
import { writeTexturedObjects } from '../../datasets/synthetic/textured-objects.js';
import { DEMO_PHOTOS_DIR, writeTexturedShapes } from '../../datasets/synthetic/textured-shapes.js';
import { parseStudy, type Study } from '../schema.js';

/**
 * `study --preset paper`: the published study (Poyser et al., ICPR 2020) on what ships with the
 * tool. Pre-trained zoo models on the shipped photos (detection, pose: reference mode, no labels),
 * and the reference networks on generated data with exact labels, pre-trained, swept and
 * retrained on JPEG 5 (action: H.264 CRF 45) with a control arm: detection (textured objects),
 * segmentation (textured shapes), depth (rendered scenes), action (moving objects). Image tasks at
 * the paper's JPEG 95/75/50/15/10/5 and H.264 CRF 23/25/30/40/50 (each image one intra frame, as
 * the paper codes its images), action at the CRF levels (each clip one video).
 */

export type Budget = 'small' | 'full';
export const BUDGETS: readonly Budget[] = ['small', 'full'];

interface Sizes {
  readonly photos?: number;
  readonly train: number;
  readonly val: number;
  readonly test: number;
  readonly pretrainEpochs: number;
  readonly epochs: number;
}

/** full: the README's retraining runs; small: cut to fit about half an hour on 2 cores. */
const SIZES: Record<Budget, Record<'objects' | 'shapes' | 'depth' | 'motion', Sizes>> = {
  full: {
    objects: { train: 1500, val: 100, test: 200, pretrainEpochs: 10, epochs: 2 },
    shapes: { train: 2000, val: 200, test: 500, pretrainEpochs: 12, epochs: 3 },
    depth: { train: 500, val: 100, test: 200, pretrainEpochs: 6, epochs: 2 },
    motion: { train: 800, val: 0, test: 200, pretrainEpochs: 5, epochs: 2 },
  },
  small: {
    objects: { train: 300, val: 50, test: 60, pretrainEpochs: 4, epochs: 1 },
    shapes: { train: 300, val: 50, test: 60, pretrainEpochs: 4, epochs: 1 },
    depth: { train: 200, val: 50, test: 60, pretrainEpochs: 3, epochs: 1 },
    motion: { train: 200, val: 0, test: 60, pretrainEpochs: 2, epochs: 1 },
  },
};

const JPEG = 'jpeg:95,75,50,15,10,5';
const CRF = 'h264:23,25,30,40,50';

/** The preset as a study file would write it, its data under `dataDir`. */
export function paperStudyFile(budget: Budget, dataDir: string): Record<string, unknown> {
  const s = SIZES[budget];
  const data = (name: string, split?: string) => (split ? join(dataDir, name, split) : join(dataDir, name));
  const retrain = (name: keyof typeof SIZES.full, model: string, extra: Record<string, unknown>) => ({
    model, train: data(name, 'train'), ...(s[name].val ? { val: data(name, 'val') } : {}), test: data(name, 'test'),
    epochs: s[name].epochs, pretrainEpochs: s[name].pretrainEpochs, maxTest: s[name].test, control: true, ...extra,
  });
  return {
    name: `the published study on the built-in kit (budget ${budget})`,
    published: 'paper',
    budget: budget === 'full'
      ? 'full: the README\'s retraining sizes and epochs; each reference network retrained at one level (JPEG 5, CRF 45), not one per level as the paper'
      : `small: fewer samples and epochs than the README's runs (train/test images: objects ${s.objects.train}/${s.objects.test}, shapes ${s.shapes.train}/${s.shapes.test}, scenes ${s.depth.train}/${s.depth.test}, clips ${s.motion.train}/${s.motion.test}; pre-training ${s.shapes.pretrainEpochs} and fine-tuning ${s.shapes.epochs} epoch(s)), so trained networks are weaker and numbers noisier; one training level per task`,
    defaults: { codecs: [JPEG, CRF], workers: 1 },
    experiments: [
      { name: 'detection-zoo', comment: 'reference mode: the pristine predictions are the ground truth', task: 'detection', models: ['zoo:centernet'], data: DEMO_PHOTOS_DIR },
      { name: 'pose-zoo', task: 'pose', models: ['zoo:movenet-lightning', 'zoo:movenet-thunder'], data: DEMO_PHOTOS_DIR },
      { name: 'detection', task: 'detection', models: ['ref:centernet'], data: data('objects', 'test'), retrain: retrain('objects', 'ref:centernet', { codecs: ['jpeg:5'], lr: 0.005, batchSize: 32 }) },
      { name: 'segmentation', task: 'segmentation', models: ['ref:segnet'], data: data('shapes', 'test'), retrain: retrain('shapes', 'ref:segnet', { codecs: ['jpeg:5'], lr: 0.002, batchSize: 32 }) },
      { name: 'depth', task: 'depth', models: ['ref:depthnet'], data: data('depth', 'test'), retrain: retrain('depth', 'ref:depthnet', { codecs: ['jpeg:5'], lr: 0.001, batchSize: 16 }) },
      { name: 'action', task: 'action', models: ['ref:two-stream'], data: data('motion'), codecs: [CRF], retrain: { ...retrain('motion', 'ref:two-stream', { codecs: ['h264:45'], lr: 0.002, batchSize: 32 }), train: data('motion'), test: data('motion') } },
    ],
  };
}

/**
 * The generated datasets of the preset, into `<dataDir>/<name>/`: deterministic (same seeds as
 * scripts/generate-*.ts), each written to a temporary folder and renamed, so a kill leaves either
 * a whole dataset or none, and a rerun reuses what is there.
 */
export async function generatePaperData(budget: Budget, dataDir: string, say: (message: string) => void = () => {}): Promise<void> {
  const s = SIZES[budget];
  const once = async (name: string, write: (dir: string) => Promise<unknown>): Promise<void> => {
    const dir = join(dataDir, name);
    if (existsSync(dir)) return;
    const temp = `${dir}.partial-${process.pid}`;
    await rm(temp, { recursive: true, force: true });
    say(`generating ${name} into ${dir}`);
    await write(temp);
    await rename(temp, dir);
  };
  // Split i from seed base + i, as scripts/splits.ts.
  const splits = async (dir: string, sizes: Sizes, base: number, write: (out: string, count: number, seed: number) => Promise<unknown>) => {
    for (const [i, split] of (['train', 'val', 'test'] as const).entries()) if (sizes[split] > 0) await write(join(dir, split), sizes[split], base + i);
  };
  await once('objects', (dir) => splits(dir, s.objects, 100, (out, count, seed) => writeTexturedObjects({ out, count, seed })));
  await once('shapes', (dir) => splits(dir, s.shapes, 0, (out, count, seed) => writeTexturedShapes({ out, count, seed })));
  await once('depth', (dir) => splits(dir, s.depth, 0, (out, count, seed) => writeRenderedScenes({ out, count, seed })));
  await once('motion', (dir) => writeMovingObjects({ out: dir, train: s.motion.train, test: s.motion.test, seed: 0 }));
}

/** The preset as a study, its data in `<out>/data-<budget>/` (generated by `generatePaperData`). */
export function paperStudy(budget: Budget, out: string): Study {
  const file = paperStudyFile(budget, paperDataDir(budget, out));
  return parseStudy(file, { source: `preset:paper (budget ${budget})`, text: `${JSON.stringify(file, null, 2)}\n`, baseDir: process.cwd() });
}

export const paperDataDir = (budget: Budget, out: string): string => resolve(out, `data-${budget}`);
