import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LossyvisionError, quote } from '../errors.js';
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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new LossyvisionError(missing ? 'FILE_NOT_FOUND' : 'INVALID_FILE', missing ? 'Expected a label list file but it does not exist' : `Could not read: ${(error as Error).message}`, { file }, { cause: error });
  }
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
  const classes = options.classes
    ?? (numeric
      ? Array.from({ length: Math.max(...rows.map((r) => Number(r.label))) + 1 }, (_, i) => String(i))
      : [...new Set(rows.map((r) => r.label))].sort(byCodePoint));
  const labelOf = new Map(classes.map((name, i) => [name, i]));

  const seen = new Set<string>();
  const index = rows.map((r) => {
    const entry = `line ${r.line}`;
    const label = numeric ? Number(r.label) : labelOf.get(r.label);
    if (label === undefined || label >= classes.length) {
      throw new LossyvisionError('UNKNOWN_ID', numeric
        ? `Expected a label between 0 and ${classes.length - 1} but received ${r.label}`
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
    categories: new Map(classes.map((name, i) => [i, name])),
    async *samples(): AsyncIterable<Sample<ClassificationGroundTruth>> {
      for (const { id, path, label } of index) yield fileSample(id, path, { label, name: classes[label] }, root);
    },
  };
}
