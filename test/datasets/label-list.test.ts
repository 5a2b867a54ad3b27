import { describe, expect, it } from 'vitest';
import { openLabelList } from '../../src/datasets/label-list.js';
import { collect, fixture } from './helpers.js';

describe('openLabelList', () => {
  it('reads "path label" lines with class names, sorted into labels, paths relative to the list', async () => {
    const ds = await openLabelList(fixture('classes/labels.txt'));
    expect(ds.classes).toEqual(['cat', 'cup', 'person']);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.groundTruth!.label])).toEqual([
      ['cat/chelsea.png', 0],
      ['cup/coffee.png', 1],
      ['person/nasa/astronaut.jpg', 2],
    ]);
    expect(samples[1].path).toBe(fixture('classes/cup/coffee.png'));
  });

  it('reads CSV with a header and numeric labels as given', async () => {
    const ds = await openLabelList(fixture('classes/numeric.csv'));
    expect(ds.classes).toEqual(['0', '1', '2', '3']);
    expect((await collect(ds)).map((s) => [s.id, s.groundTruth])).toEqual([['cat/chelsea.png', { label: 3, name: '3' }], ['cup/coffee.png', { label: 0, name: '0' }]]);
    await expect(openLabelList(fixture('classes/numeric.csv'), { classes: ['a', 'b'] })).rejects.toThrow('numeric.csv: line 2: Expected a label between 0 and 1 but received 3');
  });

  it('refuses a path that leaves the root, naming the line', async () => {
    await expect(openLabelList(fixture('classes/unsafe.txt'))).rejects.toMatchObject({
      code: 'UNSAFE_PATH',
      message: expect.stringContaining('unsafe.txt: line 2: Expected a relative path inside'),
    });
  });

  it('names a missing list file', async () => {
    await expect(openLabelList(fixture('classes/none.txt'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
