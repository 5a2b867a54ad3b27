import sharp from 'sharp';
import { sourceFormat } from '../media/source-format.js';
import { ijgQuality, type IjgQuality } from './ijg-quality.js';
import { readJpegHeaders, type JpegHeaders } from './jpeg-markers.js';
import { chromaSubsampling } from './subsampling.js';

/** What an image file's bytes say about how it was stored. */
export interface ImageInspection {
  /** jpeg, png, webp, avif, heif, gif, tiff, bmp, … (from the bytes, not the name). */
  readonly format: string;
  readonly width: number | null;
  readonly height: number | null;
  /**
   * Whether the stored pixels went through a lossy codec: true, false, or null where the
   * headers cannot tell (an AVIF/HEIF may be lossless; nothing in its header says so).
   */
  readonly lossy: boolean | null;
  /** "4:2:0", "4:4:4", "greyscale", … where the headers state it (JPEG). */
  readonly subsampling: string | null;
  /** JPEG only. */
  readonly jpeg?: {
    readonly process: JpegHeaders['process'];
    readonly arithmetic: boolean;
    readonly precision: number;
    readonly components: number;
    /** null for lossless JPEG or tables missing. */
    readonly quality: IjgQuality | null;
  };
  /** Anything the reader had to assume, in words. */
  readonly note?: string;
}

/** Inspects an image from its bytes: JPEG headers are parsed here; other formats' sizes come from sharp's header read. */
export async function inspectImageBytes(bytes: Uint8Array, file?: string): Promise<ImageInspection> {
  const source = sourceFormat(bytes);
  if (source.format === 'jpeg') {
    const h = readJpegHeaders(bytes, file);
    const lossless = h.process === 'lossless';
    return {
      format: 'jpeg',
      width: h.width,
      height: h.height,
      lossy: !lossless,
      subsampling: chromaSubsampling(h.components),
      jpeg: {
        process: h.process,
        arithmetic: h.arithmetic,
        precision: h.precision,
        components: h.components.length,
        quality: lossless ? null : (ijgQuality(h) ?? null),
      },
      ...(h.components.length === 3 && h.adobeTransform === 0 ? { note: 'stored as RGB (Adobe transform 0), not YCbCr' } : {}),
    };
  }
  let width: number | null = null;
  let height: number | null = null;
  try {
    const meta = await sharp(bytes).metadata();
    width = meta.width ?? null;
    height = meta.height ?? null;
  } catch {
    // A format sharp cannot read still gets its name and lossiness from the magic bytes.
  }
  const unknownLossless = source.format === 'avif' || source.format === 'heif' || source.format === 'jxl' || source.format === 'jp2';
  return {
    format: source.format,
    width,
    height,
    lossy: unknownLossless ? null : source.format === 'unknown' ? null : source.lossy,
    subsampling: null,
    ...(unknownLossless ? { note: `${source.format} may be lossy or lossless; its header does not say (most are lossy)` } : {}),
    ...(source.variant ? { note: `WebP ${source.variant} bitstream (${source.variant === 'lossy' ? 'VP8' : 'VP8L'})` } : {}),
  };
}
