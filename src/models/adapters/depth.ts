import { requireOutput } from './output-checks.js';
import { LossyvisionError } from '../../errors.js';
import type { DepthPrediction } from '../../tasks/depth/prediction.js';
import { stretch } from '../calculators/letterbox.js';
import { resizePlane } from '../calculators/resize-plane.js';
import { toTensor } from '../calculators/to-tensor.js';
import { formatDims, toNumbers, type Runtime, type Tensor } from '../runtimes/runtime.js';
import type { Adapter } from './adapter.js';
import type { DepthConfig } from './depth-config.js';
import { resolveInput } from './image-input-config.js';

/** MiDaS v2.1 and DPT exports use 384; Depth-Anything 518. */
const DEFAULT_SIDE = 384;

/**
 * User monocular depth models: the image is stretched (bilinear, pixel centres) to the input
 * size and normalised (ImageNet by default); the `[1, 1, H, W]` or `[1, H, W]` output is resized
 * bilinearly to the original image size and answered raw, with what it means (`depthOutput`)
 * and how the depth task aligns it to ground truth (`alignment`, tasks/depth/align.ts).
 */
export function depthAdapter(runtime: Runtime, config: DepthConfig): Adapter<DepthPrediction> {
  const input = resolveInput(runtime, config, DEFAULT_SIDE);
  const output = config.depthOutput ?? 'metric';
  const alignment = config.alignment ?? (output === 'inverse-relative' ? 'least-squares' : 'none');
  const mapSize = (t: Tensor): { width: number; height: number } => {
    const d = t.dims;
    const ok = (d.length === 4 && d[0] === 1 && d[1] === 1) || (d.length === 3 && d[0] === 1);
    if (!ok) {
      throw new LossyvisionError('MODEL_OUTPUT', `output "${input.output}": expected shape [1, 1, H, W] or [1, H, W] but found ${formatDims(d)}`, { file: runtime.file });
    }
    return { width: d[d.length - 1], height: d[d.length - 2] };
  };
  return {
    family: 'depth',
    settings: { ...input, depthOutput: output, alignment, resize: 'stretch-bilinear', mapResize: 'bilinear' },
    outputNames: [input.output],
    prepare(image) {
      const { pixels, transform } = stretch(image, input.width, input.height, true);
      return { feeds: { [input.inputName]: toTensor(pixels, input.width, input.height, input.norm, input.layout, input.channelOrder) }, transform };
    },
    check(outputs) {
      const t = requireOutput(outputs, input.output, runtime);
      mapSize(t);
    },
    decode(outputs, t) {
      const out = outputs[input.output];
      const { width, height } = mapSize(out);
      const data = resizePlane(toNumbers(out), width, height, t.width, t.height);
      return { width: t.width, height: t.height, data, output, alignment };
    },
  };
}
