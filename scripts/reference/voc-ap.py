#!/usr/bin/env python3
"""Reference vectors for lossyvision's VOC07/VOC12 detection AP.

Generates synthetic VOC cases (difficult objects, duplicate detections, classes with no ground
truth, classes with no detections, classes with only difficult objects), writes them in the
devkit's on-disk layout (Annotations/*.xml, one detection file per class) and scores them with
py-faster-rcnn's lib/datasets/voc_eval.py, which is NOT part of this repository: pass the path of
a local copy (ported to Python 3: cPickle->pickle, print(), np.bool->bool).

    /usr/bin/python3 scripts/reference/voc-ap.py /tmp/voc_eval.py > test/fixtures/voc/vectors.json

Cases where voc_eval.py and the MATLAB devkit disagree are regenerated, so the vectors hold for
both: an IoU of exactly 0.5 (devkit: >=, voc_eval.py: >), tied scores (stable vs quicksort), a
recall of exactly 0.3/0.6/0.7 (np.arange thresholds), a NaN precision (leading difficult match).
A class with no non-difficult ground truth is recorded as null (voc_eval.py divides by zero);
a class with no detections is scored by voc_ap on empty arrays (voc_eval.py cannot index them).
"""
import importlib.util
import json
import os
import sys
import tempfile

import numpy as np

spec = importlib.util.spec_from_file_location('voc_eval', sys.argv[1])
voc_eval = importlib.util.module_from_spec(spec)
spec.loader.exec_module(voc_eval)


def iou_inclusive(a, b):
    iw = min(a[2], b[2]) - max(a[0], b[0]) + 1.0
    ih = min(a[3], b[3]) - max(a[1], b[1]) + 1.0
    if iw <= 0 or ih <= 0:
        return 0.0
    ua = (a[2] - a[0] + 1.0) * (a[3] - a[1] + 1.0) + (b[2] - b[0] + 1.0) * (b[3] - b[1] + 1.0) - iw * ih
    return iw * ih / ua


def coco_to_inclusive(box):
    x, y, w, h = box
    return [x + 1.0, y + 1.0, x + w, y + h]


def make_case(rng, name, n_images, classes, p_difficult, det_per_gt, n_fp, no_det_classes, no_gt_classes):
    images = []
    dets = []
    for i in range(n_images):
        width, height = int(rng.integers(120, 400)), int(rng.integers(120, 400))
        objects = []
        for c in classes:
            if c in no_gt_classes:
                continue
            for _ in range(int(rng.integers(0, 4))):
                w, h = int(rng.integers(8, width // 2)), int(rng.integers(8, height // 2))
                xmin, ymin = int(rng.integers(1, width - w)), int(rng.integers(1, height - h))
                objects.append({'name': c, 'bbox': [xmin, ymin, xmin + w - 1, ymin + h - 1],
                                'difficult': bool(rng.random() < p_difficult)})
        images.append({'id': '%06d' % (i + 1), 'width': width, 'height': height, 'objects': objects})
        for o in objects:
            if o['name'] in no_det_classes:
                continue
            xmin, ymin, xmax, ymax = o['bbox']
            for _ in range(int(rng.poisson(det_per_gt))):
                j = rng.normal(0, 0.12 * (xmax - xmin + 1), 4)
                x = round(xmin - 1 + j[0], 1)
                y = round(ymin - 1 + j[1], 1)
                w = round(max(2.0, xmax - xmin + 1 + j[2]), 1)
                h = round(max(2.0, ymax - ymin + 1 + j[3]), 1)
                dets.append({'image_id': images[-1]['id'], 'category': o['name'], 'bbox': [x, y, w, h]})
        for _ in range(int(rng.poisson(n_fp))):
            c = classes[int(rng.integers(0, len(classes)))]
            if c in no_det_classes:
                continue
            w, h = round(rng.uniform(5, width / 2), 1), round(rng.uniform(5, height / 2), 1)
            x, y = round(rng.uniform(0, width - w), 1), round(rng.uniform(0, height - h), 1)
            dets.append({'image_id': images[-1]['id'], 'category': c, 'bbox': [x, y, w, h]})
    # Unique scores (no ties), rounded so JSON round-trips them exactly.
    scores = rng.permutation(len(dets) * 7 + 11)[: len(dets)] / (len(dets) * 7 + 11)
    for d, s in zip(dets, scores):
        d['score'] = round(float(s) * 0.98 + 0.01, 6)
    assert len({d['score'] for d in dets}) == len(dets)
    return {'name': name, 'classes': classes, 'images': images, 'detections': dets}


def ambiguous_iou(case):
    by_image = {im['id']: im for im in case['images']}
    for d in case['detections']:
        bb = coco_to_inclusive(d['bbox'])
        for o in by_image[d['image_id']]['objects']:
            if o['name'] == d['category'] and abs(iou_inclusive(bb, o['bbox']) - 0.5) < 1e-9:
                return True
    return False


def write_xml(path, im):
    parts = ['<annotation>', '<filename>%s.jpg</filename>' % im['id'],
             '<size><width>%d</width><height>%d</height><depth>3</depth></size>' % (im['width'], im['height'])]
    for o in im['objects']:
        parts.append('<object><name>%s</name><pose>Unspecified</pose><truncated>0</truncated>'
                     '<difficult>%d</difficult><bndbox><xmin>%d</xmin><ymin>%d</ymin><xmax>%d</xmax>'
                     '<ymax>%d</ymax></bndbox></object>' % ((o['name'], int(o['difficult'])) + tuple(o['bbox'])))
    parts.append('</annotation>')
    with open(path, 'w') as f:
        f.write('\n'.join(parts))


def score(case):
    """Returns {protocol: {perClass, mAP}} or None when the case is ambiguous between implementations."""
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, 'Annotations'))
        for im in case['images']:
            write_xml(os.path.join(tmp, 'Annotations', im['id'] + '.xml'), im)
        with open(os.path.join(tmp, 'set.txt'), 'w') as f:
            f.write('\n'.join(im['id'] for im in case['images']) + '\n')
        for c in case['classes']:
            with open(os.path.join(tmp, 'det_%s.txt' % c), 'w') as f:
                for d in case['detections']:
                    if d['category'] == c:
                        f.write('%s %r %s\n' % (d['image_id'], d['score'], ' '.join(repr(v) for v in coco_to_inclusive(d['bbox']))))
        out = {}
        for protocol, use07 in (('voc07', True), ('voc12', False)):
            per_class = {}
            for c in case['classes']:
                npos = sum(1 for im in case['images'] for o in im['objects'] if o['name'] == c and not o['difficult'])
                has_dets = any(d['category'] == c for d in case['detections'])
                if npos == 0:
                    per_class[c] = None
                    continue
                if not has_dets:
                    per_class[c] = float(voc_eval.voc_ap(np.array([]), np.array([]), use07))
                    continue
                rec, prec, ap = voc_eval.voc_eval(os.path.join(tmp, 'det_{:s}.txt'), os.path.join(tmp, 'Annotations', '{:s}.xml'),
                                                  os.path.join(tmp, 'set.txt'), c, os.path.join(tmp, 'cache'), 0.5, use07)
                if np.isnan(ap) or np.any(np.isnan(prec)) or np.any(np.isin(rec, [0.3, 0.6, 0.7])):
                    return None
                per_class[c] = float(ap)
            defined = [v for v in per_class.values() if v is not None]
            out[protocol] = {'perClass': per_class, 'mAP': float(np.mean(defined)) if defined else None}
        return out


def main():
    specs = [
        ('basic', 6, ['cat', 'dog', 'person'], 0.2, 1.2, 1.0, [], []),
        ('many-duplicates', 8, ['car', 'bus'], 0.15, 2.5, 0.5, [], []),
        ('empty-classes', 10, ['bird', 'boat', 'bottle', 'chair'], 0.2, 1.0, 1.5, ['boat'], ['bottle']),
        ('dense', 25, ['aeroplane', 'bicycle', 'cow', 'horse', 'sheep'], 0.25, 1.5, 2.0, [], []),
        ('mostly-difficult', 12, ['tvmonitor', 'sofa'], 0.6, 1.3, 1.0, [], []),
        ('sparse', 15, ['train', 'pottedplant', 'diningtable'], 0.1, 0.8, 0.3, [], []),
    ]
    cases = []
    rng = np.random.default_rng(20200113)
    for spec in specs:
        for attempt in range(200):
            case = make_case(rng, *spec)
            if ambiguous_iou(case):
                continue
            expected = score(case)
            if expected is None:
                continue
            case['expected'] = expected
            cases.append(case)
            break
        else:
            raise SystemExit('could not make an unambiguous case for ' + spec[0])
    json.dump({'generator': 'scripts/reference/voc-ap.py', 'reference': 'py-faster-rcnn lib/datasets/voc_eval.py',
               'cases': cases}, sys.stdout, separators=(',', ':'))


main()
