import { resolvedParams } from './conditions.js';
import { imageBitstreamKey } from './keys.js';
import { performance } from 'node:perf_hooks';
import type { ImageCodec } from '../codecs/codec.js';
import type { Sample } from '../datasets/dataset.js';
import type { RgbImage } from '../media/image.js';
import type { Model } from '../models/model.js';
import { chargeCpu, chargeCpuAsync, publishCpuLedger } from '../timing/cpu-ledger.js';
import { bitstreamRecord, SweepCache, sha256, type BitstreamRecord } from './cache.js';
import type { Cell, Condition } from './plan.js';
import { measuresPsnr, measuresSsim, type Fidelity } from '../fidelity/fidelity.js';
import { emptyTimings, reasonOf, type CellOutcome, type SampleOutcome } from './outcome.js';
import { inPart, type SamplePart } from './parts.js';

export interface ProcessorContext {
  readonly cache: SweepCache;
  readonly conditions: readonly Condition[];
  readonly cells: readonly Cell[];
  /** Codec per condition index; undefined for pristine. */
  readonly codecs: readonly (ImageCodec | undefined)[];
  /** Loaded models, by model index. */
  readonly models: readonly Model[];
  /** Identifies the pristine decoder (library and version): part of the sample key. */
  readonly decoderId: string;
  /** Decodes a cached bitstream, so a new model reuses it without encoding again. */
  readonly decodeBitstream: (bitstream: Uint8Array) => Promise<RgbImage>;
  /** Which of PSNR and SSIM each encode measures (computed once per sample and level, for every model). */
  readonly fidelity: Fidelity;
  /** Told when work starts on a cell, for the progress display. */
  readonly onCell?: (cell: Cell) => void;
}

/** One condition of one sample: its decoded pixels' digest, and the pixels once needed. */
interface ConditionState {
  pixelSha256?: string;
  image?: () => Promise<RgbImage>;
  failure?: string;
  measures?: Pick<CellOutcome, 'bytes' | 'bpp' | 'psnr' | 'ssim'>;
}

/** CPU ledger phase of each wall-time stage. */
const PHASES = { decodeMs: 'decode', encodeMs: 'encode', inferenceMs: 'inference', cacheMs: 'cache' } as const;
type Stage = keyof typeof PHASES;

/**
 * Processes one sample through every cell: the pristine image is decoded at most once, each
 * level is encoded at most once and shared by all models, and every result is looked up in
 * the cache before any work is done. A warm cache turns a whole sample into a few file reads.
 * With a `part`, only that part's conditions (parts.ts): the outcome holds that part's cells.
 * Afterwards it publishes this thread's CPU time per phase since its previous sample (the
 * first sample of a worker also carries the model load) for the benchmark.
 */
export async function processSample(ctx: ProcessorContext, sample: Sample, position: number, part?: SamplePart): Promise<SampleOutcome> {
  try {
    return await processOne(ctx, sample, position, part);
  } finally {
    publishCpuLedger();
  }
}

async function processOne(ctx: ProcessorContext, sample: Sample, position: number, part?: SamplePart): Promise<SampleOutcome> {
  const mine = (conditionIndex: number): boolean => !part || inPart(conditionIndex, part);
  const partCells = ctx.cells.filter((c) => mine(c.conditionIndex));
  const timings = emptyTimings();
  const computed = { encodes: 0, predictions: 0 };
  let repaired = 0;
  // Damaged entries this sample met are deleted by the cache, computed again below and counted.
  const cache = ctx.cache.withDamageListener(() => repaired++);
  const timed = async <T>(stage: Stage, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await chargeCpuAsync(PHASES[stage], work);
    } finally {
      timings[stage] += performance.now() - start;
    }
  };
  // Content keys hash every decoded image (~2–3 ms per megabyte): cache bookkeeping.
  const digest = (data: Uint8Array): string => chargeCpu('cache', () => sha256(data));
  const failAll = (reason: string): SampleOutcome => ({
    position,
    sampleId: sample.id,
    failure: reason,
    cells: partCells.map((c) => ({ cell: c.index, failure: reason })),
    timings,
    computed,
    repaired,
  });

  let pristine: Promise<RgbImage> | undefined;
  const loadPristine = (): Promise<RgbImage> => (pristine ??= timed('decodeMs', () => sample.load()));

  let sourceSha256: string;
  let record;
  try {
    const bytes = await timed('decodeMs', () => sample.bytes());
    sourceSha256 = digest(bytes);
    const sampleKey = cache.sampleKey(sourceSha256, ctx.decoderId);
    record = await timed('cacheMs', () => cache.getSample(sampleKey));
    if (!record) {
      const image = await loadPristine();
      record = { width: image.width, height: image.height, pixelSha256: digest(image.data) };
      await timed('cacheMs', () => cache.putSample(sampleKey, record!));
    }
  } catch (error) {
    return failAll(reasonOf(error));
  }

  // Which (condition, model) predictions are missing decides which pixels are needed at all.
  const states: ConditionState[] = [];
  for (let ci = 0; ci < ctx.conditions.length; ci++) {
    const condition = ctx.conditions[ci];
    const codec = ctx.codecs[ci];
    if (!mine(ci)) {
      states.push({ failure: 'another part' }); // never read: its cells are not this part's
      continue;
    }
    if (condition.level === null || !codec) {
      states.push({ pixelSha256: record.pixelSha256, image: loadPristine });
      continue;
    }
    const level = condition.level;
    const params = resolvedParams(condition);
    const key = imageBitstreamKey(cache, sourceSha256, condition, codec.versions());
    const state: ConditionState = {};
    /** Encodes the pristine image at this level and stores the entry; its pixels and measures become the state's. */
    const encode = async (): Promise<RgbImage> => {
      onConditionStart(ctx, ci);
      const image = await loadPristine();
      const encoded = await timed('encodeMs', () => codec.encode(image, level, params, ctx.fidelity));
      computed.encodes++;
      const meta = bitstreamRecord(codec.id, level, encoded, digest, ctx.fidelity);
      await timed('cacheMs', () => cache.putBitstream(key, codec.extension, encoded.bitstream, meta));
      state.pixelSha256 = meta.decodedSha256;
      state.measures = measuresOf(meta, ctx.fidelity);
      return encoded.decoded;
    };
    try {
      const meta = await timed('cacheMs', () => cache.getBitstream(key));
      // An entry made with a lower fidelity lacks a measure asked for now: encoded again (same bitstream) to get it.
      if (!meta || !hasMeasures(meta, ctx.fidelity)) {
        const decoded = await encode();
        state.image = async () => decoded;
      } else {
        let decoded: Promise<RgbImage> | undefined;
        state.image = () =>
          (decoded ??= (async () => {
            const bitstream = await timed('cacheMs', () => cache.readBitstream(key, codec.extension, meta));
            // A missing or damaged bitstream (deleted by the cache) is encoded again, never decoded.
            if (!bitstream) return encode();
            // A raw H.264 image does not say its size when padded: the sample record does.
            return timed('encodeMs', () => (codec.decode ? codec.decode(bitstream, record.width, record.height) : ctx.decodeBitstream(bitstream)));
          })());
        state.pixelSha256 = meta.decodedSha256;
        state.measures = measuresOf(meta, ctx.fidelity);
      }
    } catch (error) {
      state.failure = `${codec.id} at ${level}: ${reasonOf(error)}`;
    }
    states.push(state);
  }

  // Cells whose prediction is missing wait, per model, until a batch is full (model.batchSize;
  // 1 runs each at once), so a sample's levels go through the network in one call.
  const cells: CellOutcome[] = new Array<CellOutcome>(partCells.length);
  interface Waiting { at: number; cell: Cell; state: ConditionState; key: string; image: RgbImage }
  const waiting = new Map<number, Waiting[]>();
  const infer = async (modelIndex: number): Promise<void> => {
    const batch = waiting.get(modelIndex) ?? [];
    waiting.delete(modelIndex);
    const model = ctx.models[modelIndex];
    let predictions: unknown[] | undefined;
    if (batch.length > 1 && model.predictBatch) {
      try {
        predictions = await timed('inferenceMs', () => model.predictBatch!(batch.map((w) => w.image)));
      } catch {
        // One by one below: each cell then fails (or not) on its own.
        predictions = undefined;
      }
    }
    for (const [j, w] of batch.entries()) {
      try {
        const prediction = predictions ? predictions[j] : await timed('inferenceMs', () => model.predict(w.image));
        computed.predictions++;
        await timed('cacheMs', () => cache.putPrediction(w.key, prediction));
        cells[w.at] = { cell: w.cell.index, prediction, ...w.state.measures };
      } catch (error) {
        cells[w.at] = { cell: w.cell.index, failure: `${model.id}: ${reasonOf(error)}`, ...w.state.measures };
      }
    }
  };
  for (const [at, cell] of partCells.entries()) {
    const state = states[cell.conditionIndex];
    if (state.failure || !state.pixelSha256 || !state.image) {
      cells[at] = { cell: cell.index, failure: state.failure ?? 'no decoded image' };
      continue;
    }
    const model = ctx.models[cell.modelIndex];
    try {
      let key = cache.predictionKey(state.pixelSha256, model.hash);
      let prediction = await timed('cacheMs', () => cache.getPrediction(key));
      if (prediction === undefined) {
        ctx.onCell?.(cell);
        const image = await state.image();
        // Encoded again (its bitstream was damaged): the pixels' digest is the fresh encode's.
        if (cache.predictionKey(state.pixelSha256, model.hash) !== key) {
          key = cache.predictionKey(state.pixelSha256, model.hash);
          prediction = await timed('cacheMs', () => cache.getPrediction(key));
        }
        if (prediction === undefined) {
          const queue = waiting.get(cell.modelIndex) ?? [];
          waiting.set(cell.modelIndex, queue);
          queue.push({ at, cell, state, key, image });
          if (queue.length >= (model.batchSize ?? 1)) await infer(cell.modelIndex);
          continue;
        }
      }
      cells[at] = { cell: cell.index, prediction, ...state.measures };
    } catch (error) {
      cells[at] = { cell: cell.index, failure: `${model.id}: ${reasonOf(error)}`, ...state.measures };
    }
  }
  for (const modelIndex of [...waiting.keys()]) await infer(modelIndex);
  return { position, sampleId: sample.id, sourceSha256, width: record.width, height: record.height, cells, timings, computed, repaired };
}

/** The record's measures that `fidelity` asks for: an entry made with a higher fidelity shows no more than asked. */
function measuresOf(meta: BitstreamRecord, fidelity: Fidelity): Pick<CellOutcome, 'bytes' | 'bpp' | 'psnr' | 'ssim'> {
  return {
    bytes: meta.bytes,
    bpp: meta.bpp,
    ...(measuresPsnr(fidelity) ? { psnr: meta.psnr } : {}),
    ...(measuresSsim(fidelity) ? { ssim: meta.ssim } : {}),
  };
}

function hasMeasures(meta: BitstreamRecord, fidelity: Fidelity): boolean {
  return (!measuresPsnr(fidelity) || meta.psnr !== undefined) && (!measuresSsim(fidelity) || meta.ssim !== undefined);
}

function onConditionStart(ctx: ProcessorContext, conditionIndex: number): void {
  const cell = ctx.cells.find((c) => c.conditionIndex === conditionIndex);
  if (cell) ctx.onCell?.(cell);
}
