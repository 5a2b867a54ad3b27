import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LossyvisionError } from '../../errors.js';
import type { Runtime } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import { classifierAdapter } from './classifier.js';
import { parseClassifierConfig } from './classifier-config.js';

/** A user's ONNX / TF.js graph classifier: its config validated, class names read from `classesFile` when given. */
export async function classificationGraphAdapter(runtime: Runtime, settings: Record<string, unknown>, configFile?: string): Promise<Adapter<unknown>> {
  const config = parseClassifierConfig(settings, configFile);
  const classes = config.classes ?? (config.classesFile !== undefined ? await readClassNames(config.classesFile, configFile) : undefined);
  return classifierAdapter(runtime, { ...config, classes });
}

/** One class name per line; blank lines are skipped. Relative paths are taken from the config file's folder. */
async function readClassNames(path: string, configFile: string | undefined): Promise<string[]> {
  const file = configFile ? resolve(dirname(configFile), path) : resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LossyvisionError('FILE_NOT_FOUND', 'Expected a class names file (one name per line) but could not read it', { file, entry: 'classesFile' }, { cause: error });
  }
  const names = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (names.length === 0) throw new LossyvisionError('INVALID_FILE', 'Expected at least one class name', { file });
  return names;
}
