#!/usr/bin/env python3
"""Reference vectors for lossyvision's segmentation metrics.

An independent numpy implementation of the published definitions, in mmseg's style (per-image
intersect/union histograms summed over the dataset; mIoU over classes with TP+FP+FN > 0, NaN
classes dropped by nanmean), plus FCN's frequency-weighted IoU. Label maps are random and
written as PNGs with Pillow: ground truth as palette PNGs (the reader must return indices),
predictions as 8-bit grayscale; a second set uses 16-bit grayscale with 300 classes.

    /usr/bin/python3 scripts/reference/segmentation-miou.py test/fixtures/segmentation
"""
import json
import os
import sys

import numpy as np
from PIL import Image


def intersect_and_union(pred, label, num_classes, ignore_index):
    mask = label != ignore_index
    pred, label = pred[mask], label[mask]
    intersect = pred[pred == label]
    bins = np.arange(num_classes + 1)
    area_intersect = np.histogram(intersect, bins=bins)[0].astype(np.float64)
    area_pred = np.histogram(pred, bins=bins)[0].astype(np.float64)
    area_label = np.histogram(label, bins=bins)[0].astype(np.float64)
    return area_intersect, area_pred + area_label - area_intersect, area_pred, area_label


def none_if_nan(x):
    return None if np.isnan(x) else float(x)


def scores(pairs, num_classes, ignore_index):
    ai = np.zeros(num_classes); au = np.zeros(num_classes); ap = np.zeros(num_classes); al = np.zeros(num_classes)
    for pred, label in pairs:
        i, u, p, l = intersect_and_union(pred, label, num_classes, ignore_index)
        ai += i; au += u; ap += p; al += l
    with np.errstate(divide='ignore', invalid='ignore'):
        iou = ai / au            # NaN where TP+FP+FN == 0
        acc = ai / al            # NaN where the class has no ground-truth pixels
    gt = al > 0
    freq = al / al.sum()
    return {
        'globalAcc': float(ai.sum() / al.sum()),
        'meanAcc': float(np.nanmean(acc)),
        'mIoU': float(np.nanmean(iou)),
        'mIoUGtClasses': float(np.mean(iou[gt])),
        'fwIoU': float((freq[gt] * iou[gt]).sum()),
        'perClassIoU': [none_if_nan(v) for v in iou],
        'perClassAcc': [none_if_nan(v) for v in acc],
    }


def noisy_prediction(rng, gt, num_classes, flip, absent):
    pred = np.where(gt >= num_classes, rng.integers(0, num_classes, gt.shape), gt)
    noise = rng.random(gt.shape) < flip
    pred = np.where(noise, rng.integers(0, num_classes, gt.shape), pred)
    return np.where(np.isin(pred, absent), 0, pred)


def make_set(rng, out, name, n, num_classes, ignore_index, gt_absent, pred_absent, sixteen_bit):
    os.makedirs(os.path.join(out, name, 'gt'), exist_ok=True)
    os.makedirs(os.path.join(out, name, 'pred'), exist_ok=True)
    pairs = []
    for k in range(n):
        h, w = int(rng.integers(9, 24)), int(rng.integers(9, 24))
        # Blocky ground truth (regions, like real masks) with a sprinkle of ignore pixels.
        coarse = rng.integers(0, num_classes, (h // 4 + 1, w // 4 + 1))
        gt = np.kron(coarse, np.ones((4, 4), dtype=np.int64))[:h, :w]
        gt = np.where(np.isin(gt, gt_absent), 0, gt)
        gt = np.where(rng.random((h, w)) < 0.05, ignore_index, gt)
        pred = noisy_prediction(rng, gt, num_classes, 0.3, pred_absent)
        file = 'img_%02d.png' % k
        if sixteen_bit:
            Image.fromarray(gt.astype(np.uint16)).save(os.path.join(out, name, 'gt', file))
            Image.fromarray(pred.astype(np.uint16)).save(os.path.join(out, name, 'pred', file))
        else:
            im = Image.fromarray(gt.astype(np.uint8), mode='L').convert('P')
            # A palette whose colours are NOT the indices, so reading colours would fail the test.
            im.putpalette([(37 * i) % 256 for i in range(768)])
            im.save(os.path.join(out, name, 'gt', file))
            Image.fromarray(pred.astype(np.uint8), mode='L').save(os.path.join(out, name, 'pred', file))
        pairs.append((pred, gt))
    return {'numClasses': num_classes, 'ignoreIndex': ignore_index, 'expected': scores(pairs, num_classes, ignore_index)}


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(2020)
    sets = {
        # class 6 predicted but never in ground truth (mIoU ≠ mIoUGtClasses); class 7 nowhere.
        'palette': make_set(rng, out, 'palette', 5, 8, 255, [6, 7], [7], False),
        'sixteen-bit': make_set(rng, out, 'sixteen-bit', 3, 300, 65535, [], [], True),
    }
    with open(os.path.join(out, 'expected.json'), 'w') as f:
        json.dump({'generator': 'scripts/reference/segmentation-miou.py', 'sets': sets}, f, indent=1)


main()
