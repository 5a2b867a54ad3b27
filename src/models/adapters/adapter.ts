import type { RgbImage } from '../../media/image.js';
import type { InputTransform } from '../calculators/letterbox.js';
import type { Runtime, Tensor } from '../runtimes/runtime.js';
import type { LabelSpace } from '../../tasks/detection/label-space.js';

/** An image turned into network input, with what is needed to map outputs back. */
export interface PreparedInput {
  feeds: Record<string, Tensor>;
  transform: InputTransform;
}

/**
 * A model family's pre- and post-processing around a runtime. The same shape serves every
 * task: detection adapters decode to Detection[], pose adapters to keypoints, and so on.
 */
export interface Adapter<Prediction> {
  /** Family id: "yolov8", "zoo:centernet", … */
  readonly family: string;
  /** Every setting that changes predictions; hashed together with the weights. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Detection: the classes it answers in (category ids and names), so a sweep can map them onto a dataset's. */
  readonly labels?: LabelSpace;
  /** Outputs to compute; undefined for all. */
  readonly outputNames?: readonly string[];
  prepare(image: RgbImage): PreparedInput;
  /**
   * Throws a MODEL_OUTPUT LossyvisionError naming the model file, the output, the expected
   * and the found shape when the outputs are not what this family produces.
   */
  check(outputs: Record<string, Tensor>): void;
  decode(outputs: Record<string, Tensor>, transform: InputTransform): Prediction;
}

export type AdapterFactory<Prediction, Options> = (runtime: Runtime, options: Options, configFile?: string) => Adapter<Prediction>;
