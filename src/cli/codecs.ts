import type { Command } from 'commander';
import { type CodecCatalogue, type CodecEntry, codecCatalogue } from '../codecs/catalogue.js';
import type { CodecParam } from '../codecs/params.js';
import { listVideoCodecAvailability } from '../video/availability.js';
import { encoderVersion } from '../video/encoder-version.js';
import { FFMPEG_HELP, findFfmpeg } from '../video/ffmpeg.js';

/** `lossyvision codecs`: every codec, its level range, parameters and the libraries behind it. */
export function registerCodecs(program: Command): void {
  program
    .command('codecs')
    .description('list codecs, their level ranges, parameters, presets and library versions')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const catalogue = await withVideoAvailability(codecCatalogue());
      if (options.json) {
        const codecs = catalogue.codecs.map((c) => ({ ...c, params: c.params.map(paramJson) }));
        process.stdout.write(`${JSON.stringify({ ...catalogue, codecs }, null, 2)}\n`);
        return;
      }
      const rows = catalogue.codecs.map(row);
      const widths = rows[0].map((_, i) => Math.max(...[HEADER, ...rows].map((r) => r[i].length)));
      const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
      const out = [line(HEADER), ...rows.map(line), ''];
      out.push('presets:');
      for (const [name, specs] of Object.entries(catalogue.presets)) out.push(`  ${name.padEnd(11)} ${specs.join(' ')}`);
      out.push('', 'libraries:');
      const libs = catalogue.libraries;
      out.push(`  ${Object.entries(libs).filter(([k]) => LISTED.has(k)).map(([k, v]) => `${LISTED.get(k)} ${v}`).join(', ')}`);
      out.push('', 'Level grammar: codec:levels[@param=value…], e.g. jpeg:95,75,50  jpeg:5..95/5  avif:40@effort=4  h264:23,30@preset=fast  h264:500@rc=bitrate (kbit/s)', '');
      process.stdout.write(out.join('\n'));
    });
}

const HEADER = ['codec', 'kind', 'level', 'default', 'params', 'description'];

/** sharp.versions keys worth showing, with their usual library names. */
const LISTED = new Map([
  ['sharp', 'sharp'],
  ['vips', 'libvips'],
  ['mozjpeg', 'mozjpeg/libjpeg-turbo'],
  ['jpeg', 'libjpeg'],
  ['webp', 'libwebp'],
  ['aom', 'libaom'],
  ['heif', 'libheif'],
  ['png', 'libpng'],
  ['zlib-ng', 'zlib-ng'],
  ['ffmpeg', 'ffmpeg'],
]);

function row(c: CodecEntry): string[] {
  const level = `${c.level.name} ${c.level.min}–${c.level.max}`;
  const params = c.params.length === 0 ? '-' : c.params.map(paramText).join(' ');
  const encoder = Object.entries(c.versions).filter(([k]) => k !== 'ffmpeg').map(([k, v]) => `${k} ${v}`).join(', ');
  const description = c.kind === 'image' ? c.description : c.available ? `${c.description} [${encoder}]` : `${c.description} (unavailable: ${c.unavailableReason})`;
  return [c.id, c.kind, level, c.level.default === undefined ? '-' : String(c.level.default), params, description];
}

function paramText(p: CodecParam): string {
  const range = p.type === 'integer' ? `${p.min}–${p.max}` : p.type === 'enum' ? (p.values ?? []).join('|') : 'true|false';
  return `${p.name}=${String(p.default)} (${range})`;
}

/** Maps (aliases) do not serialise; show them as plain objects. */
function paramJson(p: CodecParam): Record<string, unknown> {
  return { ...p, aliases: p.aliases ? Object.fromEntries(p.aliases) : undefined };
}

/** Which video codecs the ffmpeg found can run, with the encoder library version that would. */
async function withVideoAvailability(catalogue: CodecCatalogue): Promise<CodecCatalogue> {
  let ffmpeg;
  try {
    ffmpeg = await findFfmpeg();
  } catch {
    const codecs = catalogue.codecs.map((c) => (c.kind === 'video' ? { ...c, unavailableReason: `no ffmpeg found; ${FFMPEG_HELP}` } : c));
    return { ...catalogue, codecs };
  }
  const byId = new Map(listVideoCodecAvailability(ffmpeg).map((a) => [a.id, a]));
  const codecs = await Promise.all(
    catalogue.codecs.map(async (c): Promise<CodecEntry> => {
      const a = c.kind === 'video' ? byId.get(c.id) : undefined;
      if (!a) return c;
      if (!a.available || !a.encoder) return { ...c, available: false, unavailableReason: a.reason };
      return { ...c, available: true, versions: { [a.encoder]: await encoderVersion(ffmpeg, a.encoder), ffmpeg: ffmpeg.version } };
    }),
  );
  return { ...catalogue, codecs, libraries: { ...catalogue.libraries, ffmpeg: `${ffmpeg.version} (${ffmpeg.source})` } };
}
