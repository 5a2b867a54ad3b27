import { LossyvisionError } from '../../errors.js';
import { formatDims, type Runtime, type Tensor } from '../runtimes/runtime.js';

/** Picks a named output, failing with the names that exist. */
export function requireOutput(outputs: Record<string, Tensor>, name: string, runtime: Runtime): Tensor {
  const t = outputs[name];
  if (!t) {
    throw new LossyvisionError('MODEL_OUTPUT', `expected an output named "${name}" but the model has: ${Object.keys(outputs).join(', ')}`, { file: runtime.file });
  }
  return t;
}

/** `expected` uses null for "any size". */
export function requireShape(t: Tensor, name: string, expected: readonly (number | null | string)[], runtime: Runtime, hint = ''): void {
  const ok = t.dims.length === expected.length &&
    expected.every((e, i) => e === null || typeof e === 'string' || e === t.dims[i]);
  if (!ok) {
    throw new LossyvisionError(
      'MODEL_OUTPUT',
      `output "${name}": expected shape ${formatDims(expected)} but found ${formatDims(t.dims)}${hint ? ` (${hint})` : ''}`,
      { file: runtime.file },
    );
  }
}

/** Checks a configured output name against the graph's declared outputs, before running it. */
export function requireOutputName(runtime: Runtime, name: string | undefined): string {
  const names = runtime.outputs.map((o) => o.name);
  if (name === undefined || !names.includes(name)) {
    throw new LossyvisionError('MODEL_OUTPUT', `expected an output named "${name ?? '(any)'}" but the model has: ${names.join(', ') || 'no outputs'}`, { file: runtime.file });
  }
  return name;
}
