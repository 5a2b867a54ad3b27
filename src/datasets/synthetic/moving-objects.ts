/**
 * "Moving objects": a generated action-recognition dataset whose label is exact by construction,
 * for training and testing the reference two-stream network without any download.
 *
 * Each clip is a static background (a crop of one of the shipped public-domain photos in
 * demo/photos, magnified 2–3× so it is smooth) with one textured rectangle on it (another crop of
 * the same photo, minified 2–3.5× so it is busy with fine detail, fixed to the rectangle). The class is the
 * rectangle's motion over the clip: it moves right, left, down or up, grows (approaches), shrinks
 * (recedes), or turns clockwise or anticlockwise (on screen, y down), at a constant rate drawn
 * at random; its start position, size, aspect and orientation are random for every class, so
 * one frame says little and the motion says everything. Seeing the motion takes the texture that
 * low video quality smears. A pixel belongs to the rectangle exactly when its centre lies inside
 * it, and that same test picks its colour, so every frame's mask is exact too. Everything is a
 * function of (seed, index).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { invalidParameter } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { Mulberry32 } from '../../random.js';
import { findFfmpeg } from '../../video/ffmpeg.js';
import { writeLosslessAvi } from '../../video/lossless-avi.js';
import { loadTextureSources } from './textured-shapes.js';

/** Class names in label order (UCF101-style CamelCase, as classInd.txt needs one word per class). */
export const MOVING_OBJECTS_CLASSES = [
  'MoveRight', 'MoveLeft', 'MoveDown', 'MoveUp', 'Approach', 'Recede', 'TurnClockwise', 'TurnAnticlockwise',
] as const;

export type MotionClass = (typeof MOVING_OBJECTS_CLASSES)[number];

/** The rectangle's pose in one frame: centre, half-sides (already scaled) and angle (radians, y down). */
export interface ObjectPose {
  readonly cx: number;
  readonly cy: number;
  readonly halfWidth: number;
  readonly halfHeight: number;
  readonly angle: number;
}

export interface MovingObjectsClip {
  readonly label: number;
  readonly name: MotionClass;
  readonly frames: RgbImage[];
  /** Row-major, 1 where the rectangle covers the pixel, per frame. */
  readonly masks: Uint8Array[];
  readonly poses: ObjectPose[];
  /** Indices of the background photo and the texture photo. */
  readonly background: number;
  readonly texture: number;
}

export interface MovingObjectsOptions {
  /** Frame side in pixels, even (4:2:0 video needs even sides); default 48. */
  readonly size?: number;
  /** Frames per clip; default 8. */
  readonly frames?: number;
}

const between = (rng: Mulberry32, lo: number, hi: number): number => lo + (hi - lo) * rng.next();

/** A per-clip generator state from (seed, index): clips do not depend on how many come before. */
function clipRng(seed: number, index: number): Mulberry32 {
  const rng = new Mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ 0x5bd1e995) >>> 0);
  rng.next();
  return rng;
}

/** Bilinear sample of a photo at a continuous point (pixel centres at i + 0.5), clamped to its edge. */
function samplePhoto(src: RgbImage, x: number, y: number, out: Uint8Array, at: number): void {
  const fx = Math.min(Math.max(x - 0.5, 0), src.width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), src.height - 1);
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, src.width - 1);
  const y1 = Math.min(y0 + 1, src.height - 1);
  const ax = fx - x0;
  const ay = fy - y0;
  const { width, data } = src;
  const a = 3 * (y0 * width + x0);
  const b = 3 * (y0 * width + x1);
  const c = 3 * (y1 * width + x0);
  const d = 3 * (y1 * width + x1);
  for (let k = 0; k < 3; k++) out[at + k] = Math.round((1 - ay) * ((1 - ax) * data[a + k] + ax * data[b + k]) + ay * ((1 - ax) * data[c + k] + ax * data[d + k]));
}

/**
 * The poses of a clip of class `label`: translation 1–2 px per frame (at 48 px; proportional to
 * the side), scale changing by 35–60 % over the clip, turning 6–12° per frame. Start positions are
 * drawn so that the whole trajectory stays inside the frame.
 */
function trajectory(label: number, size: number, frames: number, rng: Mulberry32): ObjectPose[] {
  const unit = size / 48;
  const steps = frames - 1;
  const name = MOVING_OBJECTS_CLASSES[label];
  const half = between(rng, 7, 10) * unit;
  const aspect = between(rng, 0.45, 0.7);
  const angle0 = between(rng, 0, Math.PI);
  const speed = between(rng, 1, 2) * unit;
  const growth = 1 + between(rng, 0.35, 0.6);
  const turn = (between(rng, 6, 12) * Math.PI) / 180;
  // Scale at the first and last frame; shrinking starts large.
  const [s0, s1] = name === 'Approach' ? [1 / Math.sqrt(growth), Math.sqrt(growth)] : name === 'Recede' ? [Math.sqrt(growth), 1 / Math.sqrt(growth)] : [1, 1];
  const [dx, dy] = name === 'MoveRight' ? [speed, 0] : name === 'MoveLeft' ? [-speed, 0] : name === 'MoveDown' ? [0, speed] : name === 'MoveUp' ? [0, -speed] : [0, 0];
  const dAngle = name === 'TurnClockwise' ? turn : name === 'TurnAnticlockwise' ? -turn : 0;
  // The rectangle's circumradius at its largest bounds where its centre may go.
  const reach = half * Math.max(s0, s1) * Math.hypot(1, aspect);
  const start = (travel: number): number => {
    const min = reach + Math.max(0, -travel);
    const max = size - reach - Math.max(0, travel);
    return max > min ? between(rng, min, max) : (min + max) / 2;
  };
  const cx0 = start(dx * steps);
  const cy0 = start(dy * steps);
  return Array.from({ length: frames }, (_, t) => {
    const s = s0 * (s1 / s0) ** (steps === 0 ? 0 : t / steps);
    return { cx: cx0 + dx * t, cy: cy0 + dy * t, halfWidth: half * s, halfHeight: half * aspect * s, angle: angle0 + dAngle * t };
  });
}

/** Renders clip `index` of the dataset with this seed: frames, exact masks and the poses drawn. */
export function renderMovingObjects(sources: readonly RgbImage[], seed: number, index: number, options: MovingObjectsOptions = {}): MovingObjectsClip {
  const size = options.size ?? 48;
  const count = options.frames ?? 8;
  if (!Number.isInteger(size) || size < 16 || size % 2 !== 0) throw invalidParameter('even integer of at least 16', 'size', size);
  if (!Number.isInteger(count) || count < 2) throw invalidParameter('integer of at least 2', 'frames', count);
  if (sources.length === 0) throw invalidParameter('at least one photo', 'sources', sources);
  const rng = clipRng(seed, index);
  // Classes in turn: every split is balanced whatever its size.
  const label = index % MOVING_OBJECTS_CLASSES.length;
  const background = rng.int(sources.length);
  // The rectangle wears the background's own photo, minified: the same colours, only finer detail
  // (and its motion) tell it apart, which is what strong compression smears away.
  const texture = background;
  const bg = sources[background];
  const bgScale = between(rng, 0.33, 0.5);
  const bgX = rng.next() * Math.max(0, bg.width - size * bgScale);
  const bgY = rng.next() * Math.max(0, bg.height - size * bgScale);
  const tex = sources[texture];
  const texScale = between(rng, 2, 3.5);
  // Texture origin: the rectangle's local (0, 0) maps to this photo point, with room around it.
  const room = 20 * (size / 48) * 1.6 * texScale;
  const texX = room + rng.next() * Math.max(0, tex.width - 2 * room);
  const texY = room + rng.next() * Math.max(0, tex.height - 2 * room);
  const poses = trajectory(label, size, count, rng);

  const backdrop = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) samplePhoto(bg, bgX + bgScale * (x + 0.5), bgY + bgScale * (y + 0.5), backdrop, 3 * (y * size + x));
  const frames: RgbImage[] = [];
  const masks: Uint8Array[] = [];
  for (const pose of poses) {
    const data = Uint8Array.from(backdrop);
    const mask = new Uint8Array(size * size);
    const cos = Math.cos(pose.angle);
    const sin = Math.sin(pose.angle);
    const scale = pose.halfWidth / poses[0].halfWidth;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const px = x + 0.5 - pose.cx;
        const py = y + 0.5 - pose.cy;
        // Into the rectangle's own frame (rotate by −angle).
        const u = cos * px + sin * py;
        const v = -sin * px + cos * py;
        if (Math.abs(u) > pose.halfWidth || Math.abs(v) > pose.halfHeight) continue;
        const i = y * size + x;
        mask[i] = 1;
        // The texture is fixed to the rectangle: it moves, turns and scales with it.
        samplePhoto(tex, texX + (texScale * u) / scale, texY + (texScale * v) / scale, data, 3 * i);
      }
    }
    frames.push({ width: size, height: size, data });
    masks.push(mask);
  }
  return { label, name: MOVING_OBJECTS_CLASSES[label], frames, masks, poses, background, texture };
}

export interface WriteMovingObjectsOptions extends MovingObjectsOptions {
  /** The dataset folder (UCF101 layout). */
  readonly out: string;
  readonly train: number;
  readonly test: number;
  readonly seed: number;
  /** Frame rate written into the AVIs; default "25" (UCF101's). */
  readonly frameRate?: string;
  /** Texture photos (default: demo/photos). */
  readonly photos?: readonly string[];
}

export interface MovingObjectsSummary {
  readonly out: string;
  readonly train: number;
  readonly test: number;
  readonly size: number;
  readonly frames: number;
  readonly classes: readonly string[];
}

/**
 * Writes a UCF101-style folder that `run --task action`, `export` and `retrain --task action`
 * read like any other: one folder per class of lossless AVI clips (see lossless-avi.ts, so every
 * codec starts from the exact rendered frames), `classInd.txt`, `trainlist01.txt` ("Class/clip.avi
 * label") and `testlist01.txt`, plus `dataset.json` with every clip's poses. Training clips come
 * from seed 2·seed and test clips from 2·seed + 1, so no clip is in both.
 */
export async function writeMovingObjects(options: WriteMovingObjectsOptions): Promise<MovingObjectsSummary> {
  const { out, seed } = options;
  const size = options.size ?? 48;
  const frames = options.frames ?? 8;
  for (const [name, n] of [['train', options.train], ['test', options.test]] as const) if (!Number.isInteger(n) || n < 0) throw invalidParameter('non-negative integer', name, n);
  if (!Number.isInteger(seed) || seed < 0) throw invalidParameter('non-negative integer', 'seed', seed);
  const sources = await loadTextureSources(options.photos);
  const ffmpeg = await findFfmpeg();
  for (const name of MOVING_OBJECTS_CLASSES) await mkdir(path.join(out, name), { recursive: true });
  const described: Record<string, { id: string; label: number; background: number; texture: number; poses: ObjectPose[] }[]> = { train: [], test: [] };
  const lists: Record<string, string[]> = { train: [], test: [] };
  for (const [split, count, splitSeed] of [['train', options.train, 2 * seed], ['test', options.test, 2 * seed + 1]] as const) {
    for (let i = 0; i < count; i++) {
      const clip = renderMovingObjects(sources, splitSeed, i, { size, frames });
      const id = `${clip.name}/v_${clip.name}_${split}${String(i).padStart(6, '0')}.avi`;
      await writeLosslessAvi(ffmpeg, clip.frames, options.frameRate ?? '25', path.join(out, id));
      lists[split].push(split === 'train' ? `${id} ${clip.label + 1}` : id);
      described[split].push({ id, label: clip.label, background: clip.background, texture: clip.texture, poses: clip.poses });
    }
  }
  await writeFile(path.join(out, 'classInd.txt'), MOVING_OBJECTS_CLASSES.map((c, i) => `${i + 1} ${c}`).join('\n') + '\n');
  await writeFile(path.join(out, 'trainlist01.txt'), lists.train.map((l) => `${l}\n`).join(''));
  await writeFile(path.join(out, 'testlist01.txt'), lists.test.map((l) => `${l}\n`).join(''));
  await writeFile(path.join(out, 'dataset.json'), JSON.stringify({
    dataset: 'lossyvision moving objects (generated; exact motion labels)',
    classes: MOVING_OBJECTS_CLASSES, seed, size, frames, frameRate: options.frameRate ?? '25',
    photos: options.photos ?? 'demo/photos (public domain)',
    clips: described,
  }));
  return { out, train: options.train, test: options.test, size, frames, classes: MOVING_OBJECTS_CLASSES };
}
