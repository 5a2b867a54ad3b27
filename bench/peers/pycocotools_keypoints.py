#!/usr/bin/python3
"""pycocotools' COCO keypoint evaluation of one ground-truth and one results file, for
bench/coco-eval.ts: loads both, then COCOeval(iouType='keypoints') evaluate, accumulate,
summarize. Prints one JSON line: CPU and wall seconds of that span (interpreter start-up and
imports excluded) and the 10 statistics (-1 written as null).

    /usr/bin/python3 bench/peers/pycocotools_keypoints.py GT.json RESULTS.json
"""
import contextlib
import io
import json
import sys
import time

from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


def main(gt_file, results_file):
    cpu, wall = time.process_time(), time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_file)
        dt = gt.loadRes(results_file)
        evaluation = COCOeval(gt, dt, "keypoints")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    stats = [None if s == -1 else float(s) for s in evaluation.stats]
    print(json.dumps({"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall, "stats": stats}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
