/** Frames one video may have: its image ids take one block of this many. */
export const FRAMES_PER_VIDEO = 1_000_000;
/**
 * Videos one sweep may list. Image ids stay below 10¹², the offset a bootstrap repeat adds
 * (coco-repeat.ts); MOT's object ids (image id · 10⁵) stay exact in a double for the few
 * thousand sequences such datasets have.
 */
export const MAX_VIDEOS = 1_000_000;

/**
 * The COCO-style image id of a video frame: video `videoIndex` (its place in the dataset's
 * sorted listing, which every shard reads whole) and frame `frame` (0-based, in the video).
 * It needs no other video's frame count, so a shard that runs some of the videos gives each
 * frame the id an unsharded run gives it; and the ids rise in the unsharded frame order, as
 * position + 1 did, so COCO evaluation (images in id order) computes the same numbers, ties
 * included. Callers keep frame < FRAMES_PER_VIDEO and videoIndex < MAX_VIDEOS.
 */
export function videoFrameId(videoIndex: number, frame: number): number {
  return videoIndex * FRAMES_PER_VIDEO + frame + 1;
}
