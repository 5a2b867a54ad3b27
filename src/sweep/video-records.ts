import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../files.js';
import { readEntry, sealEntry, type DamageListener } from './entry.js';

/** One source video decoded by one ffmpeg: its size, rate and the digests of the frames scored so far. */
export interface PristineVideoRecord {
  width: number;
  height: number;
  fps: number;
  frameCount: number;
  /** ffmpeg's name for the source codec, and whether it is already lossy. */
  sourceCodec: string;
  lossy: boolean;
  /** Frame index → sha256 of its RGB pixels (scored frames only). */
  frames: Record<string, string>;
}

/** One video encode at one level: the exact stream figures and what each scored frame decoded to. */
export interface VideoEncodeRecord {
  codec: string;
  encoder: string;
  encoderVersion: string;
  level: number;
  bytes: number;
  containerBytes: number;
  kbps: number;
  bpp: number;
  frames: number;
  /** Over every frame; null when every frame is identical to its pristine frame. */
  meanPsnr: number | null;
  meanSsim: number;
  /** Frame index → decoded pixels' sha256 and the frame's PSNR (null = ∞) and SSIM (scored frames only). */
  scored: Record<string, { sha: string; psnr: number | null; ssim: number }>;
}

/**
 * Video records beside the sweep cache (`<cache>/videos`, `<cache>/video-encodes`), written
 * like SweepCache entries: content-addressed keys, temporary file (in `<cache>/tmp`) renamed
 * into place, length and sha256 sealed in and checked on read; a damaged record is deleted,
 * reported to `onDamaged` and read as a miss, so the video is decoded or encoded again.
 */
export class VideoRecords {
  constructor(
    readonly dir: string,
    private readonly onDamaged?: DamageListener,
  ) {}

  getPristine(key: string): Promise<PristineVideoRecord | undefined> {
    return readEntry(this.path('videos', key), 'videos', this.onDamaged);
  }

  putPristine(key: string, record: PristineVideoRecord): Promise<void> {
    return this.write(this.path('videos', key), record);
  }

  getEncode(key: string): Promise<VideoEncodeRecord | undefined> {
    return readEntry(this.path('video-encodes', key), 'video-encodes', this.onDamaged);
  }

  putEncode(key: string, record: VideoEncodeRecord): Promise<void> {
    return this.write(this.path('video-encodes', key), record);
  }

  private path(kind: string, key: string): string {
    return join(this.dir, kind, key.slice(0, 2), `${key}.json`);
  }

  private write(path: string, value: unknown): Promise<void> {
    return writeFileAtomic(path, sealEntry(JSON.stringify(value)), { tmpDir: join(this.dir, 'tmp') });
  }
}

/** sha256 of a file, streamed: videos can be large. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
