import type * as tfl from '@tensorflow/tfjs-layers';
import { is } from '../../validate.js';

/**
 * Marks a Layers model with the task it was built or trained for (`userDefinedMetadata.lossyvision.task`
 * in model.json, with the task's `details` beside it), so the sweep loader picks the right adapter where output shapes alone are
 * ambiguous (a depth map and a 1-class score map look alike).
 */
export function setModelTask(model: tfl.LayersModel, task: string, details: Record<string, unknown> = {}): void {
  const previous = (model.getUserDefinedMetadata() ?? {}) as Record<string, unknown>;
  const own = is.object(previous.lossyvision) ? previous.lossyvision : {};
  model.setUserDefinedMetadata({ ...previous, lossyvision: { ...own, ...details, task } });
}

/** What a task recorded beside its name (RetrainTask.modelDetails: a detector's category ids). */
export function modelDetails(model: tfl.LayersModel): Record<string, unknown> {
  const meta = model.getUserDefinedMetadata() as Record<string, unknown> | undefined;
  return meta && is.object(meta.lossyvision) ? meta.lossyvision : {};
}

/** The task a model was marked with by `setModelTask`, if any. */
export function modelTask(model: tfl.LayersModel): string | undefined {
  const meta = model.getUserDefinedMetadata() as Record<string, unknown> | undefined;
  const own = meta && is.object(meta.lossyvision) ? meta.lossyvision : undefined;
  return own && is.string(own.task) ? own.task : undefined;
}
