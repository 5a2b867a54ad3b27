import type { LabelMap } from '../../tasks/segmentation/types.js';
import type { Adapter } from '../adapters/adapter.js';
import type { Runtime } from '../runtimes/runtime.js';
import { personSegmentationAdapter } from './selfie.js';

/**
 * MediaPipe Meet (144×256, landscape): output `segment` [1, 144, 256, 2], logits for
 * (background, person). A pixel is a person where the two-class softmax gives the person
 * channel more than 0.5, i.e. where its logit is the larger. (human applies tf.softmax to the
 * person channel alone, which normalises across each image row; lossyvision does not follow
 * that.)
 */
export function meetAdapter(runtime: Runtime): Adapter<LabelMap> {
  return personSegmentationAdapter(runtime, {
    family: 'zoo:meet',
    channels: 2,
    labels(values, pixels, out) {
      for (let i = 0; i < pixels; i++) out[i] = values[2 * i + 1] > values[2 * i] ? 1 : 0;
    },
  });
}
