import { createHash } from 'node:crypto';
import type { CodecParams } from '../codecs/params.js';
import type { RgbImage } from '../media/image.js';
import { asClip, clipFrames, stackFrames, type ClipStrip } from '../models/layers/clips.js';
import { canonicalJson } from '../json.js';
import { encodeVideo } from '../video/encode.js';
import { findFfmpeg } from '../video/ffmpeg.js';
import { PristineVideo } from '../video/pristine.js';
import { getVideoCodec } from '../video/registry.js';
import type { CompressedSamples } from './task.js';

/** Rate the clips are encoded at: UCF101's, and what the generated clips are written at. */
export const CLIP_FRAME_RATE = '25';

interface Encoded {
  readonly strip: ClipStrip;
  readonly bits: number;
}

/**
 * Decoded clips by content, codec, level and parameters. Encoding goes through ffmpeg (a few
 * processes per clip), so a clip is encoded once per level in a process: the control and
 * retrained arms, validation and every test model share it.
 */
const cache = new Map<string, Promise<Encoded>>();

function cacheKey(strip: RgbImage, codec: string, level: number, params: CodecParams): string {
  const hash = createHash('sha256').update(strip.data).update(canonicalJson({ w: strip.width, h: strip.height, codec, level, params })).digest('hex');
  return hash;
}

async function encodeClip(strip: ClipStrip, codec: string, level: number, params: CodecParams): Promise<Encoded> {
  const ffmpeg = await findFfmpeg();
  const pristine = await PristineVideo.fromFrames(clipFrames(strip), CLIP_FRAME_RATE, { ffmpeg });
  try {
    const decoded: RgbImage[] = [];
    const result = await encodeVideo(pristine, codec, level, { params, onFrame: (i, frame) => { decoded[i] = frame; } });
    return { strip: stackFrames(decoded), bits: 8 * result.bytes };
  } finally {
    await pristine.dispose();
  }
}

/**
 * Compresses clips (filmstrips, see clips.ts) with a video codec, each clip encoded as one
 * video from its pristine frames and decoded back (so motion is then computed from compressed
 * frames, as in `run --task action`); null levels keep a clip pristine. Bits are the codec
 * payload's (container apart), as the sweep reports them. A few clips are in flight at once:
 * ffmpeg runs in its own processes.
 */
export async function compressClips(strips: readonly RgbImage[], levels: readonly (number | null)[], codecId: string, params: CodecParams, concurrency = 4): Promise<CompressedSamples> {
  const codec = getVideoCodec(codecId);
  const out = new Array<RgbImage>(strips.length);
  let bits = 0;
  let pixels = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < strips.length) {
      const i = next++;
      const level = levels[i];
      if (level === null) {
        out[i] = strips[i];
        continue;
      }
      const key = cacheKey(strips[i], codec.id, level, params);
      let encoded = cache.get(key);
      if (!encoded) {
        encoded = encodeClip(asClip(strips[i]), codec.id, level, params);
        cache.set(key, encoded);
        encoded.catch(() => cache.delete(key));
      }
      const done = await encoded;
      out[i] = done.strip;
      bits += done.bits;
      pixels += strips[i].width * strips[i].height;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { images: out, bits, pixels };
}
