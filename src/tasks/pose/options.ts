import { numberFlag } from '../../validate.js';
import { choiceValue, scoreThresholdOption, type TaskOption } from '../options.js';
import type { PckReference } from './pck.js';

const PCK_REFERENCES: readonly PckReference[] = ['head', 'torso'];

/** Pose's settings. */
export const POSE_OPTIONS: readonly TaskOption[] = [
  {
    flag: '--pck-alpha <fraction>',
    description: 'pose: PCK threshold as a fraction of the reference size (default 0.5)',
    apply: (value, settings) => {
      const options = (settings.taskOptions ??= {});
      options.pck = { ...options.pck, alpha: numberFlag(value, '--pck-alpha', 'positive number', (v) => v > 0) };
    },
  },
  {
    flag: '--pck-reference <part>',
    description: `pose: PCK reference size, one of ${PCK_REFERENCES.join(', ')} (default head: PCKh)`,
    apply: (value, settings) => {
      const options = (settings.taskOptions ??= {});
      options.pck = { ...options.pck, reference: choiceValue(value, '--pck-reference', PCK_REFERENCES) };
    },
  },
  {
    flag: '--person-detector <spec>',
    description: 'pose: detection model whose person boxes a top-down .onnx pose model crops (default: the whole image)',
    apply: (value, settings) => {
      settings.modelOptions.personDetector = String(value);
    },
  },
  scoreThresholdOption,
];
