"""The script a lossyvision user would otherwise write: PyTorch + Pillow, one thread.

  python3 pytorch_pillow.py export OUT.onnx                      # resnet18, seed 0, to ONNX
  python3 pytorch_pillow.py sweep DIR LEVELS [--fidelity] [--limit N]  # pristine + JPEG levels, top-1
  python3 pytorch_pillow.py codec DIR LEVELS [--limit N]         # Pillow JPEG encode + decode only

Prints one JSON line. `sweep` reports the pristine top-1 class of each image (for the agreement
check); `codec` reports the CPU seconds of its encode/decode loop alone.
"""
import io
import json
import os
import sys
import time

import numpy as np
from PIL import Image


def resnet18():
    import torch
    import torchvision
    torch.manual_seed(0)  # no pretrained weights offline: the same seeded weights on both sides
    return torchvision.models.resnet18(weights=None).eval()


def images(folder, limit):
    names = sorted(n for n in os.listdir(folder) if n.endswith(".png"))
    return [os.path.join(folder, n) for n in names[:limit]]


def jpeg_roundtrip(image, quality):
    buffer = io.BytesIO()
    # optimize=True: Huffman-optimised, as lossyvision's jpeg codec; 4:2:0 is Pillow's default.
    image.save(buffer, "JPEG", quality=quality, optimize=True)
    decoded = Image.open(io.BytesIO(buffer.getvalue()))
    decoded.load()
    return decoded, buffer.tell()


def luma(a):
    a = a.astype(np.float64)
    return 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]


def fidelity(reference, decoded):
    # The measures lossyvision reports: PSNR on RGB, SSIM on luma (Gaussian 11, sigma 1.5).
    from skimage.metrics import peak_signal_noise_ratio, structural_similarity
    a, b = np.asarray(reference), np.asarray(decoded)
    psnr = peak_signal_noise_ratio(a, b, data_range=255)
    ssim = structural_similarity(luma(a), luma(b), gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False, data_range=255)
    return psnr, ssim


def sweep(folder, levels, with_fidelity, limit):
    import torch
    from torchvision import transforms
    torch.set_num_threads(1)
    model = resnet18()
    preprocess = transforms.Compose([
        transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
        transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
    ])
    top1 = lambda image: int(model(preprocess(image).unsqueeze(0)).argmax(1).item())
    pristine = {}
    measured = 0
    with torch.inference_mode():
        for path in images(folder, limit):
            image = Image.open(path).convert("RGB")
            pristine[os.path.basename(path)] = top1(image)
            for quality in levels:
                decoded, _ = jpeg_roundtrip(image, quality)
                if with_fidelity:
                    fidelity(image, decoded)
                    measured += 1
                top1(decoded)
    print(json.dumps({"pristine_top1": pristine, "fidelity_pairs": measured}))


def codec(folder, levels, limit):
    loaded = [Image.open(p).convert("RGB") for p in images(folder, limit)]
    started = time.process_time()
    total = 0
    for image in loaded:
        for quality in levels:
            _, size = jpeg_roundtrip(image, quality)
            total += size
    print(json.dumps({"cpu_s": time.process_time() - started, "bytes": total, "encodes": len(loaded) * len(levels)}))


def main(argv):
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    if argv[0] == "export":
        import torch
        torch.onnx.export(resnet18(), torch.zeros(1, 3, 224, 224), argv[1], opset_version=13,
                          input_names=["image"], output_names=["logits"])
    elif argv[0] == "sweep":
        sweep(argv[1], [int(q) for q in argv[2].split(",")], "--fidelity" in argv, limit)
    elif argv[0] == "codec":
        codec(argv[1], [int(q) for q in argv[2].split(",")], limit)
    else:
        sys.exit(f"unknown mode {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
