import { resolve } from 'node:path';
import { LossyvisionError, unknownId } from '../errors.js';
import { BUILTIN_DATASETS, BUILTIN_PREFIX } from './builtin.js';
import type { Dataset } from './dataset.js';
import { pathKind } from './files.js';
import { DATASET_FORMATS, type OpenDatasetOptions } from './registry.js';

export type { OpenDatasetOptions } from './registry.js';

/**
 * Opens a dataset: `builtin:<name>[:<split>]`, or a path whose format is `options.format` or,
 * by default, the first in DATASET_FORMATS' order whose layout the path has — among the formats
 * that serve `options.task` when one is given. Listing, not reading: no image is decoded here.
 */
export async function openDataset(path: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  if (path.startsWith(BUILTIN_PREFIX)) {
    const [name, split] = path.slice(BUILTIN_PREFIX.length).split(':');
    const open = BUILTIN_DATASETS.get(name);
    if (!open) throw unknownId('built-in dataset', path, [...BUILTIN_DATASETS.keys()].map((k) => BUILTIN_PREFIX + k));
    return open(split ?? options.split);
  }
  const absolute = resolve(path);
  const kind = await pathKind(absolute);
  if (kind === 'missing') throw new LossyvisionError('FILE_NOT_FOUND', 'Expected a dataset file or folder but it does not exist', { file: path });

  if (options.format !== undefined) {
    const format = DATASET_FORMATS.get(options.format);
    if (!format) throw unknownId('dataset format', options.format, DATASET_FORMATS.keys());
    return format.open(absolute, options);
  }
  const candidates = [...DATASET_FORMATS].filter(([, f]) => options.task === undefined || f.tasks === 'all' || f.tasks.includes(options.task));
  for (const [, format] of candidates) {
    if (await format.detect(absolute, kind, options)) return format.open(absolute, options);
  }
  const forTask = options.task !== undefined ? ` for task ${options.task}` : '';
  throw new LossyvisionError('INVALID_FILE',
    `Expected a dataset${forTask}; looked for ${candidates.map(([id, f]) => `${id} (${f.layout})`).join('; ')}`, { file: path });
}
