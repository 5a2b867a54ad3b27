import { conditionSetting } from '../../sweep/plan.js';
import { settingCodec } from '../../codecs/levels.js';
import { imageBitstreamKey } from '../../sweep/keys.js';
import { resolveParams } from '../../codecs/params.js';
import { imageCodecs } from '../../codecs/registry.js';
import { openVideoData, type VideoEntry } from '../../datasets/video.js';
import { decodeImage } from '../../media/decode.js';
import type { RgbImage } from '../../media/image.js';
import { SweepCache, sha256 } from '../../sweep/cache.js';
import { pristineVideoKey, videoEncodeKey } from '../../sweep/keys.js';
import { hashFile, VideoRecords, type PristineVideoRecord, type VideoEncodeRecord } from '../../sweep/video-records.js';
import { encoderFor } from '../../video/availability.js';
import { encodeVideo } from '../../video/encode.js';
import { encoderVersion } from '../../video/encoder-version.js';
import { findFfmpeg, type Ffmpeg } from '../../video/ffmpeg.js';
import { PristineVideo } from '../../video/pristine.js';
import { videoCodecs } from '../../video/registry.js';
import { hashSequence, pristineFromSequence } from '../../video/sequence.js';
import type { LoadedResults, LoadedRun } from '../load.js';
import { frameKey, type FrameStore, type VisualImage, type VisualLevel, type VisualSampleSource, type VisualSource } from '../visual-source.js';
import { findCacheDir, once } from './locate.js';
import { reasonOf } from '../../sweep/outcome.js';

/** One video of the sweep with its cached frame digests. */
interface SweptVideo {
  readonly entry: VideoEntry;
  readonly key: string;
  readonly record: PristineVideoRecord;
}

const PRISTINE_AT: VisualLevel = { codec: 'pristine', level: null };

const levelId = (at: VisualLevel): string => `${at.codec}\u0000${at.level}`;

/**
 * A video sweep's samples: its scored frames ("vtest.avi#15"). Predictions come from the cache
 * through the frame digests the sweep recorded; pixels are decoded again from the source (and,
 * for video codecs, the frames encoded again at that level) only for the frames drawn.
 */
export async function openVideoSource(results: LoadedResults, run: LoadedRun, modelHash: string, drawn: FrameStore): Promise<VisualSource | string> {
  const config = run.provenance.config;
  if (!config) return 'the run has no provenance';
  const cacheDir = await findCacheDir(results, config.cacheDir);
  if (typeof cacheDir !== 'string') return cacheDir.note;
  const maxFrames = config.video?.maxFrames;
  let ffmpeg: Ffmpeg;
  let videos: readonly VideoEntry[];
  try {
    ffmpeg = await findFfmpeg();
    videos = (await openVideoData(config.data)).videos;
  } catch (error) {
    return `cannot open the videos (${reasonOf(error)})`;
  }
  const cache = new SweepCache(cacheDir);
  const records = new VideoRecords(cacheDir);
  const notes: string[] = [];
  const keyOf = (video: SweptVideo, frame: number, at: VisualLevel): string => frameKey(run.id, `${video.entry.id}#${frame}`, at);
  /** Videos whose frame records were found, by id. */
  const swept = new Map<string, SweptVideo>();

  const encodeRecord = new Map<string, () => Promise<VideoEncodeRecord | undefined>>();
  const encodeOf = (video: SweptVideo, at: VisualLevel & { level: number }): Promise<VideoEncodeRecord | undefined> => {
    const id = `${video.entry.id}\u0000${levelId(at)}`;
    if (!encodeRecord.has(id)) {
      encodeRecord.set(id, once(async () => {
        const codec = videoCodecs.get(settingCodec(at.codec))!;
        const encoder = encoderFor(codec, ffmpeg);
        const version = await encoderVersion(ffmpeg, encoder);
        const params = resolveParams(codec.id, codec.params, conditionParams(at));
        return records.getEncode(videoEncodeKey({ pristine: video.key, codec: codec.id, level: at.level, params, encoder, version }));
      }));
    }
    return encodeRecord.get(id)!();
  };
  const conditionParams = (at: VisualLevel) => {
    const c = config.conditions.find((x) => x.level !== null && conditionSetting(x) === at.codec && x.level === at.level);
    return (c && c.level !== null ? c.params : undefined) ?? {};
  };
  const frameBitstreamKey = (frameSha: string, at: VisualLevel & { level: number }) => {
    const codec = imageCodecs.get(settingCodec(at.codec))!;
    return imageBitstreamKey(cache, frameSha, { codec: codec.id, level: at.level, params: conditionParams(at) }, codec.versions());
  };

  const openPristine = (entry: VideoEntry): Promise<PristineVideo> =>
    entry.sequence ? pristineFromSequence(entry.sequence, { ffmpeg, maxFrames }) : PristineVideo.fromFile(entry.path, { ffmpeg, maxFrames });

  /** Decodes the pristine frames wanted once, and encodes them again at every video level wanted that is not drawn yet. */
  const decodeFrames = async (video: SweptVideo, wanted: ReadonlySet<number>, levels: readonly VisualLevel[]): Promise<void> => {
    const missing = (at: VisualLevel) => [...wanted].some((i) => !drawn.has(keyOf(video, i, at)));
    const encodes = levels.filter((at) => at.level !== null && videoCodecs.has(settingCodec(at.codec)) && missing(at));
    if (!missing(PRISTINE_AT) && encodes.length === 0) return;
    const keep = (at: VisualLevel, i: number, frame: RgbImage) => {
      if (wanted.has(i)) drawn.set(keyOf(video, i, at), { width: frame.width, height: frame.height, data: Uint8Array.from(frame.data) });
    };
    const pristine = await openPristine(video.entry);
    try {
      let i = 0;
      for await (const frame of pristine.frames()) keep(PRISTINE_AT, i++, frame);
      for (const at of encodes) {
        await encodeVideo(pristine, settingCodec(at.codec), at.level!, { params: conditionParams(at), onFrame: (index, decoded) => keep(at, index, decoded) });
      }
    } finally {
      await pristine.dispose();
    }
  };

  const frameSource = (video: SweptVideo, frame: number): VisualSampleSource => {
    const frameSha = video.record.frames[frame];
    const pristineFrame = async (): Promise<RgbImage> => {
      await decodeFrames(video, new Set([frame]), []);
      return drawn.get(keyOf(video, frame, PRISTINE_AT))!;
    };
    const pixelSha = async (at: VisualLevel): Promise<string | undefined> => {
      if (at.level === null) return frameSha;
      if (videoCodecs.has(settingCodec(at.codec))) return (await encodeOf(video, { ...at, level: at.level }))?.scored[frame]?.sha;
      return (await cache.getBitstream(frameBitstreamKey(frameSha, { ...at, level: at.level })))?.decodedSha256;
    };
    return {
      id: `${video.entry.id}#${frame}`,
      prediction: async (at) => {
        const sha = await pixelSha(at);
        return sha === undefined ? undefined : cache.getPrediction(cache.predictionKey(sha, modelHash));
      },
      image: async (at): Promise<VisualImage> => {
        if (at.level === null) {
          const image = await pristineFrame();
          return { image, bpp: null, psnr: null, note: sha256(image.data) === frameSha ? undefined : 'decoded again: the frame differs from the one the sweep scored' };
        }
        const level = at.level;
        const video_ = videoCodecs.get(settingCodec(at.codec));
        if (video_) {
          const record = await encodeOf(video, { ...at, level });
          await decodeFrames(video, new Set([frame]), [at]);
          const image = drawn.get(keyOf(video, frame, at));
          if (!image) throw new Error(`${at.codec} ${level} gave no frame ${frame}`);
          const scored = record?.scored[frame];
          const same = scored !== undefined && sha256(image.data) === scored.sha;
          return { image, bpp: record?.bpp ?? null, psnr: scored ? (scored.psnr ?? Infinity) : null, note: same ? undefined : 'encoded again: the frame differs from the one the sweep scored' };
        }
        const codec = imageCodecs.get(settingCodec(at.codec))!;
        const key = frameBitstreamKey(frameSha, { ...at, level });
        const record = await cache.getBitstream(key);
        const bitstream = record ? await cache.readBitstream(key, codec.extension, record) : undefined;
        if (record && bitstream) return { image: await decodeImage(bitstream), bpp: record.bpp, psnr: record.psnr === undefined ? NaN : (record.psnr ?? Infinity) };
        const encoded = await codec.encode(await pristineFrame(), level, { ...codec.defaults, ...conditionParams(at) });
        return { image: encoded.decoded, bpp: encoded.bpp, psnr: encoded.psnr, note: 'bitstream not in the cache: encoded again' };
      },
    };
  };

  return {
    viewOptions: { scoreThreshold: config.referenceThreshold },
    notes,
    async *samples(limit) {
      let n = 0;
      for (const entry of videos) {
        let video: SweptVideo;
        try {
          const sourceSha = entry.sequence ? await hashSequence(entry.sequence) : await hashFile(entry.path);
          const key = pristineVideoKey(sourceSha, ffmpeg.version, maxFrames);
          const record = await records.getPristine(key);
          if (!record) {
            notes.push(`${entry.id}: no frame records in the cache for ffmpeg ${ffmpeg.version}`);
            continue;
          }
          video = { entry, key, record };
          swept.set(entry.id, video);
        } catch (error) {
          notes.push(`${entry.id}: cannot be read (${reasonOf(error)})`);
          continue;
        }
        const frames = Object.keys(video.record.frames).map(Number).sort((a, b) => a - b);
        for (const frame of frames) {
          if (n++ >= limit) return;
          yield frameSource(video, frame);
        }
      }
    },
    async prepare(chosen, levels) {
      const byVideo = new Map<string, Set<number>>();
      for (const s of chosen) {
        const cut = s.id.lastIndexOf('#');
        const id = s.id.slice(0, cut);
        byVideo.set(id, (byVideo.get(id) ?? new Set()).add(Number(s.id.slice(cut + 1))));
      }
      for (const [id, wanted] of byVideo) await decodeFrames(swept.get(id)!, wanted, levels);
    },
    close: async () => undefined,
  };
}
