import { conditionSetting } from '../../sweep/plan.js';
import { settingCodec } from '../../codecs/levels.js';
import { resolvedParams } from '../../sweep/conditions.js';
import { imageBitstreamKey } from '../../sweep/keys.js';
import { getImageCodec } from '../../codecs/registry.js';
import type { Dataset, Sample } from '../../datasets/dataset.js';
import { openDataset } from '../../datasets/open.js';
import { decodeImage } from '../../media/decode.js';
import { SweepCache, sha256 } from '../../sweep/cache.js';
import { indexSamples } from '../../sweep/context.js';
import { sampleOrder } from '../../sweep/order.js';
import type { LoadedResults, LoadedRun } from '../load.js';
import { frameKey, type VisualImage, type VisualLevel, type VisualSampleSource, type VisualSource } from '../visual-source.js';
import { exists, findCacheDir, once } from './locate.js';
import { reasonOf } from '../../sweep/outcome.js';

/** A level's bitstream as the cache recorded it (no pixels decoded yet), or encoded again when gone. */
interface Coded {
  readonly pixelSha256: string;
  readonly pixels: () => Promise<VisualImage>;
}

/**
 * The images the last source opened on these results decoded, by run · sample · condition: the
 * models of one run show the same pixels, so the next model takes them over instead of decoding
 * again, and no more than two models' images are held.
 */
const recentImages = new WeakMap<LoadedResults, Map<string, Promise<VisualImage>>>();

/** An image sweep's samples: the dataset's files, their bitstreams and predictions from the sweep cache. */
export async function openImageSource(results: LoadedResults, run: LoadedRun, modelHash: string): Promise<VisualSource | string> {
  const config = run.provenance.config;
  if (!config) return 'the run has no provenance';
  const cacheDir = await findCacheDir(results, config.cacheDir);
  if (typeof cacheDir !== 'string') return cacheDir.note;
  // config.data is the path as the user gave it (dataset.path is the reader's root, e.g. COCO's images folder).
  const dataPath = (await exists(config.data)) ? config.data : run.provenance.dataset?.path;
  let dataset: Dataset;
  try {
    if (!dataPath) throw new Error(`${config.data} is gone`);
    dataset = await openDataset(dataPath, { ...config.datasetOptions, format: config.dataFormat, task: config.task });
  } catch (error) {
    return `cannot open the dataset (${reasonOf(error)})`;
  }
  const cache = new SweepCache(cacheDir);
  const decoder = run.provenance.decoder ?? '';
  const previous = recentImages.get(results);
  const images = new Map<string, Promise<VisualImage>>();
  recentImages.set(results, images);
  const imageOf = (sampleId: string, at: VisualLevel, read: () => Promise<VisualImage>): Promise<VisualImage> => {
    const key = frameKey(run.id, sampleId, at);
    const image = images.get(key) ?? previous?.get(key) ?? read();
    images.set(key, image);
    return image;
  };

  const sampleSource = (sample: Sample): VisualSampleSource => {
    const sourceSha = once(async () => sha256(await sample.bytes()));
    const pristine = once(() => sample.load());
    const pristineSha = once(async () => (await cache.getSample(cache.sampleKey(await sourceSha(), decoder)))?.pixelSha256 ?? sha256((await pristine()).data));
    const coded = new Map<string, () => Promise<Coded>>();
    const codedAt = (codecId: string, level: number): Promise<Coded> => {
      const id = `${codecId}\u0000${level}`;
      if (!coded.has(id)) coded.set(id, once(() => code(codecId, level)));
      return coded.get(id)!();
    };
    const code = async (codecId: string, level: number): Promise<Coded> => {
      const codec = getImageCodec(settingCodec(codecId));
      await codec.prepare?.();
      const condition = config.conditions.find((c) => c.level !== null && conditionSetting(c) === codecId && c.level === level);
      const coding = { codec: codec.id, level, params: condition && condition.level !== null ? condition.params : undefined };
      const params = resolvedParams(coding);
      const versions = run.provenance.codecs?.[codec.id] ?? codec.versions();
      const key = imageBitstreamKey(cache, await sourceSha(), coding, versions);
      const record = await cache.getBitstream(key);
      if (record) {
        return {
          pixelSha256: record.decodedSha256,
          pixels: once(async () => {
            const bitstream = await cache.readBitstream(key, codec.extension, record);
            // A record from a `--fidelity none` sweep has no PSNR (NaN shows as "–").
            if (bitstream) return { image: codec.decode ? await codec.decode(bitstream, (await pristine()).width, (await pristine()).height) : await decodeImage(bitstream), bpp: record.bpp, psnr: record.psnr === undefined ? NaN : (record.psnr ?? Infinity) };
            // Visuals show PSNR, never SSIM: no need to compute it.
            const again = await codec.encode(await pristine(), level, params, 'psnr');
            return { image: again.decoded, bpp: again.bpp, psnr: again.psnr, note: 'bitstream not in the cache: encoded again' };
          }),
        };
      }
      // No record: encode again (the codecs are deterministic), which also finds the prediction.
      const encoded = await codec.encode(await pristine(), level, params, 'psnr');
      const image: VisualImage = { image: encoded.decoded, bpp: encoded.bpp, psnr: encoded.psnr, note: 'bitstream not in the cache: encoded again' };
      return { pixelSha256: sha256(encoded.decoded.data), pixels: async () => image };
    };
    const pixelSha = (at: VisualLevel): Promise<string> => (at.level === null ? pristineSha() : codedAt(at.codec, at.level).then((c) => c.pixelSha256));
    return {
      id: sample.id,
      groundTruth: sample.groundTruth,
      prediction: async (at) => cache.getPrediction(cache.predictionKey(await pixelSha(at), modelHash)),
      image: (at) => imageOf(sample.id, at, async () => (at.level === null ? { image: await pristine(), bpp: null, psnr: null } : (await codedAt(at.codec, at.level)).pixels())),
    };
  };

  return {
    viewOptions: { categories: dataset.categories, scoreThreshold: config.referenceThreshold },
    notes: [],
    // The sweep's own order (seeded, `--max-samples` a prefix), so the bounded scan reads swept samples.
    async *samples(limit) {
      const all = await indexSamples(dataset);
      const order = sampleOrder(all.length, config.seed).slice(0, Math.min(config.maxSamples ?? all.length, limit));
      for (const i of order) yield sampleSource(all[i]);
    },
    close: async () => undefined,
  };
}
