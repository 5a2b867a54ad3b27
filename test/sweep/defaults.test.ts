import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultThreads, defaultWorkers } from '../../src/sweep/defaults.js';

describe('default workers and threads', () => {
  it('never put more onnxruntime threads to work than there are cores', () => {
    const cores = availableParallelism();
    for (let workers = 1; workers <= 2 * cores + 1; workers++) {
      const threads = defaultThreads(workers);
      expect(threads).toBeGreaterThanOrEqual(1);
      if (workers <= cores) expect(workers * threads).toBeLessThanOrEqual(cores);
      else expect(threads).toBe(1);
    }
    expect(defaultThreads(1)).toBe(cores);
  });

  it('give every runtime one worker per core, and ONNX on CUDA one worker', () => {
    const cores = Math.max(1, availableParallelism());
    expect(defaultWorkers(['a.onnx', 'b.ONNX'])).toBe(cores);
    expect(defaultWorkers(['a.onnx@a.json', 'dir/b.onnx@b.json'])).toBe(cores);
    expect(defaultWorkers(['a.onnx', 'zoo:nanodet@x.json'])).toBe(cores);
    expect(defaultWorkers(['zoo:centernet'])).toBe(cores);
    expect(defaultWorkers(['a.onnx@a.json', 'b.onnx'], { cuda: true })).toBe(1);
    // TF.js models do not run on CUDA: still one worker per core.
    expect(defaultWorkers(['a.onnx', 'zoo:centernet'], { cuda: true })).toBe(cores);
  });
});
