import type { Command } from 'commander';
import { type CodecEntry, codecCatalogue } from '../codecs/catalogue.js';
import type { CodecParam } from '../codecs/params.js';

/** `lossyvision codecs`: every codec, its level range, parameters and the libraries behind it. */
export function registerCodecs(program: Command): void {
  program
    .command('codecs')
    .description('list codecs, their level ranges, parameters, presets and library versions')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) => {
      const catalogue = codecCatalogue();
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
      out.push('', 'Level grammar: codec:levels[@param=value…], e.g. jpeg:95,75,50  jpeg:5..95/5  avif:40@effort=4', '');
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
]);

function row(c: CodecEntry): string[] {
  const level = `${c.level.name} ${c.level.min}–${c.level.max}`;
  const params = c.params.length === 0 ? '-' : c.params.map(paramText).join(' ');
  const description = c.available ? c.description : `${c.description} (grammar only: encoder not built in yet)`;
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
