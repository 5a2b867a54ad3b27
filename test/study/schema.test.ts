import { describe, expect, it } from 'vitest';
import { identityOf, planStudy } from '../../src/study/plan.js';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseStudy, readStudy } from '../../src/study/schema.js';

const where = { source: 'study.json', text: '', baseDir: '.' };
const parse = (json: unknown) => parseStudy(json, where);
const base = { defaults: { task: 'detection', data: 'demo/photos', codecs: ['jpeg:50'] }, experiments: [{ name: 'a', models: ['zoo:centernet'] }] };

describe('study file', () => {
  it('fills each experiment from the defaults, expands presets first and keeps specs as given', () => {
    const study = parse({
      defaults: { task: 'detection', data: 'demo/photos', presets: ['paper'], maxSamples: 2, options: { 'score-threshold': 0.3 } },
      experiments: [
        { name: 'a', models: ['zoo:centernet'] },
        { name: 'b', models: [{ model: 'm.onnx', config: 'm.json' }], presets: [], codecs: ['webp:50'], options: { 'score-threshold': 0.2 }, seed: 3 },
      ],
    });
    expect(study.experiments[0]).toEqual({
      name: 'a', task: 'detection', models: ['zoo:centernet'], data: 'demo/photos', codecs: ['jpeg:95,75,50,15,10,5', 'h264:23,25,30,40,50'],
      options: { 'score-threshold': 0.3 }, seed: 0, referenceThreshold: 0.5, maxSamples: 2,
    });
    expect(study.experiments[1]).toMatchObject({ models: [{ model: 'm.onnx', config: 'm.json' }], codecs: ['webp:50'], options: { 'score-threshold': 0.2 }, seed: 3 });
  });

  it('reads relative paths against the study file\'s folder', () => {
    const study = parseStudy({ ...base, defaults: { ...base.defaults, data: 'photos' } }, { ...where, baseDir: 'demo' });
    expect(study.experiments[0].data).toBe('demo/photos');
  });

  it.each([
    [{ ...base, experiments: [{ name: 'a', models: ['zoo:centernet'] }, { name: 'b', models: ['zoo:nanodet'], codecs: ['jpeg:500'] }] },
      /^study\.json: experiments\[1\]\.codecs\[0\]: Expected integer between 1 and 100 for quality but received 500 of type number$/],
    [{ ...base, experiments: [{ name: 'a', models: ['zoo:centernet'], levels: ['jpeg:5'] }] }, /^study\.json: experiments\[0\]: .*"levels"/],
    [{ ...base, experiments: [{ name: 'a', models: ['zoo:centernet'] }, { name: 'a', models: ['zoo:nanodet'] }] }, /^study\.json: experiments\[1\]\.name: Expected unique experiment names but "a" comes twice$/],
    [{ experiments: [{ name: 'a', models: ['zoo:centernet'], data: 'x', codecs: ['jpeg:5'] }] }, /^study\.json: experiments\[0\]: Expected "task" here or in defaults$/],
    [{ ...base, experiments: [{ name: '../up', models: ['zoo:centernet'] }] }, /^study\.json: experiments\[0\]\.name: Expected a name of letters/],
    [{ ...base, experiments: [{ name: 'a', models: ['zoo:centernet'], task: 'ocr' }] }, /^study\.json: experiments\[0\]\.task: /],
    [{ ...base, experiments: [{ name: 'a', models: ['zoo:centernet'], retrain: { model: 'ref:centernet', train: 't' } }] }, /^study\.json: experiments\[0\]\.retrain\.codecs: .*\(here or in defaults\.retrain\)$/],
    [{ ...base, experiments: [] }, /^study\.json: experiments: /],
  ])('refuses a bad study, naming the key (%#)', (json, message) => {
    expect(() => parse(json)).toThrow(message);
  });

  it('checks task options with the flag\'s own rule, naming the experiment', async () => {
    const study = parse({ ...base, experiments: [{ name: 'a', models: ['zoo:centernet'], options: { 'score-threshold': 2 } }] });
    await expect(planStudy(study, 'out')).rejects.toThrow(/^study\.json: experiments\[0\]\.options: Expected number between 0 and 1 for --score-threshold but received 2 of type number$/);
    const pose = parse({ ...base, experiments: [{ name: 'a', models: ['zoo:centernet'], options: { 'pck-alpha': 0.5 } }] });
    await expect(planStudy(pose, 'out')).rejects.toThrow(/experiments\[0\]\.options: --pck-alpha applies to task pose/);
  });

  it('counts the plan: samples × (pristine + levels) × models, and refuses a missing dataset by its key', async () => {
    const study = parse({ ...base, experiments: [{ name: 'a', models: ['zoo:centernet', 'zoo:nanodet'], codecs: ['jpeg:50,10', 'webp:50'], maxSamples: 3 }] });
    const [p] = await planStudy(study, 'out');
    expect({ samples: p.samples, cells: p.cells, dir: p.dir, kind: p.kind }).toEqual({ samples: 3, cells: 8, dir: 'out/a', kind: 'sweep' });
    await expect(planStudy(study, 'out', 'b')).rejects.toThrow(/Unknown experiment "b", expected one of: a/);
    const missing = parse({ ...base, defaults: { ...base.defaults, data: 'no/such/folder' } });
    await expect(planStudy(missing, 'out')).rejects.toThrow(/^study\.json: experiments\[0\]\.data: /);
  });

  it('gives an experiment the same identity whatever the worker count, another when a level changes', () => {
    const [a] = parse(base).experiments;
    const [b] = parse({ ...base, defaults: { ...base.defaults, workers: 3 } }).experiments;
    const [c] = parse({ ...base, defaults: { ...base.defaults, codecs: ['jpeg:40'] } }).experiments;
    expect(identityOf(b)).toBe(identityOf(a));
    expect(identityOf(c)).not.toBe(identityOf(a));
  });

  it('reads a YAML study file as its JSON twin, and names the line of a YAML syntax error and the key of a bad value', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lv-study-yaml-'));
    const json = JSON.parse(await readFile('demo/study.json', 'utf8')) as unknown;
    await writeFile(join(dir, 'study.yaml'), stringify(json));
    await writeFile(join(dir, 'study.json'), JSON.stringify(json));
    const fromYaml = await readStudy(join(dir, 'study.yaml'));
    const fromJson = await readStudy(join(dir, 'study.json'));
    expect(fromYaml.experiments).toEqual(fromJson.experiments);
    await writeFile(join(dir, 'bad.yml'), 'name: x\nexperiments:\n  - name: a\n    codecs: [jpeg:50\n');
    await expect(readStudy(join(dir, 'bad.yml'))).rejects.toThrow(/bad\.yml.*malformed YAML \(line \d+:\d+\)/s);
    await writeFile(join(dir, 'key.yaml'), '# comments are YAML\'s own\ndefaults: { task: detection, data: photos, models: [zoo:centernet] }\nexperiments:\n  - name: a\n    codecs: [jpeg:500]\n');
    await expect(readStudy(join(dir, 'key.yaml'))).rejects.toThrow(/experiments\[0\]\.codecs\[0\]/);
  });
});
