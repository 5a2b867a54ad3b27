#!/usr/bin/env python3
"""Writes per-category and per-size COCO box AP produced by pycocotools itself.

For every case of test/fixtures/coco/bbox-cases.json (made by make_coco_vectors.py), runs
COCOeval and reads its `eval['precision']` [T, R, K, A, M] array the way summarize() does:
per category k and area range a, the mean over T and R of precision[:, :, k, a, maxDets=100]
ignoring -1 (null when nothing is defined); per area range, the same over every category too.

pycocotools is not a dependency of this project; build it as make_coco_vectors.py says, then:

    PYTHONPATH=/tmp/cocoapi/PythonAPI /usr/bin/python3 scripts/reference/coco-per-category.py test/fixtures/coco
"""
import contextlib
import copy
import io
import json
import os
import sys

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def mean_defined(values):
    defined = values[values > -1]
    return None if defined.size == 0 else float(np.mean(defined))


def per_category(case):
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt = COCO()
        coco_gt.dataset = copy.deepcopy(case['gt'])
        coco_gt.createIndex()
        coco_dt = coco_gt.loadRes(copy.deepcopy(case['results']))
        e = COCOeval(coco_gt, coco_dt, 'bbox')
        e.evaluate()
        e.accumulate()
    precision = e.eval['precision']
    m = e.params.maxDets.index(100)
    areas = e.params.areaRngLbl
    return {
        'name': case['name'],
        'categoryIds': [int(c) for c in e.params.catIds],
        'perCategory': {str(c): {areas[a]: mean_defined(precision[:, :, k, a, m]) for a in range(len(areas))} for k, c in enumerate(e.params.catIds)},
        'perSize': {areas[a]: mean_defined(precision[:, :, :, a, m]) for a in range(len(areas))},
    }


def main(out_dir):
    with open(os.path.join(out_dir, 'bbox-cases.json')) as f:
        cases = json.load(f)
    out = os.path.join(out_dir, 'per-category.json')
    with open(out, 'w') as f:
        json.dump([per_category(c) for c in cases], f, separators=(',', ':'))
        f.write('\n')
    print(out, os.path.getsize(out), 'bytes')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'test/fixtures/coco')
