import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** The model.json of a spec, when the spec is a Layers model (folder or file); undefined otherwise. */
export async function layersModelJson(spec: string): Promise<string | undefined> {
  const info = await stat(spec).catch(() => undefined);
  if (!info) return undefined;
  const file = info.isDirectory() ? path.join(spec, 'model.json') : spec;
  if (!file.toLowerCase().endsWith('.json')) return undefined;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return (JSON.parse(text) as { format?: unknown }).format === 'layers-model' ? file : undefined;
  } catch {
    return undefined;
  }
}
