/**
 * Conv2DBackpropInput for the wasm backend, replacing the stock one (a scalar C++ loop that took
 * ~60 % of a training step of the benchmark CNN). dx[b,ih,iw,ci] = Σ dy[b,oh,ow,co]·W[kh,kw,ci,co]
 * over the (oh,ow,kh,kw) with ih = oh·sh + kh − top, iw = ow·sw + kw − left.
 *
 * It is also the forward kernel of a transposed convolution (Conv2DTranspose), so it lives with
 * inference: the Layers loader registers it too (models/layers/backend.ts).
 *
 * Two steps: cols[M,K] = dy[M,Co] × Wᵀ[Co,K] on XNNPACK (M = b·oh·ow, K = kh·kw·ci; the wasm
 * BatchMatMul reaches XNNPACK only for untransposed batch-1 operands, so W is transposed first,
 * which is cheap), then col2im: each cols row is scatter-added into the input pixels it came
 * from, runs of ci contiguous in NHWC. Any stride and padding; NCHW by transposing around it.
 * Batches are chunked so the cols matrix stays within `maxColsFloats`.
 */
import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  allocate, assertFloat32, f32Offset, heapF32, release, runWasmKernel, transposeOnHeap, wasmBackendOf, withShape,
  type WasmKernelArgs,
} from './wasmHeap.js';

/** Upper bound on the cols matrix of one chunk, in float32 elements (16 MiB). */
const maxColsFloats = 1 << 22;

function conv2DBackpropInput(args: WasmKernelArgs): TensorInfo {
  const backend = wasmBackendOf(args);
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Conv2DBackpropInputAttrs;
  assertFloat32(Conv2DBackpropInput, { dy, filter });
  const channelsLast = backend_util.convertConv2DDataFormat(dataFormat) === 'channelsLast';
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false,
    channelsLast ? 'channelsLast' : 'channelsFirst',
  );
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const K = FH * FW * C;
  const pixelsPerImage = OH * OW;
  const imagesPerChunk = Math.max(1, Math.min(batchSize, Math.floor(maxColsFloats / (K * pixelsPerImage))));
  const singleChunk = imagesPerChunk >= batchSize;

  const dyRows = channelsLast ? dy : transposeOnHeap(backend, dy, [0, 2, 3, 1]);
  const filterT = transposeOnHeap(backend, withShape(filter, [K, CO]), [1, 0]);
  const dx = allocate(backend, [batchSize, H, W, C]);
  try {
    const dxSize = batchSize * H * W * C;
    heapF32(backend).fill(0, f32Offset(backend, dx), f32Offset(backend, dx) + dxSize);
    for (let b0 = 0; b0 < batchSize; b0 += imagesPerChunk) {
      const b1 = Math.min(batchSize, b0 + imagesPerChunk);
      const M = (b1 - b0) * pixelsPerImage;
      const dyChunk = singleChunk ? dyRows : allocate(backend, [1, M, CO]);
      try {
        if (!singleChunk) {
          const from = f32Offset(backend, dyRows) + b0 * pixelsPerImage * CO;
          heapF32(backend).copyWithin(f32Offset(backend, dyChunk), from, from + M * CO);
        }
        const cols = runWasmKernel(backend, 'BatchMatMul', {
          a: withShape(dyChunk, [1, M, CO]), b: withShape(filterT, [1, CO, K]),
        }, { transposeA: false, transposeB: false });
        try {
          col2im(heapF32(backend), f32Offset(backend, cols), f32Offset(backend, dx), b0, b1,
            { H, W, C, OH, OW, FH, FW, sh, sw, top, left });
        } finally {
          release(backend, cols);
        }
      } finally {
        if (!singleChunk) release(backend, dyChunk);
      }
    }
  } catch (error) {
    release(backend, dx);
    throw error;
  } finally {
    release(backend, filterT);
    if (dyRows !== dy) release(backend, dyRows);
  }
  if (channelsLast) return dx;
  const dxFirst = transposeOnHeap(backend, dx, [0, 3, 1, 2]);
  release(backend, dx);
  return dxFirst;
}

interface Col2imGeometry {
  H: number; W: number; C: number; OH: number; OW: number; FH: number; FW: number;
  sh: number; sw: number; top: number; left: number;
}

/** dx[b,ih,iw,:] += cols[(b−b0,oh,ow), (kh,kw,:)] for every tap that lands inside the image. */
function col2im(heap: Float32Array, cols: number, dx: number, b0: number, b1: number, g: Col2imGeometry): void {
  const { H, W, C, OH, OW, FH, FW, sh, sw, top, left } = g;
  const K = FH * FW * C;
  let row = cols;
  for (let b = b0; b < b1; b++) {
    const image = dx + b * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, row += K) {
        for (let kh = 0; kh < FH; kh++) {
          const ih = oh * sh + kh - top;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < FW; kw++) {
            const iw = ow * sw + kw - left;
            if (iw < 0 || iw >= W) continue;
            const dst = image + (ih * W + iw) * C;
            const src = row + (kh * FW + kw) * C;
            for (let c = 0; c < C; c++) heap[dst + c] += heap[src + c];
          }
        }
      }
    }
  }
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelConfig['kernelFunc'],
};
