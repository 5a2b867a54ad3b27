import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RgbImage } from '../../media/image.js';
import { centerNetDetections } from '../../models/layers/centernet.js';
import { detectorShape, type DetectorShape, type ModelShape } from '../../models/layers/shape.js';
import { CocoBboxMetric } from '../../tasks/detection/coco-bbox.js';
import { buildReferenceCenterNet, CENTERNET_STRIDE } from '../architectures/centernet.js';
import { centerNetLoss } from '../centernet/loss.js';
import { encodeCenterNet } from '../centernet/targets.js';
import { checkDetectionLabels, loadDetectionSet, type DetectionSet } from '../detection-data.js';
import type { RetrainTask } from '../task.js';

/** The shape the task's own modelShape returned carries the stride; a bare ModelShape is the reference's. */
const strideOf = (shape: ModelShape): number => (shape as Partial<DetectorShape>).stride ?? CENTERNET_STRIDE;

/**
 * COCO box AP@[.5:.95] of a Layers CenterNet on images against their boxes: the detections the
 * sweep's adapter makes (centerNetDetections), scored by the pycocotools-exact COCO evaluation
 * `run --task detection` uses.
 */
export async function cocoAP(model: tfl.LayersModel, images: readonly RgbImage[], data: DetectionSet, shape: ModelShape): Promise<number | null> {
  if (images.length === 0) return null;
  const detections = await centerNetDetections(model, images, { ...shape, stride: strideOf(shape) }, data.categoryIds);
  const metric = new CocoBboxMetric();
  detections.forEach((d, i) => metric.update({ imageId: data.groundTruth[i].imageId, detections: d }, data.groundTruth[i]));
  return metric.compute().AP ?? null;
}

/** One batch's CenterNet targets at the model's size: boxes scaled from each image's pixels, crowd boxes left out. */
function detectionTargets(data: DetectionSet, indices: readonly number[], shape: ModelShape): tf.Tensor4D {
  const stride = strideOf(shape);
  const layout = { height: shape.height / stride, width: shape.width / stride, classes: shape.classes, stride };
  const channel = new Map(data.categoryIds.map((id, k) => [id, k]));
  const size = layout.height * layout.width * (layout.classes + 4);
  const values = new Float32Array(indices.length * size);
  indices.forEach((i, n) => {
    const gt = data.groundTruth[i];
    const sx = shape.width / gt.width;
    const sy = shape.height / gt.height;
    const objects = gt.objects.filter((o) => !o.iscrowd).map((o) => ({
      classIndex: channel.get(o.categoryId) ?? -1,
      bbox: [o.bbox[0] * sx, o.bbox[1] * sy, o.bbox[2] * sx, o.bbox[3] * sy] as [number, number, number, number],
    }));
    values.set(encodeCenterNet(objects.filter((o) => o.classIndex >= 0), layout), n * size);
  });
  return tf.tensor4d(values, [indices.length, layout.height, layout.width, layout.classes + 4]);
}

/** Object detection: CenterNet heatmaps + size + offset, focal + L1 loss, COCO AP; `ref:centernet`. */
export const detectionRetrainTask: RetrainTask<DetectionSet> = {
  id: 'detection',
  metric: 'AP',
  metricLabel: 'COCO AP@[.5:.95]',
  reference: {
    id: 'ref:centernet',
    shape: (data) => ({ height: data.images[0].height, width: data.images[0].width, channels: 3, classes: data.categoryIds.length }),
    build: (shape, seed) => buildReferenceCenterNet(shape, seed),
  },
  modelShape: detectorShape,
  load: (dataset, source, options) => loadDetectionSet(dataset, source, options),
  checkLabels: checkDetectionLabels,
  loss: centerNetLoss,
  targets: detectionTargets,
  score: (model, images, data, shape) => cocoAP(model, images, data, shape),
  sweepTaskOptions: () => ({}),
  modelDetails: (data) => ({ categoryIds: data.categoryIds, classes: data.classes }),
};
