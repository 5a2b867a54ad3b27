import type { Tensor, TensorData } from './runtimes/runtime.js';

/**
 * Images per inference call when the graph takes a dynamic batch (Runtime.dynamicBatch) and the
 * user does not say: a sample's pristine image and its levels usually fit in one call. Measured
 * with onnxruntime 1.30 on this 2-core machine (AMD EPYC, AVX-512), per image, batch 8 vs 8 calls:
 * mobilenet_v3_small at 2 threads 2.8 vs 4.2 ms CPU and 1.6 vs 3.2 ms wall; resnet18 at 2 threads
 * 40.5 vs 43.5 ms CPU; at 1 thread both run at the same speed batched or not (2.3 and 36 ms).
 * The outputs were bit-identical to one-by-one calls on both graphs. With the default one worker
 * per core on one intra-op thread it saves next to nothing on the CPU: resnet18 exported with a
 * dynamic batch, `bench:peers`' 12 images, `run --batch 8` 12.7 s of CPU vs `--batch 1` 13.4 s
 * (with `--workers 1`: 11.5 vs 11.4 s), results.json byte-identical. It pays where one call
 * costs more than its arithmetic: many intra-op threads, small graphs, a GPU.
 */
export const DEFAULT_BATCH = 8;

/** Feeds that stack along dim 0: the same inputs, each of batch 1, with the same shapes and element types. */
export function stackable(feeds: readonly Record<string, Tensor>[]): boolean {
  if (feeds.length < 2) return false;
  const first = feeds[0];
  const names = Object.keys(first);
  return feeds.every((f) => {
    const keys = Object.keys(f);
    return keys.length === names.length && names.every((name) => {
      const a = first[name];
      const b = f[name];
      return b !== undefined && b.dims.length > 0 && b.dims[0] === 1 && b.dims.length === a.dims.length &&
        b.dims.every((d, i) => d === a.dims[i]) && b.data.constructor === a.data.constructor;
    });
  });
}

/** One batch of the (stackable) feeds: each input's data laid end to end, dim 0 = their count. */
export function stackFeeds(feeds: readonly Record<string, Tensor>[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const name of Object.keys(feeds[0])) {
    const first = feeds[0][name];
    const size = first.data.length;
    const data = new (first.data.constructor as new (n: number) => TensorData)(size * feeds.length);
    feeds.forEach((f, i) => (data as Float32Array).set(f[name].data as Float32Array, i * size));
    out[name] = { dims: [feeds.length, ...first.dims.slice(1)], data };
  }
  return out;
}

/** A batch's outputs back as `count` per-image outputs of batch 1; undefined when an output's dim 0 is not `count`. */
export function splitOutputs(outputs: Record<string, Tensor>, count: number): Record<string, Tensor>[] | undefined {
  const parts: Record<string, Tensor>[] = Array.from({ length: count }, () => ({}));
  for (const [name, t] of Object.entries(outputs)) {
    if (t.dims[0] !== count || t.data.length % count !== 0) return undefined;
    const size = t.data.length / count;
    for (let i = 0; i < count; i++) parts[i][name] = { dims: [1, ...t.dims.slice(1)], data: t.data.slice(i * size, (i + 1) * size) };
  }
  return parts;
}
