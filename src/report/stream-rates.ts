import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { settingCodec } from '../codecs/levels.js';

/**
 * Mean kbps per (codec setting, level) over the videos of a video sweep, from the streams.json
 * that `run` writes beside results.duckdb; an image sweep has none, and every answer is null.
 * Each stream names its setting ("h264@preset=fast"), so two settings of one codec keep their
 * own rates. streams.json of older runs names only the codec: with two settings of that codec in
 * `settings` their streams cannot be told apart, and the answer is null.
 */
export async function streamRates(dir: string, settings: readonly string[] = []): Promise<(setting: string, level: number) => number | null> {
  let streams: { codec?: unknown; setting?: unknown; level?: unknown; kbps?: unknown }[] = [];
  try {
    const parsed = JSON.parse(await readFile(join(dir, 'streams.json'), 'utf8')) as unknown;
    if (Array.isArray(parsed)) streams = parsed as typeof streams;
  } catch {
    // No streams.json (image data) or unreadable: no kbps.
  }
  const bySetting = new Map<string, { total: number; count: number }>();
  const byCodec = new Map<string, { total: number; count: number }>();
  const add = (sums: typeof bySetting, key: string, kbps: number) => {
    const sum = sums.get(key) ?? { total: 0, count: 0 };
    sum.total += kbps;
    sum.count++;
    sums.set(key, sum);
  };
  for (const s of streams) {
    if (typeof s.codec !== 'string' || typeof s.level !== 'number' || typeof s.kbps !== 'number' || !Number.isFinite(s.kbps)) continue;
    if (typeof s.setting === 'string') add(bySetting, `${s.setting}\u0000${s.level}`, s.kbps);
    else add(byCodec, `${s.codec}\u0000${s.level}`, s.kbps);
  }
  const mean = (sum: { total: number; count: number } | undefined) => (sum ? sum.total / sum.count : null);
  return (setting, level) => {
    const named = bySetting.get(`${setting}\u0000${level}`);
    if (named) return mean(named);
    const codec = settingCodec(setting);
    if (settings.filter((s) => settingCodec(s) === codec).length > 1) return null;
    return mean(byCodec.get(`${codec}\u0000${level}`));
  };
}
