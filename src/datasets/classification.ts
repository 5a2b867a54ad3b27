import type { Dataset } from './dataset.js';

/**
 * One image's class: `label` indexes the dataset's class list (its `categories`); `name` is that
 * class's name, the form the classification metric compares (tasks/classification/metric.ts).
 */
export interface ClassificationGroundTruth {
  label: number;
  name: string;
}

export interface ClassificationDataset extends Dataset<ClassificationGroundTruth> {
  /**
   * Class names in label order. Empty for a label list of numeric labels reaching 65 536 or more
   * (label-list.ts DENSE_LABELS): there `categories` names only the labels present.
   */
  readonly classes: readonly string[];
}
