import { LossyvisionError } from '../errors.js';
import { demuxedPacketBytes } from './bitstream.js';
import type { VideoCodec } from './codec.js';
import type { Ffmpeg } from './ffmpeg.js';
import { probeVideo } from './probe.js';
import { lastLines, runFfmpeg } from './process.js';

/**
 * Puts a raw bitstream (Annex B or IVF, as encode.ts writes it) into an AVI file without
 * re-encoding. AVI, because it holds every codec here (h264, hevc, vp9, av1) and needs only
 * decode order: ffmpeg 4.1 (the bundled fallback) cannot give Annex B B-frames the timestamps
 * Matroska requires, and its MP4 remux of them drops frames. The AVI is checked to read back as
 * the codec and its packets to carry exactly the
 * bitstream's payload bytes, so the measured bpp is the file's.
 */
/**
 * FourCCs to write instead of ffmpeg's default, by stream codec: ffmpeg 4.1 writes HEVC as
 * "HEVC", which its own AVI demuxer does not know (it reads the stream back as rawvideo), but it
 * maps "hev1" to hevc both ways.
 */
const AVI_TAGS: Readonly<Record<string, string>> = { hevc: 'hev1' };

export async function muxToAvi(ffmpeg: Ffmpeg, codec: VideoCodec, bitstream: string, frameRate: string, output: string, payloadBytes: number): Promise<void> {
  // Annex B carries no timing: input `-r` stamps one frame per 1/rate (`-framerate` lets the
  // h264 parser count fields, which doubles the AVI's rate).
  const args = ['-loglevel', 'error', '-r', frameRate, '-f', codec.bitstream.muxer, '-i', bitstream, '-map', '0:v:0', '-c', 'copy', ...(AVI_TAGS[codec.streamCodec] ? ['-tag:v', AVI_TAGS[codec.streamCodec]] : []), '-f', 'avi', '-y', output];
  const run = await runFfmpeg(ffmpeg.path, args, { what: `writing ${codec.id} into AVI`, file: output });
  if (run.code !== 0) throw new LossyvisionError('UNSUPPORTED', `Expected ffmpeg to write the ${codec.id} bitstream into AVI but it failed: ${lastLines(run.stderr)}`, { file: output });
  const probe = await probeVideo(ffmpeg, output);
  if (probe.codec !== codec.streamCodec) {
    throw new LossyvisionError('UNSUPPORTED', `Expected the AVI to read back as ${codec.streamCodec} but ffmpeg ${ffmpeg.version} reads it as ${probe.codec}; export with another codec (h264, vp9 or av1 read back from AVI)`, { file: output });
  }
  const muxed = (await demuxedPacketBytes(ffmpeg, output, 'avi')).reduce((a, b) => a + b, 0);
  if (muxed !== payloadBytes) {
    throw new LossyvisionError('DECODE_FAILED', `Expected the AVI to carry the ${payloadBytes} payload bytes of the ${codec.id} bitstream but its packets sum to ${muxed}`, { file: output });
  }
}
