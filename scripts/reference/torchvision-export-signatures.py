#!/usr/bin/python3
"""The real ONNX input/output signatures of torchvision's detection and keypoint exports.

Run from the repository root with Debian's python3-torch, python3-torchvision and python3-onnx
(apt install python3-torchvision python3-onnx); nothing is downloaded (random weights):
    /usr/bin/python3 scripts/reference/torchvision-export-signatures.py > test/fixtures/torchvision-exports/signatures.json

Each model is exported the ways users do: without output names (torch.onnx.export's defaults,
what `torch.onnx.export(model, [x], "m.onnx", opset_version=11)` gives), with the README's recipe
(input/output names and dynamic axes), and, for Faster R-CNN, as torchvision's docstring does it
(a list of two images: a graph with two inputs). Only the signatures are kept: names, order,
element types and shapes (a string is a symbolic, dynamic axis). The tests build torch-free
graphs with these signatures (test/models/adapters/torchvision-graphs.ts) and check them
against this file.
"""
import io
import json
import sys

import onnx
import torch
import torchvision
from torchvision.models import detection

torch.manual_seed(0)

ELEM = {onnx.TensorProto.FLOAT: "float32", onnx.TensorProto.INT64: "int64", onnx.TensorProto.INT32: "int32", onnx.TensorProto.BOOL: "bool"}

# Output names per family in torchvision's own order (what the model's forward returns).
FAMILIES = {
    "fasterrcnn": (detection.fasterrcnn_resnet50_fpn, ["boxes", "labels", "scores"]),
    "retinanet": (detection.retinanet_resnet50_fpn, ["boxes", "scores", "labels"]),
    "ssd": (detection.ssd300_vgg16, ["boxes", "scores", "labels"]),
    "ssdlite": (detection.ssdlite320_mobilenet_v3_large, ["boxes", "scores", "labels"]),
    "keypointrcnn": (detection.keypointrcnn_resnet50_fpn, ["boxes", "labels", "scores", "keypoints", "keypoints_scores"]),
}


def signature(values):
    out = []
    for v in values:
        t = v.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in t.shape.dim]
        out.append({"name": v.name, "type": ELEM.get(t.elem_type, str(t.elem_type)), "dims": dims})
    return out


def export(model, args, **kwargs):
    buffer = io.BytesIO()
    torch.onnx.export(model, args, buffer, opset_version=kwargs.pop("opset", 11), **kwargs)
    graph = onnx.load_from_string(buffer.getvalue()).graph
    initializers = {i.name for i in graph.initializer}
    inputs = [i for i in graph.input if i.name not in initializers]
    return {"inputs": signature(inputs), "outputs": signature(graph.output)}


def main():
    result = {
        "generator": "scripts/reference/torchvision-export-signatures.py",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "onnx": onnx.__version__,
        "opset": 11,
        "families": {},
    }
    for family, (build, order) in FAMILIES.items():
        print(f"exporting {family}", file=sys.stderr)
        model = build(weights=None, weights_backbone=None).eval()
        # A random network still answers; a low threshold keeps detections in the traced graph.
        if hasattr(model, "roi_heads"):
            model.roi_heads.score_thresh = 0.0
        if hasattr(model, "score_thresh"):
            model.score_thresh = 0.0
        x = torch.rand(3, 320, 320)
        with torch.no_grad():
            answer = model([x])[0]
        entry = {
            "forwardOrder": list(answer.keys()),
            "plain": export(model, ([x],)),
            "recipe": export(
                model, ([x],),
                input_names=["image"], output_names=order,
                dynamic_axes={"image": {1: "height", 2: "width"}, **{name: {0: "detections"} for name in order}},
            ),
        }
        assert entry["forwardOrder"] == order, (family, entry["forwardOrder"])
        if family == "fasterrcnn":
            # torchvision's docstring recipe: a list of two images makes a graph with two inputs.
            entry["docstringTwoImages"] = export(model, ([torch.rand(3, 300, 400), torch.rand(3, 500, 400)],))
        result["families"][family] = entry
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
