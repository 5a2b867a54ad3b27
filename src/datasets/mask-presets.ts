import { VOC_SEGMENTATION_CLASSES } from './voc/classes.js';

/** How a dataset's stored mask values become class indices. */
export interface MaskLabelling {
  /** Stored value → class index; values absent from the map become the ignore index. Undefined: identity. */
  idMap?: ReadonlyMap<number, number>;
  /** Class names in index order, when known. */
  classes?: readonly string[];
  ignoreIndex: number;
}

const CITYSCAPES_TRAIN = [
  [7, 'road'], [8, 'sidewalk'], [11, 'building'], [12, 'wall'], [13, 'fence'], [17, 'pole'],
  [19, 'traffic light'], [20, 'traffic sign'], [21, 'vegetation'], [22, 'terrain'], [23, 'sky'],
  [24, 'person'], [25, 'rider'], [26, 'car'], [27, 'truck'], [28, 'bus'], [31, 'train'],
  [32, 'motorcycle'], [33, 'bicycle'],
] as const;

/** SegNet's 11 CamVid classes; stored value 11 is "void". */
const CAMVID_11 = ['sky', 'building', 'pole', 'road', 'pavement', 'tree', 'sign', 'fence', 'car', 'pedestrian', 'bicyclist'];

/**
 * Named labellings, selectable by `--labels <name>`:
 * - `voc`: palette indices 0–20 as stored (background + the 20 classes), 255 = border, ignored;
 * - `cityscapes`: the 34 `*_labelIds` values → the 19 train ids of cityscapesScripts' labels.py,
 *   every other id ignored (255);
 * - `camvid`: SegNet's CamVid 0–10, with 11 (void) ignored.
 */
export const MASK_LABELLINGS: ReadonlyMap<string, MaskLabelling> = new Map<string, MaskLabelling>([
  ['voc', { classes: VOC_SEGMENTATION_CLASSES, ignoreIndex: 255 }],
  ['cityscapes', {
    idMap: new Map(CITYSCAPES_TRAIN.map(([id], train) => [id, train])),
    classes: CITYSCAPES_TRAIN.map(([, name]) => name),
    ignoreIndex: 255,
  }],
  ['camvid', { idMap: new Map(CAMVID_11.map((_, i) => [i, i])), classes: CAMVID_11, ignoreIndex: 255 }],
]);
