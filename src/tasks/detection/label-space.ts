import { LossyvisionError } from '../../errors.js';
import { VOC_CLASSES } from '../../datasets/voc/classes.js';
import { COCO_CATEGORY_NAMES } from './coco-category-names.js';
import type { Detection, DetectionPrediction } from './types.js';

/**
 * The classes a detector answers in: its category ids and, where known, their names. Plain
 * data (it crosses worker threads). A space without names (a user's numeric class map, a
 * detector trained here on unnamed data) is taken to use the dataset's own category ids.
 */
export interface LabelSpace {
  /** What to call it in messages: "COCO", "the classMap of yolo.json". */
  readonly name: string;
  /** [category id, class name or null]. */
  readonly classes: readonly (readonly [number, string | null])[];
}

/** COCO's 80 classes by their category ids (1–90): every zoo detector and the coco80 / coco91 class maps. */
export const COCO_LABELS: LabelSpace = { name: 'COCO', classes: [...COCO_CATEGORY_NAMES] };

/** Pascal VOC's 20 classes in devkit order, ids 1–20 (the `voc` class map). */
export const VOC_LABELS: LabelSpace = { name: 'Pascal VOC', classes: VOC_CLASSES.map((n, i) => [i + 1, n] as const) };

/**
 * Names that mean the same class in COCO and VOC (and common spellings), after `nameKey`
 * folding (case, spaces, hyphens and underscores dropped): "dining table" and "diningtable"
 * already agree.
 */
const SYNONYMS: readonly (readonly string[])[] = [
  ['aeroplane', 'airplane'],
  ['motorbike', 'motorcycle'],
  ['sofa', 'couch'],
  ['tvmonitor', 'tv'],
  ['person', 'pedestrian'],
];
const CANONICAL = new Map(SYNONYMS.flatMap((group) => group.map((n) => [n, group[0]] as const)));

/** How two class names are compared: case, spaces, hyphens and underscores ignored, synonyms folded. */
export function nameKey(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().replace(/[\s_\-.]+/g, '');
  return CANONICAL.get(folded) ?? folded;
}

/** How a model's category ids become the dataset's. */
export interface LabelMapping {
  /** Model category id → dataset category id; a detection of any other id is left out (the dataset has no such class). */
  readonly map: ReadonlyMap<number, number>;
  /** True when every id maps to itself (nothing to rewrite). */
  readonly identity: boolean;
  /**
   * How it was made: by class name; by id (a model whose classes have no names); or by id
   * because no name is shared although every dataset id is one of the model's (a COCO-numbered
   * dataset whose categories are named otherwise): trusted, but warned about.
   */
  readonly by: 'name' | 'id' | 'id-no-common-name';
  /** Dataset classes the model has no class for: they can only be missed. */
  readonly missing: readonly string[];
  /** Model classes the dataset does not have: their detections are left out. */
  readonly extra: number;
}

const list = (names: readonly string[], max = 8): string => (names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (${names.length} in all)`);

/**
 * Maps a model's label space onto a dataset's categories by class name (COCO ↔ VOC ↔ a user's
 * class map), or by id when the model's classes carry no names. Refuses (MODEL_OUTPUT, naming
 * both) when no class of the model is a class of the dataset: every detection would be scored
 * against the wrong class, which gives 0 without any error.
 */
export function mapLabelSpace(model: { id: string; labels: LabelSpace }, dataset: { name: string; categories: ReadonlyMap<number, string> }): LabelMapping {
  const named = model.labels.classes.some(([, n]) => n !== null);
  const map = new Map<number, number>();
  if (named) {
    const byKey = new Map<string, number>();
    for (const [id, name] of dataset.categories) if (!byKey.has(nameKey(name))) byKey.set(nameKey(name), id);
    for (const [id, name] of model.labels.classes) {
      const target = name === null ? undefined : byKey.get(nameKey(name));
      if (target !== undefined) map.set(id, target);
    }
  } else {
    for (const [id] of model.labels.classes) if (dataset.categories.has(id)) map.set(id, id);
  }
  let by: LabelMapping['by'] = named ? 'name' : 'id';
  const modelIds = new Set(model.labels.classes.map(([id]) => id));
  if (map.size === 0 && named && [...dataset.categories.keys()].every((id) => modelIds.has(id))) {
    // Same numbering, other names (translated, placeholders): the ids are all the model's.
    for (const id of dataset.categories.keys()) map.set(id, id);
    by = 'id-no-common-name';
  }
  const covered = new Set(map.values());
  const missing = [...dataset.categories].filter(([id]) => !covered.has(id)).map(([, n]) => n);
  if (map.size === 0) {
    const theirs = named
      ? `${model.labels.name} (${model.labels.classes.length} classes: ${list(model.labels.classes.map(([id, n]) => n ?? String(id)))})`
      : `${model.labels.name} (category ids ${list(model.labels.classes.map(([id]) => String(id)))})`;
    const ours = `${dataset.name}'s (${list([...dataset.categories].map(([id, n]) => (named ? n : `${id} ${n}`)))})`;
    throw new LossyvisionError(
      'MODEL_OUTPUT',
      `the model answers in the classes of ${theirs}, which cannot be mapped onto the dataset ${ours}: no class ${named ? 'name' : 'id'} in common; name the dataset's categories as the model's classes, or give a .onnx / TF.js model a classMap of the dataset's class names (--model-config)`,
      { file: model.id },
    );
  }
  const identity = [...map].every(([a, b]) => a === b);
  return { map, identity, by, missing, extra: model.labels.classes.length - map.size };
}

/** A prediction in the dataset's category ids: mapped ids rewritten, the others left out. */
export function relabelDetections(prediction: unknown, mapping: LabelMapping): unknown {
  if (mapping.identity && mapping.extra === 0) return prediction;
  const relabel = (list: Detection[]): Detection[] =>
    list.flatMap((d) => {
      const id = mapping.map.get(d.categoryId);
      return id === undefined ? [] : [id === d.categoryId ? d : { ...d, categoryId: id }];
    });
  if (Array.isArray(prediction)) return relabel(prediction as Detection[]);
  const p = prediction as DetectionPrediction;
  return { ...p, detections: relabel(p.detections) };
}

/** One line for the run's notes: how the model's classes were mapped, when it was not plain identity. */
export function describeMapping(modelId: string, labels: LabelSpace, datasetName: string, mapping: LabelMapping): string | undefined {
  const parts: string[] = [];
  if (mapping.by === 'id-no-common-name') return undefined; // a warning says it (labelMappings)
  if (!mapping.identity) parts.push(`${modelId}: its ${labels.name} classes are mapped onto the ${datasetName} categories by ${mapping.by === 'name' ? 'class name' : 'id'} (${mapping.map.size} in common)`);
  if (mapping.extra > 0) parts.push(`${mapping.identity ? `${modelId}: ` : ''}${mapping.extra} of its classes are not in the dataset and their detections are left out`);
  return parts.length ? parts.join('; ') : undefined;
}
