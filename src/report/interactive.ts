import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The report's charts come alive in the browser without the network and without `unsafe-eval`:
 * Vega's own browser build and its CSP-safe expression interpreter are inlined, each script
 * allowed by its sha256 in the page's Content-Security-Policy, and the compiled Vega specs ride
 * along as inert JSON. Without scripts (or in print) the pre-rendered SVG stays in place.
 */

/** vega.min.js (UMD: defines `vega`) and vega-interpreter (ESM, rewritten to read `vega`'s own vega-util exports). */
function runtimeSource(): string {
  const vegaDir = dirname(fileURLToPath(import.meta.resolve('vega')));
  const vega = readFileSync(join(vegaDir, 'vega.min.js'), 'utf8');
  const interpreter = readFileSync(fileURLToPath(import.meta.resolve('vega-interpreter')), 'utf8')
    .replace(/^import \{([^}]*)\} from 'vega-util';$/m, (_, names: string) => `const {${names}} = globalThis.vega;`)
    .replace(/^export \{ expression as expressionInterpreter \};$/m, 'globalThis.vegaInterpreter = { expressionInterpreter: expression };');
  if (!interpreter.includes('globalThis.vegaInterpreter') || interpreter.includes("from 'vega-util'")) {
    throw new Error('vega-interpreter: unexpected module layout; cannot inline it');
  }
  return `${vega}\n;(function(){\n${interpreter}\n})();`;
}

/** Finds every `<figure class="chart" data-spec=ID>`, renders its spec as live SVG with tooltips and legend toggles, then hides the static copy. */
const BOOT = `(function(){
  var figures = document.querySelectorAll('figure.chart[data-spec]');
  Array.prototype.forEach.call(figures, function (figure) {
    var spec = JSON.parse(document.getElementById(figure.getAttribute('data-spec')).textContent);
    var live = figure.querySelector('.live');
    var view = new vega.View(vega.parse(spec, null, { ast: true }), { expr: vegaInterpreter.expressionInterpreter, renderer: 'svg', container: live, hover: true });
    view.runAsync().then(function () { figure.classList.add('interactive'); }, function (error) { console.error('chart ' + figure.id + ': ' + error); });
  });
})();`;

let cached: { runtime: string; boot: string; hashes: string[] } | undefined;

/** The two inline scripts and their CSP hashes (computed once per process). */
export function chartScripts(): { runtime: string; boot: string; hashes: string[] } {
  if (!cached) {
    const runtime = runtimeSource();
    // Inside <script>, these would end the element early or change how the parser reads it.
    if (/<\/script|<!--/i.test(runtime)) throw new Error('the chart runtime contains </script or <!--; it cannot be inlined');
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    cached = { runtime, boot: BOOT, hashes: [hash(runtime), hash(BOOT)] };
  }
  return cached;
}

/** JSON safe inside a `<script type="application/json">`: no `</script>`, no `<!--`, nothing an HTML parser acts on. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
