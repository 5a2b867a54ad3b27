import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES, openFashionMnist } from '../../src/datasets/fashion-mnist.js';
import { parseClothesFile } from '../../src/datasets/fashion-mnist/parse.js';
import { decodeScalarPng } from '../../src/media/png16.js';

describe('parseClothesFile', () => {
  it('reads rows of 784 values and skips empty rows', () => {
    const row = (v: number) => `[${Array(784).fill(v).join(',')}]`;
    const parsed = parseClothesFile(Buffer.from(`{"data": [${row(1)}, [], ${row(255)}]}`), 'c.json');
    expect(parsed.rows).toBe(2);
    expect([parsed.pixels[0], parsed.pixels[783], parsed.pixels[784], parsed.pixels.length]).toEqual([1, 1, 255, 1568]);
  });

  it('names the file and what it expected', () => {
    expect(() => parseClothesFile(Buffer.from('{"data": [[1,2,3]]}'), 'c.json')).toThrow('c.json: data: Expected rows of 784 values but a row has 3');
    expect(() => parseClothesFile(Buffer.from('{"data": [[1,256]]}'), 'c.json')).toThrow('Expected an integer pixel value 0–255');
    expect(() => parseClothesFile(Buffer.from('{"other": []}'), 'c.json')).toThrow('c.json: data: Expected a "data" key at byte 0');
  });
});

describe('openFashionMnist', () => {
  it('streams the 10 000 test images of the npm package, one class file at a time', async () => {
    const ds = await openFashionMnist('test');
    expect([ds.format, ds.size, ds.labelled]).toEqual(['fashion-mnist', 10_000, true]);
    expect(ds.classes).toEqual(FASHION_MNIST_CLASSES);
    const counts = new Array(10).fill(0);
    let previous = '';
    let first;
    for await (const sample of ds.samples()) {
      expect(sample.id > previous).toBe(true);
      previous = sample.id;
      counts[sample.groundTruth!.label]++;
      first ??= sample;
    }
    expect(counts).toEqual(new Array(10).fill(1000));
    expect(first!.id).toBe('test/0/0000');
    expect(first!.groundTruth).toEqual({ label: 0, name: 'T-shirt/top' });
    const image = await first!.load();
    expect([image.width, image.height, image.data.length]).toEqual([28, 28, 28 * 28 * 3]);
    // Grey → R = G = B, and the pixels are the package's first T-shirt row.
    const raw = JSON.parse(readFileSync(first!.path.split('#')[0], 'utf8')).data[0] as number[];
    expect(Array.from({ length: 784 }, (_, i) => image.data[3 * i])).toEqual(raw);
    expect(Array.from({ length: 784 }, (_, i) => image.data[3 * i + 2])).toEqual(raw);
    // bytes() is a deterministic grey PNG of the same pixels.
    const png = decodeScalarPng(await first!.bytes(), 'x.png');
    expect([...png.data]).toEqual(raw);
  }, 60_000);

  it('gives 60 000 train images that start after the test block, and refuses other splits', async () => {
    const train = await openFashionMnist('train');
    expect(train.size).toBe(60_000);
    const first = (await train.samples()[Symbol.asyncIterator]().next()).value!;
    expect(first.id).toBe('train/0/0000');
    expect(first.path.endsWith('0.json#1000')).toBe(true);
    await expect(openFashionMnist('validation')).rejects.toThrow('Expected one of test, train for Fashion-MNIST split but received "validation" of type string');
  });
});
