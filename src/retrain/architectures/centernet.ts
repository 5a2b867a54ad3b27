import * as tfl from '@tensorflow/tfjs-layers';
import { invalidParameter } from '../../errors.js';

/** Input size and class count of the reference detector. */
export interface CenterNetShape {
  /** Both multiples of 8 (three stride-2 stages). */
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB). */
  channels: number;
  /** Heatmap channels: one per object category. */
  classes: number;
}

export interface CenterNetOptions {
  /** Filters of the first stage; later stages take 2×, 3× and 4× (default 16). */
  baseFilters?: number;
}

/** Output stride: the heatmap is a quarter of the input in each direction. */
export const CENTERNET_STRIDE = 4;

/** Heatmap prior at initialisation, as CenterNet sets its heatmap bias (−2.19 = logit of 0.1). */
const HEATMAP_PRIOR_BIAS = -2.19;

/**
 * The reference detector, CenterNet-shaped (Zhou et al. 2019, "Objects as Points") and small
 * enough to train on 64×64 images on two CPU cores:
 *   encoder: conv 3×3 /2 (f) → conv 3×3 (2f) → conv 3×3 /2 (3f) → conv 3×3 (3f) [skip]
 *            → conv 3×3 /2 (4f) → conv 3×3 (4f), each conv → batch norm → relu
 *   decoder: upsample 2 (nearest) → conv 1×1 (3f) + skip → conv 3×3 (3f), at stride 4
 *   heads:   conv 3×3 (2f) → relu, then conv 1×1 to C heatmaps (sigmoid) and conv 1×1 to
 *            size (w, h) and centre offset (x, y) in heatmap cells (linear)
 * Input [N, H, W, C] in [0, 1]; one output [N, H/4, W/4, classes + 4] (the heads concatenated,
 * so the single-output Layers training loop takes it). Initialisers are seeded; the heatmap bias
 * starts at CenterNet's −2.19 so the focal loss does not begin swamped by background.
 */
export function buildReferenceCenterNet(shape: CenterNetShape, seed: number, options: CenterNetOptions = {}): tfl.LayersModel {
  const { height, width, channels, classes } = shape;
  const base = options.baseFilters ?? 16;
  if (!Number.isInteger(base) || base < 1) throw invalidParameter('integer of at least 1', 'centernet base filters', base);
  for (const [name, v] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || v < 8 || v % 8 !== 0) throw invalidParameter('multiple of 8', `centernet ${name}`, v);
  }
  if (!Number.isInteger(classes) || classes < 1) throw invalidParameter('integer of at least 1', 'centernet classes', classes);
  if (channels !== 1 && channels !== 3) throw invalidParameter('1 or 3', 'centernet channels', channels);

  let k = 0;
  const he = (): ReturnType<typeof tfl.initializers.heNormal> => tfl.initializers.heNormal({ seed: seed + ++k });
  const block = (x: tfl.SymbolicTensor, filters: number, strides: number, name: string): tfl.SymbolicTensor => {
    const conv = tfl.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false, kernelInitializer: he(), name: `${name}_conv` });
    const norm = tfl.layers.batchNormalization({ momentum: 0.9, name: `${name}_bn` });
    return tfl.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(norm.apply(conv.apply(x))) as tfl.SymbolicTensor;
  };
  const input = tfl.input({ shape: [height, width, channels], name: 'image' });
  let x = block(input, base, 2, 'stem');
  x = block(x, 2 * base, 1, 'stage1');
  x = block(x, 3 * base, 2, 'down2');
  const skip = block(x, 3 * base, 1, 'stage2');
  x = block(skip, 4 * base, 2, 'down3');
  x = block(x, 4 * base, 1, 'stage3');
  x = tfl.layers.upSampling2d({ size: [2, 2], name: 'up_upsample' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 3 * base, kernelSize: 1, kernelInitializer: he(), name: 'up_project' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.add({ name: 'up_skip' }).apply([x, skip]) as tfl.SymbolicTensor;
  x = block(x, 3 * base, 1, 'up');
  const trunk = tfl.layers.conv2d({ filters: 2 * base, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(), name: 'head_conv' }).apply(x) as tfl.SymbolicTensor;
  const heatmaps = tfl.layers.conv2d({
    filters: classes, kernelSize: 1, activation: 'sigmoid', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + ++k }),
    biasInitializer: tfl.initializers.constant({ value: HEATMAP_PRIOR_BIAS }), name: 'heatmaps',
  }).apply(trunk) as tfl.SymbolicTensor;
  const boxes = tfl.layers.conv2d({ filters: 4, kernelSize: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + ++k }), name: 'size_offset' }).apply(trunk) as tfl.SymbolicTensor;
  const output = tfl.layers.concatenate({ axis: -1, name: 'centernet' }).apply([heatmaps, boxes]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'lossyvision_ref_centernet' });
}
