#!/usr/bin/env python3
"""Reference vectors for lossyvision's depth metrics.

A float64 numpy implementation of monodepth2's evaluation (evaluate_depth.py: valid mask
min < gt < max, the fractional crop truncated to int, predictions clamped to [min, max],
compute_errors, mean over images) with log10 = mean |log10 gt - log10 pred| (NYU practice) and
the pixel-pooled variant (compute_errors once over all valid pixels of all images). Images
without a valid pixel are skipped (monodepth2 would average in NaN). Depths are random 16-bit
PNGs written with Pillow, value / depth_scale metres, 0 = no ground truth.

    /usr/bin/python3 scripts/reference/depth-eigen.py test/fixtures/depth
"""
import json
import os
import sys

import numpy as np
from PIL import Image

CROPS = {'none': None,
         'garg': [0.40810811, 0.99189189, 0.03594771, 0.96405229],
         'eigen': [0.3324324, 0.91351351, 0.0359477, 0.96405229]}
NAMES = ['absRel', 'sqRel', 'rmse', 'rmseLog', 'log10', 'delta1', 'delta2', 'delta3']


def compute_errors(gt, pred):
    thresh = np.maximum((gt / pred), (pred / gt))
    a1 = (thresh < 1.25).mean()
    a2 = (thresh < 1.25 ** 2).mean()
    a3 = (thresh < 1.25 ** 3).mean()
    rmse = np.sqrt(((gt - pred) ** 2).mean())
    rmse_log = np.sqrt(((np.log(gt) - np.log(pred)) ** 2).mean())
    abs_rel = np.mean(np.abs(gt - pred) / gt)
    sq_rel = np.mean(((gt - pred) ** 2) / gt)
    log10 = np.mean(np.abs(np.log10(gt) - np.log10(pred)))
    return [abs_rel, sq_rel, rmse, rmse_log, log10, a1, a2, a3]


def evaluate(pairs, scale, min_depth, max_depth, crop):
    per_image, all_gt, all_pred = [], [], []
    for pred_raw, gt_raw in pairs:
        gt = gt_raw.astype(np.float64) / scale
        pred = pred_raw.astype(np.float64) / scale
        h, w = gt.shape
        mask = np.logical_and(gt > min_depth, gt < max_depth)
        if CROPS[crop] is not None:
            c = np.array([CROPS[crop][0] * h, CROPS[crop][1] * h, CROPS[crop][2] * w, CROPS[crop][3] * w]).astype(np.int32)
            crop_mask = np.zeros(mask.shape)
            crop_mask[c[0]:c[1], c[2]:c[3]] = 1
            mask = np.logical_and(mask, crop_mask)
        g, p = gt[mask], pred[mask]
        if g.size == 0:
            continue
        p[p < min_depth] = min_depth
        p[p > max_depth] = max_depth
        per_image.append(compute_errors(g, p))
        all_gt.append(g)
        all_pred.append(p)
    mean = np.array(per_image).mean(0)
    pooled = compute_errors(np.concatenate(all_gt), np.concatenate(all_pred))
    out = {n: float(v) for n, v in zip(NAMES, mean)}
    out.update({'pooled' + n[0].upper() + n[1:]: float(v) for n, v in zip(NAMES, pooled)})
    out['images'] = len(per_image)
    out['pixels'] = int(sum(g.size for g in all_gt))
    return out


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, 'gt'), exist_ok=True)
    os.makedirs(os.path.join(out, 'pred'), exist_ok=True)
    rng = np.random.default_rng(1234)
    pairs = []
    for k in range(4):
        h, w = 30, 52
        metres = rng.uniform(0.5, 90.0, (h, w))
        gt = np.round(metres * 256).astype(np.uint16)
        gt[rng.random((h, w)) < 0.4] = 0  # sparse, like projected LiDAR
        if k == 3:
            gt[:] = 0  # no ground truth at all: skipped
        pred_m = metres * np.exp(rng.normal(0, 0.25, (h, w)))
        pred = np.clip(np.round(pred_m * 256), 0, 65535).astype(np.uint16)
        pred[rng.random((h, w)) < 0.02] = 0  # a few zero predictions: clamped to min depth
        Image.fromarray(gt).save(os.path.join(out, 'gt', 'frame_%d.png' % k))
        Image.fromarray(pred).save(os.path.join(out, 'pred', 'frame_%d.png' % k))
        pairs.append((pred, gt))
    settings = [
        {'depthScale': 256, 'minDepthM': 1e-3, 'maxDepthM': 80, 'crop': 'garg'},
        {'depthScale': 256, 'minDepthM': 1e-3, 'maxDepthM': 80, 'crop': 'eigen'},
        {'depthScale': 256, 'minDepthM': 1e-3, 'maxDepthM': None, 'crop': 'none'},
        {'depthScale': 1000, 'minDepthM': 0.5, 'maxDepthM': 10, 'crop': 'none'},
    ]
    cases = []
    for s in settings:
        max_depth = np.inf if s['maxDepthM'] is None else s['maxDepthM']
        cases.append({'options': s, 'expected': evaluate(pairs, s['depthScale'], s['minDepthM'], max_depth, s['crop'])})
    with open(os.path.join(out, 'expected.json'), 'w') as f:
        json.dump({'generator': 'scripts/reference/depth-eigen.py', 'cases': cases}, f, indent=1)


main()
