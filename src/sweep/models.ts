import { LossyvisionError } from '../errors.js';
import type { Model } from '../models/model.js';
import { PROBE_IMAGE } from '../models/probe.js';
import type { TaskDefinition } from '../tasks/task.js';

type LoadModel = (spec: string, options?: Record<string, unknown>) => Promise<Model>;

/**
 * Loads every model and runs it once on a probe image, so a model that fails to load or
 * answers in the wrong shape stops the sweep before any sample, with its name in the error.
 * `probe` says which models (by index) this thread checks: a sweep worker checks its share,
 * the other workers load the same files into the same runtime and check the rest.
 * `loader` is a module exporting `loadModel`; the models folder's unless a caller swaps it.
 */
export async function loadModels(
  specs: readonly string[],
  task: TaskDefinition,
  loader: string | undefined,
  options: Record<string, unknown> = {},
  probe: (index: number) => boolean = () => true,
): Promise<Model[]> {
  const module = (await import(loader ?? '../models/load.js')) as { loadModel: LoadModel };
  const models: Model[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      let model: Model;
      try {
        model = await module.loadModel(spec, { ...options, task: task.id, ...(probe(index) ? {} : { probe: false }) });
      } catch (error) {
        if (error instanceof LossyvisionError) throw error;
        throw new LossyvisionError('MODEL_LOAD', `model failed to load: ${error instanceof Error ? error.message : String(error)}`, { file: spec }, { cause: error });
      }
      models.push(model);
      if (model.task !== task.id) {
        throw new LossyvisionError('MODEL_LOAD', `model is a ${model.task} model, expected a ${task.id} model`, { file: spec });
      }
      if (!probe(index)) continue;
      let prediction: unknown;
      try {
        // Models that answered the probe while loading (every built-in and adapted model) keep
        // that answer: one inference per model and thread instead of two.
        prediction = model.probePrediction !== undefined ? model.probePrediction : await model.predict(PROBE_IMAGE);
      } catch (error) {
        throw new LossyvisionError('MODEL_OUTPUT', `model failed on a 64×48 probe image: ${error instanceof Error ? error.message : String(error)}`, { file: spec }, { cause: error });
      }
      const problem = task.checkPrediction(prediction);
      if (problem) throw new LossyvisionError('MODEL_OUTPUT', `malformed ${task.id} output on a probe image: ${problem}`, { file: spec });
    }
    return models;
  } catch (error) {
    await Promise.all(models.map((m) => m.dispose().catch(() => undefined)));
    throw error;
  }
}
