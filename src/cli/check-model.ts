import { Option, type Command } from 'commander';
import { LossyvisionError } from '../errors.js';
import { decodeImage } from '../media/decode.js';
import type { RgbImage } from '../media/image.js';
import { loadModel } from '../models/load.js';
import type { TaskName } from '../models/model.js';
import { PROBE_IMAGE } from '../models/probe.js';
import { inspectModelFile } from '../models/inspect.js';
import { formatTensorInfo } from '../models/runtimes/runtime.js';
import { getTask, IMAGE_TASK_NAMES, taskDeclaration } from '../tasks/index.js';
import { formatRows } from './predict.js';

interface CheckModelFlags {
  task: string;
  image?: string;
  modelConfig?: string;
}

/**
 * `lossyvision check-model MODEL`: what the graph declares, the adapter lossyvision would read it
 * with, and one prediction, so a bad export or a wrong config shows before a long sweep.
 */
export function registerCheckModel(program: Command): void {
  program
    .command('check-model')
    .description('print a model\'s inputs and outputs (names, types, shapes), the adapter lossyvision would choose and one prediction')
    .argument('<model>', 'a .onnx file, a TF.js model.json / folder, model.onnx@config.json, or zoo:<name>')
    .addOption(new Option('--task <task>', 'task').choices([...IMAGE_TASK_NAMES]).default('detection'))
    .option('--image <file>', 'image to predict on (default: a 64×48 grey probe image)')
    .option('--model-config <file>', 'model config JSON')
    .action(async (spec: string, flags: CheckModelFlags) => {
      const out = (line = ''): boolean => process.stdout.write(`${line}\n`);
      const inspected = await inspectModelFile(spec);
      if (inspected) {
        out(`${inspected.file} · ${inspected.runtime}`);
        out('inputs:');
        for (const i of inspected.inputs) out(`  ${formatTensorInfo(i)}`);
        out('outputs:');
        for (const o of inspected.outputs) out(`  ${formatTensorInfo(o)}`);
      } else {
        out(`${spec} · built-in model`);
      }
      const task = flags.task as TaskName;
      const image: RgbImage = flags.image === undefined ? PROBE_IMAGE : await decodeImage(flags.image, { file: flags.image });
      let model;
      try {
        model = await loadModel(spec, { task, ...(flags.modelConfig === undefined ? {} : { modelConfig: flags.modelConfig }) });
      } catch (error) {
        // The listing above stays on stdout; why no adapter fits is the error.
        if (error instanceof LossyvisionError) out(`adapter: none for task ${task}`);
        throw error;
      }
      try {
        const { family, ...settings } = JSON.parse(model.provenance.adapter) as { family: string };
        out(`adapter: ${family} (task ${task})`);
        out(`settings: ${JSON.stringify(settings)}`);
        const prediction = await model.predict(image);
        const problem = getTask(task).checkPrediction(prediction);
        if (problem) throw new LossyvisionError('MODEL_OUTPUT', `malformed ${task} output: ${problem}`, { file: spec });
        out(`prediction on ${flags.image ?? 'a 64×48 grey probe image'} (${image.width}×${image.height}):`);
        const rows = taskDeclaration(task).view.rows(prediction);
        process.stdout.write(rows.length === 0 ? 'no predictions\n' : formatRows(rows));
      } finally {
        await model.dispose();
      }
    });
}
