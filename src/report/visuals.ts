import sharp from 'sharp';
import { isVideoData } from '../datasets/video.js';
import type { RgbImage } from '../media/image.js';
import type { TaskView } from '../tasks/view.js';
import { reasonOf } from '../sweep/outcome.js';
import { isTaskName, taskDeclaration } from '../tasks/index.js';
import type { Analysis, CodecAnalysis, ModelAnalysis } from './analysis.js';
import { largestErrorWindow } from './crop.js';
import type { LoadedResults } from './load.js';
import { openActionSource } from './sources/action-source.js';
import { openImageSource } from './sources/image-source.js';
import { openVideoSource } from './sources/video-source.js';
import { frameKey, type FrameStore, type VisualImage, type VisualLevel, type VisualSampleSource, type VisualSource } from './visual-source.js';

export interface VisualOptions {
  /** How many samples to show per model and codec, worst-hit first. */
  samples?: number;
  /** Width of each panel in pixels after downscaling. */
  panelWidthPx?: number;
  /** Side of the square crop around the largest error, in source pixels. */
  cropPx?: number;
  /** JPEG quality of the embedded panels: high enough that its own artefacts do not mislead. */
  panelQuality?: number;
  /** Samples examined per model to find the worst-hit ones. */
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
  /** The task view's caption ("3 detections: person 0.91, …"; user-supplied names: escape before use); null without a prediction. */
  readonly summary: string | null;
  /** Where the image or prediction came from when not from the cache. */
  readonly note?: string;
}

export interface VisualSample {
  readonly sampleId: string;
  readonly model: string;
  readonly codec: string;
  /** Why this sample was picked: the task view's damage at the most compressed level. */
  readonly why: string;
  readonly crop: { x: number; y: number; size: number };
  /** Pristine first, then the levels from most to least compressed. */
  readonly panels: readonly VisualPanel[];
}

export interface Visuals {
  readonly samples: readonly VisualSample[];
  /** Why there are none, or caveats. */
  readonly notes: readonly string[];
}

/** What "nothing to lose" means per task, for the note that says why samples were skipped. */
const NOTHING_TO_LOSE: ReadonlyMap<string, string> = new Map([
  ['detection', 'no confident detection at pristine or the level'],
  ['pose', 'no person at pristine'],
  ['segmentation', 'no foreground at pristine'],
  ['depth', 'no valid depth'],
]);

/** Tasks whose drawing keeps only confident predictions, and what those are. */
const SCORE_CUT: ReadonlyMap<string, string> = new Map([
  ['detection', 'boxes'],
  ['pose', 'people'],
]);

const PRISTINE: VisualLevel = { codec: 'pristine', level: null };

interface Candidate {
  readonly sample: VisualSampleSource;
  readonly score: number;
  readonly why: string;
}

/**
 * The visual evidence: for every model and codec swept, the samples the most compressed level
 * hit hardest in the task's own terms (the task view's damage: boxes lost, OKS, label
 * agreement, depth error, top-1 change), drawn at pristine and every level, worst level first,
 * with an unscaled crop where that level differs most from pristine. Predictions come from the
 * sweep's cache; pixels from the data (bitstreams from the cache, or encoded again: the codecs
 * are deterministic). The scan is bounded (`scanLimit` samples per model); a source that cannot
 * be read again gives one note for its model instead of panels.
 */
export async function buildVisuals(results: LoadedResults, analysis: Analysis, options: VisualOptions = {}): Promise<Visuals> {
  const o = { ...VISUAL_DEFAULTS, ...options };
  if (analysis.models.length === 0 || o.samples <= 0) return { samples: [], notes: ['no visual examples requested'] };
  const samples: VisualSample[] = [];
  const notes: string[] = [];
  const frames: FrameStore = new Map();
  const drawn: Drawn = { panels: new Map(), crops: new Map(), windows: new Map() };
  for (const model of analysis.models) {
    const view = isTaskName(model.task) ? taskDeclaration(model.task).view : undefined;
    const codecs = model.codecs.filter((c) => c.levels.length > 0);
    if (!view) {
      notes.push(`${model.model}: visual examples are not drawn for task ${model.task}`);
      continue;
    }
    if (codecs.length === 0) {
      notes.push(`${model.model}: no compressed levels to show`);
      continue;
    }
    const source = await openSource(results, model, frames);
    if (typeof source === 'string') {
      notes.push(`${model.model}: visual examples unavailable: ${source}`);
      continue;
    }
    const cut = source.viewOptions.scoreThreshold;
    if (cut !== undefined && SCORE_CUT.has(model.task)) {
      notes.push(`${model.model}: ${SCORE_CUT.get(model.task)} scoring at least ${cut} (the run's --reference-threshold) are drawn and counted; \`predict\` draws them all`);
    }
    try {
      samples.push(...(await modelVisuals(model, view, source, codecs, o, notes, drawn)));
    } finally {
      await source.close();
    }
    notes.push(...[...new Set(source.notes)].map((n) => `${model.model}: ${n}`));
  }
  frames.clear();
  return { samples, notes };
}

/** The run's samples read back from its data and cache (images, video frames, action clips), or why not. */
export async function openSource(results: LoadedResults, model: ModelAnalysis, frames: FrameStore): Promise<VisualSource | string> {
  const run = results.runs.find((r) => r.id === model.runId);
  const config = run?.provenance.config;
  if (!run || !config) return 'the run has no provenance';
  const hash = model.pristine?.modelHash ?? '';
  try {
    // An action sweep stores one model row per stream: "two-stream.json · temporal".
    if (model.task === 'action') return await openActionSource(results, run, hash, model.model.slice(model.model.lastIndexOf(' · ') + 3), frames);
    const format = run.provenance.dataset?.format;
    const video = format === 'video' || format === 'mot' || (format === undefined && (await isVideoData(config.data).catch(() => false)));
    return await (video ? openVideoSource(results, run, hash, frames) : openImageSource(results, run, hash));
  } catch (error) {
    return reasonOf(error);
  }
}

/**
 * What is drawn once and shown again: a sample picked for several codecs has the same pristine
 * panel each time, and the models of one run see the same pixels, so the same crops.
 */
interface Drawn {
  /** Panel data: URIs by model · sample · level. */
  readonly panels: Map<string, string>;
  /** Crop data: URIs by run · sample · level · window. */
  readonly crops: Map<string, string>;
  /** Largest-error windows by run · sample · the level compared with pristine. */
  readonly windows: Map<string, CropWindow>;
}

type CropWindow = { x: number; y: number; size: number };

async function modelVisuals(
  model: ModelAnalysis,
  view: TaskView,
  source: VisualSource,
  codecs: readonly CodecAnalysis[],
  o: Required<VisualOptions>,
  notes: string[],
  drawn: Drawn,
): Promise<VisualSample[]> {
  const candidates = new Map<string, Candidate[]>(codecs.map((c) => [c.codec, []]));
  const unaffected = new Map<string, number>(codecs.map((c) => [c.codec, 0]));
  let unread = 0;
  // One bounded pass over the samples ranks every codec at its most compressed level.
  for await (const sample of source.samples(o.scanLimit)) {
    const pristine = await sample.prediction(PRISTINE).catch(() => undefined);
    if (pristine === undefined) {
      unread++;
      continue;
    }
    for (const codec of codecs) {
      const harshest: VisualLevel = { codec: codec.codec, level: codec.levels.at(-1)!.level };
      try {
        const level = await sample.prediction(harshest);
        if (level === undefined) continue;
        const damage = view.damage(pristine, level, sample.groundTruth, source.viewOptions);
        if (damage === undefined) unaffected.set(codec.codec, unaffected.get(codec.codec)! + 1);
        else candidates.get(codec.codec)!.push({ sample, score: damage.score, why: `${damage.why} at ${harshest.codec} ${harshest.level}` });
      } catch {
        // A sample that cannot be read or compared is a failure the tables already count.
      }
    }
  }
  const out: VisualSample[] = [];
  for (const codec of codecs) {
    const ranked = candidates.get(codec.codec)!.sort((a, b) => b.score - a.score || a.sample.id.localeCompare(b.sample.id));
    const skipped = unaffected.get(codec.codec)!;
    if (skipped) notes.push(`${model.model} · ${codec.codec}: ${skipped} of ${skipped + ranked.length} samples skipped, with nothing to lose (${NOTHING_TO_LOSE.get(model.task) ?? 'no prediction to compare'})`);
    if (ranked.length === 0) {
      notes.push(`${model.model} · ${codec.codec}: no sample to show${unread ? ` (${unread} without a cached pristine prediction)` : ''}`);
      continue;
    }
    const chosen = ranked.slice(0, o.samples);
    // Worst level first: the panels run from the most compressed level back towards pristine.
    const levels: VisualLevel[] = [PRISTINE, ...[...codec.levels].reverse().map((l) => ({ codec: codec.codec, level: l.level }))];
    try {
      await source.prepare?.(chosen.map((c) => c.sample), levels);
    } catch (error) {
      notes.push(`${model.model} · ${codec.codec}: frames cannot be decoded again (${reasonOf(error)})`);
      continue;
    }
    for (const c of chosen) {
      try {
        out.push(await renderSample(model, view, source, c, levels, o, drawn));
      } catch (error) {
        notes.push(`${model.model} · ${codec.codec}: ${c.sample.id} cannot be drawn (${reasonOf(error)})`);
      }
    }
  }
  return out;
}

async function renderSample(
  model: ModelAnalysis,
  view: TaskView,
  source: VisualSource,
  c: Candidate,
  levels: readonly VisualLevel[],
  o: Required<VisualOptions>,
  drawn: Drawn,
): Promise<VisualSample> {
  const images: VisualImage[] = [];
  for (const at of levels) images.push(await c.sample.image(at));
  const windowKey = frameKey(model.runId, c.sample.id, levels[1]);
  let crop = drawn.windows.get(windowKey);
  if (!crop) drawn.windows.set(windowKey, (crop = largestErrorWindow(images[0].image, images[1].image, o.cropPx)));
  const panels: VisualPanel[] = [];
  for (const [i, at] of levels.entries()) {
    const found = images[i];
    const prediction = await c.sample.prediction(at);
    const where = frameKey(model.runId, c.sample.id, at);
    const panelKey = `${model.model}\u0000${where}`;
    let image = drawn.panels.get(panelKey);
    if (image === undefined) {
      const picture = prediction === undefined ? found.image : await view.draw(found.image, prediction, source.viewOptions);
      drawn.panels.set(panelKey, (image = await jpegDataUri(picture, o.panelWidthPx, o.panelQuality)));
    }
    const cropKey = `${where}\u0000${crop.x},${crop.y},${crop.size}`;
    let cropImage = drawn.crops.get(cropKey);
    if (cropImage === undefined) drawn.crops.set(cropKey, (cropImage = await pngCropDataUri(found.image, crop)));
    const notes = [found.note, prediction === undefined ? 'prediction not in the cache' : undefined].filter(Boolean);
    panels.push({
      label: at.level === null ? 'pristine' : `${at.codec} ${at.level}`,
      image,
      crop: cropImage,
      bpp: found.bpp,
      psnr: found.psnr,
      summary: prediction === undefined ? null : view.summary(prediction, source.viewOptions),
      note: notes.length ? notes.join('; ') : undefined,
    });
  }
  return { sampleId: c.sample.id, model: model.model, codec: levels[1].codec, why: c.why, crop, panels };
}

function raw(image: RgbImage) {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

export async function jpegDataUri(image: RgbImage, widthPx: number, quality: number): Promise<string> {
  const buffer = await raw(image).resize({ width: Math.min(widthPx, image.width) }).jpeg({ quality }).toBuffer();
  return `data:image/jpeg;base64,${buffer.toString('base64')}`;
}

/** Lossless, unscaled: the browser enlarges it with nearest-neighbour so blocks and ringing stay visible. */
async function pngCropDataUri(image: RgbImage, crop: { x: number; y: number; size: number }): Promise<string> {
  const size = Math.min(crop.size, image.width - crop.x, image.height - crop.y);
  const buffer = await raw(image).extract({ left: crop.x, top: crop.y, width: size, height: size }).png({ compressionLevel: 9 }).toBuffer();
  return `data:image/png;base64,${buffer.toString('base64')}`;
}
