#!/usr/bin/env python3
"""Writes COCO evaluation test vectors produced by pycocotools itself.

Each case is a ground-truth dataset, a results list and the statistics pycocotools' COCOeval
returns for them (-1 written as null). The cases are deterministic and built to exercise every
rule the TypeScript port reproduces: crowds, score ties, areas exactly on the 32^2/96^2
boundaries, more than maxDets detections, empty categories, non-contiguous ids, images without
ground truth, keypoints with v = 0/1/2, plus a few hundred random images.

pycocotools is not a dependency of this project and its code is never committed. To regenerate:

    apt-get install -y cython3 python3-numpy python3-setuptools python3-dev
    # get the public cocoapi source (github.com/cocodataset/cocoapi) into /tmp/cocoapi, then
    cd /tmp/cocoapi/PythonAPI
    sed -i 's/np\\.float)/float)/g' pycocotools/cocoeval.py   # np.float is gone from numpy >= 1.24
    /usr/bin/python3 setup.py build_ext --inplace
    PYTHONPATH=/tmp/cocoapi/PythonAPI /usr/bin/python3 scripts/reference/make_coco_vectors.py test/fixtures/coco
"""
import contextlib
import copy
import io
import json
import os
import random
import sys

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval, Params


def evaluate(gt, results, iou_type):
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt = COCO()
        coco_gt.dataset = copy.deepcopy(gt)
        coco_gt.createIndex()
        coco_dt = coco_gt.loadRes(copy.deepcopy(results))
        e = COCOeval(coco_gt, coco_dt, iou_type)
        e.evaluate()
        e.accumulate()
        e.summarize()
    return [None if s == -1 else float(s) for s in e.stats]


def images(ids, size=(640, 480)):
    return [{'id': i, 'file_name': '%012d.jpg' % i, 'width': size[0], 'height': size[1]} for i in ids]


def cats(ids):
    return [{'id': c, 'name': 'c%d' % c, 'supercategory': 'thing'} for c in ids]


class Ids:
    def __init__(self, start=1):
        self.n = start - 1

    def __call__(self):
        self.n += 1
        return self.n


def box_ann(ids, img, cat, bbox, area=None, crowd=0):
    return {'id': ids(), 'image_id': img, 'category_id': cat, 'bbox': bbox,
            'area': bbox[2] * bbox[3] if area is None else area, 'iscrowd': crowd}


def det(img, cat, bbox, score):
    return {'image_id': img, 'category_id': cat, 'bbox': bbox, 'score': score}


def r2(x):
    return round(x, 2)


# ---------------------------------------------------------------- bbox cases

def bbox_cases():
    cases = []

    def add(name, gt, res):
        cases.append({'name': name, 'gt': gt, 'results': res, 'stats': evaluate(gt, res, 'bbox')})

    ids = Ids()
    anns = [box_ann(ids, 1, 1, [10, 10, 50, 50]), box_ann(ids, 1, 2, [100, 100, 120, 80]),
            box_ann(ids, 2, 1, [5, 5, 20, 20]), box_ann(ids, 2, 1, [200, 50, 40, 60])]
    res = [det(1, 1, [12, 11, 50, 48], 0.9), det(1, 2, [100, 104, 118, 80], 0.8), det(1, 1, [300, 300, 30, 30], 0.7),
           det(2, 1, [6, 5, 20, 21], 0.95), det(2, 1, [198, 52, 40, 60], 0.6), det(2, 2, [0, 0, 10, 10], 0.5)]
    add('basic', {'images': images([1, 2]), 'annotations': anns, 'categories': cats([1, 2])}, res)

    # IoU exactly 0.5 and 0.75 (halves of a 10x10 box), and just below.
    ids = Ids()
    anns = [box_ann(ids, 1, 1, [0, 0, 10, 10]), box_ann(ids, 2, 1, [0, 0, 10, 10]), box_ann(ids, 3, 1, [0, 0, 10, 10])]
    res = [det(1, 1, [0, 0, 10, 5], 0.9), det(2, 1, [0, 0, 10, 7.5], 0.8), det(3, 1, [0, 0, 10, 4.999999], 0.7)]
    add('iou-at-thresholds', {'images': images([1, 2, 3]), 'annotations': anns, 'categories': cats([1])}, res)

    # Crowds: several detections inside one crowd region; a crowd next to a regular object;
    # a category whose only ground truth is crowd (left out of the mean).
    ids = Ids()
    anns = [box_ann(ids, 1, 1, [0, 0, 200, 200], area=30000, crowd=1), box_ann(ids, 1, 1, [10, 10, 40, 40]),
            box_ann(ids, 1, 2, [300, 300, 50, 50], crowd=1), box_ann(ids, 2, 1, [50, 50, 100, 100], crowd=1),
            box_ann(ids, 2, 1, [60, 60, 30, 30])]
    res = [det(1, 1, [10, 10, 40, 40], 0.9), det(1, 1, [20, 20, 30, 30], 0.85), det(1, 1, [100, 100, 50, 50], 0.8),
           det(1, 1, [150, 150, 40, 40], 0.8), det(1, 1, [190, 190, 30, 30], 0.7), det(1, 2, [300, 300, 50, 50], 0.9),
           det(2, 1, [60, 60, 30, 30], 0.6), det(2, 1, [55, 55, 30, 30], 0.65), det(2, 1, [70, 70, 20, 20], 0.65)]
    add('crowds', {'images': images([1, 2]), 'annotations': anns, 'categories': cats([1, 2])}, res)

    # Score ties within and across images; equal IoU with two ground-truth boxes.
    ids = Ids()
    anns = [box_ann(ids, 1, 1, [0, 0, 20, 20]), box_ann(ids, 1, 1, [10, 0, 20, 20]), box_ann(ids, 2, 1, [0, 0, 20, 20]),
            box_ann(ids, 3, 1, [50, 50, 20, 20]), box_ann(ids, 3, 1, [50, 50, 20, 20])]
    res = [det(1, 1, [5, 0, 20, 20], 0.5), det(1, 1, [0, 0, 20, 20], 0.5), det(1, 1, [10, 0, 20, 20], 0.5),
           det(2, 1, [40, 40, 20, 20], 0.5), det(2, 1, [0, 0, 20, 20], 0.5), det(3, 1, [50, 50, 20, 20], 0.5),
           det(3, 1, [51, 50, 20, 20], 0.5), det(3, 1, [50, 51, 20, 20], 0.7), det(2, 1, [0, 1, 20, 20], 0.7)]
    add('score-ties', {'images': images([3, 1, 2]), 'annotations': anns, 'categories': cats([1])}, res)

    # Areas exactly on the range bounds: the annotation's area field, not the box, decides.
    ids = Ids()
    anns = [box_ann(ids, 1, 1, [0, 0, 32, 32], area=1024), box_ann(ids, 1, 1, [100, 0, 96, 96], area=9216),
            box_ann(ids, 1, 1, [300, 0, 40, 40], area=1024), box_ann(ids, 2, 1, [0, 0, 10, 10], area=0),
            box_ann(ids, 2, 1, [0, 100, 200, 200], area=9216.000001), box_ann(ids, 2, 1, [300, 100, 20, 20], area=1023.999)]
    res = [det(1, 1, [0, 0, 32, 32], 0.9), det(1, 1, [100, 0, 96, 96], 0.8), det(1, 1, [300, 0, 40, 40], 0.7),
           det(1, 1, [500, 0, 32, 32], 0.95), det(1, 1, [500, 200, 96, 96], 0.6), det(1, 1, [400, 300, 31.999, 32], 0.5),
           det(2, 1, [0, 0, 10, 10], 0.9), det(2, 1, [0, 100, 200, 200], 0.8), det(2, 1, [300, 100, 20, 20], 0.7),
           det(2, 1, [400, 400, 0, 10], 0.3)]
    add('area-boundaries', {'images': images([1, 2]), 'annotations': anns, 'categories': cats([1])}, res)

    # More than 100 detections for one image and category (truncated), and 150 spread over
    # categories (truncation is per image *and* category); AR1/AR10 caps too.
    rng = random.Random(7)
    ids = Ids()
    anns = [box_ann(ids, 1, 1, [r2(rng.uniform(0, 500)), r2(rng.uniform(0, 400)), r2(rng.uniform(5, 80)), r2(rng.uniform(5, 80))]) for _ in range(40)]
    anns += [box_ann(ids, 2, c, [r2(rng.uniform(0, 500)), r2(rng.uniform(0, 400)), r2(rng.uniform(5, 80)), r2(rng.uniform(5, 80))]) for c in (1, 2, 3) for _ in range(15)]
    res = []
    for a in anns:
        for _ in range(3):
            x, y, w, h = a['bbox']
            res.append(det(a['image_id'], a['category_id'], [r2(x + rng.gauss(0, 3)), r2(y + rng.gauss(0, 3)), r2(w * rng.uniform(0.8, 1.2)), r2(h * rng.uniform(0.8, 1.2))], round(rng.random(), 3)))
    res += [det(1, 1, [r2(rng.uniform(0, 600)), r2(rng.uniform(0, 400)), 30, 30], round(rng.random(), 3)) for _ in range(30)]
    add('many-detections', {'images': images([1, 2]), 'annotations': anns, 'categories': cats([1, 2, 3])}, res)

    # Non-contiguous ids, unsorted images, empty categories, images with no ground truth,
    # detections on images with no ground truth, a category with ground truth but no detection,
    # detections in a category that has no ground truth anywhere.
    ids = Ids(start=1000)
    anns = [box_ann(ids, 900001, 90, [10, 10, 100, 100]), box_ann(ids, 7, 5, [0, 0, 30, 30]), box_ann(ids, 7, 90, [200, 200, 60, 60]),
            box_ann(ids, 3, 1000, [40, 40, 50, 50])]
    res = [det(900001, 90, [12, 10, 100, 100], 0.9), det(7, 5, [1, 1, 30, 30], 0.8), det(7, 90, [300, 300, 60, 60], 0.85),
           det(42, 90, [10, 10, 50, 50], 0.95), det(42, 5, [0, 0, 30, 30], 0.4), det(3, 77, [40, 40, 50, 50], 0.99)]
    add('sparse-ids', {'images': images([900001, 42, 7, 3, 11]), 'annotations': anns, 'categories': cats([90, 1000, 5, 77, 2])}, res)

    # An annotation whose id is 0: pycocotools stores the matched id and tests it for truth.
    anns = [box_ann(lambda: 0, 1, 1, [0, 0, 50, 50]), box_ann(lambda: 1, 1, 1, [100, 100, 50, 50])]
    res = [det(1, 1, [0, 0, 50, 50], 0.9), det(1, 1, [100, 100, 50, 50], 0.8)]
    add('annotation-id-zero', {'images': images([1]), 'annotations': anns, 'categories': cats([1])}, res)

    # No small objects at all: APs/ARs undefined (null), never 0.
    ids = Ids()
    anns = [box_ann(ids, 1, 1, [0, 0, 100, 100]), box_ann(ids, 2, 1, [0, 0, 200, 150])]
    res = [det(1, 1, [0, 0, 100, 100], 0.9), det(2, 1, [5, 5, 10, 10], 0.8)]
    add('undefined-ranges', {'images': images([1, 2]), 'annotations': anns, 'categories': cats([1])}, res)

    add('random', *random_bbox(150, seed=2020))
    return cases


def random_bbox(n_images, seed):
    rng = random.Random(seed)
    cat_ids = [1, 2, 3, 5, 8, 13, 21]
    ids = Ids()
    anns, res = [], []
    img_ids = rng.sample(range(1, 100000), n_images)
    for img in img_ids:
        for _ in range(rng.choice([0, 1, 2, 3, 4, 6, 9])):
            c = rng.choice(cat_ids)
            w = r2(rng.choice([rng.uniform(2, 31), rng.uniform(32, 96), rng.uniform(96, 300)]))
            h = r2(w * rng.uniform(0.5, 2))
            x, y = r2(rng.uniform(0, 400)), r2(rng.uniform(0, 300))
            crowd = 1 if rng.random() < 0.05 else 0
            area = r2(w * h * rng.uniform(0.5, 1.0))
            anns.append(box_ann(ids, img, c, [x, y, w, h], area=area, crowd=crowd))
            for _ in range(rng.choice([0, 1, 1, 2])):
                res.append(det(img, c, [r2(x + rng.gauss(0, w * 0.1)), r2(y + rng.gauss(0, h * 0.1)), r2(w * rng.uniform(0.7, 1.3)), r2(h * rng.uniform(0.7, 1.3))],
                               round(rng.choice([rng.random(), 0.5, 0.25]), 3)))
        for _ in range(rng.choice([0, 1, 3])):
            res.append(det(img, rng.choice(cat_ids), [r2(rng.uniform(0, 500)), r2(rng.uniform(0, 400)), r2(rng.uniform(4, 150)), r2(rng.uniform(4, 150))], round(rng.random(), 3)))
    return {'images': images(img_ids), 'annotations': anns, 'categories': cats(cat_ids + [34])}, res


# ---------------------------------------------------------------- keypoint cases

PERSON = [{'id': 1, 'name': 'person', 'supercategory': 'person', 'keypoints': ['k%d' % k for k in range(17)], 'skeleton': []}]


def person(ids, img, center, scale, rng, visibility=None, crowd=0, area=None, cat=1):
    kps = []
    for k in range(17):
        v = visibility[k] if visibility is not None else rng.choice([0, 1, 2, 2, 2])
        x = r2(center[0] + rng.uniform(-1, 1) * scale) if v else 0
        y = r2(center[1] + rng.uniform(-1.5, 1.5) * scale) if v else 0
        kps += [x, y, v]
    bbox = [r2(center[0] - scale), r2(center[1] - 1.5 * scale), r2(2 * scale), r2(3 * scale)]
    return {'id': ids(), 'image_id': img, 'category_id': cat, 'bbox': bbox, 'keypoints': kps,
            'num_keypoints': sum(1 for v in kps[2::3] if v > 0), 'iscrowd': crowd,
            'area': r2(bbox[2] * bbox[3] * 0.6) if area is None else area}


def pose_result(img, gt, rng, noise, score, cat=1, bbox=False):
    kps = []
    base = gt['keypoints']
    cx, cy = gt['bbox'][0] + gt['bbox'][2] / 2, gt['bbox'][1] + gt['bbox'][3] / 2
    for k in range(17):
        x, y, v = base[3 * k:3 * k + 3]
        if v == 0:
            x, y = cx + rng.uniform(-20, 20), cy + rng.uniform(-30, 30)
        kps += [r2(x + rng.gauss(0, noise)), r2(y + rng.gauss(0, noise)), 1]
    r = {'image_id': img, 'category_id': cat, 'keypoints': kps, 'score': score}
    if bbox:
        r['bbox'] = gt['bbox']
    return r


def keypoint_cases():
    cases = []

    def add(name, gt, res):
        cases.append({'name': name, 'gt': gt, 'results': res, 'stats': evaluate(gt, res, 'keypoints')})

    rng = random.Random(11)
    ids = Ids()
    g1 = person(ids, 1, (100, 150), 30, rng, visibility=[2] * 17)
    g2 = person(ids, 1, (300, 200), 50, rng, visibility=[0, 1, 2] * 5 + [1, 2])
    g3 = person(ids, 2, (200, 200), 40, rng)
    g4 = person(ids, 2, (400, 250), 20, rng, visibility=[0] * 17)  # num_keypoints 0: ignored
    g5 = person(ids, 3, (150, 150), 60, rng, crowd=1)  # crowd: ignored, matchable many times
    g6 = person(ids, 3, (300, 300), 45, rng, visibility=[0] * 17)
    g6['num_keypoints'] = 3  # no labelled keypoint but counted: OKS measured against the doubled box
    anns = [g1, g2, g3, g4, g5, g6]
    res = [pose_result(1, g1, rng, 2, 0.9), pose_result(1, g2, rng, 6, 0.8), pose_result(1, g2, rng, 15, 0.85),
           pose_result(2, g3, rng, 4, 0.7), pose_result(2, g4, rng, 1, 0.95), pose_result(3, g5, rng, 3, 0.6),
           pose_result(3, g5, rng, 8, 0.6), pose_result(3, g6, rng, 10, 0.5), pose_result(4, g1, rng, 1, 0.4)]
    add('visibility-crowd-ignore', {'images': images([1, 2, 3, 4]), 'annotations': anns, 'categories': PERSON}, res)

    # More than 20 people on one image (truncated to 20), with score ties.
    ids = Ids()
    anns = [person(ids, 5, (30 + 25 * i, 100 + 10 * (i % 3)), 10 + i % 7, rng) for i in range(24)]
    res = [pose_result(5, a, rng, 2, round(0.5 + 0.02 * (i % 5), 2)) for i, a in enumerate(anns)]
    add('many-people', {'images': images([5]), 'annotations': anns, 'categories': PERSON}, res)

    # Areas exactly on the medium/large bounds; a single person.
    ids = Ids()
    anns = [person(ids, 1, (100, 100), 20, rng, area=1024), person(ids, 1, (300, 100), 40, rng, area=9216),
            person(ids, 2, (200, 200), 30, rng, area=1023.5)]
    res = [pose_result(1, anns[0], rng, 1, 0.9), pose_result(1, anns[1], rng, 3, 0.8), pose_result(2, anns[2], rng, 2, 0.7)]
    add('area-boundaries', {'images': images([1, 2]), 'annotations': anns, 'categories': PERSON}, res)
    add('single-person', {'images': images([1]), 'annotations': anns[:1], 'categories': PERSON}, res[:1])

    # Results that carry a bbox: loadRes then takes the area from the box, not the keypoints.
    add('results-with-bbox', *random_pose(30, seed=5, with_bbox=True))
    add('random', *random_pose(90, seed=2021, with_bbox=False))
    return cases


def random_pose(n_images, seed, with_bbox):
    rng = random.Random(seed)
    ids = Ids()
    anns, res = [], []
    img_ids = rng.sample(range(1, 50000), n_images)
    for img in img_ids:
        for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
            scale = rng.choice([rng.uniform(8, 20), rng.uniform(20, 60), rng.uniform(60, 120)])
            g = person(ids, img, (rng.uniform(50, 550), rng.uniform(50, 400)), r2(scale), rng, crowd=1 if rng.random() < 0.04 else 0)
            anns.append(g)
            for _ in range(rng.choice([0, 1, 1, 2])):
                res.append(pose_result(img, g, rng, rng.choice([1, 3, 8, 20]), round(rng.choice([rng.random(), 0.5]), 3), bbox=with_bbox))
    return {'images': images(img_ids), 'annotations': anns, 'categories': PERSON}, res


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    p = Params('bbox')
    thresholds = {'iouThrs': p.iouThrs.tolist(), 'recThrs': p.recThrs.tolist(),
                  'kptOksSigmas': Params('keypoints').kpt_oks_sigmas.tolist(), 'numpy': np.__version__}
    for name, data in [('thresholds.json', thresholds), ('bbox-cases.json', bbox_cases()), ('keypoints-cases.json', keypoint_cases())]:
        with open(os.path.join(out_dir, name), 'w') as f:
            json.dump(data, f, separators=(',', ':'))
            f.write('\n')
        print(name, os.path.getsize(os.path.join(out_dir, name)), 'bytes')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'test/fixtures/coco')
