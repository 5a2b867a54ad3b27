import { basename, extname } from 'node:path';
import { Option, type Command } from 'commander';
import sharp from 'sharp';
import { compressFile } from '../codecs/compress.js';
import type { EncodeResult } from '../codecs/codec.js';
import { LossyvisionError } from '../errors.js';
import { decodeImage } from '../media/decode.js';
import { writePng } from '../media/encode-png.js';
import type { RgbImage } from '../media/image.js';
import { loadModel } from '../models/load.js';
import type { TaskName } from '../models/model.js';
import { drawClassification } from '../tasks/classification/draw.js';
import { className, type ClassificationPrediction } from '../tasks/classification/prediction.js';
import { depthOfPrediction } from '../tasks/depth/align.js';
import { drawDepth } from '../tasks/depth/draw.js';
import type { DepthPrediction } from '../tasks/depth/prediction.js';
import { COCO_CATEGORY_NAMES } from '../tasks/detection/coco-category-names.js';
import { drawDetections } from '../tasks/detection/draw.js';
import type { Detection } from '../tasks/detection/types.js';
import { drawPose } from '../tasks/pose/draw.js';
import { COCO_KEYPOINT_NAMES } from '../tasks/pose/keypoint-names.js';
import type { PosePerson } from '../tasks/pose/types.js';
import { drawSegmentation } from '../tasks/segmentation/draw.js';
import type { LabelMap } from '../tasks/segmentation/types.js';
import { tasks } from '../tasks/registry.js';
import { addTaskFlags, taskSettings, type TaskFlagValues } from './task-flags.js';

interface PredictFlags extends TaskFlagValues {
  task: string;
  model: string;
  codec?: string;
  output?: string;
  modelConfig?: string;
  json?: boolean;
}

type Row = Record<string, string | number | null>;

/** How one task's prediction is drawn over its image and listed as rows. */
interface TaskView {
  draw(image: RgbImage, prediction: unknown): Promise<RgbImage>;
  rows(prediction: unknown): Row[];
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

/** Pose keypoints below this score are neither drawn nor listed: the drawing's default. */
const KEYPOINT_SHOWN = 0.3;

export const views: ReadonlyMap<TaskName, TaskView> = new Map<TaskName, TaskView>([
  ['detection', {
    draw: (image, p) => drawDetections(image, p as Detection[]),
    rows: (p) => (p as Detection[]).map((d) => ({
      category: COCO_CATEGORY_NAMES.get(d.categoryId) ?? String(d.categoryId),
      score: round(d.score, 3), x: round(d.bbox[0], 1), y: round(d.bbox[1], 1), w: round(d.bbox[2], 1), h: round(d.bbox[3], 1),
    })),
  }],
  ['pose', {
    draw: (image, p) => drawPose(image, p as PosePerson[], { keypointThreshold: KEYPOINT_SHOWN }),
    rows: (p) => (p as PosePerson[]).flatMap((person, i) => {
      const rows: Row[] = [];
      for (let k = 0; k < person.keypoints.length / 3; k++) {
        const [x, y, score] = person.keypoints.slice(3 * k, 3 * k + 3);
        if (score < KEYPOINT_SHOWN) continue;
        rows.push({ person: i + 1, 'person score': round(person.score, 3), keypoint: COCO_KEYPOINT_NAMES[k] ?? String(k), x: round(x, 1), y: round(y, 1), score: round(score, 3) });
      }
      return rows;
    }),
  }],
  ['segmentation', {
    draw: async (image, p) => drawSegmentation(image, p as LabelMap),
    rows: (p) => {
      const labels = p as LabelMap;
      const counts = new Map<number, number>();
      for (let i = 0; i < labels.data.length; i++) counts.set(labels.data[i], (counts.get(labels.data[i]) ?? 0) + 1);
      return [...counts].sort(([a], [b]) => a - b).map(([label, pixels]) => ({ label, pixels, share: round(pixels / labels.data.length, 4) }));
    },
  }],
  ['depth', {
    // The image and its depth colour map side by side: a colour map over the photo hides both.
    draw: (image, p) => sideBySide(image, drawDepth(depthOfPrediction(p as DepthPrediction))),
    rows: (p) => {
      const d = p as DepthPrediction;
      const values = Array.from(d.data).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
      const at = (q: number): number | null => (values.length ? round(values[Math.min(values.length - 1, Math.floor(q * values.length))], 4) : null);
      return [{ output: d.output, alignment: d.alignment, width: d.width, height: d.height, min: at(0), median: at(0.5), max: at(1) }];
    },
  }],
  ['classification', {
    draw: (image, p) => drawClassification(image, p as ClassificationPrediction),
    rows: (p) => (p as ClassificationPrediction).top.map((c, i) => ({ rank: i + 1, class: className(c), score: round(c.score, 4) })),
  }],
]);

async function sideBySide(left: RgbImage, right: RgbImage): Promise<RgbImage> {
  const raw = (img: RgbImage) => ({ raw: { width: img.width, height: img.height, channels: 3 as const } });
  const { data, info } = await sharp({ create: { width: left.width + right.width, height: Math.max(left.height, right.height), channels: 3, background: '#000' } })
    .composite([
      { input: Buffer.from(left.data.buffer, left.data.byteOffset, left.data.byteLength), ...raw(left), left: 0, top: 0 },
      { input: Buffer.from(right.data.buffer, right.data.byteOffset, right.data.byteLength), ...raw(right), left: left.width, top: 0 },
    ])
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** `lossyvision predict IMAGE`: one model on one image, optionally compressed first; the prediction drawn as PNG. */
export function registerPredict(program: Command): void {
  const command = program
    .command('predict')
    .description('run one model on one image (optionally compressed at one level first); save the prediction drawn over it as PNG and print it')
    .argument('<image>', 'image file (png, jpeg, webp, …)')
    .addOption(new Option('--task <task>', 'task').choices([...tasks.keys()]).default('detection'))
    .requiredOption('-m, --model <spec>', 'model: zoo:centernet, zoo:movenet-lightning, zoo:selfie, …, a .onnx file or a TF.js model.json')
    .option('-c, --codec <spec>', 'compress the image at one level first, e.g. jpeg:10, webp:30')
    .option('-o, --output <file>', 'PNG to write (default: <image name>.<task>.png in the current folder)')
    .option('--model-config <file>', 'model config JSON for an .onnx / TF.js model')
    .option('--json', 'print the predictions as JSON')
    .action(async (image: string, flags: PredictFlags) => {
      const settings = taskSettings(flags.task, flags);
      if (settings.taskOptions || settings.datasetOptions) {
        throw new LossyvisionError('INVALID_ARGUMENT', 'metric and dataset settings apply to run, not predict; predict takes --score-threshold and --person-detector');
      }
      const output = flags.output ?? `${basename(image, extname(image))}.${flags.task}.png`;
      if (!output.toLowerCase().endsWith('.png')) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a .png file for --output', { file: output });
      let compressed: EncodeResult | undefined;
      let input: RgbImage;
      if (flags.codec !== undefined) {
        const report = await compressFile(image, flags.codec);
        for (const warning of report.warnings) process.stderr.write(`lossyvision: warning: ${warning}\n`);
        compressed = report.result;
        input = compressed.decoded;
      } else {
        input = await decodeImage(image, { file: image });
      }
      const task = flags.task as TaskName;
      const model = await loadModel(flags.model, {
        task, ...settings.modelOptions, ...(flags.modelConfig === undefined ? {} : { modelConfig: flags.modelConfig }),
      });
      let prediction: unknown;
      try {
        prediction = await model.predict(input);
      } finally {
        await model.dispose();
      }
      const problem = tasks.get(task)!.checkPrediction(prediction);
      if (problem) throw new LossyvisionError('MODEL_OUTPUT', `malformed ${task} output: ${problem}`, { file: flags.model });
      const view = views.get(task)!;
      await writePng(await view.draw(input, prediction), output);
      const rows = view.rows(prediction);
      const condition = compressed
        ? { codec: compressed.codec, level: compressed.level, bytes: compressed.bytes, bpp: compressed.bpp, psnr: Number.isFinite(compressed.psnr) ? compressed.psnr : 'Infinity', ssim: compressed.ssim }
        : { codec: 'pristine' };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ image, task, model: flags.model, ...condition, output, predictions: rows }, null, 2)}\n`);
        return;
      }
      const header = compressed
        ? `${image} · ${compressed.codec}:${compressed.level} (${compressed.bpp.toFixed(3)} bpp, PSNR ${Number.isFinite(compressed.psnr) ? compressed.psnr.toFixed(2) : '∞'} dB) · ${flags.model}`
        : `${image} · pristine · ${flags.model}`;
      process.stdout.write(`${header}\n`);
      process.stdout.write(rows.length === 0 ? 'no predictions\n' : formatRows(rows));
      process.stdout.write(`drawn: ${output}\n`);
    });
  addTaskFlags(command);
}

/** Rows as aligned text: numbers right, text left. */
export function formatRows(rows: Row[]): string {
  const columns = Object.keys(rows[0]);
  const cells = rows.map((r) => columns.map((c) => (r[c] === null ? '–' : String(r[c]))));
  const numeric = columns.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] === null));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]): string => values.map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return `${[line(columns), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n')}\n`;
}
