/** Boxes are COCO-style [x, y, width, height] in original image pixels. */
export type Box = [number, number, number, number];

export interface GroundTruthObject {
  id: number;
  categoryId: number;
  bbox: Box;
  /** COCO's `area` field (segment area), used for the small/medium/large ranges. */
  area: number;
  iscrowd: boolean;
  /** VOC's difficult flag; ignored by COCO evaluation. */
  difficult?: boolean;
}

export interface DetectionGroundTruth {
  imageId: number;
  width: number;
  height: number;
  objects: GroundTruthObject[];
}

export interface Detection {
  categoryId: number;
  bbox: Box;
  score: number;
}

export interface DetectionPrediction {
  imageId: number;
  detections: Detection[];
}

/** Models answer a bare list; a stored or bound prediction carries it with its image id. Either way, the list. */
export function detectionsOf(prediction: unknown): Detection[] {
  return Array.isArray(prediction) ? (prediction as Detection[]) : (prediction as DetectionPrediction).detections;
}
