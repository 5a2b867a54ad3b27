import type { LevelSpec } from './codec.js';
import type { CodecParam } from './params.js';

/**
 * What the level grammar needs to know about a video codec before its encoder exists:
 * its id, level range and parameters. The ffmpeg-backed encoders implement these ids.
 */
export interface VideoCodecSpec {
  readonly id: string;
  readonly kind: 'video';
  readonly description: string;
  readonly level: LevelSpec;
  readonly params: readonly CodecParam[];
}

const crf = (max: number, defaultLevel: number): LevelSpec => ({
  name: 'crf',
  min: 0,
  max,
  integer: true,
  mostCompressed: 'max',
  default: defaultLevel,
});

export const videoCodecSpecs: ReadonlyMap<string, VideoCodecSpec> = new Map(
  (
    [
      { id: 'h264', kind: 'video', description: 'H.264/AVC via ffmpeg libx264, CRF 0–51', level: crf(51, 23), params: [] },
      { id: 'h265', kind: 'video', description: 'H.265/HEVC via ffmpeg libx265, CRF 0–51', level: crf(51, 28), params: [] },
      { id: 'vp9', kind: 'video', description: 'VP9 via ffmpeg libvpx-vp9, CRF 0–63', level: crf(63, 31), params: [] },
      { id: 'av1', kind: 'video', description: 'AV1 via ffmpeg (libaom or SVT-AV1), CRF 0–63', level: crf(63, 35), params: [] },
    ] satisfies VideoCodecSpec[]
  ).map((spec) => [spec.id, spec]),
);
