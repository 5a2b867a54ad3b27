import { writeFile } from 'node:fs/promises';
import { LossyvisionError } from '../errors.js';
import { decodeImage, readImageFile } from '../media/decode.js';
import { type SourceFormat, sourceFormat } from '../media/source-format.js';
import type { EncodeResult } from './codec.js';
import { type CodecLevels, parseCodecLevels } from './levels.js';
import { getImageCodec } from './registry.js';

export interface CompressOptions {
  /** Where to write the bitstream; nothing is written when absent. */
  output?: string;
}

export interface CompressReport {
  readonly input: string;
  readonly output?: string;
  readonly source: SourceFormat;
  /** The input was already lossy-compressed, so this measures double compression. */
  readonly doubleCompression: boolean;
  readonly warnings: readonly string[];
  readonly result: EncodeResult;
}

/** Compresses one image file at one level (`jpeg:10`), measures it, and optionally writes the bitstream. */
export async function compressFile(
  input: string,
  codecSpec: string | CodecLevels,
  options: CompressOptions = {},
): Promise<CompressReport> {
  const spec = typeof codecSpec === 'string' ? parseCodecLevels(codecSpec) : codecSpec;
  const codec = getImageCodec(spec.codec);
  if (spec.levels.length !== 1) {
    throw new LossyvisionError(
      'INVALID_ARGUMENT',
      `Expected one ${codec.level.name} level for compress but received ${spec.levels.length} (${spec.levels.join(', ')})`,
    );
  }
  const buffer = await readImageFile(input);
  const source = sourceFormat(buffer);
  const image = await decodeImage(buffer, { file: input });
  const result = await codec.encode(image, spec.levels[0], spec.params);
  const warnings = source.lossy ? [`source is already lossy (${source.format}): this is double compression`] : [];
  if (options.output !== undefined) {
    try {
      await writeFile(options.output, result.bitstream);
    } catch (error) {
      throw new LossyvisionError('INVALID_FILE', `cannot write output: ${(error as Error).message}`, { file: options.output }, { cause: error });
    }
  }
  return { input, output: options.output, source, doubleCompression: source.lossy, warnings, result };
}
