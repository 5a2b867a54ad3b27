import { createHash } from 'node:crypto';
import type { RgbImage } from '../../media/image.js';
import type { Box, Detection } from '../../tasks/detection/types.js';
import { PERSON_CATEGORY_ID } from '../../tasks/pose/keypoint-names.js';
import type { PosePerson } from '../../tasks/pose/types.js';
import { createAdaptedModel } from '../adapted-model.js';
import { sha256Files } from '../hash-files.js';
import { loadModel } from '../load.js';
import type { Model } from '../model.js';
import { loadOnnxRuntime } from '../runtimes/onnx.js';
import type { Runtime } from '../runtimes/runtime.js';
import { heatmapPoseAdapter, type HeatmapPoseOptions } from './heatmap-pose.js';
import { parseHeatmapPoseConfig } from './heatmap-pose-config.js';

/** A top-down pose model: people found first (a detector, or given boxes), then one crop each. */
export interface TopDownPoseModel extends Model<PosePerson[]> {
  /** Pose of the person in each box (e.g. ground-truth boxes); scores are box score × keypoint score. */
  predictInBoxes(image: RgbImage, boxes: readonly { bbox: Box; score?: number }[]): Promise<PosePerson[]>;
}

export interface TopDownPoseParts {
  id: string;
  runtime: Runtime;
  /** sha256 of the weights. */
  filesSha256: string;
  options?: HeatmapPoseOptions;
  /**
   * Finds the people to crop; its person detections (COCO category 1) become the boxes.
   * Without one, the whole image is the one person box.
   */
  personDetector?: Model<Detection[]>;
}

/** Loads and checks (one probe inference) a heatmap pose graph behind the Model interface. */
export async function createTopDownPoseModel(parts: TopDownPoseParts): Promise<TopDownPoseModel> {
  const { runtime, personDetector } = parts;
  const adapter = heatmapPoseAdapter(runtime, parts.options);
  const base = await createAdaptedModel({ id: parts.id, task: 'pose', runtime, adapter, filesSha256: parts.filesSha256 });
  const predictInBoxes = async (image: RgbImage, boxes: readonly { bbox: Box; score?: number }[]): Promise<PosePerson[]> => {
    const people: PosePerson[] = [];
    for (const { bbox, score } of boxes) {
      if (!(bbox[2] > 0 && bbox[3] > 0)) continue;
      const prepared = adapter.prepareBox(image, bbox);
      const outputs = await runtime.run(prepared.feeds, adapter.outputNames);
      adapter.check(outputs);
      people.push({ ...adapter.decodePerson(outputs, prepared.crop, score ?? 1), bbox: [...bbox] });
    }
    return people;
  };
  // The detector is part of what the predictions depend on: its hash joins ours.
  const hash = personDetector ? createHash('sha256').update(base.hash).update('\n').update(personDetector.hash).digest('hex') : base.hash;
  // It runs one crop per call (no predictBatch): the base model's batch size does not apply.
  const { batch: _unbatched, ...baseProvenance } = base.provenance;
  const provenance = { ...baseProvenance, ...(personDetector ? { personDetector: personDetector.id, personDetectorHash: personDetector.hash } : {}) };
  return {
    id: parts.id,
    task: 'pose',
    hash,
    provenance,
    // Without a detector it predicts as its base model, which answered the probe at load.
    ...(personDetector ? {} : { probePrediction: base.probePrediction }),
    async predict(image) {
      if (!personDetector) return base.predict(image);
      const detections = await personDetector.predict(image);
      return predictInBoxes(image, detections.filter((d) => d.categoryId === PERSON_CATEGORY_ID));
    },
    predictInBoxes,
    async dispose() {
      await base.dispose();
      await personDetector?.dispose();
    },
  };
}

export interface LoadTopDownPoseOptions {
  /** A detection model spec (e.g. "zoo:centernet") whose person boxes are cropped. */
  personDetector?: string;
  /** Model config settings (see parseHeatmapPoseConfig). */
  settings?: Record<string, unknown>;
  intraOpNumThreads?: number;
  cuda?: boolean;
}

/** An ONNX top-down heatmap pose model, with a person detector run first when one is named. */
export async function loadTopDownPoseModel(file: string, options: LoadTopDownPoseOptions = {}): Promise<TopDownPoseModel> {
  const settings = parseHeatmapPoseConfig(options.settings ?? {}, file);
  const personDetector = options.personDetector === undefined
    ? undefined
    : ((await loadModel(options.personDetector, { task: 'detection', intraOpNumThreads: options.intraOpNumThreads, cuda: options.cuda })) as Model<Detection[]>);
  try {
    const runtime = await loadOnnxRuntime(file, { intraOpNumThreads: options.intraOpNumThreads, cuda: options.cuda });
    return await createTopDownPoseModel({ id: file, runtime, filesSha256: await sha256Files([file]), options: settings, personDetector });
  } catch (error) {
    await personDetector?.dispose();
    throw error;
  }
}
