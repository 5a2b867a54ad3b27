import { ERROR_IMAGE_NOTE, type Differences } from './differences.js';
import { escapeHtml as e } from './escape.js';

const fmt = (v: number | null, digits: number): string => (v === null ? '–' : v.toFixed(digits));

/** The report's difference views: per fragile sample, what the model lost at its first failing level, beside the input's own error. */
export function differencesSection(d: Differences, name: (id: string) => string = (id) => id): string {
  if (d.views.length === 0 && d.notes.length === 0) return '';
  const views = d.views
    .map(
      (v) => `<h3>${e(v.sampleId)} · ${e(name(v.model))} · ${e(`${v.codec} ${v.level}`)}</h3><p class="muted">${e(`${fmt(v.bpp, 3)} bpp · ${fmt(v.psnr, 2)} dB · ${v.legend}`)}</p>
<div class="strip"><figure><img src="${e(v.difference)}" alt="${e(`what ${name(v.model)} lost on ${v.sampleId} at ${v.codec} ${v.level}`)}"><figcaption>what the model lost against pristine</figcaption></figure><figure><img src="${e(v.error)}" alt="${e(`error image of ${v.sampleId} at ${v.codec} ${v.level}`)}"><figcaption>${e(`the input's own error: ${ERROR_IMAGE_NOTE}`)}</figcaption></figure></div>`,
    )
    .join('\n');
  return `<h2>What the fragile samples lost</h2>
<p class="muted">For the most fragile samples (those first failing at the mildest level, see First failing level), the prediction at that level compared with the pristine prediction, drawn by the task, next to the compressed input's own error image.</p>
${d.notes.map((n) => `<p class="muted">${e(n)}</p>`).join('')}
${views}`;
}
