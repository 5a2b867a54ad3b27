import { reasonOf } from '../sweep/outcome.js';
import { isTaskName, taskDeclaration } from '../tasks/index.js';
import type { Analysis } from './analysis.js';
import { ERROR_GAIN, errorImage } from './error-image.js';
import type { ModelFirstFail } from './first-fail.js';
import type { LoadedResults } from './load.js';
import type { FrameStore, VisualLevel, VisualSampleSource } from './visual-source.js';
import { jpegDataUri, openSource, VISUAL_DEFAULTS } from './visuals.js';

export interface DifferenceOptions {
  /** Fragile samples shown per model and codec setting (firstFail lists up to 10). */
  samples?: number;
  panelWidthPx?: number;
  panelQuality?: number;
  /** Samples read per model to find the fragile ones. */
  scanLimit?: number;
}

const DEFAULTS: Required<DifferenceOptions> = { samples: 2, panelWidthPx: VISUAL_DEFAULTS.panelWidthPx, panelQuality: VISUAL_DEFAULTS.panelQuality, scanLimit: VISUAL_DEFAULTS.scanLimit };

/** One fragile sample at the level where it first fails: what the model lost there, beside the input's own error. */
export interface DifferenceView {
  readonly task: string;
  readonly model: string;
  readonly codec: string;
  readonly level: number;
  readonly sampleId: string;
  /** What the difference view's marks mean, with their counts (the task view's legend). */
  readonly legend: string;
  /** The task view's difference drawn over the compressed image (JPEG data: URI). */
  readonly difference: string;
  /** The compressed input's error against pristine, amplified (JPEG data: URI). */
  readonly error: string;
  readonly bpp: number | null;
  readonly psnr: number | null;
}

export interface Differences {
  readonly views: readonly DifferenceView[];
  /** Why some fragile samples have no view. */
  readonly notes: readonly string[];
}

export const ERROR_IMAGE_NOTE = `the largest R, G or B difference from pristine × ${ERROR_GAIN} (white: 32 grey levels or more)`;

const PRISTINE: VisualLevel = { codec: 'pristine', level: null };

/**
 * For the most fragile samples firstFail names (those failing at the mildest level), the task
 * view's difference between the pristine prediction and the prediction at that level, and the
 * compressed input's error image. Predictions come from the sweep's cache and pixels from the
 * data, as the visual evidence reads them; a task whose view draws no difference is left out.
 */
export async function buildDifferences(results: LoadedResults, analysis: Analysis, firstFails: readonly ModelFirstFail[], options: DifferenceOptions = {}): Promise<Differences> {
  const o = { ...DEFAULTS, ...options };
  const views: DifferenceView[] = [];
  const notes: string[] = [];
  if (o.samples <= 0) return { views, notes };
  const frames: FrameStore = new Map();
  for (const f of firstFails) {
    const model = analysis.models.find((m) => m.task === f.task && m.model === f.model);
    const view = isTaskName(f.task) ? taskDeclaration(f.task).view : undefined;
    const wanted = f.codecs.map((c) => ({ codec: c.codec, fragile: c.fragile.slice(0, o.samples) })).filter((c) => c.fragile.length > 0);
    if (!model || !view?.difference || wanted.length === 0) continue;
    const source = await openSource(results, model, frames);
    if (typeof source === 'string') {
      notes.push(`${f.model}: difference views unavailable: ${source}`);
      continue;
    }
    try {
      const ids = new Set(wanted.flatMap((c) => c.fragile.map((s) => s.sample)));
      const found = new Map<string, VisualSampleSource>();
      for await (const sample of source.samples(o.scanLimit)) if (ids.has(sample.id)) found.set(sample.id, sample);
      for (const c of wanted) {
        const chosen = c.fragile.map((s) => found.get(s.sample)).filter((s): s is VisualSampleSource => s !== undefined);
        if (chosen.length < c.fragile.length) notes.push(`${f.model} · ${c.codec}: ${c.fragile.length - chosen.length} fragile samples are past the first ${o.scanLimit} read back`);
        if (chosen.length === 0) continue;
        const at: VisualLevel = { codec: c.codec, level: c.fragile[0].level };
        try {
          await source.prepare?.(chosen, [PRISTINE, at]);
        } catch (error) {
          notes.push(`${f.model} · ${c.codec}: frames cannot be decoded again (${reasonOf(error)})`);
          continue;
        }
        for (const sample of chosen) {
          try {
            const [pristine, level] = [await sample.prediction(PRISTINE), await sample.prediction(at)];
            if (pristine === undefined || level === undefined) {
              notes.push(`${f.model} · ${c.codec}: ${sample.id} has no cached prediction at pristine or ${c.codec} ${at.level}`);
              continue;
            }
            const [before, after] = [await sample.image(PRISTINE), await sample.image(at)];
            const drawn = await view.difference(after.image, pristine, level, source.viewOptions);
            views.push({
              task: f.task,
              model: f.model,
              codec: c.codec,
              level: at.level as number,
              sampleId: sample.id,
              legend: drawn.legend,
              difference: await jpegDataUri(drawn.image, o.panelWidthPx * (drawn.image.width > after.image.width ? 2 : 1), o.panelQuality),
              error: await jpegDataUri(errorImage(before.image, after.image), o.panelWidthPx, o.panelQuality),
              bpp: after.bpp,
              psnr: after.psnr,
            });
          } catch (error) {
            notes.push(`${f.model} · ${c.codec}: ${sample.id} cannot be drawn (${reasonOf(error)})`);
          }
        }
      }
    } finally {
      await source.close();
    }
  }
  frames.clear();
  return { views, notes };
}
