import { imageCodecs } from '../../codecs/registry.js';
import { openUcf101, type ActionVideo } from '../../datasets/ucf101.js';
import type { RgbImage } from '../../media/image.js';
import { actionOutcomeKey } from '../../sweep/action-key.js';
import type { ActionSweepConfig } from '../../sweep/action-run.js';
import { SweepCache } from '../../sweep/cache.js';
import { PRISTINE, type Condition } from '../../sweep/plan.js';
import { hashFile } from '../../sweep/video-records.js';
import { sampleClips } from '../../tasks/action/clips.js';
import type { ActionPrediction, ClipSampling } from '../../tasks/action/types.js';
import { encodeVideo } from '../../video/encode.js';
import { findFfmpeg, type Ffmpeg } from '../../video/ffmpeg.js';
import { PristineVideo } from '../../video/pristine.js';
import { videoCodecs } from '../../video/registry.js';
import type { LoadedResults, LoadedRun } from '../load.js';
import type { VisualImage, VisualLevel, VisualSampleSource, VisualSource } from '../visual-source.js';
import { findCacheDir, once, reasonOf } from './locate.js';

/** A cached outcome carries the clip-averaged scores and the mean bpp / PSNR over the frames the clips used. */
type Outcome = ActionPrediction & { readonly bpp: number | null; readonly psnr: number | null };

const levelId = (at: VisualLevel): string => `${at.codec}\u0000${at.level}`;

/**
 * An action sweep's samples: its videos, one stream's scores from the cached outcomes, and as
 * pixels the middle frame of the middle clip, decoded from the source and encoded again at the
 * level (the sweep keeps scores, not frames).
 */
export async function openActionSource(results: LoadedResults, run: LoadedRun, modelHash: string, stream: string): Promise<VisualSource | string> {
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
  const conditionOf = (at: VisualLevel): Condition | undefined => (at.level === null ? PRISTINE : config.conditions.find((c) => c.codec === at.codec && c.level === at.level));
  /** Middle frames drawn: video → level → pixels. */
  const drawn = new Map<string, Map<string, RgbImage>>();

  /** Decodes the video once, keeps its drawn frame, and encodes it again at every level wanted. */
  const decodeFrames = async (video: ActionVideo, levels: readonly VisualLevel[]): Promise<void> => {
    const byLevel = drawn.get(video.id) ?? new Map<string, RgbImage>();
    drawn.set(video.id, byLevel);
    const copy = (f: RgbImage): RgbImage => ({ width: f.width, height: f.height, data: Uint8Array.from(f.data) });
    const pristine = await PristineVideo.fromFile(video.path, { ffmpeg, size: config.frameSize });
    try {
      const clips = sampleClips(pristine.frameCount, sampling);
      const clip = clips[Math.floor(clips.length / 2)];
      const middle = clip[Math.floor(clip.length / 2)];
      let i = 0;
      let frame: RgbImage | undefined;
      for await (const f of pristine.frames()) if (i++ === middle) frame = copy(f);
      if (!frame) throw new Error(`frame ${middle} is missing`);
      byLevel.set(levelId({ codec: 'pristine', level: null }), frame);
      for (const at of levels) {
        const condition = conditionOf(at);
        if (at.level === null || !condition || byLevel.has(levelId(at))) continue;
        const params = condition.level !== null ? condition.params : undefined;
        const image = imageCodecs.get(at.codec);
        if (image) byLevel.set(levelId(at), (await image.encode(frame, at.level, params)).decoded);
        else if (videoCodecs.has(at.codec)) {
          await encodeVideo(pristine, at.codec, at.level, { params, onFrame: (index, decoded) => void (index === middle && byLevel.set(levelId(at), copy(decoded))) });
        }
      }
    } finally {
      await pristine.dispose();
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
        if (!drawn.get(video.id)?.has(levelId(at))) await decodeFrames(video, [at]);
        const image = drawn.get(video.id)?.get(levelId(at));
        if (!image) throw new Error(`${at.codec} ${at.level} gave no frame`);
        const o = at.level === null ? undefined : await outcome(at);
        return { image, bpp: o?.bpp ?? null, psnr: o ? (o.psnr ?? Infinity) : null, note: at.level === null ? 'middle frame of the middle clip' : 'encoded again; bpp and PSNR: the sweep\'s means over the clips\' frames' };
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
    close: async () => drawn.clear(),
  };
}
