import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 (hex) over the bytes of the files, in the given order (model.json, then its shards). */
export async function sha256Files(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
