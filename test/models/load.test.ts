import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listZooModels, loadModel } from '../../src/models/load.js';
import { constantGraph, writeGraph } from './onnx-builder.js';
import { sha256Files } from '../../src/models/hash-files.js';
import { PROBE_IMAGE } from '../../src/models/probe.js';

const graph = () => writeGraph('m.onnx', constantGraph({ name: 'images', dims: [1, 3, 64, 64] }, [{ name: 'output0', dims: [1, 84, 1], values: new Array(84).fill(0) }]));

describe('loadModel', () => {
  it('lists the zoo in unknown-id errors', async () => {
    const ids = listZooModels().map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['zoo:centernet', 'zoo:nanodet', 'zoo:movenet-lightning', 'zoo:selfie']));
    await expect(loadModel('zoo:yolo')).rejects.toThrow(`Unknown model "zoo:yolo", expected one of: ${ids.join(', ')}`);
  });

  it('asks for a format when a user model has no config', async () => {
    await expect(loadModel(graph())).rejects.toThrow(/needs its output format: write "format" \(one of: yolov5, yolov8, torchvision\) in a model config JSON and give it with --model-config\. The model's outputs: output0 float32 \[1, 84, 1\]/);
  });

  it('refuses a model for another task', async () => {
    await expect(loadModel('zoo:centernet', { task: 'pose' })).rejects.toThrow('model zoo:centernet is a detection model, expected a pose model');
  });

  it('reads the model config file, lets flags override it, and hashes weights with settings', async () => {
    const file = graph();
    const cfg = path.join(mkdtempSync(path.join(tmpdir(), 'lossyvision-cfg-')), 'cfg.json');
    writeFileSync(cfg, JSON.stringify({ format: 'yolov8', scoreThreshold: 0.25 }));
    const a = await loadModel(file, { modelConfig: cfg });
    const b = await loadModel(file, { modelConfig: cfg });
    const c = await loadModel(file, { modelConfig: cfg, scoreThreshold: 0.3 });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(b.hash);
    expect(c.hash).not.toBe(a.hash);
    expect(a.provenance.modelSha256).toBe(await sha256Files([file]));
    expect(JSON.parse(a.provenance.adapter)).toMatchObject({ family: 'yolov8', scoreThreshold: 0.25, inputWidth: 64, inputHeight: 64 });
    expect(JSON.parse(c.provenance.adapter).scoreThreshold).toBe(0.3);
    await Promise.all([a.dispose(), b.dispose(), c.dispose()]);
  });

  it('says what it expected for a missing path', async () => {
    await expect(loadModel('/nonexistent/model.onnx')).rejects.toThrow(
      '/nonexistent/model.onnx: model not found: expected an .onnx file, a TF.js folder or model.json, or one of: zoo:centernet, zoo:nanodet',
    );
  });

  it('skips the load-time probe inference with probe: false (a sweep worker after the first), and predicts the same', async () => {
    const checked = await loadModel('zoo:nanodet');
    const unchecked = await loadModel('zoo:nanodet', { probe: false });
    expect(checked.probePrediction).toBeDefined();
    expect(unchecked.probePrediction).toBeUndefined();
    expect(unchecked.hash).toBe(checked.hash);
    expect(await unchecked.predict(PROBE_IMAGE)).toEqual(checked.probePrediction);
    await Promise.all([checked.dispose(), unchecked.dispose()]);
  });
});
