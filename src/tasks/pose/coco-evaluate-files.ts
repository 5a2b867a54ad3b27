import { LossyvisionError } from '../../errors.js';
import { loadCocoGroundTruth, poseGroundTruth } from '../../datasets/coco/annotations.js';
import { loadCocoKeypointResults } from '../../datasets/coco/results.js';
import type { CocoFilesReport } from '../detection/coco-evaluate-files.js';
import { CocoKeypointsMetric, type CocoKeypointsOptions } from './coco-keypoints.js';
import { COCO_KEYPOINT_SIGMAS } from './oks.js';

/** Scores a COCO keypoint results file against person_keypoints ground truth (pycocotools' OKS evaluation). */
export async function evaluateCocoKeypointFiles(groundTruthFile: string, resultsFile: string, options: CocoKeypointsOptions = {}): Promise<CocoFilesReport> {
  const metric = new CocoKeypointsMetric(options);
  const gt = await loadCocoGroundTruth(groundTruthFile);
  const results = await loadCocoKeypointResults(resultsFile, gt, (options.sigmas ?? COCO_KEYPOINT_SIGMAS).length);
  let predictions = 0;
  for (const image of gt.images) {
    const prediction = results.get(image.id)!;
    predictions += prediction.people.length;
    try {
      metric.update(prediction, poseGroundTruth(gt, image.id));
    } catch (error) {
      // A keypoint count that disagrees with the sigmas is the ground-truth file's entry: say which.
      if (error instanceof LossyvisionError && !error.file) {
        throw new LossyvisionError(error.code, error.message, { file: groundTruthFile, entry: `image id ${image.id}` }, { cause: error });
      }
      throw error;
    }
  }
  return { metrics: metric.compute(), images: gt.images.length, predictions, warnings: gt.warnings };
}
