import { join } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { planStudy, planUnits } from '../study/plan.js';
import { PROBE_BATCHES, probeExperiment } from '../study/probe.js';
import { writeStudyReport } from '../study/report.js';
import { runStudy, type StudyProgress } from '../study/run.js';
import { readStudy, type Study } from '../study/schema.js';
import { BUDGETS, generatePaperData, paperDataDir, paperStudy, type Budget } from '../study/presets/paper.js';
import { invalidParameter, LossyvisionError } from '../errors.js';
import { removeStaleResults, useTempRoot } from './interrupt.js';
import { formatTable } from './table.js';
import { formatRecoveryTables } from '../retrain/table.js';

interface StudyFlags {
  out: string;
  preset?: string;
  budget: string;
  only?: string;
  dryRun?: boolean;
  progress: boolean;
}

const seconds = (ms: number): string => (ms >= 90_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);

/** `lossyvision study STUDY.json|STUDY.yaml --out DIR`: every experiment of a study file, resumable as a whole. */
export function registerStudy(program: Command): void {
  program
    .command('study')
    .description('run every experiment of a study file (sweeps and retraining), each into <out>/<name>/; a rerun skips finished experiments and resumes the rest')
    .argument('[study]', 'study file (JSON, or YAML named .yaml/.yml; see README "Studies"), or --preset')
    .requiredOption('-o, --out <dir>', 'study folder: one results folder per experiment, study-state.json, study.json')
    .option('--preset <name>', 'a built-in study instead of a file: paper (the published study on the built-in kit; its data is generated into <out>/data-<budget>/)')
    .option('--budget <size>', 'with --preset paper: small (fewer samples and epochs, about half an hour on 2 cores) or full (the README\'s sizes)', 'small')
    .option('--only <name>', 'run only the experiment of this name')
    .option('--dry-run', 'print the plan, its size (samples × cells) and a time estimate from a probe of each experiment (its first samples; retraining: a few batches per model); run nothing')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string | undefined, flags: StudyFlags) => {
      const study = await studyOf(file, flags);
      if (flags.dryRun) return dryRun(study, flags);
      await useTempRoot(join(flags.out, 'tmp'));
      await removeStaleResults(flags.out, join(flags.out, 'cache'));
      const bar = flags.progress && process.stderr.isTTY ? progressBar() : undefined;
      let last = '';
      let result;
      try {
        result = await runStudy(study, {
          out: flags.out,
          only: flags.only,
          onProgress: (p) => {
            if (bar) return bar.update(p);
            // Without a terminal: one line per experiment started.
            if (p.name !== last) process.stderr.write(`experiment ${p.index}/${p.count}: ${p.name}\n`);
            last = p.name;
          },
        });
      } finally {
        bar?.stop();
      }
      for (const run of result.experiments) {
        const { experiment, dir } = run.planned;
        process.stdout.write(`\n## ${experiment.name} (${experiment.task}, ${run.status === 'skipped' ? 'finished by an earlier run, not redone' : `${run.wallSeconds.toFixed(1)} s`})\n`);
        for (const note of run.notes) process.stderr.write(`lossyvision: note: ${experiment.name}: ${note}\n`);
        for (const warning of run.warnings) process.stderr.write(`lossyvision: warning: ${experiment.name}: ${warning}\n`);
        if (run.table) process.stdout.write(formatTable(run.table));
        if (run.retrain) process.stdout.write(formatRecoveryTables(run.retrain));
        process.stdout.write(`results: ${run.planned.resultsDir}${run.planned.kind === 'retrain' ? ` (retraining: ${join(dir, 'results.json')})` : ''}\n`);
      }
      // The front page covers every finished experiment of the study, not only those of this run.
      const report = await writeStudyReport(study, await planStudy(study, flags.out), flags.out);
      process.stdout.write(`\nstudy: ${result.provenance}, ${join(flags.out, 'study-state.json')}\nreport: ${report.html}${report.missing.length ? ` (not finished yet: ${report.missing.join(', ')})` : ''}\n`);
    });
}

/** The study file, or the preset (its generated data made first: datasets are opened to plan). */
async function studyOf(file: string | undefined, flags: StudyFlags): Promise<Study> {
  if ((file === undefined) === (flags.preset === undefined)) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected a study file or --preset paper (one of them)');
  if (file !== undefined) return readStudy(file);
  if (flags.preset !== 'paper') throw invalidParameter('one of: paper', 'preset', flags.preset);
  if (!BUDGETS.includes(flags.budget as Budget)) throw invalidParameter(`one of: ${BUDGETS.join(', ')}`, 'budget', flags.budget);
  const budget = flags.budget as Budget;
  await generatePaperData(budget, paperDataDir(budget, flags.out), (m) => process.stderr.write(`${m}\n`));
  return paperStudy(budget, flags.out);
}

async function dryRun(study: Study, flags: StudyFlags): Promise<void> {
  const plan = await planStudy(study, flags.out, flags.only);
  let totalMs = 0;
  let unknown = 0;
  process.stdout.write(`study ${study.name}: ${plan.length} experiment${plan.length === 1 ? '' : 's'} into ${flags.out}\n`);
  for (const p of plan) {
    const e = p.experiment;
    const size = p.samples === null ? `? samples (frames, counted at run time) × ${p.cells} cells` : `${p.samples} samples × ${p.cells} cells = ${planUnits(p)} steps`;
    const training = p.training ? `; retraining: ${p.training.runs} model${p.training.runs === 1 ? '' : 's'} × ${p.training.epochs} epochs` : '';
    process.stdout.write(`\n${e.name}: ${p.kind} ${e.task}, ${e.models.map((m) => (typeof m === 'string' ? m : m.model)).join(', ')} on ${e.data}\n`);
    process.stdout.write(`  levels: ${e.codecs.join(' ')}\n  size: ${size}${training}\n`);
    process.stderr.write(`probing ${e.name}…\n`);
    const estimate = await probeExperiment(study, p);
    const r = estimate?.retraining;
    if (estimate && r) {
      totalMs += estimate.totalMs;
      process.stdout.write(
        `  estimate: ${seconds(estimate.totalMs)} (probe: ${PROBE_BATCHES} training batches per model, ${estimate.probed} test samples, empty cache): ` +
          `pre-training ${seconds(r.pretrainMs)}${r.pretrainMs > 0 ? ' (skipped when the study\'s cache has the model)' : ''}, fine-tuning ${seconds(r.fineTuneMs)} (${p.training?.runs} × ${p.training?.epochs} epochs × ${r.train} samples), ` +
          `validation ${seconds(r.validationMs)} (${r.val} samples an epoch), testing ${seconds(r.testMs)} (${seconds(estimate.perSampleMs)} per test sample), start-up ${seconds(estimate.startupMs)}\n`,
      );
    } else if (estimate) {
      totalMs += estimate.totalMs;
      process.stdout.write(`  estimate: ${seconds(estimate.totalMs)} (probe of ${estimate.probed} samples: ${seconds(estimate.startupMs)} start-up, ${seconds(estimate.perSampleMs)} per sample, empty cache)\n`);
    } else {
      unknown++;
      process.stdout.write('  estimate: none (size known only at run time)\n');
    }
  }
  process.stdout.write(`\nestimated total: ${seconds(totalMs)}${unknown ? ` plus ${unknown} experiment${unknown === 1 ? '' : 's'} not estimated` : ''} (a rerun skips finished experiments and cached work)\n`);
}

/** cli-progress on stderr: the running experiment, its samples, and the study's ETA. */
function progressBar(): { update: (p: StudyProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { format: 'experiment {index}/{count} {name} {bar} {value}/{total} samples | study ETA {studyEta} | {current}', stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      const payload = { index: p.index, count: p.count, name: p.name, current: p.current.slice(0, 60), studyEta: p.etaMs === null ? '–' : seconds(p.etaMs) };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, payload);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
