/**
 * "Rendered scenes": a generated monocular-depth dataset with exact ground truth, for training
 * and testing the reference depth network without any download.
 *
 * Each sample is a small scene ray-cast through a pinhole camera (scene-geometry.ts): a ground
 * plane and a back wall, and one to four boxes and balls standing on the ground, every surface
 * textured with the shipped public-domain photos (demo/photos) at one fixed world scale
 * (TEXEL_METRES per photo pixel), mipmapped and lit by one directional light. The camera's
 * height and pitch vary from scene to scene, so where a pixel sits in the frame says little on
 * its own: the network has to read the horizon, the ground-wall junction, occlusion edges and
 * how fine the (known-scale) texture looks — detail that low-quality compression erases. The
 * depth of a pixel is the z-depth of the nearest hit of the ray through the pixel's centre, the
 * same hit whose texture colours the pixel, so it is exact (to the 1/256 m of the stored PNG).
 * Everything is a function of (seed, index), so a split is reproducible sample by sample.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { invalidParameter } from '../../errors.js';
import { writePng } from '../../media/encode-png.js';
import type { RgbImage } from '../../media/image.js';
import { encodeGrayPng } from '../../media/png16.js';
import { Mulberry32 } from '../../random.js';
import { buildMipTexture, sampleMipTexture, type MipTexture } from './mip-texture.js';
import { intersect, pixelRay, type Camera, type Hit, type Surface } from './scene-geometry.js';
import { loadTextureSources } from './textured-shapes.js';

/** World size of one photo pixel on every surface: a known scale, so texture fineness tells distance. */
export const TEXEL_METRES = 0.02;

/** Stored 16-bit PNG units per metre (KITTI's convention; the depth-folder reader's default). */
export const RENDERED_DEPTH_SCALE = 256;

/** Horizontal field of view of the generated camera. */
export const RENDERED_FOV_DEGREES = 60;

/** Light direction (unit, pointing toward the light) and the ambient share of the shading. */
const LIGHT = normalise([-0.4, 0.8, -0.45]);
const AMBIENT = 0.5;

function normalise(v: [number, number, number]): [number, number, number] {
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** One surface of a scene and the photo that textures it, placed at (offsetU, offsetV) metres. */
export interface TexturedSurface {
  readonly surface: Surface;
  readonly photo: number;
  readonly offsetU: number;
  readonly offsetV: number;
}

export interface Scene {
  readonly camera: Camera;
  readonly surfaces: readonly TexturedSurface[];
}

export interface RenderedScene {
  readonly image: RgbImage;
  /** Row-major z-depth in metres per pixel; 0 where the pixel's ray hits nothing. */
  readonly depth: Float64Array;
}

/** The camera of a width × height image with the generated field of view. */
export function sceneCamera(width: number, height: number, elevation: number, pitch: number): Camera {
  const focal = width / 2 / Math.tan((RENDERED_FOV_DEGREES * Math.PI) / 360);
  return { width, height, focal, elevation, pitch };
}

/**
 * Ray-casts a scene: per pixel, the nearest hit over all surfaces gives the depth and the colour
 * (texture sampled at the hit, prefiltered over the pixel's footprint, times Lambertian shading).
 */
export function renderScene(scene: Scene, textures: readonly MipTexture[]): RenderedScene {
  const { camera } = scene;
  const { width, height } = camera;
  const data = new Uint8Array(width * height * 3);
  const depth = new Float64Array(width * height);
  const rgb = [0, 0, 0];
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const ray = pixelRay(camera, px, py);
      let best: Hit | undefined;
      let owner: TexturedSurface | undefined;
      for (const s of scene.surfaces) {
        const hit = intersect(ray, s.surface);
        if (hit && (!best || hit.t < best.t)) {
          best = hit;
          owner = s;
        }
      }
      const i = py * width + px;
      if (!best || !owner) continue;
      depth[i] = best.t;
      const length = Math.hypot(ray.dx, ray.dy, ray.dz);
      const facing = Math.abs(best.nx * ray.dx + best.ny * ray.dy + best.nz * ray.dz) / length;
      // A pixel covers depth/focal metres across on a plane facing the camera, more on a slanted one;
      // the square root keeps grazing surfaces from blurring to a flat colour (isotropic mipmapping's compromise).
      const footprint = best.t / camera.focal / Math.sqrt(Math.max(facing, 0.05)) / TEXEL_METRES;
      sampleMipTexture(textures[owner.photo], (best.u + owner.offsetU) / TEXEL_METRES, (best.v + owner.offsetV) / TEXEL_METRES, footprint, rgb);
      const shade = AMBIENT + (1 - AMBIENT) * Math.max(0, best.nx * LIGHT[0] + best.ny * LIGHT[1] + best.nz * LIGHT[2]);
      for (let k = 0; k < 3; k++) data[3 * i + k] = Math.min(255, Math.max(0, Math.round(shade * rgb[k])));
    }
  }
  return { image: { width, height, data }, depth };
}

const between = (rng: Mulberry32, lo: number, hi: number): number => lo + (hi - lo) * rng.next();

/** A per-sample generator state from (seed, index): samples do not depend on how many come before. */
function sampleRng(seed: number, index: number): Mulberry32 {
  const rng = new Mulberry32((Math.imul(seed >>> 0, 0x27d4eb2f) ^ Math.imul(index + 1, 0x165667b1)) >>> 0);
  rng.next();
  return rng;
}

/**
 * Scene `index` of the dataset with this seed: camera 1.2–2 m high pitched down 3–12°, a wall
 * 7–14 m ahead, one to four boxes (0.4–1.2 m wide, 0.4–1.8 m tall) and balls (radius 0.2–0.6 m)
 * on the ground 2.5 m to 1 m short of the wall, inside the field of view.
 */
export function randomScene(photoSizes: readonly { width: number; height: number }[], seed: number, index: number, width = 64, height = 48): Scene {
  if (photoSizes.length === 0) throw invalidParameter('at least one texture photo', 'photos', photoSizes);
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 8) throw invalidParameter('integer of at least 8', name, v);
  }
  const rng = sampleRng(seed, index);
  const camera = sceneCamera(width, height, between(rng, 1.2, 2), (between(rng, 3, 12) * Math.PI) / 180);
  const textured = (surface: Surface): TexturedSurface => {
    const photo = rng.int(photoSizes.length);
    const { width: w, height: h } = photoSizes[photo];
    return { surface, photo, offsetU: between(rng, 0, w * TEXEL_METRES), offsetV: between(rng, 0, h * TEXEL_METRES) };
  };
  const wall = between(rng, 7, 14);
  const surfaces: TexturedSurface[] = [textured({ kind: 'ground' }), textured({ kind: 'wall', distance: wall })];
  const count = 1 + rng.int(4);
  const halfView = Math.tan((RENDERED_FOV_DEGREES * Math.PI) / 360);
  for (let k = 0; k < count; k++) {
    const z = between(rng, 2.5, wall - 1);
    const x = between(rng, -0.8, 0.8) * z * halfView;
    const surface: Surface = rng.next() < 0.5
      ? { kind: 'box', x, z, halfWidth: between(rng, 0.2, 0.6), halfDepth: between(rng, 0.2, 0.6), height: between(rng, 0.4, 1.8), yaw: between(rng, 0, Math.PI) }
      : { kind: 'ball', x, z, radius: between(rng, 0.2, 0.6) };
    surfaces.push(textured(surface));
  }
  return { camera, surfaces };
}

export interface WriteRenderedScenesOptions {
  /** The dataset folder: `images/`, `depth/` and `dataset.json` are written in it. */
  out: string;
  count: number;
  seed: number;
  /** Image size in pixels (default 64 × 48). */
  width?: number;
  height?: number;
  /** Texture photos (default: demo/photos). */
  photos?: readonly string[];
}

export interface RenderedScenesSummary {
  out: string;
  count: number;
  seed: number;
  width: number;
  height: number;
  /** Smallest and largest depth over the split, metres, and the mean. */
  minDepth: number;
  maxDepth: number;
  meanDepth: number;
}

/**
 * Writes a split as an ordinary KITTI-style depth folder — `images/NNNNNN.png` (lossless, so
 * every codec starts from pristine pixels) and `depth/NNNNNN.png` (16-bit, 256 per metre, 0 = no
 * ground truth) — that `run --task depth`, `export`, `eval` and `retrain --task depth` read like
 * any other, plus `dataset.json`: the settings and every sample's scene.
 */
export async function writeRenderedScenes(options: WriteRenderedScenesOptions): Promise<RenderedScenesSummary> {
  const { out, count, seed } = options;
  const width = options.width ?? 64;
  const height = options.height ?? 48;
  if (!Number.isInteger(count) || count < 1) throw invalidParameter('integer of at least 1', 'count', count);
  if (!Number.isInteger(seed) || seed < 0) throw invalidParameter('non-negative integer', 'seed', seed);
  const photos = await loadTextureSources(options.photos);
  const textures = photos.map(buildMipTexture);
  await mkdir(path.join(out, 'images'), { recursive: true });
  await mkdir(path.join(out, 'depth'), { recursive: true });
  let minDepth = Infinity;
  let maxDepth = 0;
  let sum = 0;
  let pixels = 0;
  const scenes: (Scene & { id: string })[] = [];
  for (let i = 0; i < count; i++) {
    const scene = randomScene(photos, seed, i, width, height);
    const { image, depth } = renderScene(scene, textures);
    const stored = new Uint16Array(depth.length);
    for (let p = 0; p < depth.length; p++) {
      stored[p] = Math.min(65535, Math.round(depth[p] * RENDERED_DEPTH_SCALE));
      if (depth[p] > 0) {
        minDepth = Math.min(minDepth, depth[p]);
        maxDepth = Math.max(maxDepth, depth[p]);
        sum += depth[p];
        pixels += 1;
      }
    }
    const id = String(i).padStart(6, '0');
    await writePng(image, path.join(out, 'images', `${id}.png`));
    await writeFile(path.join(out, 'depth', `${id}.png`), encodeGrayPng(width, height, 16, stored));
    scenes.push({ id, ...scene });
  }
  const description = {
    dataset: 'lossyvision rendered scenes (generated by ray casting; exact depth)',
    depth: `z-depth in metres × ${RENDERED_DEPTH_SCALE} (16-bit PNG), 0 = no ground truth`,
    seed, width, height, count, texelMetres: TEXEL_METRES, fovDegrees: RENDERED_FOV_DEGREES,
    photos: options.photos ?? 'demo/photos (public domain)',
    scenes,
  };
  await writeFile(path.join(out, 'dataset.json'), JSON.stringify(description));
  return { out, count, seed, width, height, minDepth, maxDepth, meanDepth: pixels ? sum / pixels : 0 };
}
