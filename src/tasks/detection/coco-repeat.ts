/**
 * A COCO metric state with its images renamed for the `copy`-th repeat of a bootstrap draw:
 * COCO evaluations are keyed by image id, so a repeat gets id + copy·10¹² (exact in a double
 * for thousands of copies, above every id a sweep gives: COCO's, positions, and video frames'
 * up to 10¹², frame-id.ts). Shared by box and keypoint AP.
 */
export function repeatCocoImages(state: unknown, copy: number): unknown {
  const s = state as { images?: { imageId: number }[] };
  if (!Array.isArray(s?.images)) return state;
  return { ...s, images: s.images.map((image) => ({ ...image, imageId: image.imageId + copy * 1e12 })) };
}
