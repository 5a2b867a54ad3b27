import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LossyvisionError } from '../../../src/errors.js';
import { detectionGroundTruth, loadCocoGroundTruth, parseCocoGroundTruth, poseGroundTruth } from '../../../src/datasets/coco/annotations.js';
import { parseCocoDetections, parseCocoKeypointResults } from '../../../src/datasets/coco/results.js';

const dir = mkdtempSync(join(tmpdir(), 'lossyvision-coco-'));
const valid = () => ({
  images: [
    { id: 3, file_name: 'a.jpg', width: 640, height: 480 },
    { id: 9, file_name: 'sub/b.jpg', width: 320, height: 240 },
  ],
  categories: [
    { id: 1, name: 'person' },
    { id: 18, name: 'dog' },
  ],
  annotations: [
    { id: 4511, image_id: 3, category_id: 18, bbox: [1, 2, 30, 40], area: 1000, iscrowd: 0 },
    { id: 4512, image_id: 3, category_id: 1, bbox: [5, 5, 10, 10], area: 80, iscrowd: 1, difficult: 1 },
  ],
});

function error(fn: () => unknown): LossyvisionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LossyvisionError);
    return e as LossyvisionError;
  }
  throw new Error('expected an error');
}

describe('COCO ground truth', () => {
  it('loads, indexes by image and converts to task types', async () => {
    const file = join(dir, 'gt.json');
    writeFileSync(file, JSON.stringify(valid()));
    const gt = await loadCocoGroundTruth(file);
    expect(gt.images.map((i) => i.fileName)).toEqual(['a.jpg', 'sub/b.jpg']);
    expect(gt.categoryById.get(18)?.name).toBe('dog');
    expect(detectionGroundTruth(gt, 3)).toEqual({
      imageId: 3,
      width: 640,
      height: 480,
      objects: [
        { id: 4511, categoryId: 18, bbox: [1, 2, 30, 40], area: 1000, iscrowd: false },
        { id: 4512, categoryId: 1, bbox: [5, 5, 10, 10], area: 80, iscrowd: true, difficult: true },
      ],
    });
    expect(detectionGroundTruth(gt, 9).objects).toEqual([]);
    expect(() => poseGroundTruth(gt, 3)).toThrow(/Expected keypoints on every annotation/);
  });

  it('names the file and the entry, and says what was expected', () => {
    const bad = valid();
    bad.annotations[1].bbox = [5, 5, -10, 10];
    expect(error(() => parseCocoGroundTruth(bad, 'gt.json')).message).toBe(
      'gt.json: annotations[1] (id 4512): Expected bbox [x, y, w, h] of finite numbers with w ≥ 0 and h ≥ 0 for bbox but received [5,5,-10,10]',
    );
    const cases: [(j: ReturnType<typeof valid>) => void, RegExp][] = [
      [(j) => ((j.annotations[0] as Record<string, unknown>).area = undefined), /annotations\[0\] \(id 4511\): Expected a finite number ≥ 0 for area but received undefined/],
      [(j) => ((j.annotations[0].bbox as unknown[])[2] = null), /for bbox but received \[1,2,null,40\]/],
      [(j) => (j.annotations[0].image_id = 77), /image_id but received 77/],
      [(j) => (j.annotations[0].category_id = 2), /category_id but received 2/],
      [(j) => (j.annotations[1].id = 4511), /annotations\[1\] \(id 4511\): Expected an annotation id used once/],
      [(j) => (j.images[1].id = 3), /images\[1\] \(id 3\): Expected an id used once/],
      [(j) => ((j.images[0] as Record<string, unknown>).file_name = 5), /images\[0\] \(id 3\): Expected a non-empty string for file_name/],
      [(j) => ((j as Record<string, unknown>).categories = {}), /categories: Expected an array for categories but received an object/],
    ];
    for (const [mutate, message] of cases) {
      const json = valid();
      mutate(json);
      expect(error(() => parseCocoGroundTruth(json, 'gt.json')).message).toMatch(message);
    }
  });

  it('reports a missing file and malformed JSON with its line', async () => {
    await expect(loadCocoGroundTruth(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json: file not found/);
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "images": []\n  "categories": []\n}');
    await expect(loadCocoGroundTruth(file)).rejects.toThrow("broken.json: malformed JSON (line 3, column 3): Expected ',' or '}' after property value");
    writeFileSync(file, '{"images": [,]}');
    await expect(loadCocoGroundTruth(file)).rejects.toThrow(/broken\.json: malformed JSON \(line 1, column 13\): Unexpected token ','$/);
  });
});

describe('COCO results', () => {
  const gt = parseCocoGroundTruth(valid(), 'gt.json');

  it('groups detections by image in file order, every ground-truth image present', () => {
    const results = [
      { image_id: 3, category_id: 18, bbox: [1, 2, 3, 4], score: 0.5 },
      { image_id: 3, category_id: 1, bbox: [0, 0, 3, 4], score: 0.9 },
    ];
    const byImage = parseCocoDetections(results, 'res.json', gt);
    expect(byImage.get(3)!.detections.map((d) => d.score)).toEqual([0.5, 0.9]);
    expect(byImage.get(9)!.detections).toEqual([]);
  });

  it('rejects unknown ids, NaN-like and negative sizes, and scores that are not numbers', () => {
    const cases: [unknown, RegExp][] = [
      [[{ image_id: 4, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }], /res\.json: \[0\]: Expected the id of an image in the ground truth gt\.json for image_id but received 4/],
      [[{ image_id: 3, category_id: 7, bbox: [0, 0, 1, 1], score: 1 }], /\[0\]: Expected the id of a category .* for category_id but received 7/],
      [[{ image_id: 3, category_id: 1, bbox: [0, 0, -1, 1], score: 1 }], /for bbox but received \[0,0,-1,1\]/],
      [[{ image_id: 3, category_id: 1, bbox: [0, 0, 'NaN', 1], score: 1 }], /for bbox/],
      [[{ image_id: 3, category_id: 1, bbox: [0, 0, 1, 1] }], /Expected a finite number for score but received undefined/],
      [{ image_id: 3 }, /top level: Expected an array of results/],
    ];
    for (const [json, message] of cases) expect(error(() => parseCocoDetections(json, 'res.json', gt)).message).toMatch(message);
  });

  it('checks keypoint results for length and for bbox on all or none', () => {
    const kps = Array.from({ length: 51 }, (_, i) => i);
    expect(parseCocoKeypointResults([{ image_id: 3, category_id: 1, keypoints: kps, score: 1 }], 'r.json', gt).get(3)!.people).toHaveLength(1);
    expect(error(() => parseCocoKeypointResults([{ image_id: 3, category_id: 1, keypoints: kps.slice(3), score: 1 }], 'r.json', gt)).message).toMatch(
      /keypoints \[x1, y1, v1, …\] of 51 finite numbers/,
    );
    const mixed = [
      { image_id: 3, category_id: 1, keypoints: kps, score: 1, bbox: [0, 0, 2, 2] },
      { image_id: 3, category_id: 1, keypoints: kps, score: 1 },
    ];
    expect(error(() => parseCocoKeypointResults(mixed, 'r.json', gt)).message).toMatch(/\[1\]: .*the first result has one, so all must/);
  });
});
