import { readFile } from 'node:fs/promises';
import { LossyvisionError } from '../errors.js';
import type { BitstreamFormat } from './codec.js';
import type { Ffmpeg } from './ffmpeg.js';
import { runFfmpeg } from './process.js';

/** H.264/H.265 Annex B byte streams: start codes are part of the standard's bitstream, no container. */
export const annexB = (muxer: 'h264' | 'hevc', extension: string): BitstreamFormat => ({
  muxer,
  extension,
  overheadBytes: () => 0,
});

export const IVF_FILE_HEADER_BYTES = 32;
export const IVF_FRAME_HEADER_BYTES = 12;

/** IVF, the minimal VP8/VP9/AV1 container: a 32-byte file header and 12 bytes before each frame. */
export const ivf: BitstreamFormat = {
  muxer: 'ivf',
  extension: 'ivf',
  overheadBytes: (packets) => IVF_FILE_HEADER_BYTES + IVF_FRAME_HEADER_BYTES * packets,
};

/**
 * Frame payload sizes of an IVF file, read from its frame headers (4-byte little-endian size,
 * 8-byte timestamp). Reads the file whole: IVF is only used for the encoded bitstream,
 * which is small next to the raw frames.
 */
export async function ivfPacketBytes(file: string): Promise<number[]> {
  const data = await readFile(file);
  if (data.length < IVF_FILE_HEADER_BYTES || data.toString('latin1', 0, 4) !== 'DKIF') {
    throw new LossyvisionError('INVALID_FILE', 'is not an IVF file (no DKIF signature)', { file });
  }
  const headerBytes = data.readUInt16LE(6);
  const sizes: number[] = [];
  let at = headerBytes;
  while (at < data.length) {
    if (at + IVF_FRAME_HEADER_BYTES > data.length) {
      throw new LossyvisionError('INVALID_FILE', `IVF frame header cut short at byte ${at}`, { file });
    }
    const size = data.readUInt32LE(at);
    at += IVF_FRAME_HEADER_BYTES + size;
    if (at > data.length) throw new LossyvisionError('INVALID_FILE', `IVF frame ${sizes.length} runs past the end`, { file });
    sizes.push(size);
  }
  return sizes;
}

/**
 * Packet sizes as ffmpeg's demuxer splits the stream (`-c copy -f framecrc`): for Annex B
 * this is one access unit per packet, and the sizes sum to the file size.
 */
export async function demuxedPacketBytes(ffmpeg: Ffmpeg, file: string, format: string): Promise<number[]> {
  const out = await runFfmpeg(ffmpeg.path, ['-loglevel', 'error', '-f', format, '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'framecrc', 'pipe:1'], {
    what: `listing the packets of ${format}`,
    file,
  });
  if (out.code !== 0) throw new LossyvisionError('DECODE_FAILED', `could not list packets: ${out.stderr.trim()}`, { file });
  const sizes: number[] = [];
  // Rows: stream, dts, pts, duration, size, checksum[, flags]
  for (const line of out.stdout.toString('utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length >= 6) sizes.push(Number(fields[4]));
  }
  return sizes;
}
