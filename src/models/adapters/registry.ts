import type { Detection } from '../../tasks/detection/types.js';
import type { AdapterFactory } from './adapter.js';
import type { DetectorConfig, DetectorFormat } from './detector-config.js';
import { torchvisionAdapter } from './torchvision.js';
import { yoloAdapter } from './yolo.js';

/** User detector formats → adapter factory; the config's `format` picks one. */
export const detectorAdapters = new Map<DetectorFormat, AdapterFactory<Detection[], DetectorConfig>>([
  ['yolov5', yoloAdapter],
  ['yolov8', yoloAdapter],
  ['torchvision', torchvisionAdapter],
]);
