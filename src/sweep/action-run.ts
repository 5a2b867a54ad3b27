import { LossyvisionError, unknownId } from '../errors.js';
import { imageCodecs } from '../codecs/registry.js';
import type { RgbImage } from '../media/image.js';
import { loadActionModel, type ActionModelOptions } from '../models/adapters/video-classifier-load.js';
import type { ActionModel } from '../models/adapters/video-classifier.js';
import { openUcf101, type ActionVideo } from '../datasets/ucf101.js';
import { getTask } from '../tasks/index.js';
import { meanScores, sampleClips } from '../tasks/action/clips.js';
import type { ClipSampling } from '../tasks/action/types.js';
import { encodeVideo } from '../video/encode.js';
import { videoCodecAvailability } from '../video/availability.js';
import { findFfmpeg, type Ffmpeg } from '../video/ffmpeg.js';
import { PristineVideo } from '../video/pristine.js';
import { videoCodecs } from '../video/registry.js';
import { SweepAccumulator } from './accumulate.js';
import { MeasureSums } from './measures.js';
import { actionOutcomeKey } from './keys.js';
import { sha256, SweepCache } from './cache.js';
import { emptyTimings, type SampleOutcome } from './outcome.js';
import { planCells, type Cell, type Condition } from './plan.js';
import type { ModelInfo } from './context.js';
import { provenanceOf, type Provenance } from './provenance.js';
import { labelledFailures, type SweepResult } from './result.js';
import { hashFile } from './video-records.js';
import { shareOf, type ShardPart, type ShardSpec } from './shard.js';

/** An action-recognition sweep: one model over UCF101-style data under video codec levels. */
export interface ActionSweepConfig {
  /** The dataset root (classInd.txt, testlist0N.txt, class folders). */
  readonly data: string;
  readonly splits?: readonly number[];
  /** A .onnx video classifier or a .json (video classifier or two-stream) config. */
  readonly model: string;
  readonly modelOptions?: ActionModelOptions;
  /** Video codec levels (h264, h265, vp9, av1); pristine is always added first. */
  readonly conditions: readonly Condition[];
  /** Clips per video (frames per clip come from the model); default 1. */
  readonly clips?: number;
  readonly frameStride?: number;
  /** Decode sources at this size (even sides for 4:2:0 codecs); default the source size. */
  readonly frameSize?: { readonly width: number; readonly height: number };
  /** The first N videos of the test lists; default all. */
  readonly maxVideos?: number;
  readonly cacheDir: string;
}

/** What one video gave under one condition; the cached unit. */
interface VideoOutcome {
  readonly streams: Record<string, number[]>;
  readonly clips: number;
  readonly bpp: number | null;
  readonly psnr: number | null;
  readonly ssim: number | null;
}

/** Where the numbers came from, in the shape of an image sweep's provenance (`config.task` is "action"). */
export interface ActionProvenance extends Omit<Provenance<ActionSweepConfig & { task: 'action' }>, 'dataset'> {
  readonly dataset: Provenance['dataset'] & { readonly splits: readonly number[] };
  readonly sampling: ClipSampling;
}

/**
 * An action sweep's result in the shape of an image sweep's (the store, the table and the report
 * read both alike): each stream of the model is a model of the plan ("<model> · spatial"), so
 * `cells` are stream × condition, stream-major, pristine first, each with metric family "action".
 */
export interface ActionSweepResult extends Pick<SweepResult, 'conditions' | 'cells' | 'columns' | 'models' | 'sampleStates' | 'sampleMeasures' | 'failures'> {
  readonly config: ActionSweepConfig & { readonly task: 'action' };
  readonly model: { id: string; hash: string; streams: readonly string[]; framesPerClip: number; provenance: Record<string, string> };
  readonly classes: readonly string[];
  readonly splits: readonly number[];
  readonly reference?: undefined;
  readonly provenance: ActionProvenance;
  /** `samples`: the videos swept; `computed`/`cached`: video × condition outcomes. */
  readonly stats: { samples: number; wallMs: number; computed: number; cached: number; repaired: number };
  /** A shard's run: what `merge` needs beside the ordinary result (shard-manifest.ts). */
  readonly shard?: ShardPart;
}

export interface ActionSweepOptions {
  onProgress?: (p: { done: number; total: number; current: string }) => void;
  /** Run only this shard's share of the videos (a video, never one of its clips, is what shards are assigned). */
  shard?: ShardSpec;
}

/** A stream's model row: "i3d.onnx · rgb", "two-stream.json · temporal", so the report compares streams. */
export function streamModel(modelId: string, stream: string): string {
  return `${modelId} · ${stream}`;
}

/**
 * A sample source of the sweep engine whose samples are whole videos: every test video is
 * decoded once; every level is encoded from those pristine frames; the clips are sampled from
 * each level's decoded frames (so motion is computed from compressed frames), scored, and the
 * clip scores averaged per stream into a video-level prediction. Outcomes are cached by source,
 * codec settings, ffmpeg, sampling and model hash, so a rerun skips encoding and inference for
 * finished videos. The plan, the in-order accumulation, failures and the store are the engine's
 * (plan.ts, accumulate.ts, store.ts). A failing video is recorded and the run goes on.
 */
export async function runActionSweep(config: ActionSweepConfig, options: ActionSweepOptions = {}): Promise<ActionSweepResult> {
  const started = performance.now();
  const dataset = await openUcf101(config.data, { splits: config.splits });
  const planned = dataset.videos.slice(0, config.maxVideos ?? dataset.videos.length);
  // A shard runs its share of the videos, keeping their positions in the full order.
  const share = options.shard ? shareOf(planned, options.shard) : undefined;
  const videos = share?.samples ?? planned;
  // Unknown codecs fail before any work. Image codecs (jpeg, webp, …) compress each sampled frame on its own.
  for (const c of config.conditions) {
    if (c.level !== null && !videoCodecs.has(c.codec) && !imageCodecs.has(c.codec)) throw unknownId('codec', c.codec, [...videoCodecs.keys(), ...imageCodecs.keys()]);
  }
  const ffmpeg = await findFfmpeg();
  const model = await loadActionModel(config.model, config.modelOptions);
  let repaired = 0;
  // A damaged outcome is deleted and read as a miss (so computed again), and counted.
  const cache = new SweepCache(config.cacheDir, () => repaired++);
  try {
    await cache.removeStaleTemp();
    const classes = model.classes ?? dataset.classes;
    const unknown = dataset.classes.filter((c) => !classes.includes(c));
    if (unknown.length > 0) {
      throw new LossyvisionError('INVALID_ARGUMENT', `Expected the model's classes to include every dataset class but ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''} are missing`, { file: config.model, entry: 'classes' });
    }
    const sampling: ClipSampling = { clips: config.clips ?? 1, framesPerClip: model.framesPerClip, frameStride: config.frameStride };
    const { conditions, cells } = planCells(model.streams.map((s) => streamModel(model.id, s)), config.conditions);
    const groundTruth = new Map(videos.map((v) => [v.id, v.groundTruth]));
    const datasetInfo = { format: dataset.format, categories: new Map(classes.map((c, i) => [i, c])), splits: dataset.splits };
    const accumulator = new SweepAccumulator(
      getTask('action'),
      cells,
      datasetInfo,
      { enabled: false, threshold: 0 },
      (id) => groundTruth.get(id),
      [],
      share?.positions,
      share && ((record) => share.records.push(record)),
    );
    const sources: string[] = [];
    const stats = { computed: 0, cached: 0 };
    for (const [k, video] of videos.entries()) {
      const position = share?.positions[k] ?? k;
      options.onProgress?.({ done: k, total: videos.length, current: video.id });
      // Bad input (a corrupt or missing video) fails that video under every level; a bug still throws.
      const outcomes = await scoreVideo(video, conditions, { ffmpeg, model, cache, sampling, config, stats, sources, classes: classes.length }).catch((error: unknown) => {
        if (!(error instanceof LossyvisionError)) throw error;
        return conditions.map(() => error.message);
      });
      accumulator.add(sampleOutcome(position, video.id, outcomes, cells, model.streams));
    }
    options.onProgress?.({ done: videos.length, total: videos.length, current: '' });
    const info: ModelInfo = { id: model.id, hash: model.hash, provenance: { ...model.provenance, streams: model.streams.join(', '), framesPerClip: String(model.framesPerClip) } };
    const base = provenanceOf({ task: 'action' as const, ...config }, { root: dataset.root, format: dataset.format, labelled: true, size: planned.length }, sha256(sources.join('\n')), [info], []);
    const shard: ShardPart | undefined = share && {
      spec: share.spec,
      planned: planned.map((v) => v.id),
      records: share.records,
      // Every video swept is hashed first (a failure to read it stops the run): one source each, in order.
      sources,
      dataset: { format: datasetInfo.format, categories: [...datasetInfo.categories], splits: [...dataset.splits] },
      notices: { notes: [], warnings: [] },
    };
    return {
      ...(shard ? { shard } : {}),
      config: base.config,
      model: { id: model.id, hash: model.hash, streams: model.streams, framesPerClip: model.framesPerClip, provenance: model.provenance },
      classes,
      splits: dataset.splits,
      conditions,
      cells: accumulator.results(),
      columns: accumulator.columns(),
      models: cells.filter((c) => c.conditionIndex === 0).map((c) => ({ id: c.model, hash: model.hash, provenance: model.provenance })),
      sampleStates: accumulator.sampleStates,
      sampleMeasures: accumulator.sampleMeasures,
      failures: labelledFailures(accumulator.failures, cells),
      provenance: {
        ...base,
        codecs: codecVersions(conditions, ffmpeg),
        decoder: `ffmpeg ${ffmpeg.version} from ${ffmpeg.source} at ${ffmpeg.path}`,
        dataset: { ...base.dataset, splits: dataset.splits },
        sampling,
      },
      stats: { samples: videos.length, wallMs: performance.now() - started, ...stats, repaired },
    };
  } finally {
    await model.dispose();
  }
}

/** One video's outcomes per condition as the engine's sample: each stream's scores are that stream's prediction in its cells. */
function sampleOutcome(position: number, sampleId: string, outcomes: readonly (VideoOutcome | string)[], cells: readonly Cell[], streams: readonly string[]): SampleOutcome {
  return {
    position,
    sampleId,
    cells: cells.map((cell) => {
      const o = outcomes[cell.conditionIndex];
      if (typeof o === 'string') return { cell: cell.index, failure: o };
      return { cell: cell.index, prediction: o.streams[streams[cell.modelIndex]], ...(o.bpp === null ? {} : { bpp: o.bpp, psnr: o.psnr, ssim: o.ssim }) };
    }),
    timings: emptyTimings(),
    computed: { encodes: 0, predictions: 0 },
  };
}

interface VideoContext {
  readonly ffmpeg: Ffmpeg;
  readonly model: ActionModel;
  readonly cache: SweepCache;
  readonly sampling: ClipSampling;
  readonly config: ActionSweepConfig;
  readonly stats: { computed: number; cached: number };
  /** "<video id>:<sha256>" of every video read: the dataset's content hash. */
  readonly sources: string[];
  /** Classes the model must score. */
  readonly classes: number;
}

/** One video under every condition: an outcome, or why that condition failed. */
async function scoreVideo(video: ActionVideo, conditions: readonly Condition[], ctx: VideoContext): Promise<(VideoOutcome | string)[]> {
  const source = await hashFile(video.path);
  ctx.sources.push(`${video.id}:${source}`);
  const keys = conditions.map((condition) =>
    actionOutcomeKey(ctx.cache, { source, condition, ffmpegVersion: ctx.ffmpeg.version, sampling: ctx.sampling, size: ctx.config.frameSize ?? null }, ctx.model.hash),
  );
  const cached = await Promise.all(keys.map((key) => ctx.cache.getPrediction<VideoOutcome>(key)));
  if (cached.every((c) => c !== undefined)) {
    ctx.stats.cached += cached.length;
    return cached as VideoOutcome[];
  }
  const pristine = await PristineVideo.fromFile(video.path, { ffmpeg: ctx.ffmpeg, size: ctx.config.frameSize });
  try {
    const clips = sampleClips(pristine.frameCount, ctx.sampling);
    const needed = new Set(clips.flat());
    const results: (VideoOutcome | string)[] = [];
    for (const [k, condition] of conditions.entries()) {
      if (cached[k]) {
        ctx.stats.cached++;
        results.push(cached[k]);
        continue;
      }
      try {
        const frames = new Map<number, RgbImage>();
        let measured: Pick<VideoOutcome, 'bpp' | 'psnr' | 'ssim'> = { bpp: null, psnr: null, ssim: null };
        if (condition.level === null) {
          const last = Math.max(...needed);
          let i = 0;
          for await (const frame of pristine.frames()) {
            if (needed.has(i)) frames.set(i, frame);
            if (++i > last) break;
          }
        } else if (imageCodecs.has(condition.codec)) {
          measured = await encodeFrames(pristine, needed, frames, condition);
        } else {
          const encoded = await encodeVideo(pristine, condition.codec, condition.level, {
            params: condition.params,
            onFrame: (i, frame) => {
              if (needed.has(i)) frames.set(i, frame);
            },
          });
          measured = { bpp: encoded.bpp, psnr: Number.isFinite(encoded.meanPsnr) ? encoded.meanPsnr : null, ssim: encoded.meanSsim };
        }
        const perClip: Record<string, number[][]> = {};
        for (const clip of clips) {
          const scores = await ctx.model.scoreClip(clip.map((i) => frames.get(i)!));
          for (const [stream, s] of Object.entries(scores)) (perClip[stream] ??= []).push(s);
        }
        for (const [stream, v] of Object.entries(perClip)) {
          if (v[0].length !== ctx.classes) {
            throw new LossyvisionError('MODEL_OUTPUT', `Expected ${ctx.classes} class scores (one per class) from the ${stream} stream but received ${v[0].length}`, { file: ctx.config.model });
          }
        }
        const outcome: VideoOutcome = { streams: Object.fromEntries(Object.entries(perClip).map(([s, v]) => [s, meanScores(v)])), clips: clips.length, ...measured };
        await ctx.cache.putPrediction(keys[k], outcome);
        ctx.stats.computed++;
        results.push(outcome);
      } catch (error) {
        if (!(error instanceof LossyvisionError)) throw error;
        results.push(error.message);
      }
    }
    return results;
  } finally {
    await pristine.dispose();
  }
}

/**
 * An image codec on every sampled frame (frames no clip uses cannot change the prediction, so
 * they are not encoded); bpp, PSNR and SSIM are the means over those frames, summed as a cell's are.
 */
async function encodeFrames(
  pristine: PristineVideo,
  needed: ReadonlySet<number>,
  into: Map<number, RgbImage>,
  condition: Condition,
): Promise<Pick<VideoOutcome, 'bpp' | 'psnr' | 'ssim'>> {
  const codec = imageCodecs.get(condition.codec)!;
  const last = Math.max(...needed);
  const sums = new MeasureSums();
  let i = 0;
  for await (const frame of pristine.frames()) {
    if (needed.has(i)) {
      const encoded = await codec.encode(frame, condition.level!, 'params' in condition ? condition.params : undefined);
      into.set(i, encoded.decoded);
      sums.add(encoded);
    }
    if (++i > last) break;
  }
  const { meanBpp, meanPsnr, meanSsim } = sums.means();
  // The mean over frames that changed; null (∞) when every frame came back identical.
  return { bpp: meanBpp, psnr: meanPsnr === Infinity ? null : meanPsnr, ssim: meanSsim };
}

/** Library versions behind each codec: the image codec's own, or ffmpeg's and its encoder's. */
function codecVersions(conditions: readonly Condition[], ffmpeg: Ffmpeg): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const { codec } of conditions) {
    const image = imageCodecs.get(codec);
    const video = videoCodecs.get(codec);
    if (image) out[codec] = image.versions();
    else if (video) out[codec] = { ffmpeg: ffmpeg.version, ffmpegSource: ffmpeg.source, encoder: videoCodecAvailability(video, ffmpeg).encoder ?? 'unavailable' };
  }
  return out;
}
