/**
 * Video sweeps shard by video and merge to a one-machine run's files, byte for byte: three short
 * clips cut from the demo video with ffmpeg, a real detector, real H.264 and JPEG. The clips'
 * names put one video in each of 3 shards — shard 3 runs the middle video and shard 2 the last,
 * alone, so their frame ids must not depend on the other videos' frame counts.
 */
import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardOfSample } from '../../src/sweep/shard.js';
import { findFfmpeg } from '../../src/video/ffmpeg.js';
import { expectUserError, lv, root, runFullAndShards } from './lv.js';

const VIDEOS = ['east.avi', 'north.avi', 'west.avi'];
const sweep = (out: string, ...extra: string[]): string[] => [
  'run', '--model', 'zoo:centernet', '--data', dir('videos'), '--codec', 'h264:30', '--codec', 'jpeg:50',
  '--max-frames', '4', '--frame-stride', '2', '--no-progress', '--no-report', '--out', out, ...extra,
];
/** A one-machine run's files whose every byte must come back from a merge (streams: the kbps table). */
const FILES = ['table.json', 'table.md', 'table.csv', 'results.json', 'results.csv', 'failures.csv', 'streams.csv', 'streams.json'];
const expectSameFiles = (a: string, b: string): void => {
  for (const file of FILES) expect(readFileSync(join(b, file), 'utf8'), file).toBe(readFileSync(join(a, file), 'utf8'));
};
/** Every sample's stored metric state (what the report bootstraps), in a stable order. */
async function sampleStates(out: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(out, 'results.duckdb'), { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll('SELECT model, codec, level, family, sample, state::VARCHAR AS state FROM sample_metrics ORDER BY sample, codec, level')).getRowObjectsJson();
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
const manifest = (shard: string) => JSON.parse(readFileSync(join(dir(shard), 'shard.json'), 'utf8'));

let base: string;
const dir = (name: string): string => join(base, name);

describe('lossyvision run --shard on video data, then merge', () => {
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'lv-merge-video-'));
    await mkdir(dir('videos'));
    const ffmpeg = await findFfmpeg();
    // Three clips of 6 frames from different seconds of the street video, at half size.
    for (const [i, name] of VIDEOS.entries()) {
      await promisify(execFile)(ffmpeg.path, [
        '-loglevel', 'error', '-ss', String(2 * i), '-i', join(root, 'demo/video/vtest-60.avi'),
        '-frames:v', '6', '-vf', 'scale=384:288', '-c:v', 'mjpeg', '-q:v', '3', join(dir('videos'), name),
      ]);
    }
    runFullAndShards(sweep, dir);
  }, 300_000);

  it('assigns whole videos by the hash of their id, one to each shard here', () => {
    expect(VIDEOS.map((v) => shardOfSample(v, 3) + 1)).toEqual([1, 3, 2]);
    const manifests = ['s1', 's2', 's3'].map(manifest);
    expect(manifests.map((m) => m.unit)).toEqual(['video', 'video', 'video']);
    expect(manifests.map((m) => m.planned)).toEqual([VIDEOS, VIDEOS, VIDEOS]);
    expect(manifests.map((m) => m.samples)).toEqual([['east.avi'], ['west.avi'], ['north.avi']]);
    // Frames 0, 2 of each 4-frame video (--max-frames 4, --frame-stride 2).
    const table = JSON.parse(readFileSync(join(dir('s2'), 'table.json'), 'utf8'));
    expect(table.rows[0].n).toBe(2);
  });

  it('merges to the unsharded run’s tables, results, streams and sample states, byte for byte, in any order of the shards', async () => {
    const r = lv('merge', dir('s3'), dir('s1'), dir('s2'), '--out', dir('merged'));
    expect(r.status, r.stderr).toBe(0);
    expectSameFiles(dir('full'), dir('merged'));
    // The states carry the frames' image ids: west.avi's, run alone in shard 2, are video 2's block.
    const states = await sampleStates(dir('full'));
    expect(states.length).toBe(6 * 3);
    expect(await sampleStates(dir('merged'))).toEqual(states);
    const west = states.find((s) => s.sample === 'west.avi#2' && s.codec === 'pristine');
    expect(JSON.parse(west!.state as string).images.map((i: { imageId: number }) => i.imageId)).toEqual([2_000_003]);
    const provenance = JSON.parse(readFileSync(join(dir('merged'), 'provenance.json'), 'utf8'));
    expect(provenance.dataset.contentSha256).toBe(JSON.parse(readFileSync(join(dir('full'), 'provenance.json'), 'utf8')).dataset.contentSha256);
    const report = lv('report', dir('merged'));
    expect(report.status, report.stderr).toBe(0);
  }, 120_000);

  it('counts a video two shards finished (a retried array task) once', () => {
    cpSync(dir('s3'), dir('s3-retry'), { recursive: true });
    const r = lv('merge', dir('s1'), dir('s2'), dir('s3'), dir('s3-retry'), '--out', dir('merged-dup'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 videos were finished by two shards; each is counted once/);
    expectSameFiles(dir('full'), dir('merged-dup'));
  }, 120_000);

  it('names the videos no shard ran, and merges without them only with --allow-missing', () => {
    expectUserError(lv('merge', dir('s1'), dir('s2'), '--out', dir('merged-missing')), /merge: 1 of 3 videos are in no shard \(north\.avi\); .*--allow-missing/);
    const r = lv('merge', dir('s1'), dir('s2'), '--allow-missing', '--out', dir('merged-missing'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: 1 videos are in no shard and left out: north\.avi/);
    const table = JSON.parse(readFileSync(join(dir('merged-missing'), 'table.json'), 'utf8'));
    expect(table.rows[0].n).toBe(4);
    const streams = JSON.parse(readFileSync(join(dir('merged-missing'), 'streams.json'), 'utf8'));
    expect([...new Set(streams.map((s: { video: string }) => s.video))]).toEqual(['east.avi', 'west.avi']);
  }, 120_000);
});
