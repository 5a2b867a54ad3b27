import type { PerClass } from '../task.js';
import { perCategory } from './coco-accumulate.js';
import { COCO_CATEGORY_NAMES } from './coco-category-names.js';
import type { CocoImageMetric } from './coco-metric.js';

/**
 * COCO AP per category (area "all") with its AP per object size, and AP per size over every
 * category, at the largest detection cap (pycocotools' per-category numbers; see perCategory).
 * Names come from the dataset's categories, else COCO's list (what reference mode and COCO data
 * number by), else "category <id>".
 */
export function cocoPerClass(metric: CocoImageMetric<{ imageId: number }, { imageId: number }>, names?: ReadonlyMap<number, string>): PerClass {
  const result = perCategory(metric.accumulate());
  const all = result.areas.indexOf('all');
  const sizesOf = (values: readonly (number | null)[]) => Object.fromEntries(result.areas.flatMap((label, a) => (a === all ? [] : [[label, values[a]]])));
  return {
    kind: 'category',
    value: 'AP',
    classes: result.categories.map((c) => ({
      id: String(c.categoryId),
      name: names?.get(c.categoryId) ?? COCO_CATEGORY_NAMES.get(c.categoryId) ?? `category ${c.categoryId}`,
      value: c.ap[all],
      sizes: sizesOf(c.ap),
    })),
    sizes: sizesOf(result.overall),
  };
}
