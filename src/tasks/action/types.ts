/** Action recognition (video classification): ground truth and predictions of one video. */

export interface ActionGroundTruth {
  /** 0-based class index (UCF101's classInd.txt is 1-based; readers convert). */
  readonly label: number;
  readonly name: string;
  /** The test splits (1, 2, 3 for UCF101) this video belongs to. */
  readonly splits: readonly number[];
}

/**
 * A video-level prediction: per stream, softmax scores averaged over the sampled clips.
 * A single-stream model has one stream ("rgb"); a two-stream model has "spatial", "temporal"
 * and their late "fusion".
 */
export interface ActionPrediction {
  readonly streams: Readonly<Record<string, readonly number[]>>;
  /** Clips the scores were averaged over. */
  readonly clips: number;
}

/** Clip sampling: `clips` windows of `framesPerClip` frames, evenly spaced over the video. */
export interface ClipSampling {
  readonly clips: number;
  readonly framesPerClip: number;
  /** Distance between frames inside a clip; default 1 (consecutive). */
  readonly frameStride?: number;
}
