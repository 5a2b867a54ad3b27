import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { compressFile, type CompressReport } from '../codecs/compress.js';
import { infinityReplacer } from '../json.js';
import { formatCodecLevels } from '../codecs/levels.js';
import { getImageCodec } from '../codecs/registry.js';
import { LossyvisionError } from '../errors.js';
import { SSIM_WINDOW } from '../fidelity/ssim.js';
import { parseCodecFlag } from './codec-flags.js';

interface Options {
  codec?: string;
  output?: string;
  json?: boolean;
  quality?: string;
}

/** `lossyvision compress IN --codec jpeg:10 -o OUT`: one image, one level, the exact numbers. */
export function registerCompress(program: Command): void {
  program
    .command('compress')
    .description('compress one image at one level; print bytes, bpp, PSNR and SSIM')
    .argument('<input>', 'image file (png, jpeg, webp, avif, tiff, …)')
    // Checked in the action, so that a stray --quality is answered first.
    .option('-c, --codec <spec>', 'codec and one level, e.g. jpeg:10, webp:50, avif:40@effort=4, jpeg:10@chroma=444')
    .option('-o, --output <file>', 'where to write the compressed bitstream')
    .option('--json', 'print the report as JSON')
    // Other tools' way of giving the level: taken only to say where it goes here.
    .addOption(new Option('--quality <n>').hideHelp())
    .action(async (input: string, options: Options) => {
      if (options.quality !== undefined) {
        throw new LossyvisionError('INVALID_ARGUMENT', `--quality is not an option of compress: the level is part of the codec spec, e.g. --codec jpeg:${options.quality}`);
      }
      if (options.codec === undefined) throw new LossyvisionError('INVALID_ARGUMENT', 'Expected --codec for compress, e.g. --codec jpeg:50');
      const spec = parseCodecFlag('--codec', options.codec);
      const extension = options.output === undefined ? undefined : extensionWarning(options.output, spec.codec);
      const report = await compressFile(input, spec, { output: options.output });
      for (const warning of [...(extension ? [extension] : []), ...report.warnings]) process.stderr.write(`lossyvision: warning: ${warning}\n`);
      process.stdout.write(options.json ? `${JSON.stringify(toJson(report), infinityReplacer, 2)}\n` : toText(report));
    });
}

/** A bitstream is written as it is, never wrapped: "-o x.jpg" for WebP makes a file that says it is what it is not. */
function extensionWarning(output: string, codecId: string): string | undefined {
  let codec;
  try {
    codec = getImageCodec(codecId);
  } catch {
    return undefined; // compressFile names the unknown codec
  }
  const given = extname(output).slice(1).toLowerCase();
  const expected = [codec.extension, ...(codec.otherExtensions ?? [])];
  if (expected.includes(given)) return undefined;
  return `-o ${output}: the extension does not match the ${codec.id} bitstream written there (expected .${codec.extension})`;
}

/** ∞ for identical images: JSON has no Infinity, so it is the string "Infinity" there. */
const psnrText = (psnr: number): string => (psnr === Infinity ? '∞' : `${psnr.toFixed(2)} dB`);

function toText(report: CompressReport): string {
  const r = report.result;
  const spec = formatCodecLevels({ codec: r.codec, kind: 'image', levels: [r.level], params: r.params });
  return [
    `input   ${report.input} (${report.source.format}, ${r.decoded.width}×${r.decoded.height})`,
    `codec   ${spec}`,
    ...(report.output === undefined ? [] : [`output  ${report.output}`]),
    `bytes   ${r.bytes}`,
    `bpp     ${r.bpp.toFixed(4)}`,
    `PSNR    ${psnrText(r.psnr)} (RGB)`,
    Number.isNaN(r.ssim) ? `SSIM    – (the image is smaller than the ${SSIM_WINDOW}×${SSIM_WINDOW} SSIM window)` : `SSIM    ${r.ssim.toFixed(6)} (luma)`,
    '',
  ].join('\n');
}

function toJson(report: CompressReport): Record<string, unknown> {
  const r = report.result;
  return {
    input: report.input,
    output: report.output ?? null,
    source: report.source,
    doubleCompression: report.doubleCompression,
    warnings: report.warnings,
    codec: r.codec,
    level: r.level,
    params: r.params,
    width: r.decoded.width,
    height: r.decoded.height,
    bytes: r.bytes,
    bpp: r.bpp,
    psnr: r.psnr,
    ssim: Number.isNaN(r.ssim) ? null : r.ssim,
  };
}
