import { numberFlag } from '../../validate.js';
import { setOption, type TaskOption } from '../options.js';

export const NUM_CLASSES_EXPECTED = 'integer between 1 and 65536';

/** Segmentation's settings, shared by run, predict and eval. */
export const SEGMENTATION_OPTIONS: readonly TaskOption[] = [
  {
    flag: '--num-classes <n>',
    description: 'segmentation: number of classes scored (default: from the dataset, else 256; eval: required)',
    eval: true,
    apply: (value, settings) =>
      setOption(settings, 'taskOptions', { numClasses: numberFlag(value, '--num-classes', NUM_CLASSES_EXPECTED, (v) => Number.isInteger(v) && v >= 1 && v <= 65536) }),
  },
  {
    flag: '--ignore-index <label>',
    description: 'segmentation: ground-truth label left out of the scores (default: the dataset\'s, else 255)',
    eval: true,
    apply: (value, settings) => setOption(settings, 'taskOptions', { ignoreIndex: numberFlag(value, '--ignore-index', 'integer', Number.isInteger) }),
  },
];
