import type { LevelSpec } from '../codecs/codec.js';
import type { CodecParam, CodecParams } from '../codecs/params.js';
import type { RgbImage } from '../media/image.js';

/** How the level is read: a CRF, a constant quantiser, or a target bitrate in kbit/s. */
export type RateControl = 'crf' | 'qp' | 'bitrate';

/** A raw bitstream format ffmpeg can write and read back with no container around it. */
export interface BitstreamFormat {
  /** ffmpeg muxer/demuxer name: h264, hevc, ivf. */
  readonly muxer: string;
  readonly extension: string;
  /** Container bytes that are not codec payload: IVF's 32-byte file header + 12 per frame; 0 for Annex B. */
  overheadBytes(packets: number): number;
}

/**
 * A video codec implemented by an ffmpeg encoder. It is data plus one pure function from
 * (encoder, level, parameters) to ffmpeg output options; running ffmpeg is encode.ts's job.
 */
export interface VideoCodec {
  readonly id: string;
  readonly kind: 'video';
  readonly description: string;
  /** The level grammar's range for this codec (CRF or QP); bitrate levels are kbit/s instead. */
  readonly level: LevelSpec;
  /** Every parameter beside the level, declared as data with its default. */
  readonly params: readonly CodecParam[];
  /** ffmpeg encoders that implement it, in order of preference. */
  readonly encoders: readonly string[];
  /** ffmpeg's name for the coded stream (h264, hevc, vp9, av1): a decoder for it must exist too. */
  readonly streamCodec: string;
  readonly bitstream: BitstreamFormat;
  /** ffmpeg output options for one encode (after `-c:v encoder`). */
  outputArgs(encoder: string, level: number, params: CodecParams): string[];
}

/** What one encode of a whole video at one level did, exactly. */
export interface VideoEncodeResult {
  readonly codec: string;
  /** The ffmpeg encoder that ran (libx264, libaom-av1, …) and its library version. */
  readonly encoder: string;
  readonly encoderVersion: string;
  readonly level: number;
  readonly rateControl: RateControl;
  /** Every parameter as it ran, defaults filled in. */
  readonly params: CodecParams;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly fps: number;
  /** Codec payload: the sum of packet sizes. */
  readonly bytes: number;
  /** Size of each packet in decode order (one per encoded frame, or superframe for VP9). */
  readonly packetBytes: readonly number[];
  /** What the raw-bitstream format adds around the payload (IVF headers), listed apart. */
  readonly containerBytes: number;
  /** bytes · 8 / duration / 1000, at the source frame rate. */
  readonly kbps: number;
  /** 8 · bytes / (width · height · frames). */
  readonly bpp: number;
  /** PSNR (RGB, 8-bit peak) of each decoded frame against its pristine frame; Infinity when identical. */
  readonly psnr: readonly number[];
  /** SSIM (luma, Gaussian 11, σ 1.5) of each decoded frame. */
  readonly ssim: readonly number[];
  /** Mean of the finite per-frame PSNRs (Infinity when every frame is identical). */
  readonly meanPsnr: number;
  readonly meanSsim: number;
  /** Where the bitstream was written; kept only when `output` was given. */
  readonly bitstreamPath?: string;
  /** Wall time of the encode pass, and of the decode-and-compare pass. */
  readonly encodeMs: number;
  readonly decodeMs: number;
  /** ffmpeg provenance: which binary, found how, which version. */
  readonly ffmpeg: { readonly path: string; readonly source: string; readonly version: string };
}

/** Called for every decoded frame with its pristine counterpart, in order; awaited (backpressure). */
export type DecodedFrameHandler = (index: number, decoded: RgbImage, pristine: RgbImage) => void | Promise<void>;
