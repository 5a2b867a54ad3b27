/** One ranked answer of a classifier: the class index in the model's output, its name when the model has names. */
export interface RankedClass {
  readonly index: number;
  readonly label?: string;
  /** Softmax probability. */
  readonly score: number;
}

/** A classifier's top-k, best first. */
export interface ClassificationPrediction {
  readonly top: readonly RankedClass[];
}

export function checkClassificationPrediction(prediction: unknown): string | undefined {
  const top = (prediction as Partial<ClassificationPrediction> | undefined)?.top;
  if (!Array.isArray(top) || top.length === 0) return 'expected { top: [{ index, label?, score }, …] } with at least one class';
  for (const [i, c] of top.entries()) {
    const ok = c && Number.isInteger(c.index) && c.index >= 0 && Number.isFinite(c.score) && (c.label === undefined || typeof c.label === 'string');
    if (!ok) return `top[${i}]: expected { index: integer ≥ 0, label?: string, score: finite }`;
  }
  return undefined;
}

/**
 * The name a ranked class is compared under: the model's own label when it has class names,
 * else the dataset's name for that index (class folders, Fashion-MNIST), else the index.
 */
export function className(c: RankedClass, categories?: ReadonlyMap<number, string>): string {
  return c.label ?? categories?.get(c.index) ?? String(c.index);
}
