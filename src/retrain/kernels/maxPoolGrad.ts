/**
 * MaxPoolGrad for the wasm backend, replacing the stock one (a scalar C++ loop that became the
 * largest kernel of a training step once the convolution gradients were fast).
 *
 * Scatter form: for every pooled pixel, find the first maximum of its window in row-major order
 * (ties and padding as the cpu backend: strict `>`, padded taps never win) and add dy there. The
 * innermost loop walks channels, contiguous in NHWC, keeping one running maximum per channel.
 */
import { backend_util, MaxPoolGrad, type KernelConfig, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocate, assertFloat32, f32Offset, heapF32, wasmBackendOf, type WasmKernelArgs } from '../../models/runtimes/wasm/wasmHeap.js';

function maxPoolGrad(args: WasmKernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
  assertFloat32(MaxPoolGrad, { dy, input });
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode,
  );
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;

  const dx = allocate(backend, input.shape);
  const heap = heapF32(backend);
  const xBase = f32Offset(backend, input);
  const dxBase = f32Offset(backend, dx);
  let dyPixel = f32Offset(backend, dy);
  heap.fill(0, dxBase, dxBase + batchSize * H * W * C);
  const best = new Float32Array(C);
  const bestAt = new Int32Array(C);
  for (let b = 0; b < batchSize; b++) {
    const image = b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const ihLo = Math.max(0, oh * sh - top);
      const ihHi = Math.min(H, oh * sh - top + FH);
      for (let ow = 0; ow < OW; ow++, dyPixel += C) {
        const iwLo = Math.max(0, ow * sw - left);
        const iwHi = Math.min(W, ow * sw - left + FW);
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let ih = ihLo; ih < ihHi; ih++) {
          for (let iw = iwLo; iw < iwHi; iw++) {
            const at = image + (ih * W + iw) * C;
            const src = xBase + at;
            for (let c = 0; c < C; c++) {
              const v = heap[src + c];
              if (v > best[c]) {
                best[c] = v;
                bestAt[c] = at + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) {
          if (bestAt[c] >= 0) heap[dxBase + bestAt[c]] += heap[dyPixel + c];
        }
      }
    }
  }
  return dx;
}

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelConfig['kernelFunc'],
};
