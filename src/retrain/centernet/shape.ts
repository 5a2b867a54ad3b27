import type * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError } from '../../errors.js';
import { is } from '../../validate.js';
import type { ModelShape } from '../task.js';

/** A CenterNet-style detector's input, heatmap count and output stride (input pixels per heatmap cell). */
export interface DetectorShape extends ModelShape {
  readonly stride: number;
}

/**
 * Checks a Layers model is a CenterNet-style detector — one image input [batch, H, W, 1 or 3],
 * one output [batch, H/s, W/s, classes + 4] (class heatmaps, then size and offset) with the same
 * whole stride s in both directions — and returns its shape.
 */
export function detectorShape(model: tfl.LayersModel, spec: string): DetectorShape {
  const input = model.inputs.length === 1 ? model.inputs[0].shape : undefined;
  const output = model.outputs.length === 1 ? model.outputs[0].shape : undefined;
  if (!input || input.length !== 4 || !input.slice(1).every((d) => is.integer(d) && d > 0) || !(input[3] === 1 || input[3] === 3)) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one image input [batch, height, width, 1 or 3] but the model's inputs are ${JSON.stringify(model.inputs.map((i) => i.shape))}`, { file: spec });
  }
  const [height, width] = [input[1] as number, input[2] as number];
  const ok = output && output.length === 4 && output.slice(1).every((d) => is.integer(d) && d > 0) && (output[3] as number) >= 5
    && height % (output[1] as number) === 0 && width % (output[2] as number) === 0 && height / (output[1] as number) === width / (output[2] as number);
  if (!output || !ok) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one CenterNet output [batch, ${height}/stride, ${width}/stride, classes + 4] (class heatmaps, size, offset) but the model's outputs are ${JSON.stringify(model.outputs.map((o) => o.shape))}`, { file: spec });
  }
  return { height, width, channels: input[3] as number, classes: (output[3] as number) - 4, stride: height / (output[1] as number) };
}
