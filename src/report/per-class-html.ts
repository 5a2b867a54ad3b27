import { escapeHtml as e } from './escape.js';
import { describePerClass, type ClassCollapse, type ModelPerClass } from './per-class.js';

const fmt = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

/** The classes shown per model; analysis.json keeps them all. */
const SHOWN = 10;

function rows(list: readonly ClassCollapse[], codecs: readonly string[]): string {
  return list
    .map((k) => {
      const cells = codecs.map((codec) => {
        const c = k.codecs.find((x) => x.codec === codec);
        const at = c?.levels.find((l) => l.level === c.crosses);
        return `<td class="num">${c?.crosses === null || c === undefined ? 'never' : e(`${c.crosses} (${fmt(at?.value ?? null)})`)}</td>`;
      });
      return `<tr><td>${e(k.name)}</td><td class="num">${e(fmt(k.pristine))}</td>${cells.join('')}<td class="num">${e(fmt(k.worstChange))}</td></tr>`;
    })
    .join('');
}

function block(p: ModelPerClass, name: (id: string) => string): string {
  const codecs = [...new Set(p.classes.flatMap((k) => k.codecs.map((c) => c.codec)))];
  const head = (first: string) => `<tr><th>${e(first)}</th><th>pristine</th>${codecs.map((c) => `<th>${e(c)}: crosses at (value)</th>`).join('')}<th>largest loss</th></tr>`;
  // A class with nothing at pristine (a detector's stray category) has nothing to lose: counted, not listed.
  const scored = p.classes.filter((k) => k.pristine !== null);
  const left = [scored.length > SHOWN ? `${scored.length - SHOWN} more` : '', scored.length < p.classes.length ? `${p.classes.length - scored.length} without a pristine value` : ''].filter(Boolean);
  const more = left.length ? `<p class="muted">${e(left.join(', '))} in analysis.json (perClass).</p>` : '';
  const sized = p.sizes?.filter((k) => k.pristine !== null) ?? [];
  const sizes = sized.length ? `<table>${head('object size')}${rows(sized, codecs)}</table>` : '';
  return `<h3>${e(p.task)} · ${e(name(p.model))}</h3><p>${e(describePerClass(p))}</p>
<table>${head(p.kind)}${rows(scored.slice(0, SHOWN), codecs)}</table>${more}${sizes}`;
}

/** The report's per-class section: the classes that lose most first, with the level at which each leaves the tolerance. */
export function perClassSection(list: readonly ModelPerClass[], tolerance: string, name: (id: string) => string = (id) => id): string {
  if (list.length === 0) return '';
  return `<h2>Where it collapses</h2>
<p class="muted">Per class (COCO category AP, class IoU, keypoint PCK) at every level, from the same accumulators as the tables. Classes that lose most come first; "crosses at" is the first level (least to most compressed) at which the class no longer stays ${e(tolerance)}, judged against the class's own pristine value; "never" when it stays inside at every tested level.</p>
${list.map((p) => block(p, name)).join('\n')}`;
}
