import type { Command } from 'commander';
import { integerFlag } from '../validate.js';
import { parseRetrainedOf } from '../report/retrained.js';
import { FIFTYONE_SAMPLES } from '../report/fiftyone.js';
import { writeReport } from '../report/report.js';
import { withReportProgress } from './progress.js';
import { addToleranceFlags, toleranceOf } from './verdict.js';

interface ReportFlags {
  out?: string;
  tolerance: string;
  relative: boolean;
  metric?: string;
  reference?: string;
  retrainedOf: string[];
  samples: string;
  replicates: string;
  seed: string;
  fiftyone?: string | true;
  progress: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `lossyvision report RESULTS_DIR`: one offline HTML file, tables as Markdown/CSV, charts as SVG/PNG. */
export function registerReport(program: Command): void {
  addToleranceFlags(program
    .command('report'))
    .description('turn a results folder into one offline HTML report, plus tables (Markdown, CSV) and charts (SVG, PNG)')
    .argument('<results>', 'results folder written by `lossyvision run --out`')
    .option('-o, --out <dir>', 'where to write the report (default: <results>/report)')
    .option('--metric <name>', 'metric for threshold, BD-rate and mPC: a value name (AP) or family/value (coco-bbox/AP50); default mIoU for segmentation, else the table\'s first')
    .option('--reference <codec>', 'BD-rate reference codec (default jpeg when swept, else the first)')
    .option('--retrained-of <pair>', 'RETRAINED=PRETRAINED: show a retrained model beside the one it was fine-tuned from (repeatable)', collect, [])
    .option('--samples <n>', 'visual examples per model and codec, worst-hit first', '3')
    .option('--replicates <n>', 'bootstrap resamples for the confidence intervals', '1000')
    .option('--seed <n>', 'bootstrap seed', '0')
    .option('--no-progress', 'no progress line (terminal) or heartbeat lines (log)')
    .option('--fiftyone [samples]', `also write <out>/fiftyone, a FiftyOne dataset (fo.types.FiftyOneDataset) of the first samples at every condition with each model's predictions (default ${FIFTYONE_SAMPLES})`)
    .action(async (results: string, flags: ReportFlags) => {
      const tolerance = toleranceOf(flags);
      const files = await withReportProgress(flags.progress, (onProgress) => writeReport(results, {
        outDir: flags.out,
        onProgress,
        tolerance,
        metric: flags.metric,
        referenceCodec: flags.reference,
        retrainedOf: parseRetrainedOf(flags.retrainedOf),
        visuals: { samples: integerFlag(flags.samples, '--samples', 0) },
        bootstrap: { replicates: integerFlag(flags.replicates, '--replicates', 1), seed: integerFlag(flags.seed, '--seed', 0) },
        ...(flags.fiftyone === undefined ? {} : { fiftyone: { samples: flags.fiftyone === true ? FIFTYONE_SAMPLES : integerFlag(flags.fiftyone, '--fiftyone', 1)! } }),
      }));
      if (files.verdict.length > 0) process.stdout.write(`verdict\n${files.verdict.join('\n')}\n\n`);
      process.stdout.write(`report: ${files.html} (${(files.htmlBytes / 1e6).toFixed(2)} MB)\n`);
      process.stdout.write(`tables: ${files.markdown}, ${files.csv.join(', ')}\n`);
      if (files.fiftyone) {
        const f = files.fiftyone;
        process.stdout.write(`fiftyone: ${f.dir} (${f.samples} samples, fields ${Object.values(f.fields).join(', ') || 'none'}): fo.Dataset.from_dir(${JSON.stringify(f.dir)}, fo.types.FiftyOneDataset)\n`);
        for (const note of f.notes) process.stdout.write(`  ${note}\n`);
      }
      process.stdout.write(`charts: ${files.charts.map((c) => c.svg.replace(/\.svg$/, '.{svg,png}')).join(', ')}\n`);
    });
}
