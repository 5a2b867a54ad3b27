/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend:
 * dx[b,ih,iw,ci] = Σ_{kh,kw,m} dy[b,oh,ow,ci·M+m] · W[kh,kw,ci,m] over the (oh,ow) that read (ih,iw).
 *
 * Scatter form: each dy pixel adds its contribution to the fh·fw input pixels it came from, so
 * there is no division or bounds search per input pixel, and the innermost loop walks channels,
 * contiguous in dy, W and dx (NHWC). Dilations are honoured.
 */
import { backend_util, DepthwiseConv2dNativeBackpropInput, type DepthwiseConv2dNativeBackpropInputAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, assertFloat32, f32Offset, heapF32, wasmBackendOf, type WasmKernelArgs } from '../../models/runtimes/wasm/wasmHeap.js';

function depthwiseConv2dNativeBackpropInput(args: WasmKernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = args.attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  assertFloat32(DepthwiseConv2dNativeBackpropInput, { dy, filter });
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, dilations ?? 1, pad, dimRoundingMode, true,
  );
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const multiplier = CO / C;
  const top = info.padInfo.top;
  const left = info.padInfo.left;

  const out = allocate(backend, info.inShape);
  const heap = heapF32(backend);
  const dxBase = f32Offset(backend, out);
  const dyBase = f32Offset(backend, dy);
  const wBase = f32Offset(backend, filter);
  heap.fill(0, dxBase, dxBase + batchSize * H * W * C);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let kh = 0; kh < FH; kh++) {
        const ih = oh * sh + kh * dh - top;
        if (ih < 0 || ih >= H) continue;
        const dxRow = dxBase + (b * H + ih) * W * C;
        for (let kw = 0; kw < FW; kw++) {
          const wTap = wBase + (kh * FW + kw) * CO;
          const iwBase = kw * dw - left;
          const owLo = Math.max(0, Math.ceil(-iwBase / sw));
          const owHi = Math.min(OW, Math.floor((W - 1 - iwBase) / sw) + 1);
          let dyPixel = dyBase + ((b * OH + oh) * OW + owLo) * CO;
          let dxPixel = dxRow + (owLo * sw + iwBase) * C;
          const dxStep = sw * C;
          if (multiplier === 1) {
            for (let ow = owLo; ow < owHi; ow++, dyPixel += CO, dxPixel += dxStep) {
              for (let c = 0; c < C; c++) heap[dxPixel + c] += heap[dyPixel + c] * heap[wTap + c];
            }
          } else {
            for (let ow = owLo; ow < owHi; ow++, dyPixel += CO, dxPixel += dxStep) {
              for (let ci = 0, c = 0; ci < C; ci++) {
                let sum = 0;
                for (let m = 0; m < multiplier; m++, c++) sum += heap[dyPixel + c] * heap[wTap + c];
                heap[dxPixel + ci] += sum;
              }
            }
          }
        }
      }
    }
  }
  return out;
}

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as KernelConfig['kernelFunc'],
};
