import * as tfl from '@tensorflow/tfjs-layers';
import { invalidParameter } from '../../errors.js';

/**
 * A small conditional patch discriminator (pix2pix's PatchGAN, Isola et al. 2017, at CPU size)
 * for adversarial training of dense predictors: input the image and a candidate target stacked
 * on the channel axis, [N, H, W, channels + targetChannels]; output one real/fake logit per
 * overlapping patch, [N, H/4, W/4, 1]:
 *   conv 4×4 stride 2 (f) → leaky relu 0.2 → conv 4×4 stride 2 (2f) → leaky relu 0.2 → conv 3×3 (1).
 * No batch norm: the discriminator then has no running statistics to checkpoint, and each
 * patch is judged on its own pixels only. Initialisers are seeded.
 */
export function buildPatchDiscriminator(shape: { height: number; width: number; channels: number; targetChannels: number }, seed: number, baseFilters = 16): tfl.LayersModel {
  const { height, width, channels, targetChannels } = shape;
  for (const [name, v] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || v < 4 || v % 4 !== 0) throw invalidParameter('multiple of 4', `discriminator ${name}`, v);
  }
  if (!Number.isInteger(baseFilters) || baseFilters < 1) throw invalidParameter('integer of at least 1', 'discriminator base filters', baseFilters);
  const input = tfl.input({ shape: [height, width, channels + targetChannels], name: 'pair' });
  let x = input;
  for (const [i, filters] of [baseFilters, 2 * baseFilters].entries()) {
    x = tfl.layers.conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: tfl.initializers.heNormal({ seed: seed + i + 1 }), name: `d${i + 1}_conv` }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.leakyReLU({ alpha: 0.2, name: `d${i + 1}_lrelu` }).apply(x) as tfl.SymbolicTensor;
  }
  const logits = tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 3 }), name: 'patch_logits' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'lossyvision_patch_discriminator' });
}
