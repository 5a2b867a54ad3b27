/** Reads the report's visual evidence back: every sample's panels, their images decoded to pixels. */
import sharp from 'sharp';

export interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

export interface ReadPanel {
  label: string;
  caption: string;
  image: Pixels;
  crop: Pixels;
}

export interface ReadSample {
  id: string;
  /** "model · why" line. */
  why: string;
  panels: ReadPanel[];
}

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export async function decodeDataUri(uri: string): Promise<Pixels> {
  const match = /^data:image\/(jpeg|png);base64,(.+)$/.exec(uri);
  if (!match) throw new Error(`not an image data URI: ${uri.slice(0, 40)}`);
  const { data, info } = await sharp(Buffer.from(match[2], 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** The section between "Visual evidence" and "Failures", as samples with decoded panels. */
export async function readVisualEvidence(html: string): Promise<{ notes: string[]; samples: ReadSample[] }> {
  const section = html.slice(html.indexOf('<h2>Visual evidence</h2>'), html.indexOf('<h2>Failures</h2>'));
  const [head, ...parts] = section.split('<h3>');
  const notes = [...head.matchAll(/<p class="muted">(.*?)<\/p>/g)].map((m) => unescape(m[1]));
  const samples: ReadSample[] = [];
  for (const part of parts) {
    const id = unescape(part.slice(0, part.indexOf('</h3>')));
    const why = unescape(/<p class="muted">(.*?)<\/p>/.exec(part)![1]);
    const [strip, crops] = [...part.matchAll(/<div class="strip">(.*?)<\/div>/gs)].map((m) => m[1]);
    const figures = [...strip.matchAll(/<figure><img src="([^"]+)"[^>]*><figcaption>(.*?)<\/figcaption><\/figure>/g)];
    const cropUris = [...crops.matchAll(/<img class="crop" src="([^"]+)"/g)].map((m) => m[1]);
    const panels: ReadPanel[] = [];
    for (const [i, f] of figures.entries()) {
      panels.push({ label: unescape(/<b>(.*?)<\/b>/.exec(f[2])![1]), caption: unescape(f[2].replace(/<[^>]+>/g, ' ')), image: await decodeDataUri(f[1]), crop: await decodeDataUri(cropUris[i]) });
    }
    samples.push({ id, why, panels });
  }
  return { notes, samples };
}

/** Mean absolute difference per channel value between two same-sized images (0…255). */
export function meanAbsDiff(a: Pixels, b: Pixels): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

/** Share of pixels within `tolerance` (per channel) of an RGB colour. */
export function colourShare(image: Pixels, rgb: readonly [number, number, number], tolerance = 40): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 3) {
    if (Math.abs(image.data[i] - rgb[0]) <= tolerance && Math.abs(image.data[i + 1] - rgb[1]) <= tolerance && Math.abs(image.data[i + 2] - rgb[2]) <= tolerance) n++;
  }
  return n / (image.width * image.height);
}

/** A source image as the report would embed it undrawn: downscaled to the panel width, JPEG q85. */
export async function undrawnPanel(file: string, widthPx = 320, quality = 85): Promise<Pixels> {
  const jpeg = await sharp(file).removeAlpha().resize({ width: widthPx }).jpeg({ quality }).toBuffer();
  return decodeDataUri(`data:image/jpeg;base64,${jpeg.toString('base64')}`);
}
