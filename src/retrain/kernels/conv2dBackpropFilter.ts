/**
 * Conv2DBackpropFilter for the wasm backend: dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b,ih,iw,ci]·dy[b,oh,ow,co].
 *
 * Written as one matrix product so XNNPACK does the arithmetic: dW[K,Co] = cols[K,M] × dy[M,Co]
 * with K = kh·kw·ci and M = b·oh·ow. `cols` is the im2col matrix built row by row (one row per
 * filter tap and input channel) from x transposed to [ci,b,h,w], which turns each row segment into
 * a contiguous copy when the stride is 1. The wasm BatchMatMul only reaches XNNPACK for
 * untransposed rank-3 operands with batch 1, which is exactly this layout. Large batches are
 * processed in chunks so the im2col matrix stays within `maxColsFloats` (bounded heap growth,
 * better cache use); chunk results are summed.
 */
import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { LossyvisionError } from '../../errors.js';
import {
  allocate, assertFloat32, f32Offset, heapF32, release, runWasmKernel, transposeOnHeap, wasmBackendOf, withShape,
  type WasmKernelArgs,
} from '../../models/runtimes/wasm/wasmHeap.js';

/** Upper bound on the im2col matrix of one chunk, in float32 elements (16 MiB). */
const maxColsFloats = 1 << 22;

interface Im2colGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * Fills cols[K, Mc] (K = fh·fw·ci rows, Mc = (b1-b0)·oh·ow columns) from xT = x as [ci,b,h,w].
 * Offsets index `heap`; padding taps become zeros.
 */
function fillIm2colTransposed(
  heap: Float32Array, xT: number, cols: number, g: Im2colGeometry, b0: number, b1: number,
): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = g;
  const rowLength = (b1 - b0) * OH * OW;
  let row = cols;
  for (let kh = 0; kh < g.filterHeight; kh++) {
    const ihBase = kh * g.dilationHeight - g.padTop;
    for (let kw = 0; kw < g.filterWidth; kw++) {
      const iwBase = kw * g.dilationWidth - g.padLeft;
      // Output columns whose input column lies inside the image: [owLo, owHi).
      const owLo = Math.min(OW, Math.max(0, Math.ceil(-iwBase / sw)));
      const owHi = Math.max(owLo, Math.min(OW, Math.floor((W - 1 - iwBase) / sw) + 1));
      for (let ci = 0; ci < g.inChannels; ci++) {
        let dst = row;
        for (let b = b0; b < b1; b++) {
          const plane = xT + (ci * g.batchSize + b) * H * W;
          for (let oh = 0; oh < OH; oh++, dst += OW) {
            const ih = oh * sh + ihBase;
            if (ih < 0 || ih >= H) {
              heap.fill(0, dst, dst + OW);
              continue;
            }
            if (owLo > 0) heap.fill(0, dst, dst + owLo);
            if (owHi < OW) heap.fill(0, dst + owHi, dst + OW);
            const src = plane + ih * W + iwBase;
            if (sw === 1) {
              for (let ow = owLo; ow < owHi; ow++) heap[dst + ow] = heap[src + ow];
            } else {
              for (let ow = owLo; ow < owHi; ow++) heap[dst + ow] = heap[src + ow * sw];
            }
          }
        }
        row += rowLength;
      }
    }
  }
}

function conv2DBackpropFilter(args: WasmKernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  assertFloat32(Conv2DBackpropFilter, { x, dy });
  const channelsLast = backend_util.convertConv2DDataFormat(dataFormat) === 'channelsLast';
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false,
    channelsLast ? 'channelsLast' : 'channelsFirst',
  );
  if (info.outChannels !== (channelsLast ? dy.shape[3] : dy.shape[1])) {
    throw new LossyvisionError('INVALID_ARGUMENT', `Expected dy with ${info.outChannels} channels for ${Conv2DBackpropFilter} but received shape [${dy.shape.join(', ')}]`);
  }
  const geometry: Im2colGeometry = {
    batchSize: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    outHeight: info.outHeight, outWidth: info.outWidth, filterHeight: info.filterHeight, filterWidth: info.filterWidth,
    strideHeight: info.strideHeight, strideWidth: info.strideWidth, dilationHeight: 1, dilationWidth: 1,
    padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
  return backpropFilterByMatmul(backend, x, dy, geometry, channelsLast, info.outChannels, filterShape);
}

/** The im2col × XNNPACK-matmul route for any geometry (dilations included, for reuse). */
function backpropFilterByMatmul(
  backend: BackendWasm, x: TensorInfo, dy: TensorInfo, g: Im2colGeometry, channelsLast: boolean,
  outChannels: number, filterShape: number[],
): TensorInfo {
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const pixelsPerImage = g.outHeight * g.outWidth;
  const imagesPerChunk = Math.max(1, Math.min(g.batchSize, Math.floor(maxColsFloats / (K * pixelsPerImage))));
  const xT = transposeOnHeap(backend, x, channelsLast ? [3, 0, 1, 2] : [1, 0, 2, 3]);
  const dyRows = channelsLast ? dy : transposeOnHeap(backend, dy, [0, 2, 3, 1]);
  const singleChunk = imagesPerChunk >= g.batchSize;
  let result: TensorInfo | undefined;
  try {
    for (let b0 = 0; b0 < g.batchSize; b0 += imagesPerChunk) {
      const b1 = Math.min(g.batchSize, b0 + imagesPerChunk);
      const M = (b1 - b0) * pixelsPerImage;
      const cols = allocate(backend, [1, K, M]);
      const dyChunk = singleChunk ? dyRows : allocate(backend, [1, M, outChannels]);
      try {
        const heap = heapF32(backend);
        fillIm2colTransposed(heap, f32Offset(backend, xT), f32Offset(backend, cols), g, b0, b1);
        if (!singleChunk) {
          const from = f32Offset(backend, dyRows) + b0 * pixelsPerImage * outChannels;
          heap.copyWithin(f32Offset(backend, dyChunk), from, from + M * outChannels);
        }
        const partial = runWasmKernel(backend, 'BatchMatMul', {
          a: cols, b: withShape(dyChunk, [1, M, outChannels]),
        }, { transposeA: false, transposeB: false });
        if (result === undefined) {
          result = partial;
        } else {
          const sum = runWasmKernel(backend, 'Add', { a: result, b: partial });
          release(backend, result);
          release(backend, partial);
          result = sum;
        }
      } finally {
        release(backend, cols);
        if (!singleChunk) release(backend, dyChunk);
      }
    }
  } finally {
    release(backend, xT);
    if (dyRows !== dy) release(backend, dyRows);
  }
  return withShape(result!, filterShape);
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelConfig['kernelFunc'],
};
