import { extname } from 'node:path';
import type { Command } from 'commander';
import { parseCodecLevels } from '../codecs/levels.js';
import type { ParamValue } from '../codecs/params.js';
import { invalidParameter, LossyvisionError } from '../errors.js';
import { integerFlag } from '../validate.js';
import { infinityReplacer } from '../json.js';
import type { VideoEncodeResult } from '../video/codec.js';
import { encodeVideo } from '../video/encode.js';
import { PristineVideo } from '../video/pristine.js';
import { getVideoCodec } from '../video/registry.js';

interface Options {
  codec: string;
  output?: string;
  frames?: string;
  json?: boolean;
}

/** `lossyvision compress-video IN --codec h264:23,30@preset=fast`: one video, its levels, the exact numbers. */
export function registerCompressVideo(program: Command): void {
  program
    .command('compress-video')
    .description('encode a video at one or more levels with ffmpeg; print bytes, kbps, bpp, PSNR and SSIM')
    .argument('<input>', 'video file ffmpeg can read')
    .requiredOption(
      '-c, --codec <spec>',
      'codec and levels, e.g. h264:23,30,40  h265:28@preset=fast  vp9:31@speed=4  av1:35  h264:300,1000@rc=bitrate (kbit/s)',
    )
    .option('-o, --output <file>', 'keep the bitstream (raw .h264/.hevc/.ivf); with several levels, -<level> is added before the extension')
    .option('--frames <n>', 'use only the first n frames')
    .option('--json', 'print the results as JSON')
    .action(async (input: string, options: Options) => {
      const { codec, levels, params } = parseVideoSpec(options.codec);
      const maxFrames = integerFlag(options.frames, '--frames', 1);
      const video = await PristineVideo.fromFile(input, { maxFrames });
      try {
        if (video.source?.lossy) {
          process.stderr.write(`lossyvision: warning: ${input} is already lossy (${video.source.probe.codec}): every level measures double compression\n`);
        }
        const results: VideoEncodeResult[] = [];
        for (const level of levels) {
          const output = options.output === undefined ? undefined : levels.length === 1 ? options.output : withLevel(options.output, level);
          results.push(await encodeVideo(video, codec, level, { params, output }));
        }
        process.stdout.write(options.json ? `${JSON.stringify({ input, source: video.source, results }, infinityReplacer, 2)}\n` : toText(input, video, results));
      } finally {
        await video.dispose();
      }
    });
}

/** The level grammar, plus video parameters; bitrate levels (kbit/s) are not CRFs, so they are read as plain numbers. */
function parseVideoSpec(text: string): { codec: string; levels: number[]; params: Record<string, ParamValue> } {
  const [head, ...paramTexts] = text.trim().split('@');
  const params: Record<string, ParamValue> = {};
  for (const paramText of paramTexts) {
    const eq = paramText.indexOf('=');
    if (eq <= 0) throw new LossyvisionError('INVALID_ARGUMENT', `Expected name=value after "@" in "${text}" but received "${paramText}"`);
    params[paramText.slice(0, eq).trim()] = paramText.slice(eq + 1).trim();
  }
  const colon = head.indexOf(':');
  const codec = getVideoCodec((colon < 0 ? head : head.slice(0, colon)).trim()).id;
  if (params.rc === 'bitrate') {
    const levels = colon < 0 ? [] : head.slice(colon + 1).split(',').map((s) => Number(s.trim()));
    if (levels.length === 0 || levels.some((l) => !(l > 0))) throw invalidParameter('comma-separated kbit/s values', `${codec} bitrate`, head);
    return { codec, levels, params };
  }
  return { codec, levels: [...parseCodecLevels(head).levels], params };
}

function withLevel(path: string, level: number): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}-${level}${ext}`;
}

const psnrText = (psnr: number): string => (psnr === Infinity ? '∞' : psnr.toFixed(2));

function toText(input: string, video: PristineVideo, results: VideoEncodeResult[]): string {
  const first = results[0];
  const header = ['level', 'bytes', 'container', 'kbps', 'bpp', 'PSNR dB', 'SSIM', 'enc fps'];
  const rows = results.map((r) => [
    `${r.rateControl} ${r.level}`,
    String(r.bytes),
    String(r.containerBytes),
    r.kbps.toFixed(1),
    r.bpp.toFixed(4),
    psnrText(r.meanPsnr),
    r.meanSsim.toFixed(4),
    (r.frames / (r.encodeMs / 1000)).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const params = Object.entries(first.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return [
    `input    ${input} (${video.source?.probe.codec ?? '?'}, ${video.width}×${video.height}, ${video.frameCount} frames at ${video.frameRate} fps)`,
    `codec    ${first.codec} via ${first.encoder} ${first.encoderVersion}; ${params}`,
    `ffmpeg   ${first.ffmpeg.version} (${first.ffmpeg.source}: ${first.ffmpeg.path})`,
    '',
    line(header),
    ...rows.map(line),
    '',
    'bytes: sum of packet sizes; container: raw-stream framing listed apart; PSNR over RGB and SSIM on luma, mean over frames',
    ...results.filter((r) => r.bitstreamPath).map((r) => `wrote ${r.bitstreamPath}`),
    '',
  ].join('\n');
}

