import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDetectorConfig, readDetectorConfig } from '../../../src/models/adapters/detector-config.js';
import { LossyvisionError } from '../../../src/errors.js';

function configFile(content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lossyvision-cfg-')), 'model.json');
  writeFileSync(file, content);
  return file;
}

describe('detector config', () => {
  it('accepts a full YOLO config', () => {
    const config = parseDetectorConfig({ format: 'yolov8', inputSize: [640, 480], mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'bgr', classMap: 'coco80' });
    expect(config.inputSize).toEqual([640, 480]);
  });

  it('names the file and the field that is wrong', async () => {
    const file = configFile(JSON.stringify({ format: 'yolov8', std: [1, 0, 1] }));
    const error = await readDetectorConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LossyvisionError);
    expect((error as LossyvisionError).message).toBe(`${file}: std.1: Too small: expected number to be >0 but received 0`);
    expect((error as LossyvisionError).entry).toBe('std.1');
  });

  it('rejects unknown fields and formats', () => {
    expect(() => parseDetectorConfig({ format: 'yolov8', inputsize: 640 }, 'm.json')).toThrow('m.json: (root): Unrecognized key: "inputsize"');
    expect(() => parseDetectorConfig({ format: 'ssd' }, 'm.json')).toThrow(/^m\.json: format: .*"yolov5".*"yolov8".*"torchvision" but received "ssd"$/);
  });

  it('reports unreadable JSON with the file name', async () => {
    const file = configFile('{ format: ');
    await expect(readDetectorConfig(file)).rejects.toThrow(`${file}: malformed JSON (line 1, column 3): Expected property name or '}'`);
  });
});
