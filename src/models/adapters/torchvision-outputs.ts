import { LossyvisionError } from '../../errors.js';
import { formatTensorInfo, type TensorInfo } from '../runtimes/runtime.js';

/**
 * Which output of a torchvision graph is which. torchvision's models return their outputs in
 * different orders (Faster/Mask/Keypoint R-CNN: boxes, labels, scores; RetinaNet, SSD, SSDlite,
 * FCOS: boxes, scores, labels), and an export without `output_names` numbers them, so neither
 * position nor name can be trusted. Element type and shape can: labels are int64 [N], scores
 * float [N], boxes float [N, 4], keypoints float [N, K, 3], keypoint scores float [N, K]
 * (each optionally with a leading batch axis of 1). A declared last axis, then names, break ties.
 */
export interface OutputRole {
  readonly role: string;
  /** "float [N, 4]", for messages. */
  readonly shape: string;
  readonly integer: boolean;
  /** Rank without a batch axis. */
  readonly rank: number;
  /** The fixed last axis, when the role has one (4 for boxes, 3 for keypoints). */
  readonly last?: number;
}

export const DETECTION_ROLES: readonly OutputRole[] = [
  { role: 'boxes', shape: 'float [N, 4]', integer: false, rank: 2, last: 4 },
  { role: 'labels', shape: 'int64 [N]', integer: true, rank: 1 },
  { role: 'scores', shape: 'float [N]', integer: false, rank: 1 },
];

export const KEYPOINT_ROLES: readonly OutputRole[] = [
  ...DETECTION_ROLES,
  { role: 'keypoints', shape: 'float [N, K, 3]', integer: false, rank: 3, last: 3 },
  { role: 'keypoints_scores', shape: 'float [N, K]', integer: false, rank: 2 },
];

const INTEGER_TYPES = new Set(['int64', 'int32', 'int16', 'int8', 'uint8', 'uint16', 'uint32', 'uint64']);

/** Could this declared output play the role? Undeclared types and shapes could play any. */
function fits(info: TensorInfo, role: OutputRole): boolean {
  if (info.type !== undefined && INTEGER_TYPES.has(info.type) !== role.integer) return false;
  const dims = info.dims;
  if (dims === undefined) return true;
  // Only a declared batch axis of 1 is dropped: a dynamic first axis is the detections'.
  const unbatched = dims.length === role.rank + 1 && dims[0] === 1 ? dims.slice(1) : dims;
  if (unbatched.length !== role.rank) return false;
  const last = unbatched[unbatched.length - 1];
  // A fixed last axis of the wrong size rules a role out; a dynamic one does not.
  return role.last === undefined || last === null || last === role.last;
}

/** An exact name wins; then a name that contains the role (e.g. "pred_boxes") and no longer role's name. */
function byName(candidates: readonly TensorInfo[], role: string, roles: readonly OutputRole[]): TensorInfo[] {
  const exact = candidates.filter((c) => c.name.toLowerCase() === role);
  if (exact.length > 0) return exact;
  const longer = roles.filter((r) => r.role !== role && r.role.includes(role)).map((r) => r.role);
  return candidates.filter((c) => {
    const name = c.name.toLowerCase();
    return name.includes(role) && !longer.some((l) => name.includes(l));
  });
}

/**
 * Assigns each role an output: configured names first, then every role with one candidate
 * left, then names; an ambiguity left over stops with the outputs and the `outputs` config
 * that settles it.
 */
export function identifyOutputs(
  outputs: readonly TensorInfo[],
  roles: readonly OutputRole[],
  configured: Readonly<Record<string, string>> | undefined,
  context: { file: string; configFile?: string; what: string },
): Record<string, string> {
  const assigned = new Map<string, string>();
  for (const { role } of roles) {
    const name = configured?.[role];
    if (name === undefined) continue;
    if (!outputs.some((o) => o.name === name)) {
      throw new LossyvisionError('MODEL_OUTPUT', `expected an output named "${name}" (outputs.${role}) but the model has: ${outputs.map((o) => o.name).join(', ') || 'no outputs'}`, { file: context.configFile ?? context.file, entry: `outputs.${role}` });
    }
    assigned.set(role, name);
  }
  const taken = (): Set<string> => new Set(assigned.values());
  const candidatesOf = (role: OutputRole): TensorInfo[] => outputs.filter((o) => !taken().has(o.name) && fits(o, role));
  for (let progress = true; progress;) {
    progress = false;
    for (const role of roles) {
      if (assigned.has(role.role)) continue;
      let candidates = candidatesOf(role);
      // Ties: a declared last axis equal to the role's (boxes' 4 beside keypoint scores' K), then names.
      if (candidates.length > 1 && role.last !== undefined) {
        const exact = candidates.filter((c) => c.dims?.[c.dims.length - 1] === role.last);
        if (exact.length === 1) candidates = exact;
      }
      if (candidates.length > 1) {
        const named = byName(candidates, role.role, roles);
        if (named.length === 1) candidates = named;
      }
      if (candidates.length === 1) {
        assigned.set(role.role, candidates[0].name);
        progress = true;
      }
    }
  }
  const missing = roles.filter((r) => !assigned.has(r.role));
  if (missing.length > 0) throw ambiguous(outputs, roles, assigned, missing, context);
  return Object.fromEntries(roles.map((r) => [r.role, assigned.get(r.role)!]));
}

function ambiguous(
  outputs: readonly TensorInfo[],
  roles: readonly OutputRole[],
  assigned: ReadonlyMap<string, string>,
  missing: readonly OutputRole[],
  context: { file: string; configFile?: string; what: string },
): LossyvisionError {
  // The config to write: what was found, and for the rest the still free outputs in order, to edit.
  const free = outputs.map((o) => o.name).filter((n) => ![...assigned.values()].includes(n));
  const example = Object.fromEntries(roles.map((r) => [r.role, assigned.get(r.role) ?? free.shift() ?? '?']));
  const none = missing.filter((r) => !outputs.some((o) => fits(o, r)));
  const why = none.length > 0
    ? `no output can hold the ${none.map((r) => `${r.role} (${r.shape})`).join(', ')}`
    : `several outputs could hold the ${missing.map((r) => `${r.role} (${r.shape})`).join(', ')}`;
  return new LossyvisionError('MODEL_OUTPUT',
    `cannot tell which output is which for ${context.what}: ${why}. The model's outputs: ${outputs.map(formatTensorInfo).join('; ') || 'none'}. ` +
    `Name them in the model config, e.g. "outputs": ${JSON.stringify(example)}`,
    { file: context.configFile ?? context.file });
}

/** True when the declared outputs identify as the roles without any names (for choosing a format). */
export function looksLike(outputs: readonly TensorInfo[], roles: readonly OutputRole[]): boolean {
  try {
    identifyOutputs(outputs, roles, undefined, { file: '', what: '' });
    return outputs.every((o) => o.type !== undefined);
  } catch {
    return false;
  }
}
