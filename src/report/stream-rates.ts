import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { settingCodec } from '../codecs/levels.js';

/**
 * Mean kbps per (codec setting, level) over the videos of a video sweep, from the streams.json
 * that `run` writes beside results.duckdb; an image sweep has none, and every answer is null.
 * streams.json names the codec, not the setting: with two settings of one codec in `settings`
 * (h264 and h264@preset=fast) their streams cannot be told apart, and the answer is null.
 */
export async function streamRates(dir: string, settings: readonly string[] = []): Promise<(setting: string, level: number) => number | null> {
  let streams: { codec?: unknown; level?: unknown; kbps?: unknown }[] = [];
  try {
    const parsed = JSON.parse(await readFile(join(dir, 'streams.json'), 'utf8')) as unknown;
    if (Array.isArray(parsed)) streams = parsed as typeof streams;
  } catch {
    // No streams.json (image data) or unreadable: no kbps.
  }
  const sums = new Map<string, { total: number; count: number }>();
  for (const s of streams) {
    if (typeof s.codec !== 'string' || typeof s.level !== 'number' || typeof s.kbps !== 'number' || !Number.isFinite(s.kbps)) continue;
    const key = `${s.codec}\u0000${s.level}`;
    const sum = sums.get(key) ?? { total: 0, count: 0 };
    sum.total += s.kbps;
    sum.count++;
    sums.set(key, sum);
  }
  return (setting, level) => {
    const codec = settingCodec(setting);
    if (settings.filter((s) => settingCodec(s) === codec).length > 1) return null;
    const sum = sums.get(`${codec}\u0000${level}`);
    return sum ? sum.total / sum.count : null;
  };
}
