import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { RgbImage } from '../../media/image.js';
import type { DepthPrediction } from '../../tasks/depth/prediction.js';
import { resizePlane } from '../calculators/resize-plane.js';
import { depthModelShape } from '../layers/shape.js';
import { imagesToTensor } from '../layers/tensors.js';
import type { Model } from '../model.js';
import { layersModelHash } from './layers-hash.js';

/**
 * One image's depth from a network's [H, W] output plane: resized (bilinear, as the ONNX depth
 * adapter does) to the image's size and answered as metric depth, scored without alignment.
 */
export function metricDepthPrediction(plane: Float32Array, mapWidth: number, mapHeight: number, image: { width: number; height: number }): DepthPrediction {
  const data = resizePlane(plane, mapWidth, mapHeight, image.width, image.height);
  return { width: image.width, height: image.height, data, output: 'metric', alignment: 'none' };
}

/**
 * A TF.js Layers depth network (a user model.json with a [batch, H, W, 1] output in metres, or
 * `ref:depthnet` as retrained here) as a depth `Model`: the image in [0, 1] at the model's input
 * size (bilinear), metric depth back at the image's size; what `run --task depth` scores.
 */
export async function layersDepthModel(id: string, model: tfl.LayersModel): Promise<Model<DepthPrediction>> {
  const shape = depthModelShape(model, id);
  return {
    id,
    task: 'depth',
    hash: await layersModelHash(model, { adapter: 'layers-depth', shape }),
    provenance: { runtime: `tfjs-layers ${tfl.version_layers}`, backend: tf.getBackend(), adapter: 'layers-depth' },
    async predict(image: RgbImage): Promise<DepthPrediction> {
      const out = tf.tidy(() => model.predict(imagesToTensor([image], shape)) as tf.Tensor);
      const values = (await out.data()) as Float32Array;
      out.dispose();
      return metricDepthPrediction(values, shape.width, shape.height, image);
    },
    dispose: async () => undefined,
  };
}
