import { join } from 'node:path';
import type { Dataset, Sample } from './dataset.js';
import { listFiles } from './files.js';
import { fileSample } from './sample.js';

/**
 * A plain folder of images with no labels (reference mode: the model's pristine predictions
 * become the ground truth). Recursive; ids are "/"-separated relative paths in code-point order.
 */
export async function openFolder(root: string): Promise<Dataset<undefined>> {
  const files = await listFiles(root);
  return {
    format: 'folder',
    root,
    labelled: false,
    size: files.length,
    async *samples(): AsyncIterable<Sample<undefined>> {
      for (const rel of files) yield fileSample<undefined>(rel, join(root, rel), undefined, root);
    },
  };
}
