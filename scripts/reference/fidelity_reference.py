#!/usr/bin/python3
"""Reference PSNR and SSIM values for test/fidelity, computed with scikit-image.

Run from the repository root with Debian's python3-skimage (apt install python3-skimage):
    /usr/bin/python3 scripts/reference/fidelity_reference.py > test/fixtures/fidelity/reference.json

Images are read the way lossyvision decodes them (stored pixels, no ICC, no EXIF rotation):
PIL's Image.open(f).convert('RGB'). The sha256 of each decoded RGB buffer is recorded so the
test can prove both sides compared the same pixels. Luma is Y = 0.299 R + 0.587 G + 0.114 B in
float64, unrounded.
"""
import hashlib
import io
import json
import sys

import numpy as np
import skimage
from PIL import Image
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

PAIRS = [
    ("demo/photos/astronaut.png", "test/fixtures/fidelity/astronaut-jpeg-q10.jpg"),
    ("demo/photos/chelsea.png", "test/fixtures/fidelity/chelsea-webp-q30.webp"),
    ("demo/photos/coffee.png", "test/fixtures/fidelity/coffee-jpeg-q50-444.jpg"),
    ("demo/photos/rocket.jpg", "test/fixtures/fidelity/rocket-mozjpeg-q20.jpg"),
]


def rgb(path):
    return np.asarray(Image.open(path).convert("RGB"))


def luma(a):
    a = a.astype(np.float64)
    return 0.299 * a[..., 0] + 0.587 * a[..., 1] + 0.114 * a[..., 2]


# Pillow's JPEG at these qualities (optimize=True, default 4:2:0): lossyvision's jpeg codec
# must decode to the very same pixels, so its quality numbers mean what the literature means.
PILLOW_JPEG = [("demo/photos/astronaut.png", q) for q in (5, 10, 50, 75, 95)]


def pillow_jpeg(path, quality):
    buffer = io.BytesIO()
    Image.open(path).convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
    data = buffer.getvalue()
    decoded = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    return {"image": path, "quality": quality, "bytes": len(data),
            "decodedSha256": hashlib.sha256(decoded.tobytes()).hexdigest()}


def main():
    out = {"skimage": skimage.__version__, "numpy": np.__version__, "pairs": []}
    for ref_path, dist_path in PAIRS:
        ref, dist = rgb(ref_path), rgb(dist_path)
        ssim = structural_similarity(
            luma(ref), luma(dist), gaussian_weights=True, sigma=1.5,
            use_sample_covariance=False, data_range=255,
        )
        out["pairs"].append({
            "reference": ref_path,
            "distorted": dist_path,
            "referenceSha256": hashlib.sha256(ref.tobytes()).hexdigest(),
            "distortedSha256": hashlib.sha256(dist.tobytes()).hexdigest(),
            "psnr": float(peak_signal_noise_ratio(ref, dist, data_range=255)),
            "ssim": float(ssim),
        })
    out["pillowJpeg"] = [pillow_jpeg(path, q) for path, q in PILLOW_JPEG]
    out["pillow"] = Image.__version__
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
