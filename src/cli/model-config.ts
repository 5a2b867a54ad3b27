import { type Command } from 'commander';
import { modelConfigJsonSchema, modelConfigMarkdown } from '../models/model-config-reference.js';

interface ModelConfigFlags {
  schema?: boolean;
  task?: string;
  format?: string;
}

/** `lossyvision model-config [--schema] [--task T] [--format F]`: every model config field, from the schemas the loaders validate with. */
export function registerModelConfig(program: Command): void {
  program
    .command('model-config')
    .description('list every --model-config field, one table per task and format; --schema prints the JSON Schema')
    .option('--schema', 'print the JSON Schema (2020-12) instead of the tables')
    .option('--task <task>', 'only this task\'s configs: detection, pose, segmentation, depth, classification, action')
    .option('--format <format>', 'only this format (torchvision, yolov8, yolov5, heatmap, video-classifier, two-stream)')
    .action((flags: ModelConfigFlags) => {
      const filter = { task: flags.task, format: flags.format };
      process.stdout.write(flags.schema ? `${JSON.stringify(modelConfigJsonSchema(filter), null, 2)}\n` : modelConfigMarkdown(filter));
    });
}
