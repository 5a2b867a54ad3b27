import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { RgbImage } from '../../media/image.js';
import type { LabelMap } from '../../tasks/segmentation/types.js';
import { resizeNearest } from '../calculators/resize-nearest.js';
import { segmenterShape } from '../layers/shape.js';
import { imagesToTensor } from '../layers/tensors.js';
import type { Model } from '../model.js';
import { layersModelHash } from './layers-hash.js';

/**
 * A TF.js Layers per-pixel classifier (a user model.json or `ref:segnet` as retrained here) as a
 * segmentation `Model`: the image in [0, 1] at the model's input size (bilinear), the argmax
 * class per pixel, nearest-neighbour back to the image's size.
 */
export async function layersSegmenterModel(id: string, model: tfl.LayersModel): Promise<Model<LabelMap>> {
  const shape = segmenterShape(model, id);
  return {
    id,
    task: 'segmentation',
    hash: await layersModelHash(model, { adapter: 'layers-segmenter', shape }),
    provenance: { runtime: `tfjs-layers ${tfl.version_layers}`, backend: tf.getBackend(), adapter: 'layers-segmenter' },
    async predict(image: RgbImage): Promise<LabelMap> {
      const labels = tf.tidy(() => tf.cast(tf.argMax(model.predict(imagesToTensor([image], shape)) as tf.Tensor, -1), 'int32'));
      const values = Uint16Array.from(await labels.data());
      labels.dispose();
      const data = image.width === shape.width && image.height === shape.height ? values : resizeNearest(values, shape.width, shape.height, image.width, image.height);
      return { width: image.width, height: image.height, data };
    },
    dispose: async () => undefined,
  };
}
