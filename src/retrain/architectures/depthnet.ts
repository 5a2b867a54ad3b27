import * as tfl from '@tensorflow/tfjs-layers';
import { invalidParameter } from '../../errors.js';
import { convBlocks } from './conv-blocks.js';

/** Input size of the reference depth network. */
export interface DepthNetShape {
  /** Both multiples of 2^depth (8 with the default three stages). */
  height: number;
  width: number;
  /** 1 (grey) or 3 (RGB). */
  channels: number;
}

export interface DepthNetOptions {
  /** Filters of the first encoder stage; each deeper stage doubles them (default 8). */
  baseFilters?: number;
  /** Encoder stages, each halving the resolution (default 3). */
  depth?: number;
  /** Depth the untrained network answers everywhere, metres (default 5): the output bias starts there. */
  initialDepth?: number;
}

/**
 * The reference monocular depth network: a small U-Net-style encoder-decoder (the generator
 * shape of the depth GANs Poyser et al. evaluated, at CPU size):
 *   encoder: depth × [conv 3×3 → batch norm → relu], then maxpool 2; filters f, 2f, 4f, …
 *   bottleneck: conv 3×3 → batch norm → relu at 1/2^depth resolution
 *   decoder: depth × [upsample 2 (nearest) → concatenate the encoder's features at that scale
 *   (skip connection: occlusion edges come back sharp) → conv 3×3 → batch norm → relu]
 *   head: conv 1×1 to one channel → softplus: positive depth in metres, unbounded above.
 * Input [N, H, W, C] in [0, 1]; output [N, H, W, 1] metric depth. Initialisers are seeded.
 */
export function buildReferenceDepthNet(shape: DepthNetShape, seed: number, options: DepthNetOptions = {}): tfl.LayersModel {
  const { height, width, channels } = shape;
  const depth = options.depth ?? 3;
  const base = options.baseFilters ?? 8;
  const initialDepth = options.initialDepth ?? 5;
  if (!Number.isInteger(depth) || depth < 1 || depth > 5) throw invalidParameter('integer between 1 and 5', 'depth network stages', depth);
  if (!Number.isInteger(base) || base < 1) throw invalidParameter('integer of at least 1', 'depth network base filters', base);
  if (!(initialDepth > 0)) throw invalidParameter('positive number', 'initial depth', initialDepth);
  const step = 2 ** depth;
  for (const [name, v] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || v < step || v % step !== 0) throw invalidParameter(`multiple of ${step}`, `depth network ${name}`, v);
  }
  if (channels !== 1 && channels !== 3) throw invalidParameter('1 or 3', 'depth network channels', channels);

  const { block, nextSeed } = convBlocks(seed);
  const input = tfl.input({ shape: [height, width, channels], name: 'image' });
  let x = input;
  const skips: tfl.SymbolicTensor[] = [];
  for (let s = 0; s < depth; s++) {
    x = block(x, base * 2 ** s, `enc${s + 1}`);
    skips.push(x);
    x = tfl.layers.maxPooling2d({ poolSize: 2, name: `enc${s + 1}_pool` }).apply(x) as tfl.SymbolicTensor;
  }
  x = block(x, base * 2 ** (depth - 1), 'bottleneck');
  for (let s = depth - 1; s >= 0; s--) {
    x = tfl.layers.upSampling2d({ size: [2, 2], name: `dec${s + 1}_up` }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.concatenate({ axis: -1, name: `dec${s + 1}_skip` }).apply([x, skips[s]]) as tfl.SymbolicTensor;
    x = block(x, base * 2 ** s, `dec${s + 1}`);
  }
  // softplus⁻¹(d) = log(e^d − 1): the untrained network answers `initialDepth` metres, a sane start for log-depth losses.
  const bias = Math.log(Math.expm1(initialDepth));
  const output = tfl.layers.conv2d({
    filters: 1, kernelSize: 1, activation: 'softplus', name: 'depth',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: nextSeed() }), biasInitializer: tfl.initializers.constant({ value: bias }),
  }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: 'lossyvision_ref_depthnet' });
}
