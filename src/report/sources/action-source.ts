import { settingCodec } from '../../codecs/levels.js';
import { imageCodecs } from '../../codecs/registry.js';
import { openUcf101, type ActionVideo } from '../../datasets/ucf101.js';
import type { RgbImage } from '../../media/image.js';
import { actionOutcomeKey } from '../../sweep/keys.js';
import type { ActionSweepConfig } from '../../sweep/action-run.js';
import { SweepCache } from '../../sweep/cache.js';
import { conditionSetting, PRISTINE, type Condition } from '../../sweep/plan.js';
import { hashFile } from '../../sweep/video-records.js';
import { sampleClips } from '../../tasks/action/clips.js';
import type { ActionPrediction, ClipSampling } from '../../tasks/action/types.js';
import { encodeVideo } from '../../video/encode.js';
import { findFfmpeg, type Ffmpeg } from '../../video/ffmpeg.js';
import { PristineVideo } from '../../video/pristine.js';
import { videoCodecs } from '../../video/registry.js';
import type { LoadedResults, LoadedRun } from '../load.js';
import { frameKey, type FrameStore, type VisualImage, type VisualLevel, type VisualSampleSource, type VisualSource } from '../visual-source.js';
import { findCacheDir, once } from './locate.js';
import { reasonOf } from '../../sweep/outcome.js';

/** A cached outcome carries the clip-averaged scores and the mean bpp / PSNR over the frames the clips used. */
type Outcome = ActionPrediction & { readonly bpp: number | null; readonly psnr: number | null };

const PRISTINE_AT: VisualLevel = { codec: 'pristine', level: null };

const copy = (f: RgbImage): RgbImage => ({ width: f.width, height: f.height, data: Uint8Array.from(f.data) });

/**
 * An action sweep's samples: its videos, one stream's scores from the cached outcomes, and as
 * pixels the middle frame of the middle clip, decoded from the source and encoded again at the
 * level (the sweep keeps scores, not frames).
 */
export async function openActionSource(results: LoadedResults, run: LoadedRun, modelHash: string, stream: string, drawn: FrameStore): Promise<VisualSource | string> {
  const config = run.provenance.config as unknown as (ActionSweepConfig & { task: 'action' }) | undefined;
  const sampling = (run.provenance as { sampling?: ClipSampling }).sampling;
  if (!config || !sampling) return 'the run has no provenance';
  const cacheDir = await findCacheDir(results, config.cacheDir);
  if (typeof cacheDir !== 'string') return cacheDir.note;
  let ffmpeg: Ffmpeg;
  let videos: readonly ActionVideo[];
  let classes: readonly string[];
  try {
    ffmpeg = await findFfmpeg();
    const dataset = await openUcf101(config.data, { splits: config.splits });
    videos = dataset.videos.slice(0, config.maxVideos ?? dataset.videos.length);
    classes = dataset.classes;
  } catch (error) {
    return `cannot open the dataset (${reasonOf(error)})`;
  }
  const cache = new SweepCache(cacheDir);
  const conditionOf = (at: VisualLevel): Condition | undefined => (at.level === null ? PRISTINE : config.conditions.find((c) => c.level !== null && conditionSetting(c) === at.codec && c.level === at.level));
  const keyOf = (video: ActionVideo, at: VisualLevel): string => frameKey(run.id, video.id, at);

  /**
   * The drawn frame at pristine and at each level wanted: the video is decoded only when its
   * pristine frame or a video-codec level is missing; image codecs code the kept frame alone.
   */
  const decodeFrames = async (video: ActionVideo, levels: readonly VisualLevel[]): Promise<void> => {
    const missing = levels.filter((at) => at.level !== null && conditionOf(at) && !drawn.has(keyOf(video, at)));
    const needsVideo = !drawn.has(keyOf(video, PRISTINE_AT)) || missing.some((at) => videoCodecs.has(settingCodec(at.codec)));
    let pristine: PristineVideo | undefined;
    try {
      let middle = -1;
      if (needsVideo) {
        pristine = await PristineVideo.fromFile(video.path, { ffmpeg, size: config.frameSize });
        const clips = sampleClips(pristine.frameCount, sampling);
        const clip = clips[Math.floor(clips.length / 2)];
        middle = clip[Math.floor(clip.length / 2)];
        let i = 0;
        for await (const f of pristine.frames()) if (i++ === middle) drawn.set(keyOf(video, PRISTINE_AT), copy(f));
      }
      const frame = drawn.get(keyOf(video, PRISTINE_AT));
      if (!frame) throw new Error(`frame ${middle} is missing`);
      for (const at of missing) {
        const condition = conditionOf(at)!;
        const params = condition.level !== null ? condition.params : undefined;
        const image = imageCodecs.get(settingCodec(at.codec));
        if (image) drawn.set(keyOf(video, at), (await image.encode(frame, at.level!, params)).decoded);
        else if (pristine) await encodeVideo(pristine, settingCodec(at.codec), at.level!, { params, onFrame: (index, decoded) => void (index === middle && drawn.set(keyOf(video, at), copy(decoded))) });
      }
    } finally {
      await pristine?.dispose();
    }
  };

  const videoSource = (video: ActionVideo): VisualSampleSource => {
    const source = once(() => hashFile(video.path));
    const outcome = async (at: VisualLevel): Promise<Outcome | undefined> => {
      const condition = conditionOf(at);
      if (!condition) return undefined;
      const key = actionOutcomeKey(cache, { source: await source(), condition, ffmpegVersion: ffmpeg.version, sampling, size: config.frameSize ?? null }, modelHash);
      return cache.getPrediction<Outcome>(key);
    };
    return {
      id: video.id,
      groundTruth: video.groundTruth,
      prediction: async (at) => (await outcome(at))?.streams[stream],
      image: async (at): Promise<VisualImage> => {
        await decodeFrames(video, [at]);
        const image = drawn.get(keyOf(video, at));
        if (!image) throw new Error(`${at.codec} ${at.level} gave no frame`);
        const o = at.level === null ? undefined : await outcome(at);
        return { image, bpp: o?.bpp ?? null, psnr: o ? (o.psnr ?? Infinity) : null, note: at.level === null ? 'middle frame of the middle clip' : 'bpp, PSNR: means over the clips\' frames' };
      },
    };
  };

  return {
    viewOptions: { categories: new Map(classes.map((c, i) => [i, c])) },
    notes: [],
    async *samples(limit) {
      for (const video of videos.slice(0, limit)) yield videoSource(video);
    },
    async prepare(chosen, levels) {
      for (const s of chosen) {
        const video = videos.find((v) => v.id === s.id);
        if (video) await decodeFrames(video, levels);
      }
    },
    close: async () => undefined,
  };
}
