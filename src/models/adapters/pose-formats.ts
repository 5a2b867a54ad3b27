import { LossyvisionError } from '../../errors.js';
import type { PosePerson } from '../../tasks/pose/types.js';
import type { Runtime } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import { heatmapPoseAdapter } from './heatmap-pose.js';
import { parseHeatmapPoseConfig } from './heatmap-pose-config.js';
import { keypointRcnnAdapter } from './keypoint-rcnn.js';
import { parseKeypointRcnnConfig } from './keypoint-rcnn-config.js';
import { KEYPOINT_ROLES, looksLike } from './torchvision-outputs.js';

/** User pose model formats: top-down heatmaps, or torchvision's Keypoint R-CNN. */
export const POSE_FORMATS = ['heatmap', 'torchvision'] as const;
export type PoseFormat = (typeof POSE_FORMATS)[number];

/** The config's `format`, else the one the graph's outputs identify as (Keypoint R-CNN's five, or heatmaps). */
export function poseFormatOf(runtime: Runtime, settings: Record<string, unknown>, file?: string): PoseFormat {
  const { format } = settings;
  if (format === undefined) return looksLike(runtime.outputs, KEYPOINT_ROLES) ? 'torchvision' : 'heatmap';
  if (!POSE_FORMATS.includes(format as PoseFormat)) {
    throw new LossyvisionError('INVALID_FILE', `Expected "format" to be one of ${POSE_FORMATS.map((f) => `"${f}"`).join(', ')} for a pose model but received ${JSON.stringify(format)}`, { file: file ?? runtime.file, entry: 'format' });
  }
  return format as PoseFormat;
}

/** The adapter of a user pose model through loadModel (the whole image is the heatmap model's person box). */
export function userPoseAdapter(runtime: Runtime, settings: Record<string, unknown>, file?: string): Adapter<PosePerson[]> {
  return poseFormatOf(runtime, settings, file) === 'torchvision'
    ? keypointRcnnAdapter(runtime, parseKeypointRcnnConfig({ ...settings, format: 'torchvision' }, file), file)
    : heatmapPoseAdapter(runtime, parseHeatmapPoseConfig(settings, file));
}
