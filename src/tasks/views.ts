import { actionView } from './action/view.js';
import { classificationView } from './classification/view.js';
import { depthView } from './depth/view.js';
import { detectionView } from './detection/view.js';
import { poseView } from './pose/view.js';
import { segmentationView } from './segmentation/view.js';
import type { TaskView } from './view.js';

/** Every task's view by task name (until each task's single declaration carries its own). */
export const taskViews: ReadonlyMap<string, TaskView> = new Map<string, TaskView>([
  ['detection', detectionView as TaskView],
  ['pose', poseView as TaskView],
  ['segmentation', segmentationView as TaskView],
  ['depth', depthView as TaskView],
  ['classification', classificationView as TaskView],
  ['action', actionView as TaskView],
]);
