import { LossyvisionError } from '../../errors.js';
import { readClassificationLabels, readClassificationPredictions } from './files.js';
import { ClassificationMetric, type ClassificationResult } from './metric.js';

/**
 * Scores a predictions file against a labels file (formats in files.ts). Every labelled path
 * needs a prediction, and a prediction for a path with no label is refused: both usually mean
 * the two files describe different sets.
 */
export async function evaluateClassificationFiles(labelsFile: string, predictionsFile: string): Promise<ClassificationResult & { samples: number }> {
  const [labels, predictions] = await Promise.all([readClassificationLabels(labelsFile), readClassificationPredictions(predictionsFile)]);
  for (const path of predictions.keys()) {
    if (!labels.has(path)) {
      throw new LossyvisionError('UNKNOWN_ID', `Expected a path listed in ${labelsFile} but "${path}" is not`, { file: predictionsFile, entry: path });
    }
  }
  const metric = new ClassificationMetric();
  for (const [path, label] of labels) {
    const ranked = predictions.get(path);
    if (!ranked) throw new LossyvisionError('INVALID_FILE', `Expected a prediction for "${path}" (labelled in ${labelsFile}) but found none`, { file: predictionsFile, entry: path });
    metric.update(ranked, label);
  }
  return { ...metric.compute(), samples: labels.size };
}
