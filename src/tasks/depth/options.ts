import { DEPTH_SCALES } from '../../datasets/depth-folder.js';
import { numberFlag } from '../../validate.js';
import { choiceValue, setOption, type TaskOption } from '../options.js';
import { DEPTH_CROPS } from './crop.js';
import type { DepthCrop } from './types.js';

/** Ground truth below this many metres does not count (Eigen et al.; monodepth2's MIN_DEPTH). */
export const DEFAULT_MIN_DEPTH_M = 1e-3;

/** Depth's settings, shared by run, predict and eval. */
export const DEPTH_OPTIONS: readonly TaskOption[] = [
  {
    flag: '--min-depth <metres>',
    description: `depth: ground truth counts above this; predictions are clamped to it (default ${DEFAULT_MIN_DEPTH_M})`,
    eval: true,
    apply: (value, settings) => setOption(settings, 'taskOptions', { minDepthM: numberFlag(value, '--min-depth', 'number ≥ 0', (v) => v >= 0) }),
  },
  {
    flag: '--max-depth <metres>',
    description: 'depth: ground truth counts below this; predictions are clamped to it (KITTI: 80; default no cap)',
    eval: true,
    apply: (value, settings, given) => {
      const min = given.minDepth === undefined ? DEFAULT_MIN_DEPTH_M : Number(given.minDepth);
      setOption(settings, 'taskOptions', { maxDepthM: numberFlag(value, '--max-depth', `number greater than --min-depth (${min})`, (v) => v > min) });
    },
  },
  {
    flag: '--crop <crop>',
    description: `depth: evaluation crop, one of ${[...DEPTH_CROPS.keys()].join(', ')} (default none)`,
    eval: true,
    apply: (value, settings) => setOption(settings, 'taskOptions', { crop: choiceValue<DepthCrop>(value, '--crop', [...DEPTH_CROPS.keys()]) }),
  },
  {
    flag: '--depth-scale <units>',
    description: `depth PNG units per metre: a number or one of ${[...DEPTH_SCALES].map(([k, v]) => `${k} (${v})`).join(', ')} (default kitti)`,
    eval: true,
    apply: (value, settings) => {
      const named = typeof value === 'string' && DEPTH_SCALES.has(value);
      const scale = named ? value : numberFlag(value, '--depth-scale', `positive number or one of: ${[...DEPTH_SCALES.keys()].join(', ')}`, (v) => v > 0);
      setOption(settings, 'datasetOptions', { depthScale: scale });
    },
  },
];
