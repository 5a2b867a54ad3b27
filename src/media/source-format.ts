/** What a file's bytes say it is, and whether its pixels already went through a lossy codec. */
export interface SourceFormat {
  /** jpeg, png, webp, avif, heif, gif, tiff, bmp, jxl, jp2, or unknown. */
  readonly format: string;
  /**
   * True when the stored pixels are already the output of a lossy codec, so compressing them
   * again measures double compression. AVIF/HEIF are assumed lossy (lossless ones are rare and
   * not told apart by the header); JPEG XL and JPEG 2000 likewise.
   */
  readonly lossy: boolean;
  /** For WebP: which bitstream, 'lossy' (VP8) or 'lossless' (VP8L). */
  readonly variant?: string;
}

const ascii = (b: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...b.subarray(start, start + length));

/** Brands of an ISO-BMFF `ftyp` box that mean AVIF or HEIF. */
const HEIF_BRANDS = new Map<string, string>([
  ['avif', 'avif'],
  ['avis', 'avif'],
  ['heic', 'heif'],
  ['heix', 'heif'],
  ['hevc', 'heif'],
  ['heim', 'heif'],
  ['heis', 'heif'],
  ['mif1', 'heif'],
  ['msf1', 'heif'],
]);

/** Magic-byte sniffing: synchronous and cheap, no decoding. */
export function sourceFormat(buffer: Uint8Array): SourceFormat {
  const b = buffer;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: 'jpeg', lossy: true };
  if (b.length >= 8 && ascii(b, 1, 3) === 'PNG') return { format: 'png', lossy: false };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webpFormat(b);
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') {
    const major = HEIF_BRANDS.get(ascii(b, 8, 4));
    if (major) return { format: compatibleAvif(b) ? 'avif' : major, lossy: true };
  }
  if (b.length >= 4 && ascii(b, 0, 4) === 'GIF8') return { format: 'gif', lossy: false };
  if (b.length >= 4 && (ascii(b, 0, 4) === 'II*\0' || ascii(b, 0, 4) === 'MM\0*')) return { format: 'tiff', lossy: false };
  if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return { format: 'bmp', lossy: false };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0x0a) return { format: 'jxl', lossy: true };
  if (b.length >= 12 && ascii(b, 4, 4) === 'JXL ') return { format: 'jxl', lossy: true };
  if (b.length >= 12 && ascii(b, 4, 4) === 'jP  ') return { format: 'jp2', lossy: true };
  return { format: 'unknown', lossy: false };
}

/** mif1 files whose compatible brands include avif are AVIF. */
function compatibleAvif(b: Uint8Array): boolean {
  const size = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
  for (let at = 16; at + 4 <= Math.min(size, b.length); at += 4) {
    if (ascii(b, at, 4) === 'avif' || ascii(b, at, 4) === 'avis') return true;
  }
  return false;
}

/** A WebP file is lossy when its image chunk is 'VP8 ', lossless when it is 'VP8L'. */
function webpFormat(b: Uint8Array): SourceFormat {
  for (let at = 12; at + 8 <= b.length; ) {
    const id = ascii(b, at, 4);
    if (id === 'VP8 ') return { format: 'webp', lossy: true, variant: 'lossy' };
    if (id === 'VP8L') return { format: 'webp', lossy: false, variant: 'lossless' };
    const size = b[at + 4] | (b[at + 5] << 8) | (b[at + 6] << 16) | (b[at + 7] << 24);
    at += 8 + size + (size & 1);
  }
  return { format: 'webp', lossy: true };
}
