/**
 * The gradient of FusedBatchNorm (what Layers' batchNormalization runs), replacing tfjs-core
 * 4.22's: that one tiles 1/√(variance + ε) to the full [N, H, W, C] shape before multiplying it
 * into dy, and Tile became the largest kernel of a SegNet training step on wasm (≈ 30 % of it).
 * Multiplication broadcasts the [C] vector itself, so this gradient is the stock one without the
 * Tile — the same multiplications in the same order, so bit-identical results, on every backend.
 */
import { add, backend_util, mul, reshape, rsqrt, scalar, sub, sum, FusedBatchNorm, type FusedBatchNormAttrs, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';

export const fusedBatchNormGradConfig: GradConfig = {
  kernelName: FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs) => {
    const g = dy as Tensor;
    const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved;
    const scaleValue = scale ?? scalar(1);
    const reductionAxes = backend_util.getReductionAxes(mean.shape, x.shape);
    const perChannel = mean.rank === 1;
    const xMinusMean = sub(x, mean);
    const dyTimesScaleValue = mul(g, scaleValue);
    const oneOverSqrtVariance = rsqrt(add(variance, scalar(varianceEpsilon)));
    const minusHalfRCube = mul(mul(mul(oneOverSqrtVariance, oneOverSqrtVariance), oneOverSqrtVariance), scalar(-0.5));
    const reduce = (t: Tensor): Tensor => reshape(perChannel ? sum(t, reductionAxes) : t, mean.shape);
    return {
      x: () => reshape(mul(mul(g, oneOverSqrtVariance), scaleValue), x.shape),
      mean: () => reduce(mul(mul(oneOverSqrtVariance, scalar(-1)), dyTimesScaleValue)),
      variance: () => reduce(mul(mul(minusHalfRCube, xMinusMean), dyTimesScaleValue)),
      scale: () => reduce(mul(g, mul(xMinusMean, oneOverSqrtVariance))),
      offset: () => reduce(g),
    };
  },
};
