import sharp, { type Sharp } from 'sharp';
import { LossyvisionError } from '../errors.js';
import { fidelityOf, type Fidelity } from '../fidelity/fidelity.js';
import { decodeImage } from '../media/decode.js';
import type { RgbImage } from '../media/image.js';
import type { EncodeResult, ImageCodec, LevelSpec } from './codec.js';
import { validateLevel } from './level.js';
import { type CodecParam, type CodecParams, type ParamValue, paramDefaults, resolveParams } from './params.js';

/** What a sharp-backed codec declares; the encode–decode–measure loop is shared. */
export interface SharpCodecDefinition {
  readonly id: string;
  readonly description: string;
  readonly extension: string;
  readonly otherExtensions?: readonly string[];
  readonly lossless: boolean;
  readonly level: LevelSpec;
  readonly params: readonly CodecParam[];
  /** Names of the libraries behind the codec, as keys of sharp.versions. */
  readonly libraries: readonly string[];
  /** Sets the output format on the pipeline; level and params are already validated. */
  configure(pipeline: Sharp, level: number, params: CodecParams): Sharp;
}

/** The versions of sharp, libvips and the named libraries that this sharp build reports. */
export function sharpVersions(libraries: readonly string[]): Record<string, string> {
  const all = sharp.versions as Record<string, string | undefined>;
  const out: Record<string, string> = { sharp: all.sharp ?? 'unknown', libvips: all.vips ?? 'unknown' };
  for (const name of libraries) {
    const version = all[name];
    if (version !== undefined) out[name] = version;
  }
  return out;
}

export function sharpCodec(definition: SharpCodecDefinition): ImageCodec {
  const { id, level: levelSpec, params: paramSpecs } = definition;
  return {
    id,
    kind: 'image',
    level: levelSpec,
    extension: definition.extension,
    ...(definition.otherExtensions ? { otherExtensions: definition.otherExtensions } : {}),
    lossless: definition.lossless,
    description: definition.description,
    defaults: paramDefaults(paramSpecs),
    params: paramSpecs,
    versions: () => sharpVersions(definition.libraries),
    async encode(image: RgbImage, level: number, given?: Record<string, ParamValue>, fidelity?: Fidelity): Promise<EncodeResult> {
      validateLevel(levelSpec, level);
      const params = resolveParams(id, paramSpecs, given);
      const input = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
      let bitstream: Uint8Array;
      try {
        bitstream = new Uint8Array(await definition.configure(input, level, params).toBuffer());
      } catch (error) {
        throw new LossyvisionError('UNSUPPORTED', `${id} encode failed: ${(error as Error).message}`, {}, { cause: error });
      }
      const decoded = await decodeImage(bitstream, { file: `${id} bitstream` });
      if (decoded.width !== image.width || decoded.height !== image.height) {
        throw new Error(`${id} decoded to ${decoded.width}×${decoded.height}, expected ${image.width}×${image.height}`);
      }
      const bytes = bitstream.byteLength;
      return {
        codec: id,
        level,
        params,
        bitstream,
        bytes,
        bpp: (8 * bytes) / (image.width * image.height),
        decoded,
        ...fidelityOf(image, decoded, fidelity),
      };
    },
  };
}

/** Chroma subsampling as a parameter: "420" (2×2 chroma) or "444" (full-resolution chroma). */
export function chromaParam(defaultValue: '420' | '444', description: string): CodecParam {
  return {
    name: 'chroma',
    description,
    type: 'enum',
    values: ['420', '444'],
    aliases: new Map([
      ['4:2:0', '420'],
      ['4:4:4', '444'],
    ]),
    default: defaultValue,
  };
}

/** sharp spells subsampling "4:2:0"/"4:4:4". */
export const sharpChroma = (value: ParamValue): string => (value === '444' ? '4:4:4' : '4:2:0');
