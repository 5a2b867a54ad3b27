import { unknownId } from '../../errors.js';
import type { RetrainTask, TrainingSet } from '../task.js';
import { actionRetrainTask } from './action.js';
import { classificationRetrainTask } from './classification.js';
import { depthRetrainTask } from './depth.js';
import { segmentationRetrainTask } from './segmentation.js';
import { detectionRetrainTask } from './detection.js';

/** The tasks `retrain` can train, by id. */
export const RETRAIN_TASKS: ReadonlyMap<string, RetrainTask<TrainingSet>> = new Map<string, RetrainTask<TrainingSet>>([
  ['classification', classificationRetrainTask as unknown as RetrainTask<TrainingSet>],
  ['segmentation', segmentationRetrainTask as unknown as RetrainTask<TrainingSet>],
  ['detection', detectionRetrainTask as unknown as RetrainTask<TrainingSet>],
  ['depth', depthRetrainTask as unknown as RetrainTask<TrainingSet>],
  ['action', actionRetrainTask as unknown as RetrainTask<TrainingSet>],
]);

export function getRetrainTask(id: string): RetrainTask<TrainingSet> {
  const task = RETRAIN_TASKS.get(id);
  if (!task) throw unknownId('retraining task', id, RETRAIN_TASKS.keys());
  return task;
}
