import { LossyvisionError } from '../errors.js';

/** A `--model-config` as given: the file, and how many `--model` flags came before it. */
export interface GivenModelConfig {
  readonly file: string;
  readonly after: number;
}

/**
 * `--model` and `--model-config` parsers that remember their order on the command line, so
 * each config belongs to the model given just before it:
 * `--model a.onnx --model-config a.json --model b.onnx --model-config b.json`.
 */
export function modelFlagParsers(): {
  model: (value: string, previous: string[]) => string[];
  modelConfig: (value: string, previous: GivenModelConfig[]) => GivenModelConfig[];
} {
  let models = 0;
  return {
    model: (value, previous) => {
      models++;
      return [...previous, value];
    },
    modelConfig: (value, previous) => [...previous, { file: value, after: models }],
  };
}

export interface PairedModels {
  /** The model specs to load: `model@config` where a model of a multi-model run has its own config. */
  readonly specs: string[];
  /** A one-model run's config, passed as the model option (the model id stays the file). */
  readonly modelConfig?: string;
}

const isZoo = (spec: string): boolean => spec.startsWith('zoo:');

/**
 * Pairs each `--model-config` with the `--model` before it; one given before any `--model` is
 * the default of every .onnx / TF.js model without its own. Two configs for one model, or a
 * config for a built-in model, are errors rather than one silently replacing the other.
 */
export function pairModelConfigs(models: readonly string[], configs: readonly GivenModelConfig[]): PairedModels {
  const own: (string | undefined)[] = models.map(() => undefined);
  let shared: string | undefined;
  for (const { file, after } of configs) {
    if (after === 0) {
      if (shared !== undefined) throw new LossyvisionError('INVALID_ARGUMENT', `Expected one --model-config before the first --model (the default of every model) but received ${shared} and ${file}`);
      shared = file;
      continue;
    }
    const model = models[after - 1];
    if (own[after - 1] !== undefined) {
      throw new LossyvisionError('INVALID_ARGUMENT', `Expected one --model-config per --model but ${model} has ${own[after - 1]} and ${file}: give each model its own, after it (--model a.onnx --model-config a.json --model b.onnx --model-config b.json)`);
    }
    if (isZoo(model)) throw new LossyvisionError('INVALID_ARGUMENT', `a model config applies to .onnx and TF.js models; built-in models take none (given: ${file})`, { file: model });
    own[after - 1] = file;
  }
  const configOf = models.map((m, i) => own[i] ?? (isZoo(m) || m.includes('@') ? undefined : shared));
  if (models.length === 1) return { specs: [...models], ...(configOf[0] === undefined ? {} : { modelConfig: configOf[0] }) };
  return { specs: models.map((m, i) => (configOf[i] === undefined ? m : `${m}@${configOf[i]}`)) };
}
