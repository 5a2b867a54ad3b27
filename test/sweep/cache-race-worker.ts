/**
 * One of several processes racing on one cache folder (cache-race.test.ts): writes and reads the
 * same entries over and over; prints how many reads it made, and exits 1 on any wrong byte.
 */
import { createHash } from 'node:crypto';
import { SweepCache, type BitstreamRecord } from '../../src/sweep/cache.js';

const [dir, rounds] = [process.argv[2], Number(process.argv[3])];
let damaged = 0;
const cache = new SweepCache(dir, () => damaged++);
// 200 KB: far larger than one write() can be, so a torn write would be seen.
const bitstream = new Uint8Array(200_000).map((_, i) => (i * 31) % 251);
const bitstreamSha256 = createHash('sha256').update(bitstream).digest('hex');
const prediction = Array.from({ length: 2000 }, (_, i) => ({ box: [i, i + 1, i + 2, i + 3], score: i / 2000, category: i % 80 }));
let reads = 0;
for (let round = 0; round < rounds; round++) {
  const key = createHash('sha256').update(`entry-${round % 5}`).digest('hex');
  await cache.putBitstream(key, 'jpg', bitstream, { codec: 'jpeg', level: 50, bytes: bitstream.byteLength, bpp: 1, psnr: 30, ssim: 0.9, width: 100, height: 100, decodedSha256: bitstreamSha256, bitstreamSha256 } as BitstreamRecord);
  await cache.putPrediction(key, prediction);
  const record = await cache.getBitstream(key);
  const data = record && (await cache.readBitstream(key, 'jpg', record));
  const read = await cache.getPrediction<typeof prediction>(key);
  if (!data || Buffer.compare(Buffer.from(data), Buffer.from(bitstream)) !== 0 || JSON.stringify(read) !== JSON.stringify(prediction)) {
    process.stderr.write(`round ${round}: wrong or missing entry\n`);
    process.exit(1);
  }
  reads++;
}
if (damaged > 0) {
  process.stderr.write(`${damaged} entries read as damaged\n`);
  process.exit(1);
}
process.stdout.write(`${reads}\n`);
