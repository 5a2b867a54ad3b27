import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../../media/image.js';

/** Input layout of a classifier: [N, H, W, C] floats in [0, 1]. */
export interface InputShape {
  height: number;
  width: number;
  channels: number;
}

/**
 * Images → one [N, H, W, C] float tensor in [0, 1]: RGB kept for C = 3, BT.601 luma for C = 1
 * (grey images, whose three channels are equal, come back exactly), bilinear resize when the
 * size differs from the model's.
 */
export function imagesToTensor(images: readonly RgbImage[], shape: InputShape): tf.Tensor4D {
  return tf.tidy(() => {
    const parts = images.map((image) => {
      const { width, height, data } = image;
      const n = width * height;
      const values = new Float32Array(n * shape.channels);
      if (shape.channels === 3) {
        for (let i = 0; i < 3 * n; i++) values[i] = data[i] / 255;
      } else {
        for (let i = 0; i < n; i++) {
          const r = data[3 * i];
          const g = data[3 * i + 1];
          const b = data[3 * i + 2];
          values[i] = (r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255;
        }
      }
      const t = tf.tensor3d(values, [height, width, shape.channels]);
      return height === shape.height && width === shape.width ? t : tf.image.resizeBilinear(t, [shape.height, shape.width]);
    });
    return tf.stack(parts) as tf.Tensor4D;
  });
}
