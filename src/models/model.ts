import type { RgbImage } from '../media/image.js';
import type { LabelSpace } from '../tasks/detection/label-space.js';

export type { TaskName } from '../tasks/index.js';
import type { TaskName } from '../tasks/index.js';

/**
 * A network behind a small interface: an image in, the task's prediction out, in original
 * image coordinates. The runtime (onnxruntime, TF.js) and the adapter's pre/post-processing
 * are hidden inside.
 */
export interface Model<Prediction = unknown> {
  /** As given by the user: "zoo:centernet", a file path. */
  readonly id: string;
  readonly task: TaskName;
  /**
   * Identifies weights and adapter settings together: sha256 of the model file(s) plus the
   * adapter configuration. Predictions are cached under it, so a changed model never reuses
   * stale predictions.
   */
  readonly hash: string;
  /** Versions and settings for provenance. */
  readonly provenance: Record<string, string>;
  /**
   * Its prediction on PROBE_IMAGE (src/models/probe.ts) when it made one while loading, so a
   * caller that checks the output on the probe need not run the network again.
   */
  readonly probePrediction?: Prediction;
  /**
   * Detection: the classes it answers in (category ids and, where known, names). A sweep maps
   * them onto the dataset's categories by name and refuses a model it cannot map. Absent: ids
   * are taken as the dataset's.
   */
  readonly labels?: LabelSpace;
  predict(image: RgbImage): Promise<Prediction>;
  /**
   * Images one predictBatch call runs through the network together; 1 (or absent) when the graph
   * takes one image at a time.
   */
  readonly batchSize?: number;
  /**
   * The predictions of up to batchSize images from one inference call, in order, equal to what
   * predict gives each (checked: test/models/batch.test.ts). Absent when batchSize is 1.
   */
  predictBatch?(images: readonly RgbImage[]): Promise<Prediction[]>;
  dispose(): Promise<void>;
}
