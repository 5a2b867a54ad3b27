import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openClassFolders } from '../../src/datasets/class-folders.js';
import { collect, fixture } from './helpers.js';

describe('openClassFolders', () => {
  it('labels images by their sorted class folder, nested images included', async () => {
    const ds = await openClassFolders(fixture('classes'));
    expect(ds.classes).toEqual(['cat', 'cup', 'person']);
    expect([...ds.categories!]).toEqual([[0, 'cat'], [1, 'cup'], [2, 'person']]);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.groundTruth])).toEqual([
      ['cat/chelsea.png', { label: 0, name: 'cat' }],
      ['cup/coffee.png', { label: 1, name: 'cup' }],
      ['person/nasa/astronaut.jpg', { label: 2, name: 'person' }],
    ]);
    expect(samples[2].path).toBe(fixture('classes/person/nasa/astronaut.jpg'));
    expect((await samples[2].load()).width).toBe(64);
  });

  it('says what it expected when there are no class folders', async () => {
    await expect(openClassFolders(mkdtempSync(join(tmpdir(), 'lv-empty-')))).rejects.toThrow('Expected class folders (root/<class>/<image>) with at least one image');
  });
});
