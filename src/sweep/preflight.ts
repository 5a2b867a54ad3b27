import type { Dataset } from '../datasets/dataset.js';
import { LossyvisionError } from '../errors.js';
import { COCO_KEYPOINT_SIGMAS } from '../tasks/pose/oks.js';
import { describeMapping, mapLabelSpace, relabelDetections } from '../tasks/detection/label-space.js';
import type { CellResult } from './accumulate.js';
import type { ModelInfo } from './context.js';

/** A prediction rewritten into the dataset's terms before it is scored (one per model; undefined: as it is). */
export type Relabel = ((prediction: unknown) => unknown) | undefined;

/** What the sweep tells the user besides the table: notes, and warnings of numbers that are likely wrong. */
export interface SweepNotices {
  readonly notes: string[];
  readonly warnings: string[];
}

/** How messages name a dataset: "the voc dataset data/VOC2007". */
export function datasetName(dataset: Pick<Dataset, 'format' | 'root'>): string {
  return `${dataset.format} dataset ${dataset.root}`;
}

/**
 * Before any sample: each detector's classes mapped onto the labelled dataset's categories by
 * class name (a COCO detector on VOC data: person 1 → 15), or a MODEL_OUTPUT error naming model
 * and dataset when they have no class in common. Reference mode compares a model with itself
 * and needs no mapping; models that declare no label space are taken to use the dataset's ids.
 */
export function labelMappings(task: string, dataset: Dataset, models: readonly ModelInfo[], notices: SweepNotices): Relabel[] {
  const categories = dataset.categories;
  if (task !== 'detection' || !dataset.labelled || !categories || categories.size === 0) return models.map(() => undefined);
  const name = datasetName(dataset);
  return models.map((model) => {
    if (!model.labels) return undefined;
    const mapping = mapLabelSpace({ id: model.id, labels: model.labels }, { name, categories });
    const note = describeMapping(model.id, model.labels, name, mapping);
    if (note) notices.notes.push(note);
    if (mapping.by === 'id-no-common-name') {
      const example = model.labels.classes.slice(0, 3).map(([id, n]) => `${n} = ${id}`).join(', ');
      notices.warnings.push(
        `no category name of the ${name} is one of ${model.id}'s ${model.labels.name} classes, but every category id is one of its ids: categories are taken by id as ${model.labels.name} numbers them (${example}, …); if the dataset numbers its classes otherwise, name its categories as ${model.labels.name} does`,
      );
    }
    if (mapping.missing.length > 0) {
      const shown = mapping.missing.length <= 8 ? mapping.missing.join(', ') : `${mapping.missing.slice(0, 8).join(', ')}, … (${mapping.missing.length})`;
      notices.warnings.push(`${model.id} has no class for the dataset's ${shown}: ${mapping.missing.length === 1 ? 'it counts' : 'they count'} as missed`);
    }
    if (mapping.identity && mapping.extra === 0) return undefined;
    return (prediction: unknown) => relabelDetections(prediction, mapping);
  });
}

/** Tasks whose scores are "higher is better" with 0 meaning "nothing right at all". */
const ZERO_MEANS_NOTHING = new Set(['detection', 'pose', 'segmentation', 'classification', 'action']);

/**
 * After the sweep: a model that scores 0 on every pristine sample of labelled data almost
 * always means a mismatch (label space, class order, input format), not a bad model: say so.
 */
export function zeroScoreWarnings(task: string, labelled: boolean, results: readonly CellResult[], columns: readonly { metric: string; value: string }[], notices: SweepNotices): void {
  if (!labelled || !ZERO_MEANS_NOTHING.has(task)) return;
  for (const r of results) {
    if (r.cell.condition.level !== null || r.n === 0) continue;
    const values = columns.map((c) => r.metrics[c.metric]?.[c.value]).filter((v): v is number => typeof v === 'number');
    if (values.length > 0 && values.every((v) => v === 0)) {
      notices.warnings.push(
        `${r.cell.model} scores 0 on all ${r.n} pristine samples of this labelled dataset: check that its classes, class order and input settings match the data (--model-config)`,
      );
    }
  }
}

/**
 * Before any sample: pose ground truth must have the keypoints the pose metric scores (COCO's
 * 17, one OKS sigma each), or every sample would fail at scoring. Names the annotation file.
 */
export function checkKeypoints(task: string, dataset: Dataset): void {
  if (task !== 'pose' || !dataset.labelled || !dataset.keypoints) return;
  const { count, file, entry } = dataset.keypoints;
  if (count !== COCO_KEYPOINT_SIGMAS.length) {
    throw new LossyvisionError(
      'INVALID_FILE',
      `Expected ${COCO_KEYPOINT_SIGMAS.length} keypoints per person (COCO's, one OKS sigma each, as the pose models answer) but the annotations have ${count} (${entry})`,
      { file },
    );
  }
}
