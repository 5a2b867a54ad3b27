/**
 * The codec path of a lossyvision sweep alone, for bench/peers.ts: every image of DIR through
 * lossyvision's JPEG codec (encode, decode and the FIDELITY measures) at each level, one at a
 * time as a sweep worker does. Prints one JSON line with the loop's process CPU (libvips' threads
 * included), the same measure as the Pillow side's time.process_time().
 *
 *   node --import tsx bench/peers/lossyvision-codec.ts DIR 95,75,50 full|psnr|none
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getImageCodec } from '../../src/codecs/registry.js';
import type { Fidelity } from '../../src/fidelity/fidelity.js';
import { decodeImage } from '../../src/media/decode.js';

const [folder, levelList, fidelity] = process.argv.slice(2) as [string, string, Fidelity];
const levels = levelList.split(',').map(Number);
const names = readdirSync(folder).filter((n) => n.endsWith('.png')).sort();
const images = await Promise.all(names.map((n) => decodeImage(join(folder, n))));
const jpeg = getImageCodec('jpeg');

const started = process.cpuUsage();
let bytes = 0;
for (const image of images) {
  for (const level of levels) bytes += (await jpeg.encode(image, level, undefined, fidelity)).bytes;
}
const used = process.cpuUsage(started);
console.log(JSON.stringify({ cpu_s: (used.user + used.system) / 1e6, bytes, encodes: images.length * levels.length }));
