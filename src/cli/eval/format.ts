import type { EvalOutput } from '../../tasks/eval-output.js';

/** Keys that hold counts, printed as integers. */
const COUNTS = new Set(['images', 'predictions', 'samples', 'pixels']);

/** Numbers to 4 decimals, counts as integers, null as "n/a" (undefined, never 0). */
function cell(value: unknown, key = ''): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'number') return COUNTS.has(key) || (Number.isInteger(value) && Math.abs(value) > 1) ? String(value) : value.toFixed(4);
  return String(value);
}

/** Scalars as aligned `name  value  label` rows; nested objects (per-class tables) as indented sections. */
export function formatEvalOutput(output: EvalOutput): string {
  const lines = [`task ${output.task}${output.protocol ? ` · protocol ${output.protocol}` : ''}`];
  const scalars = Object.entries(output.metrics).filter(([, v]) => typeof v !== 'object' || v === null);
  const nested = Object.entries(output.metrics).filter(([, v]) => typeof v === 'object' && v !== null);
  const width = Math.max(0, ...scalars.map(([k]) => k.length));
  for (const [key, value] of scalars) {
    const label = output.labels?.[key];
    lines.push(`  ${key.padEnd(width)}  ${cell(value, key).padStart(8)}${label ? `  ${label}` : ''}`.trimEnd());
  }
  if (scalars.some(([, v]) => v === null)) lines.push('  (n/a: no ground truth in that range, so the statistic is undefined)');
  for (const [key, value] of nested) {
    lines.push(`${key}:`);
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    const w = Math.max(0, ...entries.map(([k]) => k.length));
    for (const [k, v] of entries) {
      const shown = typeof v === 'object' && v !== null ? JSON.stringify(v) : cell(v).padStart(8);
      lines.push(`  ${k.padEnd(w)}  ${shown}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
