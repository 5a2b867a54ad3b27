import * as tfl from '@tensorflow/tfjs-layers';
import { invalidParameter } from '../../errors.js';

/** Input and output sizes of the reference classifier. */
export interface ClassifierShape {
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB). */
  channels: number;
  classes: number;
}

/**
 * The reference CNN classifier (Fashion-MNIST-sized, also fine for small RGB inputs):
 * conv 3×3×32 relu → maxpool 2 → conv 3×3×64 relu → maxpool 2 → dense 128 relu → dense softmax.
 * Input [N, H, W, C] in [0, 1]. Every initialiser is seeded so one seed gives one network. No
 * dropout: its random masks would not replay on resume.
 */
export function buildReferenceClassifier(shape: ClassifierShape, seed: number): tfl.LayersModel {
  const { height, width, channels, classes } = shape;
  for (const [name, v, min] of [['height', height, 8], ['width', width, 8], ['classes', classes, 2]] as const) {
    if (!Number.isInteger(v) || v < min) throw invalidParameter(`integer of at least ${min}`, `classifier ${name}`, v);
  }
  if (channels !== 1 && channels !== 3) throw invalidParameter('1 or 3', 'classifier channels', channels);
  const init = (k: number): ReturnType<typeof tfl.initializers.glorotUniform> => tfl.initializers.glorotUniform({ seed: seed + k });
  const model = tfl.sequential({ name: 'lossyvision_ref_classifier' });
  model.add(tfl.layers.conv2d({ inputShape: [height, width, channels], filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(3) }));
  model.add(tfl.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(4) }));
  return model;
}
