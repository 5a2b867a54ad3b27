import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LossyvisionError } from '../../errors.js';
import type { TaskName } from '../model.js';
import type { Runtime } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import { classifierAdapter } from './classifier.js';
import { parseClassifierConfig } from './classifier-config.js';
import { depthAdapter } from './depth.js';
import { parseDepthConfig } from './depth-config.js';
import { userPoseAdapter } from './pose-formats.js';
import { segmentationAdapter } from './segmentation.js';
import { parseSegmentationConfig } from './segmentation-config.js';

/**
 * User models of tasks other than detection: the task picks the adapter, and the settings (the
 * model config file merged with flags) are validated by that task's schema.
 */
export type UserTaskAdapter = (runtime: Runtime, settings: Record<string, unknown>, configFile?: string) => Promise<Adapter<unknown>>;

export const userTaskAdapters = new Map<TaskName, UserTaskAdapter>([
  ['segmentation', async (runtime, settings, file) => segmentationAdapter(runtime, parseSegmentationConfig(settings, file))],
  ['depth', async (runtime, settings, file) => depthAdapter(runtime, parseDepthConfig(settings, file))],
  // Top-down heatmap models (through loadModel the whole image is the person box) or Keypoint R-CNN.
  ['pose', async (runtime, settings, file) => userPoseAdapter(runtime, settings, file)],
  ['classification', async (runtime, settings, file) => {
    const config = parseClassifierConfig(settings, file);
    const classes = config.classes ?? (config.classesFile !== undefined ? await readClassNames(config.classesFile, file) : undefined);
    return classifierAdapter(runtime, { ...config, classes });
  }],
]);

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
