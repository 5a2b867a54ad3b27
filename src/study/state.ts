import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LossyvisionError } from '../errors.js';
import { writeFileAtomic } from '../files.js';

/**
 * `<out>/study-state.json`: which experiments finished, under which identity. It is written
 * (atomically: whole or not at all) only after an experiment's results are stored, so a kill at
 * any moment leaves it naming finished work only; an unfinished experiment resumes from its
 * sweep cache and training checkpoints.
 */
const stateSchema = z.object({
  study: z.object({ source: z.string(), sha256: z.string() }),
  experiments: z.record(z.string(), z.object({ identity: z.string(), kind: z.string(), finishedAt: z.string(), wallSeconds: z.number() })),
});

export type StudyState = z.infer<typeof stateSchema>;
export type FinishedExperiment = StudyState['experiments'][string];

export const stateFile = (out: string): string => join(out, 'study-state.json');

export async function readState(out: string, study: StudyState['study']): Promise<StudyState> {
  let text: string;
  try {
    text = await readFile(stateFile(out), 'utf8');
  } catch {
    return { study, experiments: {} };
  }
  let parsed: z.ZodSafeParseResult<StudyState>;
  try {
    parsed = stateSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = { success: false } as z.ZodSafeParseResult<StudyState>;
  }
  if (!parsed.success) throw new LossyvisionError('INVALID_FILE', 'Expected the study state lossyvision writes; delete it to run every experiment again', { file: stateFile(out) });
  // The study file may have changed: experiments are matched by identity, not by the file.
  return { study, experiments: parsed.data.experiments };
}

export async function writeState(out: string, state: StudyState): Promise<void> {
  await writeFileAtomic(stateFile(out), `${JSON.stringify(state, null, 2)}\n`);
}
