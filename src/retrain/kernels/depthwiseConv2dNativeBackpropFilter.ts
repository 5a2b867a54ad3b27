/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend:
 * dW[kh,kw,ci,m] = Σ_{b,oh,ow} x[b, oh·sh + kh·dh − top, ow·sw + kw·dw − left, ci] · dy[b,oh,ow,ci·M+m].
 *
 * Per-channel products have no shared inner dimension to hand to a matmul, so this is a direct
 * loop over the heap, ordered so the innermost loop walks channels, contiguous in both x and dy
 * (NHWC). Sums are kept in float64 (they run over b·oh·ow terms). Dilations are honoured even
 * though TF.js's gradient of depthwiseConv2d currently refuses dilation > 1.
 */
import { backend_util, DepthwiseConv2dNativeBackpropFilter, type DepthwiseConv2dNativeBackpropFilterAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, assertFloat32, f32Offset, heapF32, wasmBackendOf, type WasmKernelArgs } from '../../models/runtimes/wasm/wasmHeap.js';

function depthwiseConv2dNativeBackpropFilter(args: WasmKernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, filterShape } = args.attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  assertFloat32(DepthwiseConv2dNativeBackpropFilter, { x, dy });
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, dilations ?? 1, pad, dimRoundingMode, true,
  );
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const multiplier = CO / C;
  const top = info.padInfo.top;
  const left = info.padInfo.left;

  const out = allocate(backend, filterShape);
  const heap = heapF32(backend);
  const xBase = f32Offset(backend, x);
  const dyBase = f32Offset(backend, dy);
  const acc = new Float64Array(FH * FW * CO);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let kh = 0; kh < FH; kh++) {
        const ih = oh * sh + kh * dh - top;
        if (ih < 0 || ih >= H) continue;
        const xRow = xBase + (b * H + ih) * W * C;
        for (let kw = 0; kw < FW; kw++) {
          const accRow = (kh * FW + kw) * CO;
          const iwBase = kw * dw - left;
          // Output columns whose input column lies inside the image.
          const owLo = Math.max(0, Math.ceil(-iwBase / sw));
          const owHi = Math.min(OW, Math.floor((W - 1 - iwBase) / sw) + 1);
          let dyPixel = dyBase + ((b * OH + oh) * OW + owLo) * CO;
          let xPixel = xRow + (owLo * sw + iwBase) * C;
          const xStep = sw * C;
          if (multiplier === 1) {
            for (let ow = owLo; ow < owHi; ow++, dyPixel += CO, xPixel += xStep) {
              for (let c = 0; c < CO; c++) acc[accRow + c] += heap[xPixel + c] * heap[dyPixel + c];
            }
          } else {
            for (let ow = owLo; ow < owHi; ow++, dyPixel += CO, xPixel += xStep) {
              for (let ci = 0, c = 0; ci < C; ci++) {
                const xv = heap[xPixel + ci];
                for (let m = 0; m < multiplier; m++, c++) acc[accRow + c] += xv * heap[dyPixel + c];
              }
            }
          }
        }
      }
    }
  }
  // [fh,fw,ci,m] flattened is exactly [fh,fw,ci·m]: the accumulator's layout.
  heap.set(acc, f32Offset(backend, out));
  return out;
}

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as KernelConfig['kernelFunc'],
};
