import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { RgbImage } from '../../media/image.js';
import type { ClassificationPrediction } from '../../tasks/classification/prediction.js';
import { classifierShape } from '../layers/shape.js';
import { imagesToTensor } from '../layers/tensors.js';
import type { Model } from '../model.js';
import { layersModelHash } from './layers-hash.js';

/** How many ranked classes a prediction carries (top-5 needs five). */
const TOP_K = 5;

/**
 * A TF.js Layers classifier (a user model.json or one this project trained) as a classification
 * `Model`: the image in [0, 1] at the model's input size (grey by luma for one channel), the
 * softmax output ranked best first. Class names, when given, become the labels.
 */
export async function layersClassifierModel(id: string, model: tfl.LayersModel, classes?: readonly string[]): Promise<Model<ClassificationPrediction>> {
  const shape = classifierShape(model, id);
  return {
    id,
    task: 'classification',
    hash: await layersModelHash(model, { adapter: 'layers-classifier', shape, classes }),
    provenance: { runtime: `tfjs-layers ${tfl.version_layers}`, backend: tf.getBackend(), adapter: 'layers-classifier' },
    async predict(image: RgbImage): Promise<ClassificationPrediction> {
      const scores = tf.tidy(() => tf.reshape(model.predict(imagesToTensor([image], shape)) as tf.Tensor, [-1]));
      const values = await scores.data();
      scores.dispose();
      const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b).slice(0, TOP_K);
      return { top: order.map((index) => ({ index, score: values[index], ...(classes?.[index] !== undefined ? { label: classes[index] } : {}) })) };
    },
    dispose: async () => undefined,
  };
}
