import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { useTempRoot } from './interrupt.js';
import { exportCompressedDataset } from '../retrain/export.js';

/** `lossyvision export --data DATA --codec jpeg:10 --out DATA_q10`: a compressed copy to retrain elsewhere. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write a compressed copy of a dataset in its own format, annotations intact, to retrain in another framework')
    .requiredOption('-d, --data <path>', 'dataset folder or file (class folders, plain folder, label list, COCO, VOC, mask or depth folders, UCF101-style videos)')
    .requiredOption('-c, --codec <spec>', 'one codec level, e.g. jpeg:10 (images) or h264:30 (UCF101 videos, written as AVI)')
    .requiredOption('-o, --out <dir>', 'new folder for the copy')
    .option('--format <format>', 'dataset format, when it cannot be detected')
    .option('--annotations <file>', 'COCO annotation JSON, when the path is the images folder')
    .option('--images <dir>', 'folder a label list\'s paths are relative to (default: the list\'s folder), or COCO\'s images folder')
    .option('--tmp <dir>', 'working folder for decoded video frames (default: <out>/.lossyvision-tmp, removed at the end)')
    .action(async (flags: { data: string; codec: string; out: string; format?: string; annotations?: string; images?: string; tmp?: string }) => {
      const tmp = flags.tmp ?? join(flags.out, '.lossyvision-tmp');
      await useTempRoot(tmp);
      const r = await exportCompressedDataset(flags.data, flags.codec, flags.out, { format: flags.format, annotations: flags.annotations, images: flags.images });
      // The copy is a dataset: no working folder is left in it.
      if (flags.tmp === undefined) await rm(tmp, { recursive: true, force: true });
      const what = r.kind === 'image' ? `${r.images} images` : `${r.videos} videos, ${r.frames} frames`;
      const skipped = r.skipped.length ? `; ${r.skipped.length} unreadable left as they were: ${r.skipped.join(', ')}` : '';
      const names = r.format === 'coco' ? 'file_name' : 'paths';
      process.stdout.write(`${r.format}: ${what} at ${r.codec}:${r.level} → ${flags.out} (${r.bytes} bytes, ${r.bpp.toFixed(3)} bpp)${r.rewritten.length ? `; rewrote ${names} in ${r.rewritten.join(', ')}` : ''}${skipped}\n`);
    });
}
