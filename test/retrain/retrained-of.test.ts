import { describe, expect, it } from 'vitest';
import { checkRetrainedOf, markRetrainedOf } from '../../src/retrain/retrained-of.js';
import type { ModelInfo } from '../../src/sweep/context.js';
import type { Provenance } from '../../src/sweep/provenance.js';

describe('--retrained-of for run', () => {
  it('accepts pairs of models of the run, and refuses others naming the models there are', () => {
    expect(() => checkRetrainedOf(new Map([['ft.onnx', 'base.onnx']]), ['base.onnx', 'ft.onnx'])).not.toThrow();
    expect(() => checkRetrainedOf(new Map([['ft.onnx', 'other.onnx']]), ['base.onnx', 'ft.onnx'])).toThrow(
      'Expected --retrained-of to name models given with --model (base.onnx, ft.onnx) but received "other.onnx"',
    );
    expect(() => checkRetrainedOf(new Map([['base.onnx', 'base.onnx']]), ['base.onnx'])).toThrow('Expected two different models for --retrained-of but received "base.onnx=base.onnx"');
  });

  it('writes retrainedOf into the retrained model\'s provenance only', () => {
    const models: ModelInfo[] = [{ id: 'base.onnx', hash: 'a', provenance: {} }, { id: 'ft.onnx', hash: 'b', provenance: { runtime: 'onnx' } }];
    const provenance = { models: models.map((m) => ({ ...m, provenance: { ...m.provenance } })) } as unknown as Provenance;
    markRetrainedOf({ models, provenance }, new Map([['ft.onnx', 'base.onnx']]));
    expect(models.map((m) => m.provenance)).toEqual([{}, { runtime: 'onnx', retrainedOf: 'base.onnx' }]);
    expect(provenance.models.map((m) => m.provenance.retrainedOf)).toEqual([undefined, 'base.onnx']);
  });
});
