import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairModelConfigs } from '../../src/cli/model-specs.js';
import { modelConfigJsonSchema } from '../../src/models/model-config-reference.js';
import { FORWARD_ORDER, TORCHVISION_EXPORTS, writeSignatureGraph } from '../models/adapters/torchvision-graphs.js';
import { lv, root } from './lv.js';

const coco = join(root, 'test/fixtures/datasets/coco');
const detections = { boxes: [4, 4, 40, 30, 10, 10, 20, 20], labels: [1, 18], scores: [0.9, 0.3] };
const ssd = () => writeSignatureGraph('ssd.onnx', TORCHVISION_EXPORTS.ssd.plain, FORWARD_ORDER.ssd, detections);

describe('one config per model', () => {
  it('pairs each --model-config with the --model before it; one before any --model is the default', () => {
    const given = (file: string, after: number) => ({ file, after });
    expect(pairModelConfigs(['a.onnx', 'b.onnx'], [given('a.json', 1), given('b.json', 2)]).specs).toEqual(['a.onnx@a.json', 'b.onnx@b.json']);
    expect(pairModelConfigs(['a.onnx', 'zoo:centernet', 'c.onnx'], [given('d.json', 0), given('c.json', 3)]).specs).toEqual(['a.onnx@d.json', 'zoo:centernet', 'c.onnx@c.json']);
    // One model keeps its id; its config is the model option, as before.
    expect(pairModelConfigs(['a.onnx'], [given('a.json', 1)])).toEqual({ specs: ['a.onnx'], modelConfig: 'a.json' });
    expect(() => pairModelConfigs(['a.onnx', 'b.onnx'], [given('a.json', 1), given('x.json', 1)])).toThrow('Expected one --model-config per --model but a.onnx has a.json and x.json');
    expect(() => pairModelConfigs(['zoo:centernet', 'b.onnx'], [given('a.json', 1)])).toThrow('zoo:centernet: a model config applies to .onnx and TF.js models');
  });

  it('a multi-model run gives each model its own config, and warns loudly about a model that finds nothing on labelled data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-byo-'));
    const silent = writeSignatureGraph('silent.onnx', TORCHVISION_EXPORTS.retinanet.recipe, FORWARD_ORDER.retinanet, { boxes: [], labels: [], scores: [] });
    const [a, b] = [join(dir, 'a.json'), join(dir, 'b.json')];
    await writeFile(a, JSON.stringify({ format: 'torchvision', scoreThreshold: 0.5 }));
    await writeFile(b, JSON.stringify({ maxDetections: 7 }));
    const out = join(dir, 'out');
    const model = ssd();
    const r = lv('run', '--workers', '1', '--model', model, '--model-config', a, '--model', silent, '--model-config', b, '--data', coco, '--codec', 'png', '--out', out, '--no-progress');
    expect(r.status, r.stderr).toBe(0);
    const provenance = JSON.parse(await readFile(join(out, 'provenance.json'), 'utf8')) as { models: { id: string; provenance: { adapter: string } }[] };
    const settings = new Map(provenance.models.map((m) => [m.id, JSON.parse(m.provenance.adapter) as { scoreThreshold: number; maxDetections: number }]));
    expect(settings.get(`${model}@${a}`)).toMatchObject({ scoreThreshold: 0.5, maxDetections: 100 });
    expect(settings.get(`${silent}@${b}`)).toMatchObject({ scoreThreshold: 0, maxDetections: 7 });
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('lossyvision: warning:'));
    expect(warnings).toContain(
      `lossyvision: warning: ${silent}@${b} found no detections on any of the 4 pristine images of this labelled dataset, so its scores are meaningless zeros. ` +
      `The export is most likely misread (outputs mapped wrongly, or preprocessing that is not the model's): run \`lossyvision check-model ${silent} --model-config ${b} --task detection --image IMAGE\` to see its outputs and one prediction`,
    );
    // Only the silent model is called silent; the SSD graph answers (fixed boxes that miss the ground truth), so at most its zero score is warned about.
    expect(warnings.filter((w) => w.includes('found no detections'))).toHaveLength(1);
    expect(warnings.filter((w) => !w.includes('found no detections')).every((w) => w.includes(`${model}@${a} scores 0 on all`))).toBe(true);
  });
});

describe('lossyvision check-model', () => {
  it('prints the inputs, outputs, the adapter chosen and one prediction', () => {
    const model = ssd();
    const r = lv('check-model', model, '--image', join(coco, 'images/astronaut.jpg'));
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 7)).toEqual([
      `${model} · ${lines[0].split(' · ')[1]}`,
      'inputs:',
      '  image.1 float32 [3, 320, 320]',
      'outputs:',
      '  3220 float32 [2, 4]',
      '  3198 float32 [2]',
      '  3199 int64 [2]',
    ]);
    expect(lines[0]).toMatch(/ · onnxruntime \d/);
    expect(lines[7]).toBe('adapter: torchvision (task detection)');
    expect(JSON.parse(lines[8].replace(/^settings: /, ''))).toMatchObject({ outputs: { boxes: '3220', scores: '3198', labels: '3199' }, inputWidth: 320, inputHeight: 320 });
    expect(lines[9]).toBe(`prediction on ${join(coco, 'images/astronaut.jpg')} (64×64):`);
    expect(lines[10]).toMatch(/^category +score +x +y +w +h$/);
    expect(lines.slice(12, 14).map((l) => l.split(/ +/).slice(0, 2))).toEqual([['person', '0.9'], ['dog', '0.3']]);
  });

  it('shows the outputs and stops with the config that fixes an ambiguous export', () => {
    const model = writeSignatureGraph('ambiguous.onnx', { inputs: TORCHVISION_EXPORTS.ssd.recipe.inputs, outputs: [
      { name: 'b', type: 'float32', dims: ['n', 4] }, { name: 's', type: 'float32', dims: ['n'] }, { name: 'l', type: 'float32', dims: ['n'] },
    ] }, ['boxes', 'scores', 'labels'], detections);
    const r = lv('check-model', model, '--model-config', join(root, 'test/fixtures/torchvision-exports/torchvision.json'));
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('outputs:\n  b float32 [2, 4]\n  s float32 [2]\n  l float32 [2]\nadapter: none for task detection\n');
    expect(r.stderr).toContain('Name them in the model config, e.g. "outputs": {"boxes":"b","labels":"s","scores":"l"}');
  });
});

describe('lossyvision model-config', () => {
  it('--schema prints the JSON Schema generated from the zod schemas, one per task and format', () => {
    const all = lv('model-config', '--schema');
    expect(all.status, all.stderr).toBe(0);
    const schema = JSON.parse(all.stdout) as { $defs: Record<string, unknown> };
    expect(schema).toEqual(modelConfigJsonSchema());
    expect(Object.keys(schema.$defs)).toEqual([
      'detection/torchvision', 'detection/yolov8', 'detection/yolov5', 'pose/torchvision', 'pose/heatmap',
      'segmentation', 'depth', 'classification', 'action/video-classifier', 'action/two-stream',
    ]);
    const one = JSON.parse(lv('model-config', '--schema', '--task', 'detection', '--format', 'torchvision').stdout) as { additionalProperties: boolean; required: string[]; properties: Record<string, unknown> };
    expect(one).toMatchObject({ additionalProperties: false, required: ['format'] });
    expect(Object.keys(one.properties)).toContain('outputs');
    expect(Object.keys(one.properties)).not.toContain('iouThreshold');
  });
});
