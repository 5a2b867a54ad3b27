import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { invalidParameter, LossyvisionError, quote } from '../errors.js';
import { readInputText } from '../media/input-file.js';
import type { ActionGroundTruth } from '../tasks/action/types.js';
import { is } from '../validate.js';
import { resolveInside } from './paths.js';

/** One test video of a UCF101-style dataset. */
export interface ActionVideo {
  /** Path as in the split lists: "ApplyEyeMakeup/v_ApplyEyeMakeup_g01_c01.avi". */
  readonly id: string;
  /** Absolute path, checked to lie inside the video folder. */
  readonly path: string;
  readonly groundTruth: ActionGroundTruth;
}

/**
 * A UCF101-style action dataset: class folders of videos, `classInd.txt` ("1 ApplyEyeMakeup"),
 * and splits `trainlist0N.txt` ("Class/video.avi 1") / `testlist0N.txt` ("Class/video.avi").
 * The lists may sit in the root or in `ucfTrainTestlist/` (the official archive's layout) and
 * the class folders in the root or in `UCF-101/`. Only test lists matter for evaluation; the
 * videos are the union of the chosen splits' test lists (train lists when retraining reads its
 * training data), each knowing its splits.
 */
export interface ActionDataset {
  readonly format: 'ucf101';
  readonly root: string;
  /** Where classInd.txt and the split lists are, and where the class folders are (the root or a subfolder). */
  readonly listDir: string;
  readonly videoDir: string;
  /** Class names by 0-based index. */
  readonly classes: readonly string[];
  /** The split numbers used, ascending. */
  readonly splits: readonly number[];
  readonly videos: readonly ActionVideo[];
}

export interface Ucf101Options {
  /** Test splits to use; default every testlist0N.txt present. */
  readonly splits?: readonly number[];
  /** Which split lists name the videos: `test` (evaluation, the default) or `train` (retraining). */
  readonly list?: 'train' | 'test';
}

const LIST_DIRS = ['', 'ucfTrainTestlist'];
const VIDEO_DIRS = ['', 'UCF-101'];

export function isUcf101(root: string): boolean {
  return LIST_DIRS.some((d) => existsSync(join(root, d, 'classInd.txt')));
}

export async function openUcf101(root: string, options: Ucf101Options = {}): Promise<ActionDataset> {
  const listDir = LIST_DIRS.map((d) => join(root, d)).find((d) => existsSync(join(d, 'classInd.txt')));
  if (!listDir) throw new LossyvisionError('FILE_NOT_FOUND', 'Expected classInd.txt in the folder or in ucfTrainTestlist/ (UCF101 layout)', { file: root });
  const classes = await readClassInd(join(listDir, 'classInd.txt'));
  const byName = new Map(classes.map((c, i) => [c, i]));
  const list = options.list ?? 'test';
  const listPath = (dir: string, split: number): string => join(dir, `${list}list0${split}.txt`);
  const available = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((n) => existsSync(listPath(listDir, n)));
  const splits = options.splits ? [...options.splits].sort((a, b) => a - b) : available;
  for (const s of splits) {
    if (!is.integer(s) || s < 1 || s > 9) throw invalidParameter('split number between 1 and 9', 'splits', s);
    if (!available.includes(s)) throw new LossyvisionError('FILE_NOT_FOUND', `Expected ${list}list0${s}.txt for split ${s} but it does not exist`, { file: listPath(listDir, s) });
  }
  if (splits.length === 0) throw new LossyvisionError('FILE_NOT_FOUND', `Expected at least one ${list}list0N.txt beside classInd.txt`, { file: listDir });
  const videoDir = VIDEO_DIRS.map((d) => join(root, d)).find((d) => classes.some((c) => existsSync(join(d, c)))) ?? root;

  const entries = new Map<string, { label: number; splits: number[]; line: string }>();
  for (const split of splits) {
    const file = listPath(listDir, split);
    const lines = (await readInputText(file, { what: 'a UCF101 list file' })).split(/\r?\n/);
    lines.forEach((raw, n) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const [rel, labelText] = line.split(/\s+/);
      const id = rel.replace(/\\/g, '/');
      const folder = id.split('/')[0];
      const entry = `line ${n + 1}`;
      // The class is the folder; a label column (as in trainlists) must agree with it.
      const label = byName.get(folder);
      if (label === undefined || !id.includes('/')) {
        throw new LossyvisionError('INVALID_FILE', `Expected "<class folder>/<video>" with a class from classInd.txt but received "${quote(id)}"`, { file, entry });
      }
      if (labelText !== undefined && Number(labelText) !== label + 1) {
        throw new LossyvisionError('INVALID_FILE', `Expected label ${label + 1} (${folder} in classInd.txt) but received ${labelText}`, { file, entry });
      }
      const known = entries.get(id);
      if (known) known.splits.push(split);
      else entries.set(id, { label, splits: [split], line: entry });
    });
  }
  const videos = [...entries].map(([id, e]): ActionVideo => ({
    id,
    path: resolveInside(videoDir, id, { file: listPath(listDir, e.splits[0]), entry: e.line }),
    groundTruth: { label: e.label, name: classes[e.label], splits: e.splits },
  }));
  return { format: 'ucf101', root, listDir, videoDir, classes, splits, videos };
}

/** "1 ApplyEyeMakeup" per line, indices 1…C in order. */
async function readClassInd(file: string): Promise<string[]> {
  const classes: string[] = [];
  (await readInputText(file, { what: 'a UCF101 list file' })).split(/\r?\n/).forEach((raw, n) => {
    const line = raw.trim();
    if (!line) return;
    const match = /^(\d+)\s+(\S+)$/.exec(line);
    if (!match || Number(match[1]) !== classes.length + 1) {
      throw new LossyvisionError('INVALID_FILE', `Expected "${classes.length + 1} <class name>" but received "${quote(line)}"`, { file, entry: `line ${n + 1}` });
    }
    classes.push(match[2]);
  });
  if (classes.length === 0) throw new LossyvisionError('INVALID_FILE', 'Expected at least one class', { file });
  return classes;
}
