/**
 * The input and output layouts a TF.js Layers model must have for each task, checked once for
 * both inference (the Layers adapters) and retraining: a model that does not fit is a user error
 * naming the shapes it has.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { LossyvisionError } from '../../errors.js';
import { is } from '../../validate.js';

/** A trainable model's input layout ([N, H, W, C] in [0, 1]) and class count. */
export interface ModelShape {
  height: number;
  width: number;
  channels: number;
  classes: number;
  /** Frames per clip, for video tasks (action). */
  frames?: number;
}

/** [H, W, C] and the number of classes of a single-input, single-output classifier. */
export function classifierShape(model: tfl.LayersModel, spec: string): { height: number; width: number; channels: number; classes: number } {
  const input = model.inputs.length === 1 ? model.inputs[0].shape : undefined;
  const output = model.outputs.length === 1 ? model.outputs[0].shape : undefined;
  if (!input || input.length !== 4 || !input.slice(1).every((d) => is.integer(d) && d > 0) || !(input[3] === 1 || input[3] === 3)) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one image input [batch, height, width, 1 or 3] but the model's inputs are ${JSON.stringify(model.inputs.map((i) => i.shape))}`, { file: spec });
  }
  if (!output || output.length !== 2 || !is.integer(output[1]) || output[1] < 2) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one class-score output [batch, classes] but the model's outputs are ${JSON.stringify(model.outputs.map((o) => o.shape))}`, { file: spec });
  }
  return { height: input[1] as number, width: input[2] as number, channels: input[3] as number, classes: output[1] };
}

/** [H, W, C] and the number of classes of a single-input, single-output per-pixel classifier ([batch, H, W, classes] scores). */
export function segmenterShape(model: tfl.LayersModel, spec: string): { height: number; width: number; channels: number; classes: number } {
  const input = model.inputs.length === 1 ? model.inputs[0].shape : undefined;
  const output = model.outputs.length === 1 ? model.outputs[0].shape : undefined;
  if (!input || input.length !== 4 || !input.slice(1).every((d) => is.integer(d) && d > 0) || !(input[3] === 1 || input[3] === 3)) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one image input [batch, height, width, 1 or 3] but the model's inputs are ${JSON.stringify(model.inputs.map((i) => i.shape))}`, { file: spec });
  }
  if (!output || output.length !== 4 || output[1] !== input[1] || output[2] !== input[2] || !is.integer(output[3]) || output[3] < 2) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one per-pixel class-score output [batch, ${input[1]}, ${input[2]}, classes] but the model's outputs are ${JSON.stringify(model.outputs.map((o) => o.shape))}`, { file: spec });
  }
  return { height: input[1] as number, width: input[2] as number, channels: input[3] as number, classes: output[3] };
}

/** [H, W, C] of a single-input, single-output depth network ([batch, H, W, 1] depth); `classes` is 1. */
export function depthModelShape(model: tfl.LayersModel, spec: string): ModelShape {
  const input = model.inputs.length === 1 ? model.inputs[0].shape : undefined;
  const output = model.outputs.length === 1 ? model.outputs[0].shape : undefined;
  if (!input || input.length !== 4 || !input.slice(1).every((d) => is.integer(d) && d > 0) || !(input[3] === 1 || input[3] === 3)) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one image input [batch, height, width, 1 or 3] but the model's inputs are ${JSON.stringify(model.inputs.map((i) => i.shape))}`, { file: spec });
  }
  if (!output || output.length !== 4 || output[1] !== input[1] || output[2] !== input[2] || output[3] !== 1) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one depth output [batch, ${input[1]}, ${input[2]}, 1] (metres) but the model's outputs are ${JSON.stringify(model.outputs.map((o) => o.shape))}`, { file: spec });
  }
  return { height: input[1] as number, width: input[2] as number, channels: input[3] as number, classes: 1 };
}

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

/** Layer names the action adapter reads the separate streams from. */
export const SPATIAL_SCORES = 'spatial_softmax';
export const TEMPORAL_SCORES = 'temporal_softmax';

/**
 * Checks a two-stream Layers model: inputs `[batch, H, W, 3]` (a frame) and `[batch, H, W, 3(T − 1)]`
 * (stacked RGB differences), one output `[batch, classes]`; returns its shape (channels 3, frames T).
 */
export function twoStreamShape(model: tfl.LayersModel, spec: string): ModelShape {
  const [frame, motion] = model.inputs.map((i) => i.shape);
  const output = model.outputs.length === 1 ? model.outputs[0].shape : undefined;
  const sized = (s: (number | null)[] | undefined): boolean => !!s && s.length === 4 && s.slice(1).every((d) => is.integer(d) && d > 0);
  if (model.inputs.length !== 2 || !sized(frame) || !sized(motion) || frame[3] !== 3 || (motion[3] as number) % 3 !== 0 || frame[1] !== motion[1] || frame[2] !== motion[2]) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected two inputs, a frame [batch, H, W, 3] and stacked RGB differences [batch, H, W, 3·(T − 1)], but the model's inputs are ${JSON.stringify(model.inputs.map((i) => i.shape))}`, { file: spec });
  }
  if (!output || output.length !== 2 || !is.integer(output[1]) || output[1] < 2) {
    throw new LossyvisionError('MODEL_OUTPUT', `Expected one class-score output [batch, classes] but the model's outputs are ${JSON.stringify(model.outputs.map((o) => o.shape))}`, { file: spec });
  }
  return { height: frame[1] as number, width: frame[2] as number, channels: 3, classes: output[1], frames: (motion[3] as number) / 3 + 1 };
}
