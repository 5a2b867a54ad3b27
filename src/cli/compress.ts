import type { Command } from 'commander';
import { compressFile, type CompressReport } from '../codecs/compress.js';
import { infinityReplacer } from '../json.js';
import { formatCodecLevels } from '../codecs/levels.js';
import { SSIM_WINDOW } from '../fidelity/ssim.js';

/** `lossyvision compress IN --codec jpeg:10 -o OUT`: one image, one level, the exact numbers. */
export function registerCompress(program: Command): void {
  program
    .command('compress')
    .description('compress one image at one level; print bytes, bpp, PSNR and SSIM')
    .argument('<input>', 'image file (png, jpeg, webp, avif, tiff, …)')
    .requiredOption('-c, --codec <spec>', 'codec and one level, e.g. jpeg:10, webp:50, avif:40@effort=4, jpeg:10@chroma=444')
    .option('-o, --output <file>', 'where to write the compressed bitstream')
    .option('--json', 'print the report as JSON')
    .action(async (input: string, options: { codec: string; output?: string; json?: boolean }) => {
      const report = await compressFile(input, options.codec, { output: options.output });
      for (const warning of report.warnings) process.stderr.write(`lossyvision: warning: ${warning}\n`);
      process.stdout.write(options.json ? `${JSON.stringify(toJson(report), infinityReplacer, 2)}\n` : toText(report));
    });
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
