import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDataset } from '../../src/datasets/open.js';
import { readMotGroundTruth } from '../../src/datasets/mot.js';
import { readMotSequence } from '../../src/datasets/mot-sequence.js';
import { openUcf101 } from '../../src/datasets/ucf101.js';
import { evalHandler } from '../../src/tasks/index.js';
import type { EvalFlags } from '../../src/tasks/eval-output.js';
import { segmentationMetrics } from '../../src/tasks/segmentation/task.js';
import { runSweep } from '../../src/sweep/run.js';
import { storeResults } from '../../src/sweep/store.js';
import { consume, type CaseSpec } from './harness.js';
import { deepJsonArray, deepJsonObject, deepXml, hugeNpy, hugePng, labelList, laughsXml, makeSpecial, smallMask, SPECIAL_FILES, write, xxeXml, type Hostile } from './inputs.js';

/**
 * What the fuzz suite attacks: every dataset reader (src/datasets/*) and every `eval` task and
 * protocol. Each target copies a small valid fixture into a fresh folder and breaks one thing
 * in it; `fixed` are the cases the issue reported, `random` draws one case from a seed.
 */

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const SECRET = 'lossyvision-fuzz-secret-7f3a';

export interface Target {
  name: string;
  fixed: (dir: string) => CaseSpec[];
  random: (h: Hostile, dir: string) => CaseSpec;
}

const copy = (from: string, dir: string, name: string): string => {
  const to = join(dir, name);
  cpSync(join(fixtures, from), to, { recursive: true });
  return to;
};
let counter = 0;
/** A fresh folder per case. */
export const caseDir = (root: string): string => {
  const dir = join(root, `c${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

const open = (path: string, options: Parameters<typeof openDataset>[1] = {}) => async () => consume(await openDataset(path, options));

/** Damages `file` with a random operator: bytes, JSON structure (for .json), a special file, or a huge header (for images). */
function breakFile(h: Hostile, file: string): string {
  const isJson = file.endsWith('.json');
  const isPng = file.endsWith('.png');
  const isNpy = file.endsWith('.npy');
  const kind = h.int(isJson ? 4 : isPng || isNpy ? 4 : 3);
  if (kind === 0) {
    const special = h.pick(SPECIAL_FILES);
    makeSpecial(file, special);
    return special;
  }
  if (kind === 3 && isJson) {
    const { json, how } = h.mutateJson(JSON.parse(readFileSync(file, 'utf8')));
    write(file, JSON.stringify(json));
    return how;
  }
  if (kind === 3 && isPng) {
    const [w, hgt] = h.pick([[40_000, 40_000], [20_000, 20_000], [16_000, 16_000], [1, 4_000_000_000], [0, 0], [2 ** 31, 2]]);
    const opts = h.pick([{ bitDepth: 8 }, { bitDepth: 16 }, { bitDepth: 8, colorType: 2 }, { bitDepth: 8, colorType: 3 }]);
    write(file, hugePng(w, hgt, opts));
    return `PNG header ${w}×${hgt}`;
  }
  if (kind === 3 && isNpy) {
    write(file, hugeNpy(20_000 + h.int(30_000), 20_000 + h.int(30_000)));
    return 'huge .npy header';
  }
  const { bytes, how } = h.damage(readFileSync(file));
  write(file, bytes);
  return how;
}

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));

// --- readers -------------------------------------------------------------------------------

const readerTarget = (name: string, fixture: string, options: Parameters<typeof openDataset>[1], fixed: (root: string, dir: string) => CaseSpec[] = () => []): Target => ({
  name,
  fixed: (dir) => fixed(copy(fixture, dir, 'data'), dir),
  random: (h, dir) => {
    const root = copy(fixture, dir, 'data');
    const file = h.pick(filesUnder(root));
    const how = breakFile(h, file);
    return { name: `${name}: ${file.slice(root.length + 1)} ${how}`, file, run: open(root, options) };
  },
});

export const READERS: Target[] = [
  readerTarget('coco', 'datasets/coco', { format: 'coco', task: 'detection' }, (root) => {
    const ann = join(root, 'annotations/instances_val.json');
    const cases: CaseSpec[] = [];
    cases.push({ name: 'coco: annotations nested 100 000 levels (arrays)', file: ann, run: async () => { write(ann, deepJsonArray(100_000)); return open(root, { format: 'coco' })(); } });
    return cases;
  }),
  readerTarget('voc', 'datasets/voc', { format: 'voc' }, (root, dir) => {
    const xml = join(root, 'Annotations/000001.xml');
    const secret = join(dir, 'secret.txt');
    write(secret, SECRET);
    const fifo = join(dir, 'entity.fifo');
    makeSpecial(fifo, 'fifo');
    const at = (text: string) => async () => {
      write(xml, text);
      return open(root, { format: 'voc' })();
    };
    return [
      // An external entity naming a FIFO would block forever if it were ever opened.
      { name: 'voc: external entity (XXE) to a file', file: xml, entry: true, run: at(xxeXml(secret)) },
      { name: 'voc: external entity (XXE) to a FIFO', file: xml, entry: true, run: at(xxeXml(fifo)) },
      { name: 'voc: billion laughs', file: xml, entry: true, run: at(laughsXml()) },
      { name: 'voc: 20 000 levels of nesting', file: xml, run: at(deepXml(20_000)) },
    ];
  }),
  readerTarget('mask-folder', 'datasets/masks', { format: 'mask-folder' }, (root) => {
    const mask = join(root, 'masks/coffee.png');
    return [
      { name: 'mask-folder: 40 000 × 40 000 8-bit mask header', file: mask, run: async () => { write(mask, hugePng(40_000, 40_000)); return open(root, { format: 'mask-folder' })(); } },
      { name: 'mask-folder: 16 000 × 16 000 mask header', file: mask, run: async () => { write(mask, hugePng(16_000, 16_000, { colorType: 3 })); return open(root, { format: 'mask-folder' })(); } },
      // A real decompression bomb: the IDAT really inflates to 64 MB, the header says 40 000².
      { name: 'mask-folder: decompression bomb', file: mask, run: async () => { write(mask, hugePng(40_000, 40_000, { rows: 1600 })); return open(root, { format: 'mask-folder' })(); } },
    ];
  }),
  readerTarget('depth-folder', 'datasets/depth', { format: 'depth-folder' }, (root) => {
    const png = join(root, 'depth/chelsea.png');
    const npy = join(root, 'depth/coffee.npy');
    return [
      { name: 'depth-folder: 20 000 × 20 000 16-bit depth header', file: png, run: async () => { write(png, hugePng(20_000, 20_000, { bitDepth: 16 })); return open(root, { format: 'depth-folder' })(); } },
      { name: 'depth-folder: 30 000 × 30 000 .npy header', file: npy, run: async () => { write(npy, hugeNpy(30_000, 30_000)); return open(root, { format: 'depth-folder' })(); } },
    ];
  }),
  {
    name: 'label-list',
    fixed: (dir) => {
      const root = copy('datasets/classes', dir, 'data');
      const list = (lines: string) => async () => {
        const file = join(root, 'list.txt');
        write(file, lines);
        return open(file, { format: 'label-list' })();
      };
      const file = join(root, 'list.txt');
      return [
        { name: 'label-list: label 4294967295', file, run: list('cup/coffee.png 4294967295\n') },
        { name: 'label-list: label 100000000', file, run: list('cup/coffee.png 100000000\ncat/chelsea.png 3\n') },
        { name: 'label-list: label 10000000', file, run: list('cup/coffee.png 10000000\n') },
        { name: 'label-list: label 99999999999999999999', file, entry: true, run: list('cup/coffee.png 99999999999999999999\n') },
        { name: 'label-list: 100 000 lines', file, run: list(labelList(100_000, (i) => i % 1000)) },
        { name: 'label-list: 130 000 lines', file, run: list(labelList(130_000, (i) => i)) },
        { name: 'label-list: 200 000 lines', file, run: list(labelList(200_000, (i) => i % 7)) },
      ];
    },
    random: (h, dir) => {
      const root = copy('datasets/classes', dir, 'data');
      const file = join(root, 'list.txt');
      const hostile = [
        () => `cup/coffee.png ${h.pick(['-1', '4294967296', '1e9', '0x10', 'NaN', '', '٣'])}\n`,
        () => `${h.pick(['../../etc/passwd', '/etc/passwd', 'a\u0000b.png', 'C:\\x.png', '.', ''])} 1\n`,
        () => labelList(1 + h.int(20_000), (i) => (h.int(2) ? i : `class${i % 50}`)),
        () => `cup/coffee.png 1\n`.repeat(2 + h.int(3)),
        () => 'x'.repeat(1 + h.int(200_000)),
        () => `path,label\n${'\n'.repeat(h.int(1000))}`,
      ];
      const lines = h.pick(hostile)();
      return {
        name: `label-list: ${JSON.stringify(lines.slice(0, 40))}… (${lines.length} chars)`,
        file,
        run: async () => {
          if (h.int(4) === 0) makeSpecial(join(root, 'cup/coffee.png'), h.pick(SPECIAL_FILES));
          write(file, h.int(5) === 0 ? h.damage(Buffer.from(readFileSync(join(root, 'labels.txt')))).bytes : lines);
          return open(file, { format: 'label-list' })();
        },
      };
    },
  },
  readerTarget('class-folders', 'datasets/classes', { format: 'class-folders' }),
  readerTarget('folder', 'datasets/coco/images', { format: 'folder' }, (root) => [
    ...SPECIAL_FILES.map((kind): CaseSpec => ({
      name: `folder: an image that is ${kind}`,
      file: join(root, `${kind}.png`),
      run: async () => {
        makeSpecial(join(root, `${kind}.png`), kind);
        return open(root, { format: 'folder' })();
      },
    })),
    { name: 'folder: 16 000 × 16 000 RGB PNG header', file: join(root, 'huge.png'), run: async () => { write(join(root, 'huge.png'), hugePng(16_000, 16_000, { colorType: 2 })); return open(root, { format: 'folder' })(); } },
  ]),
  {
    name: 'ucf101',
    fixed: () => [],
    random: (h, dir) => {
      const root = copy('action/ucf-lists', dir, 'data');
      const file = h.pick(filesUnder(join(root, 'ucfTrainTestlist')));
      const how = breakFile(h, file);
      return { name: `ucf101: ${file.slice(root.length + 1)} ${how}`, file, run: async () => (await openUcf101(root)).videos.length };
    },
  },
  {
    name: 'mot',
    fixed: () => [],
    random: (h, dir) => {
      const file = join(dir, 'gt.txt');
      const good = '1,1,10,20,30,40,1,1,1\n2,1,12,22,30,40,1,1,0.5\n';
      if (h.int(3) === 0) makeSpecial(file, h.pick(SPECIAL_FILES));
      else write(file, h.int(2) ? h.damage(Buffer.from(good)).bytes : `${h.pick(['-1', '1e400', 'x', '4294967296', ''])},1,${h.pick(['NaN', '-5', '1e308'])},2,3,4,1,1,1\n`);
      return { name: 'mot: damaged gt.txt', file, run: () => readMotGroundTruth(file) };
    },
  },
  {
    name: 'mot-sequence',
    fixed: () => [],
    random: (h, dir) => {
      const seq = join(dir, 'seq');
      mkdirSync(join(seq, 'img1'), { recursive: true });
      const file = join(seq, 'seqinfo.ini');
      const good = '[Sequence]\nname=seq\nimDir=img1\nframeRate=30\nseqLength=2\nimWidth=64\nimHeight=48\nimExt=.jpg\n';
      if (h.int(4) === 0) makeSpecial(file, h.pick(SPECIAL_FILES));
      else write(file, h.int(2) ? h.damage(Buffer.from(good)).bytes : good.replace(/=\d+/, `=${h.pick(['-1', '1e12', '4294967296', 'x', '0'])}`).replace('img1', h.pick(['img1', '../..', '/etc'])));
      return { name: 'mot-sequence: damaged seqinfo.ini', file, run: () => readMotSequence(seq) };
    },
  },
];

// --- eval ----------------------------------------------------------------------------------

interface EvalBase {
  name: string;
  /** Copies the fixtures into `dir`; returns the flags and the files a case may break. */
  setup: (dir: string) => { flags: EvalFlags; files: string[] };
}

const detectionPredictions = (dir: string): string => {
  const file = join(dir, 'pred.json');
  write(file, JSON.stringify([{ image_id: 7, category_id: 1, bbox: [8, 4, 40, 50], score: 0.9 }, { image_id: 139, category_id: 47, bbox: [10, 10, 20, 20], score: 0.4 }]));
  return file;
};

const EVAL_BASES: EvalBase[] = [
  { name: 'detection:coco', setup: (dir) => {
    const gt = join(copy('datasets/coco/annotations', dir, 'ann'), 'instances_val.json');
    return { flags: { task: 'detection', protocol: 'coco', gt, pred: detectionPredictions(dir) }, files: [gt, join(dir, 'pred.json')] };
  } },
  ...(['voc07', 'voc12'] as const).map((protocol): EvalBase => ({ name: `detection:${protocol}`, setup: (dir) => {
    const gt = copy('datasets/voc', dir, 'voc');
    const pred = join(dir, 'pred.json');
    write(pred, JSON.stringify([{ image_id: '000001', category_id: 'person', bbox: [8, 4, 40, 50], score: 0.9 }, { image_id: 2, category_id: 8, bbox: [1, 2, 3, 4], score: 0.2 }]));
    return { flags: { task: 'detection', protocol, gt, pred }, files: [pred, ...filesUnder(join(gt, 'Annotations')), join(gt, 'ImageSets/Main/test.txt')] };
  } })),
  { name: 'pose:coco', setup: (dir) => {
    const gt = join(copy('datasets/coco/annotations', dir, 'ann'), 'person_keypoints_val.json');
    const pred = join(dir, 'pred.json');
    write(pred, JSON.stringify([{ image_id: 7, category_id: 1, keypoints: Array.from({ length: 51 }, (_, i) => (i % 3 === 2 ? 2 : 10 + i)), score: 0.8 }]));
    return { flags: { task: 'pose', protocol: 'coco', gt, pred }, files: [gt, pred] };
  } },
  { name: 'segmentation', setup: (dir) => {
    const gt = copy('segmentation/palette/gt', dir, 'gt');
    const pred = copy('segmentation/palette/pred', dir, 'pred');
    return { flags: { task: 'segmentation', gt, pred, numClasses: '8' }, files: [...filesUnder(gt), ...filesUnder(pred)] };
  } },
  { name: 'depth', setup: (dir) => {
    const gt = copy('depth/gt', dir, 'gt');
    const pred = copy('depth/pred', dir, 'pred');
    return { flags: { task: 'depth', gt, pred, depthScale: '256', maxDepth: '80', crop: 'garg' }, files: [...filesUnder(gt), ...filesUnder(pred)] };
  } },
  { name: 'classification', setup: (dir) => {
    const gt = join(copy('classification', dir, 'cls'), 'labels.csv');
    const pred = join(dir, 'cls', 'pred-scores.json');
    return { flags: { task: 'classification', gt, pred }, files: [gt, pred, join(dir, 'cls', 'pred-ranked.csv')] };
  } },
];

const HOSTILE_FLAGS: Record<string, (h: Hostile) => EvalFlags> = {
  segmentation: (h) => ({ numClasses: h.pick(['1', '8', '256', '257', '40000', '65536', '65537', '0', '-1', '1e9', 'x', '']), ignoreIndex: h.pick([undefined, '255', '0', '65535', '70000', '-3']) }),
  depth: (h) => ({ depthScale: h.pick(['256', '1000', '0', '-1', 'Infinity', '1e-300']), minDepth: h.pick([undefined, '0', '-1', '1e308']), maxDepth: h.pick([undefined, '80', '0', 'NaN']), crop: h.pick(['none', 'garg', 'eigen', 'kitti']) }),
  'pose:coco': (h) => ({ sigmas: h.pick(['0.026,0.025,0.025', '', '0,0,0', '1,2', 'x,y,z', '1e308,1e308,1e308', Array(17).fill('0.1').join(',')]) }),
};

const evaluate = (flags: EvalFlags) => async () => evalHandler(flags.task!, flags.protocol)(flags);

export const EVALS: Target[] = EVAL_BASES.map((base): Target => ({
  name: `eval ${base.name}`,
  fixed: (dir) => {
    const cases: CaseSpec[] = [];
    const at = () => base.setup(caseDir(dir));
    if (base.name === 'detection:coco' || base.name === 'pose:coco') {
      for (const side of ['gt', 'pred'] as const) {
        for (const [shape, text] of [['arrays', deepJsonArray(100_000)], ['objects', deepJsonObject(100_000)]] as const) {
          const { flags } = at();
          cases.push({ name: `eval ${base.name}: ${side} nested 100 000 levels (${shape})`, file: flags[side], run: async () => { write(flags[side]!, text); return evaluate(flags)(); } });
        }
      }
    }
    if (base.name === 'detection:voc07') {
      const { flags } = at();
      const xml = join(flags.gt!, 'Annotations/000001.xml');
      const secret = join(dir, 'secret.txt');
      write(secret, SECRET);
      cases.push({ name: 'eval detection:voc07: XXE annotation', file: xml, entry: true, run: async () => { write(xml, xxeXml(secret)); return evaluate(flags)(); } });
      const deep = at();
      const deepFile = join(deep.flags.gt!, 'Annotations/000002.xml');
      cases.push({ name: 'eval detection:voc07: 20 000 levels of XML nesting', file: deepFile, run: async () => { write(deepFile, deepXml(20_000)); return evaluate(deep.flags)(); } });
    }
    if (base.name === 'segmentation') {
      for (const n of ['65536', '40000']) cases.push({ name: `eval segmentation: --num-classes ${n}`, run: evaluate({ ...at().flags, numClasses: n }) });
      const big = at();
      const gtFile = join(big.flags.gt!, 'img_00.png');
      cases.push({ name: 'eval segmentation: 40 000 × 40 000 ground truth header', file: gtFile, run: async () => { write(gtFile, hugePng(40_000, 40_000)); return evaluate(big.flags)(); } });
      const labels = at();
      const label = join(labels.flags.pred!, 'img_00.png');
      cases.push({ name: 'eval segmentation: prediction labels up to 65535 with --num-classes 65536', run: async () => { write(label, smallMask(1, 1, () => 0)); write(join(labels.flags.gt!, 'img_00.png'), smallMask(1, 1, () => 0)); return evaluate({ ...labels.flags, numClasses: '65536' })(); } });
    }
    if (base.name === 'depth') {
      const big = at();
      const gtFile = filesUnder(big.flags.gt!).find((f) => f.endsWith('.png'))!;
      cases.push({ name: 'eval depth: 20 000 × 20 000 16-bit ground truth header', file: gtFile, run: async () => { write(gtFile, hugePng(20_000, 20_000, { bitDepth: 16 })); return evaluate(big.flags)(); } });
    }
    if (base.name === 'classification') {
      const { flags } = at();
      cases.push({ name: 'eval classification: 200 000-line label and prediction files', run: async () => {
        write(flags.gt!, labelList(200_000, (i) => `c${i % 1000}`));
        write(flags.pred!, `${labelList(200_000, (i) => `c${(i * 7) % 1000}`)}`);
        return evaluate({ ...flags, pred: flags.pred!.replace(/\.json$/, '.csv') })();
      } });
    }
    return cases;
  },
  random: (h, dir) => {
    const { flags, files } = base.setup(dir);
    const extra = HOSTILE_FLAGS[base.name]?.(h) ?? {};
    const useFlags = h.int(3) === 0 && Object.keys(extra).length > 0;
    if (useFlags) return { name: `eval ${base.name}: flags ${JSON.stringify(extra)}`, run: evaluate({ ...flags, ...extra }) };
    const file = h.pick(files);
    const how = breakFile(h, file);
    return { name: `eval ${base.name}: ${file.slice(dir.length + 1)} ${how}`, file, run: evaluate(flags) };
  },
}));

/** The sweep's own accumulator at the sizes that allocated gigabytes: one update and the values. */
export const ACCUMULATORS: CaseSpec[] = [65_536, 40_000].map((numClasses) => ({
  name: `run segmentation --num-classes ${numClasses}: accumulator`,
  run: async () => {
    const [binding] = segmentationMetrics({ format: 'mask-folder' }, { numClasses, ignoreIndex: 255 });
    const map = { width: 2, height: 2, data: [0, numClasses - 1, 5, 255] };
    binding.metric.update(map, map);
    return binding.values(binding.metric.compute());
  },
}));

/**
 * `run` itself (in-process, the luma classifier of test/fixtures/sweep) on the label lists that
 * crashed or hung it: huge labels scored, 130 000 and 200 000 lines opened and ordered (the
 * first 50 of the seeded order swept), results stored.
 */
export function runCases(root: string): CaseSpec[] {
  const luma = fileURLToPath(new URL('../fixtures/sweep/luma-classifier.ts', import.meta.url));
  const sweep = (lines: number, maxSamples?: number) => async () => {
    const dir = caseDir(root);
    const data = copy('datasets/classes', dir, 'data');
    const list = join(data, 'list.txt');
    write(list, `cup/coffee.png 4294967295\ncat/chelsea.png 100000000\n${labelList(lines, (i) => i)}`);
    const result = await runSweep({
      task: 'classification', data: list, dataFormat: 'label-list', models: ['luma'], conditions: [{ codec: 'jpeg', level: 50 }],
      seed: 0, referenceThreshold: 0.5, workers: 1, cacheDir: join(dir, 'cache'), modelLoader: luma, ...(maxSamples ? { maxSamples } : {}),
    });
    await storeResults(result, join(dir, 'out'));
    return result;
  };
  return [
    { name: 'run: label list with labels 4294967295 and 100000000', run: sweep(0) },
    { name: 'run: label list of 130 000 lines (50 swept)', run: sweep(130_000, 50) },
    { name: 'run: label list of 200 000 lines (50 swept)', run: sweep(200_000, 50) },
  ];
}

export const freshRoot = (): string => mkdtempSync(join(tmpdir(), 'lv-fuzz-'));
export { SECRET };
