import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RgbImage } from '../../media/image.js';
import { decodeCenterNet } from '../calculators/centernet-decode.js';
import { clipBox } from '../calculators/rescale.js';
import type { Detection } from '../../tasks/detection/types.js';
import type { DetectorShape } from './shape.js';
import { imagesToTensor } from './tensors.js';

/** Detections per image, as COCO evaluation keeps them. */
export const CENTERNET_TOP_K = 100;

/**
 * A Layers CenterNet's detections on images, in each image's own pixels: batched inference at
 * the model's input size (bilinear), peaks decoded (decodeCenterNet, top 100), heatmap channel k
 * named by `categoryIds[k]` (channels beyond the list are left out), boxes scaled back to the
 * image and clipped to it.
 */
export async function centerNetDetections(model: tfl.LayersModel, images: readonly RgbImage[], shape: DetectorShape, categoryIds: readonly number[], batchSize = 64): Promise<Detection[][]> {
  const grid = { height: shape.height / shape.stride, width: shape.width / shape.stride, classes: shape.classes, stride: shape.stride };
  const cells = grid.height * grid.width * (grid.classes + 4);
  const out: Detection[][] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const batch = images.slice(start, start + batchSize);
    const output = tf.tidy(() => model.predict(imagesToTensor(batch, shape)) as tf.Tensor);
    const values = await output.data();
    output.dispose();
    batch.forEach((image, n) => {
      const sx = image.width / shape.width;
      const sy = image.height / shape.height;
      const detections: Detection[] = [];
      for (const peak of decodeCenterNet(values.subarray(n * cells, (n + 1) * cells), grid, CENTERNET_TOP_K)) {
        const categoryId = categoryIds[peak.classIndex];
        if (categoryId === undefined) continue;
        const [x, y, w, h] = peak.bbox;
        detections.push({ categoryId, score: peak.score, bbox: clipBox([x * sx, y * sy, w * sx, h * sy], image.width, image.height) });
      }
      out.push(detections);
    });
  }
  return out;
}
