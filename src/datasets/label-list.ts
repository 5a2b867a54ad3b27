import { dirname } from 'node:path';
import { LossyvisionError, quote } from '../errors.js';
import { readInputText } from '../media/input-file.js';
import type { Sample } from './dataset.js';
import type { ClassificationDataset, ClassificationGroundTruth } from './classification.js';
import { byCodePoint } from './files.js';
import { resolveInside } from './paths.js';
import { fileSample } from './sample.js';

export interface LabelListOptions {
  /** Folder the listed paths are relative to; default: the list file's folder. */
  root?: string;
  /** Class names in label order; numeric labels index it, name labels must be in it. */
  classes?: readonly string[];
}

/**
 * Numeric labels below this get the dense class list "0", "1", … up to the largest; a larger
 * label (face-identity datasets, a typo) gets names only for the labels present, so nothing
 * is sized by the largest label.
 */
export const DENSE_LABELS = 65_536;

const HEADER = /^(path|file|filename|image)\s*[,\s]\s*(label|class|target)$/i;
/** A trimmed line: the path (may hold spaces) and the label, the last field. Shared with the exporter's rewrite. */
export const LABEL_LINE = /^(.*\S)\s*[,\s]\s*(\S+)$/;

/**
 * A list file of `path label` lines (whitespace- or comma-separated; the label is the last
 * field, so paths may contain spaces). Labels are integers (used as given) or class names
 * (sorted by code point into labels, unless `classes` fixes the order). Blank lines, `#`
 * comments and a `path,label` header are skipped. Paths must stay inside the root.
 */
export async function openLabelList(file: string, options: LabelListOptions = {}): Promise<ClassificationDataset> {
  const root = options.root ?? dirname(file);
  const text = await readInputText(file, { what: 'a label list file', missing: 'Expected a label list file but it does not exist' });
  const rows: { path: string; label: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || (rows.length === 0 && HEADER.test(line))) return;
    const m = LABEL_LINE.exec(line);
    if (!m) throw new LossyvisionError('INVALID_FILE', `Expected "path label" but received "${quote(line)}"`, { file, entry: `line ${n + 1}` });
    rows.push({ path: m[1], label: m[2], line: n + 1 });
  });
  if (rows.length === 0) throw new LossyvisionError('INVALID_FILE', 'Expected at least one "path label" line', { file });

  const numeric = rows.every((r) => /^\d+$/.test(r.label));
  let largest = -1;
  if (numeric) {
    for (const r of rows) {
      const n = Number(r.label);
      if (!Number.isSafeInteger(n)) {
        throw new LossyvisionError('INVALID_FILE', `Expected a label between 0 and ${Number.MAX_SAFE_INTEGER} but received ${r.label}`, { file, entry: `line ${r.line}` });
      }
      if (n > largest) largest = n;
    }
  }
  const sparse = numeric && options.classes === undefined && largest >= DENSE_LABELS;
  const classes = options.classes
    ?? (numeric
      ? (sparse ? [] : Array.from({ length: largest + 1 }, (_, i) => String(i)))
      : [...new Set(rows.map((r) => r.label))].sort(byCodePoint));
  const labelOf = new Map(classes.map((name, i) => [name, i]));
  const limit = sparse ? largest + 1 : classes.length;

  const seen = new Set<string>();
  const index = rows.map((r) => {
    const entry = `line ${r.line}`;
    const label = numeric ? Number(r.label) : labelOf.get(r.label);
    if (label === undefined || label >= limit) {
      throw new LossyvisionError('UNKNOWN_ID', numeric
        ? `Expected a label between 0 and ${limit - 1} but received ${r.label}`
        : `Unknown class "${quote(r.label)}", expected one of: ${classes.join(', ')}`, { file, entry });
    }
    const id = r.path.replace(/\\/g, '/').replace(/^\.\//, '');
    if (seen.has(id)) throw new LossyvisionError('INVALID_FILE', `Expected each path once but "${r.path}" is listed again`, { file, entry });
    seen.add(id);
    return { id, path: resolveInside(root, r.path, { file, entry }), label };
  });
  index.sort((a, b) => byCodePoint(a.id, b.id));

  return {
    format: 'label-list',
    root,
    labelled: true,
    size: index.length,
    classes,
    categories: sparse
      ? new Map([...new Set(index.map((r) => r.label))].sort((a, b) => a - b).map((label) => [label, String(label)]))
      : new Map(classes.map((name, i) => [i, name])),
    async *samples(): AsyncIterable<Sample<ClassificationGroundTruth>> {
      for (const { id, path, label } of index) yield fileSample(id, path, { label, name: sparse ? String(label) : classes[label] }, root);
    },
  };
}
