import type { Box } from '../../tasks/detection/types.js';

/** The output grid of a CenterNet head: cells, heatmap channels and input pixels per cell. */
export interface CenterNetGrid {
  readonly height: number;
  readonly width: number;
  readonly classes: number;
  readonly stride: number;
}

/** One decoded peak: heatmap channel, score and box in model-input pixels. */
export interface CenterNetPeak {
  readonly classIndex: number;
  readonly score: number;
  /** [x, y, width, height] in input pixels. */
  readonly bbox: Box;
}

/**
 * CenterNet decoding (Zhou et al. 2019, `ctdet_decode`): a heatmap cell is a peak when no cell
 * of its 3×3 neighbourhood in the same class is larger (3×3 max-pooling, equal values kept);
 * the `topK` highest peaks over all classes (ties: lower index first) become boxes centred on
 * (cell + offset) · stride with size (w, h) · stride. `values` is one image's output,
 * [height, width, classes + 4] row-major, channels laid out as encodeCenterNet's target.
 */
export function decodeCenterNet(values: ArrayLike<number>, grid: CenterNetGrid, topK = 100): CenterNetPeak[] {
  const { height, width, classes, stride } = grid;
  const channels = classes + 4;
  const peaks: { index: number; score: number }[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < classes; c++) {
        const v = values[(y * width + x) * channels + c];
        let peak = true;
        for (let dy = -1; dy <= 1 && peak; dy++) {
          const ny = y + dy;
          if (ny < 0 || ny >= height) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = x + dx;
            if (nx < 0 || nx >= width) continue;
            if (values[(ny * width + nx) * channels + c] > v) {
              peak = false;
              break;
            }
          }
        }
        if (peak) peaks.push({ index: (y * width + x) * classes + c, score: v });
      }
    }
  }
  peaks.sort((a, b) => b.score - a.score || a.index - b.index);
  return peaks.slice(0, topK).map(({ index, score }) => {
    const c = index % classes;
    const cell = (index - c) / classes;
    const x = cell % width;
    const y = (cell - x) / width;
    const at = cell * channels + classes;
    // A negative size regresses to an empty box, not a flipped one.
    const w = Math.max(0, values[at]) * stride;
    const h = Math.max(0, values[at + 1]) * stride;
    const cx = (x + values[at + 2]) * stride;
    const cy = (y + values[at + 3]) * stride;
    return { classIndex: c, score, bbox: [cx - w / 2, cy - h / 2, w, h] as Box };
  });
}
