/** One keypoint read off its heatmap: position in heatmap pixels and the peak value. */
export interface HeatmapPeak {
  x: number;
  y: number;
  score: number;
}

/**
 * SimpleBaseline's get_final_preds for one person: per keypoint the argmax of its H × W heatmap
 * (first maximum in row-major order, as numpy's argmax), moved a quarter pixel toward the higher
 * neighbour on each axis when the peak is not on the border (1 < px < W − 1, 1 < py < H − 1).
 * A heatmap whose maximum is not positive gives (0, 0), as get_max_preds' mask does.
 * `data` is [K, H, W] row-major (the batch's first item).
 */
export function decodeHeatmaps(data: ArrayLike<number>, keypoints: number, height: number, width: number): HeatmapPeak[] {
  const plane = height * width;
  const peaks: HeatmapPeak[] = [];
  for (let k = 0; k < keypoints; k++) {
    const base = k * plane;
    let best = 0;
    let max = data[base];
    for (let i = 1; i < plane; i++) {
      if (data[base + i] > max) {
        max = data[base + i];
        best = i;
      }
    }
    if (!(max > 0)) {
      peaks.push({ x: 0, y: 0, score: max });
      continue;
    }
    let x = best % width;
    let y = Math.floor(best / width);
    const px = x;
    const py = y;
    if (px > 1 && px < width - 1 && py > 1 && py < height - 1) {
      const at = (xx: number, yy: number) => data[base + yy * width + xx];
      x += Math.sign(at(px + 1, py) - at(px - 1, py)) * 0.25;
      y += Math.sign(at(px, py + 1) - at(px, py - 1)) * 0.25;
    }
    peaks.push({ x, y, score: max });
  }
  return peaks;
}
