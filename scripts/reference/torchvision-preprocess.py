#!/usr/bin/env python3
"""Reference tensors for lossyvision's preprocessing presets, computed by the frameworks themselves.

Run with Debian's Python (torch 1.13, torchvision 0.14, PIL 9.4, OpenCV 4.6; apt-get install
python3-torchvision python3-opencv):

    /usr/bin/python3 scripts/reference/torchvision-preprocess.py vectors test/fixtures/preprocess/reference.json
    /usr/bin/python3 scripts/reference/torchvision-preprocess.py models OUT_DIR

`vectors` writes, for every photo in demo/photos (and the two street frames in demo/frames as a
video clip), what each preset feeds the network: the sha256 of the 8-bit pixels after resize and
crop (uint8 HWC, or T·HWC for a clip), a few hundred of those pixels, and the normalised float32
tensor's per-channel sums and samples. Pixels are compared exactly where the framework is
deterministic (PIL, torch), within one level where it is OpenCV's fixed-point resize.

`models` exports randomly initialised torchvision models (no pre-trained weights can be
downloaded here; seeds fixed) with torch.onnx.export, and writes what eager PyTorch answers on the
same photos: resnet18 logits on the `torchvision` classification tensor, and LR-ASPP
MobileNetV3 label maps (logits bilinearly resized to the photo, then argmax; its batch-norm
statistics are gathered on the photos so that the map follows the content). The tests build
these into a temporary folder; the models are never committed.

Presets, as the frameworks publish them:
- torchvision classification (ResNet weights' transforms()): PIL Resize(256) bilinear,
  CenterCrop(224), ToTensor, Normalize(ImageNet).
- torchvision segmentation (SemanticSegmentation(resize_size=520)): PIL Resize(520) bilinear,
  ToTensor, Normalize(ImageNet).
- torchvision video (VideoClassification(crop_size=(112, 112), resize_size=(128, 171))): uint8
  tensor frames, F.resize bilinear without antialias, center_crop, /255, Normalize(Kinetics).
- torchvision detection: ToTensor (0-1 RGB at the image's own size; the model resizes inside).
- timm (transforms_imagenet_eval, timm is not installed so its few lines are written out here):
  crop_pct 0.875 -> Resize(floor(224 / 0.875) = 256, BICUBIC), CenterCrop(224), ToTensor,
  Normalize(ImageNet).
- ultralytics (LetterBox as model.predict runs it for a fixed 640 input; ultralytics is not
  installed, its few lines are written out here): r = min(640 / h, 640 / w), cv2.resize to
  (round(w r), round(h r)) INTER_LINEAR, pad 114 with round(d - 0.1) / round(d + 0.1), /255;
  and cv2.resize alone at a few reducing sizes (`opencv-resize`, pixels only).
"""
import hashlib
import json
import math
import os
import random
import sys

import cv2
import numpy as np
import PIL
import torch
import torchvision
import torchvision.transforms as T
import torchvision.transforms.functional as F
from PIL import Image
from torchvision.transforms._presets import VideoClassification

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg']
CLIP = ['pedestrians-040s.png', 'pedestrians-070s.png']
IMAGENET = dict(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
KINETICS = dict(mean=[0.43216, 0.394666, 0.37645], std=[0.22803, 0.22145, 0.216989])
PIXEL_SAMPLES = 256
ULTRALYTICS_SAMPLES = 1500
TENSOR_SAMPLES = 64


def photo(name, folder='photos'):
    return Image.open(os.path.join(ROOT, 'demo', folder, name)).convert('RGB')


def sha(array):
    return hashlib.sha256(np.ascontiguousarray(array, dtype=np.uint8).tobytes()).hexdigest()


def pixel_record(hwc, samples, rng):
    """uint8 [.., H, W, 3]: checksum and sampled pixels [index, r, g, b] over the flattened pixels."""
    flat = hwc.reshape(-1, 3)
    picks = sorted(rng.sample(range(flat.shape[0]), min(samples, flat.shape[0])))
    return {
        'shape': list(hwc.shape),
        'sha256': sha(hwc),
        'samples': [[i, *map(int, flat[i])] for i in picks],
    }


def tensor_record(t, rng):
    """float32 tensor with a channel axis of 3 at `axis` 0 (CHW or CTHW): per-channel sums, samples."""
    arr = t.detach().numpy().astype(np.float32)
    flat = arr.reshape(-1)
    picks = sorted(rng.sample(range(flat.shape[0]), TENSOR_SAMPLES))
    return {
        'dims': list(arr.shape),
        'channelSums': [float(arr[c].astype(np.float64).sum()) for c in range(3)],
        'samples': [[i, float(flat[i])] for i in picks],
    }


def torchvision_classification(img):
    pixels = T.CenterCrop(224)(T.Resize(256)(img))
    tensor = T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize(**IMAGENET)])(img)
    return np.asarray(pixels), tensor


def timm_classification(img):
    scale_size = math.floor(224 / 0.875)
    resize = T.Resize(scale_size, interpolation=T.InterpolationMode.BICUBIC)
    pixels = T.CenterCrop(224)(resize(img))
    tensor = T.Compose([resize, T.CenterCrop(224), T.ToTensor(), T.Normalize(**IMAGENET)])(img)
    return np.asarray(pixels), tensor


def torchvision_segmentation(img):
    pixels = T.Resize(520)(img)
    tensor = T.Compose([T.Resize(520), T.ToTensor(), T.Normalize(**IMAGENET)])(img)
    return np.asarray(pixels), tensor


def torchvision_detection(img):
    return np.asarray(img), T.ToTensor()(img)


def ultralytics_letterbox(img, new_shape=(640, 640), color=(114, 114, 114)):
    im = np.asarray(img)
    shape = im.shape[:2]
    r = min(new_shape[0] / shape[0], new_shape[1] / shape[1])
    new_unpad = int(round(shape[1] * r)), int(round(shape[0] * r))
    dw, dh = (new_shape[1] - new_unpad[0]) / 2, (new_shape[0] - new_unpad[1]) / 2
    if shape[::-1] != new_unpad:
        im = cv2.resize(im, new_unpad, interpolation=cv2.INTER_LINEAR)
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    im = cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=color)
    tensor = torch.from_numpy(np.ascontiguousarray(im.transpose(2, 0, 1))).float() / 255
    return im, tensor


def torchvision_video(frames):
    """frames: PIL images of one size -> (uint8 [T, 112, 112, 3], float [3, T, 112, 112])."""
    vid = torch.stack([F.pil_to_tensor(f) for f in frames])  # [T, 3, H, W] uint8
    preset = VideoClassification(crop_size=(112, 112), resize_size=(128, 171))
    tensor = preset(vid)
    pixels = F.center_crop(F.resize(vid, [128, 171], interpolation=T.InterpolationMode.BILINEAR), [112, 112])
    again = F.normalize(F.convert_image_dtype(pixels, torch.float), **KINETICS).permute(1, 0, 2, 3)
    assert torch.equal(again, tensor), 'the uint8 frames are not the ones the preset normalises'
    return pixels.permute(0, 2, 3, 1).numpy(), tensor


PRESETS = {
    'torchvision-classification': torchvision_classification,
    'timm-classification': timm_classification,
    'torchvision-segmentation': torchvision_segmentation,
    'torchvision-detection': torchvision_detection,
    'ultralytics-detection': ultralytics_letterbox,
}


def vectors(out_file):
    rng = random.Random(12)
    cases = []
    for preset, transform in PRESETS.items():
        for name in PHOTOS:
            img = photo(name)
            pixels, tensor = transform(img)
            samples = ULTRALYTICS_SAMPLES if preset.startswith('ultralytics') else PIXEL_SAMPLES
            cases.append({
                'preset': preset,
                'images': [f'demo/photos/{name}'],
                'source': [{'width': img.width, 'height': img.height, 'sha256': sha(np.asarray(img))}],
                'pixels': pixel_record(pixels, samples, rng),
                'tensor': tensor_record(tensor, rng),
            })
    clips = [[photo(n, 'frames') for n in CLIP]] + [[photo(n)] for n in PHOTOS]
    for frames in clips:
        pixels, tensor = torchvision_video(frames)
        names = [f'demo/frames/{n}' for n in CLIP] if len(frames) == 2 else [f'demo/photos/{PHOTOS[clips.index(frames) - 1]}']
        cases.append({
            'preset': 'torchvision-video',
            'images': names,
            'source': [{'width': f.width, 'height': f.height, 'sha256': sha(np.asarray(f))} for f in frames],
            'pixels': pixel_record(pixels, PIXEL_SAMPLES, rng),
            'tensor': tensor_record(tensor, rng),
        })
    # cv2.resize(INTER_LINEAR) alone, where the letterboxes above only enlarge: reductions, and the
    # exact halving that OpenCV hands to INTER_AREA.
    for name, size in [('astronaut.png', (333, 211)), ('astronaut.png', (256, 256)), ('coffee.png', (300, 200)), ('chelsea.png', (171, 128))]:
        img = photo(name)
        pixels = cv2.resize(np.asarray(img), size, interpolation=cv2.INTER_LINEAR)
        cases.append({
            'preset': 'opencv-resize',
            'images': [f'demo/photos/{name}'],
            'source': [{'width': img.width, 'height': img.height, 'sha256': sha(np.asarray(img))}],
            'pixels': pixel_record(pixels, PIXEL_SAMPLES, rng),
        })
    doc = {
        'generator': 'scripts/reference/torchvision-preprocess.py',
        'versions': {'torch': torch.__version__, 'torchvision': torchvision.__version__, 'PIL': PIL.__version__, 'cv2': cv2.__version__},
        'cases': cases,
    }
    os.makedirs(os.path.dirname(os.path.abspath(out_file)), exist_ok=True)
    with open(out_file, 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
        f.write('\n')


def models(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    resnet = torchvision.models.resnet18(weights=None).eval()
    dummy = torch.zeros(1, 3, 224, 224)
    torch.onnx.export(resnet, dummy, os.path.join(out_dir, 'resnet18.onnx'), opset_version=13,
                      input_names=['image'], output_names=['logits'])
    logits = {}
    with torch.no_grad():
        for name in PHOTOS:
            _, tensor = torchvision_classification(photo(name))
            logits[name] = resnet(tensor.unsqueeze(0))[0].tolist()
    torch.manual_seed(0)
    seg = torchvision.models.segmentation.lraspp_mobilenet_v3_large(weights=None, weights_backbone=None, num_classes=21)
    # Random weights with batch-norm statistics left at 0 / 1 answer nearly the same map whatever the
    # image; statistics gathered on the photos (a cumulative average, so deterministic) make the
    # label map follow the content, so a wrong resize or resampling shows.
    for m in seg.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    seg.train()
    with torch.no_grad():
        for name in PHOTOS:
            seg(torchvision_segmentation(photo(name))[1].unsqueeze(0))
    seg.eval()

    class Out(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, x):
            return self.model(x)['out']

    # eval() on the wrapper too: export restores the wrapper's training flag, recursively.
    torch.onnx.export(Out(seg).eval(), torch.zeros(1, 3, 520, 520), os.path.join(out_dir, 'lraspp.onnx'), opset_version=13,
                      input_names=['image'], output_names=['out'], dynamic_axes={'image': {2: 'height', 3: 'width'}, 'out': {2: 'height', 3: 'width'}})
    masks = {}
    assert not seg.training and not resnet.training
    with torch.no_grad():
        for name in PHOTOS:
            img = photo(name)
            _, tensor = torchvision_segmentation(img)
            out = seg(tensor.unsqueeze(0))['out']
            # Back to the photo before the argmax, as the segmentation references' F.interpolate.
            full = torch.nn.functional.interpolate(out, size=(img.height, img.width), mode='bilinear', align_corners=False)
            labels = full.argmax(1)[0].numpy().astype(np.uint8)
            labels.tofile(os.path.join(out_dir, f'lraspp-{name}.u8'))
            masks[name] = {'width': img.width, 'height': img.height, 'file': f'lraspp-{name}.u8'}
    with open(os.path.join(out_dir, 'reference.json'), 'w') as f:
        json.dump({'versions': {'torch': torch.__version__, 'torchvision': torchvision.__version__}, 'resnet18': logits, 'lraspp': masks}, f)


if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[1] not in ('vectors', 'models'):
        sys.exit(__doc__)
    (vectors if sys.argv[1] == 'vectors' else models)(sys.argv[2])
