import { basename, extname } from 'node:path';
import { Option, type Command } from 'commander';
import { compressFile } from '../codecs/compress.js';
import type { EncodeResult } from '../codecs/codec.js';
import { LossyvisionError } from '../errors.js';
import { infinityReplacer } from '../json.js';
import { decodeImage } from '../media/decode.js';
import { writePng } from '../media/encode-png.js';
import type { RgbImage } from '../media/image.js';
import { loadModel } from '../models/load.js';
import type { TaskName } from '../models/model.js';
import { getTask, IMAGE_TASK_NAMES, taskDeclaration, taskSettings } from '../tasks/index.js';
import type { Row } from '../tasks/view.js';
import { addTaskFlags } from './task-flags.js';
import { addInputLimitFlags } from './input-limits.js';

interface PredictFlags {
  task: string;
  model: string;
  codec?: string;
  output?: string;
  modelConfig?: string;
  json?: boolean;
}

/** `lossyvision predict IMAGE`: one model on one image, optionally compressed first; the prediction drawn as PNG. */
export function registerPredict(program: Command): void {
  const command = program
    .command('predict')
    .description('run one model on one image (optionally compressed at one level first); save the prediction drawn over it as PNG and print it')
    .argument('<image>', 'image file (png, jpeg, webp, …)')
    .addOption(new Option('--task <task>', 'task').choices([...IMAGE_TASK_NAMES]).default('detection'))
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
      const problem = getTask(task).checkPrediction(prediction);
      if (problem) throw new LossyvisionError('MODEL_OUTPUT', `malformed ${task} output: ${problem}`, { file: flags.model });
      const view = taskDeclaration(task).view!;
      await writePng(await view.draw(input, prediction), output);
      const rows = view.rows(prediction);
      const condition = compressed
        ? { codec: compressed.codec, level: compressed.level, bytes: compressed.bytes, bpp: compressed.bpp, psnr: compressed.psnr, ssim: compressed.ssim }
        : { codec: 'pristine' };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ image, task, model: flags.model, ...condition, output, predictions: rows }, infinityReplacer, 2)}\n`);
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
  addInputLimitFlags(command);
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
