#!/usr/bin/python3
"""Exports a torchvision detector with the README's recipe (random weights: nothing is downloaded)
and records eager torch's detections on one image, to compare with lossyvision on the same pixels.

    /usr/bin/python3 scripts/reference/torchvision-agreement.py ssdlite OUT_DIR demo/photos/astronaut.png [OPSET]
    node --import tsx scripts/reference/torchvision-agreement.ts OUT_DIR/ssdlite

OUT_DIR/ssdlite.eager.json holds eager torch's boxes (x1, y1, x2, y2), labels and scores; the
second command matches lossyvision's detections of OUT_DIR/ssdlite.onnx against them.
"""
import json
import sys

import torch
import torchvision
from PIL import Image
from torchvision.models import detection
from torchvision.transforms.functional import pil_to_tensor

BUILD = {
    "fasterrcnn": (detection.fasterrcnn_resnet50_fpn, ["boxes", "labels", "scores"]),
    "ssdlite": (detection.ssdlite320_mobilenet_v3_large, ["boxes", "scores", "labels"]),
    "retinanet": (detection.retinanet_resnet50_fpn, ["boxes", "scores", "labels"]),
}

family, out_dir, image_path = sys.argv[1], sys.argv[2], sys.argv[3]
opset = int(sys.argv[4]) if len(sys.argv) > 4 else 11
torch.manual_seed(0)
build, names = BUILD[family]
model = build(weights=None, weights_backbone=None).eval()
# Random weights score every class alike (1/91) and ties make the top-k arbitrary, so eager and
# exported graphs would keep different boxes: the heads are re-drawn wider, so scores differ.
with torch.no_grad():
    for name, p in model.named_parameters():
        if "head" in name:
            p.normal_(0, 0.5)
# Random weights score everything low: keep what the heads give so there is something to compare.
if hasattr(model, "roi_heads"):
    model.roi_heads.score_thresh = 0.0
else:
    model.score_thresh = 0.0
# The pixels lossyvision decodes: PIL's RGB, scaled to 0–1 as torchvision's detection models take.
x = pil_to_tensor(Image.open(image_path).convert("RGB")).float() / 255
with torch.no_grad():
    eager = model([x])[0]
onnx_file = f"{out_dir}/{family}.onnx"
torch.onnx.export(model, ([torch.rand(3, 800, 800)],), onnx_file, opset_version=opset,
                  input_names=["image"], output_names=names,
                  dynamic_axes={"image": {1: "height", 2: "width"}, **{n: {0: "detections"} for n in names}})
json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "opset": opset, "image": image_path,
           **{k: v.tolist() for k, v in eager.items()}}, open(f"{out_dir}/{family}.eager.json", "w"))
print(onnx_file)
