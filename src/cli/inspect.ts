import type { Command } from 'commander';
import { integerFlag } from '../validate.js';
import { inspectMedia, type FileInspection, type Inspection } from '../inspect/inspect.js';
import type { Spread } from '../inspect/summary.js';

/** `lossyvision inspect FILE|DIR`: what the source already lost, per file and over the folder. */
export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('how media files are stored: format, size, chroma subsampling, JPEG IJG quality, video codec/profile/bitrate/GOP')
    .argument('<path>', 'an image or video file, or a folder of them (searched recursively)')
    .option('--max-files <n>', 'inspect at most n files, evenly spread over the sorted list')
    .option('--json', 'print as JSON')
    .action(async (path: string, flags: { maxFiles?: string; json?: boolean }) => {
      const maxFiles = integerFlag(flags.maxFiles, '--max-files', 1);
      const inspection = await inspectMedia(path, { maxFiles });
      process.stdout.write(flags.json ? `${JSON.stringify(inspection, null, 2)}\n` : formatInspection(inspection));
    });
}

const range = (s: Spread | null, unit = ''): string => (s === null ? '–' : s.min === s.max ? `${s.min}${unit}` : `${s.min}–${s.max}${unit} (median ${s.median}${unit})`);
const counts = (c: Readonly<Record<string, number>>): string => Object.entries(c).map(([k, n]) => `${k} ${n}`).join(', ') || '–';

function describeFile(f: FileInspection): string {
  if (f.error !== undefined) return `unreadable: ${f.error}`;
  if (f.video) {
    const v = f.video;
    const gop = v.gop === null ? '' : v.gop.meanInterval === null ? `, ${v.gop.keyFrames} key frame in ${v.gop.frames}` : `, GOP ${v.gop.meanInterval.toFixed(1)} (max ${v.gop.maxInterval})`;
    return `${v.codec}${v.profile ? ` (${v.profile})` : ''} ${v.width}×${v.height} ${v.pixelFormat} ${v.fps} fps${v.bitrateKbps === null ? '' : ` ${v.bitrateKbps} kb/s`}${gop}, ${v.lossy ? 'lossy' : 'lossless'}`;
  }
  const i = f.image!;
  const size = i.width === null ? '' : ` ${i.width}×${i.height}`;
  const lossy = i.lossy === null ? 'lossy or lossless (unknown)' : i.lossy ? 'lossy' : 'lossless';
  const q = i.jpeg?.quality;
  const quality = !q ? '' : q.exact ? `, IJG quality ${q.quality}` : `, nearest IJG quality ${q.quality} (mean distance ${q.distance.toFixed(2)})`;
  return `${i.format}${size}${i.subsampling ? ` ${i.subsampling}` : ''}${i.jpeg ? ` ${i.jpeg.process}` : ''}, ${lossy}${quality}${i.note ? ` — ${i.note}` : ''}`;
}

export function formatInspection(r: Inspection): string {
  const lines = r.files.map((f) => `${f.file}  ${f.bytes} B  ${describeFile(f)}`);
  const s = r.summary;
  lines.push(
    '',
    `${s.files} of ${r.found} file${r.found === 1 ? '' : 's'} inspected, ${s.bytes} bytes${s.unreadable ? `, ${s.unreadable} unreadable` : ''}`,
    `formats      ${counts(s.formats)}`,
    `lossy        ${s.lossy} lossy, ${s.lossless} lossless${s.unknownLossiness ? `, ${s.unknownLossiness} unknown` : ''}`,
    `size         ${range(s.width)} × ${range(s.height)} px`,
  );
  if (Object.keys(s.subsampling).length) lines.push(`subsampling  ${counts(s.subsampling)}`);
  if (s.jpegQuality) lines.push(`JPEG quality ${range(s.jpegQuality)}, ${s.jpegQuality.exact} of ${s.jpegQuality.files} exactly IJG tables`);
  if (s.video) lines.push(`video        ${counts(s.video.codecs)}; bitrate ${range(s.video.bitrateKbps, ' kb/s')}; GOP ${range(s.video.gopMeanInterval)}`);
  return `${lines.join('\n')}\n`;
}
