import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUcf101, openUcf101 } from '../../src/datasets/ucf101.js';

const ROOT = new URL('../fixtures/action/ucf-lists', import.meta.url).pathname;

async function tempRoot(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'lossyvision-ucf-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), text);
  }
  return root;
}

describe('openUcf101', () => {
  it('reads classInd and every test split, a video in two splits once', async () => {
    expect(isUcf101(ROOT)).toBe(true);
    const ds = await openUcf101(ROOT);
    expect(ds.classes).toEqual(['Walk', 'Jump']);
    expect(ds.splits).toEqual([1, 2]);
    expect(ds.videos.map((v) => [v.id, v.groundTruth.label, v.groundTruth.splits])).toEqual([
      ['Walk/v_Walk_g01_c01.avi', 0, [1, 2]],
      ['Jump/v_Jump_g01_c01.avi', 1, [1]],
      ['Jump/v_Jump_g02_c01.avi', 1, [2]],
    ]);
    // The official archive's layout: videos under UCF-101/.
    expect(ds.videos[0].path).toBe(join(ROOT, 'UCF-101', 'Walk', 'v_Walk_g01_c01.avi'));
  });

  it('keeps only the chosen splits', async () => {
    const ds = await openUcf101(ROOT, { splits: [2] });
    expect(ds.videos.map((v) => v.id)).toEqual(['Walk/v_Walk_g01_c01.avi', 'Jump/v_Jump_g02_c01.avi']);
    await expect(openUcf101(ROOT, { splits: [3] })).rejects.toThrow('Expected testlist03.txt for split 3 but it does not exist');
  });

  it('refuses unknown classes, wrong labels, escaping paths and a bad classInd', async () => {
    const base = { 'classInd.txt': '1 Walk\n' };
    let root = await tempRoot({ ...base, 'testlist01.txt': 'Run/v_Run_g01.avi\n' });
    await expect(openUcf101(root)).rejects.toThrow('Expected "<class folder>/<video>" with a class from classInd.txt but received "Run/v_Run_g01.avi"');
    root = await tempRoot({ ...base, 'testlist01.txt': 'Walk/v.avi 2\n' });
    await expect(openUcf101(root)).rejects.toThrow('Expected label 1 (Walk in classInd.txt) but received 2');
    root = await tempRoot({ ...base, 'testlist01.txt': 'Walk/../../etc/passwd\n' });
    await expect(openUcf101(root)).rejects.toThrow(/Expected a relative path inside .* \(leaves the folder\)/);
    root = await tempRoot({ 'classInd.txt': '2 Walk\n', 'testlist01.txt': '' });
    await expect(openUcf101(root)).rejects.toThrow('Expected "1 <class name>" but received "2 Walk"');
    root = await tempRoot({ 'readme.txt': '' });
    await expect(openUcf101(root)).rejects.toThrow(/Expected classInd.txt/);
  });
});
