import { extname } from 'node:path';
import { parseJsonText } from '../../datasets/coco/json.js';
import { LossyvisionError, describe, quote } from '../../errors.js';
import { readInputText } from '../../media/input-file.js';
import { is } from '../../validate.js';
import type { RankedLabels } from './metric.js';

/**
 * The two small files `eval --task classification` reads.
 *
 * Labels (`--gt`): CSV/text, one `path,label` (or `path label`) per line, an optional
 * `path,label` header, `#` comments; or JSON `{"path": "label", …}`.
 *
 * Predictions (`--pred`), each path's labels ranked best first:
 * - CSV/text: `path,label1[,label2,…]`;
 * - JSON `{"path": ["label1", "label2", …]}` (a single string is a top-1-only prediction);
 * - JSON `{"classes": ["cat", "dog", …], "scores": {"path": [0.1, 0.9, …]}}`: score vectors,
 *   ranked by descending score (equal scores: lower class index first).
 * Labels are compared as text; JSON numbers become their decimal text (3 → "3").
 */

function readText(file: string, what: string): Promise<string> {
  return readInputText(file, { what: `a ${what} file` });
}

function parseJson(text: string, file: string): unknown {
  // The depth limit, and bad JSON with its line and column (parseJsonText).
  return parseJsonText(text, file);
}

function label(value: unknown, file: string, entry: string): string {
  if (is.string(value) && value.length > 0) return value;
  if (is.integer(value)) return String(value);
  throw new LossyvisionError('INVALID_FILE', `Expected a label (non-empty string or integer) but received ${describe(value)}`, { file, entry });
}

const HEADER = /^(path|file|filename|image)\s*[,\s]/i;

/** Splits a CSV/text file into rows of fields, with 1-based line numbers. */
function rows(text: string, file: string, minFields: number): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || (out.length === 0 && HEADER.test(line))) return;
    const fields = line.includes(',') ? line.split(',').map((f) => f.trim()) : line.split(/\s+/);
    if (fields.length < minFields || fields.some((f) => f === '')) {
      throw new LossyvisionError('INVALID_FILE', `Expected "path,label${minFields > 2 ? ',…' : ''}" but received "${quote(line)}"`, { file, entry: `line ${n + 1}` });
    }
    out.push({ fields, line: n + 1 });
  });
  return out;
}

function addUnique<T>(map: Map<string, T>, path: string, value: T, file: string, entry: string): void {
  if (map.has(path)) throw new LossyvisionError('INVALID_FILE', `Expected each path once but "${path}" appears again`, { file, entry });
  map.set(path, value);
}

/** path → label, in file order. */
export async function readClassificationLabels(file: string): Promise<Map<string, string>> {
  const text = await readText(file, 'labels');
  const labels = new Map<string, string>();
  if (extname(file).toLowerCase() === '.json') {
    const json = parseJson(text, file);
    if (!is.object(json)) throw new LossyvisionError('INVALID_FILE', `Expected an object {"path": "label"} but received ${describe(json)}`, { file });
    for (const [path, value] of Object.entries(json)) addUnique(labels, path, label(value, file, path), file, path);
    return labels;
  }
  for (const { fields, line } of rows(text, file, 2)) {
    if (fields.length !== 2) throw new LossyvisionError('INVALID_FILE', `Expected "path,label" but received ${fields.length} fields`, { file, entry: `line ${line}` });
    addUnique(labels, fields[0], fields[1], file, `line ${line}`);
  }
  return labels;
}

/** path → labels ranked best first. */
export async function readClassificationPredictions(file: string): Promise<Map<string, RankedLabels>> {
  const text = await readText(file, 'predictions');
  const predictions = new Map<string, RankedLabels>();
  if (extname(file).toLowerCase() !== '.json') {
    for (const { fields, line } of rows(text, file, 2)) addUnique(predictions, fields[0], fields.slice(1), file, `line ${line}`);
    return predictions;
  }
  const json = parseJson(text, file);
  if (!is.object(json)) throw new LossyvisionError('INVALID_FILE', `Expected an object of predictions but received ${describe(json)}`, { file });
  if ('scores' in json || 'classes' in json) {
    const { classes, scores } = json;
    if (!Array.isArray(classes) || classes.length === 0) throw new LossyvisionError('INVALID_FILE', `Expected an array of class labels but received ${describe(classes)}`, { file, entry: 'classes' });
    const names = classes.map((c, i) => label(c, file, `classes[${i}]`));
    if (!is.object(scores)) throw new LossyvisionError('INVALID_FILE', `Expected an object {"path": [scores]} but received ${describe(scores)}`, { file, entry: 'scores' });
    for (const [path, vector] of Object.entries(scores)) {
      if (!Array.isArray(vector) || vector.length !== names.length || !vector.every((v) => is.number(v))) {
        throw new LossyvisionError('INVALID_FILE', `Expected ${names.length} finite scores (one per class) but received ${Array.isArray(vector) ? `${vector.length} values` : describe(vector)}`, { file, entry: `scores["${path}"]` });
      }
      const order = names.map((_, i) => i).sort((i, j) => (vector[j] as number) - (vector[i] as number) || i - j);
      predictions.set(path, order.map((i) => names[i]));
    }
    return predictions;
  }
  for (const [path, value] of Object.entries(json)) {
    const ranked = Array.isArray(value) ? value.map((v, i) => label(v, file, `${path}[${i}]`)) : [label(value, file, path)];
    if (ranked.length === 0) throw new LossyvisionError('INVALID_FILE', 'Expected at least one label but received an empty array', { file, entry: path });
    predictions.set(path, ranked);
  }
  return predictions;
}
