import { basename } from 'node:path';
import { LossyvisionError } from '../../errors.js';
import type { RgbImage } from '../../media/image.js';
import { fuseScores } from '../../tasks/action/clips.js';
import { sha256Files } from '../hash-files.js';
import { formatDims, type Runtime } from '../runtimes/runtime.js';
import { motionStack, toChannelsFirst, type MotionKind } from '../../video/flow/stack.js';
import type { TwoStreamConfig } from './two-stream-config.js';
import { adapterHash, readScores, VideoClassifier, type ActionModel } from './video-classifier.js';

interface TemporalInput {
  readonly inputName: string;
  readonly output: string;
  readonly layout: 'stacked' | 'ncthw';
  readonly motion: MotionKind;
  readonly length: number;
  readonly width: number;
  readonly height: number;
}

const DEFAULT_LENGTH = 10;
const DEFAULT_SIDE = 224;

/** Fills the temporal stream's layout, L and size from its graph's declared input. */
function resolveTemporal(runtime: Runtime, config: TwoStreamConfig['temporal']): TemporalInput {
  const input = config.inputName !== undefined ? runtime.inputs.find((i) => i.name === config.inputName) : runtime.inputs[0];
  if (!input) throw new LossyvisionError('MODEL_LOAD', `expected an input named "${config.inputName}" but the model has: ${runtime.inputs.map((i) => i.name).join(', ')}`, { file: runtime.file });
  const dims = input.dims;
  const motion = config.motion ?? 'flow';
  const channels = motion === 'flow' ? 2 : 3;
  const layout = config.layout ?? (dims?.length === 5 ? 'ncthw' : 'stacked');
  if (dims && dims.length !== (layout === 'ncthw' ? 5 : 4)) {
    throw new LossyvisionError('MODEL_LOAD', `expected a ${layout === 'ncthw' ? 5 : 4}-D input for temporal layout ${layout} but "${input.name}" is ${formatDims(dims)}`, { file: runtime.file });
  }
  const declaredLength = layout === 'ncthw' ? dims?.[2] : dims?.[1] != null ? dims[1]! / channels : undefined;
  const length = config.length ?? declaredLength ?? DEFAULT_LENGTH;
  if (!Number.isInteger(length)) {
    throw new LossyvisionError('MODEL_LOAD', `expected ${channels}·L input channels for ${motion} but "${input.name}" is ${formatDims(dims)}`, { file: runtime.file });
  }
  const [h, w] = layout === 'ncthw' ? [dims?.[3], dims?.[4]] : [dims?.[2], dims?.[3]];
  const size = config.inputSize === undefined ? [w ?? DEFAULT_SIDE, h ?? DEFAULT_SIDE] : typeof config.inputSize === 'number' ? [config.inputSize, config.inputSize] : config.inputSize;
  const output = config.output ?? runtime.outputs[0]?.name;
  if (output === undefined || !runtime.outputs.some((o) => o.name === output)) {
    throw new LossyvisionError('MODEL_OUTPUT', `expected an output named "${output ?? '(any)'}" but the model has: ${runtime.outputs.map((o) => o.name).join(', ') || 'no outputs'}`, { file: runtime.file });
  }
  return { inputName: input.name, output, layout, motion, length, width: size[0]!, height: size[1]! };
}

/**
 * Spatial stream on RGB, temporal stream on motion (optical flow or RGB difference) computed
 * from the very frames it is given, i.e. the compressed ones, and their late fusion: the
 * weighted average of the two softmax score vectors. A clip is L + 1 frames (or the spatial
 * network's T, if more); the spatial network sees the clip's first T frames.
 */
export class TwoStreamModel implements ActionModel {
  readonly streams = ['spatial', 'temporal', 'fusion'];
  readonly framesPerClip: number;
  readonly classes?: readonly string[];

  private constructor(
    readonly id: string,
    readonly hash: string,
    readonly provenance: Record<string, string>,
    private readonly spatial: VideoClassifier,
    private readonly temporal: Runtime,
    readonly temporalInput: TemporalInput,
    private readonly config: TwoStreamConfig,
  ) {
    this.framesPerClip = Math.max(spatial.framesPerClip, temporalInput.length + 1);
    this.classes = config.classes;
  }

  static async create(id: string, spatial: VideoClassifier, temporal: Runtime, config: TwoStreamConfig): Promise<TwoStreamModel> {
    const temporalInput = resolveTemporal(temporal, config.temporal);
    const settings = { config, temporalInput, adapter: 'two-stream' };
    const hash = adapterHash(`${spatial.hash}:${await sha256Files([temporal.file])}`, settings);
    const provenance = {
      ...spatial.provenance,
      model: `${spatial.provenance.model} + ${basename(temporal.file)}`,
      adapter: 'two-stream',
      settings: JSON.stringify(settings),
    };
    return new TwoStreamModel(id, hash, provenance, spatial, temporal, temporalInput, config);
  }

  get fusionWeights(): readonly [number, number] {
    return this.config.fusionWeights ?? [1, 1];
  }

  async scoreClip(frames: readonly RgbImage[]): Promise<Record<string, number[]>> {
    if (frames.length !== this.framesPerClip) throw new LossyvisionError('INVALID_ARGUMENT', `Expected ${this.framesPerClip} frames per clip but received ${frames.length}`);
    const spatial = await this.spatial.scores(frames.slice(0, this.spatial.framesPerClip));
    const temporal = await this.temporalScores(frames.slice(0, this.temporalInput.length + 1));
    if (spatial.length !== temporal.length) {
      throw new LossyvisionError('MODEL_OUTPUT', `expected both streams to score the same classes but spatial gives ${spatial.length} and temporal ${temporal.length}`, { file: this.temporal.file });
    }
    return { spatial, temporal, fusion: fuseScores([spatial, temporal], this.fusionWeights) };
  }

  private async temporalScores(frames: readonly RgbImage[]): Promise<number[]> {
    const t = this.config.temporal;
    const { inputName, output, layout, motion, length, width, height } = this.temporalInput;
    const stack = motionStack(frames, { kind: motion, width, height, boundPx: t.boundPx, scale: t.scale, mean: t.mean, std: t.std, farneback: t.farneback });
    const data = layout === 'ncthw' ? toChannelsFirst(stack) : stack.data;
    const dims = layout === 'ncthw' ? [1, stack.channels, length, height, width] : [1, stack.channels * length, height, width];
    const out = await this.temporal.run({ [inputName]: { dims, data } }, [output]);
    return readScores(out[output], output, this.temporal.file, t.softmax ?? true);
  }

  async dispose(): Promise<void> {
    await this.spatial.dispose();
    await this.temporal.dispose();
  }
}
