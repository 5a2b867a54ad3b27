import type { Command } from 'commander';
import { exportCompressedDataset } from '../retrain/export.js';

/** `lossyvision export --data DATA --codec jpeg:10 --out DATA_q10`: a compressed copy to retrain elsewhere. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write a compressed copy of a dataset in its own format, annotations intact, to retrain in another framework')
    .requiredOption('-d, --data <path>', 'dataset folder or file (class folders, plain folder, COCO, VOC, mask or depth folders)')
    .requiredOption('-c, --codec <spec>', 'one codec level, e.g. jpeg:10')
    .requiredOption('-o, --out <dir>', 'new folder for the copy')
    .option('--format <format>', 'dataset format, when it cannot be detected')
    .option('--annotations <file>', 'COCO annotation JSON, when the path is the images folder')
    .action(async (flags: { data: string; codec: string; out: string; format?: string; annotations?: string }) => {
      const r = await exportCompressedDataset(flags.data, flags.codec, flags.out, { format: flags.format, annotations: flags.annotations });
      process.stdout.write(`${r.format}: ${r.images} images at ${r.codec}:${r.level} → ${flags.out} (${r.bytes} bytes, ${r.bpp.toFixed(3)} bpp)${r.rewritten.length ? `; rewrote file_name in ${r.rewritten.join(', ')}` : ''}\n`);
    });
}
