import { invalidParameter } from '../../errors.js';
import { is } from '../../validate.js';
import type { ClipSampling } from './types.js';

export function checkSampling(sampling: ClipSampling): void {
  if (!is.integer(sampling.clips) || sampling.clips < 1) throw invalidParameter('integer of at least 1', 'clips', sampling.clips);
  if (!is.integer(sampling.framesPerClip) || sampling.framesPerClip < 1) throw invalidParameter('integer of at least 1', 'framesPerClip', sampling.framesPerClip);
  const stride = sampling.frameStride ?? 1;
  if (!is.integer(stride) || stride < 1) throw invalidParameter('integer of at least 1', 'frameStride', stride);
}

/**
 * Frame indices of every clip: clip starts evenly spaced from the first to the last possible
 * start (one clip: the centred one), as the usual test protocol (25 clips for two-stream
 * networks, 10 for 3-D ones). A video shorter than a clip repeats its last frame.
 */
export function sampleClips(frameCount: number, sampling: ClipSampling): number[][] {
  checkSampling(sampling);
  if (!is.integer(frameCount) || frameCount < 1) throw invalidParameter('integer of at least 1', 'frameCount', frameCount);
  const stride = sampling.frameStride ?? 1;
  const span = (sampling.framesPerClip - 1) * stride + 1;
  const lastStart = Math.max(0, frameCount - span);
  const starts =
    sampling.clips === 1 ? [Math.floor(lastStart / 2)] : Array.from({ length: sampling.clips }, (_, k) => Math.round((k * lastStart) / (sampling.clips - 1)));
  return starts.map((s) => Array.from({ length: sampling.framesPerClip }, (_, t) => Math.min(frameCount - 1, s + t * stride)));
}

/** Numerically stable softmax. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i] - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

/** Element-wise mean of equally long score vectors. */
export function meanScores(vectors: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(vectors[0].length).fill(0);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i] += v[i] / vectors.length;
  return out;
}

/** Late fusion: the weighted average of the streams' (softmax) scores. */
export function fuseScores(streams: readonly (readonly number[])[], weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Array<number>(streams[0].length).fill(0);
  streams.forEach((s, k) => {
    for (let i = 0; i < out.length; i++) out[i] += (weights[k] * s[i]) / total;
  });
  return out;
}

/** Class indices by descending score (ties: lower index first). */
export function rankClasses(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}
