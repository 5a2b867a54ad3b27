import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../../src/datasets/paths.js';

describe('resolveInside', () => {
  it('resolves relative paths inside the root', () => {
    expect(resolveInside('/data/coco/images', 'val/0001.jpg')).toBe(resolve('/data/coco/images/val/0001.jpg'));
    expect(resolveInside('rel/root', 'x.png')).toBe(join(resolve('rel/root'), 'x.png'));
  });

  it('refuses absolute paths and climbing out, naming the file and entry', () => {
    const context = { file: 'instances.json', entry: 'images[4] (id 12)' };
    expect(() => resolveInside('/data/images', '../secret.jpg', context)).toThrow(
      'instances.json: images[4] (id 12): Expected a relative path inside /data/images but received "../secret.jpg" (leaves the folder)',
    );
    expect(() => resolveInside('/data/images', '/etc/passwd', context)).toThrow(/absolute path/);
    expect(() => resolveInside('/data/images', 'C:\\x.jpg', context)).toThrow(/absolute path/);
    expect(() => resolveInside('/data/images', 'a/../../b.jpg')).toThrow(/leaves the folder/);
    expect(() => resolveInside('/data/images', 'a/../b.jpg')).toThrow(/contains "\.\."/);
    expect(() => resolveInside('/data/images', '')).toThrow(/empty/);
  });
});
