/**
 * Writes the README's model config reference from the zod schemas (src/models/model-config-reference.ts):
 * `npm run docs:model-config`. test/models/model-config-reference.test.ts keeps the two equal.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { withModelConfigReference } from '../src/models/model-config-reference.js';

const file = new URL('../README.md', import.meta.url);
await writeFile(file, withModelConfigReference(await readFile(file, 'utf8')));
console.log('README.md: model config reference written');
