import { access } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import sharp from 'sharp';
import { settingCodec } from '../codecs/levels.js';
import { getImageCodec } from '../codecs/registry.js';
import { conditionSetting } from '../sweep/plan.js';
import type { ImageCodec } from '../codecs/codec.js';
import type { Dataset, Sample } from '../datasets/dataset.js';
import { openDataset } from '../datasets/open.js';
import { decodeImage } from '../media/decode.js';
import type { RgbImage } from '../media/image.js';
import { SweepCache, sha256 } from '../sweep/cache.js';
import type { Condition } from '../sweep/plan.js';
import { COCO_CATEGORY_NAMES } from '../tasks/detection/coco-category-names.js';
import { drawDetections } from '../tasks/detection/draw.js';
import type { Detection } from '../tasks/detection/types.js';
import type { Analysis, ModelAnalysis } from './analysis.js';
import type { LoadedResults, LoadedRun } from './load.js';
import { largestErrorWindow } from './crop.js';

export interface VisualOptions {
  /** How many samples to show, worst-hit first. */
  samples?: number;
  /** Width of each panel in pixels after downscaling. */
  panelWidthPx?: number;
  /** Side of the square crop around the largest error, in source pixels. */
  cropPx?: number;
  /** JPEG quality of the embedded panels: high enough that its own artefacts do not mislead. */
  panelQuality?: number;
  /** Samples examined to find the worst-hit ones. */
  scanLimit?: number;
}

export const VISUAL_DEFAULTS: Required<VisualOptions> = { samples: 3, panelWidthPx: 320, cropPx: 96, panelQuality: 85, scanLimit: 200 };

export interface VisualPanel {
  /** "pristine" or "jpeg 10". */
  readonly label: string;
  /** The image with predictions drawn, downscaled, as a data: URI. */
  readonly image: string;
  /** The crop around the largest error, unscaled pixels, PNG data: URI (enlarge with CSS). */
  readonly crop: string;
  readonly bpp: number | null;
  readonly psnr: number | null;
  readonly detections: number | null;
  /** "name score" of each drawn detection (user-supplied category names: escape before use). */
  readonly labels: readonly string[];
  /** Where the image or prediction came from when not from the cache. */
  readonly note?: string;
}

export interface VisualSample {
  readonly sampleId: string;
  readonly model: string;
  readonly codec: string;
  /** Why this sample was picked. */
  readonly why: string;
  readonly crop: { x: number; y: number; size: number };
  readonly panels: readonly VisualPanel[];
}

export interface Visuals {
  readonly samples: readonly VisualSample[];
  /** Why there are none, or caveats. */
  readonly notes: readonly string[];
}

interface Context {
  run: LoadedRun;
  cache: SweepCache;
  dataset: Dataset;
  codec: ImageCodec;
  condition: (level: number) => Condition | undefined;
  decoder: string;
  versions: Record<string, string>;
}

/**
 * The visual evidence: for the worst-hit samples, the image at pristine and every level of
 * one codec (the BD-rate reference) with the model's predictions drawn, plus an unscaled crop
 * where the most compressed level differs most from pristine. Bitstreams and predictions come
 * from the sweep's cache; a bitstream no longer there is encoded again (deterministic codecs).
 */
export async function buildVisuals(results: LoadedResults, analysis: Analysis, options: VisualOptions = {}): Promise<Visuals> {
  const o = { ...VISUAL_DEFAULTS, ...options };
  const model = analysis.models[0];
  if (!model || o.samples <= 0) return { samples: [], notes: ['no visual examples requested'] };
  // Panels are single images with predictions drawn over them; a video's class scores have no such picture.
  if (model.task === 'action') return { samples: [], notes: ['visual examples are not drawn for action recognition (videos): see the tables and curves'] };
  const codecAnalysis = model.codecs.find((c) => c.codec === model.referenceCodec) ?? model.codecs[0];
  if (!codecAnalysis) return { samples: [], notes: ['no compressed levels to show'] };
  const ctx = await openContext(results, model, codecAnalysis.codec);
  if (typeof ctx === 'string') return { samples: [], notes: [ctx] };

  const levels = codecAnalysis.levels.map((l) => l.level);
  const harshest = levels.at(-1)!;
  const candidates: { sample: Sample; score: number; why: string }[] = [];
  let scanned = 0;
  for await (const sample of ctx.dataset.samples()) {
    if (scanned++ >= o.scanLimit) break;
    const hit = await howHardHit(ctx, model, sample, harshest);
    if (hit) candidates.push({ sample, ...hit });
  }
  candidates.sort((a, b) => b.score - a.score || a.sample.id.localeCompare(b.sample.id));
  const samples: VisualSample[] = [];
  for (const c of candidates.slice(0, o.samples)) samples.push(await renderSample(ctx, model, c.sample, levels, c.why, o));
  const notes = candidates.length === 0 ? ['no sample could be read back from the dataset and cache'] : [];
  return { samples, notes };
}

async function openContext(results: LoadedResults, model: ModelAnalysis, codecId: string): Promise<Context | string> {
  const run = results.runs.find((r) => r.id === model.runId);
  const config = run?.provenance.config;
  if (!run || !config) return 'visual examples unavailable: the run has no provenance';
  let codec: ImageCodec;
  try {
    codec = getImageCodec(settingCodec(codecId));
  } catch {
    return `visual examples unavailable: codec ${codecId} is not an image codec of this build`;
  }
  // The cache path is stored as given; a relative one is tried from here, then inside the results folder.
  const cacheCandidates = isAbsolute(config.cacheDir) ? [config.cacheDir] : [config.cacheDir, join(results.dir, 'cache')];
  let cacheDir: string | undefined;
  for (const dir of cacheCandidates) {
    if (await exists(dir)) {
      cacheDir = dir;
      break;
    }
  }
  if (!cacheDir) return `visual examples unavailable: the cache ${config.cacheDir} is gone`;
  // config.data is the path as the user gave it (dataset.path is the reader's root, e.g. COCO's images folder).
  const dataPath = (await exists(config.data)) ? config.data : run.provenance.dataset?.path;
  let dataset: Dataset;
  try {
    if (!dataPath) throw new Error(`${config.data} is gone`);
    dataset = await openDataset(dataPath, { format: config.dataFormat, task: config.task });
  } catch (error) {
    return `visual examples unavailable: cannot open the dataset (${error instanceof Error ? error.message : String(error)})`;
  }
  return {
    run,
    cache: new SweepCache(cacheDir),
    dataset,
    codec,
    condition: (level) => config.conditions.find((c) => c.level !== null && conditionSetting(c) === codecId && c.level === level),
    decoder: run.provenance.decoder ?? '',
    versions: run.provenance.codecs?.[codec.id] ?? codec.versions(),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

interface Found {
  image: RgbImage;
  pixelSha256: string;
  bpp: number | null;
  psnr: number | null;
  note?: string;
}

async function pristineOf(ctx: Context, sample: Sample): Promise<Found & { sourceSha256: string }> {
  const sourceSha256 = sha256(await sample.bytes());
  const image = await sample.load();
  const record = await ctx.cache.getSample(ctx.cache.sampleKey(sourceSha256, ctx.decoder));
  return { image, pixelSha256: record?.pixelSha256 ?? sha256(image.data), bpp: null, psnr: null, sourceSha256 };
}

async function levelOf(ctx: Context, sourceSha256: string, pristine: RgbImage, level: number): Promise<Found> {
  const condition = ctx.condition(level);
  const params = { ...ctx.codec.defaults, ...(condition && condition.level !== null ? condition.params : undefined) };
  const key = ctx.cache.bitstreamKey({ sourceSha256, codec: ctx.codec.id, level, params, versions: ctx.versions });
  const record = await ctx.cache.getBitstream(key);
  const bitstream = record ? await ctx.cache.readBitstream(key, ctx.codec.extension) : undefined;
  if (record && bitstream) {
    return { image: await decodeImage(bitstream), pixelSha256: record.decodedSha256, bpp: record.bpp, psnr: record.psnr ?? Infinity };
  }
  const encoded = await ctx.codec.encode(pristine, level, params);
  return { image: encoded.decoded, pixelSha256: sha256(encoded.decoded.data), bpp: encoded.bpp, psnr: encoded.psnr, note: 'bitstream not in the cache: encoded again' };
}

function detectionsOf(prediction: unknown): Detection[] | undefined {
  if (Array.isArray(prediction)) return prediction as Detection[];
  const list = (prediction as { detections?: unknown } | undefined)?.detections;
  return Array.isArray(list) ? (list as Detection[]) : undefined;
}

function iou(a: Detection['bbox'], b: Detection['bbox']): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  const inter = w > 0 && h > 0 ? w * h : 0;
  const union = a[2] * a[3] + b[2] * b[3] - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * How hard the harshest level hit a sample. Detection: the share of confident pristine
 * detections with no same-class match (IoU ≥ 0.5) at that level; other tasks: PSNR there
 * (lower is harder hit), since their predictions have no common shape.
 */
async function howHardHit(ctx: Context, model: ModelAnalysis, sample: Sample, level: number): Promise<{ score: number; why: string } | undefined> {
  try {
    const pristine = await pristineOf(ctx, sample);
    const compressed = await levelOf(ctx, pristine.sourceSha256, pristine.image, level);
    const hash = model.pristine?.modelHash ?? '';
    const before = detectionsOf(await ctx.cache.getPrediction(ctx.cache.predictionKey(pristine.pixelSha256, hash)));
    const after = detectionsOf(await ctx.cache.getPrediction(ctx.cache.predictionKey(compressed.pixelSha256, hash)));
    const threshold = ctx.run.provenance.config?.referenceThreshold ?? 0.5;
    if (before && after) {
      const confident = before.filter((d) => d.score >= threshold);
      const kept = after.filter((d) => d.score >= threshold);
      const lost = confident.filter((d) => !kept.some((k) => k.categoryId === d.categoryId && iou(k.bbox, d.bbox) >= 0.5)).length;
      const share = confident.length > 0 ? lost / confident.length : 0;
      const psnr = compressed.psnr ?? Infinity;
      return { score: share + 1e-3 / (1 + Math.max(0, Math.min(psnr, 100))), why: `${lost} of ${confident.length} confident pristine detections lost at ${ctx.codec.id} ${level}` };
    }
    const psnr = compressed.psnr ?? Infinity;
    return { score: -Math.min(psnr, 1000), why: `PSNR ${Number.isFinite(psnr) ? psnr.toFixed(2) : '∞'} dB at ${ctx.codec.id} ${level}` };
  } catch {
    return undefined; // an unreadable sample is a failure the tables already count
  }
}

async function renderSample(ctx: Context, model: ModelAnalysis, sample: Sample, levels: readonly number[], why: string, o: Required<VisualOptions>): Promise<VisualSample> {
  const pristine = await pristineOf(ctx, sample);
  const found: { label: string; found: Found }[] = [{ label: 'pristine', found: pristine }];
  for (const level of levels) found.push({ label: `${ctx.codec.id} ${level}`, found: await levelOf(ctx, pristine.sourceSha256, pristine.image, level) });
  const crop = largestErrorWindow(pristine.image, found.at(-1)!.found.image, o.cropPx);
  const hash = model.pristine?.modelHash ?? '';
  const panels: VisualPanel[] = [];
  for (const { label, found: f } of found) {
    const prediction = await ctx.cache.getPrediction(ctx.cache.predictionKey(f.pixelSha256, hash));
    const detections = detectionsOf(prediction);
    const threshold = ctx.run.provenance.config?.referenceThreshold ?? 0.5;
    const drawn = detections ? await drawDetections(f.image, detections, { categories: ctx.dataset.categories, scoreThreshold: threshold }) : f.image;
    const confident = (detections ?? []).filter((d) => d.score >= threshold);
    const names = ctx.dataset.categories ?? COCO_CATEGORY_NAMES;
    const notes = [f.note, prediction === undefined ? 'prediction not in the cache' : undefined].filter(Boolean);
    panels.push({
      label,
      image: await jpegDataUri(drawn, o.panelWidthPx, o.panelQuality),
      crop: await pngCropDataUri(f.image, crop),
      bpp: f.bpp,
      psnr: f.psnr,
      detections: detections ? confident.length : null,
      labels: confident.map((d) => `${names.get(d.categoryId) ?? d.categoryId} ${d.score.toFixed(2)}`),
      note: notes.length ? notes.join('; ') : undefined,
    });
  }
  return { sampleId: sample.id, model: model.model, codec: ctx.codec.id, why, crop, panels };
}

function raw(image: RgbImage) {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

async function jpegDataUri(image: RgbImage, widthPx: number, quality: number): Promise<string> {
  const buffer = await raw(image).resize({ width: Math.min(widthPx, image.width) }).jpeg({ quality }).toBuffer();
  return `data:image/jpeg;base64,${buffer.toString('base64')}`;
}

/** Lossless, unscaled: the browser enlarges it with nearest-neighbour so blocks and ringing stay visible. */
async function pngCropDataUri(image: RgbImage, crop: { x: number; y: number; size: number }): Promise<string> {
  const size = Math.min(crop.size, image.width - crop.x, image.height - crop.y);
  const buffer = await raw(image).extract({ left: crop.x, top: crop.y, width: size, height: size }).png({ compressionLevel: 9 }).toBuffer();
  return `data:image/png;base64,${buffer.toString('base64')}`;
}
