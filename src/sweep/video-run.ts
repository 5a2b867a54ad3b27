import { resolvedParams } from './conditions.js';
import { LossyvisionError } from '../errors.js';
import { imageBitstreamKey, pristineVideoKey, videoEncodeKey } from './keys.js';
import { performance } from 'node:perf_hooks';
import type { ImageCodec } from '../codecs/codec.js';
import { resolveParams, type CodecParams } from '../codecs/params.js';
import { imageCodecs } from '../codecs/registry.js';
import type { Dataset } from '../datasets/dataset.js';
import { motFrameGroundTruth, readMotGroundTruth, type MotBox } from '../datasets/mot.js';
import { openVideoData, type VideoEntry } from '../datasets/video.js';
import { unknownId } from '../errors.js';
import { decodeImage } from '../media/decode.js';
import type { RgbImage } from '../media/image.js';
import type { Model } from '../models/model.js';
import { getTask } from '../tasks/index.js';
import { encoderFor } from '../video/availability.js';
import type { VideoCodec } from '../video/codec.js';
import { encodeVideo } from '../video/encode.js';
import { encoderVersion } from '../video/encoder-version.js';
import { findFfmpeg, type Ffmpeg } from '../video/ffmpeg.js';
import { PristineVideo } from '../video/pristine.js';
import { hashSequence, pristineFromSequence } from '../video/sequence.js';
import { videoCodecs } from '../video/registry.js';
import { SweepAccumulator } from './accumulate.js';
import { bitstreamRecord, sha256, SweepCache } from './cache.js';
import { decoderId, type ModelInfo } from './context.js';
import { loadModels } from './models.js';
import { defaultThreads } from './defaults.js';
import { emptyTimings, reasonOf, type CellOutcome, type StageTimings } from './outcome.js';
import { conditionLabel, conditionSetting, planCells, type Cell, type Condition, type SweepConfig } from './plan.js';
import { provenanceOf } from './provenance.js';
import { sweepResult, type SweepOptions, type SweepResult } from './result.js';
import { checkSweepConfig } from './validate.js';
import { auditSources } from '../inspect/source-audit.js';
import { hashFile, VideoRecords, type PristineVideoRecord, type VideoEncodeRecord } from './video-records.js';
import type { VideoStream } from './video-streams.js';
import { inShard, type ShardPart } from './shard.js';
import type { SampleRecord } from './accumulate.js';
import { FRAMES_PER_VIDEO, MAX_VIDEOS, videoFrameId } from './frame-id.js';

export type { VideoSweepOptions } from './plan.js';

/** How one condition turns frames into pixels. */
type Coding = { kind: 'pristine' } | { kind: 'image'; codec: ImageCodec; params: CodecParams } | { kind: 'video'; codec: VideoCodec; params: CodecParams };

/** One scored frame in one cell: where its prediction is cached, and what compression measured. */
interface Slot {
  key?: string;
  failure?: string;
  measures?: Pick<CellOutcome, 'bytes' | 'bpp' | 'psnr' | 'ssim'>;
}

const MISSING = Symbol('pixels needed');

/** Stage timings and counts of a video sweep, summed as the passes run. */
interface Ledger {
  readonly timings: StageTimings;
  readonly computed: { encodes: number; predictions: number };
}

/** One video being swept: its pristine source (decoded on demand, once), record and scored frames. */
interface VideoWork {
  readonly entry: VideoEntry;
  /** Its place in the dataset's listing: the block of image ids its frames take (frame-id.ts). */
  readonly index: number;
  readonly videoKey: string;
  record: PristineVideoRecord | undefined;
  pristine?: PristineVideo;
  /** slots[k][cell]: the k-th scored frame's outcome in each cell. */
  slots: Slot[][];
}

/**
 * A sweep whose samples are video frames. Each video is decoded once to pristine frames (kept
 * raw on disk, deleted after); every video level is encoded from those frames and its decoded
 * frames are scored as they stream out of ffmpeg; image codecs code each scored frame alone, so
 * JPEG and H.264 are compared on the same frames. Predictions go through the sweep cache
 * (decoded pixels + model hash) and metrics through the task's accumulators in frame order,
 * so a warm rerun runs no ffmpeg and no model at all. Per video, three named passes run in
 * order: `framePass` (pristine and image codecs), `videoCodecPass` (each video level), `scorePass`.
 * A shard (`options.shard`) runs the videos whose id hashes to it, every frame of each.
 */
export async function runVideoSweep(config: SweepConfig, options: SweepOptions = {}): Promise<SweepResult> {
  checkSweepConfig(config);
  // Video encodes measure every frame as they are made: they have no cheaper path to offer yet.
  if (config.fidelity !== undefined && config.fidelity !== 'full') {
    throw new LossyvisionError('INVALID_ARGUMENT', `--fidelity ${config.fidelity} applies to image sweeps; video sweeps always measure PSNR and SSIM`);
  }
  const task = getTask(config.task, config.taskOptions);
  const { conditions, cells } = planCells(config.models, config.conditions);
  const codings = conditions.map(codingOf);
  const data = await openVideoData(config.data);
  if (data.videos.length > MAX_VIDEOS) throw new LossyvisionError('UNSUPPORTED', `video data: ${data.videos.length} videos, more than the ${MAX_VIDEOS} one sweep takes; split the folder`, { file: data.root });
  // A shard's videos keep their places in the listing: those set their frames' image ids.
  const planned = data.videos.map((entry, index) => ({ entry, index }));
  const mine = options.shard ? planned.filter(({ entry }) => inShard(entry.id, options.shard!)) : planned;
  const ffmpeg = await findFfmpeg();

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const models: Model[] = await loadModels(config.models, task, config.modelLoader, { intraOpNumThreads: defaultThreads(1), ...config.modelOptions });
  const startupMs = performance.now() - started;
  const sweep = new VideoFrameSweep(config, conditions, codings, cells, models, ffmpeg, started, options, mine.length);
  const records: SampleRecord[] = [];
  const accumulator = new SweepAccumulator(
    task,
    cells,
    { format: data.format },
    { enabled: !data.labelled, threshold: config.referenceThreshold },
    (id) => sweep.groundTruth.get(id),
    [],
    undefined,
    // The accumulator feeds each frame within `add`, while its video is the one being processed.
    options.shard && ((record) => records.push({ ...record, unit: sweep.video })),
  );
  sweep.accumulator = accumulator;
  await sweep.cache.removeStaleTemp();
  try {
    sweep.report();
    for (const { entry, index } of mine) await sweep.processVideo(entry, index);
  } finally {
    await Promise.all(models.map((m) => m.dispose().catch(() => undefined)));
  }

  const modelInfo: ModelInfo[] = models.map((m) => ({ id: m.id, hash: m.hash, provenance: m.provenance }));
  const dataset: Dataset = { format: data.format, root: data.root, labelled: data.labelled, size: data.videos.length, samples: async function* () {} };
  const provenance = provenanceOf(config, dataset, sha256(sweep.sources.join('\n')), modelInfo, codings.map((c) => (c.kind === 'image' ? c.codec : undefined)));
  provenance.source = await auditSources(data.videos.filter((v) => !v.sequence).map((v) => v.path));
  provenance.decoder = `${decoderId()} (images); ffmpeg ${ffmpeg.version} from ${ffmpeg.source} at ${ffmpeg.path} (video)`;
  for (const coding of codings) {
    if (coding.kind !== 'video') continue;
    const s = sweep.streams.find((x) => x.codec === coding.codec.id);
    provenance.codecs[coding.codec.id] = { ffmpeg: ffmpeg.version, ffmpegSource: ffmpeg.source, encoder: s?.encoder ?? 'unavailable', ...stringParams(coding.params) };
  }
  const result = sweepResult({
    config,
    conditions,
    cells,
    accumulator,
    models: modelInfo,
    reference: !data.labelled,
    provenance,
    started,
    cpuStart,
    streams: sweep.streams,
    stats: { samples: sweep.position, timings: sweep.ledger.timings, metricsMs: sweep.metricsMs, startupMs, computed: sweep.ledger.computed, repaired: sweep.repaired, workers: 1, lanes: 1 },
  });
  if (!options.shard) return result;
  const shard: ShardPart = {
    spec: options.shard,
    unit: 'video',
    planned: data.videos.map((v) => v.id),
    records,
    covered: mine.map(({ entry }) => entry.id),
    sources: mine.map(({ entry }) => sweep.sourceOf.get(entry.id) ?? null),
    dataset: { format: data.format },
    notices: { notes: [], warnings: [] },
  };
  return { ...result, shard };
}

/** The passes of a video sweep over shared, explicit state (what they have measured and stored so far). */
class VideoFrameSweep {
  readonly cache: SweepCache;
  readonly records: VideoRecords;
  readonly ledger: Ledger = { timings: emptyTimings(), computed: { encodes: 0, predictions: 0 } };
  readonly groundTruth = new Map<string, unknown>();
  readonly streams: VideoStream[] = [];
  /** "<video id>:<sha256>" of every video read: the dataset's content hash. */
  readonly sources: string[] = [];
  /** The same per video id, for a shard's manifest. */
  readonly sourceOf = new Map<string, string>();
  /** The id of the video being processed. */
  video = '';
  accumulator!: SweepAccumulator;
  metricsMs = 0;
  /** Damaged cache entries found, deleted and computed again. */
  repaired = 0;
  /** Scored frames so far (every sample position handed to the accumulator). */
  position = 0;
  /** Videos whose frames are counted in `position`. */
  private videosRead = 0;
  private current = '';
  private readonly stride: number;
  private readonly maxFrames: number | undefined;

  constructor(
    config: SweepConfig,
    private readonly conditions: readonly Condition[],
    private readonly codings: readonly Coding[],
    private readonly cells: readonly Cell[],
    private readonly models: readonly Model[],
    private readonly ffmpeg: Ffmpeg,
    private readonly started: number,
    private readonly options: SweepOptions,
    private readonly videoCount: number,
  ) {
    // A damaged entry is deleted and read as a miss (so computed again), and counted.
    this.cache = new SweepCache(config.cacheDir, () => this.repaired++);
    this.records = new VideoRecords(config.cacheDir, () => this.repaired++);
    this.stride = config.video?.frameStride ?? 1;
    this.maxFrames = config.video?.maxFrames;
  }

  report(): void {
    const a = this.accumulator;
    this.options.onProgress?.({
      done: a.done,
      total: Math.max(this.position, a.done),
      unit: 'frames',
      totalKnown: this.videosRead === this.videoCount,
      failed: a.failedSamples.size,
      current: this.current,
      elapsedMs: performance.now() - this.started,
    });
  }

  private async timed<T>(stage: keyof StageTimings, work: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await work();
    } finally {
      this.ledger.timings[stage] += performance.now() - t;
    }
  }

  private scoredOf(frameCount: number): number[] {
    return Array.from({ length: Math.ceil(frameCount / this.stride) }, (_, k) => k * this.stride);
  }

  /** Prediction for decoded pixels: from the cache, else the model (when the pixels are at hand). */
  private async predictionSlot(pixelSha: string, model: Model, image: RgbImage | undefined, measures: Slot['measures']): Promise<Slot | typeof MISSING> {
    const key = this.cache.predictionKey(pixelSha, model.hash);
    const cached = await this.timed('cacheMs', () => this.cache.getPrediction(key));
    if (cached !== undefined) return { key, measures };
    if (!image) return MISSING;
    try {
      const prediction = await this.timed('inferenceMs', () => model.predict(image));
      this.ledger.computed.predictions++;
      await this.timed('cacheMs', () => this.cache.putPrediction(key, prediction));
      return { key, measures };
    } catch (error) {
      return { failure: `${model.id}: ${reasonOf(error)}`, measures };
    }
  }

  /** Pristine and image-codec cells of one scored frame; false when pixels are needed but absent. */
  private async frameSlots(frameSha: string, frame: RgbImage | undefined, slots: Slot[]): Promise<boolean> {
    for (let ci = 0; ci < this.conditions.length; ci++) {
      const coding = this.codings[ci];
      if (coding.kind === 'video') continue;
      let pixelSha = frameSha;
      let image: (() => Promise<RgbImage>) | undefined = frame ? async () => frame : undefined;
      let measures: Slot['measures'];
      let failure: string | undefined;
      if (coding.kind === 'image') {
        const { codec, params } = coding;
        const level = this.conditions[ci].level as number;
        const key = imageBitstreamKey(this.cache, frameSha, { codec: codec.id, level, params }, codec.versions());
        try {
          let meta = await this.timed('cacheMs', () => this.cache.getBitstream(key));
          if (!meta) {
            if (!frame) return false;
            const encoded = await this.timed('encodeMs', () => codec.encode(frame, level, params));
            this.ledger.computed.encodes++;
            meta = bitstreamRecord(codec.id, level, encoded);
            await this.timed('cacheMs', () => this.cache.putBitstream(key, codec.extension, encoded.bitstream, meta!));
            const decoded = encoded.decoded;
            image = async () => decoded;
          } else if (frame) {
            const cached = meta;
            let decoded: Promise<RgbImage> | undefined;
            image = () =>
              (decoded ??= (async () => {
                const bitstream = await this.timed('cacheMs', () => this.cache.readBitstream(key, codec.extension, cached));
                if (bitstream) return this.timed('decodeMs', () => decodeImage(bitstream));
                // Missing or damaged (deleted by the cache): encoded again; a deterministic codec gives the same pixels.
                const encoded = await this.timed('encodeMs', () => codec.encode(frame, level, params));
                this.ledger.computed.encodes++;
                await this.timed('cacheMs', () => this.cache.putBitstream(key, codec.extension, encoded.bitstream, bitstreamRecord(codec.id, level, encoded)));
                return encoded.decoded;
              })());
          }
          pixelSha = meta.decodedSha256;
          measures = { bytes: meta.bytes, bpp: meta.bpp, psnr: meta.psnr, ssim: meta.ssim };
        } catch (error) {
          failure = `${codec.id} at ${level}: ${reasonOf(error)}`;
        }
      }
      for (const cell of this.cells) {
        if (cell.conditionIndex !== ci) continue;
        if (failure) {
          slots[cell.index] = { failure };
          continue;
        }
        const model = this.models[cell.modelIndex];
        const key = this.cache.predictionKey(pixelSha, model.hash);
        if ((await this.timed('cacheMs', () => this.cache.getPrediction(key))) !== undefined) {
          slots[cell.index] = { key, measures };
          continue;
        }
        if (!image) return false;
        let pixels: RgbImage;
        try {
          pixels = await image();
        } catch (error) {
          slots[cell.index] = { failure: reasonOf(error), measures };
          continue;
        }
        this.current = `${cell.model} · ${conditionLabel(cell.condition)}`;
        const slot = await this.predictionSlot(pixelSha, model, pixels, measures);
        slots[cell.index] = slot === MISSING ? { failure: 'no pixels' } : slot;
      }
    }
    return true;
  }

  private openPristine(work: VideoWork): Promise<PristineVideo> {
    const { entry } = work;
    const ffmpeg = this.ffmpeg;
    const maxFrames = this.maxFrames;
    return work.pristine
      ? Promise.resolve(work.pristine)
      : this.timed('decodeMs', () => (entry.sequence ? pristineFromSequence(entry.sequence, { ffmpeg, maxFrames }) : PristineVideo.fromFile(entry.path, { ffmpeg, maxFrames }))).then(
          (p) => (work.pristine = p),
        );
  }

  /** Pass 1, pristine and image codecs: from the cache alone when it has everything, else one pass over the pristine frames. */
  private async framePass(work: VideoWork): Promise<PristineVideoRecord> {
    const cells = this.cells.length;
    const record = work.record;
    let complete = record !== undefined && this.scoredOf(record.frameCount).every((i) => record.frames[i] !== undefined);
    if (complete) {
      work.slots = this.scoredOf(record!.frameCount).map(() => new Array<Slot>(cells));
      for (const [k, i] of this.scoredOf(record!.frameCount).entries()) {
        if (!(await this.frameSlots(record!.frames[i], undefined, work.slots[k]))) {
          complete = false;
          break;
        }
      }
    }
    if (complete) return record!;
    const source = await this.openPristine(work);
    const next: PristineVideoRecord = {
      width: source.width,
      height: source.height,
      fps: source.fps,
      frameCount: source.frameCount,
      sourceCodec: source.source?.probe.codec ?? 'unknown',
      lossy: source.source?.lossy ?? true,
      frames: { ...(record?.frames ?? {}) },
    };
    work.slots = this.scoredOf(next.frameCount).map(() => new Array<Slot>(cells));
    let index = 0;
    for await (const frame of source.frames()) {
      if (index % this.stride === 0) {
        const sha = (next.frames[index] ??= sha256(frame.data));
        await this.frameSlots(sha, frame, work.slots[index / this.stride]);
      }
      index++;
    }
    await this.timed('cacheMs', () => this.records.putPristine(work.videoKey, next));
    return next;
  }

  /** Pass 2, video codecs: every level encoded from the same pristine frames, scored as frames decode. */
  private async videoCodecPass(work: VideoWork, rec: PristineVideoRecord, scored: readonly number[]): Promise<void> {
    const { slots } = work;
    const { ffmpeg, stride } = this;
    for (let ci = 0; ci < this.conditions.length; ci++) {
      const coding = this.codings[ci];
      if (coding.kind !== 'video') continue;
      const level = this.conditions[ci].level as number;
      const mine = this.cells.filter((c) => c.conditionIndex === ci);
      try {
        const encoder = encoderFor(coding.codec, ffmpeg);
        const version = await encoderVersion(ffmpeg, encoder);
        const key = videoEncodeKey({ pristine: work.videoKey, codec: coding.codec.id, level, params: coding.params, encoder, version });
        let encoded = await this.timed('cacheMs', () => this.records.getEncode(key));
        let cached = encoded !== undefined && scored.every((i) => encoded!.scored[i] !== undefined);
        if (cached) {
          for (const [k, i] of scored.entries()) {
            for (const cell of mine) {
              const slot = await this.predictionSlot(encoded!.scored[i].sha, this.models[cell.modelIndex], undefined, measuresOf(encoded!, i));
              if (slot === MISSING) cached = false;
              else slots[k][cell.index] = slot;
            }
            if (!cached) break;
          }
        }
        if (!cached) {
          this.current = `${mine[0]?.model ?? ''} · ${conditionLabel(this.conditions[ci])}`;
          this.report();
          const source = await this.openPristine(work);
          const frames: VideoEncodeRecord['scored'] = {};
          const timings = this.ledger.timings;
          const inferenceBefore = timings.inferenceMs;
          const result = await encodeVideo(source, coding.codec, level, {
            params: coding.params,
            onFrame: async (i, decoded) => {
              if (i % stride !== 0) return;
              frames[i] = { sha: sha256(decoded.data), psnr: null, ssim: 0 };
              // PSNR/SSIM of the frame arrive with the result; the measures are filled in then.
              for (const cell of mine) {
                const slot = await this.predictionSlot(frames[i].sha, this.models[cell.modelIndex], decoded, undefined);
                slots[i / stride][cell.index] = slot === MISSING ? { failure: 'no pixels' } : slot;
              }
            },
          });
          this.ledger.computed.encodes++;
          timings.encodeMs += result.encodeMs;
          timings.decodeMs += Math.max(0, result.decodeMs - (timings.inferenceMs - inferenceBefore));
          for (const i of scored) {
            frames[i].psnr = Number.isFinite(result.psnr[i]) ? result.psnr[i] : null;
            frames[i].ssim = result.ssim[i];
          }
          encoded = {
            codec: result.codec,
            encoder: result.encoder,
            encoderVersion: result.encoderVersion,
            level,
            bytes: result.bytes,
            containerBytes: result.containerBytes,
            kbps: result.kbps,
            bpp: result.bpp,
            frames: result.frames,
            meanPsnr: Number.isFinite(result.meanPsnr) ? result.meanPsnr : null,
            meanSsim: result.meanSsim,
            scored: { ...(encoded?.scored ?? {}), ...frames },
          };
          await this.timed('cacheMs', () => this.records.putEncode(key, encoded!));
          for (const [k, i] of scored.entries()) for (const cell of mine) slots[k][cell.index] = { ...slots[k][cell.index], measures: measuresOf(encoded, i) };
        }
        this.streams.push({
          video: work.entry.id,
          codec: coding.codec.id,
          setting: conditionSetting(this.conditions[ci]),
          level,
          encoder: `${encoded!.encoder} ${encoded!.encoderVersion}`.trim(),
          frames: encoded!.frames,
          width: rec.width,
          height: rec.height,
          fps: rec.fps,
          bytes: encoded!.bytes,
          containerBytes: encoded!.containerBytes,
          kbps: encoded!.kbps,
          bpp: encoded!.bpp,
          meanPsnr: encoded!.meanPsnr ?? Infinity,
          meanSsim: encoded!.meanSsim,
          sourceCodec: rec.sourceCodec,
          sourceLossy: rec.lossy,
        });
      } catch (error) {
        const reason = `${coding.codec.id} at ${level}: ${reasonOf(error)}`;
        for (const k of scored.keys()) for (const cell of mine) slots[k][cell.index] = { failure: reason };
      }
    }
  }

  /** Pass 3: score in frame order, predictions read back from the cache (memory holds keys, not predictions). */
  private async scorePass(work: VideoWork, rec: PristineVideoRecord, scored: readonly number[], mot: Map<number, MotBox[]> | undefined): Promise<void> {
    const t = performance.now();
    const first = this.position - scored.length;
    for (const [k, i] of scored.entries()) {
      const sampleId = `${work.entry.id}#${i}`;
      const imageId = videoFrameId(work.index, i);
      const outcomeCells: CellOutcome[] = [];
      for (const cell of this.cells) {
        const slot = work.slots[k][cell.index] ?? { failure: 'not computed' };
        if (slot.failure !== undefined || slot.key === undefined) {
          outcomeCells.push({ cell: cell.index, failure: slot.failure ?? 'no prediction', ...slot.measures });
          continue;
        }
        const prediction = await this.cache.getPrediction(slot.key);
        outcomeCells.push(prediction === undefined ? { cell: cell.index, failure: 'prediction missing from the cache' } : { cell: cell.index, prediction, ...slot.measures });
      }
      if (mot) this.groundTruth.set(sampleId, motFrameGroundTruth(mot.get(i + 1), imageId, rec.width, rec.height));
      this.accumulator.add({
        position: first + k,
        sampleId,
        imageId,
        sourceSha256: rec.frames[i],
        width: rec.width,
        height: rec.height,
        cells: outcomeCells,
        timings: emptyTimings(),
        computed: { encodes: 0, predictions: 0 },
      });
      this.groundTruth.delete(sampleId);
    }
    this.metricsMs += performance.now() - t;
    this.report();
  }

  /** One video through the three passes; a video that cannot be read is one failed sample, and the sweep goes on. */
  async processVideo(entry: VideoEntry, index: number): Promise<void> {
    let work: VideoWork | undefined;
    let counted = false;
    this.video = entry.id;
    try {
      let mot: Map<number, MotBox[]> | undefined;
      try {
        if (entry.groundTruth) mot = await readMotGroundTruth(entry.groundTruth);
        const sourceSha = await this.timed('cacheMs', () => (entry.sequence ? hashSequence(entry.sequence) : hashFile(entry.path)));
        this.sources.push(`${entry.id}:${sourceSha}`);
        this.sourceOf.set(entry.id, `${entry.id}:${sourceSha}`);
        const videoKey = pristineVideoKey(sourceSha, this.ffmpeg.version, this.maxFrames);
        work = { entry, index, videoKey, record: await this.timed('cacheMs', () => this.records.getPristine(videoKey)), slots: [] };
      } catch (error) {
        throw new Error(reasonOf(error), { cause: error });
      }
      const rec = await this.framePass(work);
      if (rec.frameCount > FRAMES_PER_VIDEO) throw new Error(`${rec.frameCount} frames, more than the ${FRAMES_PER_VIDEO} a video may have (use --max-frames)`);
      const scored = this.scoredOf(rec.frameCount);
      this.position += scored.length;
      this.videosRead++;
      counted = true;
      this.report();
      await this.videoCodecPass(work, rec, scored);
      this.streams.push(...imageStreams(entry.id, rec, this.conditions, this.codings, this.cells, work.slots));
      await this.scorePass(work, rec, scored, mot);
    } catch (error) {
      this.accumulator.add({ position: this.position, sampleId: entry.id, failure: `${entry.id}: ${reasonOf(error)}`, cells: [], timings: emptyTimings(), computed: { encodes: 0, predictions: 0 } });
      this.position++;
      if (!counted) this.videosRead++;
      this.report();
    } finally {
      await work?.pristine?.dispose();
    }
  }
}

function codingOf(condition: Condition): Coding {
  if (condition.level === null) return { kind: 'pristine' };
  const image = imageCodecs.get(condition.codec);
  if (image) return { kind: 'image', codec: image, params: resolvedParams(condition) };
  const video = videoCodecs.get(condition.codec);
  if (video) return { kind: 'video', codec: video, params: resolveParams(video.id, video.params, condition.params ?? {}) };
  throw unknownId('codec', condition.codec, [...imageCodecs.keys(), ...videoCodecs.keys()]);
}

function measuresOf(record: VideoEncodeRecord, frame: number): Slot['measures'] {
  const f = record.scored[frame];
  // bpp is the stream's, exact; PSNR and SSIM are the scored frame's own, as for image codecs.
  return { bytes: record.bytes / record.frames, bpp: record.bpp, psnr: f.psnr, ssim: f.ssim };
}

/** Frame-by-frame image coding as a stream: bytes of the scored frames, and the kbps they would make at the video's rate. */
function imageStreams(video: string, rec: PristineVideoRecord, conditions: readonly Condition[], codings: readonly Coding[], cells: readonly Cell[], slots: Slot[][]): VideoStream[] {
  const out: VideoStream[] = [];
  conditions.forEach((condition, ci) => {
    const coding = codings[ci];
    if (coding.kind !== 'image') return;
    const cell = cells.find((c) => c.conditionIndex === ci);
    if (!cell) return;
    const measured = slots.map((s) => s[cell.index]?.measures).filter((m): m is NonNullable<Slot['measures']> => m?.bytes !== undefined);
    if (measured.length === 0) return;
    const bytes = measured.reduce((a, m) => a + m.bytes!, 0);
    const psnrs = measured.map((m) => (m.psnr === null || m.psnr === undefined ? Infinity : m.psnr));
    const finite = psnrs.filter(Number.isFinite);
    out.push({
      video,
      codec: coding.codec.id,
      setting: conditionSetting(condition),
      level: condition.level as number,
      encoder: Object.entries(coding.codec.versions()).map(([k, v]) => `${k} ${v}`).join(', '),
      frames: measured.length,
      width: rec.width,
      height: rec.height,
      fps: rec.fps,
      bytes,
      containerBytes: 0,
      kbps: ((bytes / measured.length) * 8 * rec.fps) / 1000,
      bpp: (8 * bytes) / (rec.width * rec.height * measured.length),
      meanPsnr: finite.length === 0 ? Infinity : finite.reduce((a, b) => a + b, 0) / finite.length,
      meanSsim: measured.reduce((a, m) => a + (m.ssim ?? NaN), 0) / measured.length,
      sourceCodec: rec.sourceCodec,
      sourceLossy: rec.lossy,
    });
  });
  return out;
}

function stringParams(params: CodecParams): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
}
