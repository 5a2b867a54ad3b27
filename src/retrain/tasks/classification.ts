import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RgbImage } from '../../media/image.js';
import { classifierShape } from '../../models/layers/shape.js';
import { imagesToTensor, type InputShape } from '../../models/layers/tensors.js';
import { buildReferenceClassifier } from '../architectures/classifier.js';
import { checkLabels, loadLabelledImages, type LabelledImages } from '../data.js';
import type { RetrainTask } from '../task.js';

/** Top-1 accuracy of a Layers classifier on images (batched inference). */
export async function top1(model: tfl.LayersModel, images: readonly RgbImage[], labels: readonly number[], shape: InputShape, batchSize = 256): Promise<number | null> {
  if (images.length === 0) return null;
  let hits = 0;
  for (let start = 0; start < images.length; start += batchSize) {
    const predicted = tf.tidy(() => {
      const x = imagesToTensor(images.slice(start, start + batchSize), shape);
      return tf.argMax(model.predict(x) as tf.Tensor, -1);
    });
    const values = await predicted.data();
    predicted.dispose();
    values.forEach((p, i) => { if (p === labels[start + i]) hits += 1; });
  }
  return hits / images.length;
}

/** True when the first images are grey (R = G = B everywhere): the reference CNN then takes one channel. */
function looksGrey(images: readonly RgbImage[]): boolean {
  return images.slice(0, 200).every((im) => {
    for (let i = 0; i < im.data.length; i += 3) if (im.data[i] !== im.data[i + 1] || im.data[i] !== im.data[i + 2]) return false;
    return true;
  });
}

/** Image classification: one class per image, categorical cross-entropy, top-1 accuracy; `ref:fashion-cnn`. */
export const classificationRetrainTask: RetrainTask<LabelledImages> = {
  id: 'classification',
  metric: 'top1',
  metricLabel: 'top-1 accuracy',
  reference: {
    id: 'ref:fashion-cnn',
    shape: (data) => ({
      height: data.images[0].height, width: data.images[0].width, channels: looksGrey(data.images) ? 1 : 3,
      classes: Math.max(data.classes.length, data.labels.reduce((a, b) => Math.max(a, b), -1) + 1),
    }),
    build: (shape, seed) => buildReferenceClassifier(shape, seed),
  },
  modelShape: classifierShape,
  load: (dataset, source, options) => loadLabelledImages(dataset, source, options),
  checkLabels,
  targets: (data, indices, shape) => tf.tidy(() => tf.oneHot(tf.tensor1d(indices.map((i) => data.labels[i]), 'int32'), shape.classes)),
  score: (model, images, data, shape) => top1(model, images, data.labels, shape),
  sweepTaskOptions: () => ({}),
};
