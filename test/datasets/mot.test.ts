import { describe, expect, it } from 'vitest';
import { motFrameGroundTruth, parseMotGroundTruth } from '../../src/datasets/mot.js';

// Lines in MOT17 layout (frame,id,x,y,w,h,conf,class,visibility), values as in MOT17-02's gt.txt.
const MOT17 = ['1,1,912,484,97,109,0,7,1', '1,2,1338,418,167,379,1,1,1', '2,2,1342,417,168,380,1,1,0.8', '1,3,586,447,85,263,1,3,1', '1,4,100,200,30,60,1,8,1', ''].join('\n');

describe('parseMotGroundTruth', () => {
  it('groups boxes by frame with conf, class and visibility', () => {
    const byFrame = parseMotGroundTruth(MOT17, 'gt.txt');
    expect([...byFrame.keys()]).toEqual([1, 2]);
    expect(byFrame.get(1)).toHaveLength(4);
    expect(byFrame.get(2)![0]).toEqual({ frame: 2, id: 2, bbox: [1342, 417, 168, 380], conf: 1, cls: 1, visibility: 0.8 });
  });

  it('reads MOT15 lines (world coordinates in place of class) as class -1', () => {
    const byFrame = parseMotGroundTruth('1,1,10,20,30,40,1,-1,-1,-1', 'gt.txt');
    expect(byFrame.get(1)![0]).toMatchObject({ cls: -1, conf: 1, visibility: 1 });
  });

  it('names the file and line of a malformed entry', () => {
    expect(() => parseMotGroundTruth('1,1,10,20,30,40\n1,2,x,20,30,40', 'seq/gt/gt.txt')).toThrow(
      'seq/gt/gt.txt: line 2: Expected frame,id,x,y,w,h[,conf,class,visibility] numbers but received "1,2,x,20,30,40"',
    );
    expect(() => parseMotGroundTruth('0,1,10,20,30,40', 'gt.txt')).toThrow(/line 1: Expected a frame number of at least 1/);
  });
});

describe('motFrameGroundTruth', () => {
  it('makes pedestrians COCO persons, ignored people crowd regions, and drops vehicles', () => {
    const gt = motFrameGroundTruth(parseMotGroundTruth(MOT17, 'gt.txt').get(1), 7, 1920, 1080);
    expect(gt).toMatchObject({ imageId: 7, width: 1920, height: 1080 });
    // conf 0 static person → ignored; pedestrian → target; car (3) dropped; distractor (8) → ignored.
    expect(gt.objects.map((o) => [o.bbox[0], o.categoryId, o.iscrowd])).toEqual([
      [912, 1, true],
      [1338, 1, false],
      [100, 1, true],
    ]);
    expect(gt.objects[1].area).toBe(167 * 379);
    expect(new Set(gt.objects.map((o) => o.id)).size).toBe(3);
    expect(motFrameGroundTruth(undefined, 1, 10, 10).objects).toEqual([]);
  });
});
