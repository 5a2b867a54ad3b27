import * as tfl from '@tensorflow/tfjs-layers';
import { invalidParameter } from '../../errors.js';
import { convBlocks } from './conv-blocks.js';

/** Input and output sizes of the reference segmentation network. */
export interface SegmenterShape {
  /** Both multiples of 2^depth (8 with the default three stages). */
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB). */
  channels: number;
  classes: number;
}

export interface SegnetOptions {
  /** Filters of the first encoder stage; each deeper stage doubles them (default 16). */
  baseFilters?: number;
  /** Encoder stages, each halving the resolution (default 3). */
  depth?: number;
}

/**
 * The reference encoder-decoder segmentation network, SegNet-shaped (Badrinarayanan et al. 2017)
 * and small enough to train on 64×64 images on two CPU cores:
 *   encoder: depth × [conv 3×3 → batch norm → relu → maxpool 2], filters f, 2f, 4f, …
 *   bottleneck: conv 3×3 → batch norm → relu at 1/2^depth resolution
 *   decoder: depth × [upsample 2 (nearest) → conv 3×3 → batch norm → relu], filters mirrored
 *   head: conv 1×1 to one score per class → softmax over classes at every pixel.
 * Input [N, H, W, C] in [0, 1]; output [N, H, W, classes] probabilities. SegNet proper upsamples
 * with the encoder's max-pooling indices; TF.js Layers has no max-unpooling, so nearest-neighbour
 * upsampling stands in (as in SegNet's "bilinear" ablations). Initialisers are seeded; batch
 * norm's moving statistics use momentum 0.9 so a few epochs of fine-tuning move them.
 */
export function buildReferenceSegmenter(shape: SegmenterShape, seed: number, options: SegnetOptions = {}): tfl.LayersModel {
  const { height, width, channels, classes } = shape;
  const depth = options.depth ?? 3;
  const base = options.baseFilters ?? 16;
  if (!Number.isInteger(depth) || depth < 1 || depth > 5) throw invalidParameter('integer between 1 and 5', 'segmenter depth', depth);
  if (!Number.isInteger(base) || base < 1) throw invalidParameter('integer of at least 1', 'segmenter base filters', base);
  const step = 2 ** depth;
  for (const [name, v] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || v < step || v % step !== 0) throw invalidParameter(`multiple of ${step}`, `segmenter ${name}`, v);
  }
  if (!Number.isInteger(classes) || classes < 2) throw invalidParameter('integer of at least 2', 'segmenter classes', classes);
  if (channels !== 1 && channels !== 3) throw invalidParameter('1 or 3', 'segmenter channels', channels);

  const { block, nextSeed } = convBlocks(seed);
  const input = tfl.input({ shape: [height, width, channels], name: 'image' });
  let x = input;
  for (let s = 0; s < depth; s++) {
    x = block(x, base * 2 ** s, `enc${s + 1}`);
    x = tfl.layers.maxPooling2d({ poolSize: 2, name: `enc${s + 1}_pool` }).apply(x) as tfl.SymbolicTensor;
  }
  x = block(x, base * 2 ** (depth - 1), 'bottleneck');
  for (let s = depth - 1; s >= 0; s--) {
    x = tfl.layers.upSampling2d({ size: [2, 2], name: `dec${s + 1}_up` }).apply(x) as tfl.SymbolicTensor;
    x = block(x, base * 2 ** Math.max(0, s - 1), `dec${s + 1}`);
  }
  const scores = tfl.layers.conv2d({ filters: classes, kernelSize: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }), name: 'scores' }).apply(x);
  const output = tfl.layers.softmax({ axis: -1, name: 'softmax' }).apply(scores) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'lossyvision_ref_segnet' });
}
