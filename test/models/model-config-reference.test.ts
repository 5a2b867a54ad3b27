import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDetectorConfig } from '../../src/models/adapters/detector-config.js';
import { modelConfigMarkdown, undocumentedFields, withModelConfigReference } from '../../src/models/model-config-reference.js';

describe('model config reference', () => {
  it('documents every field of every task and format', () => {
    expect(undocumentedFields()).toEqual([]);
  });

  it('the README\'s reference is the one generated from the schemas (npm run docs:model-config rewrites it)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withModelConfigReference(readme)).toBe(readme);
    expect(readme).toContain(modelConfigMarkdown());
  });

  it('one table per task and format; a field of another format is an error listing the fields that apply', () => {
    expect(modelConfigMarkdown({ task: 'pose' }).match(/^\| field \| type \| meaning \|$/gm)).toHaveLength(2);
    expect(() => parseDetectorConfig({ format: 'yolov8', outputs: { boxes: 'b', labels: 'l', scores: 's' } }, 'm.json')).toThrow(
      'm.json: (root): Unrecognized key: "outputs" (fields for format "yolov8": format, inputSize, scale, mean, std, channelOrder, layout, classMap, scoreThreshold, maxDetections, letterbox, padValue, inputName, preset, resample, iouThreshold, classAgnostic, multiLabel, output)',
    );
    expect(() => parseDetectorConfig({ format: 'torchvision', iouThreshold: 0.5 }, 'm.json')).toThrow(/^m\.json: \(root\): Unrecognized key: "iouThreshold" \(fields for format "torchvision": format, .*, outputs\)$/);
    expect(() => parseDetectorConfig({ format: 'torchvision', outputs: { boxes: 'b', labels: 'l' } }, 'm.json')).toThrow('m.json: outputs.scores:');
    expect(() => modelConfigMarkdown({ task: 'detection', format: 'ssd' })).toThrow('Unknown model config kind detection / ssd, expected one of: detection/torchvision, detection/yolov8,');
  });
});
