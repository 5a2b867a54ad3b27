import type { RgbImage } from '../media/image.js';
import type { ViewOptions } from '../tasks/view.js';

/** One condition of a sweep: a codec at a level; null is pristine. */
export interface VisualLevel {
  readonly codec: string;
  readonly level: number | null;
}

/** A sample's pixels under one condition, and what compression measured there. */
export interface VisualImage {
  readonly image: RgbImage;
  readonly bpp: number | null;
  readonly psnr: number | null;
  /** Where the pixels came from when not from the sweep's own records. */
  readonly note?: string;
}

/** One sample of a swept run as the report reads it back: its predictions from the cache, its pixels on demand. */
export interface VisualSampleSource {
  /** The id the results store uses ("coffee.png", "vtest.avi#15", "right/v_right_g01_c01.mkv"). */
  readonly id: string;
  readonly groundTruth?: unknown;
  /** The model's cached prediction, in the task view's type; undefined when the cache no longer has it. */
  prediction(at: VisualLevel): Promise<unknown>;
  /** The pixels the model saw (for a clip: its middle frame). */
  image(at: VisualLevel): Promise<VisualImage>;
}

/** The samples of one model's run, read back from its data and cache. */
export interface VisualSource {
  /** Samples in the sweep's order, at most `limit`: the bounded scan the ranking reads. */
  samples(limit: number): AsyncIterable<VisualSampleSource>;
  /** Called with the samples to be drawn before any is, so a video is decoded or encoded once for all of them. */
  prepare?(chosen: readonly VisualSampleSource[], levels: readonly VisualLevel[]): Promise<void>;
  /** Names and thresholds the task's view draws with. */
  readonly viewOptions: ViewOptions;
  /** Why some panels may be missing, said once. */
  readonly notes: readonly string[];
  close(): Promise<void>;
}

/**
 * Frames decoded (and encoded again) for drawing, shared by the models of one run (an action
 * run's streams, a video run's models see the same frames): key `run · sample · codec · level`.
 */
export type FrameStore = Map<string, RgbImage>;

export const frameKey = (run: string, sample: string, at: VisualLevel): string => [run, sample, at.codec, String(at.level)].join('\u0000');
