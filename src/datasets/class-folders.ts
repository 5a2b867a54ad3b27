import { join } from 'node:path';
import { LossyvisionError } from '../errors.js';
import type { Sample } from './dataset.js';
import type { ClassificationDataset, ClassificationGroundTruth } from './classification.js';
import { listFiles, listFolders } from './files.js';
import { fileSample } from './sample.js';

/**
 * Class-per-folder images, `root/<class>/<image>` (torchvision's ImageFolder layout): classes
 * are the subfolder names in code-point order, label = position; images are found recursively
 * inside each class folder. Ids are "<class>/<relative path>", so they sort by class then file.
 */
export async function openClassFolders(root: string): Promise<ClassificationDataset> {
  const classes = await listFolders(root);
  const index: { id: string; label: number }[] = [];
  for (const [label, name] of classes.entries()) {
    for (const rel of await listFiles(join(root, name))) index.push({ id: `${name}/${rel}`, label });
  }
  if (index.length === 0) {
    throw new LossyvisionError('INVALID_FILE', 'Expected class folders (root/<class>/<image>) with at least one image', { file: root });
  }
  return {
    format: 'class-folders',
    root,
    labelled: true,
    size: index.length,
    classes,
    categories: new Map(classes.map((name, i) => [i, name])),
    async *samples(): AsyncIterable<Sample<ClassificationGroundTruth>> {
      for (const { id, label } of index) yield fileSample(id, join(root, id), { label, name: classes[label] }, root);
    },
  };
}
