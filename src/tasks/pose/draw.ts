import type { RgbImage } from '../../media/image.js';
import { overlaySvg } from '../../media/overlay-svg.js';
import { COCO_KEYPOINT_NAMES, COCO_SKELETON } from './keypoint-names.js';
import type { PosePerson } from './types.js';

export interface DrawPoseOptions {
  /** Keypoints whose third value (score, or visibility for ground truth) is below this are not drawn. */
  keypointThreshold?: number;
}

/** The person's left side orange, right side blue, the middle (face) green: mirror mistakes show. */
function sideColour(name: string): string {
  if (name.startsWith('left_')) return '#ff8c00';
  if (name.startsWith('right_')) return '#1e90ff';
  return '#00e060';
}

/**
 * Keypoints and COCO's skeleton drawn over the image. Limbs join keypoints that both pass the
 * threshold; each person's keypoints are dots with a dark rim so they show on any background.
 */
export async function drawPose(image: RgbImage, people: readonly PosePerson[], options: DrawPoseOptions = {}): Promise<RgbImage> {
  const threshold = options.keypointThreshold ?? 0.3;
  const stroke = Math.max(2, Math.round(Math.min(image.width, image.height) / 150));
  const parts: string[] = [];
  for (const person of people) {
    const k = person.keypoints;
    const shown = (i: number) => 3 * i + 2 < k.length && k[3 * i + 2] >= threshold;
    for (const [a, b] of COCO_SKELETON) {
      if (!shown(a) || !shown(b)) continue;
      const colour = sideColour(COCO_KEYPOINT_NAMES[b] ?? '');
      parts.push(`<line x1="${k[3 * a]}" y1="${k[3 * a + 1]}" x2="${k[3 * b]}" y2="${k[3 * b + 1]}" stroke="${colour}" stroke-width="${stroke}" stroke-linecap="round"/>`);
    }
    for (let i = 0; 3 * i + 2 < k.length; i++) {
      if (!shown(i)) continue;
      parts.push(`<circle cx="${k[3 * i]}" cy="${k[3 * i + 1]}" r="${stroke * 1.5}" fill="${sideColour(COCO_KEYPOINT_NAMES[i] ?? '')}" stroke="#000" stroke-width="1"/>`);
    }
  }
  return parts.length === 0 ? image : overlaySvg(image, parts.join(''));
}
