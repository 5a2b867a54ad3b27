import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ImageCodec } from '../codecs/codec.js';
import { resolveParams, type CodecParams } from '../codecs/params.js';
import { imageCodecs } from '../codecs/registry.js';
import type { Dataset } from '../datasets/dataset.js';
import { motFrameGroundTruth, readMotGroundTruth, type MotBox } from '../datasets/mot.js';
import { openVideoData, type VideoEntry } from '../datasets/video.js';
import { invalidParameter, unknownId } from '../errors.js';
import { decodeImage } from '../media/decode.js';
import type { RgbImage } from '../media/image.js';
import type { Model } from '../models/model.js';
import { REFERENCE_NOTE } from '../tasks/detection/reference.js';
import { getTask } from '../tasks/registry.js';
import { encoderFor } from '../video/availability.js';
import type { VideoCodec } from '../video/codec.js';
import { encodeVideo } from '../video/encode.js';
import { encoderVersion } from '../video/encoder-version.js';
import { findFfmpeg } from '../video/ffmpeg.js';
import { PristineVideo } from '../video/pristine.js';
import { hashSequence, pristineFromSequence } from '../video/sequence.js';
import { videoCodecs } from '../video/registry.js';
import { SweepAccumulator } from './accumulate.js';
import { bitstreamRecord, sha256, SweepCache } from './cache.js';
import { decoderId, type ModelInfo } from './context.js';
import { loadModels } from './models.js';
import { emptyTimings, reasonOf, type CellOutcome } from './outcome.js';
import { conditionLabel, planCells, type Cell, type Condition, type SweepConfig } from './plan.js';
import { provenanceOf } from './provenance.js';
import type { SweepOptions, SweepResult } from './run.js';
import { pristineVideoKey, videoEncodeKey } from './video-keys.js';
import { hashFile, VideoRecords, type PristineVideoRecord, type VideoEncodeRecord } from './video-records.js';
import type { VideoStream } from './video-streams.js';

/** Per-frame sweep settings for video data (`--frame-stride`, `--max-frames`). */
export interface VideoSweepOptions {
  /** Score every Nth frame (0, N, 2N, …); every frame is still encoded, as the codec needs them. Default 1. */
  readonly frameStride?: number;
  /** Use only the first N frames of each video. */
  readonly maxFrames?: number;
}

/** How one condition turns frames into pixels. */
type Coding = { kind: 'pristine' } | { kind: 'image'; codec: ImageCodec; params: CodecParams } | { kind: 'video'; codec: VideoCodec; params: CodecParams };

/** One scored frame in one cell: where its prediction is cached, and what compression measured. */
interface Slot {
  key?: string;
  failure?: string;
  measures?: Pick<CellOutcome, 'bytes' | 'bpp' | 'psnr' | 'ssim'>;
}

const MISSING = Symbol('pixels needed');

/**
 * A sweep whose samples are video frames. Each video is decoded once to pristine frames (kept
 * raw on disk, deleted after); every video level is encoded from those frames and its decoded
 * frames are scored as they stream out of ffmpeg; image codecs code each scored frame alone, so
 * JPEG and H.264 are compared on the same frames. Predictions go through the sweep cache
 * (decoded pixels + model hash) and metrics through the task's accumulators in frame order,
 * so a warm rerun runs no ffmpeg and no model at all.
 */
export async function runVideoSweep(config: SweepConfig, options: SweepOptions = {}): Promise<SweepResult> {
  const video = config.video ?? {};
  const stride = video.frameStride ?? 1;
  if (!Number.isInteger(stride) || stride < 1) throw invalidParameter('integer of at least 1', 'frame-stride', stride);
  if (video.maxFrames !== undefined && (!Number.isInteger(video.maxFrames) || video.maxFrames < 1)) {
    throw invalidParameter('integer of at least 1', 'max-frames', video.maxFrames);
  }
  if (!(config.referenceThreshold >= 0 && config.referenceThreshold <= 1)) {
    throw invalidParameter('number between 0 and 1', 'reference-threshold', config.referenceThreshold);
  }
  const task = getTask(config.task, config.taskOptions);
  const { conditions, cells } = planCells(config.models, config.conditions);
  const codings = conditions.map(codingOf);
  const data = await openVideoData(config.data);
  const ffmpeg = await findFfmpeg();

  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const models: Model[] = await loadModels(config.models, task, config.modelLoader, { intraOpNumThreads: cpus().length, ...config.modelOptions });
  const startupMs = performance.now() - started;
  const cache = new SweepCache(config.cacheDir);
  const records = new VideoRecords(config.cacheDir);
  const timings = emptyTimings();
  const computed = { encodes: 0, predictions: 0 };
  const timed = async <T>(stage: keyof typeof timings, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await work();
    } finally {
      timings[stage] += performance.now() - t;
    }
  };
  const groundTruth = new Map<string, unknown>();
  const accumulator = new SweepAccumulator(task, cells, { format: data.format }, { enabled: !data.labelled, threshold: config.referenceThreshold }, (id) =>
    groundTruth.get(id),
  );
  const streams: VideoStream[] = [];
  const sources: string[] = [];
  let metricsMs = 0;
  let position = 0;
  let current = '';
  const report = (): void =>
    options.onProgress?.({ done: accumulator.done, total: Math.max(position, accumulator.done), failed: accumulator.failedSamples.size, current, elapsedMs: performance.now() - started });

  /** Prediction for decoded pixels: from the cache, else the model (when the pixels are at hand). */
  const predictionSlot = async (pixelSha: string, model: Model, image: RgbImage | undefined, measures: Slot['measures']): Promise<Slot | typeof MISSING> => {
    const key = cache.predictionKey(pixelSha, model.hash);
    const cached = await timed('cacheMs', () => cache.getPrediction(key));
    if (cached !== undefined) return { key, measures };
    if (!image) return MISSING;
    try {
      const prediction = await timed('inferenceMs', () => model.predict(image));
      computed.predictions++;
      await timed('cacheMs', () => cache.putPrediction(key, prediction));
      return { key, measures };
    } catch (error) {
      return { failure: `${model.id}: ${reasonOf(error)}`, measures };
    }
  };

  /** Pristine and image-codec cells of one scored frame; MISSING when pixels are needed but absent. */
  const frameSlots = async (frameSha: string, frame: RgbImage | undefined, slots: Slot[]): Promise<boolean> => {
    for (let ci = 0; ci < conditions.length; ci++) {
      const coding = codings[ci];
      if (coding.kind === 'video') continue;
      let pixelSha = frameSha;
      let image: (() => Promise<RgbImage>) | undefined = frame ? async () => frame : undefined;
      let measures: Slot['measures'];
      let failure: string | undefined;
      if (coding.kind === 'image') {
        const { codec, params } = coding;
        const level = conditions[ci].level as number;
        const key = cache.bitstreamKey({ sourceSha256: frameSha, codec: codec.id, level, params, versions: codec.versions() });
        try {
          let meta = await timed('cacheMs', () => cache.getBitstream(key));
          if (!meta) {
            if (!frame) return false;
            const encoded = await timed('encodeMs', () => codec.encode(frame, level, params));
            computed.encodes++;
            meta = bitstreamRecord(codec.id, level, encoded);
            await timed('cacheMs', () => cache.putBitstream(key, codec.extension, encoded.bitstream, meta!));
            const decoded = encoded.decoded;
            image = async () => decoded;
          } else if (frame) {
            let decoded: Promise<RgbImage> | undefined;
            image = () =>
              (decoded ??= (async () => {
                const bitstream = await timed('cacheMs', () => cache.readBitstream(key, codec.extension));
                if (!bitstream) throw new Error(`cached bitstream ${key} is missing`);
                return timed('decodeMs', () => decodeImage(bitstream));
              })());
          }
          pixelSha = meta.decodedSha256;
          measures = { bytes: meta.bytes, bpp: meta.bpp, psnr: meta.psnr, ssim: meta.ssim };
        } catch (error) {
          failure = `${codec.id} at ${level}: ${reasonOf(error)}`;
        }
      }
      for (const cell of cells) {
        if (cell.conditionIndex !== ci) continue;
        if (failure) {
          slots[cell.index] = { failure };
          continue;
        }
        const model = models[cell.modelIndex];
        const key = cache.predictionKey(pixelSha, model.hash);
        if ((await timed('cacheMs', () => cache.getPrediction(key))) !== undefined) {
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
        current = `${cell.model} · ${conditionLabel(cell.condition)}`;
        const slot = await predictionSlot(pixelSha, model, pixels, measures);
        slots[cell.index] = slot === MISSING ? { failure: 'no pixels' } : slot;
      }
    }
    return true;
  };

  const processVideo = async (entry: VideoEntry): Promise<void> => {
    let pristine: PristineVideo | undefined;
    const openPristine = async (): Promise<PristineVideo> =>
      (pristine ??= await timed('decodeMs', () =>
        entry.sequence ? pristineFromSequence(entry.sequence, { ffmpeg, maxFrames: video.maxFrames }) : PristineVideo.fromFile(entry.path, { ffmpeg, maxFrames: video.maxFrames })));
    try {
      let mot: Map<number, MotBox[]> | undefined;
      let sourceSha: string;
      let record: PristineVideoRecord | undefined;
      let videoKey: string;
      try {
        if (entry.groundTruth) mot = await readMotGroundTruth(entry.groundTruth);
        sourceSha = await timed('cacheMs', () => (entry.sequence ? hashSequence(entry.sequence) : hashFile(entry.path)));
        sources.push(`${entry.id}:${sourceSha}`);
        videoKey = pristineVideoKey(sourceSha, ffmpeg.version, video.maxFrames);
        record = await timed('cacheMs', () => records.getPristine(videoKey));
      } catch (error) {
        throw new Error(reasonOf(error), { cause: error });
      }
      const scoredOf = (frameCount: number): number[] => Array.from({ length: Math.ceil(frameCount / stride) }, (_, k) => k * stride);
      let slots: Slot[][] = [];

      // Pristine and image codecs: from the cache alone when it has everything, else one pass over the pristine frames.
      let complete = record !== undefined && scoredOf(record.frameCount).every((i) => record!.frames[i] !== undefined);
      if (complete) {
        slots = scoredOf(record!.frameCount).map(() => new Array<Slot>(cells.length));
        for (const [k, i] of scoredOf(record!.frameCount).entries()) {
          if (!(await frameSlots(record!.frames[i], undefined, slots[k]))) {
            complete = false;
            break;
          }
        }
      }
      if (!complete) {
        const source = await openPristine();
        const next: PristineVideoRecord = {
          width: source.width,
          height: source.height,
          fps: source.fps,
          frameCount: source.frameCount,
          sourceCodec: source.source?.probe.codec ?? 'unknown',
          lossy: source.source?.lossy ?? true,
          frames: { ...(record?.frames ?? {}) },
        };
        slots = scoredOf(next.frameCount).map(() => new Array<Slot>(cells.length));
        let index = 0;
        for await (const frame of source.frames()) {
          if (index % stride === 0) {
            const sha = (next.frames[index] ??= sha256(frame.data));
            await frameSlots(sha, frame, slots[index / stride]);
          }
          index++;
        }
        record = next;
        await timed('cacheMs', () => records.putPristine(videoKey, next));
      }
      const rec = record!;
      const scored = scoredOf(rec.frameCount);
      position += scored.length;
      report();

      // Video codecs: every level encoded from the same pristine frames, scored as frames decode.
      for (let ci = 0; ci < conditions.length; ci++) {
        const coding = codings[ci];
        if (coding.kind !== 'video') continue;
        const level = conditions[ci].level as number;
        const mine = cells.filter((c) => c.conditionIndex === ci);
        try {
          const encoder = encoderFor(coding.codec, ffmpeg);
          const version = await encoderVersion(ffmpeg, encoder);
          const key = videoEncodeKey({ pristine: videoKey, codec: coding.codec.id, level, params: coding.params, encoder, version });
          let encoded = await timed('cacheMs', () => records.getEncode(key));
          let cached = encoded !== undefined && scored.every((i) => encoded!.scored[i] !== undefined);
          if (cached) {
            for (const [k, i] of scored.entries()) {
              for (const cell of mine) {
                const slot = await predictionSlot(encoded!.scored[i].sha, models[cell.modelIndex], undefined, measuresOf(encoded!, i));
                if (slot === MISSING) cached = false;
                else slots[k][cell.index] = slot;
              }
              if (!cached) break;
            }
          }
          if (!cached) {
            current = `${mine[0]?.model ?? ''} · ${conditionLabel(conditions[ci])}`;
            report();
            const source = await openPristine();
            const frames: VideoEncodeRecord['scored'] = {};
            const inferenceBefore = timings.inferenceMs;
            const result = await encodeVideo(source, coding.codec, level, {
              params: coding.params,
              onFrame: async (i, decoded) => {
                if (i % stride !== 0) return;
                frames[i] = { sha: sha256(decoded.data), psnr: null, ssim: 0 };
                // PSNR/SSIM of the frame arrive with the result; the measures are filled in then.
                for (const cell of mine) {
                  const slot = await predictionSlot(frames[i].sha, models[cell.modelIndex], decoded, undefined);
                  slots[i / stride][cell.index] = slot === MISSING ? { failure: 'no pixels' } : slot;
                }
              },
            });
            computed.encodes++;
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
            await timed('cacheMs', () => records.putEncode(key, encoded!));
            for (const [k, i] of scored.entries()) for (const cell of mine) slots[k][cell.index] = { ...slots[k][cell.index], measures: measuresOf(encoded, i) };
          }
          streams.push({
            video: entry.id,
            codec: coding.codec.id,
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
      streams.push(...imageStreams(entry.id, rec, conditions, codings, cells, slots));

      // Score in frame order, predictions read back from the cache (memory holds keys, not predictions).
      const t = performance.now();
      const first = position - scored.length;
      for (const [k, i] of scored.entries()) {
        const sampleId = `${entry.id}#${i}`;
        const outcomeCells: CellOutcome[] = [];
        for (const cell of cells) {
          const slot = slots[k][cell.index] ?? { failure: 'not computed' };
          if (slot.failure !== undefined || slot.key === undefined) {
            outcomeCells.push({ cell: cell.index, failure: slot.failure ?? 'no prediction', ...slot.measures });
            continue;
          }
          const prediction = await cache.getPrediction(slot.key);
          outcomeCells.push(prediction === undefined ? { cell: cell.index, failure: 'prediction missing from the cache' } : { cell: cell.index, prediction, ...slot.measures });
        }
        if (mot) groundTruth.set(sampleId, motFrameGroundTruth(mot.get(i + 1), first + k + 1, rec.width, rec.height));
        accumulator.add({
          position: first + k,
          sampleId,
          sourceSha256: rec.frames[i],
          width: rec.width,
          height: rec.height,
          cells: outcomeCells,
          timings: emptyTimings(),
          computed: { encodes: 0, predictions: 0 },
        });
        groundTruth.delete(sampleId);
      }
      metricsMs += performance.now() - t;
      report();
    } catch (error) {
      // The video cannot be read: one failed sample, and the sweep goes on.
      accumulator.add({ position, sampleId: entry.id, failure: `${entry.id}: ${reasonOf(error)}`, cells: [], timings: emptyTimings(), computed: { encodes: 0, predictions: 0 } });
      position++;
      report();
    } finally {
      await pristine?.dispose();
    }
  };

  try {
    report();
    for (const entry of data.videos) await processVideo(entry);
  } finally {
    await Promise.all(models.map((m) => m.dispose().catch(() => undefined)));
  }

  const t = performance.now();
  const results = accumulator.results();
  metricsMs += performance.now() - t;
  const cpu = process.cpuUsage(cpuStart);
  const modelInfo: ModelInfo[] = models.map((m) => ({ id: m.id, hash: m.hash, provenance: m.provenance }));
  const dataset: Dataset = { format: data.format, root: data.root, labelled: data.labelled, size: data.videos.length, samples: async function* () {} };
  const provenance = provenanceOf(config, dataset, sha256(sources.join('\n')), modelInfo, codings.map((c) => (c.kind === 'image' ? c.codec : undefined)));
  provenance.decoder = `${decoderId()} (images); ffmpeg ${ffmpeg.version} from ${ffmpeg.source} at ${ffmpeg.path} (video)`;
  for (const coding of codings) {
    if (coding.kind !== 'video') continue;
    const s = streams.find((x) => x.codec === coding.codec.id);
    provenance.codecs[coding.codec.id] = { ffmpeg: ffmpeg.version, ffmpegSource: ffmpeg.source, encoder: s?.encoder ?? 'unavailable', ...stringParams(coding.params) };
  }
  const labelOf = (index: number): { model?: string; condition?: string } =>
    index < 0 ? {} : { model: cells[index].model, condition: conditionLabel(cells[index].condition) };
  const wallMs = performance.now() - started;
  return {
    config,
    conditions,
    cells: results,
    failures: accumulator.failures.map((f) => ({ ...f, ...labelOf(f.cell) })),
    sampleStates: accumulator.sampleStates,
    columns: accumulator.columns(),
    models: modelInfo,
    reference: data.labelled ? undefined : REFERENCE_NOTE,
    provenance,
    streams,
    stats: {
      samples: position,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      cores: cpus().length,
      timings,
      metricsMs,
      startupMs,
      computed,
      workers: 1,
      lanes: 1,
    },
  };
}

function codingOf(condition: Condition): Coding {
  if (condition.level === null) return { kind: 'pristine' };
  const image = imageCodecs.get(condition.codec);
  if (image) return { kind: 'image', codec: image, params: { ...image.defaults, ...(condition.params ?? {}) } };
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
function imageStreams(video: string, rec: PristineVideoRecord, conditions: Condition[], codings: Coding[], cells: Cell[], slots: Slot[][]): VideoStream[] {
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
