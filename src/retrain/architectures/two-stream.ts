import * as tfl from '@tensorflow/tfjs-layers';
import { invalidParameter } from '../../errors.js';

/** Input sizes of the reference two-stream network. */
export interface TwoStreamShape {
  /** Frame size; multiples of 4 (two pooling stages). */
  height: number;
  width: number;
  /** Frames per clip T: the temporal stream stacks T − 1 RGB differences. */
  frames: number;
  classes: number;
}

export interface TwoStreamOptions {
  /** Filters of each stream's first stage; the next two double them (default 16). */
  baseFilters?: number;
}

/**
 * The reference two-stream action network (Simonyan & Zisserman 2014), small enough to train on
 * 48×48 clips on two CPU cores. Two inputs, two streams of the same shape with their own weights:
 *   spatial  `frame`  [H, W, 3]: one RGB frame of the clip (the middle one), in [0, 1];
 *   temporal `motion` [H, W, 3(T − 1)]: the stacked RGB differences of consecutive frames
 *            (TSN's cheap motion input, as src/video/flow/stack.ts computes for `run`), in [−1, 1];
 *   each: 3 × [conv 3×3 → batch norm → relu], max-pool 2 after the first two, filters f, 2f, 4f →
 *         global average pool → dense → softmax over classes;
 *   fusion: the average of the two softmax score vectors (late fusion by averaging), the output.
 * One Layers model, so the training loop, checkpoints and resume are the same as for every task;
 * the streams' own scores stay readable by name (models/layers/shape.ts SPATIAL_SCORES, TEMPORAL_SCORES).
 */
export function buildReferenceTwoStream(shape: TwoStreamShape, seed: number, options: TwoStreamOptions = {}): tfl.LayersModel {
  const { height, width, frames, classes } = shape;
  const base = options.baseFilters ?? 16;
  for (const [name, v] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || v < 8 || v % 4 !== 0) throw invalidParameter('multiple of 4 of at least 8', `two-stream ${name}`, v);
  }
  if (!Number.isInteger(frames) || frames < 2) throw invalidParameter('integer of at least 2', 'two-stream frames per clip', frames);
  if (!Number.isInteger(classes) || classes < 2) throw invalidParameter('integer of at least 2', 'two-stream classes', classes);
  if (!Number.isInteger(base) || base < 1) throw invalidParameter('integer of at least 1', 'two-stream base filters', base);

  let k = 0;
  const stream = (input: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor => {
    let x = input;
    for (let s = 0; s < 3; s++) {
      k += 1;
      const conv = tfl.layers.conv2d({ filters: base * 2 ** s, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tfl.initializers.heNormal({ seed: seed + k }), name: `${name}_conv${s + 1}` });
      const norm = tfl.layers.batchNormalization({ momentum: 0.9, name: `${name}_bn${s + 1}` });
      x = tfl.layers.activation({ activation: 'relu', name: `${name}_relu${s + 1}` }).apply(norm.apply(conv.apply(x))) as tfl.SymbolicTensor;
      if (s < 2) x = tfl.layers.maxPooling2d({ poolSize: 2, name: `${name}_pool${s + 1}` }).apply(x) as tfl.SymbolicTensor;
    }
    x = tfl.layers.globalAveragePooling2d({ name: `${name}_gap` }).apply(x) as tfl.SymbolicTensor;
    k += 1;
    const logits = tfl.layers.dense({ units: classes, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + k }), name: `${name}_scores` }).apply(x);
    return tfl.layers.softmax({ name: `${name}_softmax` }).apply(logits) as tfl.SymbolicTensor;
  };
  const frame = tfl.input({ shape: [height, width, 3], name: 'frame' });
  const motion = tfl.input({ shape: [height, width, 3 * (frames - 1)], name: 'motion' });
  const fused = tfl.layers.average({ name: 'fusion' }).apply([stream(frame, 'spatial'), stream(motion, 'temporal')]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [frame, motion], outputs: fused, name: 'lossyvision_ref_two_stream' });
}

