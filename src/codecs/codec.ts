import type { RgbImage } from '../media/image.js';
import type { CodecParam, CodecParams } from './params.js';
import type { Fidelity } from '../fidelity/fidelity.js';

/** The codec's own knob and its valid range: JPEG quality 1–100, CRF 0–51, … */
export interface LevelSpec {
  /** What the level is called in messages: "quality", "crf". */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** Which end is the most compressed (for JPEG quality: the minimum). */
  readonly mostCompressed: 'min' | 'max';
  /** The level used when a codec is named without levels (`--codec png`), if it has one. */
  readonly default?: number;
}

/** What one encode did, exactly. */
export interface EncodeResult {
  readonly codec: string;
  readonly level: number;
  /** Every codec parameter as it ran, defaults filled in. */
  readonly params: CodecParams;
  /** The compressed bitstream as written to disk. */
  readonly bitstream: Uint8Array;
  /** bitstream.byteLength, the true size. */
  readonly bytes: number;
  /** 8 · bytes / (width · height). */
  readonly bpp: number;
  /** The bitstream decoded back to RGB at the original size. */
  readonly decoded: RgbImage;
  /** PSNR over RGB, 8-bit peak; Infinity for identical images; NaN when the fidelity asked left it out. */
  readonly psnr: number;
  /** SSIM on luma, Gaussian window 11, σ 1.5 (Wang et al. 2004); NaN for images smaller than 11×11 or when left out. */
  readonly ssim: number;
}

export interface ImageCodec {
  readonly id: string;
  readonly kind: 'image';
  readonly level: LevelSpec;
  /** File extension for written bitstreams, without the dot. */
  readonly extension: string;
  /** Other extensions files of this format are named with (JPEG's "jpeg"), without the dot. */
  readonly otherExtensions?: readonly string[];
  /** Lossless codecs (png) make the reference row. */
  readonly lossless: boolean;
  /** One-line description for `lossyvision codecs`, including scale caveats. */
  readonly description: string;
  /** Library and version behind it, e.g. { libvips: "8.17.2", "libjpeg-turbo": "3.1.0" }. */
  versions(): Record<string, string>;
  /** Validated codec parameters (chroma subsampling, effort, …) and their defaults. */
  readonly defaults: Readonly<Record<string, string | number | boolean>>;
  /** The parameters `encode` accepts, declared as data (types, ranges, defaults). */
  readonly params: readonly CodecParam[];
  /**
   * Codecs run by an external program (ffmpeg) find it and learn its version here; `versions()`
   * needs it done first. Sweeps, reports and retraining await it before encoding.
   */
  prepare?(): Promise<void>;
  /** Decodes a stored bitstream that sharp cannot read (raw H.264), to the original image's size. */
  decode?(bitstream: Uint8Array, width: number, height: number): Promise<RgbImage>;
  /** `fidelity` (default "full") says which of PSNR and SSIM to compute. */
  encode(image: RgbImage, level: number, params?: Record<string, string | number | boolean>, fidelity?: Fidelity): Promise<EncodeResult>;
}

export type Codec = ImageCodec;
