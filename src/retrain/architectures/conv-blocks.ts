import * as tfl from '@tensorflow/tfjs-layers';

/** Seeded conv 3×3 → batch norm → ReLU blocks, the unit of the encoder-decoder reference networks. */
export interface ConvBlocks {
  /** Appends a block named `<name>_conv/_bn/_relu`; its kernel is He-normal from the next seed. */
  block(x: tfl.SymbolicTensor, filters: number, name: string): tfl.SymbolicTensor;
  /** The seed after the last block's, for the layers that follow (seed + blocks + 1). */
  nextSeed(): number;
}

/**
 * Blocks whose k-th kernel is initialised from seed + k, so a network is the same for the same seed.
 * No conv bias: batch norm's offset takes its place. Momentum 0.9 so a few epochs of fine-tuning
 * move the moving statistics.
 */
export function convBlocks(seed: number): ConvBlocks {
  let k = 0;
  return {
    block(x, filters, name) {
      k += 1;
      const conv = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: tfl.initializers.heNormal({ seed: seed + k }), name: `${name}_conv` });
      const norm = tfl.layers.batchNormalization({ momentum: 0.9, name: `${name}_bn` });
      return tfl.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(norm.apply(conv.apply(x))) as tfl.SymbolicTensor;
    },
    nextSeed: () => seed + k + 1,
  };
}
