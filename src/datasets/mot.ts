import { LossyvisionError, quote } from '../errors.js';
import { readInputText } from '../media/input-file.js';
import type { DetectionGroundTruth, GroundTruthObject } from '../tasks/detection/types.js';

/** One line of a MOTChallenge `gt.txt`: frame,id,x,y,w,h,conf,class,visibility. */
export interface MotBox {
  /** 1-based frame number, as MOTChallenge counts. */
  readonly frame: number;
  readonly id: number;
  /** [x, y, width, height] in pixels, top-left origin. */
  readonly bbox: [number, number, number, number];
  /** 0 marks an entry to ignore (MOT's "considered" flag). */
  readonly conf: number;
  /** MOT17 class (1 pedestrian, 2 person on vehicle, 7 static person, 8 distractor, 12 reflection, …); -1 when absent. */
  readonly cls: number;
  readonly visibility: number;
}

/** MOT classes that are people but not targets: ignore regions, so detecting them is no false positive. */
const IGNORED_PERSON_CLASSES = new Set([2, 7, 8, 12]);
/** MOT class 1 (pedestrian) is COCO category 1 (person); -1 means the file has no class column (MOT15). */
const TARGET_CLASSES = new Set([1, -1]);
const COCO_PERSON = 1;

/**
 * Parses a MOTChallenge ground-truth file. Lines have 6 to 10 comma-separated numbers; the
 * class and visibility default to -1 and 1 when absent (MOT15 writes world coordinates there
 * instead, which are -1). Boxes are grouped by frame.
 */
export function parseMotGroundTruth(text: string, file: string): Map<number, MotBox[]> {
  const byFrame = new Map<number, MotBox[]>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const fields = trimmed.split(/\s*,\s*/).map(Number);
    if (fields.length < 6 || fields.slice(0, 6).some((v) => !Number.isFinite(v))) {
      throw new LossyvisionError('INVALID_FILE', `Expected frame,id,x,y,w,h[,conf,class,visibility] numbers but received "${quote(trimmed)}"`, {
        file,
        entry: `line ${i + 1}`,
      });
    }
    const [frame, id, x, y, w, h] = fields;
    if (!Number.isInteger(frame) || frame < 1 || !(w > 0) || !(h > 0)) {
      throw new LossyvisionError('INVALID_FILE', `Expected a frame number of at least 1 and a positive width and height but received "${quote(trimmed)}"`, {
        file,
        entry: `line ${i + 1}`,
      });
    }
    const box: MotBox = {
      frame,
      id,
      bbox: [x, y, w, h],
      conf: Number.isFinite(fields[6]) ? fields[6] : 1,
      cls: fields.length >= 10 || !Number.isFinite(fields[7]) ? -1 : fields[7],
      visibility: Number.isFinite(fields[8]) && fields.length < 10 ? fields[8] : 1,
    };
    const list = byFrame.get(frame);
    if (list) list.push(box);
    else byFrame.set(frame, [box]);
  });
  return byFrame;
}

export async function readMotGroundTruth(file: string): Promise<Map<number, MotBox[]>> {
  return parseMotGroundTruth(await readInputText(file, { what: 'MOTChallenge ground truth' }), file);
}

/**
 * One frame's boxes as COCO-style detection ground truth for person detectors. Pedestrians
 * are COCO persons; entries with conf 0 and non-target people (static, distractor,
 * reflection, on a vehicle) become crowd regions, which COCO evaluation ignores (as MOT's
 * own evaluation ignores them); vehicles and occluders are dropped.
 */
export function motFrameGroundTruth(boxes: readonly MotBox[] | undefined, imageId: number, width: number, height: number): DetectionGroundTruth {
  const objects: GroundTruthObject[] = [];
  for (const box of boxes ?? []) {
    const target = TARGET_CLASSES.has(box.cls) && box.conf !== 0;
    const ignored = !target && (box.conf === 0 ? TARGET_CLASSES.has(box.cls) || IGNORED_PERSON_CLASSES.has(box.cls) : IGNORED_PERSON_CLASSES.has(box.cls));
    if (!target && !ignored) continue;
    // Ids unique across frames: COCO evaluation keys objects by id.
    objects.push({ id: imageId * 100_000 + objects.length + 1, categoryId: COCO_PERSON, bbox: [...box.bbox], area: box.bbox[2] * box.bbox[3], iscrowd: ignored });
  }
  return { imageId, width, height, objects };
}
