import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { twoStreamInputs } from '../../models/layers/clips.js';
import { twoStreamShape, type ModelShape } from '../../models/layers/shape.js';
import { ActionMetric } from '../../tasks/action/metric.js';
import { loadActionClips, type ActionClips } from '../action-data.js';
import { buildReferenceTwoStream } from '../architectures/two-stream.js';
import { compressClips } from '../compress-clips.js';
import { checkLabels } from '../data.js';
import type { RetrainTask } from '../task.js';

/**
 * Video-level top-1 of a two-stream Layers model on clips (possibly compressed), through the
 * metric `run --task action` uses (ActionMetric: top-1 per test split, then their mean), on the
 * fused scores. Batched inference.
 */
export async function actionTop1(model: tfl.LayersModel, clips: readonly RgbImage[], data: ActionClips, shape: ModelShape, batchSize = 64): Promise<number | null> {
  if (clips.length === 0) return null;
  const metric = new ActionMetric('fusion', data.classes);
  for (let start = 0; start < clips.length; start += batchSize) {
    const scores = tf.tidy(() => model.predict(twoStreamInputs(clips.slice(start, start + batchSize), shape)) as tf.Tensor);
    const values = await scores.data();
    scores.dispose();
    for (let n = 0; n * shape.classes < values.length; n++) {
      const label = data.labels[start + n];
      metric.update(Array.from(values.subarray(n * shape.classes, (n + 1) * shape.classes)), { label, name: data.classes[label] ?? String(label), splits: data.splits[start + n] });
    }
  }
  return metric.compute().top1;
}

/**
 * Action recognition on video clips: one class per video, cross-entropy on the fused scores,
 * video-level top-1; `ref:two-stream`. Data is a UCF101-style folder (train lists for --train,
 * test lists for --val and --test); clips are compressed with video codecs, each as one video.
 */
export const actionRetrainTask: RetrainTask<ActionClips> = {
  id: 'action',
  metric: 'top1',
  metricLabel: 'top-1 accuracy (videos)',
  reference: {
    id: 'ref:two-stream',
    shape: (data) => ({
      height: data.images[0].height / data.frames, width: data.images[0].width, channels: 3, frames: data.frames,
      classes: Math.max(2, data.classes.length, data.labels.reduce((a, b) => Math.max(a, b), -1) + 1),
    }),
    build: (shape, seed) => buildReferenceTwoStream({ height: shape.height, width: shape.width, frames: shape.frames ?? 0, classes: shape.classes }, seed),
  },
  modelShape: twoStreamShape,
  load: (_dataset, source) => {
    throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a UCF101-style folder (classInd.txt, trainlist01.txt, testlist01.txt, class folders of videos) for action retraining', { file: source });
  },
  read: (spec, role, options) => loadActionClips(spec, role, options),
  checkLabels,
  targets: (data, indices, shape) => tf.tidy(() => tf.oneHot(tf.tensor1d(indices.map((i) => data.labels[i]), 'int32'), shape.classes)),
  score: (model, clips, data, shape) => actionTop1(model, clips, data, shape),
  sweepTaskOptions: () => ({}),
  codecKind: 'video',
  compress: (clips, levels, codec, params) => compressClips(clips, levels, codec, params),
  inputs: (clips, shape) => twoStreamInputs(clips, shape),
};
