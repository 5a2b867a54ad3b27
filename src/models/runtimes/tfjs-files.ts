import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LossyvisionError, quote } from '../../errors.js';
import { is } from '../../validate.js';

/** A TF.js graph model on disk: its model.json and weight shards, in manifest order. */
export interface TfjsModelFiles {
  modelJsonPath: string;
  json: Record<string, unknown>;
  shardPaths: string[];
}

/** Accepts a folder holding model.json or the path of any TF.js model JSON file. */
export async function resolveTfjsModel(spec: string): Promise<TfjsModelFiles> {
  let modelJsonPath = spec;
  const info = await stat(spec).catch(() => undefined);
  if (!info) throw new LossyvisionError('FILE_NOT_FOUND', 'TF.js model not found (expected a folder with model.json or a .json file)', { file: spec });
  if (info.isDirectory()) modelJsonPath = path.join(spec, 'model.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(modelJsonPath, 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LossyvisionError('INVALID_FILE', `cannot read TF.js model JSON: ${why}`, { file: modelJsonPath }, { cause: error });
  }
  if (!is.object(json) || !is.object(json.modelTopology) || !Array.isArray(json.weightsManifest)) {
    throw new LossyvisionError('INVALID_FILE', 'expected a TF.js model JSON with modelTopology and weightsManifest', { file: modelJsonPath });
  }
  const dir = path.dirname(modelJsonPath);
  const shardPaths: string[] = [];
  json.weightsManifest.forEach((group: unknown, i: number) => {
    if (!is.object(group) || !Array.isArray(group.paths)) {
      throw new LossyvisionError('INVALID_FILE', 'expected an array of shard paths', { file: modelJsonPath, entry: `weightsManifest[${i}].paths` });
    }
    for (const p of group.paths) {
      // Shards are plain names beside model.json; anything that climbs out is refused.
      if (!is.string(p) || path.isAbsolute(p) || p.split(/[\\/]/).includes('..')) {
        throw new LossyvisionError('UNSAFE_PATH', `expected a shard file name beside model.json but received ${quote(JSON.stringify(p))}`, { file: modelJsonPath, entry: `weightsManifest[${i}].paths` });
      }
      shardPaths.push(path.join(dir, p));
    }
  });
  return { modelJsonPath, json, shardPaths };
}
